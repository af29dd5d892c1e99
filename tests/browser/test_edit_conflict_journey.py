"""Two people edit the same case in two browsers: the second save is refused with a conflict message and
nothing is lost (F1: no silent overwrites)."""

import pytest
from playwright.sync_api import expect

from safeguarding_reviews.cases.models import Case

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_second_save_is_refused_and_nothing_is_lost(world, live_server, browser):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    edit_path = f"/cases/{world.case.pk}/edit/"
    pages = {}
    for person in (officer, manager):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server, person, secret=give_totp(person), path=edit_path)
        page.wait_for_url(f"**{edit_path}")
        pages[person.pk] = page

    first, second = pages[officer.pk], pages[manager.pk]
    first.get_by_label("Working summary").fill("The officer's summary")
    second.get_by_label("Working summary").fill("The manager's summary")

    first.get_by_role("button", name="Save changes").click()
    first.wait_for_url(f"**/cases/{world.case.pk}/")
    expect(first.get_by_text("Case details saved")).to_be_visible()

    second.get_by_role("button", name="Save changes").click()
    second.wait_for_load_state()
    expect(second.get_by_text("Someone else saved changes to this case").first).to_be_visible()
    # The manager's typing is still in the form, and what the officer saved is shown beside it.
    assert second.get_by_label("Working summary").input_value() == "The manager's summary"
    expect(second.locator("#conflict").get_by_text("The officer's summary")).to_be_visible()
    axe_check(second, context="edit conflict")
    assert Case.objects.get(pk=world.case.pk).summary == "The officer's summary"

    # Saving again is now a knowing choice, and it goes through.
    second.get_by_role("button", name="Save changes").click()
    second.wait_for_url(f"**/cases/{world.case.pk}/")
    case = Case.objects.get(pk=world.case.pk)
    assert (case.summary, case.version) == ("The manager's summary", 3)
