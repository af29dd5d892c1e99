"""Clock services with the database: deadlines from milestones, corrections, calendar changes, rule-set
versions and re-basing, pauses and extensions, reasons for delay."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.clocks import services, states
from safeguarding_reviews.clocks.models import (
    AdjustmentStatus,
    ClockSettings,
    Deadline,
    MilestoneEvent,
    RuleSet,
)
from safeguarding_reviews.clocks.selectors import deadline_for, deadlines_for_case, default_rule_set
from safeguarding_reviews.working_days import services as calendar_services
from safeguarding_reviews.working_days.models import OverrideKind

from .helpers import at_now, record, started_deadline

D = dt.date
E = MilestoneEvent
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _friday():
    with at_now():
        yield


def _moves(case):
    return list(
        AuditEvent.objects.filter(case_id=case.pk, event_type=EventType.DEADLINE_MOVED)
        .order_by("sequence")
        .values_list("data", flat=True)
    )


def test_every_new_case_records_the_default_rule_set(world):
    assert world.case.rule_set == default_rule_set()
    assert world.case.rule_set.name == "Working Together 2023 with Panel guidance 2025"
    assert {r.code for r in world.case.rule_set.rules.all()} >= {
        "written_confirmation",
        "notification",
        "local_partners_told",
        "rapid_review",
        "agency_return",
    }
    for rule in RuleSet.objects.get(code="wt2018").rules.all():
        assert rule.source


def test_became_aware_starts_notification_and_local_partners_clocks(world):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    notification = started_deadline(world.case, "notification")
    assert notification.due_on == D(2026, 11, 27)
    assert notification.state == states.DUE_TODAY
    assert started_deadline(world.case, "local_partners_told").due_on == D(2026, 11, 27)
    assert deadline_for(world.case, "rapid_review") is None  # runs from the notification by default
    assert (
        AuditEvent.objects.filter(event_type=EventType.MILESTONE_RECORDED, case_id=world.case.pk).count() == 1
    )


def test_a_future_date_is_refused(world):
    with pytest.raises(ValidationError, match="The date must be today or in the past"):  # not in the future
        record(world, E.LA_BECAME_AWARE, D(2026, 12, 24))


def test_notification_sent_stops_one_clock_and_starts_the_rapid_review(world):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 16))
    record(world, E.NOTIFICATION_SENT, D(2026, 11, 23))
    notification = started_deadline(world.case, "notification")
    assert notification.due_on == D(2026, 11, 23)
    assert notification.state == states.MET
    rapid = started_deadline(world.case, "rapid_review")
    assert rapid.start_on == D(2026, 11, 23)
    assert rapid.due_on == D(2026, 12, 14)
    assert rapid.state == states.UPCOMING
    assert rapid.working_days_left == 11


def test_late_notification_is_met_late_and_overdue_before(world):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 13))
    assert started_deadline(world.case, "notification").state == states.OVERDUE
    record(world, E.NOTIFICATION_SENT, D(2026, 11, 23))
    assert started_deadline(world.case, "notification").state == states.MET_LATE


def test_same_date_again_is_idempotent_and_a_correction_is_audited(world):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    assert AuditEvent.objects.filter(event_type=EventType.MILESTONE_RECORDED).count() == 1
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 19))
    assert started_deadline(world.case, "notification").due_on == D(2026, 11, 26)
    corrected = AuditEvent.objects.get(event_type=EventType.MILESTONE_CORRECTED)
    assert corrected.data == {"event": "la_became_aware", "from": "2026-11-20", "to": "2026-11-19"}
    assert {
        "rule": "notification",
        "from": "2026-11-27",
        "to": "2026-11-26",
        "because": "milestone_corrected",
        "aware_on": "2026-11-19",  # the timeline says when the local authority became aware
    } in _moves(world.case)


def test_partnership_may_start_the_rapid_review_from_became_aware(world):
    ClockSettings.objects.create(partnership=world.partnership, rapid_review_start_event="la_became_aware")
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    rapid = started_deadline(world.case, "rapid_review")
    assert rapid.start_event == "la_became_aware"
    assert rapid.due_on == D(2026, 12, 11)


def test_written_confirmation_is_48_hours(world):
    received = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
    record(world, E.REFERRAL_RECEIVED, D(2026, 11, 25), at=received)
    confirmation = started_deadline(world.case, "written_confirmation")
    assert confirmation.due_at == received + dt.timedelta(hours=48)
    assert confirmation.due_on == D(2026, 11, 27)
    assert confirmation.state == states.OVERDUE  # it is 12:00 on the 27th
    assert confirmation.kind == "local"


def test_a_calendar_change_moves_open_deadlines_and_says_why(world):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 23))  # due Monday 30 November
    assert started_deadline(world.case, "notification").due_on == D(2026, 11, 30)
    calendar_services.bank_holiday_override_add(
        actor=world.people["platform_admin"],
        date=D(2026, 11, 30),
        kind=OverrideKind.ADD,
        title="One-off",
        reason="r",
    )
    assert started_deadline(world.case, "notification").due_on == D(2026, 12, 1)
    assert {
        "rule": "notification",
        "from": "2026-11-30",
        "to": "2026-12-01",
        "because": "calendar_changed",
    } in _moves(world.case)


def test_a_closure_day_moves_a_local_clock_and_no_statutory_one(world):
    received = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)
    with at_now():
        record(world, E.REFERRAL_RECEIVED, D(2026, 11, 27), at=received)
        record(world, E.LA_BECAME_AWARE, D(2026, 11, 27))
    # An agency return clock (local, working days) to show the closure moving it.
    record(world, E.AGENCY_RETURNS_REQUESTED, D(2026, 11, 27))
    before = {d.rule_code: d.due_on for d in deadlines_for_case(world.case)}
    calendar_services.closure_day_add(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        date=D(2026, 11, 30),
        reason="Move",
    )
    after = {d.rule_code: d.due_on for d in deadlines_for_case(world.case)}
    assert after["agency_return"] == D(2026, 12, 14)
    assert before["agency_return"] == D(2026, 12, 11)
    assert after["notification"] == before["notification"] == D(2026, 12, 4)
    assert after["local_partners_told"] == before["local_partners_told"]
    moves = _moves(world.case)
    assert [m["rule"] for m in moves] == ["agency_return"]


def test_an_agency_return_uses_the_partnership_setting(world):
    ClockSettings.objects.create(partnership=world.partnership, agency_return_working_days=3)
    record(world, E.AGENCY_RETURNS_REQUESTED, D(2026, 11, 27))
    assert started_deadline(world.case, "agency_return").due_on == D(2026, 12, 2)


def test_new_settings_do_not_move_a_running_clock_until_rebased(world):
    manager = world.people["business_manager"]
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 16))
    record(world, E.NOTIFICATION_SENT, D(2026, 11, 20))
    assert started_deadline(world.case, "rapid_review").due_on == D(2026, 12, 11)
    services.clock_settings_update(
        actor=manager,
        partnership=world.partnership,
        expected_version=1,
        changes={"rapid_review_start_event": "la_became_aware"},
    )
    record(world, E.LOCAL_PARTNERS_TOLD, D(2026, 11, 20))  # any later sync
    assert started_deadline(world.case, "rapid_review").due_on == D(2026, 12, 11)
    services.case_rebase(
        actor=manager, case=world.case, rule_set=world.case.rule_set, reason="Apply settings"
    )
    assert started_deadline(world.case, "rapid_review").due_on == D(2026, 12, 7)
    assert {"rule": "rapid_review", "from": "2026-12-11", "to": "2026-12-07", "because": "rebased"} in _moves(
        world.case
    )
    assert AuditEvent.objects.filter(event_type=EventType.CASE_REBASED, case_id=world.case.pk).count() == 1


def test_a_new_rule_set_version_never_moves_existing_cases(world):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    old = default_rule_set()
    assert old is not None
    newer = RuleSet.objects.create(
        code="wt2023-panel-2025-v2",
        name="Test rules v2",
        version=2,
        effective_from=D(2026, 12, 1),
        source="Test",
    )
    for rule in old.rules.all():
        rule.pk = None
        rule.rule_set = newer
        if rule.code == "notification":
            rule.duration = 3
        rule.save()
    RuleSet.objects.filter(pk=old.pk).update(is_default=False)
    RuleSet.objects.filter(pk=newer.pk).update(is_default=True)
    record(world, E.REFERRAL_RECEIVED, D(2026, 11, 20))  # the old case keeps its rules
    assert started_deadline(world.case, "notification").due_on == D(2026, 11, 27)
    new_case = case_services.case_create(
        actor=world.people["business_unit_officer"], partnership=world.partnership, pseudonym="Child Z"
    )
    assert new_case.rule_set_id == newer.pk
    with pytest.raises(
        PermissionDenied, match="Only the business manager moves a case onto another rule set"
    ):
        services.case_rebase(
            actor=world.people["business_unit_officer"], case=world.case, rule_set=newer, reason="x"
        )
    services.case_rebase(
        actor=world.people["business_manager"], case=world.case, rule_set=newer, reason="New rules"
    )
    assert started_deadline(world.case, "notification").due_on == D(2026, 11, 25)


def test_rebase_needs_a_reason(world):
    rule_set = default_rule_set()
    assert rule_set is not None
    with pytest.raises(ValidationError, match="Enter why the case is re-based"):
        services.case_rebase(
            actor=world.people["business_manager"], case=world.case, rule_set=rule_set, reason=" "
        )


def test_pause_needs_approval_by_another_manager_and_resuming_moves_the_date(world, time_machine):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    record(world, E.NOTIFICATION_SENT, D(2026, 11, 27))
    rapid = started_deadline(world.case, "rapid_review")
    assert rapid.due_on == D(2026, 12, 18)
    with pytest.raises(ValidationError, match="Enter the reason, for example parallel criminal proceedings"):
        services.deadline_adjustment_request(
            actor=officer, case=world.case, deadline=rapid, kind="pause", reason=""
        )
    request = services.deadline_adjustment_request(
        actor=manager, case=world.case, deadline=rapid, kind="pause", reason="Parallel criminal proceedings"
    )
    with pytest.raises(
        ValidationError, match="A request for this deadline is already waiting for a"
    ):  # one pending request at a time
        services.deadline_adjustment_request(
            actor=officer, case=world.case, deadline=rapid, kind="pause", reason="x"
        )
    with pytest.raises(PermissionDenied, match="You may not decide this request"):  # no self-approval
        services.deadline_adjustment_decide(actor=manager, case=world.case, adjustment=request, approve=True)
    with pytest.raises(PermissionDenied, match="You may not decide this request"):  # officers do not decide
        services.deadline_adjustment_decide(actor=officer, case=world.case, adjustment=request, approve=True)
    second_manager = world.people["other_partnership"]
    with pytest.raises(
        PermissionDenied, match="You may not decide this request"
    ):  # a manager of another partnership does not either
        services.deadline_adjustment_decide(
            actor=second_manager, case=world.case, adjustment=request, approve=True
        )
    from safeguarding_reviews.organisations.roles import Role
    from safeguarding_reviews.organisations.selectors import forget_cached_roles
    from tests.factories import grant

    grant(officer, world.partnership, Role.BUSINESS_MANAGER)
    forget_cached_roles(officer)
    services.deadline_adjustment_decide(actor=officer, case=world.case, adjustment=request, approve=True)
    assert started_deadline(world.case, "rapid_review").state == states.PAUSED
    with pytest.raises(ValidationError, match="This request has already been decided"):
        services.deadline_adjustment_decide(actor=officer, case=world.case, adjustment=request, approve=True)
    # Paused Friday 27 November; restarted Thursday 3 December: 4 working days paused.
    time_machine.move_to(dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC), tick=False)
    services.deadline_resume(actor=officer, case=world.case, deadline=rapid)
    resumed = started_deadline(world.case, "rapid_review")
    assert resumed.due_on == D(2026, 12, 24)
    assert resumed.paused_working_days == 4
    request.refresh_from_db()
    assert request.status == AdjustmentStatus.ENDED
    assert request.working_days_paused == 4
    assert {"rule": "rapid_review", "from": "2026-12-18", "to": "2026-12-24", "because": "paused"} in _moves(
        world.case
    )
    with pytest.raises(ValidationError, match="This clock is not paused"):
        services.deadline_resume(actor=officer, case=world.case, deadline=rapid)


def test_extension_sets_a_new_due_date_and_records_the_panels_agreement(world):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    record(world, E.NOTIFICATION_SENT, D(2026, 11, 27))
    rapid = started_deadline(world.case, "rapid_review")
    assert rapid.due_on == D(2026, 12, 18)
    panel: dict[str, Any] = {
        "panel_agreed_on": D(2026, 11, 26),
        "panel_agreed_by": "Panel secretariat",
        "panel_reference": "P-1",
    }
    with pytest.raises(
        ValidationError, match="The new due date must be after the current due date"
    ):  # not after the current due date
        services.deadline_adjustment_request(
            actor=officer,
            case=world.case,
            deadline=rapid,
            kind="extension",
            reason="x",
            new_due_on=D(2026, 12, 17),
            **panel,
        )
    with pytest.raises(
        ValidationError, match="Enter the date the Panel agreed to the extension"
    ) as missing:  # the Panel's agreement is required
        services.deadline_adjustment_request(
            actor=officer,
            case=world.case,
            deadline=rapid,
            kind="extension",
            reason="x",
            new_due_on=D(2027, 1, 8),
        )
    assert set(missing.value.message_dict) == {"panel_agreed_on", "panel_agreed_by", "panel_reference"}
    request = services.deadline_adjustment_request(
        actor=officer,
        case=world.case,
        deadline=rapid,
        kind="extension",
        reason="x",
        new_due_on=D(2027, 1, 8),
        **panel,
    )
    assert (request.panel_agreed_on, request.panel_agreed_by, request.panel_reference) == (
        D(2026, 11, 26),
        "Panel secretariat",
        "P-1",
    )
    services.deadline_adjustment_decide(actor=manager, case=world.case, adjustment=request, approve=True)
    assert started_deadline(world.case, "rapid_review").due_on == D(2027, 1, 8)
    assert {
        "rule": "rapid_review",
        "from": "2026-12-18",
        "to": "2027-01-08",
        "because": "extended",
    } in _moves(world.case)
    # A later calendar change does not undo an extension.
    calendar_services.bank_holiday_override_add(
        actor=world.people["platform_admin"],
        date=D(2026, 12, 1),
        kind=OverrideKind.ADD,
        title="X",
        reason="r",
    )
    assert started_deadline(world.case, "rapid_review").due_on == D(2027, 1, 8)


@pytest.mark.parametrize("rule_code", ["notification", "local_partners_told"])
@pytest.mark.parametrize("kind", ["pause", "extension"])
def test_the_notification_and_local_partners_clocks_cannot_be_paused_or_extended(world, rule_code, kind):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    deadline = started_deadline(world.case, rule_code)
    with pytest.raises(ValidationError, match="cannot be paused or extended"):
        services.deadline_adjustment_request(
            actor=world.people["business_unit_officer"],
            case=world.case,
            deadline=deadline,
            kind=kind,
            reason="Court",
            new_due_on=D(2026, 12, 24),
        )


def test_an_agency_return_extension_needs_no_panel_agreement(world):
    record(world, E.AGENCY_RETURNS_REQUESTED, D(2026, 11, 20))
    deadline = started_deadline(world.case, "agency_return")
    request = services.deadline_adjustment_request(
        actor=world.people["business_unit_officer"],
        case=world.case,
        deadline=deadline,
        kind="extension",
        reason="Sickness",
        new_due_on=deadline.due_on + dt.timedelta(days=7),
        panel_reference="ignored",
    )
    assert request.panel_reference == ""


def test_refusal_needs_a_reason(world):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    record(world, E.NOTIFICATION_SENT, D(2026, 11, 27))
    rapid = started_deadline(world.case, "rapid_review")
    request = services.deadline_adjustment_request(
        actor=officer, case=world.case, deadline=rapid, kind="pause", reason="x"
    )
    with pytest.raises(ValidationError, match="Enter why the request is refused"):
        services.deadline_adjustment_decide(actor=manager, case=world.case, adjustment=request, approve=False)
    services.deadline_adjustment_decide(
        actor=manager, case=world.case, adjustment=request, approve=False, note="No"
    )
    request.refresh_from_db()
    assert request.status == AdjustmentStatus.REFUSED
    assert started_deadline(world.case, "rapid_review").paused_since is None


def test_reason_for_delay_only_for_missed_deadlines(world):
    officer = world.people["business_unit_officer"]
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 20))
    on_time = started_deadline(world.case, "notification")
    with pytest.raises(ValidationError, match="This deadline has not been missed, so no reason for delay"):
        services.deadline_delay_reason_record(
            actor=officer, case=world.case, deadline=on_time, reason="x", expected_version=on_time.version
        )
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 13))
    late = started_deadline(world.case, "notification")
    assert late.state == states.OVERDUE
    with pytest.raises(PermissionDenied, match="Only the business unit gives the reason for a delay"):
        services.deadline_delay_reason_record(
            actor=world.people["delegate_police"],
            case=world.case,
            deadline=late,
            reason="x",
            expected_version=1,
        )
    services.deadline_delay_reason_record(
        actor=officer,
        case=world.case,
        deadline=late,
        reason="Awaiting police information",
        expected_version=1,
    )
    assert Deadline.objects.get(pk=late.pk).delay_reason == "Awaiting police information"
    event = AuditEvent.objects.get(event_type=EventType.DEADLINE_DELAY_REASON)
    assert event.data == {"rule": "notification"}  # no free text in the audit trail


def test_settings_update_is_versioned(world):
    from safeguarding_reviews.core.versioning import StaleVersionError

    manager = world.people["business_manager"]
    services.clock_settings_update(
        actor=manager,
        partnership=world.partnership,
        expected_version=1,
        changes={"reminder_lead_working_days": 3},
    )
    with pytest.raises(StaleVersionError, match="stale version"):
        services.clock_settings_update(
            actor=manager,
            partnership=world.partnership,
            expected_version=1,
            changes={"reminder_lead_working_days": 4},
        )
    with pytest.raises(PermissionDenied, match="Only the business manager changes the clock settings"):
        services.clock_settings_update(
            actor=world.people["business_unit_officer"],
            partnership=world.partnership,
            expected_version=2,
            changes={"reminder_lead_working_days": 4},
        )
