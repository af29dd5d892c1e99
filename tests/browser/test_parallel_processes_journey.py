"""The parallel-process register and the family told of the review in a real browser: the business unit adds
a police investigation (a bad date is refused with what was typed kept), changes it, and records that the
family has been told; the Independent Chair reads both. axe runs on each new page, with and without errors."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser, live_server, user, path):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, user, secret=give_totp(user), path=path)
    page.wait_for_url(f"**{path}")
    return context, page


def test_add_a_parallel_process_and_record_the_family_told(world, browser, live_server):
    officer = world.people["business_unit_officer"]
    register_path = reverse("parallel_processes:register", kwargs={"case_id": world.case.pk})
    context, page = _open(browser, live_server, officer, register_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Parallel processes")
    axe_check(page, context="parallel-process register (empty)")

    page.get_by_role("link", name="Add a parallel process").click()
    page.get_by_label("Police investigation").check()
    page.get_by_label("Under way").check()
    page.get_by_label("Reference (optional)").fill("OP-SYN-42")
    page.get_by_label("Date started (optional)").fill("31/02/2026")
    page.get_by_role("button", name="Save parallel process").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date started must be a real date")
    expect(page.get_by_label("Reference (optional)")).to_have_value("OP-SYN-42")
    axe_check(page, context="parallel-process form with errors")
    page.get_by_label("Date started (optional)").fill("02/03/2026")
    page.get_by_role("button", name="Save parallel process").click()
    expect(page.locator("table")).to_contain_text("OP-SYN-42")
    axe_check(page, context="parallel-process register")

    page.get_by_role("link", name="Police investigation (change)").click()
    page.get_by_label("On hold").check()
    page.get_by_role("button", name="Save parallel process").click()
    expect(page.locator("table")).to_contain_text("On hold")

    family_path = reverse("rapid_review:family_told", kwargs={"case_id": world.case.pk})
    page.goto(f"{live_server.url}{family_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("The family told of the review")
    axe_check(page, context="family told (empty)")
    page.get_by_label("Yes, the family has been told").check()
    page.get_by_label("Told by (optional)").fill("Children's social care, team manager")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the family was told")
    expect(page.get_by_label("Told by (optional)")).to_have_value("Children's social care, team manager")
    axe_check(page, context="family told with errors")
    page.get_by_label("Date told (if told)").fill("03/03/2026")
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("3 March 2026")
    axe_check(page, context="family told recorded")
    context.close()

    context, page = _open(browser, live_server, world.people["independent_chair"], register_path)
    expect(page.locator("table")).to_contain_text("OP-SYN-42")
    expect(page.get_by_role("link", name="Add a parallel process")).to_have_count(0)
    page.goto(f"{live_server.url}{family_path}")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Yes, the family has been told")
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    context.close()
