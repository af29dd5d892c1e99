"""The data migrations that split identity details recorded as free text (subjects 0004, families 0004,
practitioners 0005): old rows are split on a best-effort basis and keep the text as first recorded; going
back fills the old columns of rows entered in parts, so nobody's name is lost either way."""

from __future__ import annotations

import pytest

from safeguarding_reviews.families.models import FamilyMemberIdentity
from safeguarding_reviews.practitioners.models import PractitionerIdentity
from safeguarding_reviews.subjects.models import SubjectIdentity

BEFORE = [
    ("subjects", "0002_identitygrant"),
    ("families", "0002_member_removal"),
    ("practitioners", "0003_draft_version"),
]


def _migrate(targets):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_old_free_text_is_split_and_kept(world):
    officer = world.people["business_unit_officer"]
    apps = _migrate(BEFORE)
    try:
        subject = apps.get_model("subjects", "Subject")
        child = subject.objects.create(
            case_id=world.case.pk, kind="child", label="Child Q", created_by_id=officer.pk
        )
        apps.get_model("subjects", "SubjectIdentity").objects.create(
            subject=child,
            full_name="Jayden (Jay) Synthname",
            other_names="JJ, Jayjay",
            address="Flat 3\n10 Synthetic Avenue\nNorthbridge\nnb1 2ab",
            school="St Synthetic's Primary School",
            nhs_number="9434765919",
        )
        mother = subject.objects.create(
            case_id=world.case.pk,
            kind="household_member",
            label="Mother of Child Q",
            created_by_id=officer.pk,
        )
        apps.get_model("subjects", "SubjectIdentity").objects.create(
            subject=mother, full_name="SYNTHNAME, Amy"
        )
        member = apps.get_model("families", "FamilyMember").objects.create(
            case_id=world.case.pk, relationship="grandparent", created_by_id=officer.pk
        )
        apps.get_model("families", "FamilyMemberIdentity").objects.create(
            member=member, full_name="Synthetic Grandparentname", address="2 Synthetic Lane, Testtown"
        )
        practitioner = apps.get_model("practitioners", "Practitioner").objects.create(
            case_id=world.case.pk, agency_id=world.agency.pk, role="GP", created_by_id=officer.pk
        )
        apps.get_model("practitioners", "PractitionerIdentity").objects.create(
            practitioner=practitioner, full_name="Dr Ade Synthdoctor", work_email="gp@agency.example"
        )
    finally:
        _latest()

    child_identity = SubjectIdentity.objects.get(subject_id=child.pk)
    assert (child_identity.first_names, child_identity.last_name) == ("Jayden", "Synthname")
    assert child_identity.known_as == ["Jay", "JJ", "Jayjay"] and child_identity.initials == []
    assert (child_identity.address_line_1, child_identity.town, child_identity.postcode) == (
        "Flat 3, 10 Synthetic Avenue",
        "Northbridge",
        "NB1 2AB",
    )
    assert (
        child_identity.schools == ["St Synthetic's Primary School"]
        and child_identity.nhs_number == "9434765919"
    )
    # The text as first recorded is kept, unchanged, for the business unit to check the split against.
    assert child_identity.name_as_recorded == "Jayden (Jay) Synthname"
    assert child_identity.other_names_as_recorded == "JJ, Jayjay"
    assert child_identity.address_as_recorded == "Flat 3\n10 Synthetic Avenue\nNorthbridge\nnb1 2ab"
    mother_identity = SubjectIdentity.objects.get(subject_id=mother.pk)
    assert (mother_identity.first_names, mother_identity.last_name) == ("Amy", "SYNTHNAME")
    assert mother_identity.address_lines == [] and mother_identity.schools == []

    member_identity = FamilyMemberIdentity.objects.get(member_id=member.pk)
    assert (member_identity.first_names, member_identity.last_name) == ("Synthetic", "Grandparentname")
    assert (member_identity.address_line_1, member_identity.town, member_identity.postcode) == (
        "2 Synthetic Lane",
        "Testtown",
        "",
    )
    assert member_identity.name_as_recorded == "Synthetic Grandparentname"
    assert member_identity.address_as_recorded == "2 Synthetic Lane, Testtown"

    practitioner_identity = PractitionerIdentity.objects.get(practitioner_id=practitioner.pk)
    assert (practitioner_identity.first_names, practitioner_identity.last_name) == ("Ade", "Synthdoctor")
    assert practitioner_identity.name_as_recorded == "Dr Ade Synthdoctor"
    assert practitioner_identity.work_email == "gp@agency.example"


@pytest.mark.django_db(transaction=True)
def test_going_back_keeps_names_entered_in_parts(world):
    from safeguarding_reviews.families.services import member_add
    from safeguarding_reviews.practitioners.services import practitioner_add
    from safeguarding_reviews.subjects.services import subject_add

    officer = world.people["business_unit_officer"]
    child = subject_add(
        actor=officer,
        case=world.case,
        kind="child",
        details={"sex": "female", "age_years": 3},
        identity={
            "first_names": "Synthia",
            "last_name": "Partsname",
            "known_as": ["Syn"],
            "address_line_1": "1 Imaginary Row",
            "town": "Northbridge",
            "postcode": "NB1 2AB",
            "schools": ["Oakfield Synthetic Nursery", "St Synthetic's"],
        },
    )
    member = member_add(
        actor=officer,
        case=world.case,
        relationship="aunt",
        identity={"first_names": "Synthaunt", "last_name": "Partsname", "town": "Testtown"},
    )
    practitioner = practitioner_add(
        actor=officer,
        case=world.case,
        agency_id=world.agency.pk,
        role="GP",
        first_names="Ade",
        last_name="Synthgp",
    )
    apps = _migrate(BEFORE)
    try:
        old = apps.get_model("subjects", "SubjectIdentity").objects.get(subject_id=child.pk)
        assert (old.full_name, old.other_names, old.school) == (
            "Synthia Partsname",
            "Syn",
            "Oakfield Synthetic Nursery; St Synthetic's",
        )
        assert old.address == "1 Imaginary Row\nNorthbridge\nNB1 2AB"
        old_member = apps.get_model("families", "FamilyMemberIdentity").objects.get(member_id=member.pk)
        assert (old_member.full_name, old_member.address) == ("Synthaunt Partsname", "Testtown")
        old_practitioner = apps.get_model("practitioners", "PractitionerIdentity").objects.get(
            practitioner_id=practitioner.pk
        )
        assert old_practitioner.full_name == "Ade Synthgp"
    finally:
        _latest()
    # Forwards again: split once more from the text the way back kept.
    again = SubjectIdentity.objects.get(subject_id=child.pk)
    assert (again.first_names, again.last_name, again.known_as) == ("Synthia", "Partsname", ["Syn"])
    assert again.schools == ["Oakfield Synthetic Nursery", "St Synthetic's"]
