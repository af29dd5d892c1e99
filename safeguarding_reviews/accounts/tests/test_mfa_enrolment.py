"""Outside demo mode every account sets up an authenticator app right after its first sign-in."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

from .conftest import signed_in_client, totp_code

pytestmark = pytest.mark.django_db


def _sign_in_with_password(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


def test_first_sign_in_goes_to_totp_setup_then_recovery_codes(client, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    response = _sign_in_with_password(client, user)
    home = client.get(response.url)
    assert home.status_code == 302
    assert home.url == reverse("mfa_activate_totp")
    # Every page outside /accounts/ sends them back until they have set it up.
    assert client.get("/accessibility/").status_code == 200
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in html
    assert "<h1" in html

    bad = client.post(reverse("mfa_activate_totp"), {"code": "12345"})
    assert bad.status_code == 400
    assert "<title>Error: Set up your authenticator app" in bad.content.decode()
    assert client.session[SECRET_SESSION_KEY] == secret  # the same QR code stays valid

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert done.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(done.url)
    assert codes_page.status_code == 200
    codes = (
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    )
    assert len(codes) == 10
    for code in codes:
        assert code in codes_page.content.decode()
    assert client.get("/").status_code == 200

    event = AuditEvent.objects.get(event_type=EventType.MFA_ENABLED)
    assert event.actor_id == user.pk
    assert secret not in str(event.data)


def test_demo_mode_lets_people_skip_setup(client, settings):
    settings.DEMO_MODE = True
    user = UserFactory.create()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Do not enter real information" in response.content.decode()


def test_existing_session_must_confirm_password_before_setup(client):
    user = UserFactory.create()
    client.force_login(user)  # no recent sign-in recorded
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    page = client.get(response.url)
    assert page.status_code == 200 and "Confirm it is you" in page.content.decode()
    wrong = client.post(response.url, {"password": "not-my-password"})
    assert wrong.status_code == 400
    right = client.post(response.url, {"password": TEST_PASSWORD})
    assert right.status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_removing_the_app_forces_a_new_one(client, mfa_user, django_capture_on_commit_callbacks):
    signed_in_client(client, mfa_user.user)
    url = reverse("mfa_deactivate_totp")
    # Changing how you sign in needs a fresh code (reauthentication with MFA).
    first = client.get(url)
    assert first.status_code == 302 and first.url.startswith(reverse("account_reauthenticate"))
    password_page = client.get(first.url).content.decode()
    mfa_url = f"{reverse('mfa_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F"
    assert f'href="{mfa_url}"' in password_page  # "use a security code instead"
    assert client.get(mfa_url).status_code == 200
    bad = client.post(mfa_url, {"code": "000000" if mfa_user.code() != "000000" else "111111"})
    assert bad.status_code == 400
    assert AuditEvent.objects.get(event_type=EventType.MFA_FAILED).data == {"reauthentication": True}
    assert client.post(mfa_url, {"code": mfa_user.code()}).url == url
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("accounts:security")
    assert not Authenticator.objects.filter(user=mfa_user.user).exists()
    assert AuditEvent.objects.filter(event_type=EventType.MFA_RESET, actor=mfa_user.user).exists()
    assert client.get("/").url == reverse("mfa_activate_totp")


def test_recovery_codes_regenerate_and_download(client, mfa_user):
    response = client.post("/accounts/login/", {"login": mfa_user.user.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": mfa_user.code()})
    view = client.get(reverse("mfa_view_recovery_codes"))
    assert view.status_code == 200
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/plain")
    assert mfa_user.recovery_codes[0] in download.content.decode()
    page = client.get(reverse("mfa_generate_recovery_codes"))
    assert page.status_code == 200 and "Make new recovery codes" in page.content.decode()
    new = client.post(reverse("mfa_generate_recovery_codes"))
    assert new.status_code == 302
    assert mfa_user.recovery_codes[0] not in client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert response.status_code == 302


def test_mfa_reset_service_and_command(mfa_user):
    from django.core.management import call_command

    admin = UserFactory.create(is_platform_admin=True)
    call_command("mfa_reset", user_id=mfa_user.user.pk, actor_id=admin.pk)
    assert not Authenticator.objects.filter(user=mfa_user.user).exists()
    event = AuditEvent.objects.get(event_type=EventType.MFA_RESET)
    assert event.actor_id == admin.pk and event.object_id == str(mfa_user.user.pk)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such account, or the actor is not a platform"):
        call_command("mfa_reset", user_id=mfa_user.user.pk, actor_id=mfa_user.user.pk)
