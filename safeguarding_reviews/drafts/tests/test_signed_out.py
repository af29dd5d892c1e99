"""The signed-out page says truthfully what was kept; saving a draft is not activity for the idle timeout."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from safeguarding_reviews.drafts import services
from tests.fixtures import sign_in

from .steps import SAVE, TYPED, post_draft, typed_fields

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
KEPT = "What you typed in the agency return was saved as a draft"
NOT_KEPT = "Anything you had typed but not saved was not kept"


def _status(client):
    return client.get(reverse("accounts:session_status")).json()["seconds_remaining"]


def test_saving_a_draft_does_not_keep_the_session_alive(rr):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, rr.author)
        client.get(rr.return_url)
        traveller.shift(10 * 60)
        assert post_draft(client, rr.return_url, typed_fields(1, learning=TYPED)).status_code == 204
        assert _status(client) == 5 * 60  # the draft was kept, the idle clock was not touched
        assert client.post(reverse("accounts:keep_alive")).status_code == 200
        assert _status(client) == 15 * 60
        traveller.shift(15 * 60 + 1)
        late = client.post(
            SAVE,
            {"path": rr.return_url, "fields": typed_fields(1, learning="Later")},
            content_type="application/json",
            HTTP_ACCEPT="application/json",
        )
        assert late.status_code == 401  # signed out; what was saved before stays


@pytest.mark.parametrize("via", ["warning", "middleware"])
def test_signed_out_page_names_the_form_whose_typing_was_kept(rr, via):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, rr.author)
        client.get(rr.return_url)
        services.draft_save(actor=rr.author, path=rr.return_url, fields=typed_fields(1, learning=TYPED))
        # The warning's countdown reaches zero (at most 10 s left), or the page is asked for after expiry.
        traveller.shift(15 * 60 - 5 if via == "warning" else 20 * 60)
        page = client.get(reverse("accounts:timed_out") + f"?next={rr.return_url}").content.decode()
        assert "You have been signed out" in page
        assert KEPT in page and NOT_KEPT not in page
        assert rr.case.reference not in page and TYPED not in page  # anyone at the screen may read it
        # Signing in again brings the text back.
        traveller.shift(60)
        sign_in(client, rr.author)
        assert TYPED in client.get(rr.return_url).content.decode()


def test_signed_out_page_claims_nothing_was_kept_when_nothing_was(rr):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, rr.author)
        client.get(rr.return_url)
        traveller.shift(15 * 60 - 5)
        page = client.get(reverse("accounts:timed_out")).content.decode()
        assert NOT_KEPT in page and KEPT not in page
        # A second visit, signed out: we no longer know whose session it was, so no claim either way.
        again = client.get(reverse("accounts:timed_out")).content.decode()
        assert NOT_KEPT not in again and KEPT not in again


def test_a_return_sent_after_expiry_comes_back_as_its_typed_draft(rr):
    from safeguarding_reviews.drafts.models import Draft

    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, rr.author)
        client.get(rr.return_url)
        token = client.cookies["csrftoken"].value
        traveller.shift(16 * 60)
        response = client.post(
            rr.return_url, {"version": "1", "learning": TYPED, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302 and "timed_out=1" in response["Location"]
        [draft] = Draft.objects.all()
        assert draft.user == rr.author and draft.form_key == "rapid_review:return_edit"
        assert draft.data["learning"] == [TYPED]
        traveller.shift(60)
        sign_in(client, rr.author)
        page = client.get(rr.return_url).content.decode()
        assert TYPED in page and "We kept what you typed" in page
