"""Reads of the calendar. The sets feed the pure functions in calculator.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import BankHoliday, BankHolidayOverride, ClosureDay, OverrideKind


def statutory_non_working_days() -> frozenset[dt.date]:
    """The effective England and Wales bank holidays: published, plus added, minus removed. Two queries."""
    published = set(BankHoliday.objects.filter(removed_at__isnull=True).values_list("date", flat=True))
    for date, kind in BankHolidayOverride.objects.filter(withdrawn_at__isnull=True).values_list(
        "date", "kind"
    ):
        if kind == OverrideKind.ADD:
            published.add(date)
        else:
            published.discard(date)
    return frozenset(published)


def closure_days_of(partnership_id: int) -> frozenset[dt.date]:
    return frozenset(
        ClosureDay.objects.filter(partnership_id=partnership_id, removed_at__isnull=True).values_list(
            "date", flat=True
        )
    )


def local_non_working_days(partnership: Any) -> frozenset[dt.date]:
    """For a partnership's LOCAL clocks: the statutory calendar plus its own closure days."""
    return statutory_non_working_days() | closure_days_of(partnership.pk)


def closure_days_by_partnership(partnership_ids: list[int]) -> dict[int, frozenset[dt.date]]:
    """{partnership id: closure days} in one query, for pages that show many cases."""
    result: dict[int, set[dt.date]] = {pid: set() for pid in partnership_ids}
    rows = ClosureDay.objects.filter(partnership_id__in=partnership_ids, removed_at__isnull=True).values_list(
        "partnership_id", "date"
    )
    for pid, date in rows:
        result[pid].add(date)
    return {pid: frozenset(days) for pid, days in result.items()}


@dataclass(frozen=True)
class CalendarRow:
    date: dt.date
    title: str
    status: str  # "published", "added", "removed"
    override: BankHolidayOverride | None


def calendar_rows(*, year: int) -> list[CalendarRow]:
    """The bank holidays of `year` as the administrator sees them: published, added and removed."""
    published = {
        h.date: h
        for h in BankHoliday.objects.filter(removed_at__isnull=True, date__year=year).order_by("date")
    }
    overrides = {
        o.date: o
        for o in BankHolidayOverride.objects.filter(withdrawn_at__isnull=True, date__year=year).order_by(
            "date"
        )
    }
    rows = []
    for date in sorted(set(published) | set(overrides)):
        override = overrides.get(date)
        holiday = published.get(date)
        if override is not None and override.kind == OverrideKind.REMOVE:
            status = "removed"
        elif override is not None and holiday is None:
            status = "added"
        else:
            status = "published"
        title = holiday.title if holiday is not None else (override.title if override else "")
        rows.append(CalendarRow(date=date, title=title, status=status, override=override))
    return rows


def active_overrides() -> QuerySet[BankHolidayOverride]:
    return BankHolidayOverride.objects.filter(withdrawn_at__isnull=True).order_by("date")


def active_closure_days(partnership: Any) -> QuerySet[ClosureDay]:
    return ClosureDay.objects.filter(partnership=partnership, removed_at__isnull=True).order_by("date")


def published_holidays() -> dict[dt.date, str]:
    return dict(BankHoliday.objects.filter(removed_at__isnull=True).values_list("date", "title"))


def active_override_get(override_id: int) -> BankHolidayOverride | None:
    return BankHolidayOverride.objects.filter(pk=override_id, withdrawn_at__isnull=True).first()


def active_closure_day_get(partnership: Any, closure_id: int) -> ClosureDay | None:
    """A closure day of this partnership that has not been removed (None if it is another's)."""
    return ClosureDay.objects.filter(pk=closure_id, partnership=partnership, removed_at__isnull=True).first()
