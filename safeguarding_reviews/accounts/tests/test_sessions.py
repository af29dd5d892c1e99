"""Idle and absolute session limits (time-machine), drafts kept after expiry, signing out everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from safeguarding_reviews.accounts.session_store import SessionStore
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.drafts.models import Draft
from tests.factories import TEST_PASSWORD

from .conftest import assert_has_event, make_mfa_user, signed_in_client

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_idle_timeout_redirects_to_sign_in_with_next(client, mfa_user):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, mfa_user.user)
        assert client.get("/").status_code == 200
        traveller.shift(14 * 60)
        assert client.get("/").status_code == 200  # activity restarts the clock
        traveller.shift(14 * 60)
        assert client.get("/privacy/").status_code == 200
        traveller.shift(15 * 60 + 1)
        response = client.get("/accessibility/?q=Child+name")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=%2Faccessibility%2F&timed_out=1"  # path only
        assert client.get("/").status_code == 302
    assert_has_event(EventType.SESSION_EXPIRED, actor=mfa_user.user)


def test_absolute_limit_of_12_hours_even_when_active(client, mfa_user):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, mfa_user.user)
        client.get("/")
        for _ in range(12 * 6):
            traveller.shift(10 * 60)
            client.get("/privacy/")
        traveller.shift(60)
        assert client.get("/").status_code == 302


def test_status_is_passive_and_keep_alive_is_not(client, mfa_user):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, mfa_user.user)
        client.get("/")
        traveller.shift(10 * 60)
        status = client.get(reverse("accounts:session_status")).json()
        assert status == {"signed_in": True, "seconds_remaining": 5 * 60}
        traveller.shift(4 * 60)
        assert client.get(reverse("accounts:session_status")).json()["seconds_remaining"] == 60
        assert client.post(reverse("accounts:keep_alive")).json()["signed_in"] is True
        assert client.get(reverse("accounts:session_status")).json()["seconds_remaining"] == 15 * 60
        traveller.shift(15 * 60 + 1)
        expired = client.get(reverse("accounts:session_status"), HTTP_ACCEPT="application/json")
        assert expired.status_code == 401


def test_keep_alive_needs_post_and_a_session(client):
    assert client.get(reverse("accounts:keep_alive")).status_code == 405
    assert client.post(reverse("accounts:keep_alive")).status_code == 401


def test_keep_alive_after_expiry_is_401_json(client, mfa_user):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, mfa_user.user)
        client.get("/")
        traveller.shift(16 * 60)
        response = client.post(reverse("accounts:keep_alive"), HTTP_ACCEPT="application/json")
        assert response.status_code == 401
        assert response.json() == {"signed_in": False}


def test_timed_out_page_signs_out_only_when_time_is_up(client, mfa_user):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, mfa_user.user)
        client.get("/")
        # A link on another site cannot sign someone out while their session has time left.
        early = client.get(reverse("accounts:timed_out") + "?next=/privacy/")
        assert early.status_code == 302 and early.url == "/privacy/"
        assert client.get("/").status_code == 200
        traveller.shift(15 * 60 - 5)
        page = client.get(reverse("accounts:timed_out") + "?next=/cases/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "You have been signed out" in html
        assert "/accounts/login/?next=%2Fcases%2F&amp;timed_out=1" in html
        assert client.get("/").status_code == 302


def test_timed_out_page_after_expiry_and_unsafe_next(client, mfa_user):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, mfa_user.user)
        client.get("/")
        traveller.shift(20 * 60)
        page = client.get(reverse("accounts:timed_out") + "?next=https://evil.example/")
        assert page.status_code == 200
        assert "evil.example" not in page.content.decode()


def test_form_sent_after_expiry_is_kept_and_offered_back(world):
    officer = world.people["business_unit_officer"]
    client = Client(enforce_csrf_checks=True)
    edit_url = reverse("cases:edit", args=[world.case.pk])
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, officer)
        page = client.get(edit_url)
        assert page.status_code == 200
        form = page.context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data["summary"] = "Typed just before lunch."
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
        traveller.shift(16 * 60)
        response = client.post(edit_url, data)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={edit_url.replace('/', '%2F')}&timed_out=1"
        draft = Draft.objects.get(user=officer, path=edit_url)
        assert draft.data["summary"] == ["Typed just before lunch."]
        assert "csrfmiddlewaretoken" not in draft.data
        assert_has_event(EventType.DRAFT_SAVED, actor=officer)

        # Back in (within the drafts' retention): the edit page shows what they typed, once.
        traveller.shift(5 * 60)
        signed_in_client(client, officer)
        again = client.get(edit_url)
        assert "Typed just before lunch." in again.content.decode()
        assert "We have put back what you entered" in again.content.decode()
        assert not Draft.objects.filter(user=officer).exists()
        assert_has_event(EventType.DRAFT_DELETED, actor=officer)
        assert "Typed just before lunch." not in client.get(edit_url).content.decode()


def test_forged_post_after_expiry_keeps_nothing(world):
    officer = world.people["business_unit_officer"]
    client = Client(enforce_csrf_checks=True)
    edit_url = reverse("cases:edit", args=[world.case.pk])
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, officer)
        client.get("/")
        traveller.shift(16 * 60)
        client.post(edit_url, {"summary": "Planted by another site"})
    assert not Draft.objects.exists()


def test_sign_in_after_expiry_returns_to_the_page(client):
    person = make_mfa_user()
    response = client.post(
        "/accounts/login/?next=/privacy/&timed_out=1",
        {"login": person.user.email, "password": TEST_PASSWORD, "next": "/privacy/"},
    )
    assert response.status_code == 302
    done = client.post(reverse("mfa_authenticate"), {"code": person.code()})
    assert done.url == "/privacy/"


def test_sign_out_everywhere_ends_other_sessions(mfa_user):
    laptop = signed_in_client(Client(), mfa_user.user)
    phone = signed_in_client(Client(), mfa_user.user)
    assert laptop.get("/").status_code == 200 and phone.get("/").status_code == 200
    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302
    event = AuditEvent.objects.get(event_type=EventType.SIGNED_OUT_EVERYWHERE)
    assert event.data == {"sessions": 2}


def test_sign_out_everywhere_finds_a_session_whose_key_changed(mfa_user):
    laptop = signed_in_client(Client(), mfa_user.user)
    phone = signed_in_client(Client(), mfa_user.user)
    session = phone.session
    session.cycle_key()  # as a password change or privilege change would
    session.save()
    phone.cookies["sessionid"] = session.session_key
    assert phone.get("/").status_code == 200  # the middleware registers the new key
    laptop.post(reverse("accounts:sign_out_everywhere"))
    assert phone.get("/").status_code == 302


def test_sign_out_everywhere_is_post_only(client, mfa_user):
    signed_in_client(client, mfa_user.user)
    assert client.get(reverse("accounts:sign_out_everywhere")).status_code == 405


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (OperationalError("server closed the connection unexpectedly"), OperationalError),
        (InterfaceError("connection already closed"), InterfaceError),
        # Anything else (the row gone: "Forced update did not affect any rows") stays Django's UpdateError.
        (DatabaseError("Forced update did not affect any rows."), UpdateError),
    ],
)
def test_session_save_lets_an_unreachable_database_through(db, monkeypatch, error, raised):
    # The database restarting under a request is an outage (the 500 page), not "session deleted" (400).
    from django.contrib.sessions.models import Session

    store = SessionStore()
    store["k"] = 1
    store.save()
    store["k"] = 2

    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(Session, "save", fail)
    with pytest.raises(raised) as caught:
        store.save()
    assert caught.value is error or isinstance(caught.value, UpdateError)


def test_session_engine_is_the_database_store_that_lets_outages_through(settings):
    assert settings.SESSION_ENGINE == "safeguarding_reviews.accounts.session_store"
    assert issubclass(SessionStore, DatabaseSessionStore)
