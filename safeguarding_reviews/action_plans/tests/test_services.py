"""The action plans' services: recommendations from every source, agencies' actions through their lifecycle,
evidence, withdrawal with approval, superseding, closure, the impact check reopening, who may, versions and
audit (one event per change, ids and codes only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding_reviews.action_plans import services
from safeguarding_reviews.action_plans.models import (
    ActionEvidence,
    ImpactCheck,
    Recommendation,
    RecommendationOrigin,
)
from safeguarding_reviews.action_plans.policies import visible_plan_actions, visible_recommendations
from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.actions.models import CaseAction
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError

from .helpers import final_report_with, other_agency_rep

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 16)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def plan(world):
    final_report_with(world)
    world.recommendations = services.recommendations_take_in(
        actor=world.people["business_unit_officer"], case=world.case
    )
    return world


def _action(world: Any, recommendation: Recommendation, actor: Any = None, **overrides: Any) -> CaseAction:
    fields = services.ActionFields(
        description="Synthetic audit of strategy discussions",
        owner_agency_id=overrides.pop("agency", world.agency).pk,
        due_on=overrides.pop("due_on", dt.date(2026, 6, 30)),
        owner_role="Head of safeguarding",
    )
    return services.plan_action_add(
        actor=actor or world.people["agency_representative"], recommendation=recommendation, fields=fields
    )


def _events(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=kind).order_by("sequence"))


def test_take_in_copies_the_final_report_and_keeps_its_ids(plan):
    first, second, third = plan.recommendations
    assert [r.origin for r in plan.recommendations] == [RecommendationOrigin.LCSPR] * 3
    assert first.text == "Synthetic recommendation 1" and not first.all_partners
    assert [a.pk for a in first.contributing_agencies.all()] == [plan.agency.pk]
    assert third.all_partners and third.themes.count() == 1
    assert first.final_report_recommendation is not None
    # Taking in again adds nothing: every one is in.
    assert services.recommendations_take_in(actor=plan.people["business_unit_officer"], case=plan.case) == []
    (event,) = _events(EventType.RECOMMENDATION_ADDED)
    assert event.case_id == plan.case.pk and len(event.data["recommendation_ids"]) == 3


def test_only_the_business_unit_takes_in_and_adopts(plan):
    for key in ("delegate_local_authority", "agency_representative", "monitoring_committee_member"):
        with pytest.raises(PermissionDenied, match="business unit"):
            services.recommendations_take_in(actor=plan.people[key], case=plan.case)


def test_adopted_recommendation_has_no_case_and_needs_its_source(world):
    officer = world.people["business_unit_officer"]
    with pytest.raises(ValidationError) as missing:
        services.recommendation_adopt(
            actor=officer,
            partnership=world.partnership,
            origin=RecommendationOrigin.NATIONAL,
            fields=services.RecommendationFields(text="Share information with GPs", all_partners=True),
        )
    assert "source_title" in missing.value.message_dict
    adopted = services.recommendation_adopt(
        actor=officer,
        partnership=world.partnership,
        origin=RecommendationOrigin.NATIONAL,
        fields=services.RecommendationFields(
            text="Share information with GPs", all_partners=True, source_title="Child Protection in England"
        ),
    )
    assert adopted.case is None and adopted.is_adopted
    # Partnership-wide roles see it; the committee too; an agency representative as one of all partners.
    for key in (
        "business_manager",
        "delegate_police",
        "independent_chair",
        "auditor",
        "monitoring_committee_member",
    ):
        assert visible_recommendations(world.people[key], world.partnership).filter(pk=adopted.pk).exists()
    assert not visible_recommendations(world.people["review_committee_member"], world.partnership).exists()
    action = _action(world, adopted)
    assert action.case is None and action.partnership == world.partnership


def test_agency_representative_adds_for_their_own_agency_only(plan):
    first, second, _ = plan.recommendations
    with pytest.raises(ValidationError) as other:
        _action(plan, second, agency=plan.other_agency)
    assert "owner_agency_id" in other.value.message_dict
    action = _action(plan, second)
    assert action.recommendation == second and action.status == ActionStatus.NOT_STARTED
    stranger = other_agency_rep(plan)
    with pytest.raises(PermissionDenied, match="addressed agency"):
        _action(plan, first, actor=stranger, agency=plan.other_agency)


def test_visibility_by_agency_and_author(plan):
    first, second, _ = plan.recommendations
    mine = _action(plan, second)
    theirs = _action(plan, second, actor=plan.people["business_unit_officer"], agency=plan.other_agency)
    stranger = other_agency_rep(plan)
    assert list(visible_plan_actions(plan.people["agency_representative"], plan.partnership)) == [mine]
    assert list(visible_plan_actions(stranger, plan.partnership)) == [theirs]
    assert set(visible_plan_actions(plan.people["monitoring_committee_member"], plan.partnership)) == {
        mine,
        theirs,
    }
    # The author sees only what is assigned to them.
    author = plan.people["agency_author"]
    assert not visible_plan_actions(author, plan.partnership).exists()
    CaseAction.objects.filter(pk=theirs.pk).update(owner_user=author)
    assert list(visible_plan_actions(author, plan.partnership)) == [theirs]
    # Neither the LCPC member nor the reviewer uses the plans.
    for key in ("review_committee_member", "independent_reviewer", "non_member"):
        assert not visible_plan_actions(plan.people[key], plan.partnership).exists()


def test_progress_complete_evidence_accept(plan):
    rep = plan.people["agency_representative"]
    action = _action(plan, plan.recommendations[0])
    services.plan_action_update(
        actor=rep,
        action=action,
        expected_version=1,
        happened_on=TODAY,
        text="Audit started",
        status="in_progress",
    )
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.IN_PROGRESS, 2)
    with pytest.raises(StaleVersionError) as stale:
        services.plan_action_update(
            actor=rep, action=action, expected_version=1, happened_on=TODAY, text="Again"
        )
    assert stale.value.current.version == 2
    with pytest.raises(ValidationError) as future:
        services.plan_action_complete(
            actor=rep, action=action, expected_version=2, completed_on=TODAY + dt.timedelta(days=1)
        )
    assert "completed_on" in future.value.message_dict
    services.plan_action_complete(actor=rep, action=action, expected_version=2, completed_on=TODAY)
    upload = SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf")
    evidence = services.evidence_add(actor=rep, action=action, uploaded_file=upload, kind="audit")
    assert evidence.document.case_id is None and evidence.document.purpose == services.EVIDENCE_PURPOSE
    action.refresh_from_db()
    with pytest.raises(PermissionDenied, match="business unit or the committee"):
        services.evidence_decide(
            actor=rep, action=action, expected_version=action.version, outcome="accepted", decided_on=TODAY
        )
    with pytest.raises(ValidationError) as questions:
        services.evidence_decide(
            actor=plan.people["business_unit_officer"],
            action=action,
            expected_version=action.version,
            outcome="returned",
            decided_on=TODAY,
        )
    assert "questions" in questions.value.message_dict
    committee = plan.people["monitoring_committee_member"]
    with pytest.raises(ValidationError) as meeting:
        services.evidence_decide(
            actor=committee,
            action=action,
            expected_version=action.version,
            outcome="accepted",
            decided_on=TODAY,
        )
    assert "meeting" in meeting.value.message_dict
    decision = services.evidence_decide(
        actor=committee,
        action=action,
        expected_version=action.version,
        outcome="accepted",
        decided_on=TODAY,
        meeting="Monitoring committee, March 2026",
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.EVIDENCE_ACCEPTED and decision.decided_by_body == "committee"
    history = [(u.status_from, u.status_to) for u in action.updates.order_by("pk")]
    assert history == [
        ("not_started", "in_progress"),
        ("in_progress", "awaiting_evidence"),
        ("awaiting_evidence", "evidence_accepted"),
    ]
    for kind in (
        EventType.PLAN_ACTION_UPDATED,
        EventType.PLAN_ACTION_COMPLETED,
        EventType.PLAN_ACTION_EVIDENCE_ADDED,
        EventType.PLAN_ACTION_EVIDENCE_DECIDED,
    ):
        (event,) = _events(kind)
        assert event.case_id == plan.case.pk and "text" not in event.data


def test_returned_evidence_goes_back_in_progress(plan):
    rep = plan.people["agency_representative"]
    action = _action(plan, plan.recommendations[0])
    services.plan_action_complete(actor=rep, action=action, expected_version=1, completed_on=TODAY)
    action.refresh_from_db()
    services.evidence_decide(
        actor=plan.people["business_unit_officer"],
        action=action,
        expected_version=action.version,
        outcome="returned",
        decided_on=TODAY,
        questions="Which teams did the audit cover?",
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_withdrawal_needs_the_business_manager(plan):
    rep = plan.people["agency_representative"]
    action = _action(plan, plan.recommendations[0])
    with pytest.raises(ValidationError) as reason:
        services.withdrawal_request(actor=rep, action=action, expected_version=1, reason=" ")
    assert "reason" in reason.value.message_dict
    services.withdrawal_request(actor=rep, action=action, expected_version=1, reason="Service decommissioned")
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED and action.withdrawal_requested_on == TODAY
    with pytest.raises(PermissionDenied, match="business manager"):
        services.withdrawal_decide(
            actor=plan.people["business_unit_officer"], action=action, expected_version=2, approve=True
        )
    services.withdrawal_decide(
        actor=plan.people["business_manager"], action=action, expected_version=2, approve=True
    )
    action.refresh_from_db()
    assert (
        action.status == ActionStatus.WITHDRAWN
        and action.withdrawal_approved_by == plan.people["business_manager"]
    )


def test_withdrawal_refused_carries_on(plan):
    action = _action(plan, plan.recommendations[0])
    services.withdrawal_request(
        actor=plan.people["agency_representative"],
        action=action,
        expected_version=1,
        reason="No longer needed",
    )
    action.refresh_from_db()
    with pytest.raises(ValidationError) as note:
        services.withdrawal_decide(
            actor=plan.people["business_manager"], action=action, expected_version=2, approve=False
        )
    assert "note" in note.value.message_dict
    services.withdrawal_decide(
        actor=plan.people["business_manager"],
        action=action,
        expected_version=2,
        approve=False,
        note="Still needed",
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED and action.withdrawal_requested_on is None


def test_supersede_points_to_the_replacement(plan):
    action = _action(plan, plan.recommendations[0])
    replacement = services.plan_action_supersede(
        actor=plan.people["business_unit_officer"],
        action=action,
        expected_version=1,
        fields=services.ActionFields(
            description="A wider audit",
            owner_agency_id=plan.agency.pk,
            due_on=dt.date(2026, 9, 30),
            owner_role="Lead",
        ),
        reason="Scope widened",
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.SUPERSEDED and action.superseded_by == replacement
    with pytest.raises(PermissionDenied, match="business unit"):
        services.plan_action_supersede(
            actor=plan.people["agency_representative"],
            action=replacement,
            expected_version=1,
            fields=services.ActionFields(
                description="x", owner_agency_id=plan.agency.pk, due_on=dt.date(2026, 9, 30)
            ),
            reason="x",
        )


def _settle(plan: Any, action: CaseAction) -> None:
    rep = plan.people["agency_representative"]
    services.plan_action_complete(
        actor=rep, action=action, expected_version=action.version, completed_on=TODAY
    )
    action.refresh_from_db()
    services.evidence_decide(
        actor=plan.people["business_unit_officer"],
        action=action,
        expected_version=action.version,
        outcome="accepted",
        decided_on=TODAY,
    )
    action.refresh_from_db()


def test_close_only_when_settled_then_impact_not_shown_reopens(plan):
    recommendation = plan.recommendations[0]
    committee = plan.people["monitoring_committee_member"]
    with pytest.raises(ValidationError) as empty:
        services.recommendation_close(
            actor=committee, recommendation=recommendation, expected_version=1, meeting="M", decided_on=TODAY
        )
    assert "has actions" in str(empty.value)
    action = _action(plan, recommendation)
    with pytest.raises(ValidationError) as open_action:
        services.recommendation_close(
            actor=committee, recommendation=recommendation, expected_version=1, meeting="M", decided_on=TODAY
        )
    assert "1 action is not yet" in str(open_action.value)
    _settle(plan, action)
    closed = services.recommendation_close(
        actor=committee,
        recommendation=recommendation,
        expected_version=1,
        meeting="Monitoring committee, March 2026",
        decided_on=TODAY,
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "closed" and recommendation.closed_on == TODAY
    check = ImpactCheck.objects.get(closure=closed)
    assert (check.earliest_on, check.due_on, check.latest_on) == (
        dt.date(2026, 9, 16),
        dt.date(2026, 12, 16),
        dt.date(2027, 3, 16),
    )
    with pytest.raises(ValidationError) as no_action:
        services.impact_check_record(
            actor=committee,
            check=check,
            expected_version=1,
            result="not_shown",
            what_changed="Nothing measurable",
            evidence="Re-audit",
            reason="No change in strategy discussions",
        )
    assert "description" in no_action.value.message_dict
    services.impact_check_record(
        actor=committee,
        check=check,
        expected_version=1,
        result="not_shown",
        what_changed="Nothing measurable",
        evidence="Re-audit of 20 cases",
        reason="No change in strategy discussions",
        new_action=services.ActionFields(
            description="Joint training on strategy discussions",
            owner_agency_id=plan.agency.pk,
            due_on=dt.date(2026, 9, 30),
            owner_role="Training lead",
        ),
    )
    recommendation.refresh_from_db()
    check.refresh_from_db()
    assert (
        recommendation.status == "open"
        and recommendation.closed_on is None
        and recommendation.reopened_count == 1
    )
    assert check.new_action is not None and check.new_action.recommendation == recommendation
    assert len(_events(EventType.RECOMMENDATION_REOPENED)) == 1
    assert ActionEvidence.objects.count() == 0


def test_impact_shown_keeps_it_closed(plan):
    recommendation = plan.recommendations[0]
    _settle(plan, _action(plan, recommendation))
    closed = services.recommendation_close(
        actor=plan.people["business_unit_officer"],
        recommendation=recommendation,
        expected_version=1,
        meeting="Monitoring committee",
        decided_on=TODAY,
    )
    check = ImpactCheck.objects.get(closure=closed)
    services.impact_check_record(
        actor=plan.people["business_manager"],
        check=check,
        expected_version=1,
        result="shown",
        what_changed="Strategy discussions held within a day",
        evidence="Audit",
        reason="Consistent across agencies",
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "closed"


def test_a_restricted_case_plan_is_read_only_by_those_who_see_the_case(plan):
    from safeguarding_reviews.action_plans.policies import PlanAccess, PlanPermission
    from safeguarding_reviews.cases.models import Case

    action = _action(plan, plan.recommendations[0])
    Case.objects.filter(pk=plan.case.pk).update(is_restricted=True)
    action = CaseAction.objects.select_related("case").get(pk=action.pk)
    for key in ("delegate_local_authority", "independent_chair", "monitoring_committee_member"):
        user = plan.people[key]
        assert not visible_plan_actions(user, plan.partnership).exists()
        assert not visible_recommendations(user, plan.partnership).exists()
        assert not PlanAccess(user, plan.partnership).may_action(PlanPermission.VIEW, action)
    manager = plan.people["business_manager"]
    assert visible_plan_actions(manager, plan.partnership).filter(pk=action.pk).exists()
    assert PlanAccess(manager, plan.partnership).may_action(PlanPermission.VIEW, action)
    # The agency still reads and updates its own action (on any case).
    assert (
        visible_plan_actions(plan.people["agency_representative"], plan.partnership)
        .filter(pk=action.pk)
        .exists()
    )
