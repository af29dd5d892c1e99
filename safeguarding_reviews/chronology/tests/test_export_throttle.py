"""Security finding 4 on the chronology Word export: one export in flight per person and case (race-safe),
the job rate limit on the POST, and retention (tick deletes exports older than 7 days)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology import exports, services
from safeguarding_reviews.chronology.models import ChronologyExport, ExportStatus
from safeguarding_reviews.chronology.selectors import Filters
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_path
from tests.fixtures import sign_in

SUMMER = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)  # 10:00am in London


def _events(event_type):
    return AuditEvent.objects.filter(event_type=event_type).count()


def _post(client, world, data=None):
    return client.post(reverse("chronology:export_docx", args=[world.case.pk]), data or {})


# --- one export in flight per person and case ----


def test_a_second_export_while_one_is_in_flight_creates_nothing_and_shows_it(world, client, officer):
    queued = services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    # (on_commit never runs inside the test transaction: the first export stays queued)
    sign_in(client, officer)
    requested = _events(EventType.CHRONOLOGY_EXPORT_REQUESTED)
    response = _post(client, world, {"key_only": "on"})  # other filters: still one at a time
    status_url = reverse("chronology:export_status", args=[world.case.pk, queued.pk])
    assert response.status_code == 302 and response["Location"] == status_url
    assert ChronologyExport.objects.count() == 1
    assert _events(EventType.CHRONOLOGY_EXPORT_REQUESTED) == requested
    page = client.get(status_url).content.decode()
    assert "Your Word export of this chronology is still being built." in page


def test_running_counts_as_in_flight_and_a_finished_one_does_not(world, client, officer):
    first = services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    ChronologyExport.objects.filter(pk=first.pk).update(status=ExportStatus.RUNNING)
    with pytest.raises(services.ExportInFlight, match="is in flight") as refused:
        services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    assert refused.value.export.pk == first.pk
    # Someone else, or the same person once it has finished, may ask.
    services.chronology_export_request(
        actor=world.people["business_manager"], case=world.case, filters=Filters()
    )
    for status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED):
        ChronologyExport.objects.filter(requested_by=officer).update(status=status)
        services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    assert ChronologyExport.objects.filter(requested_by=officer, status=ExportStatus.QUEUED).count() == 1


def test_the_database_refuses_a_second_export_in_flight(world, officer):
    """The rule holds without the service's check: the conditional unique constraint (both databases)."""
    ChronologyExport.objects.create(case=world.case, requested_by=officer, status=ExportStatus.QUEUED)
    # PostgreSQL names the constraint; SQLite names the table's columns.
    refused = "chronology_export_one_in_flight|UNIQUE constraint failed: chronology_chronologyexport"
    with pytest.raises(IntegrityError, match=refused), transaction.atomic():
        ChronologyExport.objects.create(case=world.case, requested_by=officer, status=ExportStatus.RUNNING)
    ChronologyExport.objects.create(case=world.case, requested_by=officer, status=ExportStatus.DONE)


