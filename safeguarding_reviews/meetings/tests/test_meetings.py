"""Rapid review meetings: services (policy, stage, dates, agencies, versions, audit), planning a meeting and
recording it held, pages with bad input, and fixed queries on the list and the meeting page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.actions.models import ActionSource, CaseAction
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.meetings import services
from safeguarding_reviews.meetings.models import (
    MeetingAttendee,
    MeetingInvitee,
    MeetingState,
    RapidReviewMeeting,
)
from tests.factories import AgencyFactory
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def rr_world(world):
    actor = world.people["business_unit_officer"]
    for stage in (Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW):
        case_stage_advance(actor=actor, case=world.case, to_stage=stage, reason="test")
    world.case.refresh_from_db()
    return world


def _meeting(world, **kwargs):
    values = {
        "actor": world.people["business_unit_officer"],
        "case": world.case,
        "held_on": dt.date(2026, 3, 12),
    }
    return services.meeting_create(**(values | kwargs))


def test_create_records_an_event_without_the_notes(rr_world):
    meeting = _meeting(rr_world, notes="Synthetic notes about Child A")
    event = AuditEvent.objects.get(event_type=EventType.MEETING_RECORDED)
    assert event.case_id == rr_world.case.pk
    assert event.data == {"meeting_id": meeting.pk, "held_on": "2026-03-12", "state": "held"}


def test_only_the_business_unit_records_meetings(rr_world):
    for persona in ("delegate_local_authority", "independent_chair", "auditor"):
        with pytest.raises(PermissionDenied, match="Only the business unit records meetings"):
            _meeting(rr_world, actor=rr_world.people[persona])


def test_meetings_wait_for_the_rapid_review(world):
    with pytest.raises(ValidationError, match="Meetings can be recorded once the case is at the rapid"):
        _meeting(world)


def test_a_held_meeting_cannot_be_in_the_future(rr_world):
    with pytest.raises(
        ValidationError, match="The date of a meeting that has been held must be today or"
    ) as caught:
        _meeting(rr_world, held_on=dt.date(2026, 3, 17))
    assert "held_on" in caught.value.error_dict


@pytest.mark.parametrize(
    ("state", "held_on", "allowed"),
    [
        (MeetingState.PLANNED, dt.date(2026, 3, 30), True),
        (MeetingState.PLANNED, dt.date(2026, 3, 16), True),
        (MeetingState.PLANNED, dt.date(2026, 3, 15), False),
        (MeetingState.HELD, dt.date(2026, 3, 16), True),
        (MeetingState.HELD, dt.date(2026, 3, 15), True),
        (MeetingState.HELD, dt.date(2026, 3, 17), False),
    ],
)
def test_dates_by_state(rr_world, state, held_on, allowed):
    if allowed:
        assert _meeting(rr_world, state=state, held_on=held_on).state == state
    else:
        with pytest.raises(ValidationError) as caught:
            _meeting(rr_world, state=state, held_on=held_on)
        assert "held_on" in caught.value.error_dict


def test_plan_invite_then_record_held_with_attendance(rr_world):
    actor = rr_world.people["business_unit_officer"]
    meeting = _meeting(rr_world, state=MeetingState.PLANNED, held_on=dt.date(2026, 3, 20))
    assert AuditEvent.objects.filter(event_type=EventType.MEETING_PLANNED).count() == 1
    nurse = services.meeting_invitee_add(
        actor=actor, meeting=meeting, agency=rr_world.agency, role="Named nurse"
    )
    services.meeting_invitee_add(actor=actor, meeting=meeting, agency=rr_world.agency, role="Ward manager")
    with pytest.raises(
        ValidationError, match="Record the meeting as held first"
    ):  # attendees and actions wait for the meeting to be held
        services.meeting_attendee_add(actor=actor, meeting=meeting, agency=rr_world.agency, role="Doctor")
    with pytest.raises(ValidationError, match="Record the meeting as held first"):
        services.meeting_action_add(
            actor=actor,
            meeting=meeting,
            description="x",
            owner_agency=rr_world.agency,
            due_on=dt.date(2026, 4, 1),
        )
    with time_machine.travel(dt.datetime(2026, 3, 20, 16, 0, tzinfo=LONDON), tick=False):
        with pytest.raises(
            ValidationError, match="The date of a meeting that has been held must be today or"
        ) as caught:  # a held meeting's date cannot be in the future
            services.meeting_record_held(
                actor=actor, meeting=meeting, expected_version=1, held_on=dt.date(2026, 3, 21)
            )
        assert "held_on" in caught.value.error_dict
        meeting = services.meeting_record_held(
            actor=actor,
            meeting=meeting,
            expected_version=1,
            held_on=dt.date(2026, 3, 20),
            attended_invitee_ids=[nurse.pk],
        )
    assert (meeting.state, meeting.version) == (MeetingState.HELD, 2)
    assert list(meeting.attendees.values_list("role", flat=True)) == ["Named nurse"]
    event = AuditEvent.objects.get(event_type=EventType.MEETING_HELD)
    assert event.data["attended_invitee_ids"] == [nurse.pk]
    with pytest.raises(ValidationError, match="This meeting has already been recorded as held"):
        services.meeting_record_held(
            actor=actor, meeting=meeting, expected_version=2, held_on=dt.date(2026, 3, 20)
        )
    with pytest.raises(
        ValidationError, match="The meeting has been held: its invitees are kept as they"
    ):  # invitees are kept as they were once held
        services.meeting_invitee_remove(actor=actor, meeting=meeting, invitee_id=nurse.pk)


def test_record_held_refuses_a_stale_version_and_other_meetings_invitees(rr_world):
    actor = rr_world.people["business_unit_officer"]
    meeting = _meeting(rr_world, state=MeetingState.PLANNED, held_on=dt.date(2026, 3, 16))
    other = _meeting(rr_world, state=MeetingState.PLANNED, held_on=dt.date(2026, 3, 18))
    stranger = services.meeting_invitee_add(actor=actor, meeting=other, agency=rr_world.agency, role="GP")
    with pytest.raises(ValidationError, match="Select invitees of this meeting"):
        services.meeting_record_held(
            actor=actor,
            meeting=meeting,
            expected_version=1,
            held_on=dt.date(2026, 3, 16),
            attended_invitee_ids=[stranger.pk],
        )
    services.meeting_update(actor=actor, meeting=meeting, expected_version=1, changes={"notes": "Agenda"})
    with pytest.raises(StaleVersionError, match="stale version"):
        services.meeting_record_held(
            actor=actor,
            meeting=RapidReviewMeeting.objects.get(pk=meeting.pk),
            expected_version=1,
            held_on=dt.date(2026, 3, 16),
        )
    assert not MeetingAttendee.objects.exists()


def test_actions_agreed_join_the_case_action_list(rr_world):
    meeting = _meeting(rr_world)
    action = services.meeting_action_add(
        actor=rr_world.people["business_unit_officer"],
        meeting=meeting,
        description="Share the discharge plan",
        owner_role="Named nurse",
        owner_agency=rr_world.agency,
        due_on=dt.date(2026, 4, 1),
    )
    assert (action.case_id, action.source, action.meeting_id) == (
        rr_world.case.pk,
        ActionSource.MEETING,
        meeting.pk,
    )
    assert list(meeting.actions.all()) == [action]


def test_attendees_and_actions_must_be_of_the_partnership(rr_world):
    meeting = _meeting(rr_world)
    outsider = AgencyFactory.create(partnership=rr_world.other_partnership, name="Betashire Police")
    actor = rr_world.people["business_unit_officer"]
    with pytest.raises(ValidationError, match="Select an agency of the case's partnership"):
        services.meeting_attendee_add(
            actor=actor, meeting=meeting, agency=outsider, role="Detective sergeant"
        )
    with pytest.raises(ValidationError, match="Select an agency of the case's partnership"):
        services.meeting_action_add(
            actor=actor,
            meeting=meeting,
            description="Review",
            owner_agency=outsider,
            due_on=dt.date(2026, 4, 1),
        )
    with pytest.raises(
        ValidationError, match="The due date must be on or after the date of the meeting"
    ) as caught:
        services.meeting_action_add(
            actor=actor,
            meeting=meeting,
            description="Review",
            owner_agency=rr_world.agency,
            due_on=dt.date(2026, 3, 1),
        )
    assert "due_on" in caught.value.error_dict


def test_a_stale_edit_is_refused(rr_world):
    meeting = _meeting(rr_world)
    actor = rr_world.people["business_unit_officer"]
    services.meeting_update(actor=actor, meeting=meeting, expected_version=1, changes={"notes": "First"})
    with pytest.raises(StaleVersionError, match="stale version"):
        services.meeting_update(
            actor=actor,
            meeting=RapidReviewMeeting.objects.get(pk=meeting.pk),
            expected_version=1,
            changes={"notes": "Second"},
        )
    assert RapidReviewMeeting.objects.get(pk=meeting.pk).notes == "First"


def test_add_page_bad_input_keeps_what_was_typed(rr_world, client):
    sign_in(client, rr_world.people["business_unit_officer"])
    url = reverse("meetings:add", kwargs={"case_id": rr_world.case.pk})
    response = client.post(url, {"held_on": "31/02/2026", "starts_at": "25:99", "notes": "Kept text"})
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Date of the meeting must be a real date" in body
        and "Enter a time like 14:30" in body
        and "Kept text" in body
    )
    assert not RapidReviewMeeting.objects.exists()


@pytest.mark.parametrize("typed", ["12 March 2026", "12 Mar 2026", "March 12, 2026", "12/3/26", "12.03.2026"])
def test_add_page_reads_dates_as_people_type_them(rr_world, client, typed):
    sign_in(client, rr_world.people["business_unit_officer"])
    url = reverse("meetings:add", kwargs={"case_id": rr_world.case.pk})
    response = client.post(url, {"state": "held", "held_on": typed})
    assert response.status_code == 302
    assert RapidReviewMeeting.objects.get().held_on == dt.date(2026, 3, 12)


def test_full_journey_through_the_pages(rr_world, client):
    sign_in(client, rr_world.people["business_unit_officer"])
    case_id = rr_world.case.pk
    response = client.post(
        reverse("meetings:add", kwargs={"case_id": case_id}), {"state": "held", "held_on": "12/03/2026"}
    )
    meeting = RapidReviewMeeting.objects.get()
    assert response.status_code == 302
    kwargs = {"case_id": case_id, "meeting_id": meeting.pk}
    bad = client.post(reverse("meetings:attendees", kwargs=kwargs), {"agency": "", "role": ""})
    assert bad.status_code == 400 and "Select the agency" in bad.content.decode()
    client.post(
        reverse("meetings:attendees", kwargs=kwargs), {"agency": rr_world.agency.pk, "role": "Named nurse"}
    )
    client.post(
        reverse("meetings:actions", kwargs=kwargs),
        {
            "description": "Share the discharge plan",
            "owner_agency": rr_world.agency.pk,
            "due_on": "30/03/2026",
        },
    )
    action = CaseAction.objects.get()
    assert action.source == ActionSource.MEETING
    attendee = MeetingAttendee.objects.get()
    client.post(reverse("meetings:attendees", kwargs=kwargs), {"attendee_id": attendee.pk})
    assert not MeetingAttendee.objects.exists()
    stale = client.post(
        reverse("meetings:edit", kwargs=kwargs), {"held_on": "12/03/2026", "notes": "Mine", "version": "0"}
    )
    assert stale.status_code == 400 or stale.status_code == 409
    stale = client.post(
        reverse("meetings:edit", kwargs=kwargs), {"held_on": "12/03/2026", "notes": "Mine", "version": "5"}
    )
    assert stale.status_code == 409 and "Mine" in stale.content.decode()
    page = client.get(reverse("meetings:detail", kwargs=kwargs))
    assert "Share the discharge plan" in page.content.decode()


def test_planning_through_the_pages(rr_world, client):
    sign_in(client, rr_world.people["business_unit_officer"])
    case_id = rr_world.case.pk
    add = reverse("meetings:add", kwargs={"case_id": case_id})
    missing = client.post(add, {"held_on": "20/03/2026"})
    assert missing.status_code == 400 and "Select whether the meeting is planned" in missing.content.decode()
    future_held = client.post(add, {"state": "held", "held_on": "20/03/2026", "notes": "Kept"})
    assert future_held.status_code == 400 and "today or in the past" in future_held.content.decode()
    assert "Kept" in future_held.content.decode()
    assert (
        client.post(add, {"state": "planned", "held_on": "20/03/2026", "starts_at": "14:00"}).status_code
        == 302
    )
    meeting = RapidReviewMeeting.objects.get()
    kwargs = {"case_id": case_id, "meeting_id": meeting.pk}
    bad = client.post(reverse("meetings:invitees", kwargs=kwargs), {"agency": "", "role": ""})
    assert bad.status_code == 400 and "Enter the invitee" in bad.content.decode()
    client.post(
        reverse("meetings:invitees", kwargs=kwargs), {"agency": rr_world.agency.pk, "role": "Named nurse"}
    )
    invitee = MeetingInvitee.objects.get()
    case_page = client.get(reverse("cases:detail", kwargs={"case_id": case_id})).content.decode()
    assert "Next meeting planned for 20 March 2026 at 14:00" in case_page
    held_url = reverse("meetings:held", kwargs=kwargs)
    assert client.get(held_url).status_code == 200
    future = client.post(held_url, {"version": "1", "held_on": "20/03/2026", "attended": [str(invitee.pk)]})
    assert future.status_code == 400 and "today or in the past" in future.content.decode()
    stale = client.post(held_url, {"version": "9", "held_on": "16/03/2026", "attended": [str(invitee.pk)]})
    assert stale.status_code == 409
    done = client.post(held_url, {"version": "1", "held_on": "16/03/2026", "attended": [str(invitee.pk)]})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD and meeting.held_on == dt.date(2026, 3, 16)
    assert MeetingAttendee.objects.get().role == "Named nurse"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(world, count):
    actor = world.people["business_unit_officer"]
    for _ in range(count):
        planned = _meeting(world, state=MeetingState.PLANNED, held_on=dt.date(2026, 3, 20))
        services.meeting_invitee_add(actor=actor, meeting=planned, agency=world.agency, role="Invited")
        meeting = _meeting(world)
        for n in range(3):
            services.meeting_attendee_add(actor=actor, meeting=meeting, agency=world.agency, role=f"Role {n}")
            services.meeting_action_add(
                actor=actor,
                meeting=meeting,
                description=f"Action {n}",
                owner_agency=world.agency,
                due_on=dt.date(2026, 4, 1),
            )
    return meeting


def test_list_and_detail_queries_are_fixed(rr_world, client):
    first = _grow(rr_world, 1)
    sign_in(client, rr_world.people["delegate_police"])
    list_url = reverse("meetings:list", kwargs={"case_id": rr_world.case.pk})
    detail_url = reverse("meetings:detail", kwargs={"case_id": rr_world.case.pk, "meeting_id": first.pk})
    client.get(list_url)  # warm the session
    small = (_queries(client, list_url), _queries(client, detail_url))
    _grow(rr_world, 30)
    large = (_queries(client, list_url), _queries(client, detail_url))
    assert small == large
