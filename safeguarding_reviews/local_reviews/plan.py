"""The local review's plan: its local target dates from the initiation date, and each target's RAG. Pure (no
Django): table-tested in tests/test_plan.py.

The only statutory date is publication within 6 months of the decision to start the review (domain.md T9,
WT2018; clocks rule `lcspr_publication`). Every other target is a local planning default the business unit
may change for the review; they are spaced so that sign-off comes before the advance notice to the Panel
(T10: at least 7 working days before publication) and publication lands on the statutory date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Set
from dataclasses import dataclass

from safeguarding_reviews.core.choices import TextChoices
from safeguarding_reviews.working_days.calculator import working_days_between


class Target(TextChoices):
    TERMS_AGREED = "terms_agreed", "Terms of reference agreed"
    REVIEWER_APPOINTED = "reviewer_appointed", "Reviewer appointed"
    PRACTITIONER_EVENT = "practitioner_event", "Practitioner event held"
    FIRST_DRAFT = "first_draft", "First draft shared with the LCPC"
    FINAL_REPORT = "final_report", "Final report"
    SIGN_OFF = "sign_off", "Signed off by the partners"
    PUBLICATION = "publication", "Published"


@dataclass(frozen=True)
class Offset:
    target: Target
    weeks: int = 0
    months: int = 0
    source: str = ""


LOCAL = "Local planning default (issue 13 item 3), within the 6-month statutory period; editable per review"
STATUTORY = "WT2018: published within 6 months of initiation (domain.md T9; clocks rule lcspr_publication)"

# In plan order. Weeks are calendar weeks from the initiation date; publication is calendar months.
OFFSETS: tuple[Offset, ...] = (
    Offset(Target.TERMS_AGREED, weeks=4, source=LOCAL),
    Offset(Target.REVIEWER_APPOINTED, weeks=4, source=LOCAL),
    Offset(Target.PRACTITIONER_EVENT, weeks=10, source=LOCAL),
    Offset(Target.FIRST_DRAFT, weeks=16, source=LOCAL),
    Offset(Target.FINAL_REPORT, weeks=20, source=LOCAL),
    Offset(Target.SIGN_OFF, weeks=22, source=LOCAL + "; before the Panel's advance notice (T10)"),
    Offset(Target.PUBLICATION, months=6, source=STATUTORY),
)
ORDER = tuple(o.target.value for o in OFFSETS)
# A target is amber when it is due within this many working days (and not yet achieved).
AMBER_WORKING_DAYS = 10


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Aug + 6 = 28 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def default_due(offset: Offset, initiated_on: dt.date) -> dt.date:
    if offset.months:
        return add_months(initiated_on, offset.months)
    return initiated_on + dt.timedelta(weeks=offset.weeks)


def default_targets(initiated_on: dt.date) -> dict[str, dt.date]:
    """Each target's default due date for a review started on `initiated_on`."""
    return {o.target.value: default_due(o, initiated_on) for o in OFFSETS}


class Rag(TextChoices):
    DONE = "done", "Done"
    RED = "red", "Overdue"
    AMBER = "amber", "Due soon"
    GREEN = "green", "On track"


def rag(
    *,
    due_on: dt.date,
    achieved_on: dt.date | None,
    today: dt.date,
    non_working: Set[dt.date] = frozenset(),
    amber_working_days: int = AMBER_WORKING_DAYS,
) -> Rag:
    """Done once achieved; red once the due date has passed; amber when due within `amber_working_days`
    working days (today included when it is the due date); green otherwise."""
    if achieved_on is not None:
        return Rag.DONE
    if due_on < today:
        return Rag.RED
    if working_days_between(today, due_on, non_working=non_working) <= amber_working_days:
        return Rag.AMBER
    return Rag.GREEN


def _rank(code: str) -> int:
    return ORDER.index(code) if code in ORDER else len(ORDER)


def late_targets(targets: list[tuple[str, dt.date, dt.date | None]], *, on: dt.date) -> list[str]:
    """Time against plan on `on`: the targets (code, due, achieved) due before `on` and not achieved by
    then, or achieved after their due date, in plan order."""
    late = [code for code, due, achieved in targets if due < on and (achieved is None or achieved > due)]
    return sorted(late, key=_rank)


def next_target(
    targets: list[tuple[str, dt.date, dt.date | None]],
) -> tuple[str, dt.date] | None:
    """The first target not yet achieved, by due date then plan order; None when all are done."""
    open_ = [(due, _rank(code), code) for code, due, achieved in targets if achieved is None]
    if not open_:
        return None
    due, _, code = min(open_)
    return code, due