def test_a_request_that_loses_the_race_shows_the_winner(world, officer, monkeypatch):
    """Two POSTs at once: both find nothing in flight, the constraint refuses the second insert, and the
    service answers with the first export instead of an error (simulated: the check misses the first)."""
    first = services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    real = services.export_in_flight
    calls = []

    def first_check_misses(actor, case):
        calls.append(1)
        return None if len(calls) == 1 else real(actor, case)

    monkeypatch.setattr(services, "export_in_flight", first_check_misses)
    with pytest.raises(services.ExportInFlight, match="is in flight") as lost:
        services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    assert lost.value.export.pk == first.pk and len(calls) == 2
    assert ChronologyExport.objects.count() == 1
    assert _events(EventType.CHRONOLOGY_EXPORT_REQUESTED) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_create_one_export(world):
    """Two real connections ask at the same moment (PostgreSQL only): exactly one export is created."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    officer = world.people["business_unit_officer"]
    results: list[str] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait()
            try:
                services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
                results.append("created")
            except services.ExportInFlight:
                results.append("in flight")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["created", "in flight"]
    assert ChronologyExport.objects.filter(requested_by=officer).count() == 1
    assert _events(EventType.CHRONOLOGY_EXPORT_REQUESTED) == 1


# --- the job rate limit on the POST ----


def test_the_eleventh_export_post_in_ten_minutes_gets_the_429_page(
    world, client, officer, settings, django_capture_on_commit_callbacks
):
    settings.JOB_RATE_LIMIT = "10/10m"
    sign_in(client, officer)
    with time_machine.travel(SUMMER, tick=False) as traveller:
        for _ in range(10):  # each one is built at once (immediate task backend), so none is in flight
            with django_capture_on_commit_callbacks(execute=True):
                assert _post(client, world).status_code == 302
        traveller.shift(dt.timedelta(minutes=9, seconds=59))
        assert ChronologyExport.objects.count() == 10
        response = _post(client, world)
        assert response.status_code == 429
        page = response.content.decode()
        assert "You can try again at <strong>10:10am</strong>." in page
        assert ChronologyExport.objects.count() == 10  # nothing created
        [refusal] = AuditEvent.objects.filter(event_type=EventType.JOB_RATE_LIMITED)
        assert refusal.data == {"kind": "chronology_export"} and refusal.case_id is None
        traveller.shift(dt.timedelta(seconds=1))  # ten minutes after the first: a slot is free again
        with django_capture_on_commit_callbacks(execute=True):
            assert _post(client, world).status_code == 302
    assert ChronologyExport.objects.count() == 11


def test_in_flight_redirects_count_towards_the_limit(world, client, officer, settings):
    """A crawler repeating the POST while its export waits gets the existing one ten times, then 429."""
    settings.JOB_RATE_LIMIT = "10/10m"
    sign_in(client, officer)
    assert [_post(client, world).status_code for _ in range(11)] == [302] * 10 + [429]
    assert ChronologyExport.objects.count() == 1


def test_a_refused_post_does_not_use_up_the_limit(world, client, officer, settings):
    settings.JOB_RATE_LIMIT = "2/10m"
    sign_in(client, world.people["review_committee_member"])  # named on the case, may not read it: 403
    assert {_post(client, world).status_code for _ in range(5)} == {403}
    assert not AuditEvent.objects.filter(event_type=EventType.JOB_RATE_LIMITED).exists()


# --- retention: tick deletes exports older than the setting (7 days) ----


def _finished_export(officer, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.chronology_export_request(actor=officer, case=case, filters=Filters())
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    return export


def test_tick_deletes_an_export_older_than_7_days_and_keeps_a_newer_one(
    world, client, officer, django_capture_on_commit_callbacks
):
    with time_machine.travel(SUMMER, tick=False) as traveller:
        old = _finished_export(officer, world.case, django_capture_on_commit_callbacks)
        traveller.shift(dt.timedelta(days=2))
        new = _finished_export(officer, world.case, django_capture_on_commit_callbacks)
        old_file, new_file = document_path(old.document), document_path(new.document)
        assert old_file.exists() and new_file.exists()
        traveller.shift(dt.timedelta(days=5, seconds=1))  # old: 7 days and a second; new: 5 days
        for _ in range(2):  # idempotent: the second tick finds nothing to do
            with django_capture_on_commit_callbacks(execute=True):
                call_command("tick", stdout=StringIO())
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == ExportStatus.EXPIRED and old.expired_at == SUMMER + dt.timedelta(days=7, seconds=1)
    assert not old_file.exists() and Document.objects.get(pk=old.document_id).removed_at is not None
    assert new.status == ExportStatus.DONE and new_file.exists()
    [event] = AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_EXPORT_EXPIRED)
    assert event.data["export_id"] == str(old.pk) and event.data["retention_days"] == 7
    assert event.actor_id is None and event.case_id == world.case.pk


def test_the_retention_period_is_a_setting(world, officer, settings, django_capture_on_commit_callbacks):
    settings.CHRONOLOGY_EXPORT_RETENTION_DAYS = 30
    with time_machine.travel(SUMMER, tick=False) as traveller:
        export = _finished_export(officer, world.case, django_capture_on_commit_callbacks)
        traveller.shift(dt.timedelta(days=8))
        assert exports.chronology_exports_tidy() == {"expired": 0, "failed": 0}
        traveller.shift(dt.timedelta(days=23))
        assert exports.chronology_exports_tidy() == {"expired": 1, "failed": 0}
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED


def test_two_workers_expire_an_export_once(world, officer, django_capture_on_commit_callbacks):
    export = _finished_export(officer, world.case, django_capture_on_commit_callbacks)
    assert services.chronology_export_expire(export_id=export.pk) is True
    assert services.chronology_export_expire(export_id=export.pk) is False  # the other worker: nothing to do
    assert _events(EventType.CHRONOLOGY_EXPORT_EXPIRED) == 1


def test_an_expired_export_answers_its_status_page_and_410_for_the_download(
    world, client, officer, django_capture_on_commit_callbacks
):
    export = _finished_export(officer, world.case, django_capture_on_commit_callbacks)
    services.chronology_export_expire(export_id=export.pk)
    sign_in(client, officer)
    status = client.get(reverse("chronology:export_status", args=[world.case.pk, export.pk]))
    assert status.status_code == 200 and "Refresh" not in status
    page = status.content.decode()
    assert "This export has been deleted: Word exports are kept for 7 days" in page
    assert "Make a new one from the merged chronology" in page and "Download the Word document" not in page
    download = client.get(reverse("chronology:export_download", args=[world.case.pk, export.pk]))
    assert download.status_code == 410
    assert "This export has been deleted" in download.content.decode()
    assert not AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_EXPORTED).exists()
    sign_in(client, world.people["business_manager"])  # still only the requester's: 404 to anyone else
    assert (
        client.get(reverse("chronology:export_download", args=[world.case.pk, export.pk])).status_code == 404
    )


def test_a_stuck_export_is_failed_after_an_hour_and_frees_its_requester(world, officer):
    with time_machine.travel(SUMMER, tick=False) as traveller:
        stuck = services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
        ChronologyExport.objects.filter(pk=stuck.pk).update(status=ExportStatus.RUNNING)
        traveller.shift(dt.timedelta(minutes=59))
        assert exports.chronology_exports_tidy() == {"expired": 0, "failed": 0}
        traveller.shift(dt.timedelta(minutes=2))
        assert exports.chronology_exports_tidy() == {"expired": 0, "failed": 1}
        stuck.refresh_from_db()
        assert stuck.status == ExportStatus.FAILED
        failed = AuditEvent.objects.get(event_type=EventType.CHRONOLOGY_EXPORT_FAILED)
        assert failed.data["reason"] == "timed_out"
        services.chronology_export_request(actor=officer, case=world.case, filters=Filters())


@pytest.mark.django_db(transaction=True)
def test_the_migration_fails_extra_exports_in_flight_before_adding_the_constraint(world):
    """Exports the crawler left waiting before the constraint existed: the oldest per person and case
    stays queued, the others are failed, and the constraint can then be created."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("chronology", "0002_chronologyexport")]
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("chronology", "ChronologyExport")
        ids = []
        for minute, user, status in [
            (1, officer, "queued"),
            (2, officer, "running"),
            (3, officer, "queued"),
            (4, officer, "done"),
            (5, manager, "queued"),
        ]:
            export = old.objects.create(case_id=world.case.pk, requested_by_id=user.pk, status=status)
            old.objects.filter(pk=export.pk).update(created_at=SUMMER + dt.timedelta(minutes=minute))
            ids.append(export.pk)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # 0003 and anything after: as every test expects
    statuses = dict(ChronologyExport.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in ids] == ["queued", "failed", "failed", "done", "queued"]
