"""Housekeeping on `tick`: finished task rows, expired sessions and old alerts deleted, each job once per its
period (a setting) and recorded as a system audit event with counts only."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import checks
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safeguarding_reviews.accounts.models import UserSession
from safeguarding_reviews.accounts.services import sessions_clear_expired
from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.alerts.services import alert_create, alerts_prune
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.models import ScheduledRun
from safeguarding_reviews.core.schedule import claim_run, last_tick
from safeguarding_reviews.scheduler.services import task_results_prune
from safeguarding_reviews.scheduler.tasks import housekeeping

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def _task_row(status: str, finished_days_ago: float | None) -> DBTaskResult:
    finished = NOW - dt.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"body": "Synthetic email body with a link"}},
        task_path="safeguarding_reviews.emails.tasks.deliver",
        queue_name="emails",
        backend_name="default",
        run_after=NOW - dt.timedelta(days=30),
        finished_at=finished,
        exception_class_path="",
        traceback="",
    )


def _events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type))


def test_finished_task_rows_are_deleted_after_the_retention_period(db):
    old_done = _task_row(TaskResultStatus.SUCCESSFUL, 8)
    old_failed = _task_row(TaskResultStatus.FAILED, 7.5)
    recent = _task_row(TaskResultStatus.SUCCESSFUL, 6)
    waiting = _task_row(TaskResultStatus.READY, None)
    running = _task_row(TaskResultStatus.RUNNING, None)
    with time_machine.travel(NOW, tick=False):
        assert task_results_prune(older_than_days=7) == 2
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk, running.pk}
    assert old_done.pk not in left and old_failed.pk not in left
    [event] = _events(EventType.TASK_RESULTS_PRUNED)
    assert event.actor_id is None and event.case_id is None
    assert event.data == {"deleted": 2, "older_than_days": 7}


def test_expired_sessions_and_their_registrations_are_deleted(world):
    user = world.people["business_unit_officer"]
    for key, expires in [
        ("expired" + "0" * 33, NOW - dt.timedelta(seconds=1)),
        ("live" + "0" * 36, NOW + dt.timedelta(hours=1)),
    ]:
        Session.objects.create(session_key=key, session_data="", expire_date=expires)
        UserSession.objects.create(user=user, session_key=key)
    with time_machine.travel(NOW, tick=False):
        assert sessions_clear_expired() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live" + "0" * 36]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == ["live" + "0" * 36]
    [event] = _events(EventType.SESSIONS_CLEARED)
    assert event.actor_id is None and event.data == {"deleted": 1}


def test_alerts_older_than_the_retention_period_are_deleted(world):
    person = world.people["independent_chair"]
    with time_machine.travel(NOW - dt.timedelta(days=91), tick=False):
        old = alert_create(user=person, case=world.case, kind="screening_decision", link="/cases/")
    with time_machine.travel(NOW - dt.timedelta(days=89), tick=False):
        recent = alert_create(user=person, case=None, kind="screening_decision", link="/cases/")
    with time_machine.travel(NOW, tick=False):
        assert alerts_prune(older_than_days=90) == 1
    assert list(Alert.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Alert.objects.filter(pk=old.pk).exists()
    [event] = _events(EventType.ALERTS_PRUNED)
    assert event.actor_id is None and event.data == {"deleted": 1, "older_than_days": 90}


def test_a_job_is_claimed_once_per_period(db):
    every = dt.timedelta(minutes=60)
    with time_machine.travel(NOW, tick=False) as traveller:
        assert claim_run(name="job", every=every) is True
        assert claim_run(name="job", every=every) is False
        traveller.shift(dt.timedelta(minutes=59))
        assert claim_run(name="job", every=every) is False
        traveller.shift(dt.timedelta(minutes=1))
        assert claim_run(name="job", every=every) is True
        assert claim_run(name="other", every=every) is True


def test_tick_runs_each_job_once_per_its_period_and_stamps_itself(db, settings):
    settings.TASK_RESULT_PRUNE_EVERY_MINUTES = 60
    settings.SESSION_CLEAR_EVERY_MINUTES = 60
    settings.ALERT_PRUNE_EVERY_MINUTES = 24 * 60
    kinds = [EventType.TASK_RESULTS_PRUNED, EventType.SESSIONS_CLEARED, EventType.ALERTS_PRUNED]

    def counts() -> list[int]:
        return [len(_events(kind)) for kind in kinds]

    assert last_tick() is None
    with time_machine.travel(NOW, tick=False) as traveller:
        call_command("tick", stdout=StringIO())
        assert counts() == [1, 1, 1]
        assert last_tick() == NOW
        traveller.shift(dt.timedelta(minutes=1))
        call_command("tick", stdout=StringIO())
        assert counts() == [1, 1, 1]
        assert last_tick() == NOW + dt.timedelta(minutes=1)
        traveller.shift(dt.timedelta(hours=1))
        call_command("tick", stdout=StringIO())
        assert counts() == [2, 2, 1]
        traveller.shift(dt.timedelta(days=1))
        assert housekeeping.call() == {"task_results": 0, "sessions": 0, "alerts": 0}
        assert counts() == [3, 3, 2]
    assert set(ScheduledRun.objects.values_list("name", flat=True)) == {
        "tick",
        "task_results_prune",
        "sessions_clear_expired",
        "alerts_prune",
    }


@pytest.mark.parametrize(
    "name",
    [
        "TASK_RESULT_RETENTION_DAYS",
        "TASK_RESULT_PRUNE_EVERY_MINUTES",
        "SESSION_CLEAR_EVERY_MINUTES",
        "ALERT_RETENTION_DAYS",
        "ALERT_PRUNE_EVERY_MINUTES",
    ],
)
@pytest.mark.parametrize("value", [0, -1, "7"])
def test_periods_must_be_whole_positive_numbers(settings, name, value):
    setattr(settings, name, value)
    errors = [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.id == "core.E003"]
    assert [e.msg for e in errors] == [f"{name} must be a whole number, 1 or more"]
