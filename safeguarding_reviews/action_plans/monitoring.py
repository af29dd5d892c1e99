"""The monitoring view's figures, as pure rules (no Django): the monitoring committee's quarterly look at the
action plans (issue 16 item 5), by review, agency, theme and status.

The selectors read one small row per action (`ActionFact`) from the actions the user may see
(`policies.visible_plan_actions`), already filtered; everything the page, its charts and the exports count is
worked out here, so the page, the SVG charts, the tables beside them, the spreadsheet and the committee report
cannot disagree.

The definitions (docs/action-plans.md, "The monitoring view"):

- **Overdue** is `actions.lifecycle.is_overdue`: not started or in progress, and the due date has passed.
  **Days overdue** are calendar days past the due date (`lifecycle.days_overdue`); a group shows the longest
  and the average over its overdue actions.
- **Completion rate** of a group: actions with their evidence accepted, out of the actions that count. A
  withdrawn action (approved by the business manager) and a superseded one (its replacement counts instead)
  do not count either way, so withdrawing work never lowers or raises an agency's rate. "Completed: awaiting
  evidence" is not complete yet: the assurance is the point. Shown as a whole percentage, rounded half up;
  no actions that count is "no rate" (None), never 0%.
- **Quarters** are calendar quarters named by their months ("January to March 2026"), so nobody has to know
  whether the partnership's Q1 starts in January or in April.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from safeguarding_reviews.actions.lifecycle import WORK_STATUSES, ActionStatus, days_overdue, is_overdue

# Neither complete nor incomplete: left out of the completion rate.
NOT_COUNTED = frozenset({ActionStatus.WITHDRAWN, ActionStatus.SUPERSEDED})
STATUS_LABELS: dict[str, str] = dict(ActionStatus.choices)
# The derived status the filters offer beside the stored ones.
OVERDUE = "overdue"
NO_AGENCY = "No agency named"
NO_THEME = "No theme recorded"
# "Due soon" for a review's RAG in the committee report: work still to do, due within this many days.
DUE_SOON_DAYS = 28


@dataclass(frozen=True)
class ActionFact:
    """What the figures need of one action (no text but the names of its review, agency and themes)."""

    action_id: int
    status: str
    due_on: dt.date | None
    agency_id: int | None
    agency_name: str
    review_key: str
    review_label: str
    themes: tuple[tuple[int, str], ...] = ()
    recommendation_id: int | None = None


# The stacked charts' parts: every action falls in exactly one (Figures.status_groups).
STATUS_GROUPS = (
    "Evidence accepted",
    "Completed: awaiting evidence",
    "Not started or in progress, not overdue",
    "Overdue",
    "Withdrawn or superseded",
)


def format_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def completion_rate(accepted: int, counted: int) -> int | None:
    """Whole percent of `counted` actions with their evidence accepted, rounded half up; None when none
    count."""
    if counted <= 0:
        return None
    return (200 * accepted + counted) // (2 * counted)


def rate_words(rate: int | None) -> str:
    return "No actions to count" if rate is None else f"{rate}%"


@dataclass
class Figures:
    """One group's figures (an agency, a review, a theme, or everything)."""

    key: str
    label: str
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    days_overdue_total: int = 0
    longest_overdue: int = 0
    due_soon: int = 0
    # The earliest due date of work still to do that is not overdue yet (the committee report's "next").
    next_due_on: dt.date | None = None

    def add(self, fact: ActionFact, today: dt.date) -> None:
        self.total += 1
        self.by_status[fact.status] = self.by_status.get(fact.status, 0) + 1
        if is_overdue(fact.status, fact.due_on, today):
            days = days_overdue(fact.status, fact.due_on, today)
            self.overdue += 1
            self.days_overdue_total += days
            self.longest_overdue = max(self.longest_overdue, days)
        elif fact.status in WORK_STATUSES and fact.due_on is not None:
            if (fact.due_on - today).days <= DUE_SOON_DAYS:
                self.due_soon += 1
            if self.next_due_on is None or fact.due_on < self.next_due_on:
                self.next_due_on = fact.due_on

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def accepted(self) -> int:
        return self.count(ActionStatus.EVIDENCE_ACCEPTED)

    @property
    def counted(self) -> int:
        """The actions the completion rate counts (not withdrawn, not superseded)."""
        return self.total - sum(self.count(status) for status in NOT_COUNTED)

    @property
    def open(self) -> int:
        return sum(
            self.count(status)
            for status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_EVIDENCE)
        )

    @property
    def completion_rate(self) -> int | None:
        return completion_rate(self.accepted, self.counted)

    @property
    def rag(self) -> str:
        """Red when any action is overdue, Amber when any is due within DUE_SOON_DAYS, else Green."""
        if self.overdue:
            return "Red"
        return "Amber" if self.due_soon else "Green"

    def status_groups(self) -> list[tuple[str, int]]:
        """The counts the stacked charts show, in STATUS_GROUPS' order: every action in exactly one."""
        work = self.count(ActionStatus.NOT_STARTED) + self.count(ActionStatus.IN_PROGRESS)
        return [
            (STATUS_GROUPS[0], self.accepted),
            (STATUS_GROUPS[1], self.count(ActionStatus.AWAITING_EVIDENCE)),
            (STATUS_GROUPS[2], work - self.overdue),
            (STATUS_GROUPS[3], self.overdue),
            (STATUS_GROUPS[4], sum(self.count(status) for status in NOT_COUNTED)),
        ]

    @property
    def average_overdue(self) -> int:
        """Average days overdue over the overdue actions, rounded half up (0 when none is overdue)."""
        if not self.overdue:
            return 0
        return (2 * self.days_overdue_total + self.overdue) // (2 * self.overdue)


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    count: int
    overdue: int


