"""The family's involvement services: who may record, what is refused and why (constraints included), the
audit trail (ids and choices only, never a name or free text), versions, and the information letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.families import selectors, services, wiring
from safeguarding_reviews.families.models import FamilyMember, FamilyMemberIdentity
from safeguarding_reviews.parallel_processes import services as register
from safeguarding_reviews.reports.models import GenerationStatus
from safeguarding_reviews.reports.services import document_generation_run
from safeguarding_reviews.subjects.services import identity_grant_give

from .helpers import (
    ADDRESS_LINES,
    NAME,
    add_grandparent,
    add_subject,
    approach,
    block_family_contact,
    days_ago,
    identity,
)


def _events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


def test_add_an_added_member_keeps_the_name_apart_and_out_of_the_audit(world):
    member = add_grandparent(world)
    assert (member.relationship, member.is_child, member.label) == ("grandparent", False, "Grandparent")
    stored = FamilyMemberIdentity.objects.get(member=member)
    assert (stored.display_name, stored.address_lines) == (NAME, ADDRESS_LINES)
    [event] = _events(EventType.FAMILY_MEMBER_ADDED)
    assert event.data == {"member_id": member.pk, "subject_id": None, "is_child": False}
    assert NAME not in str(event.data)


def test_add_a_member_from_the_cases_people(world):
    mother = add_subject(world)
    child = add_subject(world, kind="child", relationship="", name="Synthetic Siblingname")
    member = services.member_add(
        actor=world.people["business_manager"], case=world.case, subject_id=mother.pk
    )
    sibling = services.member_add(
        actor=world.people["business_manager"], case=world.case, subject_id=child.pk
    )
    assert (member.subject_id, member.is_child, member.relationship) == (mother.pk, False, "")
    assert sibling.is_child and sibling.label == child.label
    assert not FamilyMemberIdentity.objects.exists()
    with pytest.raises(ValidationError, match="already in the family list"):
        services.member_add(actor=world.people["business_manager"], case=world.case, subject_id=mother.pk)
    assert selectors.subject_choices(world.case) == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"subject_id": 999999}, "subject"),
        ({"relationship": " ", "identity": identity()}, "relationship"),
        ({"relationship": "aunt", "identity": identity("")}, "first_names"),
        ({"relationship": "aunt"}, "first_names"),
        ({"relationship": "aunt", "identity": identity(postcode="Testtown")}, "postcode"),
        ({"relationship": "aunt", "identity": identity(), "age_years": 4}, "age_years"),
    ],
)
def test_add_refuses_bad_values(world, values, field):
    with pytest.raises(ValidationError) as caught:
        services.member_add(actor=world.people["business_unit_officer"], case=world.case, **values)
    assert field in caught.value.message_dict
    assert not FamilyMember.objects.exists()


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
def test_the_business_unit_and_the_cases_reviewer_record(world, persona, allowed):
    member = add_grandparent(world)
    actor = world.people[persona]
    if allowed:
        decided = approach(world, member, actor=actor, approach="no", approach_reason="Synthetic reason")
        assert decided.approach == "no" and decided.decided_by == actor
    else:
        with pytest.raises(
            PermissionDenied, match="Only the business unit and the case's independent reviewer"
        ):
            approach(world, member, actor=actor)


def test_an_ended_reviewer_may_no_longer_record(world):
    from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership

    member = add_grandparent(world)
    CaseMembership.objects.filter(case=world.case, capacity=CaseCapacity.INDEPENDENT_REVIEWER).update(
        ended_at=clock.now()
    )
    with pytest.raises(PermissionDenied, match="independent reviewer"):
        approach(world, member, actor=world.people["independent_reviewer"])


def test_approach_decision_audits_choices_only_and_is_versioned(world):
    member = add_grandparent(world)
    reason = "Synthetic: a criminal trial is under way"
    decided = approach(
        world,
        member,
        approach="no",
        approach_reason=reason,
        agreed_with="Senior investigating officer, police",
        decided_on=days_ago(2),
    )
    assert (decided.version, decided.decided_on, decided.approach_method) == (2, days_ago(2), "")
    [event] = _events(EventType.FAMILY_APPROACH_DECIDED)
    assert event.data["approach"] == "no" and event.data["version"] == 2
    assert "approach_reason" in event.data["fields"] and reason not in str(event.data)
    with pytest.raises(StaleVersionError) as caught:
        services.approach_record(
            actor=world.people["business_manager"],
            case=world.case,
            member=decided,
            expected_version=1,
            approach="yes",
            approach_method="visit",
        )
    assert caught.value.current.version == 2
    assert len(_events(EventType.FAMILY_UPDATE_CONFLICT)) == 1


def test_a_child_needs_their_wishes_and_an_age_appropriate_approach(world):
    child = add_grandparent(world, relationship="half-sibling", is_child=True, age_years=9)
    with pytest.raises(ValidationError) as caught:
        approach(world, child, approach="yes", approach_method="visit")
    assert set(caught.value.message_dict) == {"child_wishes", "child_adaptation"}
    decided = approach(
        world,
        child,
        approach="yes",
        approach_method="advocate",
        child_wishes="Synthetic: wants to draw what home was like",
        child_adaptation="Synthetic: with their advocate, at school",
    )
    assert decided.child_wishes.startswith("Synthetic") and selectors.ages(world.case, [decided]) == {
        decided.pk: 9
    }


def test_a_subject_childs_age_comes_from_their_date_of_birth(world):
    born = clock.today() - dt.timedelta(days=365 * 7 + 30)
    child = add_subject(world, kind="child", relationship="", name="Synthetic Childname", date_of_birth=born)
    member = services.member_add(
        actor=world.people["business_unit_officer"], case=world.case, subject_id=child.pk
    )
    loaded = selectors.member_get(world.case, member.pk)
    assert loaded is not None and selectors.ages(world.case, [loaded]) == {member.pk: 7}


def test_a_constraint_blocks_approaching_contacts_and_the_letter_but_not_a_decision_not_to(world):
    member = add_grandparent(world)
    member = approach(world, member)  # decided before the constraint
    constraint = block_family_contact(world)
    with pytest.raises(ValidationError, match="blocked by a parallel process: Synthetic: no contact until"):
        services.contact_add(
            actor=world.people["business_unit_officer"],
            case=world.case,
            member=member,
            kind="attempt",
            on=days_ago(1),
            method="phone",
            result="no_response",
        )
    with pytest.raises(ValidationError, match="blocked by a parallel process"):
        services.letter_request(actor=world.people["business_unit_officer"], case=world.case, member=member)
    other = add_grandparent(world, relationship="aunt")
    with pytest.raises(ValidationError, match="blocked by a parallel process"):
        approach(world, other)
    decided = approach(
        world, other, approach="no", approach_reason="Synthetic: criminal trial, agreed with police"
    )
    assert decided.approach == "no"
    register.process_constraint_lift(
        actor=world.people["business_unit_officer"], constraint=constraint, lifted_on=clock.today()
    )
    contact = services.contact_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        member=member,
        kind="attempt",
        on=days_ago(1),
        method="phone",
        result="agreed",
    )
    [event] = _events(EventType.FAMILY_CONTACT_RECORDED)
    assert event.data == {
        "member_id": member.pk,
        "contact_id": contact.pk,
        "kind": "attempt",
        "method": "phone",
        "result": "agreed",
    }
    assert selectors.statuses([member, decided]) == {member.pk: "engaged", decided.pk: "not_approached"}
    assert selectors.summary(world.case) == "2 members: 1 approached, 1 not approached"


def test_contacts_need_a_decision_to_approach_and_a_meeting_says_who_attended(world):
    member = add_grandparent(world)
    values: dict[str, Any] = {"kind": "meeting", "on": days_ago(1), "method": "visit", "result": "held"}
    with pytest.raises(ValidationError, match="Record the decision to approach them first"):
        services.contact_add(
            actor=world.people["business_unit_officer"],
            case=world.case,
            member=member,
            **values,
            attended_by="x",
        )
    member = approach(world, member)
    with pytest.raises(ValidationError) as caught:
        services.contact_add(
            actor=world.people["business_unit_officer"], case=world.case, member=member, **values
        )
    assert caught.value.message_dict == {"attended_by": ["Enter who attended, by role"]}
    meeting = services.contact_add(
        actor=world.people["independent_reviewer"],
        case=world.case,
        member=member,
        **values,
        attended_by="Grandparent, independent reviewer",
        place="Family home",
    )
    assert (meeting.attended_by, meeting.place) == ("Grandparent, independent reviewer", "Family home")


def test_expectations_views_and_the_draft(world):
    member = approach(world, add_grandparent(world))
    member = services.expectations_record(
        actor=world.people["independent_reviewer"],
        case=world.case,
        member=member,
        expected_version=member.version,
        expectations_on=days_ago(3),
        expectations_how="letter",
    )
    with pytest.raises(ValidationError, match="Enter how their views were used"):
        services.views_record(
            actor=world.people["independent_reviewer"],
            case=world.case,
            member=member,
            expected_version=member.version,
            views_used="  ",
        )
    member = services.views_record(
        actor=world.people["independent_reviewer"],
        case=world.case,
        member=member,
        expected_version=member.version,
        views_used="Synthetic: the grandparent's account of the household shaped finding 2.",
    )
    with pytest.raises(ValidationError) as caught:
        services.draft_record(
            actor=world.people["business_manager"],
            case=world.case,
            member=member,
            expected_version=member.version,
            draft_shared_on=days_ago(1),
            draft_response="commented",
            draft_id=424242,
        )
    assert "draft" in caught.value.message_dict
    block_family_contact(world, block="draft_sharing", reason="Synthetic: not before the trial")
    with pytest.raises(ValidationError, match="Sharing the draft report is blocked"):
        services.draft_record(
            actor=world.people["business_manager"],
            case=world.case,
            member=member,
            expected_version=member.version,
            draft_shared_on=days_ago(1),
            draft_response="not_yet",
        )
    events = _events(EventType.FAMILY_MEMBER_UPDATED)
    assert [e.data["fields"] for e in events] == [["expectations_how", "expectations_on"], ["views_used"]]
    assert "Synthetic" not in str([e.data for e in events])


def test_the_letter_is_made_from_the_identity_details(world):
    member = approach(world, add_grandparent(world))
    job = services.letter_request(actor=world.people["business_unit_officer"], case=world.case, member=member)
    context = wiring.letter_context(world.case, member.pk)
    assert context is not None
    assert context["addressee_name"] == NAME and context["addressee_address"] == [
        "2 Synthetic Lane",
        "Testtown",
    ]
    assert context["review_name"] == world.case.pseudonym
    assert context["reviewer_name"] == world.people["independent_reviewer"].full_name
    done = document_generation_run(generation_id=job.pk)
    assert done is not None and done.status == GenerationStatus.DONE
    assert done.document is not None and done.document.purpose == "family_information_letter"
    [requested] = _events(EventType.DOCUMENT_GENERATION_REQUESTED)
    assert NAME not in str(requested.data)


def test_the_letter_needs_identity_access_a_name_and_an_approach(world):
    member = add_grandparent(world)
    reviewer = world.people["independent_reviewer"]
    with pytest.raises(PermissionDenied, match="Only people who may see identity details"):
        services.letter_request(actor=reviewer, case=world.case, member=member)
    with transaction.atomic():
        identity_grant_give(
            actor=world.people["business_manager"], case=world.case, user=reviewer, reason="Synthetic"
        )
    assert services.letter_request(actor=reviewer, case=world.case, member=member).requested_by == reviewer
    with pytest.raises(PermissionDenied, match="Only the business unit and the case's independent reviewer"):
        services.letter_request(actor=world.people["delegate_police"], case=world.case, member=member)
    member = approach(world, member, approach="no", approach_reason="Synthetic: trial")
    with pytest.raises(ValidationError, match="decided not to approach them"):
        services.letter_request(actor=world.people["business_unit_officer"], case=world.case, member=member)
    mother = add_subject(world, name="Synthetic Mothername")
    nameless = services.member_add(
        actor=world.people["business_unit_officer"], case=world.case, subject_id=mother.pk
    )
    context = wiring.letter_context(world.case, nameless.pk)
    assert context is not None and context["addressee_name"] == "Synthetic Mothername"
    assert wiring.letter_context(world.case, 999999) is None
