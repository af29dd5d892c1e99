"""Chronology pages: restricted entries, fixed queries per page, quick entry, import and export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology.models import ChronologyEntry
from safeguarding_reviews.chronology.ordering import sort_columns
from safeguarding_reviews.chronology.selectors import PAGE_SIZE, cursor_for, merged_entries, visible_entries
from safeguarding_reviews.chronology.services import chronology_entry_add
from tests.fixtures import sign_in


def _add(world, **kwargs):
    values = {
        "actor": world.people["business_unit_officer"],
        "case": world.case,
        "agency": world.agency,
        "date": dt.date(2025, 3, 4),
        "event_type": "contact",
        "what_happened": "Synthetic contact.",
    }
    return chronology_entry_add(**(values | kwargs))


def _bulk(world, count):
    """Data-volume helper: rows straight into the table (behaviour tests use the service)."""
    start = dt.date(2020, 1, 1)
    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                case=world.case,
                agency=world.agency,
                date=start + dt.timedelta(days=i % 900),
                event_type="contact",
                what_happened=f"Entry {i}",
                agency_order=i + 1,
                created_by=world.people["business_unit_officer"],
                **sort_columns(start + dt.timedelta(days=i % 900), "exact", None),
            )
            for i in range(count)
        ],
        batch_size=500,
    )


def _events(since, event_type):
    return AuditEvent.objects.filter(sequence__gt=since, event_type=event_type).count()


def _head():
    return AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_restricted_entry_hidden_from_other_roles_and_counts(world):
    _add(world)
    _add(world, what_happened="Police intelligence.", restricted_to_roles=["delegate_police"])
    assert visible_entries(world.people["delegate_police"], world.case).count() == 2
    assert visible_entries(world.people["delegate_icb"], world.case).count() == 1
    assert visible_entries(world.people["business_manager"], world.case).count() == 1


def test_merged_page_shows_provenance_and_hides_restricted(world, client):
    _add(world, what_happened="Seen at school.")
    _add(world, what_happened="Police intelligence.", restricted_to_roles=["delegate_police"])
    sign_in(client, world.people["delegate_icb"])
    before = _head()
    response = client.get(reverse("chronology:merged", args=[world.case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Seen at school." in body and "Alphashire Test Hospital" in body
    assert "Police intelligence." not in body and "Restricted" not in body
    assert _events(before, EventType.CASE_VIEWED) == 1
    sign_in(client, world.people["delegate_police"])
    assert (
        "Police intelligence."
        in client.get(reverse("chronology:merged", args=[world.case.pk])).content.decode()
    )


def test_filters(world, client):
    _add(world, what_happened="Early visit.", date=dt.date(2024, 1, 5), event_type="home_visit")
    _add(world, what_happened="Key meeting.", is_key_episode=True)
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:merged", args=[world.case.pk])
    body = client.get(url, {"key_only": "on"}).content.decode()
    assert "Key meeting." in body and "Early visit." not in body
    body = client.get(url, {"event_type": "home_visit"}).content.decode()
    assert "Early visit." in body and "Key meeting." not in body
    body = client.get(url, {"date_to": "1/2/2024", "agency": world.agency.pk}).content.decode()
    assert "Early visit." in body and "Key meeting." not in body


@pytest.mark.parametrize("page", ["first", "second"])
def test_fixed_number_of_queries_per_page(world, client, page):
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:merged", args=[world.case.pk])
    counts = []
    for total in (20, 2000):
        ChronologyEntry.objects.all().delete()
        _bulk(world, total)
        params = {}
        expected = min(total, PAGE_SIZE)
        if page == "second":
            tenth = list(merged_entries(world.case, world.people["business_unit_officer"])[:10])[-1]
            params = {"after": cursor_for(tenth)}
            expected = min(total - 10, PAGE_SIZE)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        assert len(response.context["entries"]) == expected
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_keyset_pagination_walks_all_entries(world, client):
    _bulk(world, 450)
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:merged", args=[world.case.pk])
    seen: list[int] = []
    query = ""
    while True:
        response = client.get(f"{url}?{query}")
        seen.extend(e.pk for e in response.context["entries"])
        query = response.context["next_query"]
        if not query:
            break
    assert len(seen) == 450 and len(set(seen)) == 450


def test_add_with_errors_keeps_input(world, client):
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:add", args=[world.case.pk])
    response = client.post(url, {"what_happened": "Kept text", "date": "31/2/2025"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kept text" in body and "Error: " in body and "Select the agency" in body
    assert not ChronologyEntry.objects.exists()


def test_add_entry(world, client):
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:add", args=[world.case.pk])
    response = client.post(
        url,
        {
            "agency": world.agency.pk,
            "date": "15/3/2025",
            "date_precision": "month",
            "event_type": "contact",
            "what_happened": "Phone call",
            "restricted_to_roles": ["delegate_police"],
        },
    )
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get()
    assert entry.date == dt.date(2025, 3, 1) and entry.sort_date == dt.date(2025, 3, 1)
    assert entry.restricted_to_roles == ["delegate_police"] and entry.agency_order == 1
    assert AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_ENTRY_ADDED).count() == 1


HEAD = (
    "Date,Precision,Time,Agency,Source record,Event type,What happened,"
    "Practitioner role,Key episode,Analysis\n"
)


def _upload(client, world, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("chronology:import", args=[world.case.pk]), {"file": upload})


def test_import_bad_file_changes_nothing(world, client):
    sign_in(client, world.people["business_unit_officer"])
    text = (
        HEAD
        + "4/3/2025,exact,,Alphashire Test Hospital,,Contact,ok,,,\n31/2/2025,exact,,Nowhere,,Contact,x,,,\n"
    )
    response = _upload(client, world, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a real date" in body and "not one of the partnership" in body
    assert not ChronologyEntry.objects.exists()


def test_import_refuses_formulas_then_export_escapes_typed_ones(world, client):
    sign_in(client, world.people["business_unit_officer"])
    evil = '"=HYPERLINK(""http://evil.example"",""x"")"'
    bad = HEAD + f"4/3/2025,exact,10:00,Alphashire Test Hospital,,Contact,{evil},,yes,\n"
    response = _upload(client, world, bad)
    assert response.status_code == 400
    assert "A formula, not a value: paste values only" in response.content.decode()
    assert not ChronologyEntry.objects.exists()
    text = HEAD + "4/3/2025,exact,10:00,Alphashire Test Hospital,,Contact,- seen at home,,yes,\n"
    text += "2025-01,month,,Alphashire Test Hospital,,Home visit,First,,,\n"
    response = _upload(client, world, text)
    assert response.status_code == 302
    assert [e.agency_order for e in ChronologyEntry.objects.order_by("pk")] == [1, 2]
    _add(world, date=dt.date(2025, 3, 5), what_happened='=HYPERLINK("http://evil.example","x")')  # typed
    _add(world, what_happened="Secret.", restricted_to_roles=["delegate_police"])
    before = _head()
    response = client.get(reverse("chronology:export_xlsx", args=[world.case.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][6] == "First" and rows[1][0] == "01/2025"
    # A silent period is a row in date order (the month ends on 31 January, the next entry is 4 March).
    assert rows[2][6] == "No agency contact for 32 days: 31 January 2025 to 4 March 2025"
    assert rows[3][6] == "'- seen at home"
    assert rows[4][6] == '\'=HYPERLINK("http://evil.example","x")'
    assert all("Secret." not in (r[6] or "") for r in rows)
    assert len(rows) == 5
    assert _events(before, EventType.CHRONOLOGY_EXPORTED) == 1
    assert AuditEvent.objects.filter(sequence__gt=before).count() == 1


def test_import_skips_a_hidden_first_sheet_and_says_so(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    sign_in(client, world.people["business_unit_officer"])
    workbook = Workbook()
    hidden = workbook.active
    hidden.title = "Old draft"
    hidden.append(HEAD.strip().split(","))
    hidden.append(
        [dt.datetime(2025, 3, 1), "exact", None, "Alphashire Test Hospital", "", "Contact", "Hidden."]
    )
    hidden.sheet_state = "hidden"
    sheet = workbook.create_sheet("Chronology")
    sheet.append(HEAD.strip().split(","))
    sheet.append(
        [dt.datetime(2025, 3, 2), "exact", None, "Alphashire Test Hospital", "", "Contact", "Shown."]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("c.xlsx", buffer.getvalue())
    response = client.post(reverse("chronology:import", args=[world.case.pk]), {"file": upload}, follow=True)
    assert [e.what_happened for e in ChronologyEntry.objects.all()] == ["Shown."]
    assert "Hidden sheets were not read: “Old draft”" in response.content.decode()


def test_template_download(world, client):
    sign_in(client, world.people["business_unit_officer"])
    response = client.get(reverse("chronology:template", args=[world.case.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[0] == "Date"


def test_concurrent_add_is_renumbered_not_refused(world, monkeypatch):
    from safeguarding_reviews.chronology import services

    _add(world)
    real = services._next_orders
    calls = []

    def stale_then_real(case, agency_ids):
        calls.append(1)
        return {agency_id: 0 for agency_id in agency_ids} if len(calls) == 1 else real(case, agency_ids)

    monkeypatch.setattr(services, "_next_orders", stale_then_real)
    entry = _add(world, what_happened="Added at the same moment.")
    assert entry.agency_order == 2 and len(calls) == 2
    assert AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_ENTRY_ADDED).count() == 2
