"""Corrections in a browser, at the rapid review with an outcome and a report already made: the business
unit officer corrects one entry with a reason (it shows "changed on … because …" and its history), withdraws
another,
undoes a spreadsheet import, and marks a possible duplicate pair "same event"; the outcome's version has been
raised (the earlier report is out of date) and the report generated afterwards shows the change. axe runs on
every new page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from safeguarding_reviews.chronology.importer import ParsedRow
from safeguarding_reviews.chronology.models import ChronologyEntry, ChronologyImportBatch
from safeguarding_reviews.chronology.services import chronology_entry_add, chronology_import
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.models import GeneratedReport
from safeguarding_reviews.reports.services import report_generate
from tests.factories import AgencyFactory
from tests.outcome_data import complete_outcome

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSPITAL_VISIT = "Health visitor home visit: bruise seen on the arm of Child Q, mother present"
POLICE_VISIT = "Home visit by the health visitor, bruise on Child Q arm seen, mother there"


def _row(agency, day: int) -> ParsedRow:
    return ParsedRow(
        row=day + 1,
        date=dt.date(2025, 1, day),
        precision="exact",
        time=None,
        agency_id=agency.pk,
        source_record="",
        event_type="contact",
        what_happened=f"Imported police contact {day}.",
        practitioner_role="",
        is_key_episode=False,
        analysis="",
    )


def _docx_text(download) -> str:
    with open(download.path(), "rb") as handle:
        document = WordDocument(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


def test_correct_withdraw_undo_import_and_same_event(world, browser, live_server):
    officer = world.people["business_unit_officer"]
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    common = {"actor": officer, "case": world.case, "event_type": "home_visit", "is_key_episode": True}
    chronology_entry_add(
        **common, agency=world.agency, date=dt.date(2025, 2, 3), what_happened=HOSPITAL_VISIT
    )
    chronology_entry_add(**common, agency=police, date=dt.date(2025, 2, 3), what_happened=POLICE_VISIT)
    corrected = chronology_entry_add(
        **common, agency=world.agency, date=dt.date(2025, 2, 10), what_happened="Clinic appointment missed."
    )
    chronology_entry_add(
        **common,
        agency=world.agency,
        date=dt.date(2025, 2, 12),
        what_happened="Recorded in error: school visit.",
    )
    chronology_import(
        actor=officer, case=world.case, rows=[_row(police, 5), _row(police, 6)], file_name="police.csv"
    )
    outcome = complete_outcome(world)
    report_generate(actor=officer, case=world.case)
    outcome.refresh_from_db()
    version_before = outcome.version

    path = f"/cases/{world.case.pk}/chronology/"
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server, officer, secret=give_totp(officer), path=path)
    page.wait_for_url(f"**{path}")
    axe_check(page, context="merged chronology with correction links")

    # Correct one entry, with a reason.
    page.get_by_role("link", name="Correct Alphashire Test Hospital entry 2", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct Alphashire Test Hospital entry 2")
    expect(page.get_by_label("What happened", exact=True)).to_have_value("Clinic appointment missed.")
    axe_check(page, context="correct an entry")
    page.get_by_role("button", name="Save correction").click()  # no reason: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are correcting this entry")
    axe_check(page, context="correct an entry with an error")
    page.get_by_label("What happened", exact=True).fill("Clinic appointment attended; Child Q seen.")
    page.get_by_label("Why are you correcting this entry?").fill("The clinic's list was read wrongly")
    page.get_by_role("button", name="Save correction").click()
    page.wait_for_url(f"**{path}*")
    row = page.locator(f"#entry-{corrected.pk}")
    expect(row).to_contain_text("Clinic appointment attended; Child Q seen.")
    expect(row).to_contain_text("because The clinic's list was read wrongly")
    row.get_by_role("link", name="History of Alphashire Test Hospital entry 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of Alphashire Test Hospital entry 2")
    expect(page.locator("main")).to_contain_text("Clinic appointment missed.")
    axe_check(page, context="entry history")

    # Withdraw another.
    page.goto(f"{live_server.url}{path}")
    page.get_by_role("link", name="Withdraw Alphashire Test Hospital entry 3", exact=True).click()
    axe_check(page, context="withdraw an entry")
    page.get_by_label("Why are you withdrawing this entry?").fill("Recorded against the wrong child")
    page.get_by_role("button", name="Withdraw entry").click()
    page.wait_for_url(f"**{path}")
    expect(page.get_by_text("Recorded in error: school visit.")).to_have_count(0)
    page.goto(f"{live_server.url}{path}?show_withdrawn=on")
    expect(page.locator("#withdrawn ~ .app-table-scroll table")).to_contain_text(
        "Recorded against the wrong child"
    )
    axe_check(page, context="merged chronology showing withdrawn entries")

    # Undo an import.
    page.goto(f"{live_server.url}{path}")
    page.get_by_role("link", name="Spreadsheet imports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreadsheet imports")
    axe_check(page, context="spreadsheet imports")
    page.get_by_role("link", name="Undo this import").click()
    axe_check(page, context="undo an import")
    page.get_by_label("Why are you undoing this import?").fill("The police sent the wrong family's file")
    page.get_by_role("button", name="Undo import").click()
    expect(page.locator("main")).to_contain_text("Undone on")
    assert ChronologyImportBatch.objects.get().undone_at is not None
    assert not ChronologyEntry.objects.filter(import_batch__isnull=False, withdrawn_at__isnull=True).exists()

    # Mark a possible duplicate pair "same event".
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_text("Possible duplicate of Alphashire Test Police entry 1")).to_be_visible()
    page.get_by_role(
        "button", name="Same event for Alphashire Test Hospital entry 1 and Alphashire Test Police entry 1"
    ).click()
    expect(page.get_by_text("Also recorded by Alphashire Test Police (entry 1)")).to_be_visible()
    expect(page.get_by_text(POLICE_VISIT)).to_have_count(0)
    axe_check(page, context="merged chronology after a same-event decision")

    # The outcome moved on (the report made before is out of date); a new report shows the change.
    outcome = RapidReviewOutcome.objects.get(pk=outcome.pk)
    assert outcome.version > version_before
    assert officer.pk not in set(outcome.contributors.values_list("pk", flat=True)) - {outcome.drafted_by_id}
    page.goto(f"{live_server.url}/cases/{world.case.pk}/rapid-review/report/")
    page.get_by_role("button", name="Generate the report").click()
    expect(page.locator("#generation-result")).to_contain_text(f"version {outcome.version}", timeout=60_000)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/rapid-review/report/")
    latest = GeneratedReport.objects.latest("pk")
    with page.expect_download() as download_info:
        page.locator("table tbody tr").first.get_by_role("link", name="DOCX").click()
    assert latest.outcome_version == outcome.version
    text = _docx_text(download_info.value)
    assert "Alphashire Test Hospital (also recorded by Alphashire Test Police)" in text
    assert "Clinic appointment attended; Child Q seen." in text
    assert "Recorded in error" not in text and "Clinic appointment missed." not in text
    context.close()
