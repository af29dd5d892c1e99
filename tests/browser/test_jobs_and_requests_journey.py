"""Job pages without reloads (issue 18 item 8) and requests to agencies (item 7) in a browser: the Word
export's status page updates in place and announces the change in its polite live region (no Refresh header);
withdrawing a request asks for confirmation first. Axe on each changed page."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from safeguarding_reviews.chronology import exports, services, tasks
from safeguarding_reviews.chronology.selectors import Filters

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_status_updates_without_reload(world, live_server, page, monkeypatch):
    # Hold the export back from the worker so the page sees it waiting, then finish it while the page is open.
    # A stand-in task that enqueues nothing (core.outbox asks a task for its backend first).
    held = SimpleNamespace(enqueue=lambda **kwargs: None, get_backend=lambda: None)
    monkeypatch.setattr(tasks, "chronology_export_build", held)
    monkeypatch.setattr("safeguarding_reviews.chronology.views.POLL_SECONDS", 2)
    officer = world.people["business_unit_officer"]
    export = services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    path = f"/cases/{world.case.pk}/chronology/exports/{export.pk}/"
    sign_in(page, live_server, officer, secret=give_totp(officer), path=path)
    page.wait_for_url(f"**{path}")
    assert page.locator("#export-status").inner_text() == "Waiting to start"
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    axe_check(page, context="Word export waiting")
    page.evaluate("() => { window.notReloaded = true; }")
    exports.chronology_export_run(export_id=export.pk)
    announcement = page.locator("#job-status-announcement")
    announcement.filter(has_text="The Word document is ready").wait_for(state="attached")
    expect(page.get_by_role("link", name="Download the Word document (DOCX)")).to_be_visible()
    assert page.evaluate("() => window.notReloaded") is True  # the same page, updated in place
    assert page.locator("#job-status-announcement").get_attribute("aria-live") == "polite"
    axe_check(page, context="Word export ready, updated in place")
    assert page.csp_errors == []  # no script blocked by the CSP


def test_withdrawing_a_request_asks_for_confirmation(world, live_server, page):
    from safeguarding_reviews.rapid_review.models import AgencyRequest, RequestStatus
    from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send
    from safeguarding_reviews.rapid_review.tests.conftest import DUE, new_author, to_rapid_review

    to_rapid_review(world)
    officer = world.people["business_unit_officer"]
    author = new_author(world, world.agency, 1)
    [request] = agency_requests_send(
        actor=officer, case=world.case, items=[RequestItem(agency=world.agency, author=author)], due_on=DUE
    )
    path = f"/cases/{world.case.pk}/agency-requests/{request.pk}/"
    sign_in(page, live_server, officer, secret=give_totp(officer), path=path)
    page.get_by_role("link", name="Withdraw the request").click()
    expect(page.get_by_text("Are you sure you want to withdraw the request")).to_be_visible()
    assert AgencyRequest.objects.get(pk=request.pk).status == RequestStatus.REQUESTED
    axe_check(page, context="withdraw a request: confirmation")
    page.get_by_label("Why are you withdrawing the request?").fill(
        "Synthetic: no involvement with the family."
    )
    page.get_by_role("button", name="Yes, withdraw the request").click()
    # Wait for the page after the POST, not just a load state the confirmation page already reached.
    expect(page.get_by_text(f"Request to {world.agency.name} withdrawn")).to_be_visible()
    assert AgencyRequest.objects.get(pk=request.pk).status == RequestStatus.WITHDRAWN
