"""Reads for the dashboards, all through the case policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.policies import CASE_RUNNERS, visible_cases
from safeguarding_reviews.cases.stages import OPEN_STAGES, Stage
from safeguarding_reviews.clocks.models import AdjustmentStatus, Deadline, DeadlineAdjustment
from safeguarding_reviews.clocks.selectors import annotate_next_deadline
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import partnerships_where, roles_by_partnership

from .case_tasks import ASKS, TASK_CLOCKS, URL_NAMES, CaseFacts, TaskKey, tasks_for

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

MY_TASKS_LIMIT = 20
MY_TASKS_PAGE = 50


def business_unit_partnerships(user: User) -> list[int]:
    return partnerships_where(user, CASE_RUNNERS)


def author_requests(*, user: User, limit: int = 100) -> list[Any]:
    """An agency author's open requests to their agency, each with its case (they do not see the case
    itself, only the request: docs/roles.md)."""
    from safeguarding_reviews.rapid_review.selectors import open_requests_for_author

    return list(open_requests_for_author(user)[:limit])


def open_cases_for_dashboard(
    *,
    user: User,
    stage: str | None,
    partnership_id: int | None,
    overdue_only: bool,
    today: dt.date,
    now: dt.datetime,
) -> QuerySet[Case]:
    """Every open case this user may see, with its next clock, soonest first."""
    cases = visible_cases(user).filter(stage__in=OPEN_STAGES)
    if stage:
        cases = cases.filter(stage=stage)
    if partnership_id:
        cases = cases.filter(lead_partnership_id=partnership_id)
    cases = annotate_next_deadline(cases.select_related("lead_partnership")).annotate(
        notification_started=Exists(Deadline.objects.filter(case_id=OuterRef("pk"), rule_code="notification"))
    )
    if overdue_only:
        # One semi-join over open, unpaused deadlines past due (index deadline_open_by_case), not a filter
        # on the correlated "next deadline" annotations, which ran once per open case for the count and
        # again for the page.
        past_due = Deadline.objects.filter(
            Q(due_at__isnull=True, due_on__lt=today) | Q(due_at__lt=now),
            case_id=OuterRef("pk"),
            met_on__isnull=True,
            paused_since__isnull=True,
        )
        cases = cases.filter(Exists(past_due))
    return cases.order_by(F("next_due_on").asc(nulls_last=True), "reference")


def missed_deadlines_q(*, today: dt.date, now: dt.datetime) -> Q:
    """Deadlines that were missed and so need a reason for the delay: open and past their due date (a
    paused clock is not running, so it is not missed), or met after it. Hour clocks (the 48-hour written
    confirmation) count by the hour: overdue once `due_at` has passed, late if met after `due_at`."""
    day_clock, hour_clock = Q(due_at__isnull=True), Q(due_at__isnull=False)
    open_missed = Q(met_on__isnull=True, paused_since__isnull=True) & (
        (day_clock & Q(due_on__lt=today)) | (hour_clock & Q(due_at__lt=now))
    )
    met_late = (day_clock & Q(met_on__gt=F("due_on"))) | (
        hour_clock & (Q(met_at__gt=F("due_at")) | Q(met_at__isnull=True, met_on__gt=F("due_on")))
    )
    return open_missed | met_late


def my_tasks(*, user: User, today: dt.date, now: dt.datetime | None = None) -> dict[str, list[Any]]:
    """What is waiting for this person: missed clocks needing a reason on cases they lead, clocks due
    within a week on cases they lead, and pause or extension requests they may decide."""
    led = CaseMembership.objects.filter(
        user=user, capacity=CaseCapacity.CASE_LEAD, ended_at__isnull=True
    ).values("case_id")
    visible = visible_cases(user).filter(stage__in=OPEN_STAGES).values("pk")
    mine = Deadline.objects.filter(case_id__in=led).filter(case_id__in=visible).select_related("case", "rule")
    needs_reason = list(
        mine.filter(delay_reason="")
        .filter(missed_deadlines_q(today=today, now=now or clock.now()))
        .order_by("due_on", "pk")[:MY_TASKS_LIMIT]
    )
    due_soon = list(
        mine.filter(
            met_on__isnull=True,
            paused_since__isnull=True,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=7),
        ).order_by("due_on", "pk")[:MY_TASKS_LIMIT]
    )
    decide = []
    managed = partnerships_where(user, {Role.BUSINESS_MANAGER})
    if managed:
        decide = list(
            DeadlineAdjustment.objects.filter(
                status=AdjustmentStatus.PENDING,
                deadline__case__lead_partnership_id__in=managed,
                deadline__case_id__in=visible,
            )
            .exclude(requested_by=user)
            .select_related("deadline__case", "deadline__rule")
            .order_by("requested_at", "pk")[:MY_TASKS_LIMIT]
        )
    return {"needs_reason": needs_reason, "due_soon": due_soon, "decide": decide}


def case_facts(cases: Iterable[Case]) -> dict[Any, CaseFacts]:
    """{case id: CaseFacts} for the case task list and My tasks: three queries however many cases."""
    from safeguarding_reviews.cases.routes import FOLLOW_UPS, LCSPR
    from safeguarding_reviews.clocks.models import Milestone, MilestoneEvent
    from safeguarding_reviews.panel.models import FollowUp, PanelSubmission
    from safeguarding_reviews.rapid_review.models import AgencyRequest, RequestStatus
    from safeguarding_reviews.referrals.models import Channel, Referral
    from safeguarding_reviews.reports.models import GeneratedReport
    from safeguarding_reviews.screening.models import Screening, ScrutinyComment
    from safeguarding_reviews.signoffs.models import SignOff

    ids = [case.pk for case in cases]
    if not ids:
        return {}
    here = OuterRef("pk")
    current = PanelSubmission.objects.filter(case_id=here, superseded_at__isnull=True)
    referral = Referral.objects.filter(case_id=here).order_by("pk")
    rows = Case.objects.filter(pk__in=ids).annotate(
        f_referral_status=Subquery(referral.values("status")[:1]),
        f_referral_channel=Subquery(referral.values("channel")[:1]),
        f_screening=Exists(Screening.objects.filter(case_id=here)),
        f_decided=Exists(Screening.objects.filter(case_id=here).exclude(outcome="")),
        f_chair_commented=Exists(ScrutinyComment.objects.filter(case_id=here, from_chair=True)),
        f_requested=Exists(AgencyRequest.objects.filter(case_id=here)),
        f_waiting=Exists(AgencyRequest.objects.filter(case_id=here, status=RequestStatus.SUBMITTED)),
        f_report=Exists(GeneratedReport.objects.filter(case_id=here)),
        f_report_current=Exists(
            GeneratedReport.objects.filter(case_id=here, outcome_version=F("outcome__version"))
        ),
        # The route after sending (panel.views shows the same two forms on the same conditions).
        f_learning_route_due=Exists(
            current.filter(learning_route="", case__stage=Stage.DECISION)
            .exclude(follow_up=FollowUp.AWAIT_NATIONAL_REVIEW)
            .exclude(case__rapid_review_outcome__decision=LCSPR)
        ),
        f_follow_up_due=Exists(
            current.filter(
                follow_up="", response__in=[code for code, allowed in FOLLOW_UPS.items() if allowed]
            )
        ),
        f_after_sending_done=Exists(current.exclude(learning_route="", follow_up="")),
    )
    milestones: dict[Any, set[str]] = {}
    for case_id, event in Milestone.objects.filter(case_id__in=ids).values_list("case_id", "event"):
        milestones.setdefault(case_id, set()).add(event)
    # Standing sign-offs on the outcome's current version and its newest report (signoffs.selectors).
    newest = GeneratedReport.objects.filter(
        outcome_id=OuterRef("outcome_id"), outcome_version=OuterRef("outcome_version")
    ).order_by("-generated_at", "-pk")
    signed: dict[Any, set[str]] = {}
    standing = (
        SignOff.objects.filter(
            case_id__in=ids, superseded_at__isnull=True, outcome_version=F("outcome__version")
        )
        .annotate(current_sha=Subquery(newest.values("sha256")[:1]))
        .filter(report_sha256=F("current_sha"))
        .values_list("case_id", "partner")
    )
    for case_id, partner in standing:
        signed.setdefault(case_id, set()).add(partner)
    facts = {}
    for row in rows.values(
        "pk",
        "stage",
        "f_referral_status",
        "f_referral_channel",
        "f_screening",
        "f_decided",
        "f_chair_commented",
        "f_requested",
        "f_waiting",
        "f_report",
        "f_report_current",
        "f_learning_route_due",
        "f_follow_up_due",
        "f_after_sending_done",
    ):
        done = milestones.get(row["pk"], set())
        facts[row["pk"]] = CaseFacts(
            stage=row["stage"],
            referral_status=row["f_referral_status"] or "",
            referral_online=row["f_referral_channel"] == Channel.ONLINE,
            written_confirmation=MilestoneEvent.WRITTEN_CONFIRMATION_RECEIVED in done,
            la_aware=MilestoneEvent.LA_BECAME_AWARE in done,
            screening_started=row["f_screening"],
            decided=row["f_decided"],
            chair_commented=row["f_chair_commented"],
            notification_sent=MilestoneEvent.NOTIFICATION_SENT in done,
            local_partners_told=MilestoneEvent.LOCAL_PARTNERS_TOLD in done,
            returns_waiting=int(row["f_waiting"]),
            returns_requested=row["f_requested"],
            report_current=row["f_report_current"],
            report_generated=row["f_report"],
            partners_signed=frozenset(signed.get(row["pk"], ())),
            rapid_review_sent=MilestoneEvent.RAPID_REVIEW_SENT in done,
            learning_route_due=row["f_learning_route_due"],
            follow_up_due=row["f_follow_up_due"],
            after_sending_done=row["f_after_sending_done"],
        )
    return facts


@dataclass(frozen=True)
class MyTask:
    case: Case
    key: TaskKey
    ask: str
    url: str
    # The task's own due date (its clock's, TASK_CLOCKS), or None; paused clocks show no date.
    due_on: dt.date | None = None


def _task_due_dates(case_ids: list[Any]) -> dict[tuple[Any, str], dt.date]:
    """{(case id, rule code): due date} of the open, running clocks of these cases (one query)."""
    rows = Deadline.objects.filter(
        case_id__in=case_ids,
        rule_code__in=set(TASK_CLOCKS.values()),
        met_on__isnull=True,
        paused_since__isnull=True,
    ).values_list("case_id", "rule_code", "due_on", "extended_to")
    return {(case_id, code): extended_to or due_on for case_id, code, due_on, extended_to in rows}


def my_case_tasks(*, user: User, limit: int = MY_TASKS_PAGE) -> tuple[list[MyTask], int]:
    """(the first `limit` of this person's open tasks on the open cases they can see, how many in all),
    from the same rules as the case task list (dashboards.case_tasks), each with its own due date. Five
    queries however many."""
    roles = roles_by_partnership(user)
    cases = list(
        visible_cases(user)
        .filter(stage__in=OPEN_STAGES)
        .select_related("lead_partnership")
        .only("pk", "reference", "stage", "lead_partnership_id", "lead_partnership__name")
        .order_by("reference", "pk")
    )
    facts = case_facts(cases)
    due_dates = _task_due_dates([case.pk for case in cases])
    tasks = []
    for case in cases:
        for key in tasks_for(facts[case.pk], roles.get(case.lead_partnership_id, frozenset())):
            tasks.append(
                MyTask(
                    case=case,
                    key=key,
                    ask=ASKS[key],
                    url=reverse(URL_NAMES[key], kwargs={"case_id": case.pk}),
                    due_on=due_dates.get((case.pk, TASK_CLOCKS.get(key, ""))),
                )
            )
    return tasks[:limit], len(tasks)


PROVISIONAL_CLOCK_NAME = "Decision on notifying the Panel (expected)"


def provisional_clock_start(case: Any) -> dt.date | None:
    """A case with no open clock that is waiting for the local authority's decision shows the date the
    referrer was told (5 working days after the referral was received) until the local authority's awareness
    starts the real notification clock. Needs open_cases_for_dashboard's annotations."""
    if case.next_due_on is not None or case.notification_started or not case.referral_received_on:
        return None
    if case.stage not in (Stage.REFERRAL, Stage.SCREENING):
        return None
    return case.referral_received_on
