"""Journeys through sign-in: first sign-in with MFA enrolment, the timeout warning, and answers kept
when a session expires while a form is open. axe checks every page a new user meets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.drafts.models import Draft

from .conftest import axe_check, enter_totp, fill_sign_in, fresh_totp_code, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_sign_in_enrol_mfa_timeout_warning_and_sign_out(page, live_server, world, settings):
    person = world.people["review_committee_member"]  # named on world.case, no authenticator app yet
    base = live_server.url

    # Sign in
    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe_check(page, context="sign-in page")
    fill_sign_in(page, person, "correct-horse-battery-staple-42")

    # Made to set up an authenticator app straight away
    page.wait_for_url(f"**{reverse('mfa_activate_totp')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.evaluate("() => document.querySelector('img.app-qr-code').naturalWidth") > 0  # CSP allowed it
    axe_check(page, context="MFA set-up page")
    secret = page.locator("#totp-secret").inner_text().strip()  # "scan" it
    # A code with time left in its window, so it cannot roll over before the server checks it.
    page.get_by_label("Code from your authenticator app").fill(fresh_totp_code(person, secret))
    page.get_by_role("button", name="Set up authenticator app").click()

    # Recovery codes are shown once the app is set up
    page.wait_for_url(f"**{reverse('mfa_view_recovery_codes')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    axe_check(page, context="recovery codes page")
    page.get_by_role("link", name="I have saved my codes: continue").click()

    # Your cases, with the case they are on
    page.wait_for_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your cases")
    expect(page.get_by_text(world.case.reference).first).to_be_visible()
    axe_check(page, context="Your cases")

    # Short session limits for the warning: it opens (idle - warning) seconds after the page loads.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 20
    settings.SESSION_WARNING_SECONDS = 15
    page.reload()
    dialog = page.locator("#timeout-dialog")
    expect(dialog).to_be_visible(timeout=12_000)
    expect(page.get_by_role("dialog", name="You’re about to be signed out")).to_be_visible()
    expect(page.locator("#timeout-countdown")).to_have_text(re.compile(r"\d+ seconds?"))
    expect(page.locator("#timeout-announcement")).to_contain_text("You will be signed out in")
    # Focus is inside the dialog, and Tab stays there.
    assert page.evaluate("() => document.getElementById('timeout-dialog').contains(document.activeElement)")
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.getElementById('timeout-dialog').contains(document.activeElement)"
        )
    axe_check(page, context="timeout dialog open")

    page.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    status = page.request.get(f"{base}{reverse('accounts:session_status')}").json()
    assert status["signed_in"] is True and status["seconds_remaining"] >= 15
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 15 * 60
    settings.SESSION_WARNING_SECONDS = 2 * 60
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your cases")

    # Sign out
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"**{reverse('account_login')}")
    expect(page.get_by_text("You have signed out")).to_be_visible()
    axe_check(page, context="signed-out page")
    page.goto(f"{base}/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]


def test_timeout_warning_times_out_to_signed_out_page(page, live_server, world, settings):
    person = world.people["review_committee_member"]
    secret = give_totp(person)
    sign_in(page, live_server, person, secret=secret)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your cases")
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 6
    settings.SESSION_WARNING_SECONDS = 4
    page.reload()
    expect(page.locator("#timeout-dialog")).to_be_visible(timeout=6_000)
    page.wait_for_url(re.compile(r"/accounts/session/timed-out/"), timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    axe_check(page, context="timed-out page")
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 15 * 60
    page.goto(f"{live_server.url}/")
    page.wait_for_url(re.compile(r"/accounts/login/"))


def _age_session(page, *, seconds: int) -> None:
    """Move the server session's last activity `seconds` into the past (as if the laptop had slept)."""
    from importlib import import_module

    from django.conf import settings as django_settings
    from django.contrib.sessions.backends.base import SessionBase

    from safeguarding_reviews.accounts.middleware import LAST_SEEN_KEY

    [cookie] = [c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME]
    store: SessionBase = import_module(django_settings.SESSION_ENGINE).SessionStore(cookie["value"])
    store[LAST_SEEN_KEY] = store[LAST_SEEN_KEY] - seconds
    store.save()


def test_answers_typed_when_the_session_expired_come_back_after_sign_in(page, live_server, world, settings):
    officer = world.people["business_unit_officer"]
    secret = give_totp(officer)
    edit_path = reverse("cases:edit", args=[world.case.pk])
    sign_in(page, live_server, officer, secret=secret)

    page.goto(f"{live_server.url}{edit_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change case details")
    # The laptop goes to sleep with the form open: the page's warning timer (set for 13 minutes from
    # now) never gets to run, while on the server the session's last activity falls past the idle limit.
    # Rather than waiting for that, the session is aged on the server (its last activity an hour ago).
    summary = page.locator("textarea[name=summary], input[name=summary]")
    summary.fill("Typed before the session ran out.")
    _age_session(page, seconds=3600)
    page.get_by_role("button", name="Save changes").click()

    # Signed out, told why, answers kept
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_text("You were signed out because you were inactive")).to_be_visible()
    assert Draft.objects.filter(user=officer, path=edit_path).exists()
    fill_sign_in(page, officer, "correct-horse-battery-staple-42")
    enter_totp(page, officer, secret)

    # Back on the form with what they typed
    page.wait_for_url(f"**{edit_path}")
    expect(page.get_by_text("We have put back what you entered")).to_be_visible()
    expect(page.locator("textarea[name=summary], input[name=summary]")).to_have_value(
        "Typed before the session ran out."
    )
    assert not Draft.objects.filter(user=officer).exists()
