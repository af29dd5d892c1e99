"""Issue 18 items 3 and 7: the return's check-and-submit page (Change links, errors linked to their fields,
the warning without chronology entries, the confirmation page, a hint per section) and requests to agencies
(the reason for a withdrawal, author fields revealed under their agency, "Name – agency, role" in the author
list)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology.services import chronology_entry_add
from safeguarding_reviews.rapid_review import services
from safeguarding_reviews.rapid_review.author_labels import author_label
from safeguarding_reviews.rapid_review.forms import SECTION_HINTS
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, AgencyRequest, RequestStatus
from tests.fixtures import sign_in

FULL = {name: f"Synthetic {name}." for name, _ in RETURN_SECTIONS}
REASON = "Synthetic: the agency had no involvement with the family."


def _url(name, request):
    return reverse(f"rapid_review:{name}", kwargs={"case_id": request.case_id, "request_id": request.pk})


def _add_entry(request, author):
    chronology_entry_add(
        actor=author,
        case=request.case,
        agency=request.agency,
        date=dt.date(2025, 3, 4),
        event_type="home_visit",
        what_happened="Synthetic home visit.",
        agency_request=request,
    )


# --- item 3: check and submit ------------------------------------------------------------------------


def test_check_page_has_a_change_link_per_section_to_its_field(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    body = client.get(_url("return_submit", request)).content.decode()
    edit = _url("return_edit", request)
    for name, label in RETURN_SECTIONS:
        assert (
            f'href="{edit}#id_{name}">Change<span class="govuk-visually-hidden"> {label.lower()}</span>'
            in body
        ), name
    assert f'href="{_url("request_chronology", request)}">Change' in body


def test_each_missing_section_links_to_its_field_on_the_edit_page(rr, client):
    [request] = rr.send(0)
    author = rr.authors[0]
    services.agency_return_save(
        actor=author,
        request=request,
        expected_version=1,
        values={**FULL, "learning": "", "what_went_well": ""},
    )
    _add_entry(request, author)
    sign_in(client, author)
    response = client.post(_url("return_submit", request), {"version": request.version})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error:" in body
    summary = body.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    edit = _url("return_edit", request)
    assert f'<a href="{edit}#id_what_went_well">Complete the section: What went well</a>' in summary
    assert f'<a href="{edit}#id_learning">Complete the section: Learning</a>' in summary
    assert summary.count("<a ") == 2
    # The anchors exist on the edit page.
    edit_body = client.get(edit).content.decode()
    assert 'id="id_what_went_well"' in edit_body and 'id="id_learning"' in edit_body
    request.refresh_from_db()
    assert request.status == RequestStatus.ACKNOWLEDGED


def test_warning_and_confirmation_only_without_chronology_entries(rr, client):
    [request] = rr.send(0)
    author = rr.authors[0]
    services.agency_return_save(actor=author, request=request, expected_version=1, values=FULL)
    sign_in(client, author)
    submit = _url("return_submit", request)
    body = client.get(submit).content.decode()
    assert "govuk-warning-text" in body and "You have not added any chronology entries" in body
    assert f'href="{_url("request_chronology", request)}">Add or import' in body
    assert 'name="no_entries_confirmed"' in body
    # Submitting without ticking the confirmation is refused, with the error linked to the checkbox.
    response = client.post(submit, {"version": request.version})
    assert response.status_code == 400
    assert '<a href="#id_no_entries_confirmed">' in response.content.decode()
    request.refresh_from_db()
    assert request.status != RequestStatus.SUBMITTED
    # With an entry there is no warning and nothing to confirm.
    _add_entry(request, author)
    body = client.get(submit).content.decode()
    assert "govuk-warning-text" not in body and "no_entries_confirmed" not in body
    assert "1 entry" in body


def test_submitting_without_entries_after_confirming_is_audited_with_the_count(rr, client):
    [request] = rr.send(0)
    author = rr.authors[0]
    services.agency_return_save(actor=author, request=request, expected_version=1, values=FULL)
    sign_in(client, author)
    response = client.post(
        _url("return_submit", request), {"version": request.version, "no_entries_confirmed": "on"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(event_type=EventType.AGENCY_RETURN_SUBMITTED)
    assert event.data["chronology_entries"] == 0


def test_confirmation_page_says_what_happens_next(rr, client):
    [request] = rr.send(0)
    author = rr.authors[0]
    services.agency_return_save(actor=author, request=request, expected_version=1, values=FULL)
    _add_entry(request, author)
    sign_in(client, author)
    submitted = _url("return_submitted", request)
    # Nothing to confirm before submitting: back to the check page.
    response = client.get(submitted)
    assert response.status_code == 302 and response["Location"] == _url("return_submit", request)
    response = client.post(_url("return_submit", request), {"version": request.version}, follow=True)
    assert response.redirect_chain[-1][0] == submitted
    body = response.content.decode()
    assert 'class="govuk-panel govuk-panel--confirmation"' in body
    assert '<h1 class="govuk-panel__title">Return submitted</h1>' in body
    assert "What happens next" in body
    assert "accept it" in body and "send it back to you with questions" in body
    assert "We will email you" in body
    assert request.case.reference in body
    # The business unit does not use this page.
    client.logout()
    sign_in(client, rr.world.people["business_unit_officer"])
    assert client.get(submitted).status_code == 403


def test_each_section_has_its_own_hint(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.authors[0])
    body = client.get(_url("return_edit", request)).content.decode()
    assert set(SECTION_HINTS) == {name for name, _ in RETURN_SECTIONS}
    assert len(set(SECTION_HINTS.values())) == len(SECTION_HINTS)
    for name, hint in SECTION_HINTS.items():
        hint_html = re.search(rf'<div id="id_{name}-hint" class="govuk-hint">(.*?)</div>', body, re.S)
        assert hint_html is not None, name
        assert hint.replace("'", "&#x27;") in hint_html.group(1), name
        assert f'aria-describedby="id_{name}-hint"' in body


# --- item 7: requests to agencies --------------------------------------------------------------------


def test_withdrawal_reason_is_required(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.world.people["business_unit_officer"])
    url = _url("request", request)
    confirm = client.get(url + "?withdraw=confirm").content.decode()
    assert 'for="id_reason">Why are you withdrawing the request?</label>' in confirm
    response = client.post(url, {"version": request.version, "reason": "   "})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<a href="#id_reason">Enter the reason for withdrawing the request</a>' in body
    assert 'id="id_reason-error"' in body
    assert "Yes, withdraw the request" in body  # still on the confirmation step
    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED


def test_withdrawal_reason_is_stored_shown_and_audited_without_the_text(rr, client):
    [request] = rr.send(0)
    sign_in(client, rr.world.people["business_unit_officer"])
    url = _url("request", request)
    response = client.post(url, {"version": request.version, "reason": f"  {REASON}  "})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.withdrawal_reason) == (RequestStatus.WITHDRAWN, REASON)
    event = AuditEvent.objects.get(event_type=EventType.AGENCY_REQUEST_WITHDRAWN)
    assert event.data["reason_given"] is True
    assert REASON not in str(event.data)
    body = client.get(url).content.decode()
    assert "Reason for withdrawal" in body and REASON in body
    listing = client.get(reverse("rapid_review:requests", kwargs={"case_id": request.case_id}))
    assert REASON in listing.content.decode()


def test_the_service_refuses_a_withdrawal_without_a_reason(rr):
    from django.core.exceptions import ValidationError

    [request] = rr.send(0)
    with pytest.raises(ValidationError, match="Enter the reason for withdrawing the request"):
        services.agency_request_withdraw(
            actor=rr.world.people["business_manager"],
            request=request,
            expected_version=request.version,
            reason=" ",
        )
    assert AgencyRequest.objects.get(pk=request.pk).status == RequestStatus.REQUESTED


def test_author_fields_sit_under_their_agency_for_a_conditional_reveal(rr, client):
    sign_in(client, rr.world.people["business_unit_officer"])
    url = reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk})
    body = client.get(url).content.decode()
    for agency in rr.agencies:
        checkbox = re.search(rf'<input [^>]*value="{agency.pk}"[^>]*>', body)
        assert checkbox is not None
        controls = re.search(r'data-aria-controls="([^"]+)"', checkbox.group(0))
        assert controls is not None
        block = body.split(f'id="{controls.group(1)}"', 1)[1].split(
            'class="govuk-checkboxes__conditional', 1
        )[0]
        for prefix in ("author", "new_name", "new_email"):
            assert f'id="id_{prefix}_{agency.pk}"' in block, (agency, prefix)
    # Hidden only by govuk-frontend's JavaScript (the class applies under .govuk-frontend-supported).
    assert body.count("govuk-checkboxes__conditional--hidden") == len(rr.agencies)
    # A ticked agency with an error is shown open, its error linked to the author field.
    agency = rr.agencies[0]
    response = client.post(url, {"agencies": [agency.pk], "due_on": "15/1/2099"})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<a href="#id_author_{agency.pk}">Select the author for {agency.name}</a>' in body
    assert body.count("govuk-checkboxes__conditional--hidden") == len(rr.agencies) - 1


def test_author_list_says_name_agency_and_role(rr, client):
    from safeguarding_reviews.organisations.models import Membership

    Membership.objects.filter(user=rr.authors[1]).update(job_title="Detective sergeant")
    sign_in(client, rr.world.people["business_unit_officer"])
    body = client.get(reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk})).content.decode()
    assert f">Synthetic Author 0 – {rr.agencies[0].name}, Agency author</option>" in body
    assert f">Synthetic Author 1 – {rr.agencies[1].name}, Detective sergeant</option>" in body


@pytest.mark.parametrize(
    ("name", "agencies", "job_title", "roles", "expected"),
    [
        ("Ann", ["Police"], "Detective sergeant", ["Agency author"], "Ann – Police, Detective sergeant"),
        ("Ann", ["Police"], "", ["Agency author"], "Ann – Police, Agency author"),
        ("Ann", [], "", ["Business unit officer"], "Ann – Business unit officer"),
        ("Ann", [], "  ", [], "Ann"),
        ("Ann", ["School", "Health", "School"], "Nurse", [], "Ann – Health and School, Nurse"),
        ("Ann", [], "", ["Agency author", "Agency author"], "Ann – Agency author"),
    ],
)
def test_author_label(name, agencies, job_title, roles, expected):
    assert author_label(name, agencies=agencies, job_title=job_title, roles=roles) == expected
