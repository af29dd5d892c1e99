"""The case action list: services (who may, dates, versions, audit, the outcome's version untouched), the
selector other apps call, the pages with bad input, fixed queries at small and large sizes, and the report
showing each action's status as at its generation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safeguarding_reviews.actions import services
from safeguarding_reviews.actions.models import ActionSource, ActionStatus, CaseAction, CaseActionUpdate
from safeguarding_reviews.actions.selectors import case_has_open_actions
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.meetings import services as meeting_services
from safeguarding_reviews.outcomes import services as outcome_services
from safeguarding_reviews.reports.context import report_context
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
    world.other_agency = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    return world


def _immediate(world):
    """An outcome with one immediate action owned by world.agency: (outcome, action)."""
    actor = world.people["business_unit_officer"]
    outcome = outcome_services.outcome_start(actor=actor, case=world.case)
    outcome = outcome_services.immediate_action_add(
        actor=actor,
        outcome=outcome,
        expected_version=outcome.version,
        description="Synthetic safety plan",
        owner_agency=world.agency,
        due_on=dt.date(2026, 3, 30),
    )
    return outcome, CaseAction.objects.get(outcome=outcome)


def _meeting_action(world, agency=None, n=0):
    actor = world.people["business_unit_officer"]
    meeting = meeting_services.meeting_create(actor=actor, case=world.case, held_on=dt.date(2026, 3, 12))
    return meeting_services.meeting_action_add(
        actor=actor,
        meeting=meeting,
        description=f"Synthetic agreed action {n}",
        owner_agency=agency or world.agency,
        owner_role="Named nurse",
        due_on=dt.date(2026, 4, 1),
    )


def test_immediate_and_meeting_actions_are_one_list(rr_world):
    _, immediate = _immediate(rr_world)
    agreed = _meeting_action(rr_world)
    assert set(CaseAction.objects.filter(case=rr_world.case)) == {immediate, agreed}
    assert (immediate.source, agreed.source) == (ActionSource.IMMEDIATE, ActionSource.MEETING)


def test_updates_and_status_never_change_the_outcomes_version(rr_world):
    outcome, action = _immediate(rr_world)
    version = outcome.version
    actor = rr_world.people["business_unit_officer"]
    services.case_action_update_add(
        actor=actor, action=action, expected_version=1, happened_on=dt.date(2026, 3, 16), text="Plan drafted"
    )
    services.case_action_set_status(
        actor=actor, action=action, expected_version=2, status=ActionStatus.AWAITING_EVIDENCE
    )
    outcome.refresh_from_db()
    action.refresh_from_db()
    assert outcome.version == version
    assert (action.status, action.version, action.completed_on) == (
        ActionStatus.AWAITING_EVIDENCE,
        3,
        dt.date(2026, 3, 16),
    )
    history = list(
        CaseActionUpdate.objects.filter(action=action).values_list("status_from", "status_to", "text")
    )
    assert history == [("not_started", "awaiting_evidence", ""), ("", "", "Plan drafted")]
    events = AuditEvent.objects.filter(case=rr_world.case, event_type__startswith="case_action.")
    assert sorted(e.event_type for e in events) == [
        EventType.CASE_ACTION_STATUS_CHANGED,
        EventType.CASE_ACTION_UPDATE_ADDED,
    ]
    assert all("Plan drafted" not in str(e.data) for e in events)  # ids, dates and codes only


def test_a_stale_update_is_refused(rr_world):
    action = _meeting_action(rr_world)
    actor = rr_world.people["business_unit_officer"]
    services.case_action_update_add(
        actor=actor, action=action, expected_version=1, happened_on=dt.date(2026, 3, 16), text="First"
    )
    with pytest.raises(StaleVersionError, match="stale version"):
        services.case_action_update_add(
            actor=actor,
            action=CaseAction.objects.get(pk=action.pk),
            expected_version=1,
            happened_on=dt.date(2026, 3, 16),
            text="Second",
        )
    assert CaseActionUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "  "}, "text"),
        ({"happened_on": dt.date(2026, 3, 17)}, "happened_on"),
    ],
)
def test_update_rules(rr_world, changes, field):
    action = _meeting_action(rr_world)
    values = {"happened_on": dt.date(2026, 3, 16), "text": "Synthetic"} | changes
    with pytest.raises(ValidationError) as caught:
        services.case_action_update_add(
            actor=rr_world.people["business_unit_officer"], action=action, expected_version=1, **values
        )
    assert field in caught.value.error_dict


def test_status_must_change_and_be_known(rr_world):
    action = _meeting_action(rr_world)
    actor = rr_world.people["business_unit_officer"]
    for status, message in (
        ("not_started", "Select a status different from the current one"),
        ("finished", "Select the status"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.case_action_set_status(actor=actor, action=action, expected_version=1, status=status)


@pytest.mark.parametrize(
    ("persona", "own_agency", "may_update", "may_set_status"),
    [
        ("business_unit_officer", True, True, True),
        ("business_manager", True, True, True),
        ("agency_representative", True, True, False),
        ("agency_representative", False, False, False),
        ("delegate_police", True, False, False),
        ("independent_chair", True, False, False),
        ("auditor", True, False, False),
    ],
)
def test_who_may_write(rr_world, persona, own_agency, may_update, may_set_status):
    action = _meeting_action(rr_world, agency=rr_world.agency if own_agency else rr_world.other_agency)
    actor = rr_world.people[persona]
    update: dict[str, Any] = {"happened_on": dt.date(2026, 3, 16), "text": "Synthetic"}
    if may_update:
        services.case_action_update_add(actor=actor, action=action, expected_version=1, **update)
    else:
        with pytest.raises(
            PermissionDenied, match="Only the business unit or the owning agency updates this"
        ):
            services.case_action_update_add(actor=actor, action=action, expected_version=1, **update)
    action.refresh_from_db()
    if may_set_status:
        services.case_action_set_status(
            actor=actor, action=action, expected_version=action.version, status=ActionStatus.IN_PROGRESS
        )
    else:
        with pytest.raises(PermissionDenied, match="Only the business unit changes an action's status"):
            services.case_action_set_status(
                actor=actor, action=action, expected_version=action.version, status=ActionStatus.IN_PROGRESS
            )


def test_nothing_is_written_on_a_closed_case(rr_world):
    action = _meeting_action(rr_world)
    Case.objects.filter(pk=rr_world.case.pk).update(stage=Stage.CLOSED)  # the route to closing is FLOW item 4
    action = CaseAction.objects.select_related("case").get(pk=action.pk)
    with pytest.raises(PermissionDenied, match="Only the business unit changes an action's status"):
        services.case_action_set_status(
            actor=rr_world.people["business_manager"], action=action, expected_version=1, status="in_progress"
        )


def test_case_has_open_actions(rr_world):
    assert not case_has_open_actions(rr_world.case)
    action = _meeting_action(rr_world)
    assert case_has_open_actions(rr_world.case)
    actor = rr_world.people["business_unit_officer"]
    services.case_action_set_status(actor=actor, action=action, expected_version=1, status="in_progress")
    assert case_has_open_actions(rr_world.case)
    services.case_action_set_status(
        actor=actor, action=action, expected_version=2, status="awaiting_evidence"
    )
    assert case_has_open_actions(rr_world.case)  # completed, its evidence not yet accepted
    # Accepted only from "awaiting evidence" (actions.lifecycle), and withdrawing is the action plan's.
    with pytest.raises(ValidationError, match="not allowed here"):
        services.case_action_set_status(actor=actor, action=action, expected_version=3, status="withdrawn")
    services.case_action_set_status(
        actor=actor, action=action, expected_version=3, status="evidence_accepted"
    )
    assert not case_has_open_actions(rr_world.case)


def test_an_agency_representative_sees_only_their_agencys_actions(rr_world, client):
    mine = _meeting_action(rr_world)
    theirs = _meeting_action(rr_world, agency=rr_world.other_agency, n=1)
    sign_in(client, rr_world.people["agency_representative"])
    page = client.get(reverse("actions:list", kwargs={"case_id": rr_world.case.pk})).content.decode()
    assert "Synthetic agreed action 0" in page and "Synthetic agreed action 1" not in page
    detail = reverse("actions:detail", kwargs={"case_id": rr_world.case.pk, "action_id": theirs.pk})
    assert client.get(detail).status_code == 404
    own = reverse("actions:detail", kwargs={"case_id": rr_world.case.pk, "action_id": mine.pk})
    assert client.get(own).status_code == 200


def test_pages_keep_what_was_typed_and_refuse_stale_saves(rr_world, client):
    action = _meeting_action(rr_world)
    sign_in(client, rr_world.people["business_unit_officer"])
    kwargs = {"case_id": rr_world.case.pk, "action_id": action.pk}
    url = reverse("actions:update_add", kwargs=kwargs)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"version": "1", "happened_on": "31/02/2026", "text": "Kept text"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Date of the update must be a real date" in body and "Kept text" in body
    future = client.post(url, {"version": "1", "happened_on": "17/03/2026", "text": "Kept text"})
    assert future.status_code == 400 and "today or in the past" in future.content.decode()
    assert client.post(url, {"version": "1", "happened_on": "16/03/2026", "text": "Done"}).status_code == 302
    stale = client.post(url, {"version": "1", "happened_on": "16/03/2026", "text": "Mine"})
    assert stale.status_code == 409 and "Mine" in stale.content.decode()
    status_url = reverse("actions:status", kwargs=kwargs)
    assert client.get(status_url).status_code == 200
    missing = client.post(status_url, {"version": "2", "happened_on": "16/03/2026"})
    assert missing.status_code == 400 and "Select the status" in missing.content.decode()
    # Only the moves actions.lifecycle allows from where the action is: not straight to accepted.
    skipped = client.post(
        status_url, {"version": "2", "status": "evidence_accepted", "happened_on": "16/03/2026"}
    )
    assert skipped.status_code == 400 and "Select the status" in skipped.content.decode()
    done = client.post(
        status_url,
        {"version": "2", "status": "awaiting_evidence", "happened_on": "16/03/2026", "text": "Closed"},
    )
    assert done.status_code == 302
    detail = client.get(reverse("actions:detail", kwargs=kwargs)).content.decode()
    assert "Status changed from Not started to Completed: awaiting evidence" in detail and "Closed" in detail


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_detail_queries_are_fixed(rr_world, client):
    actor = rr_world.people["business_unit_officer"]
    first = _meeting_action(rr_world)
    sign_in(client, rr_world.people["delegate_police"])
    list_url = reverse("actions:list", kwargs={"case_id": rr_world.case.pk})
    detail_url = reverse("actions:detail", kwargs={"case_id": rr_world.case.pk, "action_id": first.pk})
    client.get(list_url)  # warm the session
    small = (_queries(client, list_url), _queries(client, detail_url))
    for n in range(25):
        action = _meeting_action(rr_world, n=n)
        services.case_action_update_add(
            actor=actor, action=action, expected_version=1, happened_on=dt.date(2026, 3, 16), text="x"
        )
        services.case_action_update_add(
            actor=actor,
            action=first,
            expected_version=first.version,
            happened_on=dt.date(2026, 3, 16),
            text="y",
        )
    large = (_queries(client, list_url), _queries(client, detail_url))
    assert small == large


def test_the_report_shows_each_actions_status_as_at_generation(rr_world):
    outcome, immediate = _immediate(rr_world)
    agreed = _meeting_action(rr_world)
    actor = rr_world.people["business_unit_officer"]
    services.case_action_set_status(actor=actor, action=agreed, expected_version=1, status="in_progress")
    context = report_context(case=rr_world.case, outcome=outcome, generated_at=TODAY, template_version=0)
    assert [a["status"] for a in context["immediate_actions"]] == ["Not started on 16 March 2026"]
    assert [(a["agency"], a["status"]) for a in context["agreed_actions"]] == [
        ("Named nurse, Alphashire Test Hospital", "In progress on 16 March 2026")
    ]
    services.case_action_set_status(
        actor=actor, action=immediate, expected_version=1, status="awaiting_evidence"
    )
    services.case_action_set_status(
        actor=actor, action=immediate, expected_version=2, status="evidence_accepted"
    )
    later = report_context(case=rr_world.case, outcome=outcome, generated_at=TODAY, template_version=0)
    assert [a["status"] for a in later["immediate_actions"]] == ["Evidence accepted on 16 March 2026"]
