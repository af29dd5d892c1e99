"""Issue 14, item 1: practitioners' involvement (invitations, reply and attendance, the no-blame statement,
the draft shared): services (who, what, audit, versions), the pages (invalid input with the data back,
who sees names), the register's compact status and its warning, fixed query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.practitioners import selectors, services
from safeguarding_reviews.practitioners.models import (
    DraftSharing,
    NoBlameStatement,
    PractitionerInvitation,
)
from tests.factories import AgencyFactory
from tests.fixtures import sign_in

NAME = "Synthetic Practitionername"


def _last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).order_by("-sequence").first()


def _days_ago(n):
    return clock.today() - dt.timedelta(days=n)


def _add(world, role="Health visitor", **extra):
    return services.practitioner_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        agency_id=extra.pop("agency_id", world.agency.pk),
        role=role,
        first_names="Synthetic",
        last_name="Practitionername",
    )


def _invite(world, practitioner, **overrides):
    values = {"kind": "event", "invited_on": _days_ago(10), "method": "email"} | overrides
    return services.invitation_add(
        actor=world.people["business_unit_officer"], case=world.case, practitioner=practitioner, **values
    )


def _statement(world, practitioner, expected_version=None, **overrides):
    values = {"given_on": _days_ago(10), "method": "letter", "given_by": "business_unit"} | overrides
    return services.statement_record(
        actor=world.people["business_manager"],
        case=world.case,
        practitioner=practitioner,
        expected_version=expected_version,
        **values,
    )


def _url(name, world, practitioner, *extra):
    return reverse(f"practitioners:{name}", args=[world.case.pk, practitioner.pk, *extra])


def _fmt(day):
    return f"{day.day}/{day.month}/{day.year}"


# Services


def test_invitation_add_and_reply_audit_ids_and_choices_only(world):
    practitioner = _add(world)
    invitation = _invite(world, practitioner, event_on=_days_ago(2))
    assert (invitation.response, invitation.attended, invitation.version) == ("awaiting", "not_yet", 1)
    assert _last(EventType.PRACTITIONER_INVITED).data == {
        "practitioner_id": practitioner.pk,
        "invitation_id": invitation.pk,
        "kind": "event",
    }
    updated = services.invitation_update(
        actor=world.people["business_manager"],
        case=world.case,
        invitation=invitation,
        expected_version=1,
        event_on=_days_ago(2),
        response="accepted",
        attended="yes",
    )
    assert (updated.response, updated.attended, updated.version) == ("accepted", "yes", 2)
    assert _last(EventType.PRACTITIONER_INVITATION_UPDATED).data == {
        "practitioner_id": practitioner.pk,
        "invitation_id": invitation.pk,
        "fields": ["attended", "response"],
        "response": "accepted",
        "attended": "yes",
        "version": 2,
    }
    with pytest.raises(StaleVersionError, match="stale version"):
        services.invitation_update(
            actor=world.people["business_manager"],
            case=world.case,
            invitation=invitation,
            expected_version=1,
            event_on=None,
            response="declined",
            attended="not_yet",
        )
    assert _last(EventType.PRACTITIONER_INVOLVEMENT_CONFLICT).data["expected_version"] == 1
    assert PractitionerInvitation.objects.get().response == "accepted"


def test_a_practitioner_may_have_several_invitations(world):
    practitioner = _add(world)
    _invite(world, practitioner, kind="conversation", invited_on=_days_ago(20))
    _invite(world, practitioner, kind="event", method="phone")
    assert [i.kind for i in selectors.involvement_of(practitioner).invitations] == ["conversation", "event"]


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"kind": "party"}, {"kind"}),
        ({"method": "pigeon"}, {"method"}),
        ({"invited_on": clock.today() + dt.timedelta(days=3)}, {"invited_on"}),
        ({"event_on": clock.today() - dt.timedelta(days=30)}, {"event_on"}),  # before the invitation
    ],
)
def test_invitation_add_refuses_bad_values_and_says_why(world, values, fields):
    practitioner = _add(world)
    with pytest.raises(ValidationError) as exc:
        _invite(world, practitioner, **values)
    assert set(exc.value.message_dict) == fields
    assert not PractitionerInvitation.objects.exists()


def test_attendance_only_when_accepted_and_the_event_has_happened(world):
    practitioner = _add(world)
    invitation = _invite(world, practitioner, event_on=clock.today() + dt.timedelta(days=5))
    for response, attended, event_on, field in [
        ("declined", "yes", _days_ago(1), "attended"),
        ("accepted", "yes", None, "event_on"),
        ("accepted", "no", clock.today() + dt.timedelta(days=5), "attended"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.invitation_update(
                actor=world.people["business_manager"],
                case=world.case,
                invitation=invitation,
                expected_version=1,
                event_on=event_on,
                response=response,
                attended=attended,
            )
        assert set(exc.value.message_dict) == {field}


@pytest.mark.parametrize(
    "persona",
    ["delegate_local_authority", "delegate_police", "independent_chair", "agency_representative", "auditor"],
)
def test_only_the_business_unit_records_involvement(world, persona):
    practitioner = _add(world)
    invitation = _invite(world, practitioner)
    actor = world.people[persona]
    with pytest.raises(PermissionDenied, match="Only the business unit"):
        services.invitation_add(
            actor=actor,
            case=world.case,
            practitioner=practitioner,
            kind="event",
            invited_on=_days_ago(1),
            method="email",
        )
    with pytest.raises(PermissionDenied, match="Only the business unit"):
        services.invitation_update(
            actor=actor,
            case=world.case,
            invitation=invitation,
            expected_version=1,
            event_on=None,
            response="declined",
            attended="not_yet",
        )
    with pytest.raises(PermissionDenied, match="Only the business unit"):
        services.statement_record(
            actor=actor,
            case=world.case,
            practitioner=practitioner,
            expected_version=None,
            given_on=_days_ago(1),
            method="email",
            given_by="reviewer",
        )
    with pytest.raises(PermissionDenied, match="Only the business unit"):
        services.draft_record(
            actor=actor,
            case=world.case,
            practitioner=practitioner,
            expected_version=None,
            shared_on=_days_ago(1),
            commented="not_yet",
        )


def test_a_removed_practitioner_or_a_closed_case_refuses_involvement(world):
    practitioner = _add(world)
    removed = services.practitioner_remove(
        actor=world.people["business_manager"],
        case=world.case,
        practitioner=_add(world, role="GP"),
        expected_version=1,
        reason="In error",
    )
    with pytest.raises(ValidationError, match="has been removed"):
        _invite(world, removed)
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="The case is closed"):
        _statement(world, practitioner)


def test_involvement_of_another_cases_practitioner_is_refused(world):
    from safeguarding_reviews.cases import services as case_services

    other = case_services.case_create(
        actor=world.people["business_unit_officer"],
        partnership=world.partnership,
        pseudonym="Child Z",
        summary="S",
    )
    practitioner = _add(world)
    with pytest.raises(PermissionDenied, match="not on this case"):
        services.invitation_add(
            actor=world.people["business_manager"],
            case=other,
            practitioner=practitioner,
            kind="event",
            invited_on=_days_ago(1),
            method="email",
        )


def test_the_statement_is_recorded_once_then_corrected_with_its_version(world):
    practitioner = _add(world)
    statement = _statement(world, practitioner)
    assert (statement.method, statement.given_by, statement.version) == ("letter", "business_unit", 1)
    event = _last(EventType.PRACTITIONER_STATEMENT_RECORDED)
    assert event.data == {
        "practitioner_id": practitioner.pk,
        "fields": ["given_by", "given_on", "method"],
        "version": 1,
    }
    with pytest.raises(StaleVersionError, match="stale version"):
        _statement(world, practitioner)  # someone recorded it meanwhile
    corrected = _statement(world, practitioner, expected_version=1, method="in_person", given_by="reviewer")
    assert corrected.version == 2 and NoBlameStatement.objects.count() == 1
    assert _last(EventType.PRACTITIONER_STATEMENT_RECORDED).data["fields"] == ["given_by", "method"]
    with pytest.raises(ValidationError) as exc:
        _statement(world, practitioner, expected_version=2, given_on=clock.today() + dt.timedelta(days=1))
    assert set(exc.value.message_dict) == {"given_on"}
    with pytest.raises(ValidationError) as exc:
        _statement(world, practitioner, expected_version=2, given_by="the neighbour")
    assert exc.value.message_dict == {"given_by": ["Choose an option from the list"]}


def test_the_draft_shared_and_commented(world):
    practitioner = _add(world)
    recorded = services.draft_record(
        actor=world.people["business_unit_officer"],
        case=world.case,
        practitioner=practitioner,
        expected_version=None,
        shared_on=_days_ago(5),
        commented="not_yet",
    )
    assert recorded.commented == "not_yet"
    with pytest.raises(ValidationError) as exc:
        services.draft_record(
            actor=world.people["business_unit_officer"],
            case=world.case,
            practitioner=practitioner,
            expected_version=1,
            shared_on=_days_ago(5),
            commented="yes",
            commented_on=_days_ago(6),
        )
    assert set(exc.value.message_dict) == {"commented_on"}
    services.draft_record(
        actor=world.people["business_unit_officer"],
        case=world.case,
        practitioner=practitioner,
        expected_version=1,
        shared_on=_days_ago(5),
        commented="yes",
        commented_on=_days_ago(1),
    )
    row = DraftSharing.objects.get()
    assert (row.commented, row.commented_on, row.version) == ("yes", _days_ago(1), 2)
    assert _last(EventType.PRACTITIONER_DRAFT_RECORDED).data["fields"] == ["commented", "commented_on"]


# Pages


def test_the_involvement_page_shows_the_name_only_to_identity_roles(world, client):
    practitioner = _add(world)
    _invite(world, practitioner)
    url = _url("involvement", world, practitioner)
    sign_in(client, world.people["business_unit_officer"])
    text = client.get(url).content.decode()
    assert NAME in text and "Learning or practitioner event" in text and "Record an invitation" in text
    assert "without the statement" not in text and "is not recorded as given" in text
    assert _last(EventType.IDENTITY_VIEWED).data == {
        "subject_ids": [],
        "practitioner_ids": [practitioner.pk],
        "page": "practitioner_involvement",
    }
    before = AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).count()
    sign_in(client, world.people["review_committee_member"])
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200 and "Health visitor" in text
    assert NAME not in text and "Record an invitation" not in text
    assert AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).count() == before


def test_the_involvement_page_of_a_removed_or_unknown_practitioner_is_404(world, client):
    sign_in(client, world.people["business_unit_officer"])
    assert client.get(reverse("practitioners:involvement", args=[world.case.pk, 999999])).status_code == 404
    practitioner = _add(world)
    invitation = _invite(world, practitioner)
    other = _add(world, role="GP")
    assert client.get(_url("invitation_update", world, other, invitation.pk)).status_code == 404
    client.raise_request_exception = True
    for big in ("99999999999999999999", str(2**63)):
        assert client.get(_url("invitation_update", world, practitioner, big)).status_code == 404


def test_record_an_invitation_page(world, client):
    practitioner = _add(world)
    sign_in(client, world.people["business_unit_officer"])
    url = _url("invitation_add", world, practitioner)
    assert client.get(url).status_code == 200
    data = {"kind": "conversation", "invited_on": _fmt(_days_ago(3)), "method": "phone", "event_on": ""}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == _url("involvement", world, practitioner)
    invitation = PractitionerInvitation.objects.get()
    assert (invitation.kind, invitation.method, invitation.invited_on) == (
        "conversation",
        "phone",
        _days_ago(3),
    )
    text = client.get(_url("involvement", world, practitioner)).content.decode()
    assert "Invitation recorded" in text and "Individual conversation" in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": ""}, "Select what they are invited to"),
        ({"kind": "party"}, "Select what they are invited to"),
        ({"method": ""}, "Select how they were invited"),
        ({"invited_on": ""}, "Enter the date invited"),
        ({"invited_on": "31/2/2025"}, "Date invited must be a real date"),
        ({"invited_on": "1/1/2999"}, "The date invited must be today or in the past"),
        ({"event_on": "1/1/2000"}, "must be the same as or after the date invited"),
        ({"event_on": "not a date"}, "The date of the conversation or event must be a real date"),
    ],
)
def test_record_an_invitation_refuses_bad_input_with_the_data_back(world, client, overrides, message):
    practitioner = _add(world)
    sign_in(client, world.people["business_unit_officer"])
    data = {"kind": "event", "invited_on": "2/3/2025", "method": "letter", "event_on": ""} | overrides
    response = client.post(_url("invitation_add", world, practitioner), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text and message in text
    assert 'value="letter" checked' in text or overrides.get("method") == ""
    assert not PractitionerInvitation.objects.exists()


def test_record_the_reply_page_with_errors_and_a_conflict(world, client):
    practitioner = _add(world)
    invitation = _invite(world, practitioner)
    sign_in(client, world.people["business_unit_officer"])
    url = _url("invitation_update", world, practitioner, invitation.pk)
    page = client.get(url)
    assert page.status_code == 200 and 'value="awaiting" checked' in page.content.decode()
    refused = client.post(url, {"response": "declined", "attended": "yes", "event_on": "", "version": "1"})
    assert refused.status_code == 400
    assert "Record attendance only for an invitation they accepted" in refused.content.decode()
    assert 'value="declined" checked' in refused.content.decode()
    data = {"response": "accepted", "attended": "yes", "event_on": _fmt(_days_ago(2)), "version": "1"}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, data | {"response": "declined", "attended": "not_yet"})
    assert stale.status_code == 409 and "Someone else saved this" in stale.content.decode()
    assert 'name="version" value="2"' in stale.content.decode()
    invitation.refresh_from_db()
    assert (invitation.response, invitation.attended, invitation.event_on) == (
        "accepted",
        "yes",
        _days_ago(2),
    )


def test_statement_and_draft_pages(world, client):
    practitioner = _add(world)
    sign_in(client, world.people["business_manager"])
    url = _url("statement", world, practitioner)
    refused = client.post(url, {"given_on": "1/1/2999", "method": "email", "given_by": ""})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "The date given must be today or in the past" in text and "Select who gave it" in text
    assert 'value="1/1/2999"' in text
    ok = client.post(url, {"given_on": _fmt(_days_ago(4)), "method": "email", "given_by": "reviewer"})
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert 'name="version" value="1"' in page and 'value="reviewer" checked' in page
    stale = client.post(url, {"given_on": _fmt(_days_ago(4)), "method": "phone", "given_by": "reviewer"})
    assert stale.status_code == 409 and "Someone else saved this" in stale.content.decode()

    draft_url = _url("draft", world, practitioner)
    bad = client.post(draft_url, {"shared_on": "", "commented": "no", "commented_on": _fmt(_days_ago(1))})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Enter the date the draft was shared with them" in text
    assert "Leave the date of their comments blank unless they commented" in text
    good = {"shared_on": _fmt(_days_ago(3)), "commented": "yes", "commented_on": _fmt(_days_ago(1))}
    assert client.post(draft_url, good).status_code == 302
    text = client.get(_url("involvement", world, practitioner)).content.decode()
    assert "Draft sharing recorded" in text and "Commented on" in text and "By" in text


def test_the_register_warns_of_invitations_without_the_statement(world, client):
    with_statement = _add(world, role="Midwife")
    without = _add(world, role="Social worker")
    _statement(world, with_statement)
    _invite(world, with_statement)
    _invite(world, without)
    sign_in(client, world.people["delegate_icb"])
    text = client.get(reverse("practitioners:register", args=[world.case.pk])).content.decode()
    assert "1 practitioner has been invited without the no-blame statement recorded as given" in text
    assert text.count("No-blame statement not recorded") == 1
    assert "No-blame statement: Given" in text
    assert "1 invitation (1 awaiting a reply)" in text
    assert _url("involvement", world, without) in text


def test_the_register_and_the_involvement_page_have_fixed_query_counts(world, client):
    sign_in(client, world.people["business_manager"])
    register = reverse("practitioners:register", args=[world.case.pk])
    first = _add(world)
    _invite(world, first)
    with CaptureQueriesContext(connection) as one:
        assert client.get(register).status_code == 200
    with CaptureQueriesContext(connection) as page_one:
        assert client.get(_url("involvement", world, first)).status_code == 200
    for i in range(6):
        agency = AgencyFactory.create(partnership=world.partnership, name=f"Agency {i}")
        practitioner = _add(world, role=f"Role {i}", agency_id=agency.pk)
        _statement(world, practitioner)
        _invite(world, practitioner)
        _invite(world, first, kind="conversation")
        services.draft_record(
            actor=world.people["business_manager"],
            case=world.case,
            practitioner=practitioner,
            expected_version=None,
            shared_on=_days_ago(1),
            commented="not_yet",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(register).status_code == 200
    with CaptureQueriesContext(connection) as page_many:
        assert client.get(_url("involvement", world, first)).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)
    assert len(page_many.captured_queries) == len(page_one.captured_queries)


def _constraint(world, block):
    from safeguarding_reviews.parallel_processes import services as register

    officer = world.people["business_unit_officer"]
    process = register.parallel_process_add(
        actor=officer,
        case=world.case,
        values={
            "kind": "criminal_proceedings",
            "status": "under_way",
            "led_by": "",
            "reference": "",
            "notes": "",
            "started_on": None,
            "next_date": None,
            "concluded_on": None,
        },
    )
    return register.process_constraint_add(
        actor=officer, process=process, blocks=block, reason=f"Synthetic: no {block} until the verdict"
    )


def test_constraints_block_new_invitations_and_sharing_the_draft_and_the_page_says_why(world, client):
    practitioner = _add(world)
    invitation = _invite(world, practitioner)
    _constraint(world, "practitioner_event")
    _constraint(world, "draft_sharing")
    with pytest.raises(ValidationError, match="no practitioner_event until the verdict"):
        _invite(world, practitioner)
    with pytest.raises(ValidationError, match="no draft_sharing until the verdict"):
        services.draft_record(
            actor=world.people["business_unit_officer"],
            case=world.case,
            practitioner=practitioner,
            expected_version=None,
            shared_on=_days_ago(5),
            commented="not_yet",
        )
    # What was sent before goes on being recorded: the reply, and the no-blame statement.
    services.invitation_update(
        actor=world.people["business_unit_officer"],
        case=world.case,
        invitation=invitation,
        expected_version=invitation.version,
        event_on=None,
        response="accepted",
        attended="not_yet",
    )
    _statement(world, practitioner)
    sign_in(client, world.people["business_unit_officer"])
    page = client.get(_url("involvement", world, practitioner)).content.decode()
    assert "Practitioner events and interviews are blocked by a parallel process" in page
    assert "Sharing the draft report is blocked by a parallel process" in page
    response = client.post(
        _url("invitation_add", world, practitioner),
        {"kind": "event", "invited_on": _fmt(_days_ago(1)), "method": "email"},
    )
    assert response.status_code == 400
    assert "no practitioner_event until the verdict" in response.content.decode()


def test_a_statement_given_after_the_first_invitation_is_shown_as_late(world, client):
    practitioner = _add(world)
    _invite(world, practitioner, invited_on=_days_ago(10))
    _statement(world, practitioner, given_on=_days_ago(5))
    sign_in(client, world.people["review_committee_member"])
    register = client.get(reverse("practitioners:register", args=[world.case.pk])).content.decode()
    assert "No-blame statement given late" in register
    page = client.get(_url("involvement", world, practitioner)).content.decode()
    assert 'id="statement-late"' in page
