"""Who is told at each hand-off: the pure table (alerts.rules) and the service that resolves it to people
who can see the case (alerts.services.handoff_notify)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.alerts.rules import (
    BUSINESS_UNIT,
    CHAIR,
    EMAIL_TEMPLATES,
    RULES,
    Audience,
    Handoff,
    who_is_told,
)
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case, CaseCapacity
from safeguarding_reviews.emails.services import email_render
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from tests.factories import UserFactory, grant

BU_AND_MANAGER = frozenset({Role.BUSINESS_UNIT_OFFICER, Role.BUSINESS_MANAGER})


@pytest.mark.parametrize(
    ("event", "lead_roles", "case_leads", "shared_roles", "named_person"),
    [
        (Handoff.REFERRAL_SUBMITTED, BUSINESS_UNIT, True, frozenset(), False),
        (Handoff.REFERRAL_RECORDED, BUSINESS_UNIT, True, frozenset(), False),
        (Handoff.SCREENING_DECISION, CHAIR, False, frozenset(), False),
        (Handoff.SCRUTINY_COMMENT, BUSINESS_UNIT, True, frozenset(), False),
        (Handoff.SCRUTINY_REPLY, CHAIR, False, frozenset(), False),
        (Handoff.RETURN_SUBMITTED, BUSINESS_UNIT, True, frozenset(), False),
        (Handoff.RETURN_SENT_BACK, frozenset(), False, frozenset(), True),
        (Handoff.REPORT_READY, DELEGATE_ROLES, False, frozenset(), False),
        (Handoff.SIGNOFF_DISSENT, BU_AND_MANAGER | CHAIR, True, frozenset(), False),
        (Handoff.SIGNOFF_COMPLETE, BU_AND_MANAGER | CHAIR, True, frozenset(), False),
        (Handoff.CHALLENGE_RAISED, BU_AND_MANAGER, True, frozenset(), False),
        (Handoff.CHALLENGE_ANSWERED, frozenset(), False, frozenset(), True),
        (Handoff.LOCAL_PARTNERS_TOLD, DELEGATE_ROLES, False, BUSINESS_UNIT, False),
        (Handoff.PANEL_RESPONSE, DELEGATE_ROLES | CHAIR, False, frozenset(), False),
    ],
)
def test_who_is_told(event, lead_roles, case_leads, shared_roles, named_person):
    assert who_is_told(event) == Audience(
        lead_roles=frozenset(lead_roles),
        case_leads=case_leads,
        shared_roles=frozenset(shared_roles),
        named_person=named_person,
    )


@pytest.mark.parametrize(
    ("event", "rule", "lead_roles"),
    [
        (Handoff.CLOCK_DUE_SOON, "notification", BUSINESS_UNIT | {Role.DELEGATE_LOCAL_AUTHORITY}),
        (Handoff.CLOCK_OVERDUE, "notification", BUSINESS_UNIT | {Role.DELEGATE_LOCAL_AUTHORITY}),
        (Handoff.CLOCK_OVERDUE, "local_partners_told", BUSINESS_UNIT | {Role.DELEGATE_LOCAL_AUTHORITY}),
        (Handoff.CLOCK_DUE_SOON, "written_confirmation", BUSINESS_UNIT),
        (Handoff.CLOCK_OVERDUE, "rapid_review", BUSINESS_UNIT),
        (Handoff.CLOCK_OVERDUE, "agency_return", BUSINESS_UNIT),
        (Handoff.CLOCK_DUE_SOON, "unknown_rule", BUSINESS_UNIT),
    ],
)
def test_clock_reminders_go_to_whoever_acts_next(event, rule, lead_roles):
    audience = who_is_told(event, clock_rule=rule)
    assert audience.lead_roles == frozenset(lead_roles) and audience.case_leads


def test_every_handoff_has_a_rule_and_an_email_that_renders():
    for event in Handoff:
        assert event in RULES or event in (Handoff.CLOCK_DUE_SOON, Handoff.CLOCK_OVERDUE)
        subject, body = email_render(
            template=EMAIL_TEMPLATES[event],
            context={"case_reference": "REF-1", "partnership_name": "P", "link": "https://x.test/a"},
        )
        assert "REF-1" in subject + body and "https://x.test/a" in body


def _link(case):
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def test_notify_alerts_emails_and_audits_once(world):
    case, people = world.case, world.people
    told = handoff_notify(
        event=Handoff.PANEL_RESPONSE, case=case, actor=people["business_unit_officer"], link=_link(case)
    )
    expected = {people[k].pk for k in ("delegate_local_authority", "delegate_icb", "delegate_police")}
    expected.add(people["independent_chair"].pk)
    assert {u.pk for u in told} == expected
    assert set(Alert.objects.filter(case=case).values_list("user_id", flat=True)) == expected
    event = AuditEvent.objects.get(event_type=EventType.HANDOFF_NOTIFIED)
    assert event.data["event"] == "panel_response_recorded"
    assert sorted(event.data["recipient_ids"]) == sorted(expected)


def test_notify_leaves_out_the_actor(world):
    officer = world.people["business_unit_officer"]
    told = handoff_notify(
        event=Handoff.RETURN_SUBMITTED, case=world.case, actor=officer, link=_link(world.case)
    )
    assert officer not in told


def test_restricted_case_alerts_only_people_who_can_see_it(world, django_capture_on_commit_callbacks):
    """A Chair (and officers, delegates) not named on a restricted case are not told about it."""
    case, people = world.case, world.people
    Case.objects.filter(pk=case.pk).update(is_restricted=True)
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        told = handoff_notify(event=Handoff.SIGNOFF_COMPLETE, case=case, link=_link(case))
    # The creator is the case lead (named on it) and the business manager sees restricted cases.
    assert people["independent_chair"] not in told
    assert people["business_manager"] in told
    assert all(msg.to != [people["independent_chair"].email] for msg in mail.outbox)
    case_services.case_member_add(
        actor=people["business_manager"],
        case=case,
        user=people["independent_chair"],
        capacity=CaseCapacity.SCRUTINEER,
    )
    told = handoff_notify(event=Handoff.SIGNOFF_COMPLETE, case=case, link=_link(case))
    assert people["independent_chair"] in told


def test_shared_case_tells_the_second_partnerships_business_unit(world):
    officer_b = UserFactory.create(email="officer-b@test.example")
    grant(officer_b, world.other_partnership, Role.BUSINESS_UNIT_OFFICER)
    case_services.case_share(
        actor=world.people["business_manager"],
        case=world.case,
        partnership=world.other_partnership,
        reason="Synthetic: the child lived there.",
    )
    told = handoff_notify(event=Handoff.LOCAL_PARTNERS_TOLD, case=world.case, link=_link(world.case))
    assert officer_b in told
    assert world.people["delegate_icb"] in told


def test_named_person_needs_to_see_the_case(world):
    reviewer, outsider = world.people["independent_reviewer"], world.people["non_member"]
    told = handoff_notify(
        event=Handoff.CHALLENGE_ANSWERED, case=world.case, person=reviewer, link=_link(world.case)
    )
    assert told == [reviewer]
    told = handoff_notify(
        event=Handoff.CHALLENGE_ANSWERED, case=world.case, person=outsider, link=_link(world.case)
    )
    assert told == []
