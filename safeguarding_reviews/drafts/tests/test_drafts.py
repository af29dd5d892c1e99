"""Typed drafts with the database: saved as the author types, put back on the page with a banner, theirs
alone (404 for anyone else), discarded, deleted when the form is saved, expired; the version check holds."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.drafts import services
from safeguarding_reviews.drafts.models import Draft
from safeguarding_reviews.outcomes import services as outcome_services
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS
from safeguarding_reviews.rapid_review.tests.conftest import new_author
from safeguarding_reviews.referrals.services import referral_start
from tests.fixtures import sign_in
from tests.outcome_data import to_rapid_review

from .steps import SAVE, TYPED, post_draft, typed_fields

pytestmark = pytest.mark.django_db


def test_typed_text_is_kept_put_back_with_a_banner_and_audited_without_content(rr, client):
    sign_in(client, rr.author)
    page = client.get(rr.return_url).content.decode()
    assert 'data-autosave-url="/drafts/save/"' in page and "We kept what you typed" not in page
    assert post_draft(client, rr.return_url, typed_fields(1, learning=TYPED)).status_code == 204
    # The same again (a pause with no new typing): nothing written, nothing recorded.
    assert post_draft(client, rr.return_url, typed_fields(1, learning=TYPED)).status_code == 204
    [event] = AuditEvent.objects.filter(event_type=EventType.DRAFT_SAVED)
    assert event.case_id == rr.case.pk and event.actor_id == rr.author.pk
    assert event.data == {
        "form": "rapid_review:return_edit",
        "case_id": str(rr.case.pk),
        "request_id": str(rr.request.pk),
    }
    assert TYPED not in json.dumps(list(AuditEvent.objects.values("data")))
    page = client.get(rr.return_url).content.decode()
    assert TYPED in page
    assert "We kept what you typed on" in page and "Discard what you typed" in page
    assert "saved again after you typed it" not in page


def test_saving_the_form_deletes_the_draft(rr, client):
    sign_in(client, rr.author)
    post_draft(client, rr.return_url, typed_fields(1, learning=TYPED))
    values = {name: "" for name, _ in RETURN_SECTIONS} | {"learning": TYPED, "version": 1}
    assert client.post(rr.return_url, values).status_code == 302
    assert not Draft.objects.exists()
    assert AuditEvent.objects.filter(event_type=EventType.DRAFT_DELETED, data__why="saved").count() == 1
    page = client.get(rr.return_url).content.decode()
    assert TYPED in page and "We kept what you typed" not in page


def test_a_failed_save_keeps_the_draft(rr, client):
    sign_in(client, rr.author)
    post_draft(client, rr.return_url, typed_fields(1, learning=TYPED))
    assert client.post(rr.return_url, {"learning": TYPED}).status_code == 400  # no version
    assert Draft.objects.count() == 1


def test_discard_goes_back_to_what_was_saved(rr, client):
    sign_in(client, rr.author)
    post_draft(client, rr.return_url, typed_fields(1, learning=TYPED))
    response = client.post(reverse("drafts:discard"), {"path": rr.return_url})
    assert response.status_code == 302 and response.url == rr.return_url
    assert not Draft.objects.exists()
    assert AuditEvent.objects.filter(event_type=EventType.DRAFT_DELETED, data__why="discarded").exists()
    assert TYPED not in client.get(rr.return_url).content.decode()


def test_only_the_person_who_typed_gets_it_back(rr, client):
    sign_in(client, rr.author)
    post_draft(client, rr.return_url, typed_fields(1, learning=TYPED))
    # The business unit can see the request but cannot open the return form: 404, and nothing of the draft.
    other = Client()
    sign_in(other, rr.people["business_unit_officer"])
    assert post_draft(other, rr.return_url, typed_fields(1, learning="Planted")).status_code == 404
    assert other.post(reverse("drafts:discard"), {"path": rr.return_url}).status_code == 404
    assert Draft.objects.get().data["learning"] == [TYPED]
    # Another author of the same agency: not their request.
    stranger = Client()
    sign_in(stranger, new_author(rr, rr.agency, 2))
    assert post_draft(stranger, rr.return_url, typed_fields(1, learning="Planted")).status_code == 404
    assert stranger.get(rr.return_url).status_code == 404
    assert Draft.objects.count() == 1


def test_no_longer_able_to_open_the_form_404(rr, client):
    from safeguarding_reviews.rapid_review.services import agency_return_save, agency_return_submit

    sign_in(client, rr.author)
    values = {name: "Synthetic section text." for name, _ in RETURN_SECTIONS}
    agency_return_save(actor=rr.author, request=rr.request, expected_version=1, values=values)
    rr.request.refresh_from_db()
    agency_return_submit(actor=rr.author, request=rr.request, expected_version=rr.request.version)
    assert post_draft(client, rr.return_url, typed_fields(2, learning=TYPED)).status_code == 404


def test_a_restored_draft_keeps_the_version_check(rr, client):
    from safeguarding_reviews.rapid_review.services import agency_return_save

    sign_in(client, rr.author)
    post_draft(client, rr.return_url, typed_fields(1, learning=TYPED))
    # The return is saved in another window after the draft was typed.
    values = {name: "" for name, _ in RETURN_SECTIONS} | {"learning": "Saved elsewhere."}
    agency_return_save(actor=rr.author, request=rr.request, expected_version=1, values=values)
    page = client.get(rr.return_url)
    html = page.content.decode()
    assert TYPED in html and "saved again after you typed it" in html
    form = page.context["form"]
    assert form["version"].value() == 1  # the version the author typed against, not the latest
    posted = {name: form[name].value() or "" for name in form.fields}
    response = client.post(rr.return_url, posted)
    assert response.status_code == 409  # not a silent overwrite of "Saved elsewhere."
    assert Draft.objects.count() == 1  # still there until the author saves


def test_expired_drafts_are_not_restored_and_are_deleted(rr, client, settings):
    settings.DRAFT_RETENTION_DAYS = 7
    sign_in(client, rr.author)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        services.draft_save(actor=rr.author, path=rr.return_url, fields=typed_fields(1, learning=TYPED))
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(rr.author)
        sign_in(client, rr.author)
        assert TYPED not in client.get(rr.return_url).content.decode()
        assert services.drafts_tidy() == 1
        assert services.drafts_tidy() == 0
    assert not Draft.objects.exists()
    assert AuditEvent.objects.filter(event_type=EventType.DRAFTS_EXPIRED, data={"deleted": 1}).exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"path": "/cases/", "fields": {}}, 404),  # not a form that keeps drafts
        ({"path": "/nowhere/", "fields": {}}, 404),
        ({"path": "https://evil.example/", "fields": {}}, 404),
        ({"fields": {}}, 404),
        ({"path": "RETURN", "fields": {"learning": 3}}, 400),
        ({"path": "RETURN", "fields": "text"}, 400),
        ({"path": "RETURN", "fields": {"learning": "x" * 300_001}}, 400),
        ({"path": "RETURN", "fields": {"learning": "typed\x00from a PDF"}}, 400),
        ([1, 2], 400),
    ],
)
def test_save_refuses_what_is_not_a_draft(rr, client, body, status):
    sign_in(client, rr.author)
    if isinstance(body, dict) and body.get("path") == "RETURN":
        body["path"] = rr.return_url
    response = client.post(SAVE, json.dumps(body), content_type="application/json")
    assert response.status_code == status
    assert client.post(SAVE, b"not json", content_type="application/json").status_code == 400
    deep = b"[" * 100_000 + b"]" * 100_000  # nested past the JSON reader's recursion limit
    assert client.post(SAVE, deep, content_type="application/json").status_code == 400
    assert not Draft.objects.exists()


def test_save_needs_post_a_session_and_the_csrf_token(rr):
    client = Client(enforce_csrf_checks=True)
    assert client.get(SAVE).status_code == 405
    assert post_draft(client, rr.return_url, typed_fields(1, learning=TYPED)).status_code in (401, 403)
    sign_in(client, rr.author)
    assert post_draft(client, rr.return_url, typed_fields(1, learning=TYPED)).status_code == 403  # no token
    assert not Draft.objects.exists()


def test_outcome_section_draft(world, client):
    to_rapid_review(world)
    officer = world.people["business_unit_officer"]
    outcome = outcome_services.outcome_start(actor=officer, case=world.case)
    url = reverse("outcomes:section", kwargs={"case_id": world.case.pk, "section": "facts"})
    sign_in(client, officer)
    assert 'data-autosave-url="/drafts/save/"' in client.get(url).content.decode()
    assert post_draft(client, url, typed_fields(outcome.version, facts_summary=TYPED)).status_code == 204
    event = AuditEvent.objects.get(event_type=EventType.DRAFT_SAVED)
    assert event.case_id == world.case.pk and event.data["section"] == "facts"
    page = client.get(url).content.decode()
    assert TYPED in page and "We kept what you typed" in page
    # Someone who may read the case but not write the outcome: 404.
    auditor = Client()
    sign_in(auditor, world.people["auditor"])
    assert post_draft(auditor, url, typed_fields(outcome.version, facts_summary="x")).status_code == 404
    bad_section = reverse("outcomes:section", kwargs={"case_id": world.case.pk, "section": "nope"})
    assert post_draft(client, bad_section, typed_fields(1, x="y")).status_code == 404
    assert client.post(url, {"version": outcome.version, "facts_summary": TYPED}).status_code == 302
    assert not Draft.objects.exists()


def test_referral_section_draft(world, client):
    rep = world.people["agency_representative"]
    referral = referral_start(actor=rep, agency=world.agency)
    url = reverse("referrals:section", args=[referral.pk, "parallel-processes"])
    sign_in(client, rep)
    assert 'data-autosave-url="/drafts/save/"' in client.get(url).content.decode()
    fields = typed_fields(referral.version, parallel_details=TYPED) | {
        "parallel_processes": ["police_investigation"]
    }
    assert post_draft(client, url, fields).status_code == 204
    event = AuditEvent.objects.get(event_type=EventType.DRAFT_SAVED)
    assert event.case_id is None and event.partnership_id == world.partnership.pk
    page = client.get(url).content.decode()
    assert TYPED in page and "We kept what you typed" in page
    # The draft referral is its author's alone; people and files sections keep no draft.
    other = Client()
    sign_in(other, world.people["business_unit_officer"])
    assert post_draft(other, url, fields).status_code == 404
    people = reverse("referrals:section", args=[referral.pk, "children"])
    assert post_draft(client, people, fields).status_code == 404
    form = client.get(url).context["form"]
    posted = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url, posted).status_code == 302
    assert not Draft.objects.exists()


def test_answers_kept_after_a_timeout_expire_too(rr, settings):
    """A form posted after the session ran out is kept as a draft until taken back; one never taken back is
    deleted after the same retention, by the same job, as any draft."""
    settings.DRAFT_RETENTION_DAYS = 7
    edit_url = reverse("cases:edit", args=[rr.case.pk])
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        services.draft_keep_after_expiry(actor=rr.author, path=edit_url, fields={"summary": [TYPED]})
    with time_machine.travel(dt.datetime(2026, 3, 8, 9, 0, tzinfo=dt.UTC), tick=False):
        assert services.drafts_tidy() == 0
        assert Draft.objects.count() == 1
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        assert services.draft_take(actor=rr.author, path=edit_url) is None  # expired: never put back
        assert services.drafts_tidy() == 1
    assert not Draft.objects.exists()
    event = AuditEvent.objects.get(event_type=EventType.DRAFTS_EXPIRED)
    assert event.data == {"deleted": 1}


def test_answers_put_back_once_are_theirs_alone_and_audited_without_content(rr):
    officer = rr.people["business_unit_officer"]
    edit_url = reverse("cases:edit", args=[rr.case.pk])
    fields = {"summary": [TYPED], "csrfmiddlewaretoken": ["token"], "password": ["secret"]}
    assert services.draft_keep_after_expiry(actor=officer, path=edit_url, fields=fields) is not None
    saved = AuditEvent.objects.get(event_type=EventType.DRAFT_SAVED)
    assert saved.actor_id == officer.pk and saved.data == {"form": "cases:edit", "case_id": str(rr.case.pk)}
    assert services.draft_take(actor=rr.author, path=edit_url) is None  # someone else's: not theirs to take
    taken = services.draft_take(actor=officer, path=edit_url)
    assert taken is not None and taken.data == {"summary": [TYPED]}
    assert services.draft_take(actor=officer, path=edit_url) is None  # once
    deleted = AuditEvent.objects.get(event_type=EventType.DRAFT_DELETED)
    assert deleted.actor_id == officer.pk
    assert deleted.data == {"form": "cases:edit", "why": "put_back", "case_id": str(rr.case.pk)}
    assert TYPED not in json.dumps(list(AuditEvent.objects.values("data")))
    # What cannot be kept (a NUL, which PostgreSQL's JSON refuses) is not, and nothing is recorded.
    nul = {"summary": ["typed\x00from a PDF"]}
    assert services.draft_keep_after_expiry(actor=officer, path=edit_url, fields=nul) is None
    assert not Draft.objects.exists()
    assert AuditEvent.objects.filter(event_type=EventType.DRAFT_SAVED).count() == 1
