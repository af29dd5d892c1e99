"""Written requests for information or drafts during the local review: sending to a person at an agency
(existing or invited) or to the independent reviewer, the recipient's scoped access and single answer, the
business unit's accept / ask again / withdraw, reminders and chases through the tick, the task list's row and
the requests page's fixed query count."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import CaseMembership
from safeguarding_reviews.local_reviews import services
from safeguarding_reviews.local_reviews.models import InformationRequest, InformationRequestChase
from safeguarding_reviews.organisations.models import Invitation

from .helpers import open_review

pytestmark = pytest.mark.django_db
D = dt.date
MONDAY = D(2026, 3, 16)


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def lr(world):
    with _at(MONDAY):
        review = open_review(world, initiated_on=D(2026, 3, 2))
    world.review = review
    return world


def _send(world, *, day=MONDAY, **changes):
    values: dict[str, Any] = {
        "recipient_kind": "reviewer",
        "asks_for": "draft",
        "asked": "Synthetic: the first draft of the report.",
        "due_on": D(2026, 3, 27),
        "context": "",
    } | changes
    with _at(day):
        return services.information_request_send(
            actor=world.people["business_unit_officer"], review=world.review, **values
        )


def _to_agency(world, person="agency_representative", **changes):
    return _send(
        world,
        recipient_kind="agency",
        asks_for="information",
        agency_id=world.agency.pk,
        recipient_id=world.people[person].pk,
        **changes,
    )


def _url(world, name, **kwargs):
    return reverse(f"local_reviews:{name}", kwargs={"case_id": world.case.pk, **kwargs})


# Services


def test_send_to_the_reviewer_names_them_and_emails_them(lr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = _send(lr)
    assert request.recipient == lr.people["independent_reviewer"]
    assert request.granted_membership is None  # already named on the case
    assert [m.to for m in mail.outbox] == [["independent_reviewer@test.example"]]
    assert "Child Q" not in mail.outbox[0].body
    event = AuditEvent.objects.get(event_type=EventType.INFORMATION_REQUEST_SENT)
    assert event.data["recipient_kind"] == "reviewer" and "asked" not in event.data


def test_send_to_a_person_at_an_agency_grants_a_place_on_the_case(lr):
    CaseMembership.objects.filter(case=lr.case, user=lr.people["agency_representative"]).update(
        ended_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    request = _to_agency(lr)
    assert request.granted_membership.capacity == "agency_author"
    assert request.agency == lr.agency


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_on": D(2026, 3, 13)}, "due_on"),
        ({"due_on": None}, "due_on"),
        ({"asked": "  "}, "asked"),
        ({"asks_for": "gossip"}, "asks_for"),
        ({"recipient_kind": "anyone"}, "recipient_kind"),
        ({"recipient_kind": "reviewer", "recipient_id": -1}, "recipient_id"),
        ({"recipient_kind": "agency", "agency_id": None}, "agency_id"),
        ({"recipient_kind": "agency", "agency_id": "AGENCY", "recipient_id": "LCPC"}, "recipient_id"),
        ({"recipient_kind": "agency", "agency_id": "AGENCY", "recipient_id": None}, "recipient_id"),
    ],
)
def test_send_refuses_bad_input_with_a_field_error(lr, changes, field):
    if changes.get("agency_id") == "AGENCY":
        changes["agency_id"] = lr.agency.pk
    if changes.get("recipient_id") == "LCPC":
        changes["recipient_id"] = lr.people["review_committee_member"].pk  # no role at the agency
    with pytest.raises(ValidationError) as exc:
        _send(lr, **changes)
    assert field in exc.value.message_dict
    assert not InformationRequest.objects.exists()


def test_only_the_business_unit_sends(lr):
    with pytest.raises(PermissionDenied, match="Only the business unit runs the local review"), _at(MONDAY):
        services.information_request_send(
            actor=lr.people["independent_chair"],
            review=lr.review,
            recipient_kind="reviewer",
            asks_for="draft",
            asked="Synthetic.",
            due_on=D(2026, 3, 27),
        )


def test_an_invited_person_becomes_the_recipient_when_they_accept(lr, django_capture_on_commit_callbacks):
    from safeguarding_reviews.organisations.services import invitation_accept

    request = _send(
        lr,
        recipient_kind="agency",
        agency_id=lr.agency.pk,
        recipient_id=None,
        new_name="Synthetic Newperson",
        new_email="newperson@test.example",
    )
    assert request.recipient is None and request.invitation is not None
    invitation = Invitation.objects.get(pk=request.invitation_id)
    assert invitation.email == "newperson@test.example"
    from tests.factories import UserFactory

    person = UserFactory.create(full_name="Synthetic Newperson", email="newperson@test.example")
    with django_capture_on_commit_callbacks(execute=True), _at(MONDAY):
        services.information_recipient_join(user=person, invitation=invitation)
    request.refresh_from_db()
    assert request.recipient == person and request.granted_membership is not None
    assert AuditEvent.objects.filter(event_type=EventType.INFORMATION_REQUEST_RECIPIENT_JOINED).count() == 1
    assert invitation_accept  # the acceptance flow sends organisations.signals.invitation_accepted


def test_answer_once_then_accept_ends_the_grant(lr, django_capture_on_commit_callbacks):
    CaseMembership.objects.filter(case=lr.case, user=lr.people["agency_representative"]).update(
        ended_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    request = _to_agency(lr)
    author = lr.people["agency_representative"]
    with _at(MONDAY):
        request = services.information_request_answer(
            actor=author, request=request, expected_version=request.version, answer="Synthetic answer."
        )
        assert request.status == "answered"
        with pytest.raises(ValidationError, match="already been answered"):
            services.information_request_answer(
                actor=author, request=request, expected_version=request.version, answer="Again."
            )
        request = services.information_request_accept(
            actor=lr.people["business_manager"], request=request, expected_version=request.version
        )
    assert request.status == "accepted"
    assert request.granted_membership is not None
    request.granted_membership.refresh_from_db()
    assert request.granted_membership.ended_at is not None


def test_only_the_recipient_answers(lr):
    request = _send(lr)
    with pytest.raises(PermissionDenied, match="Only the request's recipient answers it"), _at(MONDAY):
        services.information_request_answer(
            actor=lr.people["business_unit_officer"], request=request, expected_version=1, answer="No."
        )


def test_ask_again_starts_a_new_round_and_withdraw_needs_a_reason(lr):
    request = _send(lr)
    reviewer, officer = lr.people["independent_reviewer"], lr.people["business_unit_officer"]
    with _at(MONDAY):
        request = services.information_request_answer(
            actor=reviewer, request=request, expected_version=request.version, answer="Synthetic draft."
        )
        with pytest.raises(ValidationError) as exc:
            services.information_request_ask_again(
                actor=officer,
                request=request,
                expected_version=request.version,
                asked_again="More.",
                due_on=D(2026, 3, 1),
            )
        assert "due_on" in exc.value.message_dict
        request = services.information_request_ask_again(
            actor=officer,
            request=request,
            expected_version=request.version,
            asked_again="More.",
            due_on=D(2026, 4, 3),
        )
        assert (request.status, request.round, request.due_on) == ("asked_again", 2, D(2026, 4, 3))
        with pytest.raises(ValidationError) as exc:
            services.information_request_withdraw(
                actor=officer, request=request, expected_version=request.version, reason=" "
            )
        assert "reason" in exc.value.message_dict
        request = services.information_request_withdraw(
            actor=officer, request=request, expected_version=request.version, reason="Synthetic: not needed."
        )
    assert request.status == "withdrawn"
    event = AuditEvent.objects.get(event_type=EventType.INFORMATION_REQUEST_WITHDRAWN)
    assert event.data["reason_given"] is True and "not needed" not in str(event.data)


# Chasing through the tick


def test_reminder_then_chases_through_the_tick_each_once(lr, django_capture_on_commit_callbacks):
    lr.agency.safeguarding_lead_email = "lead@agency.test.example"
    lr.agency.save(update_fields=["safeguarding_lead_email"])
    request = _to_agency(lr, due_on=D(2026, 3, 18))  # due Wednesday
    mail.outbox.clear()

    def tick(day):
        before = InformationRequestChase.objects.count()
        with _at(day), django_capture_on_commit_callbacks(execute=True):
            call_command("tick", stdout=StringIO())
        return InformationRequestChase.objects.count() - before

    assert tick(MONDAY) == 0  # sent today: its own email has just gone
    assert tick(D(2026, 3, 17)) == 1  # due soon
    assert [m.to for m in mail.outbox] == [["agency_representative@test.example"]]
    assert "due soon" in mail.outbox[0].subject
    assert tick(D(2026, 3, 17)) == 0  # never twice for the same state
    assert tick(D(2026, 3, 19)) == 1  # overdue: the recipient is chased
    assert tick(D(2026, 3, 19)) == 0
    assert tick(D(2026, 3, 23)) == 1  # two working days on: the agency's safeguarding lead
    assert tick(D(2026, 3, 25)) == 1  # then the business manager
    assert tick(D(2026, 4, 30)) == 0
    steps = list(InformationRequestChase.objects.filter(request=request).values_list("step", flat=True))
    assert steps == ["due_soon", "author", "safeguarding_lead", "business_manager"]
    assert {m.to[0] for m in mail.outbox} >= {"lead@agency.test.example", "business_manager@test.example"}
    for message in mail.outbox:
        assert "Child Q" not in f"{message.subject} {message.body}"
    assert AuditEvent.objects.filter(event_type=EventType.INFORMATION_REQUEST_CHASED).count() == 4


def test_an_answered_request_is_not_chased_and_asking_again_restarts(lr, django_capture_on_commit_callbacks):
    request = _send(lr, due_on=D(2026, 3, 18))
    with _at(MONDAY):
        request = services.information_request_answer(
            actor=lr.people["independent_reviewer"], request=request, expected_version=1, answer="Synthetic."
        )
    with _at(D(2026, 3, 19)), django_capture_on_commit_callbacks(execute=True):
        assert services.information_chases_run() == 0
        request = services.information_request_ask_again(
            actor=lr.people["business_unit_officer"],
            request=request,
            expected_version=request.version,
            asked_again="Synthetic: more.",
            due_on=D(2026, 3, 19),
        )
    with _at(D(2026, 3, 20)), django_capture_on_commit_callbacks(execute=True):
        assert services.information_chases_run() == 1
    assert InformationRequestChase.objects.get().round == 2


# Pages


def test_task_list_row_counts(lr, as_user):
    officer = lr.people["business_unit_officer"]
    with _at(MONDAY):
        text = as_user(officer).get(_url(lr, "task_list")).content.decode()
    assert "Requests for information" in text and "task-information-status" in text
    _send(lr, due_on=D(2026, 3, 18))
    _to_agency(lr, due_on=D(2026, 3, 27))
    with _at(MONDAY):
        assert "Open 2" in as_user(officer).get(_url(lr, "task_list")).content.decode()
    with _at(D(2026, 3, 19)):
        assert "Overdue 1" in as_user(officer).get(_url(lr, "task_list")).content.decode()


def test_send_form_keeps_typed_data_and_gives_field_errors(lr, as_user):
    client = as_user(lr.people["business_unit_officer"])
    with _at(MONDAY):
        response = client.post(
            _url(lr, "information_request_new"),
            {
                "recipient_kind": "reviewer",
                "asks_for": "draft",
                "asked": "Synthetic typed text",
                "due_on": "1/1/2020",
            },
        )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The due date must be today or in the future" in text and "Synthetic typed text" in text
    with _at(MONDAY):
        response = client.post(
            _url(lr, "information_request_new"),
            {"recipient_kind": "nobody", "asks_for": "x", "due_on": "zz", "agency_id": "abc"},
        )
    assert response.status_code == 400


def test_send_through_the_page_then_the_reviewer_answers_with_a_document(lr, as_user):
    client = as_user(lr.people["business_unit_officer"])
    with _at(MONDAY):
        response = client.post(
            _url(lr, "information_request_new"),
            {
                "recipient_kind": "reviewer",
                "asks_for": "draft",
                "asked": "Synthetic: the first draft.",
                "due_on": "27/3/2026",
            },
        )
    assert response.status_code == 302
    request = InformationRequest.objects.get()
    client = as_user(lr.people["independent_reviewer"])
    url = _url(lr, "information_request", request_id=request.pk)
    with _at(MONDAY):
        assert client.get(url).status_code == 200
        bad = client.post(
            url,
            {
                "answer": "Synthetic",
                "version": request.version,
                "document": SimpleUploadedFile("x.exe", b"MZ\x90\x00"),
            },
        )
        assert bad.status_code == 400 and InformationRequest.objects.get().status == "open"
        response = client.post(
            url,
            {
                "answer": "Synthetic: the draft is attached.",
                "version": request.version,
                "document": SimpleUploadedFile(
                    "draft.txt", b"Synthetic draft text.\n", content_type="text/plain"
                ),
            },
        )
        assert response.status_code == 302
        request.refresh_from_db()
        assert request.status == "answered" and request.answer_document is not None
        alerts = Alert.objects.filter(kind="information_request_answered", case=lr.case)
        assert set(alerts.values_list("user__email", flat=True)) == {
            "business_unit_officer@test.example",
            "business_manager@test.example",
        }
        again = client.post(url, {"answer": "Twice", "version": request.version})
        assert again.status_code == 403  # cannot answer twice
    client = as_user(lr.people["business_unit_officer"])
    with _at(MONDAY):
        response = client.post(url, {"decision": "accept", "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"


def test_the_recipient_sees_only_their_request(lr, as_user):
    request = _to_agency(lr)
    other = _send(lr)
    client = as_user(lr.people["agency_representative"])
    with _at(MONDAY):
        assert client.get(_url(lr, "information_request", request_id=request.pk)).status_code == 200
        assert client.get(_url(lr, "information_request", request_id=other.pk)).status_code == 404
        assert client.get(_url(lr, "information_requests")).status_code == 403
        assert client.get(_url(lr, "task_list")).status_code == 403
    reviewer = as_user(lr.people["independent_reviewer"])
    with _at(MONDAY):
        assert reviewer.get(_url(lr, "information_request", request_id=request.pk)).status_code == 404
        assert reviewer.get(_url(lr, "information_request", request_id=other.pk)).status_code == 200
    author = as_user(lr.people["agency_author"])
    with _at(MONDAY):
        assert author.get(_url(lr, "information_request", request_id=request.pk)).status_code == 404


def test_decision_form_errors_and_stale_versions(lr, as_user):
    request = _send(lr)
    client = as_user(lr.people["business_unit_officer"])
    url = _url(lr, "information_request", request_id=request.pk)
    with _at(MONDAY):
        assert client.post(url, {}).status_code == 400
        response = client.post(url, {"decision": "withdraw", "reason": "", "version": request.version})
        assert response.status_code == 400 and "Enter the reason" in response.content.decode()
        response = client.post(url, {"decision": "accept", "version": request.version})
        assert response.status_code == 400  # not answered yet
        response = client.post(url, {"decision": "withdraw", "reason": "Synthetic typed", "version": 99})
        assert response.status_code == 409 and "Synthetic typed" in response.content.decode()


@pytest.mark.parametrize("persona", ["delegate_police", "independent_chair", "auditor", "business_manager"])
def test_readers_read_the_list_and_a_request(lr, as_user, persona):
    request = _send(lr)
    client = as_user(lr.people[persona])
    with _at(MONDAY):
        assert client.get(_url(lr, "information_requests")).status_code == 200
        assert client.get(_url(lr, "information_request", request_id=request.pk)).status_code == 200


def _list_queries(client, world):
    with _at(MONDAY), CaptureQueriesContext(connection) as ctx:
        response = client.get(_url(world, "information_requests"))
    assert response.status_code == 200
    assert "Persona independent_reviewer (independent reviewer)" in response.content.decode()
    return len(ctx.captured_queries)


def test_the_requests_page_has_a_fixed_query_count(lr, as_user):
    with _at(MONDAY):
        client = as_user(lr.people["business_unit_officer"])
    _send(lr)
    _to_agency(lr)
    small = _list_queries(client, lr)
    for _ in range(4):
        _send(lr)
        _to_agency(lr)
    assert _list_queries(client, lr) == small
