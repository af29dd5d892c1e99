"""Usability (issue 18 item 1): the idle timeout never throws away what an author is typing. Imported by
test_usability_journey.py, which collects every usability_*.py module's journeys.

On short idle settings: an author who types without pausing past the idle limit is not signed out (typing
reaches the server as a throttled keep-alive); an author who leaves the page open is warned, signed out, told
truthfully what was kept, and finds their text back after signing in again. axe runs on each page."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.drafts.models import Draft
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.rapid_review.services import (
    RequestItem,
    agency_request_acknowledge,
    agency_requests_send,
)
from tests.factories import TEST_PASSWORD, UserFactory, grant

from .conftest import axe_check, enter_totp, fill_sign_in, give_totp, sign_in

KEEP_ALIVE = "/accounts/session/keep-alive/"
TYPED = "Synthetic: the school nurse saw the child in the spring term and noted no concerns"


def _author_with_a_request(world):
    officer = world.people["business_unit_officer"]
    for stage in (Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW):
        case_stage_advance(actor=officer, case=world.case, to_stage=stage, reason="journey")
    author = UserFactory.create(full_name="Synthetic Idle Author", email="idle.author@test.example")
    grant(author, world.partnership, Role.AGENCY_AUTHOR, world.agency)
    [request] = agency_requests_send(
        actor=officer,
        case=world.case,
        items=[RequestItem(agency=world.agency, author=author)],
        due_on=dt.date(2099, 1, 15),
    )
    agency_request_acknowledge(actor=author, request=request)
    path = reverse("rapid_review:return_edit", kwargs={"case_id": world.case.pk, "request_id": request.pk})
    return author, path


def _count_keep_alives(page) -> list[float]:
    sent: list[float] = []
    page.on("request", lambda r: sent.append(time.monotonic()) if r.url.endswith(KEEP_ALIVE) else None)
    return sent


def _wait_for_draft(author, text: str, seconds: float = 10) -> Draft:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        draft = Draft.objects.filter(user=author).first()
        if draft is not None and draft.data.get("learning") == [text]:
            return draft
        time.sleep(0.25)
    pytest.fail(f"no draft with the typed text after {seconds} seconds")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_author_typing_past_the_idle_limit_stays_signed_in(page, live_server, world, settings):
    author, path = _author_with_a_request(world)
    sign_in(page, live_server, author, secret=give_totp(author))
    # 12 seconds idle, warned 4 seconds before: the page sends the keep-alive at most every 4 seconds.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 12
    settings.SESSION_WARNING_SECONDS = 4
    keep_alives = _count_keep_alives(page)
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agency return")
    axe_check(page, context="agency return (short idle settings)")

    # Type for 20 seconds without a pause: well past the idle limit, and past the moment the warning would
    # have opened.
    box = page.locator("textarea[name=learning]")
    box.click()
    typed = ""
    started = time.monotonic()
    while time.monotonic() - started < 20:
        word = "steady typing "
        box.press_sequentially(word, delay=40)
        typed += word
        expect(page.locator("#timeout-dialog")).not_to_be_visible()
    assert page.url == f"{live_server.url}{path}"

    # Typing kept the session alive, throttled: never more often than the interval (4 s here; a minute with
    # the service's settings), and through the real server (a reload still shows the page, not sign-in).
    assert 3 <= len(keep_alives) <= 6, keep_alives
    gaps = [b - a for a, b in zip(keep_alives, keep_alives[1:], strict=False)]
    assert all(gap >= 3.5 for gap in gaps), gaps
    # What was typed is kept as a draft once typing stops.
    _wait_for_draft(author, typed)
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 15 * 60
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agency return")
    expect(page.get_by_text("We kept what you typed on")).to_be_visible()
    expect(box).to_have_value(typed)
    axe_check(page, context="agency return with the kept draft")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_author_who_leaves_is_signed_out_and_finds_the_draft(page, live_server, world, settings):
    author, path = _author_with_a_request(world)
    secret = give_totp(author)
    sign_in(page, live_server, author, secret=secret)
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 10
    settings.SESSION_WARNING_SECONDS = 5
    keep_alives = _count_keep_alives(page)
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agency return")
    page.locator("textarea[name=learning]").fill(TYPED)

    # They walk away. The warning opens; at zero the page goes to the signed-out page.
    dialog = page.locator("#timeout-dialog")
    expect(dialog).to_be_visible(timeout=12_000)
    axe_check(page, context="timeout warning over the agency return")
    _wait_for_draft(author, TYPED)
    page.wait_for_url(re.compile(r"/accounts/session/timed-out/"), timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    expect(page.get_by_text("What you typed in the agency return was saved as a draft")).to_be_visible()
    axe_check(page, context="signed-out page naming the kept draft")
    # One keep-alive for the one burst of typing; none while the page sat idle.
    assert len(keep_alives) == 1, keep_alives

    # Sign in again: back on the return, with what they typed and a banner saying so.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 15 * 60
    page.get_by_role("link", name="Sign in again").click()
    fill_sign_in(page, author, TEST_PASSWORD)
    enter_totp(page, author, secret)
    page.wait_for_url(f"**{path}")
    expect(page.get_by_text("We kept what you typed on")).to_be_visible()
    expect(page.locator("textarea[name=learning]")).to_have_value(TYPED)
    axe_check(page, context="agency return after signing in again")

    # Saving the return: the draft has done its job.
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Return saved")).to_be_visible()
    assert not Draft.objects.filter(user=author).exists()
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("textarea[name=learning]")).to_have_value(TYPED)
    expect(page.get_by_text("We kept what you typed on")).to_have_count(0)
