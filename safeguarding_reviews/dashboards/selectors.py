"""Reads for the dashboards, all through the case policy."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from django.db.models import BooleanField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models import Case as DjCase
from django.urls import reverse

from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.policies import CASE_RUNNERS, visible_case_q, visible_cases
from safeguarding_reviews.cases.stages import OPEN_STAGES, Stage
from safeguarding_reviews.clocks.models import (
    LATE_NO_REASON,
    MET_LATE,
    RUNNING,
    AdjustmentKind,
    AdjustmentStatus,
    Deadline,
    DeadlineAdjustment,
)
from safeguarding_reviews.clocks.selectors import annotate_next_deadline
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.compiled_query import CompiledQueries, CompiledValues
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import partnerships_where, roles_by_partnership, roles_key

from .case_tasks import (
    ASKS,
    PARTNER_OF_ROLE,
    TASK_CLOCKS,
    TASK_ROLES,
    URL_NAMES,
    All,
    AnyOf,
    CaseFacts,
    Condition,
    Fact,
    Not,
    OneOf,
    TaskKey,
    has_task_condition,
    tasks_for,
)

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

MY_TASKS_LIMIT = 20
MY_TASKS_PAGE = 50
# The three partners who sign (local authority, ICB, police), as signoffs.models stores them.
_PARTNERS = tuple(PARTNER_OF_ROLE.values())


def business_unit_partnerships(user: User) -> list[int]:
    return partnerships_where(user, CASE_RUNNERS)


def author_requests(*, user: User, limit: int = 100) -> list[Any]:
    """An agency author's open requests to their agency, each with its case (they do not see the case
    itself, only the request: docs/roles.md)."""
    from safeguarding_reviews.rapid_review.selectors import open_requests_for_author

    return list(open_requests_for_author(user)[:limit])


# The dashboard's order: the stored next due date (no open clock last), then the reference.
DASHBOARD_ORDER = (F("next_due_on").asc(nulls_last=True), "reference", "pk")


# The ids of a dashboard page, compiled once per person, roles, filters and place (core.compiled_query);
# today and the time now are bound (the overdue filter reads them).
_DASHBOARD_IDS = CompiledQueries()
_TODAY_NOW = {"today": dt.date, "now": dt.datetime}


class DashboardCases:
    """The open cases of the dashboard as its Paginator pages them: counted, ordered and sliced on the case's
    stored `next_due_on` (clocks keeps it; index case_next_due), then the page's cases alone are annotated
    with their next deadline (annotate_next_deadline) in one query by id. Annotating the whole list would
    make SQLite evaluate the correlated subqueries for every open case before sorting. `build(today=, now=)`
    gives the open cases the person may see with the filters applied; `key` names the person, their roles
    and the filters; `undated` False when the filters leave no case without a next due date."""

    ordered = True  # for the Paginator: the order is DASHBOARD_ORDER

    def __init__(
        self,
        build: Callable[..., QuerySet[Case]],
        *,
        key: tuple[Hashable, ...],
        today: dt.date,
        now: dt.datetime,
        undated: bool = True,
    ) -> None:
        self._build = build
        self._key = key
        self._undated = undated
        self._when = {"today": today, "now": now}

    @functools.cached_property
    def cases(self) -> QuerySet[Case]:
        return self._build(**self._when).order_by(*DASHBOARD_ORDER)

    def count(self) -> int:
        return self.cases.count()

    def __len__(self) -> int:
        return self.count()

    def _ids(self, part: str, start: int, stop: int) -> list[Any]:
        def build(**when: Any) -> QuerySet[Case, Any]:
            cases = self._build(**when)
            if part == "dated":
                cases = cases.filter(next_due_on__isnull=False).order_by("next_due_on", "reference", "pk")
            else:
                cases = cases.filter(next_due_on__isnull=True).order_by("reference", "pk")
            return cases.values("pk")[start:stop]

        compiled = _DASHBOARD_IDS.get((*self._key, part, start, stop), build, _TODAY_NOW)
        return [row["pk"] for row in compiled.rows(**self._when)]

    def _page_ids(self, start: int, stop: int) -> list[Any]:
        """The ids of positions start..stop in DASHBOARD_ORDER, read as two index walks: the cases with a
        next due date by (next_due_on, reference, id) (index case_due_order), then those without one by
        reference. SQLite keeps NULLs first in an index, so "NULLS LAST" in one query would sort every open
        case before taking the page."""
        ids = self._ids("dated", start, stop)
        # Counted only on a later page past the last dated case (the first page starts at 0).
        dated_count = (
            start + len(ids) if ids or not start else self.cases.filter(next_due_on__isnull=False).count()
        )
        skip = max(0, start - dated_count)
        wanted = stop - start - len(ids)
        # Always read (at least one row), so the page costs the same queries whether or not the dated
        # cases fill it; never when the filters leave no case without a date (`undated` False).
        if self._undated:
            ids += self._ids("undated", skip, skip + max(1, wanted))[:wanted]
        return ids

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> list[Case]: ...

    def __getitem__(self, index: int | slice) -> Case | list[Case]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        page_ids = self._page_ids(start, stop)
        rows = annotate_next_deadline(
            Case.objects.filter(pk__in=page_ids).select_related("lead_partnership")
        ).annotate(
            notification_started=Exists(
                Deadline.objects.filter(case_id=OuterRef("pk"), rule_code="notification")
            )
        )
        return list(rows.order_by(*DASHBOARD_ORDER))

    def __iter__(self) -> Iterator[Case]:
        return iter(self[:])


def open_cases_for_dashboard(
    *,
    user: User,
    stage: str | None,
    partnership_id: int | None,
    overdue_only: bool,
    today: dt.date,
    now: dt.datetime,
) -> DashboardCases:
    """Every open case this user may see, with its next clock, soonest first."""

    def build(*, today: dt.date, now: dt.datetime) -> QuerySet[Case]:
        # Open: the partial index case_due_order holds the open cases alone, in the dashboard's order.
        cases = visible_cases(user).filter(is_open=True)
        if stage:
            cases = cases.filter(stage=stage)
        if partnership_id:
            cases = cases.filter(lead_partnership_id=partnership_id)
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
            # A case with a deadline past due has a next due date no later than today (next_due_on is the
            # earliest running deadline's due date, and an hour clock's due date is its day), so only the
            # start of index case_due_order is read, and no case without a date.
            cases = cases.filter(next_due_on__lte=today).filter(Exists(past_due))
        return cases

    key = ("dashboard", user.pk, roles_key(user), stage, partnership_id, overdue_only)
    return DashboardCases(build, key=key, today=today, now=now, undated=not overdue_only)


def missed_deadlines_q(*, today: dt.date, now: dt.datetime) -> Q:
    """Deadlines that were missed and so need a reason for the delay: open and past their due date (a
    paused clock is not running, so it is not missed), or met after it. Hour clocks (the 48-hour written
    confirmation) count by the hour: overdue once `due_at` has passed, late if met after `due_at`."""
    return _overdue_q(today=today, now=now) | MET_LATE


def _overdue_q(*, today: dt.date, now: dt.datetime) -> Q:
    """Running (not met, not paused) and past due; by the hour for an hour clock."""
    return RUNNING & (Q(due_at__isnull=True, due_on__lt=today) | Q(due_at__isnull=False, due_at__lt=now))


def _my_open_case(user: User) -> Q:
    """The row's case (a deadline's) is open, led by this person (an active case-lead place) and visible to
    them: one EXISTS checked on each deadline read. The lists below start from a deadline index and stop
    after MY_TASKS_LIMIT rows, never from the set of every case the person leads or sees.

    An EXISTS rather than a join, and naming the case in an inequality too (always true beside the
    equality), for PostgreSQL: joined, it estimated the open cases' share of running deadlines as their share
    of all cases (a sixth, where nearly every running clock is on an open case), so it hashed every running
    deadline with every open case and sorted them rather than walk the index and stop at the twentieth; an
    EXISTS that cannot be hashed or turned into a join leaves it the walk."""
    this_case = OuterRef("case_id")
    leads = CaseMembership.objects.filter(
        case_id=OuterRef("pk"), user=user, capacity=CaseCapacity.CASE_LEAD, ended_at__isnull=True
    )
    mine = (
        Case.objects.filter(pk=this_case, pk__gte=this_case, is_open=True)
        .filter(Exists(leads))
        .filter(visible_case_q(user))
    )
    return Q(DjCase(When(Exists(mine), then=Value(True)), default=Value(False), output_field=BooleanField()))


# My tasks' deadline lists, compiled once per person and roles (core.compiled_query): building and compiling
# their four queries cost four times what running them did. Today, a week ahead and the time now are bound.
_MY_DEADLINES = CompiledQueries()
_WHEN = {"today": dt.date, "week_ahead": dt.date, "now": dt.datetime}
_DEADLINE_VALUES = ("pk", "due_on", "rule_code", "case_id", "case__reference", "rule_id", "rule__name")


class CaseRef(NamedTuple):
    """A case as My tasks names it: its id (for the link) and reference."""

    pk: Any
    reference: str


class RuleRef(NamedTuple):
    pk: int
    name: str


class DeadlineRow(NamedTuple):
    """A deadline as My tasks lists it (its case's reference, its rule's name): a display record, read as
    values, where a model instance (and its case's and rule's) cost three times as much to make."""

    pk: int
    due_on: dt.date
    rule_code: str
    case: CaseRef
    rule: RuleRef


class AdjustmentRow(NamedTuple):
    """A pending pause or extension request as My tasks lists it."""

    pk: int
    kind: str
    deadline: DeadlineRow

    def get_kind_display(self) -> str:
        return str(AdjustmentKind(self.kind).label)


def _deadline(row: dict[str, Any], prefix: str = "") -> DeadlineRow:
    return DeadlineRow(
        pk=row[f"{prefix}id" if prefix else "pk"],
        due_on=row[f"{prefix}due_on"],
        rule_code=row[f"{prefix}rule_code"],
        case=CaseRef(row[f"{prefix}case_id"], row[f"{prefix}case__reference"]),
        rule=RuleRef(row[f"{prefix}rule_id"], row[f"{prefix}rule__name"]),
    )


def my_tasks(*, user: User, today: dt.date, now: dt.datetime | None = None) -> dict[str, list[Any]]:
    """What is waiting for this person: missed clocks needing a reason on cases they lead, clocks due
    within a week on cases they lead, and pause or extension requests they may decide. Each list is read
    from a partial index in due (or requested) order, its case checked row by row: a fixed number of
    queries, and work bounded by the rows listed rather than by the cases the person leads."""
    if not getattr(user, "is_active", False):
        return {"needs_reason": [], "due_soon": [], "decide": []}
    now = now or clock.now()
    when = {"today": today, "week_ahead": today + dt.timedelta(days=7), "now": now}

    def mine() -> QuerySet[Deadline]:
        return Deadline.objects.filter(_my_open_case(user))

    def first(rows: QuerySet[Deadline]) -> QuerySet[Deadline, dict[str, Any]]:
        return rows.order_by("due_on", "pk").values(*_DEADLINE_VALUES)[:MY_TASKS_LIMIT]

    def listed(name: str, build: Any) -> list[DeadlineRow]:
        compiled = _MY_DEADLINES.get((name, user.pk, roles_key(user)), build, _WHEN)
        return [_deadline(row) for row in compiled.rows(**when)]

    # Missed and unexplained: still running past its due date (index deadline_running_by_due), or met late
    # (index deadline_late_no_reason, whose condition is LATE_NO_REASON); the first of each, merged.
    overdue = listed(
        "overdue",
        lambda today, week_ahead, now: first(
            mine().filter(delay_reason="").filter(_overdue_q(today=today, now=now))
        ),
    )
    met_late = listed("met_late", lambda today, week_ahead, now: first(mine().filter(LATE_NO_REASON)))
    needs_reason = sorted(overdue + met_late, key=lambda d: (d.due_on, d.pk))[:MY_TASKS_LIMIT]
    due_soon = listed(
        "due_soon",
        lambda today, week_ahead, now: first(
            mine().filter(RUNNING, due_on__gte=today, due_on__lte=week_ahead)
        ),
    )
    decide: list[AdjustmentRow] = []
    managed = partnerships_where(user, {Role.BUSINESS_MANAGER})
    if managed:

        def pending(**_: Any) -> QuerySet[DeadlineAdjustment, dict[str, Any]]:
            return (
                DeadlineAdjustment.objects.filter(status=AdjustmentStatus.PENDING)  # index adjustment_pending
                .filter(
                    deadline__case__lead_partnership_id__in=managed, deadline__case__stage__in=OPEN_STAGES
                )
                .filter(visible_case_q(user, through="deadline__case__"))
                .exclude(requested_by=user)
                .order_by("requested_at", "pk")
                .values("pk", "kind", *(f"deadline__{name}" for name in ("id", *_DEADLINE_VALUES[1:])))[
                    :MY_TASKS_LIMIT
                ]
            )

        compiled = _MY_DEADLINES.get(("decide", user.pk, roles_key(user)), pending)
        decide = [
            AdjustmentRow(row["pk"], row["kind"], _deadline(row, "deadline__")) for row in compiled.rows()
        ]
    return {"needs_reason": needs_reason, "due_soon": due_soon, "decide": decide}


# The milestones the task statuses read, as CaseFacts fields.
_MILESTONE_FACTS = {
    "written_confirmation": "written_confirmation_received",
    "la_aware": "la_became_aware",
    "notification_sent": "notification_sent",
    "local_partners_told": "local_partners_told",
    "rapid_review_sent": "rapid_review_sent",
}


def _standing_signoff(partner: str) -> Exists:
    """Whether `partner` has a standing sign-off on the case's outcome at its current version and on its
    newest report (signoffs.selectors), as a column of the case, so My tasks reads every fact in one query
    it can stop part way through."""
    from safeguarding_reviews.reports.models import GeneratedReport
    from safeguarding_reviews.signoffs.models import SignOff

    newest = GeneratedReport.objects.filter(
        outcome_id=OuterRef("outcome_id"), outcome_version=OuterRef("outcome_version")
    ).order_by("-generated_at", "-pk")
    return Exists(
        SignOff.objects.filter(
            case_id=OuterRef("pk"),
            partner=partner,
            superseded_at__isnull=True,
            outcome_version=F("outcome__version"),
        )
        .annotate(current_sha=Subquery(newest.values("sha256")[:1]))
        .filter(report_sha256=F("current_sha"))
    )


def _with_facts(cases: QuerySet[Case], names: Iterable[str] | None = None) -> QuerySet[Case]:
    """The cases annotated with what CaseFacts needs (correlated EXISTS, one query for any number), or with
    only the annotations `names`."""
    annotations = _fact_annotations()
    if names is not None:
        wanted = set(names)
        annotations = {name: value for name, value in annotations.items() if name in wanted}
    return cases.annotate(**annotations)


# Built once per process: the expressions depend on no request, and building their twenty subqueries cost
# more than running them (annotate resolves a copy each time, so sharing them is safe).
@functools.cache
def _fact_annotations() -> dict[str, Any]:
    from safeguarding_reviews.cases.routes import FOLLOW_UPS, LCSPR
    from safeguarding_reviews.clocks.models import Milestone
    from safeguarding_reviews.panel.models import FollowUp, PanelSubmission
    from safeguarding_reviews.rapid_review.models import AgencyRequest, RequestStatus
    from safeguarding_reviews.referrals.models import Referral
    from safeguarding_reviews.reports.models import GeneratedReport
    from safeguarding_reviews.screening.models import Screening, ScrutinyComment

    here = OuterRef("pk")
    current = PanelSubmission.objects.filter(case_id=here, superseded_at__isnull=True)
    referral = Referral.objects.filter(case_id=here).order_by("pk")
    milestones = {
        f"f_{name}": Exists(Milestone.objects.filter(case_id=here, event=event))
        for name, event in _MILESTONE_FACTS.items()
    }
    return dict(
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
        **milestones,
        **{f"f_signed_{partner}": _standing_signoff(partner) for partner in _PARTNERS},
    )


_FACT_VALUES = (
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
    *(f"f_{name}" for name in _MILESTONE_FACTS),
    *(f"f_signed_{partner}" for partner in _PARTNERS),
)


def _facts_of(row: dict[str, Any]) -> CaseFacts:
    from safeguarding_reviews.referrals.models import Channel

    return CaseFacts(
        stage=row["stage"],
        referral_status=row["f_referral_status"] or "",
        referral_online=row["f_referral_channel"] == Channel.ONLINE,
        screening_started=row["f_screening"],
        decided=row["f_decided"],
        chair_commented=row["f_chair_commented"],
        returns_waiting=int(row["f_waiting"]),
        returns_requested=row["f_requested"],
        report_current=row["f_report_current"],
        report_generated=row["f_report"],
        partners_signed=frozenset(partner for partner in _PARTNERS if row[f"f_signed_{partner}"]),
        learning_route_due=row["f_learning_route_due"],
        follow_up_due=row["f_follow_up_due"],
        after_sending_done=row["f_after_sending_done"],
        **{name: row[f"f_{name}"] for name in _MILESTONE_FACTS},
    )


# The facts of one case (its task list), compiled once with the case's id bound (core.compiled_query).
_ONE_CASE_FACTS = CompiledQueries(limit=1)


def case_facts(cases: Iterable[Case]) -> dict[Any, CaseFacts]:
    """{case id: CaseFacts} for the case task list: one query however many cases."""
    ids = [case.pk for case in cases]
    if not ids:
        return {}
    if len(ids) == 1:
        compiled = _ONE_CASE_FACTS.get(
            "one case",
            lambda case_id: _with_facts(Case.objects.filter(pk=case_id)).values(*_FACT_VALUES),
            {"case_id": uuid.UUID},
        )
        return {row["pk"]: _facts_of(row) for row in compiled.rows(case_id=ids[0])}
    rows = _with_facts(Case.objects.filter(pk__in=ids)).values(*_FACT_VALUES)
    return {row["pk"]: _facts_of(row) for row in rows}


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
    # By case and rule alone (index one_deadline_per_rule: at most one row per pair), whether running
    # checked here: with "not met" in the query SQLite read every open deadline by that index instead.
    rows = Deadline.objects.filter(
        case_id__in=case_ids, rule_code__in=sorted(set(TASK_CLOCKS.values()))
    ).order_by()
    return {
        (case_id, code): extended_to or due_on
        for case_id, code, due_on, extended_to, met_on, paused_since in rows.values_list(
            "case_id", "rule_code", "due_on", "extended_to", "met_on", "paused_since"
        )
        if met_on is None and paused_since is None
    }


# CaseFacts' fields as the annotations of _with_facts, for the conditions My tasks gives the database.
# Each term is written so that it is never NULL (a case with no referral has NULL status and channel), so NOT
# means what it says.
def _fact_q(name: str, value: object) -> Q:
    from safeguarding_reviews.referrals.models import Channel

    if name == "stage":
        return Q(stage=value)
    if name == "referral_status":
        if value == "":
            return Q(f_referral_status__isnull=True) | Q(f_referral_status="")
        return Q(f_referral_status__isnull=False, f_referral_status=value)
    if value is not True:
        raise ValueError(f"{name} is tested for truth only")
    if name == "referral_online":
        return Q(f_referral_channel__isnull=False, f_referral_channel=Channel.ONLINE)
    if name == "screening_started":
        return Q(f_screening=True)
    if name == "report_generated":
        return Q(f_report=True)
    if name == "returns_waiting":
        return Q(f_waiting=True)
    return Q(**{f"f_{name}": True})


def condition_q(condition: Condition) -> Q:
    """The case_tasks condition as a filter over _with_facts' annotations (its Python reading is
    case_tasks.holds; the tests check both against the same cases)."""
    match condition:
        case Fact(name, value):
            return _fact_q(name, value)
        case OneOf(name, values):
            if name != "stage":
                raise ValueError(name)
            return Q(stage__in=sorted(values))
        case Not(term):
            return ~condition_q(term)
        case All(terms):
            q = Q()
            for term in terms:
                q &= condition_q(term)
            return q
        case AnyOf(terms):
            if not terms:
                return Q(pk__in=[])
            q = Q()
            for term in terms:
                q |= condition_q(term)
            return q
    raise TypeError(condition)


def _annotations_in(q: Q) -> set[str]:
    """The names a filter refers to (the first part of each lookup), so only those annotations are built."""
    names: set[str] = set()
    for child in q.children:
        if isinstance(child, Q):
            names |= _annotations_in(child)
        elif isinstance(child, tuple):
            names.add(child[0].split("__")[0])
    return names


# The SQL of My tasks' cases, by person and roles (core.compiled_query: building and compiling it cost ten
# times what running it did).
_MY_TASK_CASES = CompiledQueries()


def _my_task_cases(
    user: User, roles: dict[int, frozenset[str]], acting: dict[int, frozenset[str]], limit: int
) -> CompiledValues:
    """The facts, reference and lead partnership of the first `limit` + 1 open cases this person may see,
    in order of reference, that hold a task of theirs. The query depends on nothing but the person and the
    roles they hold (the visibility rule and the task rules read only those), so that is its key."""

    def build() -> QuerySet[Case, dict[str, Any]]:
        # Partnerships where the person holds the same roles share one condition.
        by_roles: dict[frozenset[str], list[int]] = {}
        for partnership, held in acting.items():
            by_roles.setdefault(frozenset(held), []).append(partnership)
        # The lead partnership is compared as an expression (plus nought) so that no index on it applies:
        # SQLite, which keeps no statistics here, would otherwise read every case of the partnership
        # through that index and sort them, rather than walk the open cases in order (index
        # case_open_by_reference) and stop at the page's end.
        has_task = Q(pk__in=[])
        for held, partnerships in sorted(by_roles.items(), key=lambda item: sorted(item[1])):
            has_task |= Q(lead_any__in=sorted(partnerships)) & condition_q(has_task_condition(held))
        # Each term above names its partnerships, all of them in `acting`.
        cases = visible_cases(user).filter(is_open=True).alias(lead_any=F("lead_partnership_id") + 0)
        # Every case found holds at least one task, so limit + 1 cases are enough to fill the page and to
        # know whether there are more. The facts in the SELECT list are read for those cases alone: the
        # open cases are walked in the order asked for (index case_open_by_reference), so nothing is
        # sorted, and a row's facts are read only once its case is taken.
        return (
            _with_facts(cases)
            .filter(has_task)
            .order_by("reference", "pk")
            .values(*_FACT_VALUES, "reference", "lead_partnership_id")[: limit + 1]
        )

    key = (
        "my_task_cases",
        user.pk,
        tuple(sorted((pid, tuple(sorted(held))) for pid, held in roles.items())),
        limit,
    )
    return _MY_TASK_CASES.get(key, build)


def my_case_tasks(*, user: User, limit: int = MY_TASKS_PAGE) -> tuple[list[MyTask], bool]:
    """(the first `limit` of this person's open tasks on the open cases they can see, whether there are
    more), from the same rules as the case task list (dashboards.case_tasks), each with its own due date.
    Two queries however many cases: the facts (as values, never model instances) of the first `limit` + 1
    open cases, in order of reference, that hold a task of this person's (the rules as a WHERE clause,
    case_tasks.has_task_condition, so no case is read for nothing), from which tasks_for gives the tasks;
    and the due dates of the tasks shown. There is no total: counting every task would read every open case
    the person sees, which grows with the years a deployment holds."""
    roles = roles_by_partnership(user)
    # Only cases led where the person holds a role that acts on some task (an agency representative, an
    # auditor or an LCPC member has none, and need not read every case they see to learn that).
    acting = {partnership: held for partnership, held in roles.items() if held & TASK_ROLES}
    if not acting:
        return [], False
    rows = _my_task_cases(user, roles, acting, limit).rows()
    shown: list[tuple[dict[str, Any], TaskKey]] = []
    more = False
    for row in rows:
        keys = tasks_for(_facts_of(row), roles.get(row["lead_partnership_id"], frozenset()))
        room = limit - len(shown)
        shown.extend((row, key) for key in keys[:room])
        if len(keys) > room:
            more = True
            break
    due_dates = _task_due_dates(sorted({row["pk"] for row, _ in shown}, key=str)) if shown else {}
    tasks: list[MyTask] = []
    by_case: dict[Any, Case] = {}
    for row, key in shown:
        # The case as the list shows it (reference and link); a display record, not for saving.
        case = by_case.setdefault(
            row["pk"],
            Case(
                id=row["pk"],
                reference=row["reference"],
                stage=row["stage"],
                lead_partnership_id=row["lead_partnership_id"],
            ),
        )
        tasks.append(
            MyTask(
                case=case,
                key=key,
                ask=ASKS[key],
                url=reverse(URL_NAMES[key], kwargs={"case_id": case.pk}),
                due_on=due_dates.get((case.pk, TASK_CLOCKS.get(key, ""))),
            )
        )
    return tasks, more


PROVISIONAL_CLOCK_NAME = "Decision on notifying the Panel (expected)"


def provisional_clock_start(case: Any) -> dt.date | None:
    """A case with no open clock that is waiting for the local authority's decision shows the date the
    referrer was told (5 working days after the referral was received) until the local authority's awareness
    starts the real notification clock. Needs the annotations of open_cases_for_dashboard's pages."""
    if case.next_due_on is not None or case.notification_started or not case.referral_received_on:
        return None
    if case.stage not in (Stage.REFERRAL, Stage.SCREENING):
        return None
    return case.referral_received_on
