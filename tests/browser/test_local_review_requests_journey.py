"""Issue 13's other local review pages in a real browser, with axe on each (the main journey is
test_local_review_journey.py).

The business unit moves a plan target → sends the accepted reviewer a written request for information →
the reviewer answers it (seeing only what they may) → the business unit accepts the answer → the terms of
reference are exported to Word (the status page, then the download) → the business manager lets the
reviewer see identity details → a local learning review is started on a case that had no LCSPR.

Set-up the journey is not about goes through services: world.case's review opened with its terms of
reference written, a reviewer appointed and accepted, and a second case at "Action plan".
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.local_reviews.models import InformationRequest, LocalReview
from safeguarding_reviews.local_reviews.tests.helpers import open_review, write_terms
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.reviewers import services as reviewers
from tests.factories import UserFactory, grant

from .conftest import axe_check, give_totp, sign_in, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASKED = "Synthetic: the health visitor's notes for the scope period."
ANSWER = "Synthetic: the notes are summarised here."


_SECRETS: dict[int, str] = {}


def _open(browser, live_server, user, path):
    """A browser context of the user's own, signed in (each person's TOTP set up once)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    if user.pk not in _SECRETS:
        _SECRETS[user.pk] = give_totp(user)
    sign_in(page, live_server, user, secret=_SECRETS[user.pk], path=path)
    page.wait_for_url(f"**{path}")
    return context, page


def _path(name, case, **kwargs):
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


def test_requests_export_identity_and_a_learning_review(world, browser, live_server):
    _SECRETS.clear()
    case = world.case
    review = open_review(world, initiated_on=clock.today())
    write_terms(world, review)
    officer = world.people["business_unit_officer"]
    manager = world.people["business_manager"]
    today = clock.today()
    # A reviewer appointed, their declaration accepted (the main journey does this in the browser).
    reviewer = UserFactory.create(full_name="Synthetic Thirdreviewer", email="third.reviewer@test.example")
    grant(reviewer, world.partnership, Role.INDEPENDENT_REVIEWER)
    appointment = reviewers.reviewer_appoint(actor=manager, case=case, user=reviewer)
    appointment = reviewers.declaration_submit(
        actor=reviewer,
        appointment=appointment,
        expected_version=appointment.version,
        answers={"family": False, "agencies": False, "services": False, "other": False},
    )
    reviewers.declaration_decide(actor=manager, case=case, appointment=appointment, accept=True)

    # A plan target moved.
    context, page = _open(browser, live_server, officer, _path("local_reviews:task_list", case))
    target = review.targets.get(target="practitioner_event")
    page.goto(f"{live_server.url}{_path('local_reviews:target', case, target_id=target.pk)}")
    axe_check(page, context="plan target form")
    page.locator('[name="due_on"]').fill(typed_date(today.replace(year=today.year + 1)))
    page.get_by_role("button", name="Save target").click()
    page.wait_for_url(f"**{_path('local_reviews:task_list', case)}")

    # A written request for information to the reviewer.
    page.goto(f"{live_server.url}{_path('local_reviews:information_requests', case)}")
    axe_check(page, context="requests for information (none yet)")
    page.get_by_role("link", name="Send a request").click()
    axe_check(page, context="new request for information")
    page.locator('input[name="recipient_kind"][value="reviewer"]').check()
    page.locator('[name="recipient_id"]').select_option(str(reviewer.pk))
    page.locator('input[name="asks_for"][value="information"]').check()
    page.locator('[name="asked"]').fill(ASKED)
    page.locator('[name="due_on"]').fill(typed_date(today.replace(year=today.year + 1)))
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("main")).to_contain_text("Request sent")
    expect(page.locator("main")).to_contain_text("Information request 1")
    request = InformationRequest.objects.get(review=review)
    context.close()

    # The reviewer answers it.
    request_path = _path("local_reviews:information_request", case, request_id=request.pk)
    context, page = _open(browser, live_server, reviewer, request_path)
    expect(page.locator("main")).to_contain_text(ASKED)
    axe_check(page, context="request for information (recipient)")
    page.locator('[name="answer"]').fill(ANSWER)
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("main")).to_contain_text(ANSWER)
    expect(page.get_by_role("button", name="Send answer")).to_have_count(0)  # answered once
    context.close()

    # The business unit accepts the answer.
    context, page = _open(browser, live_server, officer, request_path)
    axe_check(page, context="request for information (business unit)")
    page.locator('input[name="decision"][value="accept"]').check()
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}{_path('local_reviews:information_requests', case)}")
    expect(page.locator("main")).to_contain_text("Information request 1")
    axe_check(page, context="requests for information")
    request.refresh_from_db()
    assert (request.answer, request.status) == (ANSWER, "accepted")

    # The terms of reference exported to Word: the status page, then the download.
    page.goto(f"{live_server.url}{_path('local_reviews:terms', case)}")
    page.get_by_role("button", name="Export to Word").click()
    page.wait_for_url("**/word-documents/**")
    download_link = page.get_by_role("link", name="Download")
    expect(download_link.first).to_be_visible(timeout=30_000)
    axe_check(page, context="Word document status")
    with page.expect_download() as download:
        download_link.first.click()
    assert download.value.suggested_filename.endswith(".docx")
    context.close()

    # The business manager lets the reviewer see identity details.
    context, page = _open(browser, live_server, manager, _path("reviewers:identity_grant", case))
    axe_check(page, context="identity grant")
    page.locator('[name="reason"]').fill("Synthetic: the reviewer meets the family.")
    page.get_by_role("button", name="Grant identity details").click()
    expect(page.locator("main")).not_to_contain_text("There is a problem")

    # A local learning review on a case that had no LCSPR.
    other = case_services.case_create(
        actor=officer, partnership=world.partnership, pseudonym="Child M", summary="Synthetic."
    )
    Case.objects.filter(pk=other.pk).update(stage=Stage.ACTION_PLAN)
    page.goto(f"{live_server.url}{_path('local_reviews:start', other)}")
    axe_check(page, context="start a local learning review")
    page.locator('[name="initiated_on"]').fill(typed_date(today))
    page.get_by_role("button", name="Start the review").click()
    page.wait_for_url(f"**{_path('local_reviews:task_list', other)}")
    expect(page.locator("main")).to_contain_text("learning review")
    context.close()
    assert LocalReview.objects.get(case=other).kind != review.kind
