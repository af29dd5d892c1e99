"""Writes to the calendar. Each one records its audit event and then tells the clocks (signal) inside
the same transaction, so running deadlines move with the calendar and say why."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.organisations.policies import is_platform_admin, may_manage_people

from .models import BankHoliday, BankHolidayOverride, ClosureDay, HolidaySource, OverrideKind
from .selectors import published_holidays, statutory_non_working_days
from .signals import calendar_changed
from .sources import SEED_YEARS, HolidayDiff, diff, package_holidays

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def _changed(*, actor: User | None, dates: set[dt.date], partnership_id: int | None = None) -> None:
    # Called before the change's own audit event: the receivers lock the cases whose clocks move, and a
    # case row is locked before the audit chain's lock, never after (docs/audit.md, "Lock order").
    if dates:
        calendar_changed.send(
            sender=BankHoliday, actor=actor, dates=frozenset(dates), partnership_id=partnership_id
        )


def bank_holiday_override_add(
    *, actor: User, date: dt.date, kind: str, title: str, reason: str
) -> BankHolidayOverride:
    """A platform administrator adds a one-off bank holiday or removes one that moved."""
    if not is_platform_admin(actor):
        raise PermissionDenied("Only a platform administrator changes the bank holidays")
    errors: dict[str, str] = {}
    if kind not in OverrideKind.values:
        errors["kind"] = "Select whether to add or remove a bank holiday"
    if not reason.strip():
        errors["reason"] = "Enter the reason, for example the proclamation that created the holiday"
    effective = statutory_non_working_days()
    if kind == OverrideKind.ADD:
        if date.weekday() >= 5:
            errors["date"] = "A bank holiday on a Saturday or Sunday changes no working days: enter a weekday"
        elif date in effective:
            errors["date"] = f"{date:%-d %B %Y} is already a bank holiday"
        if not title.strip():
            errors["title"] = "Enter the name of the bank holiday"
    elif kind == OverrideKind.REMOVE and date not in effective:
        errors["date"] = f"{date:%-d %B %Y} is not a bank holiday"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            override = BankHolidayOverride.objects.create(
                date=date,
                kind=kind,
                title=title.strip(),
                reason=reason.strip(),
                created_by=actor,
                created_at=clock.now(),
            )
            _changed(actor=actor, dates={date})
            record_event(
                event_type=EventType.BANK_HOLIDAY_OVERRIDE_ADDED,
                actor=actor,
                target=override,
                data={"date": date.isoformat(), "kind": kind},
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"date": "There is already an override for this date: withdraw it first"}
        ) from exc
    return override


def bank_holiday_override_withdraw(*, actor: User, override: BankHolidayOverride) -> None:
    if not is_platform_admin(actor):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        updated = BankHolidayOverride.objects.filter(pk=override.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=clock.now(), withdrawn_by=actor
        )
        if updated:
            _changed(actor=actor, dates={override.date})
            record_event(
                event_type=EventType.BANK_HOLIDAY_OVERRIDE_WITHDRAWN,
                actor=actor,
                target=override,
                data={"date": override.date.isoformat(), "kind": override.kind},
            )


def _apply(holiday_diff: HolidayDiff, *, source: str) -> None:
    now = clock.now()
    gone = set(holiday_diff.remove) | set(holiday_diff.retitle)
    if gone:
        BankHoliday.objects.filter(date__in=gone, removed_at__isnull=True).update(removed_at=now)
    new = dict(holiday_diff.add) | {day: titles[1] for day, titles in holiday_diff.retitle.items()}
    BankHoliday.objects.bulk_create(
        [
            BankHoliday(date=day, title=title, source=source, added_at=now)
            for day, title in sorted(new.items())
        ]
    )


def bank_holidays_import(*, actor: User | None, holidays: dict[dt.date, str]) -> HolidayDiff:
    """Make the published list for every year in `holidays` (parsed by sources.parse_govuk) exactly
    that list. Years the file does not cover are left alone."""
    years = {day.year for day in holidays}
    current = {day: title for day, title in published_holidays().items() if day.year in years}
    holiday_diff = diff(current, holidays)
    with transaction.atomic(durable=True):
        _apply(holiday_diff, source=HolidaySource.GOVUK_FILE)
        _changed(actor=actor, dates=holiday_diff.changed_dates)
        record_event(
            event_type=EventType.BANK_HOLIDAYS_IMPORTED,
            actor=actor,
            data={
                "years": sorted(years),
                "added": sorted(d.isoformat() for d in holiday_diff.add),
                "removed": sorted(d.isoformat() for d in holiday_diff.remove),
                "retitled": sorted(d.isoformat() for d in holiday_diff.retitle),
            },
        )
    return holiday_diff


def package_diff(years: range = SEED_YEARS) -> HolidayDiff:
    """What would change if the table followed the installed `holidays` package for `years`."""
    current = {day: title for day, title in published_holidays().items() if day.year in years}
    return diff(current, package_holidays(years))


def bank_holidays_sync(*, actor: User | None, years: range = SEED_YEARS) -> HolidayDiff:
    """Apply package_diff (after an upgrade of the `holidays` package)."""
    holiday_diff = package_diff(years)
    if holiday_diff.is_empty:
        return holiday_diff
    with transaction.atomic(durable=True):
        _apply(holiday_diff, source=HolidaySource.PACKAGE)
        _changed(actor=actor, dates=holiday_diff.changed_dates)
        record_event(
            event_type=EventType.BANK_HOLIDAYS_SYNCED,
            actor=actor,
            data={
                "added": sorted(d.isoformat() for d in holiday_diff.add),
                "removed": sorted(d.isoformat() for d in holiday_diff.remove),
                "retitled": sorted(d.isoformat() for d in holiday_diff.retitle),
            },
        )
    return holiday_diff


def closure_day_add(*, actor: User, partnership: Partnership, date: dt.date, reason: str) -> ClosureDay:
    """A business manager marks a day the business unit is closed. It moves LOCAL clocks only."""
    if not may_manage_people(actor, partnership):
        raise PermissionDenied("Only the business manager marks closure days")
    errors: dict[str, str] = {}
    if date.weekday() >= 5:
        errors["date"] = "Saturdays and Sundays are never working days: enter a weekday"
    elif date in statutory_non_working_days():
        errors["date"] = f"{date:%-d %B %Y} is a bank holiday already"
    if not reason.strip():
        errors["reason"] = "Enter the reason, for example the office move"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            closure = ClosureDay.objects.create(
                partnership=partnership,
                date=date,
                reason=reason.strip(),
                created_by=actor,
                created_at=clock.now(),
            )
            _changed(actor=actor, dates={date}, partnership_id=partnership.pk)
            record_event(
                event_type=EventType.CLOSURE_DAY_ADDED,
                actor=actor,
                partnership=partnership,
                target=closure,
                data={"date": date.isoformat()},
            )
    except IntegrityError as exc:
        raise ValidationError({"date": f"{date:%-d %B %Y} is already a closure day"}) from exc
    return closure


def closure_day_remove(*, actor: User, partnership: Partnership, closure: ClosureDay) -> None:
    if not may_manage_people(actor, partnership) or closure.partnership_id != partnership.pk:
        raise PermissionDenied
    with transaction.atomic(durable=True):
        updated = ClosureDay.objects.filter(pk=closure.pk, removed_at__isnull=True).update(
            removed_at=clock.now(), removed_by=actor
        )
        if updated:
            _changed(actor=actor, dates={closure.date}, partnership_id=partnership.pk)
            record_event(
                event_type=EventType.CLOSURE_DAY_REMOVED,
                actor=actor,
                partnership=partnership,
                target=closure,
                data={"date": closure.date.isoformat()},
            )
