"""The Rapid Review report in a real browser: the business manager uploads a template (an unsafe one is
refused with the reason first: it is kept as a refused version 1, never current), the business unit officer
generates the report (queued for the task worker, which the immediate backend runs as the request commits),
follows its status page to the report page and downloads its DOCX and PDF, and the police delegate reads the
report page without a Generate button. axe runs on the templates page (with its error), the report page before
and after generating, and the generation's status page."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.default_template import default_template_bytes
from safeguarding_reviews.reports.models import GeneratedReport

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser, live_server, user, path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server, user, secret=give_totp(user), path=path)
    page.wait_for_url(f"**{path}")
    return context, page


def _unsafe_template(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("Report for {{ case.pseudonym }}")
    document.add_paragraph("{{ ''.__class__ }}")
    path = tmp_path / "unsafe.docx"
    document.save(str(path))
    return path


def test_upload_a_template_generate_and_download(world, browser, live_server, tmp_path):
    RapidReviewOutcome.objects.create(
        case=world.case,
        facts_summary="Synthetic facts for the journey.",
        decision="no_further_review",
        rationale="Synthetic rationale.",
        drafted_by=world.people["business_unit_officer"],
    )
    templates_path = reverse("reports:templates", kwargs={"slug": world.partnership.slug})
    context, page = _open(browser, live_server, world.people["business_manager"], templates_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid review report templates")
    expect(page.locator("#current-template")).to_contain_text("The default template (version 0)")
    axe_check(page, context="templates page")
    page.get_by_label("Upload a new template").set_input_files(str(_unsafe_template(tmp_path)))
    page.get_by_role("button", name="Check and upload").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Version 1 was refused")
    expect(page.locator(".govuk-error-summary")).to_contain_text("tries to reach Python internals")
    expect(page.locator("#template-status-1")).to_contain_text("Refused")
    expect(page.locator("#current-template")).to_contain_text("The default template (version 0)")
    axe_check(page, context="templates page with an error")
    good = tmp_path / "partnership-template.docx"
    good.write_bytes(default_template_bytes())
    page.get_by_label("Upload a new template").set_input_files(str(good))
    page.get_by_role("button", name="Check and upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Template version 2 uploaded and passed its test"
    )
    expect(page.locator("#current-template")).to_contain_text(
        "Version 2, uploaded by Persona business_manager"
    )
    expect(page.locator("#template-status-2")).to_contain_text("Current")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="DOCX of version 2").click()
    assert download_info.value.suggested_filename.endswith("-v2.docx")
    context.close()

    report_path = reverse("reports:case_reports", kwargs={"case_id": world.case.pk})
    context, page = _open(browser, live_server, world.people["business_unit_officer"], report_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid review report")
    expect(page.get_by_text("No report has been generated yet.")).to_be_visible()
    axe_check(page, context="report page before generating")
    page.get_by_role("button", name="Generate the report").click()
    page.wait_for_url("**/rapid-review/report/generations/**")
    expect(page.locator("#generation-status")).to_have_text("Generated")
    expect(page.locator("#generation-result")).to_contain_text("generated from version 1 of the outcome")
    report = GeneratedReport.objects.get()
    assert report.template_version == 2
    # The report by its number and date, not its checksum (issue 18, item 2).
    expect(page.locator("#generation-result")).to_contain_text("Report version 1, made ")
    expect(page.locator("#generation-result")).not_to_contain_text(report.short_checksum)
    axe_check(page, context="generation status page")
    page.get_by_role("link", name="Go to the report page").click()
    page.wait_for_url(f"**{report_path}")
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("Report version 1, made ")
    expect(row).not_to_contain_text(report.short_checksum)
    axe_check(page, context="report page with a report")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="DOCX").click()
    docx = download_info.value
    data = io.BytesIO()
    with open(docx.path(), "rb") as handle:
        data.write(handle.read())
    assert hashlib.sha256(data.getvalue()).hexdigest() == report.sha256
    with page.expect_download() as download_info:
        row.get_by_role("link", name="PDF").click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    context.close()

    context, page = _open(browser, live_server, world.people["delegate_police"], report_path)
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.get_by_role("button", name="Generate the report")).to_have_count(0)
    context.close()
