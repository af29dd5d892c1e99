"""Issue 18 items 3 and 7 in a browser: the agency return's check page (Change links, each error linked to its
field, the warning without chronology entries, the confirmation page) and requests to agencies (author fields
revealed under a ticked agency, withdrawing asks for confirmation and the reason). Axe on each page.

Collected by tests/browser/test_usability_journey.py, which imports these functions; run alone with
`python -m pytest tests/browser/usability_returns.py` (pytest collects a file named explicitly). The marks
are on each function so they travel with the import."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, give_totp, sign_in

browser_journey = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Synthetic: the agency had no involvement with the family."


def _marked(test):
    for mark in reversed(browser_journey):
        test = mark(test)
    return test


def _one_request(world):
    from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send
    from safeguarding_reviews.rapid_review.tests.conftest import DUE, new_author, to_rapid_review

    to_rapid_review(world)
    author = new_author(world, world.agency, 1)
    [request] = agency_requests_send(
        actor=world.people["business_unit_officer"],
        case=world.case,
        items=[RequestItem(agency=world.agency, author=author)],
        due_on=DUE,
    )
    return request, author


@_marked
def test_return_check_page_links_each_error_to_its_field(world, live_server, page):
    from safeguarding_reviews.rapid_review import services
    from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, RequestStatus

    request, author = _one_request(world)
    values = {name: f"Synthetic {label.lower()}." for name, label in RETURN_SECTIONS}
    services.agency_request_acknowledge(actor=author, request=request)
    services.agency_return_save(
        actor=author,
        request=request,
        expected_version=1,
        values={**values, "learning": "", "what_went_well": ""},
    )
    base = f"/cases/{world.case.pk}/agency-requests/{request.pk}"
    sign_in(page, live_server, author, secret=give_totp(author), path=f"{base}/submit/")
    page.wait_for_url(f"**{base}/submit/")

    # The check page: a Change link per section, to that section's field; the warning without entries.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your return before you submit it")
    for name, label in RETURN_SECTIONS:
        link = page.get_by_role("link", name=f"Change {label.lower()}", exact=True)
        expect(link).to_have_attribute("href", f"{base}/return/#id_{name}")
    expect(page.locator(".govuk-warning-text")).to_contain_text("You have not added any chronology entries")
    expect(page.get_by_role("link", name="Add or import your agency's chronology entries")).to_be_visible()
    axe_check(page, context="check your return, with the warning")

    # Submitting: every problem in the summary, each linked to its field.
    page.get_by_role("button", name="Submit the return").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link")).to_have_count(3)
    axe_check(page, context="check your return, with errors")
    # The confirmation checkbox is on this page: the link moves focus to it.
    summary.get_by_role("link", name=re.compile("confirm that you want to submit")).click()
    expect(page.locator("#id_no_entries_confirmed")).to_be_focused()
    # A missing section is on the edit page: the link opens it at that field.
    summary.get_by_role("link", name="Complete the section: Learning").click()
    page.wait_for_url(f"**{base}/return/#id_learning")
    expect(page.locator("#id_learning")).to_be_in_viewport()
    axe_check(page, context="the return, opened at a missing section")
    page.locator("#id_learning").fill("Synthetic learning.")
    page.locator("#id_what_went_well").fill("Synthetic good practice.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**{base}/submit/")
    page.get_by_label("Submit the return without any chronology entries").check()
    page.get_by_role("button", name="Submit the return").click()

    # The confirmation page says what happens next.
    page.wait_for_url(f"**{base}/submitted/")
    expect(page.locator(".govuk-panel__title")).to_have_text("Return submitted")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_text("We will email you if they send it back")).to_be_visible()
    axe_check(page, context="return submitted")
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


@_marked
def test_withdrawal_asks_for_confirmation_and_the_reason(world, live_server, page):
    from safeguarding_reviews.rapid_review.models import AgencyRequest, RequestStatus

    request, _author = _one_request(world)
    officer = world.people["business_unit_officer"]
    path = f"/cases/{world.case.pk}/agency-requests/{request.pk}/"
    sign_in(page, live_server, officer, secret=give_totp(officer), path=path)
    page.wait_for_url(f"**{path}")
    page.get_by_role("link", name="Withdraw the request").click()
    expect(page.get_by_text("Are you sure you want to withdraw the request")).to_be_visible()
    axe_check(page, context="withdraw: confirmation")
    # Without a reason: an error linked to the field, and still on the confirmation step.
    page.get_by_role("button", name="Yes, withdraw the request").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reason for withdrawing the request")
    axe_check(page, context="withdraw: no reason given")
    summary.get_by_role("link", name="Enter the reason for withdrawing the request").click()
    reason = page.get_by_label("Why are you withdrawing the request?")
    expect(reason).to_be_focused()
    assert AgencyRequest.objects.get(pk=request.pk).status == RequestStatus.REQUESTED
    reason.fill(REASON)
    page.get_by_role("button", name="Yes, withdraw the request").click()
    page.wait_for_url(f"**/cases/{world.case.pk}/agency-requests/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("withdrawn")
    expect(page.locator("table")).to_contain_text(REASON)
    axe_check(page, context="requests, one withdrawn")
    page.get_by_role("link", name=world.agency.name).click()
    details = page.locator(".govuk-summary-list").first
    expect(details).to_contain_text("Reason for withdrawal")
    expect(details).to_contain_text(REASON)
    axe_check(page, context="a withdrawn request")
    assert AgencyRequest.objects.get(pk=request.pk).withdrawal_reason == REASON


@_marked
def test_author_fields_appear_under_a_ticked_agency(world, live_server, page):
    from safeguarding_reviews.rapid_review.tests.conftest import new_author, to_rapid_review

    to_rapid_review(world)
    author = new_author(world, world.agency, 1)
    officer = world.people["business_unit_officer"]
    path = f"/cases/{world.case.pk}/agency-requests/"
    sign_in(page, live_server, officer, secret=give_totp(officer), path=path)
    page.wait_for_url(f"**{path}")
    agency = page.get_by_role("checkbox", name=world.agency.name, exact=True)
    author_list = page.get_by_label(f"Author for {world.agency.name}", exact=True)
    agency.uncheck()  # the referral may have ticked it already
    expect(author_list).to_be_hidden()
    expect(agency).to_have_attribute("aria-expanded", "false")
    axe_check(page, context="send requests, no agency ticked")
    # Without govuk-frontend's JavaScript (no govuk-frontend-supported class) nothing is hidden.
    page.evaluate("() => document.body.classList.remove('govuk-frontend-supported')")
    expect(author_list).to_be_visible()
    page.evaluate("() => document.body.classList.add('govuk-frontend-supported')")
    expect(author_list).to_be_hidden()
    agency.check()
    expect(author_list).to_be_visible()
    expect(agency).to_have_attribute("aria-expanded", "true")
    author_list.select_option(label=f"{author.full_name} – {world.agency.name}, Agency author")
    axe_check(page, context="send requests, an agency ticked")
