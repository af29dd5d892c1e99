"""Requests pages: who sees what, bad input kept with 400, stale saves 409, fixed queries on the list."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.rapid_review import services
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, AgencyRequest, RequestStatus
from tests.factories import AgencyFactory
from tests.fixtures import sign_in

from .conftest import new_author

FULL = {name: f"Synthetic {name}." for name, _ in RETURN_SECTIONS}


def _url(name, request):
    return reverse(f"rapid_review:{name}", kwargs={"case_id": request.case_id, "request_id": request.pk})


def _list_url(rr):
    return reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk})


def test_requests_list_roles(rr, client):
    rr.send(0)
    url = _list_url(rr)
    for persona, expected in [
        ("business_unit_officer", 200),
        ("business_manager", 200),
        ("delegate_police", 403),
        ("agency_author", 404),
        ("non_member", 404),
        ("other_partnership", 404),
    ]:
        client.logout()
        sign_in(client, rr.world.people[persona])
        assert client.get(url).status_code == expected, persona
    client.logout()
    sign_in(client, rr.authors[0])
    assert client.get(url).status_code == 404  # authors see only their own request


def test_send_form_invalid_keeps_input_then_sends(rr, client):
    sign_in(client, rr.world.people["business_unit_officer"])
    url = _list_url(rr)
    agency = rr.agencies[1]
    response = client.post(url, {"agencies": [agency.pk], "due_on": "15/1/2099"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error:" in body
    assert f"Select the author for {agency.name}" in body
    assert 'value="15/1/2099"' in body
    response = client.post(url, {"agencies": [agency.pk], "due_on": "15/1/2099", f"author_{agency.pk}": 9999})
    assert response.status_code == 400
    response = client.post(
        url, {"agencies": [agency.pk], "due_on": "15/1/2099", f"author_{agency.pk}": rr.authors[1].pk}
    )
    assert response.status_code == 302
    request = AgencyRequest.objects.get()
    assert (request.agency, request.author, request.status) == (
        agency,
        rr.authors[1],
        RequestStatus.REQUESTED,
    )


def test_send_refused_by_service_shows_400(rr, client):
    rr.send(0)
    sign_in(client, rr.world.people["business_unit_officer"])
    agency = rr.agencies[0]
    response = client.post(
        _list_url(rr),
        {"agencies": [agency.pk], "due_on": "15/1/2099", f"author_{agency.pk}": rr.authors[1].pk},
    )
    assert response.status_code == 400
    assert "already has a request" in response.content.decode()


def test_author_sees_only_their_own_request(rr, client):
    mine, theirs = rr.send(0, 1)
    sign_in(client, rr.authors[0])
    assert client.get(_url("request", mine)).status_code == 200
    for name in ("request", "return_edit", "return_submit", "return_review"):
        assert client.get(_url(name, theirs)).status_code == 404, name
    assert client.get(_url("return_review", mine)).status_code == 404
    # The case itself and its other pages are not theirs to see.
    case_id = rr.world.case.pk
    for name in ("cases:detail", "subjects:case_subjects", "clocks:case_clocks", "chronology:merged"):
        assert client.get(reverse(name, kwargs={"case_id": case_id})).status_code == 404, name
    assert client.get(_list_url(rr)).status_code == 404
    # The business unit sees both requests but does not write returns.
    client.logout()
    sign_in(client, rr.world.people["business_manager"])
    assert client.get(_url("request", theirs)).status_code == 200
    assert client.get(_url("return_edit", theirs)).status_code == 403


def test_author_writes_saves_conflicts_and_submits(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    edit = _url("return_edit", request)
    assert client.get(edit).status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.ACKNOWLEDGED
    # Invalid: no version; the typed text is kept.
    response = client.post(edit, {"learning": "Kept learning text"})
    assert response.status_code == 400
    assert "Kept learning text" in response.content.decode()
    # Incomplete return cannot be submitted.
    response = client.post(edit, {"version": 1, "learning": "Synthetic learning."})
    assert response.status_code == 302
    # Stale save: 409 with the input kept.
    response = client.post(edit, {"version": 1, "learning": "My later text"})
    assert response.status_code == 409
    assert "My later text" in response.content.decode()
    submit = _url("return_submit", request)
    response = client.post(submit, {"version": request.version})
    assert response.status_code == 400
    assert "Complete the section" in response.content.decode()
    response = client.post(edit, {"version": 2, **FULL, "continue": "1"})
    assert response.status_code == 302 and response["Location"] == submit
    assert client.get(submit).status_code == 200
    response = client.post(submit, {"version": request.version, "no_entries_confirmed": "on"})
    assert response.status_code == 302 and response["Location"] == _url("return_submitted", request)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    response = client.post(submit, {"version": 1, "no_entries_confirmed": "on"})
    assert response.status_code == 409


def test_business_unit_returns_with_questions_then_accepts(rr, client):
    [request] = rr.send(0)
    author = rr.authors[0]
    services.agency_return_save(actor=author, request=request, expected_version=1, values=FULL)
    request = services.agency_return_submit(actor=author, request=request, expected_version=request.version)
    sign_in(client, rr.world.people["business_unit_officer"])
    review = _url("return_review", request)
    assert client.get(review).status_code == 200
    response = client.post(review, {"decision": "return", "version": request.version})
    assert response.status_code == 400
    assert "Enter the questions for the author" in response.content.decode()
    response = client.post(
        review, {"decision": "return", "questions": "What followed?", "version": request.version + 5}
    )
    assert response.status_code == 409
    response = client.post(
        review, {"decision": "return", "questions": "What followed?", "version": request.version}
    )
    assert response.status_code == 302
    client.logout()
    sign_in(client, author)
    page = client.get(_url("request", request)).content.decode()
    assert "What followed?" in page
    assert "What followed?" in client.get(_url("return_edit", request)).content.decode()
    request.refresh_from_db()
    request = services.agency_return_submit(actor=author, request=request, expected_version=request.version)
    client.logout()
    sign_in(client, rr.world.people["business_unit_officer"])
    response = client.post(review, {"decision": "accept", "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    client.logout()
    sign_in(client, author)
    assert client.get(_url("request", request)).status_code == 404


def test_withdraw_from_the_request_page(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.world.people["business_unit_officer"])
    url = _url("request", request)
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"version": 99, "reason": "Synthetic reason."}).status_code == 409
    assert client.post(url, {"version": request.version, "reason": "Synthetic reason."}).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    client.logout()
    sign_in(client, rr.authors[0])
    assert client.get(url).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_requests_list_costs_a_fixed_number_of_queries(rr, client):
    world = rr.world
    agencies = [
        AgencyFactory.create(partnership=world.partnership, name=f"Synthetic Agency {i:02d}")
        for i in range(30)
    ]
    authors = [new_author(world, agency, 100 + i) for i, agency in enumerate(agencies)]
    sign_in(client, world.people["business_unit_officer"])
    url = _list_url(rr)
    rr.agencies, rr.authors = agencies, authors
    rr.send(0, 1, 2)
    at_three = _queries(client, url)
    rr.send(*range(3, 30))
    at_thirty = _queries(client, url)
    assert AgencyRequest.objects.count() == 30
    assert at_three == at_thirty


def test_send_form_period_to_cover_is_validated_and_shown_to_the_author(rr, client):
    sign_in(client, rr.world.people["business_unit_officer"])
    url = _list_url(rr)
    agency = rr.agencies[0]
    base = {"agencies": [agency.pk], "due_on": "15/1/2099", f"author_{agency.pk}": rr.authors[0].pk}
    for period, field, message in [
        ({"period_from": "31/2/2024"}, "period_from", "The start of the period to cover must be a real date"),
        ({"period_to": "soon"}, "period_to", "The end of the period to cover must be a real date"),
        (
            {"period_from": "1/4/2025", "period_to": "31/3/2025"},
            "period_to",
            "The end of the period must be the same as or after its start",
        ),
    ]:
        response = client.post(url, {**base, **period})
        assert response.status_code == 400, period
        body = response.content.decode()
        assert f'href="#id_{field}"' in body and message in body, period
        for value in period.values():
            assert f'value="{value}"' in body  # the typed data back
    assert not AgencyRequest.objects.exists()
    response = client.post(url, {**base, "period_from": "1/4/2024", "period_to": "31/3/2025"})
    assert response.status_code == 302
    request = AgencyRequest.objects.get()
    assert request.window == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    client.logout()
    sign_in(client, rr.authors[0])
    body = client.get(_url("request", request)).content.decode()
    assert "Period to cover" in body and "1 April 2024 to 31 March 2025" in body


def test_period_to_cover_is_optional_and_either_end_may_be_open(rr, client):
    sign_in(client, rr.world.people["business_unit_officer"])
    agency = rr.agencies[0]
    response = client.post(
        _list_url(rr),
        {"agencies": [agency.pk], "due_on": "15/1/2099", f"author_{agency.pk}": rr.authors[0].pk},
    )
    assert response.status_code == 302
    request = AgencyRequest.objects.get()
    assert (request.period_from, request.period_to, request.window) == (None, None, None)
    assert "Not set: the whole of your agency" in client.get(_url("request", request)).content.decode()
    AgencyRequest.objects.filter(pk=request.pk).update(period_from=dt.date(2024, 4, 1))
    request.refresh_from_db()
    assert request.window == (dt.date(2024, 4, 1), None)
    assert "From 1 April 2024" in client.get(_url("request", request)).content.decode()


def test_a_submitted_return_is_not_withdrawn_from_the_request_page(rr, client):
    [request] = rr.send(0)
    AgencyRequest.objects.filter(pk=request.pk).update(status=RequestStatus.SUBMITTED)
    sign_in(client, rr.world.people["business_unit_officer"])
    url = _url("request", request)
    assert "Withdraw the request" not in client.get(url).content.decode()
    refused = client.post(url, {"version": request.version, "reason": "Synthetic reason."})
    assert refused.status_code == 400
    assert "A submitted return cannot be withdrawn" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_withdrawing_asks_for_confirmation_first(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.world.people["business_unit_officer"])
    url = _url("request", request)
    page = client.get(url).content.decode()
    assert "?withdraw=confirm" in page and "Yes, withdraw the request" not in page
    confirm = client.get(url + "?withdraw=confirm").content.decode()
    assert (
        "Are you sure you want to withdraw the request" in confirm and "Yes, withdraw the request" in confirm
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED  # asking is not withdrawing
