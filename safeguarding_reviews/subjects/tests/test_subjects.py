"""People in a case: labels, who sees identity details, audited showings, versioned edits."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.subjects.forms import nhs_number_valid
from safeguarding_reviews.subjects.labels import household_label, next_child_labels
from safeguarding_reviews.subjects.models import SubjectIdentity
from safeguarding_reviews.subjects.policies import may_see_identity
from safeguarding_reviews.subjects.selectors import case_children, identities_for
from safeguarding_reviews.subjects.services import subject_add


def _child(world, name="Synthetic Person", **details):
    first_names, _, last_name = name.rpartition(" ")
    return subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind="child",
        details={"sex": "male", "age_years": 4} | details,
        identity={"first_names": first_names, "last_name": last_name},
    )


def test_labels():
    assert next_child_labels(set()) == ["Child A"]
    assert next_child_labels({"Child A", "Child C"}, 3) == ["Child B", "Child D", "Child E"]
    taken = {f"Child {chr(65 + i)}" for i in range(26)}
    assert next_child_labels(taken) == ["Child AA"]
    assert household_label("mother's partner", "Child A", 1) == "Mother's partner of Child A"
    assert household_label("", "Child A", 2) == "Household member 2 of Child A"


def test_nhs_number_check_digit():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("123")


def test_first_child_takes_the_case_pseudonym_then_next_letters(world):
    first, second = _child(world), _child(world)
    assert [first.label, second.label] == ["Child Q", "Child A"]
    assert case_children(world.case) == [first, second]


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("business_unit_officer", True),
        ("business_manager", True),
        ("delegate_local_authority", True),
        ("delegate_police", True),
        ("agency_representative", True),  # named on the case as agency representative
        ("delegate_icb", False),
        ("independent_chair", False),
        ("review_committee_member", False),
        ("agency_author", False),
        ("independent_reviewer", False),
        ("auditor", False),
    ],
)
def test_who_may_see_identity(world, persona, allowed):
    child = _child(world)
    assert may_see_identity(world.people[persona], world.case) is allowed
    assert (child.pk in identities_for(world.people[persona], world.case)) is allowed


def test_people_page_shows_identity_only_when_allowed_and_audits_it(world, as_user):
    child = _child(world, name="Synthetic Hidden")
    url = reverse("subjects:case_subjects", args=[world.case.pk])
    before = AuditEvent.objects.count()
    page = as_user(world.people["delegate_local_authority"]).get(url).content.decode()
    assert "Synthetic Hidden" in page and "Child Q" in page
    event = AuditEvent.objects.get(sequence__gt=before, event_type=EventType.IDENTITY_VIEWED)
    assert event.data == {"subject_ids": [child.pk], "page": "case_subjects"}
    before = AuditEvent.objects.count()
    page = as_user(world.people["independent_chair"]).get(url).content.decode()
    assert "Synthetic Hidden" not in page and "Child Q" in page
    assert not AuditEvent.objects.filter(sequence__gt=before, event_type=EventType.IDENTITY_VIEWED).exists()


def test_people_page_runs_the_same_queries_for_1_and_10_people(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    url = reverse("subjects:case_subjects", args=[world.case.pk])
    _child(world)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(9):
        _child(world)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


def _edit_data(subject, **overrides):
    data = {
        "label": subject.label,
        "first_names": "Synthetic",
        "last_name": "Person",
        "sex": "male",
        "age_years": "4",
        "version": str(subject.version),
    }
    return data | overrides


def test_edit_is_versioned(world, as_user):
    child = _child(world)
    url = reverse("subjects:subject_edit", args=[world.case.pk, child.pk])
    client = as_user(world.people["business_unit_officer"])
    assert client.post(url, _edit_data(child, label="Child N")).status_code == 302
    child.refresh_from_db()
    assert child.label == "Child N" and child.version == 2
    stale = client.post(url, _edit_data(child, version="1", last_name="Typedname"))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else saved changes" in page and "Typedname" in page
    assert AuditEvent.objects.filter(event_type=EventType.SUBJECT_UPDATE_CONFLICT).count() == 1


def test_edit_bad_input_is_400_with_input_kept(world, as_user):
    child = _child(world)
    url = reverse("subjects:subject_edit", args=[world.case.pk, child.pk])
    response = as_user(world.people["business_manager"]).post(
        url, _edit_data(child, label="", nhs_number="12", last_name="Keptname", postcode="SW1A 1A")
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Enter a label" in page and "Keptname" in page
    assert "Enter a valid 10-digit NHS number" in page
    assert "Enter a real postcode" in page and 'value="SW1A 1A"' in page


def test_add_household_member_labels_from_relationship(world, as_user):
    _child(world)
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        reverse("subjects:subject_add", args=[world.case.pk, "household-member"]),
        {"relationship": "stepfather", "first_names": "Synthetic", "last_name": "Adult"},
    )
    assert response.status_code == 302
    assert world.case.subjects.get(kind="household_member").label == "Stepfather of Child Q"


def test_add_a_child_with_the_name_and_address_in_parts(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        reverse("subjects:subject_add", args=[world.case.pk, "child"]),
        {
            "first_names": " Jayden  Lee ",
            "last_name": "Synthname",
            "known_as": "Jay, JJ, jay",
            "initials": "JS; J.S.",
            "sex": "male",
            "age_years": "4",
            "address_line_1": "1 Imaginary Row",
            "town": "Northbridge",
            "postcode": "nb12ab",
            "schools": "St Synthetic's Church of England Primary School, Northbridge\n"
            "Oakfield Synthetic Nursery",
            "school_short_names": "St Synthetic's",
        },
    )
    assert response.status_code == 302
    identity = world.case.subjects.get().identity
    assert (identity.first_names, identity.last_name) == ("Jayden Lee", "Synthname")
    assert identity.known_as == ["Jay", "JJ"] and identity.initials == ["JS", "J.S."]
    assert (identity.address_line_1, identity.town, identity.postcode) == (
        "1 Imaginary Row",
        "Northbridge",
        "NB1 2AB",
    )
    assert identity.schools == [
        "St Synthetic's Church of England Primary School, Northbridge",
        "Oakfield Synthetic Nursery",
    ]
    assert identity.school_short_names == ["St Synthetic's"]
    assert identity.name_as_recorded == "" and identity.address_as_recorded == ""
    page = client.get(reverse("subjects:case_subjects", args=[world.case.pk])).content.decode()
    assert "Jayden Lee Synthname (known as Jay, JJ)" in page
    assert "1 Imaginary Row<br>Northbridge<br>NB1 2AB" in page
    assert "Also written as: St Synthetic&#x27;s" in page and "first recorded" not in page
    edit = client.get(
        reverse("subjects:subject_edit", args=[world.case.pk, identity.subject_id])
    ).content.decode()
    assert 'value="Jay, JJ"' in edit and 'value="NB1 2AB"' in edit and 'autocomplete="off"' in edit
    assert (
        "St Synthetic&#x27;s Church of England Primary School, Northbridge\nOakfield Synthetic Nursery"
        in edit
    )


def test_a_person_needs_a_first_name_or_a_last_name(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    url = reverse("subjects:subject_add", args=[world.case.pk, "household-member"])
    response = client.post(
        url, {"relationship": "stepfather", "known_as": "Synthnick", "town": "Northbridge"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Enter their first names or their last name" in page
    assert 'value="Synthnick"' in page and 'value="Northbridge"' in page
    assert not world.case.subjects.exists()
    assert client.post(url, {"relationship": "stepfather", "first_names": "Synthonly"}).status_code == 302


def test_the_service_refuses_old_or_bad_identity_fields(world):
    with pytest.raises(ValueError, match="full_name"):
        _child_with(world, {"full_name": "Synthetic Person"})
    with pytest.raises(ValidationError) as refused:
        _child_with(world, {"last_name": "Synthname", "postcode": "NB1"})
    assert refused.value.message_dict == {"postcode": ["Enter a real postcode, for example SW1A 1AA"]}
    assert not world.case.subjects.exists()


def _child_with(world, identity):
    return subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind="child",
        details={"sex": "male", "age_years": 4},
        identity=identity,
    )


def test_migrated_details_show_the_text_first_recorded(world, as_user):
    child = _child(world, name="Jayden Synthname")
    SubjectIdentity.objects.filter(subject=child).update(
        name_as_recorded="SYNTHNAME, Jayden", address_as_recorded="1 Imaginary Row\nNorthbridge"
    )
    page = (
        as_user(world.people["business_unit_officer"])
        .get(reverse("subjects:case_subjects", args=[world.case.pk]))
        .content.decode()
    )
    assert "Name as first recorded" in page and "SYNTHNAME, Jayden" in page
    assert "Address as first recorded" in page and "1 Imaginary Row<br>Northbridge" in page
