"""Requests to agencies and returns: the services, each refusal, grants, audit and email."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.cases.services import case_create
from safeguarding_reviews.clocks.models import ClockSettings
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.rapid_review import services
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, AgencyRequest, RequestStatus
from safeguarding_reviews.rapid_review.policies import request_get
from tests.factories import AgencyFactory, UserFactory

from .conftest import DUE

FULL = {name: f"Synthetic {name}." for name, _ in RETURN_SECTIONS}


def _events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type))


def _fill_and_submit(request, author):
    services.agency_return_save(
        actor=author, request=request, expected_version=request.agency_return.version, values=FULL
    )
    request.refresh_from_db()
    return services.agency_return_submit(actor=author, request=request, expected_version=request.version)


def test_send_grants_audits_and_emails_only_reference_and_link(rr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        requests = rr.send(0, 1)
    assert [r.status for r in requests] == [RequestStatus.REQUESTED] * 2
    for request, author in zip(requests, rr.authors, strict=True):
        grant = CaseMembership.objects.get(pk=request.granted_membership_id)
        assert (grant.user, grant.capacity, grant.ended_at) == (author, CaseCapacity.AGENCY_AUTHOR, None)
        assert request.agency_return.version == 1
    events = _events(EventType.AGENCY_REQUEST_SENT)
    assert len(events) == 2
    for event in events:
        assert set(event.data) == {
            "request_id",
            "agency_id",
            "author_id",
            "due_on",
            "period_from",
            "period_to",
            "working_days",
            "granted_membership_id",
            "invitation_id",
        }
    assert sorted(m.to[0] for m in mail.outbox) == ["author0@test.example", "author1@test.example"]
    for message in mail.outbox:
        text = str(message.subject) + str(message.body)
        assert rr.world.case.reference in text
        assert "/agency-requests/" in text
        for forbidden in ("Synthetic Author", "Child Q", "Alphashire Test", "Persona"):
            assert forbidden not in text


def test_author_already_on_the_case_is_not_granted_twice(rr):
    rr.authors[0] = rr.world.people["agency_author"]
    [request] = rr.send(0)
    assert request.granted_membership_id is None


def test_default_due_date_uses_the_partnership_working_days(rr):
    case = rr.world.case
    assert services.default_due_on(case, start=dt.date(2026, 11, 2)) == dt.date(2026, 11, 16)
    ClockSettings.objects.create(partnership=rr.world.partnership, agency_return_working_days=3)
    assert services.default_due_on(case, start=dt.date(2026, 11, 6)) == dt.date(2026, 11, 11)


@pytest.mark.parametrize("persona", ["delegate_local_authority", "independent_chair", "agency_author"])
def test_only_the_business_unit_sends(rr, persona):
    with pytest.raises(PermissionDenied, match="Only the business unit does this"):
        services.agency_requests_send(
            actor=rr.world.people[persona],
            case=rr.world.case,
            items=[services.RequestItem(agency=rr.agencies[0], author=rr.authors[0])],
            due_on=DUE,
        )


def test_send_refusals(rr):
    world = rr.world
    officer = world.people["business_unit_officer"]
    early = case_create(actor=officer, partnership=world.partnership, pseudonym="Child R", summary="")
    item = services.RequestItem(agency=rr.agencies[0], author=rr.authors[0])
    cases: list[tuple[dict[str, Any], str]] = [
        ({"case": early, "items": [item]}, "rapid review"),
        ({"items": []}, "at least one agency"),
        ({"items": [item], "due_on": dt.date(2000, 1, 1)}, "today or in the future"),
        ({"items": [item, item]}, "each agency once"),
        (
            {
                "items": [
                    item,
                    services.RequestItem(agency=rr.agencies[1], author=rr.authors[0]),
                ]
            },
            "different author",
        ),
        (
            {
                "items": [
                    services.RequestItem(
                        agency=AgencyFactory.create(partnership=world.other_partnership), author=rr.authors[0]
                    )
                ]
            },
            "agencies of the case's partnership",
        ),
        ({"items": [services.RequestItem(agency=rr.agencies[0], author=UserFactory.create())]}, "member"),
    ]
    for overrides, message in cases:
        kwargs = {"actor": officer, "case": world.case, "due_on": DUE} | overrides
        with pytest.raises(ValidationError) as exc:
            services.agency_requests_send(**kwargs)
        assert message in str(exc.value), message
    rr.send(0)
    with pytest.raises(ValidationError, match="already has a request"):
        rr.send(0)
    with pytest.raises(ValidationError, match="already has an open request"):
        services.agency_requests_send(
            actor=officer,
            case=world.case,
            items=[services.RequestItem(agency=rr.agencies[1], author=rr.authors[0])],
            due_on=DUE,
        )
    assert len(_events(EventType.AGENCY_REQUEST_SENT)) == 1


def test_acknowledge_once_and_only_by_the_author(rr):
    [request] = rr.send(0)
    with pytest.raises(PermissionDenied, match="Only the request's author acknowledges it"):
        services.agency_request_acknowledge(actor=rr.authors[1], request=request)
    assert services.agency_request_acknowledge(actor=rr.authors[0], request=request) is True
    assert services.agency_request_acknowledge(actor=rr.authors[0], request=request) is False
    assert request.status == RequestStatus.ACKNOWLEDGED
    assert len(_events(EventType.AGENCY_REQUEST_ACKNOWLEDGED)) == 1


def test_save_refusals_and_versioning(rr):
    [request] = rr.send(0)
    author = rr.authors[0]
    for actor in (rr.authors[1], rr.world.people["business_unit_officer"]):
        with pytest.raises(PermissionDenied, match="Only the request's author saves the return"):
            services.agency_return_save(actor=actor, request=request, expected_version=1, values=FULL)
    saved = services.agency_return_save(
        actor=author, request=request, expected_version=1, values={"learning": "Synthetic."}
    )
    assert saved.version == 2
    with pytest.raises(StaleVersionError, match="stale version"):
        services.agency_return_save(actor=author, request=request, expected_version=1, values=FULL)
    [event] = _events(EventType.AGENCY_RETURN_SAVED)
    assert event.data == {"request_id": request.pk, "version": 2, "sections": ["learning"]}


def test_submit_needs_every_section_then_locks_the_return(rr):
    [request] = rr.send(0)
    author = rr.authors[0]
    with pytest.raises(ValidationError, match="Period of involvement"):
        services.agency_return_submit(actor=author, request=request, expected_version=request.version)
    with pytest.raises(PermissionDenied, match="Only the request's author submits the return"):
        services.agency_return_submit(
            actor=rr.world.people["business_unit_officer"], request=request, expected_version=1
        )
    request = _fill_and_submit(request, author)
    assert request.status == RequestStatus.SUBMITTED
    with pytest.raises(ValidationError, match="submitted"):
        services.agency_return_save(
            actor=author, request=request, expected_version=request.agency_return.version, values=FULL
        )
    assert len(_events(EventType.AGENCY_RETURN_SUBMITTED)) == 1


def test_accept_ends_the_grant(rr):
    [request] = rr.send(0)
    author = rr.authors[0]
    officer = rr.world.people["business_unit_officer"]
    with pytest.raises(ValidationError, match="requested"):
        services.agency_return_accept(actor=officer, request=request, expected_version=request.version)
    request = _fill_and_submit(request, author)
    with pytest.raises(PermissionDenied, match="Only the business unit does this"):
        services.agency_return_accept(actor=author, request=request, expected_version=request.version)
    with pytest.raises(StaleVersionError, match="stale version"):
        services.agency_return_accept(actor=officer, request=request, expected_version=1)
    assert rr.world.case not in visible_cases(author)  # an author never sees the case itself
    assert request_get(user=author, case_id=rr.world.case.pk, request_id=request.pk)[1] == request
    request = services.agency_return_accept(actor=officer, request=request, expected_version=request.version)
    assert request.status == RequestStatus.ACCEPTED
    with pytest.raises(Http404, match="No case found"):
        request_get(user=author, case_id=rr.world.case.pk, request_id=request.pk)
    [event] = _events(EventType.AGENCY_RETURN_ACCEPTED)
    assert event.data == {"request_id": request.pk, "ended_membership_id": request.granted_membership_id}


def test_send_back_with_questions_reopens_the_return(rr):
    [request] = rr.send(0)
    author = rr.authors[0]
    officer = rr.world.people["business_unit_officer"]
    request = _fill_and_submit(request, author)
    with pytest.raises(ValidationError, match="questions"):
        services.agency_return_send_back(
            actor=officer, request=request, expected_version=request.version, questions="  "
        )
    with pytest.raises(PermissionDenied, match="Only the business unit does this"):
        services.agency_return_send_back(
            actor=author, request=request, expected_version=request.version, questions="Why?"
        )
    request = services.agency_return_send_back(
        actor=officer, request=request, expected_version=request.version, questions="What happened next?"
    )
    assert (request.status, request.questions) == (RequestStatus.RETURNED, "What happened next?")
    assert _events(EventType.AGENCY_RETURN_SENT_BACK)[0].data == {
        "request_id": request.pk,
        "due_on": request.due_on.isoformat(),
        "working_days": request.working_days,
        "round": 2,
    }
    request = _fill_and_submit(request, author)
    assert request.status == RequestStatus.SUBMITTED


def test_withdraw_revokes_access(rr):
    [request] = rr.send(0)
    author = rr.authors[0]
    with pytest.raises(PermissionDenied, match="Only the business unit does this"):
        services.agency_request_withdraw(
            actor=author,
            request=request,
            expected_version=request.version,
            reason="Synthetic: no involvement",
        )
    request = services.agency_request_withdraw(
        actor=rr.world.people["business_manager"],
        request=request,
        expected_version=request.version,
        reason="Synthetic: no involvement",
    )
    assert request.status == RequestStatus.WITHDRAWN
    with pytest.raises(Http404, match="No case found"):
        request_get(user=author, case_id=rr.world.case.pk, request_id=request.pk)
    with pytest.raises(ValidationError, match="This request is withdrawn"):
        services.agency_request_withdraw(
            actor=rr.world.people["business_manager"],
            request=request,
            expected_version=request.version,
            reason="Synthetic: no involvement",
        )
    # A withdrawn request frees the agency for a new one.
    rr.send(0)


def test_overdue_is_computed(rr):
    [request] = rr.send(0)
    assert not request.is_overdue(DUE)
    assert request.is_overdue(DUE + dt.timedelta(days=1))
    assert request.status_label(DUE + dt.timedelta(days=1)) == "Overdue (requested)"
    request.status = RequestStatus.SUBMITTED
    assert not request.is_overdue(DUE + dt.timedelta(days=1))


def test_send_stores_the_period_to_cover_and_refuses_an_end_before_the_start(rr):
    actor = rr.world.people["business_unit_officer"]
    item = services.RequestItem(agency=rr.agencies[0], author=rr.authors[0])
    with pytest.raises(
        ValidationError, match="The end of the period must be the same as or after its start"
    ) as exc:
        services.agency_requests_send(
            actor=actor,
            case=rr.world.case,
            items=[item],
            due_on=DUE,
            period_from=dt.date(2025, 1, 2),
            period_to=dt.date(2025, 1, 1),
        )
    assert "period_to" in exc.value.message_dict
    assert not AgencyRequest.objects.exists()
    [request] = services.agency_requests_send(
        actor=actor,
        case=rr.world.case,
        items=[item],
        due_on=DUE,
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 1, 1),  # one day is a period
    )
    assert request.window == (dt.date(2024, 1, 1), dt.date(2024, 1, 1))
    [event] = _events(EventType.AGENCY_REQUEST_SENT)
    assert (event.data["period_from"], event.data["period_to"]) == ("2024-01-01", "2024-01-01")


def test_returns_hand_off_to_the_business_unit_and_back_to_the_author(rr, as_user):
    """A submitted return alerts the business unit; one sent back with questions alerts its author, who finds
    the alert on their Alerts page although they cannot see the case (alerts.rules)."""
    from django.urls import reverse

    from safeguarding_reviews.alerts.models import Alert

    [request] = rr.send(0)
    author, officer = rr.authors[0], rr.world.people["business_unit_officer"]
    request = _fill_and_submit(request, author)
    assert Alert.objects.filter(user=officer, kind="agency_return_submitted", case=rr.world.case).exists()
    assert not Alert.objects.filter(user=author, kind="agency_return_submitted").exists()
    services.agency_return_send_back(
        actor=officer, request=request, expected_version=request.version, questions="Synthetic question?"
    )
    alert = Alert.objects.get(user=author, kind="agency_return_sent_back")
    assert alert.case is None and str(request.pk) in alert.link
    body = as_user(author).get(reverse("alerts:list")).content.decode()
    assert "Your return was sent back with questions" in body


def test_a_submitted_return_cannot_be_withdrawn(rr):
    [request] = rr.send(0)
    request.status = RequestStatus.SUBMITTED  # set directly: the rule only reads the status
    request.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="A submitted return cannot be withdrawn"):
        services.agency_request_withdraw(
            actor=rr.world.people["business_manager"],
            request=request,
            expected_version=request.version,
            reason="Synthetic: no involvement",
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
