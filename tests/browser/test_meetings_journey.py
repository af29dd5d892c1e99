"""Rapid review meetings in a real browser: the business unit records a meeting, its attendees and an action
agreed, after a bad date is refused with what was typed kept; the police delegate reads it. axe runs on the
list, the form (with its errors) and the meeting page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser, live_server, user, path):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, user, secret=give_totp(user), path=path)
    page.wait_for_url(f"**{path}")
    return context, page


def test_record_a_meeting(world, browser, live_server):
    officer = world.people["business_unit_officer"]
    for stage in (Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW):
        case_stage_advance(actor=officer, case=world.case, to_stage=stage, reason="journey")
    list_path = reverse("meetings:list", kwargs={"case_id": world.case.pk})
    context, page = _open(browser, live_server, officer, list_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid review meetings")
    axe_check(page, context="meetings list")
    page.get_by_role("link", name="Plan or record a meeting").click()
    page.get_by_label("Yes, it has been held").check()
    page.get_by_label("Date of the meeting").fill("31/02/2026")
    page.get_by_label("Notes (optional)").fill("Synthetic notes: partners reviewed the chronology.")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of the meeting must be a real date")
    expect(page.get_by_label("Notes (optional)")).to_have_value(
        "Synthetic notes: partners reviewed the chronology."
    )
    axe_check(page, context="meeting form with errors")
    page.get_by_label("Date of the meeting").fill("02/03/2026")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid review meeting, 2 March 2026")
    page.get_by_label("Agency", exact=True).select_option(label=world.agency.name)
    page.get_by_label("Role", exact=True).fill("Designated nurse")
    page.get_by_role("button", name="Add attendee").click()
    expect(page.locator("table").first).to_contain_text("Designated nurse")
    page.get_by_label("Action agreed").fill("Share the discharge plan with the GP")
    page.get_by_label("Agency that owns the action").select_option(label=world.agency.name)
    page.get_by_label("Due date").fill("30/03/2026")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Share the discharge plan with the GP")).to_be_visible()
    axe_check(page, context="meeting page")
    context.close()

    context, page = _open(browser, live_server, world.people["delegate_police"], list_path)
    page.get_by_role("link", name="2 March 2026").click()
    expect(page.get_by_text("Designated nurse")).to_be_visible()
    expect(page.get_by_role("button", name="Add action")).to_have_count(0)
    context.close()
