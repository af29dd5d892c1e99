"""The Word export: asked for on the page, built as the requester on the task worker, then downloaded."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology import exports, services
from safeguarding_reviews.chronology.models import ChronologyExport, ExportStatus
from safeguarding_reviews.chronology.selectors import Filters
from safeguarding_reviews.chronology.services import chronology_entry_add
from safeguarding_reviews.organisations.models import MembershipRole
from tests.factories import AgencyFactory
from tests.fixtures import sign_in


@pytest.fixture
def entries(world):
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    officer = world.people["business_unit_officer"]
    common = {"actor": officer, "case": world.case, "event_type": "home_visit"}
    chronology_entry_add(
        **common, agency=world.agency, date=dt.date(2025, 2, 3), what_happened="Home visit, no answer."
    )
    chronology_entry_add(
        **common, agency=police, date=dt.date(2025, 2, 3), what_happened="Home visit: no answer\x07."
    )
    chronology_entry_add(
        **common,
        agency=police,
        date=dt.date(2025, 2, 10),
        what_happened="Secret intelligence.",
        restricted_to_roles=["delegate_police"],
    )
    chronology_entry_add(
        **common,
        agency=world.agency,
        date=dt.date(2025, 3, 1),
        date_precision="month",
        what_happened="Seen in clinic.",
        is_key_episode=True,
    )
    return police


def _request(client, world, django_capture_on_commit_callbacks, data=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("chronology:export_docx", args=[world.case.pk]), data or {})
    assert response.status_code == 302
    return ChronologyExport.objects.latest("created_at")


def _rows(client, world, export):
    response = client.get(reverse("chronology:export_download", args=[world.case.pk, export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    document = WordDocument(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def test_export_reads_back_without_restricted_entries(
    world, client, entries, django_capture_on_commit_callbacks
):
    sign_in(client, world.people["delegate_icb"])
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    export = _request(client, world, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert (export.progress_done, export.progress_total) == (3, 3)
    assert export.document.purpose == "chronology_export"
    status = client.get(reverse("chronology:export_status", args=[world.case.pk, export.pk]))
    assert status.status_code == 200 and "Refresh" not in status
    assert "Download the Word document" in status.content.decode()
    rows = _rows(client, world, export)
    assert rows[0][0] == "Date" and len(rows) == 4
    assert [r[3] for r in rows[1:]] == ["Home visit, no answer.", "Home visit: no answer.", "Seen in clinic."]
    assert rows[1][1] == "Alphashire Test Hospital entry 1" and rows[3][0] == "March 2025"
    assert rows[1][6] == "Possible duplicate of Alphashire Test Police entry 1 (same date, 3 words in common)"
    assert rows[3][6] == "Key episode"
    assert all("Secret" not in cell for row in rows for cell in row)
    events = list(
        AuditEvent.objects.filter(sequence__gt=before)
        .values_list("event_type", flat=True)
        .order_by("sequence")
    )
    assert events.count(EventType.CHRONOLOGY_EXPORT_REQUESTED) == 1
    assert events.count(EventType.DOCUMENT_STORED) == 1
    assert events.count(EventType.CHRONOLOGY_EXPORTED) == 1


def test_police_delegate_gets_the_restricted_entry(
    world, client, entries, django_capture_on_commit_callbacks
):
    sign_in(client, world.people["delegate_police"])
    export = _request(client, world, django_capture_on_commit_callbacks)
    rows = _rows(client, world, export)
    assert "Secret intelligence." in [r[3] for r in rows]


def test_filters_carry_into_the_export(world, client, entries, django_capture_on_commit_callbacks):
    sign_in(client, world.people["business_unit_officer"])
    export = _request(client, world, django_capture_on_commit_callbacks, {"duplicates_only": "on"})
    assert export.filters["duplicates_only"] is True
    assert [r[3] for r in _rows(client, world, export)[1:]] == [
        "Home visit, no answer.",
        "Home visit: no answer.",
    ]


def test_only_the_requester_and_only_while_they_may_read(
    world, client, entries, django_capture_on_commit_callbacks
):
    sign_in(client, world.people["business_unit_officer"])
    export = _request(client, world, django_capture_on_commit_callbacks)
    urls = [
        reverse("chronology:export_status", args=[world.case.pk, export.pk]),
        reverse("chronology:export_download", args=[world.case.pk, export.pk]),
    ]
    sign_in(client, world.people["business_manager"])
    assert [client.get(url).status_code for url in urls] == [404, 404]
    general = reverse("documents:download", args=[world.case.pk, export.document_id])
    assert client.get(general).status_code == 403
    MembershipRole.objects.filter(
        membership__user=world.people["business_unit_officer"], role="business_unit_officer"
    ).delete()
    sign_in(client, world.people["business_unit_officer"])
    assert client.get(urls[1]).status_code in (403, 404)


def test_progress_saved_every_n_rows_and_queued_page_refreshes(world, client, entries, monkeypatch):
    sign_in(client, world.people["business_unit_officer"])
    export = services.chronology_export_request(
        actor=world.people["business_unit_officer"], case=world.case, filters=Filters()
    )  # on_commit never runs inside the test transaction: still queued
    status = client.get(reverse("chronology:export_status", args=[world.case.pk, export.pk]))
    assert "Refresh" not in status and "Waiting to start" in status.content.decode()
    download = reverse("chronology:export_download", args=[world.case.pk, export.pk])
    assert client.get(download).status_code == 404
    seen: list[dict[str, Any]] = []
    original = services.chronology_export_progress
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)

    def progress(*, export: Any, **changes: Any) -> None:
        seen.append(changes)
        original(export=export, **changes)

    monkeypatch.setattr(services, "chronology_export_progress", progress)
    exports.chronology_export_run(export_id=export.pk)
    assert {"progress_done": 2} in seen
    assert exports.chronology_export_run(export_id=export.pk) is None  # runs once


def test_build_fails_if_the_requester_lost_access(world, entries):
    officer = world.people["business_unit_officer"]
    export = services.chronology_export_request(actor=officer, case=world.case, filters=Filters())
    MembershipRole.objects.filter(membership__user=officer, role="business_unit_officer").delete()
    result = exports.chronology_export_run(export_id=export.pk)
    assert result is not None
    assert result.status == ExportStatus.FAILED and result.document is None
    assert AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_EXPORT_FAILED).count() == 1
