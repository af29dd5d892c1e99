"""A Word export left running by a dead task worker: `tick` queues it again after a set time
(STALE_JOB_REQUEUE_SECONDS), and the export is built and stored once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology import exports, services
from safeguarding_reviews.chronology.models import ChronologyExport, ExportStatus
from safeguarding_reviews.chronology.selectors import Filters
from safeguarding_reviews.documents.models import Document

SUMMER = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def _died_mid_build(officer, case) -> ChronologyExport:
    """Requested, claimed by a worker (running since now), and never finished: the worker was killed."""
    export = services.chronology_export_request(actor=officer, case=case, filters=Filters())
    ChronologyExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, started_at=SUMMER)
    return export


def _documents() -> int:
    return Document.objects.filter(purpose=services.EXPORT_PURPOSE).count()


def test_tick_requeues_a_build_left_running_after_the_set_time_and_it_is_built_once(
    world, officer, settings, django_capture_on_commit_callbacks
):
    settings.STALE_JOB_REQUEUE_SECONDS = 120
    with time_machine.travel(SUMMER, tick=False) as traveller:
        export = _died_mid_build(officer, world.case)
        traveller.shift(dt.timedelta(seconds=119))
        assert services.chronology_exports_requeue_stale() == 0  # not yet: it may still be building
        traveller.shift(dt.timedelta(seconds=2))
        with django_capture_on_commit_callbacks(execute=True):  # the immediate backend builds it again
            call_command("tick", stdout=StringIO())
        export.refresh_from_db()
        assert export.status == ExportStatus.DONE and export.document_id is not None
        assert _documents() == 1
        with django_capture_on_commit_callbacks(execute=True):
            call_command("tick", stdout=StringIO())  # a second tick: nothing to re-queue
    assert _documents() == 1
    [event] = AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_EXPORT_REQUEUED)
    assert event.data == {"export_id": str(export.pk), "after_seconds": 120} and event.actor_id is None


def test_requeue_is_claimed_once(world, officer, settings):
    settings.STALE_JOB_REQUEUE_SECONDS = 60
    with time_machine.travel(SUMMER, tick=False) as traveller:
        export = _died_mid_build(officer, world.case)
        traveller.shift(dt.timedelta(minutes=2))
        assert services.chronology_export_requeue(export_id=export.pk) is True
        assert services.chronology_export_requeue(export_id=export.pk) is False  # the other tick
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED and export.started_at is None


def test_a_build_whose_claim_was_taken_over_stores_nothing(world, officer, monkeypatch):
    """The old build was only slow, not dead: by the time it stores its file, `tick` has re-queued the export
    and a new build has claimed it. The old build's document is rolled back; the new build's stands."""
    export = services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    store = services.document_store

    def store_after_takeover(**kwargs):
        ChronologyExport.objects.filter(pk=export.pk).update(started_at=SUMMER)  # another build's claim
        return store(**kwargs)

    monkeypatch.setattr(services, "document_store", store_after_takeover)
    assert exports.chronology_export_run(export_id=export.pk) is None
    assert _documents() == 0
    export.refresh_from_db()  # (the stand-in takeover was in the rolled-back transaction too)
    assert export.status == ExportStatus.RUNNING and export.document_id is None


def test_the_requeue_time_is_a_setting_with_a_safe_default(settings):
    del settings.STALE_JOB_REQUEUE_SECONDS
    assert services.requeue_after() == dt.timedelta(minutes=10)
