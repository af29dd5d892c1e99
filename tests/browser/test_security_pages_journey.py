"""The pages security findings 1 and 5 added, in the browser with axe: a platform administrator opening an
invitation meant for a partnership role, and the code step's lockout after too many wrong codes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from safeguarding_reviews.organisations.models import Membership
from tests.factories import TEST_PASSWORD, UserFactory

from .conftest import axe_check, fill_sign_in, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_platform_administrator_cannot_accept_an_invitation(page, live_server, world):
    from safeguarding_reviews.organisations import services

    # Invited while an ordinary account; made a platform administrator before accepting.
    person = UserFactory.create(email="later.admin@test.example")
    _, token = services.invitation_create(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        email=person.email,
        full_name="Later Admin",
        roles=["auditor"],
    )
    person.is_platform_admin = True
    person.save(update_fields=["is_platform_admin"])
    secret = give_totp(person)
    sign_in(page, live_server, person, secret=secret)
    response = page.goto(f"{live_server.url}/partnerships/invitations/{token}/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A platform administrator cannot join a partnership"
    )
    axe_check(page, context="invitation refused to a platform administrator")
    assert not Membership.objects.filter(user=person).exists()


def test_too_many_wrong_codes_shows_how_long_to_wait(page, live_server, settings):
    person = UserFactory.create(email="code.person@test.example")
    give_totp(person)
    page.goto(f"{live_server.url}/accounts/login/")
    fill_sign_in(page, person, TEST_PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    for _ in range(settings.MFA_CODE_FAILURES + 1):
        page.get_by_label("Security code").fill("000000")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many wrong security codes")
    expect(page.locator("main")).to_contain_text(f"try again in {settings.MFA_CODE_LOCK_MINUTES} minutes")
    axe_check(page, context="too many wrong security codes")
