"""Calendar pages: the platform administrator's overrides and a business manager's closure days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding_reviews.working_days.models import BankHolidayOverride, ClosureDay
from safeguarding_reviews.working_days.selectors import local_non_working_days, statutory_non_working_days

pytestmark = pytest.mark.django_db


def test_bank_holiday_list_and_override_journey(world, as_user):
    client = as_user(world.people["platform_admin"])
    page = client.get(reverse("working_days:bank_holidays") + "?year=2026")
    assert page.status_code == 200
    assert "Monday 28 December 2026" in page.content.decode()
    bad = client.post(
        reverse("working_days:override_add"), {"kind": "add", "date": "25/12/2026", "reason": ""}
    )
    assert bad.status_code == 400
    assert "Enter the reason" in bad.content.decode()
    taken = client.post(
        reverse("working_days:override_add"),
        {"kind": "add", "date": "25/12/2026", "title": "X", "reason": "r"},
    )
    assert taken.status_code == 400
    assert "already a bank holiday" in taken.content.decode()
    ok = client.post(
        reverse("working_days:override_add"),
        {"kind": "remove", "date": "28/12/2026", "reason": "Moved (test)"},
    )
    assert ok.status_code == 302
    assert dt.date(2026, 12, 28) not in statutory_non_working_days()
    listing = client.get(reverse("working_days:bank_holidays") + "?year=2026").content.decode()
    assert "Removed by override" in listing
    override = BankHolidayOverride.objects.get()
    assert (
        client.post(
            reverse("working_days:override_withdraw", kwargs={"override_id": override.pk})
        ).status_code
        == 302
    )
    assert dt.date(2026, 12, 28) in statutory_non_working_days()


def test_closure_days_page(world, as_user):
    client = as_user(world.people["business_manager"])
    url = reverse("working_days:closure_days", kwargs={"slug": world.partnership.slug})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"date": "28/11/2026", "reason": "Weekend"})
    assert bad.status_code == 400
    assert "never working days" in bad.content.decode()
    assert "Weekend" in bad.content.decode()
    assert client.post(url, {"date": "30/11/2026", "reason": "Office move"}).status_code == 302
    assert dt.date(2026, 11, 30) in local_non_working_days(world.partnership)
    closure = ClosureDay.objects.get()
    remove = reverse(
        "working_days:closure_day_remove", kwargs={"slug": world.partnership.slug, "closure_id": closure.pk}
    )
    assert client.post(remove).status_code == 302
    assert dt.date(2026, 11, 30) not in local_non_working_days(world.partnership)
