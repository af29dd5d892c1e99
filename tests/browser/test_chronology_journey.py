"""The merged chronology in a browser: a possible duplicate and a silent period shown (axe-checked), then the
Word export asked for, built on the task worker and downloaded, and read back with python-docx; then the
rate limit's 429 page and an expired export's status page (axe-checked)."""

import datetime as dt

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from safeguarding_reviews.chronology.models import ChronologyExport
from safeguarding_reviews.chronology.services import chronology_entry_add, chronology_export_expire
from tests.factories import AgencyFactory

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_flags_and_word_export(world, live_server, page, settings):
    officer = world.people["business_unit_officer"]
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    common = {"actor": officer, "case": world.case, "event_type": "home_visit"}
    chronology_entry_add(
        **common, agency=world.agency, date=dt.date(2025, 2, 3), what_happened="Home visit, no answer."
    )
    chronology_entry_add(
        **common, agency=police, date=dt.date(2025, 2, 3), what_happened="Home visit: no answer."
    )
    chronology_entry_add(
        **common,
        agency=police,
        date=dt.date(2025, 2, 20),
        what_happened="Police intelligence.",
        restricted_to_roles=["delegate_police"],
    )
    chronology_entry_add(
        **common, agency=world.agency, date=dt.date(2025, 3, 20), what_happened="Seen at clinic."
    )
    path = f"/cases/{world.case.pk}/chronology/"
    delegate = world.people["delegate_icb"]
    sign_in(page, live_server, delegate, secret=give_totp(delegate), path=path)
    page.wait_for_url(f"**{path}")
    expect(page.get_by_text("Possible duplicate of Alphashire Test Police entry 1")).to_be_visible()
    expect(page.get_by_text("Possible duplicate of Alphashire Test Hospital entry 1")).to_be_visible()
    silence = "No agency contact for 45 days: 3 February 2025 to 20 March 2025"
    assert page.get_by_text(silence).count() == 2  # the summary list and the row between entries
    assert page.get_by_text("Police intelligence.").count() == 0
    axe_check(page, context="merged chronology with flags")

    page.get_by_role("button", name="Download as Word").click()
    page.wait_for_url("**/chronology/exports/**")
    assert page.locator("#export-status").inner_text() == "Ready to download"
    expect(page.get_by_text("3 of 3 entries (100%)")).to_be_visible()
    axe_check(page, context="Word export status")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the Word document (DOCX)").click()
    document = WordDocument(info.value.path())
    texts = [row.cells[3].text for row in document.tables[0].rows]
    assert texts == [
        "What happened",
        "Home visit, no answer.",
        "Home visit: no answer.",
        silence,  # a silent period is a row in date order, as on the page
        "Seen at clinic.",
    ]

    # Security finding 4: over the job rate limit, the 429 page says when to try again (axe-checked); an
    # export past its retention period says it was deleted.
    settings.JOB_RATE_LIMIT = "1/10m"  # the live server runs in this process: it reads this at once
    page.goto(f"{live_server.url}{path}")
    page.get_by_role("button", name="Download as Word").click()
    expect(page.get_by_role("heading", name="You have asked for too many documents")).to_be_visible()
    assert page.locator("#retry-at").inner_text().startswith("You can try again at ")
    axe_check(page, context="too many documents (429)")
    export = ChronologyExport.objects.get(requested_by=delegate)
    chronology_export_expire(export_id=export.pk)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/chronology/exports/{export.pk}/")
    assert page.locator("#export-expired").inner_text().startswith("This export has been deleted")
    axe_check(page, context="expired Word export")
