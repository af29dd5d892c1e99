"""Mapping any layout in a browser, then correcting what was imported: the business unit officer uploads the
police's own chronology (an XLSX with a title row, headings no template has), chooses the agency, confirms
the suggested columns, previews and imports it; a second file in the same layout is offered the mapping
saved for the police. Then (the corrections pages) one entry is corrected with a reason, another withdrawn,
the second import undone, and a possible duplicate pair marked "same event"; the report generated afterwards
shows the change. axe runs on every new page.

A second journey: the business unit sends an agency request with a period to cover; its author maps their
own layout into their return, meets a date outside the period (axe on the preview with problems and
warnings, and with the box not ticked), ticks "I have checked these dates" and imports."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from openpyxl import Workbook
from playwright.sync_api import expect

from safeguarding_reviews.chronology.models import ChronologyEntry, ChronologyImportBatch
from safeguarding_reviews.chronology.services import chronology_entry_add
from safeguarding_reviews.reports.services import report_generate
from tests.factories import AgencyFactory
from tests.outcome_data import complete_outcome

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSPITAL_VISIT = "Health visitor home visit: bruise seen on the arm of Child Q, mother present"
POLICE_VISIT = "Home visit by the health visitor, bruise on Child Q arm seen, mother there"


def _police_file(path, rows) -> str:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Alphashire Police – chronology of involvement, Child Q"])
    sheet.append([])
    sheet.append(["Date/Time", "Occurrence ref", "Occurrence type", "Summary", "Officer", "Persons seen"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def _docx_text(download) -> str:
    with open(download.path(), "rb") as handle:
        document = WordDocument(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


def _upload(page, live_server, case, file_path, agency_name, *, first: bool):
    page.goto(f"{live_server.url}/cases/{case.pk}/chronology/")
    page.get_by_role("link", name="Import an agency’s own layout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload an agency’s chronology")
    if first:
        axe_check(page, context="mapping: upload")
        page.get_by_role("button", name="Upload and continue").click()  # no file: the error summary
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select a CSV or XLSX file")
        axe_check(page, context="mapping: upload with an error")
    page.get_by_label("Chronology spreadsheet").set_input_files(file_path)
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the file")
    if first:
        axe_check(page, context="mapping: sheet and agency")
        page.get_by_role("button", name="Continue").click()  # no agency: the error summary
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Select the agency whose chronology this is"
        )
        axe_check(page, context="mapping: sheet and agency with an error")
    page.get_by_label("Whose chronology is it?").select_option(label=agency_name)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which column holds what")


def test_map_an_agency_layout_then_correct_withdraw_undo_and_same_event(
    world, browser, live_server, tmp_path
):
    officer = world.people["business_unit_officer"]
    AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    common = {"actor": officer, "case": world.case, "event_type": "home_visit", "is_key_episode": True}
    import datetime as dt

    chronology_entry_add(
        **common, agency=world.agency, date=dt.date(2025, 2, 3), what_happened=HOSPITAL_VISIT
    )
    corrected = chronology_entry_add(
        **common, agency=world.agency, date=dt.date(2025, 2, 10), what_happened="Clinic appointment missed."
    )
    chronology_entry_add(
        **common,
        agency=world.agency,
        date=dt.date(2025, 2, 12),
        what_happened="Recorded in error: school visit.",
    )
    outcome = complete_outcome(world)
    report_generate(actor=officer, case=world.case)
    outcome.refresh_from_db()
    version_before = outcome.version
    first_file = _police_file(
        tmp_path / "police.xlsx",
        [
            ["03/02/2025", "OCC/1", "Home visit", POLICE_VISIT, "PC 101", "Child Q, mother"],
            ["Spring 2024", "OCC/2", "Concern for welfare", "Neighbour reported shouting.", "PC 102", ""],
            ["20/01/2025 14:30", "OCC/3", "Odd category", "Call to the address; no answer.", "PC 101", ""],
        ],
    )
    second_file = _police_file(
        tmp_path / "police-march.xlsx",
        [["05/03/2025", "OCC/9", "Concern for welfare", "Wrong family's occurrence.", "PC 103", ""]],
    )

    path = f"/cases/{world.case.pk}/chronology/"
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server, officer, secret=give_totp(officer), path=path)
    page.wait_for_url(f"**{path}")

    # First upload: the suggested columns are confirmed as they are.
    _upload(page, live_server, world.case, first_file, "Alphashire Test Police", first=True)
    expect(page.get_by_label("Date/Time")).to_have_value("date")
    expect(page.get_by_label("Summary")).to_have_value("what_happened")
    expect(page.locator("main")).to_contain_text("Odd category")
    axe_check(page, context="mapping: columns and types of event")
    page.get_by_label("Date/Time").select_option("ignore")  # no date: the error summary, choices kept
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the column that holds the date")
    expect(page.get_by_label("Date/Time")).to_have_value("ignore")
    axe_check(page, context="mapping: columns with an error")
    page.get_by_label("Date/Time").select_option("date")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the entries before importing")
    main = page.locator("main")
    expect(main).to_contain_text("Written as: Spring 2024")
    expect(main).to_contain_text("Written as: Odd category")
    axe_check(page, context="mapping: preview")
    page.get_by_role("button", name="Import 3 entries").click()
    page.wait_for_url(f"**{path}")
    expect(page.locator("main")).to_contain_text("3 chronology entries imported from police.xlsx")
    assert ChronologyEntry.objects.filter(import_batch__isnull=False).count() == 3

    # Second upload of the same layout: the saved mapping is offered.
    _upload(page, live_server, world.case, second_file, "Alphashire Test Police", first=False)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "We used the mapping you saved for Alphashire Test Police on"
    )
    axe_check(page, context="mapping: columns with the saved mapping")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Import 1 entry").click()
    page.wait_for_url(f"**{path}")

    # Correct one entry, with a reason.
    page.get_by_role("link", name="Correct Alphashire Test Hospital entry 2", exact=True).click()
    page.get_by_label("What happened", exact=True).fill("Clinic appointment attended; Child Q seen.")
    page.get_by_label("Why are you correcting this entry?").fill("The clinic's list was read wrongly")
    page.get_by_role("button", name="Save correction").click()
    page.wait_for_url(f"**{path}*")
    expect(page.locator(f"#entry-{corrected.pk}")).to_contain_text(
        "because The clinic's list was read wrongly"
    )

    # Withdraw another.
    page.get_by_role("link", name="Withdraw Alphashire Test Hospital entry 3", exact=True).click()
    page.get_by_label("Why are you withdrawing this entry?").fill("Recorded against the wrong child")
    page.get_by_role("button", name="Withdraw entry").click()
    page.wait_for_url(f"**{path}")
    expect(page.get_by_text("Recorded in error: school visit.")).to_have_count(0)

    # Undo the second import (the newest is listed first).
    page.get_by_role("link", name="Spreadsheet imports").click()
    page.get_by_role("link", name="Undo this import").first.click()
    expect(page.locator("main")).to_contain_text("police-march.xlsx")
    page.get_by_label("Why are you undoing this import?").fill("The police sent the wrong family's file")
    page.get_by_role("button", name="Undo import").click()
    expect(page.locator("main")).to_contain_text("Undone on")
    latest = ChronologyImportBatch.objects.latest("pk")
    assert latest.file_name == "police-march.xlsx" and latest.undone_at is not None

    # Mark the possible duplicate pair (the hospital's visit and the imported police row) "same event".
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_text("Possible duplicate of Alphashire Test Police entry 1")).to_be_visible()
    page.get_by_role(
        "button", name="Same event for Alphashire Test Hospital entry 1 and Alphashire Test Police entry 1"
    ).click()
    expect(page.get_by_text("Also recorded by Alphashire Test Police (entry 1)")).to_be_visible()

    # The report generated afterwards shows the change.
    from safeguarding_reviews.outcomes.models import RapidReviewOutcome

    assert RapidReviewOutcome.objects.get(pk=outcome.pk).version > version_before
    page.goto(f"{live_server.url}/cases/{world.case.pk}/rapid-review/report/")
    page.get_by_role("button", name="Generate the report").click()
    expect(page.locator("#generation-result")).to_contain_text("generated from version", timeout=60_000)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/rapid-review/report/")
    with page.expect_download() as download_info:
        page.locator("table tbody tr").first.get_by_role("link", name="DOCX").click()
    text = _docx_text(download_info.value)
    assert "Alphashire Test Hospital (also recorded by Alphashire Test Police)" in text
    assert "Clinic appointment attended; Child Q seen." in text
    assert "Wrong family's occurrence." not in text and "Recorded in error" not in text
    context.close()


def _author_file(path, rows) -> str:
    """A health agency's own layout: a title row, then its headings."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Alphashire Test Hospital – chronology for Child Q"])
    sheet.append(["Date of contact", "Contact type", "Details of contact", "Seen"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def _author_to_preview(page, file_path):
    page.get_by_role("link", name="import your agency’s own chronology in its own layout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload your chronology")
    page.get_by_label("Chronology spreadsheet").set_input_files(file_path)
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the file")
    page.get_by_role("button", name="Continue").click()  # an author is not asked the agency: their own
    expect(page.get_by_role("heading", level=1)).to_have_text("Which column holds what")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the entries before importing")


def test_author_maps_their_own_layout_and_accepts_dates_outside_the_period(
    world, page_for, live_server, tmp_path
):
    """The business unit sends the request with a period to cover (the form refuses an end before the
    start); the agency's author maps their own layout into their return, meets a date outside the period,
    ticks "I have checked these dates" and imports."""
    from safeguarding_reviews.cases.services import case_stage_advance
    from safeguarding_reviews.cases.stages import Stage

    officer, author = world.people["business_unit_officer"], world.people["agency_author"]
    for stage in (Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW):
        case_stage_advance(actor=officer, case=world.case, to_stage=stage, reason="test")
    requests_path = f"/cases/{world.case.pk}/agency-requests/"
    page = page_for(officer, requests_path)
    page.get_by_role("checkbox", name="Alphashire Test Hospital").check()
    page.get_by_label("Author for Alphashire Test Hospital").select_option(value=str(author.pk))
    page.get_by_label("Period to cover: from (optional)").fill("1/1/2025")
    page.get_by_label("Period to cover: to (optional)").fill("31/12/2024")
    page.get_by_role("button", name="Send requests").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end of the period must be the same as or after its start"
    )
    expect(page.get_by_label("Period to cover: to (optional)")).to_have_value("31/12/2024")
    axe_check(page, context="requests: period to cover with an error")
    page.get_by_label("Period to cover: to (optional)").fill("31/3/2025")
    page.get_by_role("button", name="Send requests").click()
    expect(page.locator("main")).to_contain_text("1 request sent")

    from safeguarding_reviews.rapid_review.models import AgencyRequest

    req = AgencyRequest.objects.get(case=world.case)
    page = page_for(author, f"/cases/{world.case.pk}/agency-requests/{req.pk}/")
    expect(page.locator("main")).to_contain_text("1 January 2025 to 31 March 2025")
    page.get_by_role("link", name="Add or import entries").click()

    # A file with a bad date and a date before the period: the problem and the warning shown together.
    rows = [
        ["03/02/2025", "Home visit", "Synthetic home visit; Child Q seen.", "Child Q, mother"],
        ["12/11/2024", "Telephone call", "Synthetic call from the school.", ""],
    ]
    _author_to_preview(
        page, _author_file(tmp_path / "hospital-draft.xlsx", [*rows, ["31/02/2025", "Clinic", "x", ""]])
    )
    main = page.locator("main")
    expect(main).to_contain_text("Problems in the file")
    expect(main).to_contain_text("Dates outside the period to cover")
    expect(main).to_contain_text("“12/11/2024” is before the review period (01/01/2025)")
    expect(page.get_by_role("button", name="Import 2 entries")).to_have_count(0)
    axe_check(page, context="mapping: author's preview with problems and date warnings")

    # The corrected file: only the warning; importing needs the box.
    page.goto(f"{live_server.url}/cases/{world.case.pk}/agency-requests/{req.pk}/chronology/")
    _author_to_preview(page, _author_file(tmp_path / "hospital.xlsx", rows))
    expect(main).to_contain_text("1 date is outside the period Alphashire Test Hospital was asked to cover")
    page.get_by_role("button", name="Import 2 entries").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("I have checked these dates")
    axe_check(page, context="mapping: author's preview, the dates box not ticked")
    assert not ChronologyEntry.objects.exists()
    page.get_by_label("I have checked these dates").check()
    page.get_by_role("button", name="Import 2 entries").click()
    expect(page.locator("main")).to_contain_text("2 chronology entries imported from hospital.xlsx")
    assert ChronologyEntry.objects.filter(import_batch__agency_request=req).count() == 2
