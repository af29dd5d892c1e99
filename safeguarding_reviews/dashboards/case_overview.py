"""The case page: a GOV.UK task list for the stages built so far and the case timeline.

Composed from each stage's selectors and policies (read-only), so the case page and the stage pages cannot
disagree about who may do what. A fixed number of queries whatever the case holds (asserted in its tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.chronology.ordering import ORDER_BY
from safeguarding_reviews.chronology.policies import ChronologyAction
from safeguarding_reviews.chronology.policies import may as may_chronology
from safeguarding_reviews.chronology.selectors import visible_entries
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.selectors import describe_move
from safeguarding_reviews.notifications.models import Notification
from safeguarding_reviews.notifications.policies import NotificationAction
from safeguarding_reviews.notifications.policies import may as may_notification
from safeguarding_reviews.screening.policies import ScreeningAction
from safeguarding_reviews.screening.policies import may as may_screening

from .case_tasks import (
    CANNOT_START,
    COMPLETED,
    IN_PROGRESS,
    NAMES,
    NOT_NEEDED,
    NOT_STARTED,
    CaseFacts,
    TaskKey,
    report_hint,
    task_status,
)

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

TAG = {IN_PROGRESS: "govuk-tag--light-blue", NOT_STARTED: "govuk-tag--blue", CANNOT_START: "", NOT_NEEDED: ""}

# What the timeline shows: what happened to the case, not every read of it.
TIMELINE_EVENTS = [
    EventType.CASE_CREATED,
    EventType.CASE_STAGE_CHANGED,
    EventType.CASE_UPDATED,
    EventType.CASE_MEMBER_ADDED,
    EventType.CASE_MEMBER_REMOVED,
    EventType.CASE_SHARED,
    EventType.CASE_SHARE_ENDED,
    EventType.REFERRAL_SUBMITTED,
    EventType.REFERRAL_RECORDED,
    EventType.REFERRAL_CONFIRMED_IN_WRITING,
    EventType.DOCUMENT_STORED,
    EventType.MILESTONE_RECORDED,
    EventType.MILESTONE_CORRECTED,
    EventType.DEADLINE_MOVED,
    EventType.DEADLINE_DELAY_REASON,
    EventType.DEADLINE_ADJUSTMENT_REQUESTED,
    EventType.DEADLINE_ADJUSTMENT_DECIDED,
    EventType.DEADLINE_RESUMED,
    EventType.SCREENING_AWARENESS_RECORDED,
    EventType.SCREENING_PREPARED,
    EventType.SCREENING_DECIDED,
    EventType.SCRUTINY_COMMENTED,
    EventType.NOTIFICATION_UPDATED,
    EventType.NOTIFICATION_SENT,
    EventType.NOTIFICATION_LOCAL_PARTNERS_TOLD,
]
TIMELINE_LENGTH = 30


@dataclass
class Task:
    name: str
    status: str
    url: str | None = None
    hint: str = ""

    @property
    def tag_class(self) -> str:
        return TAG.get(self.status, "")


@dataclass
class TaskGroup:
    title: str
    tasks: list[Task] = field(default_factory=list)


def task_list(*, user: User, case: Case) -> list[TaskGroup]:
    """The stages so far, each with its tasks, their status (dashboards.case_tasks, the rules My tasks uses
    too) and a link where this user may act or read."""
    from .selectors import case_facts

    facts = case_facts([case])[case.pk]
    case_id = case.pk

    def link(name: str, allowed: bool) -> str | None:
        return reverse(name, kwargs={"case_id": case_id}) if allowed else None

    def task(key: TaskKey, url: str | None, hint: str = "") -> Task:
        return Task(NAMES[key], task_status(facts, key), url, hint=hint)

    has_referral = bool(facts.referral_status)
    groups = [
        TaskGroup(
            "Referral",
            [
                task(TaskKey.REFERRAL, link("referrals:case_referral", has_referral)),
                task(
                    TaskKey.WRITTEN_CONFIRMATION,
                    link("referrals:case_referral", has_referral and not facts.referral_online),
                    hint="Only for referrals made by phone or email: due within 48 hours.",
                ),
                Task(
                    "Children and household",
                    task_status(facts, TaskKey.REFERRAL)
                    if facts.referral_status == "submitted"
                    else NOT_STARTED,
                    link("subjects:case_subjects", True),
                ),
            ],
        )
    ]
    may_view_screening = may_screening(user, ScreeningAction.VIEW, case)
    groups.append(
        TaskGroup(
            "Screening and the decision to notify",
            [
                task(
                    TaskKey.LA_AWARE,
                    link("screening:awareness", may_screening(user, ScreeningAction.PREPARE, case)),
                ),
                task(
                    TaskKey.CHECKLIST,
                    link("screening:checklist", may_screening(user, ScreeningAction.PREPARE, case)),
                ),
                _decision_task(user=user, case=case, facts=facts, may_view=may_view_screening, link=link),
                task(
                    TaskKey.SCRUTINY,
                    link(
                        "screening:scrutiny",
                        facts.decided and may_screening(user, ScreeningAction.SCRUTINY, case),
                    ),
                    hint="The Independent Chair reads the decision and may comment.",
                ),
            ],
        )
    )
    notification_exists = Notification.objects.filter(case=case).exists()
    if case.stage not in (Stage.REFERRAL, Stage.SCREENING) or notification_exists:
        may_view_notification = may_notification(user, NotificationAction.VIEW, case)
        groups.append(
            TaskGroup(
                "Notification to the national Panel",
                [
                    # One row per thing to do: the notification record is the page both tasks link to
                    # (a separate "Notification record" row repeated them).
                    task(TaskKey.NOTIFICATION_SENT, link("notifications:detail", may_view_notification)),
                    task(TaskKey.LOCAL_PARTNERS_TOLD, link("notifications:detail", may_view_notification)),
                ],
            )
        )
    if case.stage not in (Stage.REFERRAL, Stage.SCREENING, Stage.NOTIFICATION):
        may_read = may_chronology(user, ChronologyAction.VIEW, case)
        may_write = may_chronology(user, ChronologyAction.WRITE, case)
        # Existence through the restriction-aware selector: restricted entries never show through counts.
        # The first entry in merge order rather than `exists()`: PostgreSQL judged a long chronology common
        # enough to find one by reading the table from its start, and the case's entries were at its end (20
        # ms at 1,000 cases); asked for the first in order, it reads index chronology_merge_order.
        started = (
            may_read
            and visible_entries(user, case).order_by(*ORDER_BY).values_list("pk", flat=True).first()
            is not None
        )
        groups.append(
            TaskGroup(
                "Rapid review",
                [
                    # One row: adding or importing entries starts from the merged chronology's page.
                    Task(
                        "Merged multi-agency chronology",
                        IN_PROGRESS if started else NOT_STARTED,
                        link("chronology:merged", may_read),
                        hint=(
                            "Add entries one at a time or import the partnership's CSV or Excel template "
                            "from the chronology page."
                            if may_write
                            else "Every agency's entries in date order."
                        ),
                    ),
                    *_agency_requests_task(user, case, facts, link),
                    _meetings_task(user, case, link),
                    *_register_tasks(user, case, link),
                    _outcome_task(user, case, link),
                    _case_actions_task(user, case, link),
                    _report_task(user, case, facts, link),
                    *_signoff_and_panel_tasks(user, case, facts, link),
                ],
            )
        )
    if case.stage in LOCAL_REVIEW_STAGES:
        groups.append(TaskGroup("Local review", [_local_review_task(user, case, link)]))
    return groups


# The stages where a case has, or may start, a local review (a statutory LCSPR, or a local learning review
# for a case that did not go to one).
LOCAL_REVIEW_STAGES = frozenset({Stage.DECISION, Stage.LCSPR, Stage.PUBLICATION, Stage.ACTION_PLAN})


def _local_review_task(user: User, case: Case, link: Any) -> Task:
    from safeguarding_reviews.local_reviews.policies import ReviewAction
    from safeguarding_reviews.local_reviews.policies import may as may_review
    from safeguarding_reviews.local_reviews.selectors import review_for_case

    may_read = may_review(user, ReviewAction.VIEW, case)
    review = review_for_case(case) if may_read else None
    return Task(
        "Local review",
        IN_PROGRESS if review is not None else NOT_STARTED,
        link("local_reviews:task_list", may_read),
        hint=(
            "The plan, terms of reference, methodology, reviewer, progress reviews and constraints."
            if review is None or review.is_statutory
            else "A local learning review: not a statutory LCSPR."
        ),
    )


def _meetings_task(user: User, case: Case, link: Any) -> Task:
    from safeguarding_reviews.meetings.models import RapidReviewMeeting
    from safeguarding_reviews.meetings.policies import MeetingAction
    from safeguarding_reviews.meetings.policies import may as may_meetings
    from safeguarding_reviews.meetings.selectors import next_planned_meeting

    may_read = may_meetings(user, MeetingAction.VIEW, case)
    held = may_read and RapidReviewMeeting.objects.filter(case=case).exists()
    hint = (
        "Plan a meeting with its invitees, then record who attended (agency and role) and the actions agreed."
    )
    planned = next_planned_meeting(case) if held else None
    if planned is not None:
        when = formats.date_format(planned.held_on, "j F Y")
        if planned.starts_at:
            when += f" at {planned.starts_at:%H:%M}"
        hint = f"Next meeting planned for {when}."
    return Task(
        "Rapid review meetings",
        IN_PROGRESS if held else NOT_STARTED,
        link("meetings:list", may_read),
        hint=hint,
    )


def _case_actions_task(user: User, case: Case, link: Any) -> Task:
    from safeguarding_reviews.actions.models import OPEN_STATUSES, CaseAction
    from safeguarding_reviews.actions.policies import Access

    access = Access(user, case)
    if not access.may_view_list:
        return Task("Case action list", NOT_STARTED)
    actions = CaseAction.objects.filter(case=case)
    if not access.reads_all:
        actions = actions.filter(owner_agency_id__in=list(access.agency_ids))
    counts = actions.aggregate(total=Count("pk"), open=Count("pk", filter=Q(status__in=list(OPEN_STATUSES))))
    if not counts["total"]:
        status = NOT_STARTED
    else:
        status = IN_PROGRESS if counts["open"] else COMPLETED
    return Task(
        "Case action list",
        status,
        link("actions:list", True),
        hint=f"{counts['open']} of {counts['total']} actions open." if counts["total"] else "No actions yet.",
    )


def _register_tasks(user: User, case: Case, link: Any) -> list[Task]:
    """The parallel-process register and the family told of the review (issue 11 item 10): both shown in
    the rapid review report, both kept by the business unit."""
    from safeguarding_reviews.parallel_processes.models import ParallelProcess
    from safeguarding_reviews.parallel_processes.policies import RegisterAction
    from safeguarding_reviews.parallel_processes.policies import may as may_register
    from safeguarding_reviews.rapid_review.models import FamilyTold

    may_read = may_register(user, RegisterAction.VIEW, case)
    held = may_read and ParallelProcess.objects.filter(case=case).exists()
    told = may_read and FamilyTold.objects.filter(case=case).exists()
    return [
        Task(
            "Parallel processes",
            IN_PROGRESS if held else NOT_STARTED,
            link("parallel_processes:register", may_read),
            hint="Police investigations, proceedings, inquests and other reviews beside the case.",
        ),
        Task(
            "The family told of the review",
            COMPLETED if told else NOT_STARTED,
            link("rapid_review:family_told", may_read),
            hint="Whether and how the child's family has been told.",
        ),
    ]


def _outcome_task(user: User, case: Case, link: Any) -> Task:
    from safeguarding_reviews.outcomes.completeness import outcome_gaps
    from safeguarding_reviews.outcomes.policies import OutcomeAction
    from safeguarding_reviews.outcomes.policies import may as may_outcome
    from safeguarding_reviews.outcomes.selectors import outcome_facts, outcome_for_case

    may_read = may_outcome(user, OutcomeAction.VIEW, case)
    outcome = outcome_for_case(case) if may_read else None
    if outcome is None:
        status = NOT_STARTED
    else:
        status = IN_PROGRESS if outcome_gaps(outcome_facts(outcome)) else COMPLETED
    return Task(
        "Rapid review outcome",
        status,
        link("outcomes:overview", may_read),
        hint="Facts, context, immediate actions, learning, the criteria, the decision and its rationale.",
    )


def _report_task(user: User, case: Case, facts: CaseFacts, link: Any) -> Task:
    from safeguarding_reviews.reports.policies import ReportAction
    from safeguarding_reviews.reports.policies import may as may_reports

    may_read = may_reports(user, ReportAction.VIEW, case)
    return Task(
        NAMES[TaskKey.REPORT],
        task_status(facts, TaskKey.REPORT) if may_read else NOT_STARTED,
        link("reports:case_reports", may_read),
        hint=report_hint(facts),
    )


def _signoff_and_panel_tasks(user: User, case: Case, facts: CaseFacts, link: Any) -> list[Task]:
    from safeguarding_reviews.panel.policies import PanelAction
    from safeguarding_reviews.panel.policies import may as may_panel
    from safeguarding_reviews.signoffs.policies import SignOffAction
    from safeguarding_reviews.signoffs.policies import may as may_signoffs

    may_read = may_signoffs(user, SignOffAction.VIEW, case)
    return [
        Task(
            NAMES[TaskKey.SIGNOFF],
            task_status(facts, TaskKey.SIGNOFF) if may_read or facts.rapid_review_sent else NOT_STARTED,
            link("signoffs:overview", may_read),
            hint="Each partner's delegate signs off the outcome and report; the Chair can challenge.",
        ),
        Task(
            NAMES[TaskKey.SENT_TO_PANEL],
            task_status(facts, TaskKey.SENT_TO_PANEL),
            link("panel:submission", may_panel(user, PanelAction.VIEW, case)),
            hint="The signed-off report, the date it was sent and the Panel's response.",
        ),
        *(
            [
                Task(
                    NAMES[TaskKey.AFTER_SENDING],
                    task_status(facts, TaskKey.AFTER_SENDING),
                    link("panel:submission", may_panel(user, PanelAction.VIEW, case)),
                    hint=(
                        "The learning route when there is no local review (LCSPR), "
                        "or what follows the Panel's response."
                    ),
                )
            ]
            if facts.rapid_review_sent
            else []
        ),
    ]


def _decision_task(*, user: User, case: Case, facts: CaseFacts, may_view: bool, link: Any) -> Task:
    status = task_status(facts, TaskKey.DECISION)
    name = NAMES[TaskKey.DECISION]
    if status == COMPLETED:
        return Task(name, status, link("screening:detail", may_view))
    if status == CANNOT_START:  # GOV.UK task lists do not link a task that cannot start yet
        return Task(name, status, hint="After the criteria checklist.")
    return Task(
        name,
        status,
        link("screening:decide", may_screening(user, ScreeningAction.DECIDE, case))
        or link("screening:detail", may_view),
    )


def timeline(*, case: Case) -> list[dict[str, Any]]:
    """What happened to the case, newest first: one query."""
    events = (
        AuditEvent.objects.filter(case_id=case.pk, event_type__in=TIMELINE_EVENTS)
        .select_related("actor")
        .order_by("-sequence")[:TIMELINE_LENGTH]
    )
    rows = []
    for event in events:
        if event.event_type == EventType.DEADLINE_MOVED:
            text = describe_move(event.data)
        elif event.event_type in (EventType.MILESTONE_RECORDED, EventType.MILESTONE_CORRECTED):
            text = _milestone_text(event)
        elif event.event_type == EventType.CASE_STAGE_CHANGED:
            text = f"Stage changed to {Stage(event.data.get('to', Stage.REFERRAL)).label}"
        else:
            text = event.event_type_label
        rows.append(
            {"at": event.occurred_at, "who": event.actor.full_name if event.actor else "System", "text": text}
        )
    return rows


def _milestone_text(event: AuditEvent) -> str:
    label = dict(MilestoneEvent.choices).get(event.data.get("event", ""), "Milestone")
    on = event.data.get("on")
    try:
        when = dt.date.fromisoformat(on).strftime("%-d %B %Y") if on else ""
    except ValueError:
        when = ""
    verb = "corrected to" if event.event_type == EventType.MILESTONE_CORRECTED else "recorded:"
    return f"{label} {verb} {when}".strip()


def _agency_requests_task(user: User, case: Case, facts: CaseFacts, link: Any) -> list[Task]:
    """Requests to agencies, for the business unit only (authors reach their request by its link)."""
    from safeguarding_reviews.rapid_review.policies import is_business_unit

    if not is_business_unit(user, case):
        return []
    return [
        Task(
            NAMES[TaskKey.RETURNS],
            task_status(facts, TaskKey.RETURNS),
            link("rapid_review:requests", True),
            hint="Ask each agency for its return, name its author and set the due date.",
        )
    ]
