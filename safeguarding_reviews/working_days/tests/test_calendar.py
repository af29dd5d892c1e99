"""The effective calendar with the database: the seed agrees with GOV.UK, imports check everything first,
sync shows and applies package changes, overrides and closure days behave, commands print answers."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.working_days import services
from safeguarding_reviews.working_days.models import BankHoliday, OverrideKind
from safeguarding_reviews.working_days.selectors import local_non_working_days, statutory_non_working_days
from safeguarding_reviews.working_days.sources import HolidayFileError, parse_govuk

D = dt.date
GOVUK_FILE = Path(__file__).parent / "data" / "govuk_bank_holidays_2019_2028.json"


def _govuk() -> dict[dt.date, str]:
    return parse_govuk(GOVUK_FILE.read_bytes())


def _between(year_from: int, year_to: int, days) -> set[dt.date]:
    return {d for d in days if year_from <= d.year <= year_to}


@pytest.mark.django_db
def test_the_seeded_calendar_agrees_with_govuk_2019_to_2028():
    published = _govuk()
    assert _between(2019, 2028, statutory_non_working_days()) == set(published)
    # the ones people get wrong
    for day in [
        D(2020, 5, 8),  # VE Day (early May moved from 4 May)
        D(2020, 12, 28),
        D(2021, 12, 27),
        D(2021, 12, 28),
        D(2022, 6, 2),
        D(2022, 6, 3),
        D(2022, 9, 19),
        D(2022, 12, 27),
        D(2023, 5, 8),
        D(2026, 12, 28),
        D(2027, 12, 27),
        D(2027, 12, 28),
    ]:
        assert day in published
        assert day in statutory_non_working_days()
    assert D(2020, 5, 4) not in statutory_non_working_days()
    assert D(2026, 12, 26) not in statutory_non_working_days()  # Saturday: the substitute is listed
    assert BankHoliday.objects.filter(date__year=2015).exists()
    assert BankHoliday.objects.filter(date__year=2035).exists()


@pytest.mark.django_db
def test_importing_the_govuk_file_changes_nothing_but_titles_and_is_audited():
    out = StringIO()
    call_command("import_bank_holidays", str(GOVUK_FILE), stdout=out)
    assert "0 added, 0 removed" in out.getvalue()
    assert _between(2019, 2028, statutory_non_working_days()) == set(_govuk())
    assert BankHoliday.objects.get(date=D(2023, 5, 8), removed_at__isnull=True).title.startswith(
        "Bank holiday for"
    )
    event = AuditEvent.objects.get(event_type=EventType.BANK_HOLIDAYS_IMPORTED)
    assert event.data["years"] == list(range(2019, 2029))


@pytest.mark.django_db
def test_only_the_england_and_wales_division_is_read():
    assert D(2026, 11, 30) not in _govuk()  # St Andrew's Day is Scotland's
    assert D(2026, 3, 17) not in _govuk()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ("[]", 'no "england-and-wales" division'),
        ('{"scotland": {"events": []}}', 'no "england-and-wales" division'),
        ('{"england-and-wales": {"events": "x"}}', "must hold a list"),
        ('{"england-and-wales": {"events": []}}', "lists no events"),
        ('{"england-and-wales": {"events": [{"title": "X", "date": "2026-13-01"}]}}', "not YYYY-MM-DD"),
        ('{"england-and-wales": {"events": [{"title": "", "date": "2026-12-25"}]}}', "has no title"),
        ('{"england-and-wales": {"events": [{"title": "X", "date": "2026-12-26"}]}}', "falls on a Saturday"),
        (
            '{"england-and-wales": {"events": [{"title": "X", "date": "2026-12-25"}, '
            '{"title": "Y", "date": "2026-12-25"}]}}',
            "listed twice",
        ),
    ],
)
def test_a_malformed_file_reports_clearly_and_changes_nothing(tmp_path, content, message):
    before = sorted(BankHoliday.objects.values_list("pk", "date", "removed_at"))
    events_before = AuditEvent.objects.count()
    path = tmp_path / "bank-holidays.json"
    path.write_text(content)
    with pytest.raises(CommandError) as raised:
        call_command("import_bank_holidays", str(path))
    assert "nothing changed" in str(raised.value)
    assert message in str(raised.value)
    assert sorted(BankHoliday.objects.values_list("pk", "date", "removed_at")) == before
    assert AuditEvent.objects.count() == events_before


def test_every_problem_is_listed_at_once():
    text = json.dumps(
        {
            "england-and-wales": {
                "events": [{"title": "", "date": "2026-12-25"}, {"title": "X", "date": "soon"}]
            }
        }
    )
    with pytest.raises(HolidayFileError, match="has no title; Event") as raised:
        parse_govuk(text)
    assert len(raised.value.problems) == 2


@pytest.mark.django_db
def test_import_replaces_the_years_it_covers(tmp_path):
    data = {
        "england-and-wales": {
            "events": [
                {"title": "New Year’s Day", "date": "2026-01-01"},
                {"title": "One-off holiday", "date": "2026-06-15"},
            ]
        }
    }
    path = tmp_path / "bank-holidays.json"
    path.write_text(json.dumps(data))
    call_command("import_bank_holidays", str(path), stdout=StringIO())
    days = statutory_non_working_days()
    assert D(2026, 6, 15) in days
    assert D(2026, 12, 28) not in days  # 2026 is now exactly the file's list
    assert D(2027, 12, 27) in days  # other years untouched
    assert BankHoliday.objects.filter(
        date=D(2026, 12, 28), removed_at__isnull=False
    ).exists()  # kept as history


@pytest.mark.django_db
def test_sync_shows_the_difference_and_applies_it_with_apply():
    BankHoliday.objects.filter(date=D(2027, 3, 26)).delete()  # as if an older package lacked it
    out = StringIO()
    call_command("sync_bank_holidays", stdout=out)
    assert "+ 2027-03-26 Good Friday" in out.getvalue()
    assert "--apply" in out.getvalue()
    assert D(2027, 3, 26) not in statutory_non_working_days()
    call_command("sync_bank_holidays", "--apply", stdout=StringIO())
    assert D(2027, 3, 26) in statutory_non_working_days()
    assert AuditEvent.objects.filter(event_type=EventType.BANK_HOLIDAYS_SYNCED).count() == 1
    out = StringIO()
    call_command("sync_bank_holidays", stdout=out)
    assert "nothing to do" in out.getvalue()


@pytest.mark.django_db
def test_working_days_command():
    out = StringIO()
    call_command("working_days", "add", "2026-12-24", "5", stdout=out)
    assert out.getvalue() == "2027-01-05\n"
    out = StringIO()
    call_command("working_days", "between", "2026-12-24", "2027-01-05", stdout=out)
    assert out.getvalue() == "5\n"
    out = StringIO()
    call_command("working_days", "next", "2026-12-24", stdout=out)
    assert out.getvalue() == "2026-12-29\n"
    with pytest.raises(CommandError, match="Not a date \\(use YYYY-MM-DD"):
        call_command("working_days", "add", "24/12/2026", "5")
    with pytest.raises(CommandError, match="N must be"):
        call_command("working_days", "add", "2026-12-24", "-1")


def test_overrides_add_and_remove_days(world):
    admin = world.people["platform_admin"]
    added = services.bank_holiday_override_add(
        actor=admin, date=D(2027, 6, 7), kind=OverrideKind.ADD, title="One-off holiday", reason="Proclamation"
    )
    assert D(2027, 6, 7) in statutory_non_working_days()
    services.bank_holiday_override_add(
        actor=admin, date=D(2027, 5, 31), kind=OverrideKind.REMOVE, title="", reason="Moved to 7 June"
    )
    assert D(2027, 5, 31) not in statutory_non_working_days()
    services.bank_holiday_override_withdraw(actor=admin, override=added)
    assert D(2027, 6, 7) not in statutory_non_working_days()
    kinds = list(
        AuditEvent.objects.filter(event_type__startswith="calendar.override").values_list(
            "event_type", flat=True
        )
    )
    assert kinds.count(EventType.BANK_HOLIDAY_OVERRIDE_ADDED) == 2
    assert kinds.count(EventType.BANK_HOLIDAY_OVERRIDE_WITHDRAWN) == 1


def test_override_rules(world):
    admin = world.people["platform_admin"]
    with pytest.raises(ValidationError, match="is already a bank holiday") as raised:
        services.bank_holiday_override_add(
            actor=admin, date=D(2026, 12, 25), kind="add", title="X", reason="r"
        )
    assert "already a bank holiday" in str(raised.value)
    with pytest.raises(ValidationError, match="A bank holiday on a Saturday or Sunday changes no working"):
        services.bank_holiday_override_add(
            actor=admin, date=D(2026, 11, 28), kind="add", title="X", reason="r"
        )
    with pytest.raises(ValidationError, match="is not a bank holiday"):
        services.bank_holiday_override_add(
            actor=admin, date=D(2026, 11, 30), kind="remove", title="", reason="r"
        )
    with pytest.raises(PermissionDenied, match="Only a platform administrator changes the bank holidays"):
        services.bank_holiday_override_add(
            actor=world.people["business_manager"], date=D(2027, 6, 7), kind="add", title="X", reason="r"
        )


def test_closure_days_are_local_only(world):
    manager = world.people["business_manager"]
    closure = services.closure_day_add(
        actor=manager, partnership=world.partnership, date=D(2026, 12, 29), reason="Move"
    )
    assert D(2026, 12, 29) in local_non_working_days(world.partnership)
    assert D(2026, 12, 29) not in local_non_working_days(world.other_partnership)
    assert D(2026, 12, 29) not in statutory_non_working_days()
    with pytest.raises(ValidationError, match="is already a closure day"):
        services.closure_day_add(
            actor=manager, partnership=world.partnership, date=D(2026, 12, 29), reason="Again"
        )
    with pytest.raises(ValidationError, match="is a bank holiday already"):
        services.closure_day_add(
            actor=manager, partnership=world.partnership, date=D(2026, 12, 28), reason="BH"
        )
    with pytest.raises(PermissionDenied, match="Only the business manager marks closure days"):
        services.closure_day_add(
            actor=world.people["business_unit_officer"],
            partnership=world.partnership,
            date=D(2026, 12, 30),
            reason="x",
        )
    services.closure_day_remove(actor=manager, partnership=world.partnership, closure=closure)
    assert D(2026, 12, 29) not in local_non_working_days(world.partnership)
