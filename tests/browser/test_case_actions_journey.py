"""Scheduling a meeting and the case action list in a real browser: the business unit plans a meeting a week
ahead with an invitee, records it held with who attended, agrees an action, finds it on the case action list,
adds a dated update (after a bad date is refused with what was typed kept) and changes its status. axe runs on
each new page: the meeting form, the planned meeting, "record as held", the action list, the action, the
update form (with its errors) and the status form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock

from .conftest import axe_check, long_date, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_a_meeting_then_follow_its_action(world, page_for):
    officer = world.people["business_unit_officer"]
    for stage in (Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW):
        case_stage_advance(actor=officer, case=world.case, to_stage=stage, reason="journey")
    today = clock.today()
    next_week = today + dt.timedelta(days=7)
    page = page_for(officer, reverse("meetings:list", kwargs={"case_id": world.case.pk}))

    # Plan a meeting a week ahead: a future date is allowed for a planned meeting.
    page.get_by_role("link", name="Plan or record a meeting").click()
    page.get_by_label("No, it is planned").check()
    page.get_by_label("Date of the meeting").fill(typed_date(next_week))
    page.get_by_label("Start time (optional)").fill("14:00")
    axe_check(page, context="meeting form")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Planned rapid review meeting, {long_date(next_week)}"
    )
    page.get_by_label("Agency", exact=True).select_option(label=world.agency.name)
    page.get_by_label("Role").fill("Designated nurse")
    page.get_by_role("button", name="Add invitee").click()
    expect(page.locator("table").first).to_contain_text("Designated nurse")
    axe_check(page, context="planned meeting")

    # The case page's task list shows the planned meeting.
    page.goto(page.url.split("/rapid-review/")[0] + "/")
    expect(page.get_by_text(f"Next meeting planned for {long_date(next_week)} at 14:00")).to_be_visible()
    page.go_back()

    # Held today: a held meeting's date cannot be in the future.
    page.get_by_role("link", name="Record the meeting as held").click()
    page.get_by_label("Date the meeting was held").fill(typed_date(next_week))
    page.get_by_role("button", name="Record as held").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("today or in the past")
    axe_check(page, context="record as held, with errors")
    page.get_by_label("Date the meeting was held").fill(typed_date(today))
    expect(page.get_by_label(f"{world.agency.name}, Designated nurse")).to_be_checked()
    page.get_by_role("button", name="Record as held").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rapid review meeting, {long_date(today)}")
    page.get_by_label("Action agreed").fill("Share the discharge plan with the GP")
    page.get_by_label("Owner's role (optional)").fill("Named nurse")
    page.get_by_label("Agency that owns the action").select_option(label=world.agency.name)
    page.get_by_label("Due date").fill(typed_date(next_week))
    page.get_by_role("button", name="Add action").click()

    # The agreed action is on the case action list.
    page.get_by_role("link", name="case action list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case action list")
    expect(page.locator("table")).to_contain_text("Named nurse, " + world.agency.name)
    axe_check(page, context="case action list")
    page.get_by_role("link", name="Share the discharge plan with the GP").click()
    axe_check(page, context="case action")

    # A dated update, after a bad date is refused with the text kept.
    page.get_by_role("link", name="Add an update").click()
    page.get_by_label("Date of the update").fill("31/02/2026")
    page.get_by_label("Update", exact=True).fill("Plan drafted; GP surgery contacted.")
    page.get_by_role("button", name="Add update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of the update must be a real date")
    expect(page.get_by_label("Update", exact=True)).to_have_value("Plan drafted; GP surgery contacted.")
    axe_check(page, context="add an update, with errors")
    page.get_by_label("Date of the update").fill(typed_date(today))
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_text("Plan drafted; GP surgery contacted.")).to_be_visible()

    # Change the status.
    page.get_by_role("link", name="Change the status").click()
    page.get_by_label("In progress").check()
    axe_check(page, context="change the status")
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status changed from Not started to In progress")).to_be_visible()
    page.get_by_role("link", name="All actions on this case").click()
    expect(page.locator("table")).to_contain_text("In progress")
