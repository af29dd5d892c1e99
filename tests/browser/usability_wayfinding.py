"""Issue 18 items 2, 5 and 9 in a browser: breadcrumbs (partnership › case › section) on case pages, a back
link on form pages, the glossary reachable from every page, and the four busiest pages no wider than the
screen at 390 px and at 320 CSS px (1280 px at 400% zoom), each page axe-checked.

Not collected on its own name: tests/browser/test_usability_journey.py imports it. Run it directly with
`python -m pytest tests/browser/usability_wayfinding.py`."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.chronology.services import chronology_entry_add

from .conftest import assert_pages_fit_narrow_screens, axe_check, busiest_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TEXT = (
    "Strategy discussion with the out-of-hours duty team about the unannounced home visit; reference "
    "https://records.example.invalid/a/very/long/path/without/any/breaks/0123456789abcdefghij. " * 2
)


def _crumbs(page):
    return page.get_by_role("navigation", name="Breadcrumb")


def test_breadcrumbs_and_back_links(world, live_server, page, signed_in_page):
    officer = world.people["business_unit_officer"]
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.RAPID_REVIEW)
    case = world.case
    signed_in_page(officer)

    # The case page: partnership › case (the current page).
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    crumbs = _crumbs(page)
    expect(crumbs.get_by_role("link", name=world.partnership.name)).to_be_visible()
    expect(crumbs.locator('[aria-current="page"]')).to_have_text(case.reference)
    axe_check(page, context="case page with breadcrumbs")

    # A section page: partnership › case › section, and the case crumb goes back to the case.
    page.goto(f"{live_server.url}/cases/{case.pk}/chronology/")
    crumbs = _crumbs(page)
    expect(crumbs.locator('[aria-current="page"]')).to_have_text("Merged chronology")
    axe_check(page, context="merged chronology with breadcrumbs")

    # A form page under the section: a back link to the section, the section crumb links there too.
    page.get_by_role("link", name="Add an entry").click()
    expect(_crumbs(page).get_by_role("link", name="Merged chronology")).to_be_visible()
    back = page.locator(".govuk-back-link")
    expect(back).to_have_text("Back to merged chronology")
    axe_check(page, context="add a chronology entry, with a back link")
    back.click()
    page.wait_for_url(f"**/cases/{case.pk}/chronology/")

    # The case's own details form goes back to the case.
    page.goto(f"{live_server.url}/cases/{case.pk}/edit/")
    expect(page.locator(".govuk-back-link")).to_have_text("Back to the case")
    axe_check(page, context="change the case details, with a back link")
    _crumbs(page).get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/cases/{case.pk}/")


def test_the_glossary(world, live_server, page, signed_in_page):
    signed_in_page(world.people["delegate_icb"])
    page.get_by_role("link", name="Words used in this service").click()
    page.wait_for_url("**/help/glossary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Words used in this service")
    for term in ("LCSPR", "LCPC", "reg 11", "CSPR"):
        expect(page.locator("dt", has_text=term).first).to_be_visible()
    axe_check(page, context="glossary")
    expect(page.locator(".govuk-back-link")).to_have_text("Back to your cases")


def test_the_busiest_pages_fit_the_screen(world, live_server, page, signed_in_page):
    officer = world.people["business_unit_officer"]
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.RAPID_REVIEW)
    for day in (3, 4):
        chronology_entry_add(
            actor=officer,
            case=world.case,
            agency=world.agency,
            event_type="home_visit",
            date=dt.date(2025, 2, day),
            what_happened=LONG_TEXT,
            analysis=LONG_TEXT,
        )
    signed_in_page(officer)
    pages = busiest_pages(world.case)
    assert_pages_fit_narrow_screens(page, live_server, pages)
    # On a desktop screen the merged chronology uses the window's whole width (its table has many columns),
    # while other pages keep GOV.UK's 960px column.
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{live_server.url}{pages['merged chronology']}")
    wide = page.locator("main").evaluate("main => main.parentElement.getBoundingClientRect().width")
    assert wide > 1400, f"the merged chronology is {wide} px wide in a 1600 px window"
    page.goto(f"{live_server.url}{pages['case page']}")
    narrow = page.locator("main").evaluate("main => main.parentElement.getBoundingClientRect().width")
    assert narrow <= 960
