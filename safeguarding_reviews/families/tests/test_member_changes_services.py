"""Changing a family member's details and removing one recorded in error (services): who, versions, what the
audit keeps (ids and field names, never a name, an address or the reason), and what removal takes away."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.families import selectors, services, wiring
from safeguarding_reviews.families.models import FamilyMember, FamilyMemberIdentity

from .helpers import NAME, add_grandparent, add_subject, approach, days_ago

NEW_NAME = "Synthetic Renamedperson"
NEW_IDENTITY = {
    "first_names": "Synthetic",
    "last_name": "Renamedperson",
    "known_as": ["Synthnick"],
    "address_line_1": "9 Synthetic Close",
    "town": "Testtown",
    "postcode": "tt1 9zz",
}
REASON = "Synthetic: recorded twice"


def _events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


def _update(world, member, actor=None, **values):
    return services.member_update(
        actor=actor or world.people["business_unit_officer"],
        case=world.case,
        member=member,
        expected_version=values.pop("expected_version", member.version),
        **({"relationship": member.relationship} | values),
    )


def _remove(world, member, actor=None, reason=REASON, expected_version=None):
    return services.member_remove(
        actor=actor or world.people["business_unit_officer"],
        case=world.case,
        member=member,
        expected_version=member.version if expected_version is None else expected_version,
        reason=reason,
    )


def test_the_details_change_with_the_field_names_audited_never_the_values(world):
    member = add_grandparent(world)
    changed = _update(world, member, relationship="aunt", is_child=False, identity=NEW_IDENTITY)
    assert (changed.relationship, changed.label, changed.version) == ("aunt", "Aunt", member.version + 1)
    identity = FamilyMemberIdentity.objects.get(member=member)
    assert identity.display_name == f"{NEW_NAME} (known as Synthnick)"
    assert identity.address_lines == ["9 Synthetic Close", "Testtown", "TT1 9ZZ"]
    [event] = _events(EventType.FAMILY_MEMBER_CHANGED)
    assert event.data == {
        "member_id": member.pk,
        "fields": ["relationship", "address_line_1", "known_as", "last_name", "postcode"],
        "version": changed.version,
    }
    for text in ("Renamedperson", "Synthnick", "Synthetic Close", "TT1", "aunt", NAME):
        assert text not in str(event.data)


def test_a_child_with_an_age_and_bad_values_refused_by_field(world):
    member = add_grandparent(world, relationship="cousin")
    changed = _update(world, member, is_child=True, age_years=9)
    assert changed.is_child and changed.age_years == 9
    assert selectors.ages(world.case, [changed]) == {changed.pk: 9}
    for values, field in (
        ({"relationship": " "}, "relationship"),
        ({"is_child": False, "age_years": 9}, "age_years"),
        ({"is_child": True, "age_years": 30}, "age_years"),
        ({"identity": {"first_names": " ", "last_name": ""}}, "first_names"),
        ({"identity": {"last_name": "Synthname", "postcode": "TT1"}}, "postcode"),
    ):
        with pytest.raises(ValidationError) as caught:
            _update(world, changed, **values)
        assert field in caught.value.message_dict
    changed.refresh_from_db()
    assert changed.version == member.version + 1


def test_without_identity_access_the_reviewer_changes_the_relationship_but_never_the_name(world):
    member = add_grandparent(world)
    reviewer = world.people["independent_reviewer"]
    changed = _update(world, member, actor=reviewer, relationship="great-grandparent")
    assert changed.relationship == "great-grandparent"
    assert FamilyMemberIdentity.objects.get(member=member).display_name == NAME
    with pytest.raises(PermissionDenied, match="Only people who may see identity details"):
        _update(world, changed, actor=reviewer, identity=NEW_IDENTITY)
    with pytest.raises(PermissionDenied, match="Only people who may see identity details"):
        _update(world, changed, actor=reviewer, identity={"town": "Elsewhere"})
    assert FamilyMemberIdentity.objects.get(member=member).display_name == NAME


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("business_unit_officer", True),
        ("business_manager", True),
        ("independent_reviewer", True),
        ("delegate_police", False),
        ("delegate_local_authority", False),
        ("independent_chair", False),
        ("review_committee_member", False),
        ("agency_representative", False),
        ("auditor", False),
    ],
)
def test_the_business_unit_and_the_cases_reviewer_change_and_remove(world, persona, allowed):
    member = add_grandparent(world)
    actor = world.people[persona]
    if allowed:
        member = _update(world, member, actor=actor, relationship="aunt")
        assert _remove(world, member, actor=actor).is_removed
    else:
        with pytest.raises(PermissionDenied, match="Only the business unit and the case's independent"):
            _update(world, member, actor=actor, relationship="aunt")
        with pytest.raises(PermissionDenied, match="Only the business unit and the case's independent"):
            _remove(world, member, actor=actor)
        assert not FamilyMember.objects.get(pk=member.pk).is_removed


def test_one_of_the_cases_people_has_no_details_to_change_here(world):
    mother = add_subject(world)
    member = services.member_add(
        actor=world.people["business_manager"], case=world.case, subject_id=mother.pk
    )
    with pytest.raises(ValidationError, match="change their details on the case's people pages"):
        _update(world, member, relationship="mother")
    assert not _events(EventType.FAMILY_MEMBER_CHANGED)


def test_a_stale_change_or_removal_is_refused_and_recorded(world):
    member = add_grandparent(world)
    _update(world, member, relationship="aunt")
    with pytest.raises(StaleVersionError) as caught:
        _update(world, member, relationship="uncle", expected_version=member.version)
    assert FamilyMember.objects.get(pk=caught.value.current.pk).relationship == "aunt"
    with pytest.raises(StaleVersionError, match="stale version"):
        _remove(world, member, expected_version=member.version)
    conflicts = _events(EventType.FAMILY_UPDATE_CONFLICT)
    assert [e.data for e in conflicts] == [{"member_id": member.pk, "expected_version": member.version}] * 2
    assert not FamilyMember.objects.get(pk=member.pk).is_removed


def test_removal_needs_a_reason_and_keeps_the_record_with_ids_only_audited(world):
    member = add_grandparent(world)
    with pytest.raises(ValidationError) as caught:
        _remove(world, member, reason="   ")
    assert "reason" in caught.value.message_dict
    removed = _remove(world, member)
    assert removed.is_removed and removed.removed_by == world.people["business_unit_officer"]
    assert removed.removal_reason == REASON
    assert FamilyMember.objects.filter(pk=member.pk).exists()
    assert FamilyMemberIdentity.objects.filter(member=member).exists()
    [event] = _events(EventType.FAMILY_MEMBER_REMOVED)
    assert event.data == {
        "member_id": member.pk,
        "fields": ["removal_reason", "removed_at", "removed_by"],
        "version": removed.version,
    }
    assert "Synthetic" not in str(event.data)


def test_a_removed_member_refuses_every_write_and_leaves_counts_summary_and_letter(world):
    kept = approach(world, add_grandparent(world, relationship="aunt"))
    member = approach(world, add_grandparent(world))
    member = _remove(world, member)
    officer = world.people["business_unit_officer"]
    writes = [
        lambda: _remove(world, member),
        lambda: _update(world, member, relationship="uncle"),
        lambda: approach(world, member, approach="no", approach_reason="Synthetic"),
        lambda: services.contact_add(
            actor=officer,
            case=world.case,
            member=member,
            kind="attempt",
            on=days_ago(1),
            method="phone",
            result="spoke",
        ),
        lambda: services.views_record(
            actor=officer, case=world.case, member=member, expected_version=member.version, views_used="x"
        ),
        lambda: services.letter_request(actor=officer, case=world.case, member=member),
    ]
    for write in writes:
        with pytest.raises(ValidationError, match="removed from the review"):
            write()
    assert wiring.letter_context(world.case, member.pk) is None
    assert wiring.letter_context(world.case, kept.pk) is not None
    assert selectors.case_members(world.case) == [kept]
    assert selectors.family_list(world.case) == ([kept], [member])
    assert selectors.summary(world.case) == "1 member: 1 approached, 0 not approached"


def test_a_member_removed_while_being_edited_is_refused(world):
    member = add_grandparent(world)
    _remove(world, FamilyMember.objects.get(pk=member.pk))
    # `member` is the row as loaded before the removal: the service's lock finds it removed.
    with pytest.raises(ValidationError, match="removed from the review"):
        services.member_update(
            actor=world.people["business_unit_officer"],
            case=world.case,
            member=member,
            expected_version=member.version,
            relationship="aunt",
        )


def test_one_of_the_cases_people_removed_in_error_can_be_added_again(world):
    mother = add_subject(world)
    officer = world.people["business_manager"]
    first = services.member_add(actor=officer, case=world.case, subject_id=mother.pk)
    assert selectors.subject_choices(world.case) == []
    _remove(world, first, actor=officer)
    assert selectors.subject_choices(world.case) == [(mother.pk, mother.label)]
    again = services.member_add(actor=officer, case=world.case, subject_id=mother.pk)
    assert again.pk != first.pk and selectors.case_members(world.case) == [again]
    with pytest.raises(IntegrityError, match=r"(?i)unique"), transaction.atomic():
        FamilyMember.objects.create(case=world.case, subject=mother, created_by=officer)