@dataclass(frozen=True)
class OverdueAction:
    action_id: int
    days: int
    due_on: dt.date
    status: str
    agency_name: str
    review_label: str


@dataclass
class Monitoring:
    """Everything the monitoring view shows, from the facts of the actions shown."""

    today: dt.date
    totals: Figures
    by_status: list[StatusRow]
    by_agency: list[Figures]
    by_review: list[Figures]
    by_theme: list[Figures]
    most_overdue: list[OverdueAction]


def _grouped(
    facts: Iterable[ActionFact], today: dt.date, keys: Callable[[ActionFact], Iterable[tuple[str, str]]]
) -> list[Figures]:
    groups: dict[str, Figures] = {}
    for fact in facts:
        for key, label in keys(fact):
            group = groups.get(key)
            if group is None:
                group = groups[key] = Figures(key=key, label=label)
            group.add(fact, today)
    return sorted(groups.values(), key=lambda group: (group.label.casefold(), group.key))


def _agency(fact: ActionFact) -> list[tuple[str, str]]:
    if fact.agency_id is None:
        return [("agency:none", NO_AGENCY)]
    return [(f"agency:{fact.agency_id}", fact.agency_name)]


def _review(fact: ActionFact) -> list[tuple[str, str]]:
    return [(fact.review_key, fact.review_label)]


def _themes(fact: ActionFact) -> list[tuple[str, str]]:
    """Each theme of the action's recommendation: an action counts once under each of its themes."""
    if not fact.themes:
        return [("theme:none", NO_THEME)]
    return [(f"theme:{theme_id}", label) for theme_id, label in fact.themes]


def monitoring(facts: Sequence[ActionFact], today: dt.date, *, most_overdue: int = 10) -> Monitoring:
    """The figures of the actions shown (already filtered and already limited to what the user may see)."""
    totals = Figures(key="all", label="All actions")
    for fact in facts:
        totals.add(fact, today)
    overdue_by_status: dict[str, int] = defaultdict(int)
    overdue: list[OverdueAction] = []
    for fact in facts:
        if fact.due_on is not None and is_overdue(fact.status, fact.due_on, today):
            overdue_by_status[fact.status] += 1
            overdue.append(
                OverdueAction(
                    action_id=fact.action_id,
                    days=days_overdue(fact.status, fact.due_on, today),
                    due_on=fact.due_on,
                    status=fact.status,
                    agency_name=fact.agency_name or NO_AGENCY,
                    review_label=fact.review_label,
                )
            )
    overdue.sort(key=lambda row: (-row.days, row.review_label.casefold(), row.action_id))
    return Monitoring(
        today=today,
        totals=totals,
        by_status=[
            StatusRow(
                status=status.value,
                label=status.label,
                count=totals.count(status),
                overdue=overdue_by_status.get(status, 0),
            )
            for status in ActionStatus
        ],
        by_agency=_grouped(facts, today, _agency),
        by_review=_grouped(facts, today, _review),
        by_theme=_grouped(facts, today, _themes),
        most_overdue=overdue[:most_overdue],
    )


# --- Quarters ---------------------------------------------------------------------------------------------

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def ends_on(self) -> dt.date:
        return self.following().starts_on - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.starts_on:%B} to {self.ends_on:%B} {self.year}"

    def following(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(code: str) -> Quarter | None:
    """ "2026-Q1" -> the quarter; None for anything else (a crafted URL)."""
    found = _QUARTER.match(code.strip())
    if found is None or not 2000 <= int(found.group(1)) <= 2100:
        return None
    return Quarter(int(found.group(1)), int(found.group(2)))


def quarter_choices(today: dt.date, *, back: int = 8, ahead: int = 2) -> list[Quarter]:
    """The quarters the filter offers: from `back` quarters before today's to `ahead` after, newest first."""
    current = quarter_of(today)
    quarters = [current]
    for _ in range(back):
        quarters.append(quarters[-1].previous())
    later = current
    for _ in range(ahead):
        later = later.following()
        quarters.insert(0, later)
    return quarters
