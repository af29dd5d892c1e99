"""Demo data past the rapid review (issue 11): two cases taken all the way through the real services, with
synthetic data and working-day dates counted back from today.

- Child V: rapid review signed off by all three partners with a decision to hold an LCSPR, sent to the Panel
  today (on time), so it is at the LCSPR stage with its sign-off record and the 6-month publication clock.
  Its local review is under way: terms of reference agreed by the LCPC, a few synthetic practitioners on its
  register (by agency and role, names kept as identity details), the independent reviewer appointed,
  their declaration (no conflicts) accepted and their commission recorded, the methodology agreed, and the
  review on the LCPC's list (so the LCPC member sees it).
- Child W: signed off with a decision for another learning review (a local learning event), sent to the Panel,
  the learning route recorded, and its immediate action still open, so it sits at "Action plan".

Idempotent: a case whose pseudonym is already in the partnership is left as it is, so seeding again writes
nothing (and renders nothing: the report and the sign-off record are made once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.demo.families import seed_family
from safeguarding_reviews.demo.final_reports import final_report_in_preparation
from safeguarding_reviews.demo.publication import seed_publication_demo
from safeguarding_reviews.demo.report_drafts import child_v_drafts

LCSPR_CASE = "Child V"
ACTION_PLAN_CASE = "Child W"


@dataclass(frozen=True)
class DemoPeople:
    officer: Any
    delegates: dict[str, Any]  # partner -> that partner's delegate
    agency: Any  # owns the immediate action
    manager: Any = None  # the business manager: appoints and accepts Child V's reviewer
    reviewer: Any = None  # Child V's independent reviewer


def _back(day: dt.date, n: int, non_working: frozenset[dt.date]) -> dt.date:
    """The Nth working day before `day` (n = 0: `day` itself, moved back to a working day if it is not)."""
    from safeguarding_reviews.working_days.calculator import is_working_day

    while not is_working_day(day, non_working=non_working):
        day -= dt.timedelta(days=1)
    for _ in range(n):
        day -= dt.timedelta(days=1)
        while not is_working_day(day, non_working=non_working):
            day -= dt.timedelta(days=1)
    return day


def _signed_off(*, people: DemoPeople, case: Case, decision: dict[str, str], action_due: dt.date) -> None:
    """A complete outcome drafted by the business unit, its report, the three partners' agreement and the
    sign-off record (built here, as the task worker would: the worker is not running while `make run`
    seeds)."""
    from safeguarding_reviews.outcomes import services as outcomes
    from safeguarding_reviews.outcomes.criteria import Answer
    from safeguarding_reviews.outcomes.models import PracticeTheme
    from safeguarding_reviews.outcomes.selectors import ASSESSMENT_CODES, answer_field
    from safeguarding_reviews.reports.services import report_generate
    from safeguarding_reviews.signoffs import services as signoffs
    from safeguarding_reviews.signoffs.models import BuildStatus, SignOffRecordBuild

    officer = people.officer
    assessment: dict[str, str] = {}
    for code in ASSESSMENT_CODES:
        assessment[answer_field(code)] = Answer.YES
        assessment[f"{answer_field(code)}_reason"] = f"Demo: synthetic reasoning for {code}."
    outcome = outcomes.outcome_start(actor=officer, case=case)
    for section, changes in [
        ("facts", {"facts_summary": f"Demo facts. {case.summary}"}),
        ("context", {"lived_context": "Demo: the child's daily life, as the agencies described it."}),
        ("assessment", assessment),
        ("decision", decision),
    ]:
        outcome = outcomes.outcome_update(
            actor=officer, outcome=outcome, section=section, expected_version=outcome.version, changes=changes
        )
    theme = PracticeTheme.objects.filter(is_active=True).order_by("pk").first()
    outcome = outcomes.learning_point_add(
        actor=officer,
        outcome=outcome,
        expected_version=outcome.version,
        text="Demo: information about the household was not shared between health and children's services.",
        theme_ids=[theme.pk] if theme else [],
    )
    outcome = outcomes.immediate_action_add(
        actor=officer,
        outcome=outcome,
        expected_version=outcome.version,
        description="Demo: a safety plan for the siblings, reviewed by the social worker.",
        owner_agency=people.agency,
        due_on=action_due,
        other_children_safe=True,
        other_children_note="Demo: siblings seen and safe.",
    )
    report = report_generate(actor=officer, case=case)
    for partner, delegate in people.delegates.items():
        signoffs.signoff_record(
            actor=delegate,
            case=case,
            partner=partner,
            agrees=True,
            expected_version=outcome.version,
            report_sha256=report.sha256,
        )
    build = SignOffRecordBuild.objects.filter(outcome=outcome, status=BuildStatus.QUEUED).first()
    if build is not None:
        signoffs.signoff_record_build_run(build_id=build.pk)


def _case(
    *,
    people: DemoPeople,
    delegate: Any,
    partnership: Any,
    pseudonym: str,
    summary: str,
    received_on: dt.date | None = None,
) -> Case:
    """A new case taken through the referral, screening and the notification on working days, each within its
    clock, the notification sent 10 working days before the last working day (today, on a working day); or
    from a referral received on `received_on` (demo/publication.py's cases, months ago)."""
    from safeguarding_reviews.cases import services as case_services
    from safeguarding_reviews.clocks.services import milestone_record
    from safeguarding_reviews.demo.screening import seed_notified_case
    from safeguarding_reviews.working_days.calculator import add_working_days
    from safeguarding_reviews.working_days.selectors import local_non_working_days

    non_working = local_non_working_days(partnership)
    received = _back(received_on or clock.today(), 0 if received_on else 12, non_working)
    case = case_services.case_create(
        actor=people.officer,
        partnership=partnership,
        pseudonym=pseudonym,
        incident_date=received - dt.timedelta(days=2),
        referral_received_on=received,
        summary=summary,
    )
    at = dt.datetime.combine(received, dt.time(10, 0), tzinfo=clock.LONDON)
    milestone_record(
        actor=people.officer, case=case, event="referral_received", occurred_on=received, occurred_at=at
    )
    milestone_record(
        actor=people.officer,
        case=case,
        event="written_confirmation_received",
        occurred_on=add_working_days(received, 1, non_working=non_working),
    )
    seed_notified_case(
        officer=people.officer,
        delegate=delegate,
        case=case,
        aware_on=received,
        decided_on=add_working_days(received, 1, non_working=non_working),
        sent_on=add_working_days(received, 2, non_working=non_working),
    )
    case.refresh_from_db()
    return case


def seed_after_rapid_review_demo(*, partnership: Any, people: DemoPeople, screening_delegate: Any) -> None:
    """Child V at the LCSPR stage and Child W at "Action plan" (see the module's docstring). Idempotent."""
    from safeguarding_reviews.outcomes.criteria import Answer, Decision, OtherLearningReview
    from safeguarding_reviews.panel import services as panel
    from safeguarding_reviews.panel.models import LearningRoute
    from safeguarding_reviews.working_days.calculator import add_working_days
    from safeguarding_reviews.working_days.selectors import local_non_working_days

    have = set(Case.objects.filter(lead_partnership=partnership).values_list("pseudonym", flat=True))
    non_working = local_non_working_days(partnership)
    sent_on = _back(clock.today(), 0, non_working)
    action_due = add_working_days(sent_on, 20, non_working=non_working)
    common = {
        "national_review_appropriate": Answer.NO,
        "national_review_reason": "Demo: the learning is local.",
    }
    if LCSPR_CASE not in have:
        case = _case(
            people=people,
            delegate=screening_delegate,
            partnership=partnership,
            pseudonym=LCSPR_CASE,
            summary="Serious harm to a 6-month-old; several agencies involved with the family.",
        )
        _signed_off(
            people=people,
            case=case,
            decision={
                "decision": Decision.LCSPR,
                "other_learning_review": "",
                "rationale": "Demo: the LCSPR criteria are met; the learning is wider than one agency.",
            }
            | common,
            action_due=action_due,
        )
        panel.panel_submission_record(actor=people.officer, case=case, sent_on=sent_on)
        _local_review_under_way(people=people, case=case, partnership=partnership, agreed_on=clock.today())
    if ACTION_PLAN_CASE not in have:
        case = _case(
            people=people,
            delegate=screening_delegate,
            partnership=partnership,
            pseudonym=ACTION_PLAN_CASE,
            summary="Serious harm to a 7-year-old; learning mainly for schools and health.",
        )
        _signed_off(
            people=people,
            case=case,
            decision={
                "decision": Decision.OTHER_LEARNING_REVIEW,
                "other_learning_review": OtherLearningReview.LOCAL_LEARNING_EVENT,
                "rationale": "Demo: the learning is clear and is best shared at a local learning event.",
            }
            | common,
            action_due=action_due,
        )
        panel.panel_submission_record(actor=people.officer, case=case, sent_on=sent_on)
        panel.panel_learning_route_record(
            actor=people.officer, case=case, learning_route=LearningRoute.LEARNING_EVENT
        )
    # Two more LCSPR cases, from months ago: one published, one held for a trial (demo/publication.py).
    seed_publication_demo(partnership=partnership, people=people, screening_delegate=screening_delegate)


def _local_review_under_way(*, people: DemoPeople, case: Any, partnership: Any, agreed_on: Any) -> None:
    """Child V's local review (opened by sending the rapid review): terms of reference written and agreed by
    the LCPC, so a newcomer sees the LCSPR stage under way. The reviewer is the reviewers app's."""
    import datetime as dt

    from safeguarding_reviews.local_reviews import services as local_reviews
    from safeguarding_reviews.local_reviews.selectors import review_for_case
    from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership

    review = review_for_case(case)
    if review is None:
        return
    terms = local_reviews.terms_save(
        actor=people.officer,
        review=review,
        expected_version=0,
        scope_from=agreed_on - dt.timedelta(days=365),
        scope_to=agreed_on - dt.timedelta(days=7),
        lines_of_enquiry=[
            "How agencies shared information about the baby's injuries",
            "How the voice and daily experience of the baby were understood",
        ],
        agency_ids=list(active_agencies_of_partnership(partnership.pk).values_list("pk", flat=True)[:4]),
        child_perspective="Demo: through the records of the baby's care and the parents' accounts.",
        family_context="Demo: the household's circumstances and stresses over the scope period.",
        proportionality="Demo: two lines of enquiry; a practitioner event rather than individual reports.",
    )
    local_reviews.terms_agreement_record(
        actor=people.officer,
        terms=terms,
        agreed_on=agreed_on,
        meeting="Demo: LCPC meeting",
        members_present="Demo LCPC chair\nDemo health member\nDemo police member",
    )
    _practitioners(people=people, case=case, agency_ids=terms.agency_ids, agreed_on=agreed_on)
    _reviewer_and_method(people=people, case=case, review=review, agreed_on=agreed_on)
    seed_family(officer=people.officer, reviewer=people.reviewer, case=case)
    child_v_drafts(people=people, case=case)
    final_report_in_preparation(people=people, case=case)


# Child V's practitioners (synthetic names): (role, team, name, months of involvement before the agreement).
DEMO_PRACTITIONERS = [
    ("Health visitor", "0 to 19 team, East locality", ("Demo Practitioner", "Ash"), 10),
    ("Social worker", "Assessment team", ("Demo Practitioner", "Birch"), 6),
    ("Police constable", "", ("Demo Practitioner", "Cedar"), 2),
    ("GP", "", ("Demo Practitioner", "Damson"), 11),
]


def _practitioners(*, people: DemoPeople, case: Any, agency_ids: list[int], agreed_on: Any) -> None:
    """A few synthetic practitioners on Child V's register, one per agency in scope (by agency and role; the
    names are identity details), recorded before the reviewer is appointed so their declaration page lists
    them."""
    import datetime as dt

    from safeguarding_reviews.practitioners.services import practitioner_add

    if not agency_ids:
        return
    added = []
    for index, (role, team, (first_names, last_name), months) in enumerate(DEMO_PRACTITIONERS):
        added.append(
            practitioner_add(
                actor=people.officer,
                case=case,
                agency_id=agency_ids[index % len(agency_ids)],
                role=role,
                team=team,
                first_names=first_names,
                last_name=last_name,
                involved_from=agreed_on - dt.timedelta(days=30 * months),
                involved_to=agreed_on - dt.timedelta(days=14),
            )
        )
    _involvement(people=people, case=case, practitioners=added, agreed_on=agreed_on)


def _involvement(*, people: DemoPeople, case: Any, practitioners: list[Any], agreed_on: Any) -> None:
    """Issue 14: the health visitor was given the no-blame statement with their invitation to the practitioner
    event and accepted; the social worker was invited to a conversation without the statement recorded, so
    the register shows its warning."""
    import datetime as dt

    from safeguarding_reviews.core import clock
    from safeguarding_reviews.practitioners import services

    today = clock.today()
    invited_on = min(today, max(agreed_on, today - dt.timedelta(days=7)))
    health_visitor, social_worker = practitioners[0], practitioners[1]
    services.statement_record(
        actor=people.officer,
        case=case,
        practitioner=health_visitor,
        expected_version=None,
        given_on=invited_on,
        method="email",
        given_by="business_unit",
    )
    invitation = services.invitation_add(
        actor=people.officer,
        case=case,
        practitioner=health_visitor,
        kind="event",
        invited_on=invited_on,
        method="email",
        event_on=today + dt.timedelta(days=14),
    )
    services.invitation_update(
        actor=people.officer,
        case=case,
        invitation=invitation,
        expected_version=invitation.version,
        event_on=invitation.event_on,
        response="accepted",
        attended="not_yet",
    )
    services.invitation_add(
        actor=people.officer,
        case=case,
        practitioner=social_worker,
        kind="conversation",
        invited_on=invited_on,
        method="phone",
    )


def _reviewer_and_method(*, people: DemoPeople, case: Any, review: Any, agreed_on: Any) -> None:
    """Child V's reviewer, through the reviewers services: appointed, declaring no conflicts, accepted, with a
    commission; the methodology saved and agreed; the review put on the LCPC's list."""
    import datetime as dt

    from safeguarding_reviews.cases.services import committee_listing_add
    from safeguarding_reviews.local_reviews import services as local_reviews
    from safeguarding_reviews.local_reviews.selectors import national_method
    from safeguarding_reviews.reviewers import services as reviewers

    if people.manager is None or people.reviewer is None:
        return
    appointment = reviewers.reviewer_appoint(actor=people.manager, case=case, user=people.reviewer)
    appointment = reviewers.declaration_submit(
        actor=people.reviewer,
        appointment=appointment,
        expected_version=appointment.version,
        answers={"family": False, "agencies": False, "services": False, "other": False},
    )
    reviewers.declaration_decide(actor=people.manager, case=case, appointment=appointment, accept=True)
    reviewers.commission_save(
        actor=people.manager,
        case=case,
        start_date=agreed_on,
        end_date=agreed_on + dt.timedelta(days=150),
        deliverables="Demo: a practitioner event, a draft report for the LCPC, and the final report.",
        expected_version=None,
    )
    methodology = local_reviews.methodology_save(
        actor=people.officer,
        review=review,
        expected_version=0,
        method=national_method("learning_together"),
        other_description="",
        analysis_rationale="Demo: a systems approach suits learning spread across several agencies.",
        participation_rationale="Demo: practitioners and the family are invited to take part.",
    )
    local_reviews.methodology_agreement_record(
        actor=people.officer,
        methodology=methodology,
        expected_version=methodology.version,
        agreed_on=agreed_on,
        meeting="Demo: LCPC meeting",
        members_present="Demo LCPC chair\nDemo health member\nDemo police member",
    )
    committee_listing_add(actor=people.officer, case=case)
    # One method of the partnership's own on its managed list (the review methods page).
    local_reviews.review_method_add(
        actor=people.manager,
        partnership=case.lead_partnership,
        label="Demo: rapid learning workshop",
        description="Demo: a single facilitated workshop with the practitioners, for a proportionate review.",
        source="Demo: agreed by the LCPC",
        requires_description=True,
    )
