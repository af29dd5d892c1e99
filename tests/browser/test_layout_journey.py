"""Issue 18 items 5 and 10 in a browser: at 390 px and at 320 CSS px (1280 px at 400% zoom) no page scrolls
sideways as a whole, wide tables scroll in their own labelled region (axe-checked); printed, a page shows the
partnership's protective marking (and on a case page the reference and date) and no navigation."""

import datetime as dt

import pytest

from safeguarding_reviews.chronology.services import chronology_entry_add
from safeguarding_reviews.clocks.models import ClockSettings
from tests.factories import AgencyFactory

from .conftest import assert_pages_fit_narrow_screens, busiest_pages, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Long words and an unbroken address: the kind of text that widens a table cell past the screen.
LONG_TEXT = (
    "Multi-agency strategy discussion with the out-of-hours duty team about the unannounced home visit; "
    "reference https://records.example.invalid/very/long/path/without/any/breaks/0123456789abcdefghij "
    "and Antidisestablishmentarianism-style-hyphenated-compound-words-that-never-end. " * 3
)


def test_pages_fit_narrow_screens_and_print_with_the_marking(world, live_server, page):
    officer = world.people["business_unit_officer"]
    ClockSettings.objects.update_or_create(
        partnership=world.partnership, defaults={"print_marking": "OFFICIAL-SENSITIVE PERSONAL"}
    )
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    for day, agency in ((3, world.agency), (4, police), (5, world.agency)):
        chronology_entry_add(
            actor=officer,
            case=world.case,
            agency=agency,
            event_type="home_visit",
            date=dt.date(2025, 2, day),
            what_happened=LONG_TEXT,
            analysis=LONG_TEXT,
        )
    sign_in(page, live_server, officer, secret=give_totp(officer))
    page.wait_for_url(f"{live_server.url}/")
    pages = busiest_pages(world.case)
    assert_pages_fit_narrow_screens(page, live_server, pages)

    # The chronology's table scrolls inside its own region, which a keyboard user can reach and scroll.
    page.goto(f"{live_server.url}{pages['merged chronology']}")
    region = page.get_by_role("region", name="Chronology entries")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('app-table-scroll')")

    # Printed: the marking at the top and bottom, the case reference and date; no navigation or buttons.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{pages['case page']}")
    marking = page.locator(".app-print-marking")
    assert not marking.first.is_visible()  # on screen the marking is not shown
    page.emulate_media(media="print")
    assert marking.count() == 2
    assert all(text.startswith("OFFICIAL-SENSITIVE PERSONAL") for text in marking.all_inner_texts())
    assert f"Case {world.case.reference} · printed " in marking.first.inner_text()
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert page.locator(".govuk-button:visible").count() == 0
    href_after = page.evaluate(
        "() => getComputedStyle(document.querySelector('main a[href]'), '::after').content"
    )
    assert href_after in ("none", "normal", "")
    # Outside a case there is no single partnership: the default marking, no case line.
    page.goto(f"{live_server.url}/")
    assert page.locator(".app-print-marking").first.inner_text().strip() == "OFFICIAL-SENSITIVE"
    page.emulate_media(media="screen")
