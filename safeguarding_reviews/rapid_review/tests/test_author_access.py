"""An agency author sees only their own request: the policy, "Your cases", the identity details on the
request, the agency's own chronology inside the return, and inviting a new author from the send form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.chronology import services as chronology_services
from safeguarding_reviews.chronology.models import ChronologyEntry
from safeguarding_reviews.organisations import services as org_services
from safeguarding_reviews.organisations.models import Invitation, Membership
from safeguarding_reviews.rapid_review import services
from safeguarding_reviews.rapid_review.models import RequestStatus
from safeguarding_reviews.rapid_review.policies import request_get
from safeguarding_reviews.subjects.services import subject_add
from tests.fixtures import sign_in

from .test_services import FULL

CSV_HEAD = (
    "Date,Precision,Time,Agency,Source record,Event type,What happened,"
    "Practitioner role,Key episode,Analysis\n"
)


def _url(name, request, **extra):
    return reverse(
        f"rapid_review:{name}", kwargs={"case_id": request.case_id, "request_id": request.pk, **extra}
    )


def _events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


# --- 1. the policy and "Your cases" -----------------------------------------------------------------


def test_access_ends_when_the_author_leaves_or_is_removed(rr):
    [request] = rr.send(0)
    author, case = rr.authors[0], rr.world.case
    assert request_get(user=author, case_id=case.pk, request_id=request.pk)[1] == request
    # Taken off the case: the grant is revoked.
    CaseMembership.objects.filter(case=case, user=author).update(
        ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    with pytest.raises(Http404, match="No case found"):
        request_get(user=author, case_id=case.pk, request_id=request.pk)
    CaseMembership.objects.filter(case=case, user=author).update(ended_at=None)
    # No longer a member of the partnership.
    Membership.objects.filter(user=author).update(ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    author = type(author).objects.get(pk=author.pk)  # roles are cached per user object
    with pytest.raises(Http404, match="No case found"):
        request_get(user=author, case_id=case.pk, request_id=request.pk)
    Membership.objects.filter(user=author).update(ended_at=None)
    author = type(author).objects.get(pk=author.pk)
    author.is_active = False
    with pytest.raises(Http404, match="No case found"):
        request_get(user=author, case_id=case.pk, request_id=request.pk)


def test_your_cases_lists_the_authors_requests_not_cases(rr, client):
    mine, _theirs = rr.send(0, 1)
    sign_in(client, rr.authors[0])
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert "Returns you have been asked to write (1)" in page
    assert _url("request", mine) in page
    assert f'href="{reverse("cases:detail", kwargs={"case_id": rr.world.case.pk})}"' not in page
    assert rr.agencies[1].name not in page
    [event] = _events(EventType.CASE_LIST_VIEWED)
    assert event.data["case_ids"] == [str(rr.world.case.pk)]


def test_your_cases_query_count_does_not_grow_with_requests(rr, client):
    from .conftest import new_author

    author = rr.authors[0]
    sign_in(client, author)
    client.get(reverse("home"))
    rr.send(0)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    # More open requests for the same author on more cases.
    from safeguarding_reviews.cases.services import case_create

    from .conftest import to_rapid_review

    for n in range(3):
        other = case_create(
            actor=rr.world.people["business_unit_officer"],
            partnership=rr.world.partnership,
            pseudonym=f"Child Z{n}",
            incident_date=dt.date(2026, 1, 1),
            summary="Synthetic.",
        )
        world = type("W", (), {"case": other, "people": rr.world.people})
        to_rapid_review(world)
        services.agency_requests_send(
            actor=rr.world.people["business_unit_officer"],
            case=other,
            items=[services.RequestItem(agency=rr.agencies[0], author=author)],
            due_on=dt.date(2099, 1, 1),
        )
    assert callable(new_author)  # the helper stays importable for other tests
    assert count() == small


# --- 2. identity details on the request --------------------------------------------------------------


@pytest.fixture
def with_child(rr):
    subject_add(
        actor=rr.world.people["business_unit_officer"],
        case=rr.world.case,
        kind="child",
        details={"label": "Child Q", "sex": "female", "age_years": 4},
        identity={
            "first_names": "Synthetic",
            "last_name": "Childname",
            "date_of_birth": dt.date(2021, 5, 6),
            "nhs_number": "9990001112",
        },
    )
    return rr


def test_the_author_sees_identity_details_on_the_request_and_it_is_audited(with_child, client):
    rr = with_child
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    page = client.get(_url("request", request)).content.decode()
    assert "Synthetic Childname" in page and "9990001112" in page
    [event] = _events(EventType.IDENTITY_VIEWED)
    assert event.data["page"] == "agency_request" and len(event.data["subject_ids"]) == 1
    assert event.case_id == rr.world.case.pk
    # Not on the return's pages, and never on another author's request.
    assert "Synthetic Childname" not in client.get(_url("return_edit", request)).content.decode()
    client.logout()
    sign_in(client, rr.world.people["delegate_icb"])
    assert client.get(_url("request", request)).status_code == 404


def test_the_business_unit_sees_identity_on_the_request_too(with_child, client):
    rr = with_child
    [request] = rr.send(0)
    sign_in(client, rr.world.people["business_unit_officer"])
    assert "Synthetic Childname" in client.get(_url("request", request)).content.decode()


# --- 3. the agency's own chronology -------------------------------------------------------------------


def _entry(rr, agency, **extra):
    return chronology_services.chronology_entry_add(
        actor=rr.world.people["business_unit_officer"],
        case=rr.world.case,
        agency=agency,
        date=dt.date(2025, 3, 4),
        event_type="home_visit",
        what_happened=extra.pop("what", "Synthetic visit."),
        **extra,
    )


def test_the_author_sees_only_their_agencys_unrestricted_entries(rr, client):
    [request] = rr.send(0)
    _entry(rr, rr.agencies[0], what="Own agency entry.")
    _entry(rr, rr.agencies[1], what="Other agency entry.")
    _entry(rr, rr.agencies[0], what="Police intelligence.", restricted_to_roles=["delegate_police"])
    sign_in(client, rr.authors[0])
    page = client.get(_url("request_chronology", request)).content.decode()
    assert "Own agency entry." in page
    assert "Other agency entry." not in page and "Police intelligence." not in page
    assert "Entries (1)" in page
    assert "1 entry" in client.get(_url("return_submit", request)).content.decode()


def test_the_author_adds_an_entry_for_their_agency(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    url = _url("request_chronology", request)
    bad = client.post(url, {"date_precision": "exact", "what_happened": "Kept text."})
    assert bad.status_code == 400
    assert "Kept text." in bad.content.decode()
    assert ChronologyEntry.objects.count() == 0
    response = client.post(
        url,
        {
            "date": "4/3/2025",
            "date_precision": "exact",
            "event_type": "home_visit",
            "what_happened": "Synthetic home visit.",
            "practitioner_role": "Health visitor",
        },
    )
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get()
    assert (entry.agency_id, entry.created_by, entry.restricted_to_roles) == (
        rr.agencies[0].pk,
        rr.authors[0],
        [],
    )
    [event] = _events(EventType.CHRONOLOGY_ENTRY_ADDED)
    assert event.data["request_id"] == request.pk


def test_the_service_refuses_other_agencies_restrictions_and_other_requests(rr):
    mine, theirs = rr.send(0, 1)
    author = rr.authors[0]
    common = dict(
        actor=author, case=rr.world.case, date=dt.date(2025, 1, 1), event_type="home_visit", what_happened="x"
    )
    with pytest.raises(ValidationError, match="own agency"):
        chronology_services.chronology_entry_add(agency=rr.agencies[1], agency_request=mine, **common)
    with pytest.raises(ValidationError, match="restrict"):
        chronology_services.chronology_entry_add(
            agency=rr.agencies[0], agency_request=mine, restricted_to_roles=["delegate_police"], **common
        )
    with pytest.raises(PermissionDenied, match="Only the request's author writes its entries, while the"):
        chronology_services.chronology_entry_add(agency=rr.agencies[1], agency_request=theirs, **common)
    with pytest.raises(
        PermissionDenied, match="You may not write this case's chronology"
    ):  # without a request the author is not a chronology writer
        chronology_services.chronology_entry_add(agency=rr.agencies[0], **common)
    assert ChronologyEntry.objects.count() == 0


def test_import_all_or_nothing_for_the_authors_agency(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    url = _url("request_chronology_import", request)
    own, other = rr.agencies[0].name, rr.agencies[1].name
    bad = (
        CSV_HEAD
        + f"4/3/2025,exact,,{own},,Home visit,Visit one.,Health visitor,no,\n"
        + f"31/2/2025,exact,,{own},,Home visit,Bad date.,,no,\n"
        + f"5/3/2025,exact,,{other},,Home visit,Other agency.,,no,\n"
    )
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", bad.encode(), "text/csv")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing was imported" in page
    assert "Enter a real date" in page and "not one of the partnership" in page
    assert ChronologyEntry.objects.count() == 0
    missing = "Date,Agency\n4/3/2025,x\n"
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", missing.encode(), "text/csv")})
    assert response.status_code == 400 and "The column is missing" in response.content.decode()
    good = CSV_HEAD + f"4/3/2025,exact,,{own},,Home visit,Visit one.,Health visitor,yes,Analysis.\n"
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", good.encode(), "text/csv")})
    assert response.status_code == 302
    assert ChronologyEntry.objects.filter(agency=rr.agencies[0], case=rr.world.case).count() == 1
    [event] = _events(EventType.CHRONOLOGY_IMPORTED)
    batch = ChronologyEntry.objects.get(agency=rr.agencies[0], case=rr.world.case).import_batch
    assert batch is not None and batch.agency_request_id == request.pk
    assert event.data == {
        "rows": 1,
        "batch_id": batch.pk,
        "agency_ids": [rr.agencies[0].pk],
        "date_warnings_accepted": 0,  # no period to cover was set on the request
        "request_id": request.pk,
    }
    template = client.get(_url("request_chronology_template", request))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_chronology_is_closed_once_submitted(rr, client):
    [request] = rr.send(0)
    author = rr.authors[0]
    services.agency_return_save(
        actor=author, request=request, expected_version=request.agency_return.version, values=FULL
    )
    request.refresh_from_db()
    services.agency_return_submit(actor=author, request=request, expected_version=request.version)
    sign_in(client, author)
    assert client.get(_url("request_chronology", request)).status_code == 200  # still readable
    assert client.post(_url("request_chronology", request), {}).status_code == 403
    assert client.get(_url("request_chronology_import", request)).status_code == 403
    client.logout()
    sign_in(client, rr.authors[1])
    assert client.get(_url("request_chronology", request)).status_code == 404


def test_chronology_page_query_count_is_fixed(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    url = _url("request_chronology", request)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        _entry(rr, rr.agencies[0])
    small = count()
    for _ in range(30):
        _entry(rr, rr.agencies[0])
    assert count() == small


# --- 4. inviting a new author from the send form ------------------------------------------------------


def test_officer_invites_a_new_author_who_accepts_and_becomes_the_author(
    rr, client, django_capture_on_commit_callbacks
):
    officer = rr.world.people["business_unit_officer"]
    agency = rr.agencies[0]
    sign_in(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk}),
            {
                "agencies": [agency.pk],
                "due_on": "15/1/2099",
                f"author_{agency.pk}": "new",
                f"new_name_{agency.pk}": "Synthetic Newperson",
                f"new_email_{agency.pk}": "new.author@test.example",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new.author@test.example")
    assert (invitation.roles, invitation.agency, invitation.invited_by) == (
        ["agency_author"],
        agency,
        officer,
    )
    request = rr.world.case.agency_requests.get()
    assert (request.author, request.invitation, request.granted_membership) == (None, invitation, None)
    assert [m.to for m in mail.outbox] == [["new.author@test.example"]]  # the invitation only
    listing = client.get(reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk}))
    assert "invited" in listing.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        user = org_services.invitation_accept_new_account(
            invitation=invitation, full_name="Synthetic Newperson", password="a-Long-synthetic-pw-123"
        )
    request.refresh_from_db()
    assert request.author == user
    grant = request.granted_membership
    assert (grant.user, grant.capacity) == (user, CaseCapacity.AGENCY_AUTHOR)
    assert [m.to for m in mail.outbox] == [["new.author@test.example"]]
    assert f"/agency-requests/{request.pk}/" in mail.outbox[0].body
    assert "Synthetic Newperson" not in mail.outbox[0].body
    [event] = _events(EventType.AGENCY_REQUEST_AUTHOR_JOINED)
    assert event.data == {"request_id": request.pk, "author_id": user.pk, "granted_membership_id": grant.pk}
    assert request_get(user=user, case_id=rr.world.case.pk, request_id=request.pk)[1] == request


def test_invite_errors_come_back_on_the_form_and_nothing_is_sent(rr, client):
    agency = rr.agencies[0]
    sign_in(client, rr.world.people["business_unit_officer"])
    url = reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk})
    base = {"agencies": [agency.pk], "due_on": "15/1/2099", f"author_{agency.pk}": "new"}
    response = client.post(url, base)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the new author" in page
    response = client.post(
        url,
        base | {f"new_name_{agency.pk}": "Synthetic Person", f"new_email_{agency.pk}": rr.authors[1].email},
    )
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert Invitation.objects.count() == 0
    assert rr.world.case.agency_requests.count() == 0


def test_only_the_business_unit_may_invite_through_the_request_path(rr):
    with pytest.raises(PermissionDenied, match="Only the business unit invites an agency author"):
        org_services.invitation_create_for_agency_author(
            actor=rr.world.people["delegate_police"],
            partnership=rr.world.partnership,
            email="x@test.example",
            full_name="X",
            agency=rr.agencies[0],
        )


def test_a_pending_author_request_can_be_withdrawn(rr):
    [request] = services.agency_requests_send(
        actor=rr.world.people["business_manager"],
        case=rr.world.case,
        items=[
            services.RequestItem(agency=rr.agencies[0], new_name="Synthetic P", new_email="p@test.example")
        ],
        due_on=dt.date(2099, 1, 1),
    )
    request = services.agency_request_withdraw(
        actor=rr.world.people["business_manager"],
        request=request,
        expected_version=request.version,
        reason="Synthetic: no involvement",
    )
    assert request.status == RequestStatus.WITHDRAWN


def test_import_refuses_a_renamed_file_and_formula_text(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    url = _url("request_chronology_import", request)
    fake = SimpleUploadedFile("c.xlsx", b"%PDF-1.4 not a spreadsheet", "application/octet-stream")
    response = client.post(url, {"file": fake})
    assert response.status_code == 400
    assert ChronologyEntry.objects.count() == 0
    formula = CSV_HEAD + f'4/3/2025,exact,,{rr.agencies[0].name},"=HYPERLINK(""x"")",Home visit,Visit.,,no,\n'
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", formula.encode(), "text/csv")})
    assert response.status_code == 400  # was imported as text: a formula is now refused at its cell
    assert "A formula, not a value: paste values only" in response.content.decode()
    assert ChronologyEntry.objects.count() == 0
    dashes = CSV_HEAD + f"4/3/2025,exact,,{rr.agencies[0].name},+1,Home visit,- seen by GP,,no,\n"
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", dashes.encode(), "text/csv")})
    assert response.status_code == 302
    assert ChronologyEntry.objects.get().what_happened == "- seen by GP"
