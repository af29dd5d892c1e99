"""Mapping any layout (the web flow): upload, sheet and agency, columns and the value table, preview, import,
the saved mapping offered next time; problems, bad choices, access and fixed queries."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology.models import (
    ChronologyEntry,
    ChronologyImportBatch,
    ChronologyImportDraft,
    ChronologyLayoutMapping,
)
from safeguarding_reviews.chronology.services import chronology_import_undo
from tests.factories import AgencyFactory
from tests.fixtures import sign_in

DATA = pathlib.Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def agency_xlsx(rows: int, *, bad_rows: tuple[int, ...] = ()) -> bytes:
    """An agency's own layout: a title row, a blank row, then headings no template has."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Alphashire Community Health – chronology for Child Q"])
    sheet.append([])
    sheet.append(
        [
            "Date of contact",
            "Contact type",
            "Details of contact",
            "Action",
            "Outcome / plan",
            "Seen",
            "Clinician",
        ]
    )
    start = dt.date(2024, 1, 1)
    for i in range(rows):
        day = start + dt.timedelta(days=i % 700)
        date = "30/02/2024" if i + 1 in bad_rows else day.strftime("%d/%m/%Y")
        sheet.append(
            [
                "Spring 2024" if i == 1 else date,
                ["Home visit", "Telephone call", "Strange thing"][i % 3],
                f"Synthetic contact {i + 1}.",
                f"Action {i + 1}",
                f"Plan {i + 1}",
                "Child Q, mother",
                "Health visitor",
            ]
        )
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def _upload(client, case, data: bytes, name: str = "health.xlsx", url=None):
    url = url or reverse("chronology:map_upload", args=[case.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def _draft_url(step, world, draft):
    return reverse(f"chronology:map_{step}", args=[world.case.pk, draft.pk])


def _posted_mapping(response) -> dict[str, str]:
    """The selected option of every select on the mapping page, as a browser would post it."""
    body = response.content.decode()
    data = {}
    for name, block in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', block)
        data[name] = chosen.group(1) if chosen else ""
    return data


def _through_to_preview(client, world, data: bytes, name="health.xlsx"):
    response = _upload(client, world.case, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ChronologyImportDraft.objects.latest("created_at")
    response = client.post(_draft_url("choose", world, draft), {"agency": world.agency.pk})
    assert response.status_code == 302
    page = client.get(_draft_url("columns", world, draft))
    assert page.status_code == 200
    response = client.post(_draft_url("columns", world, draft), _posted_mapping(page))
    assert response.status_code == 302, response.content.decode()[:3000]
    return draft, page


def test_agency_layout_suggested_mapping_preview_import_and_saved_mapping(world, client):
    sign_in(client, world.people["business_unit_officer"])
    draft, page = _through_to_preview(client, world, agency_xlsx(25))
    posted = _posted_mapping(page)
    assert posted["column_0"] == "date" and posted["column_2"] == "what_happened"
    assert posted["column_3"] == "action_taken" and posted["column_5"] == "who_was_seen"
    body = page.content.decode()
    assert "Strange thing" in body and "Types of event" in body
    preview = client.get(_draft_url("preview", world, draft))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert text.count('<td class="govuk-table__cell">Synthetic contact') == 10
    assert "Written as: Spring 2024" in text and "Import 25 entries" in text
    before = AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_IMPORTED).count()
    response = client.post(_draft_url("preview", world, draft))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_IMPORTED).count() == before + 1
    entries = ChronologyEntry.objects.filter(case=world.case).order_by("agency_order")
    assert entries.count() == 25
    first, spring, odd = entries[0], entries[1], entries[2]
    assert (
        first.action_taken == "Action 1" and first.outcome == "Plan 1" and first.who_seen == "Child Q, mother"
    )
    assert first.event_type == "home_visit" and first.practitioner_role == "Health visitor"
    assert spring.date == dt.date(2024, 3, 1) and spring.date_to == dt.date(2024, 5, 31)
    assert spring.date_precision == "season" and spring.date_as_written == "Spring 2024"
    assert odd.event_type == "other" and odd.event_type_as_written == "Strange thing"
    assert first.import_batch is not None
    merged = client.get(reverse("chronology:merged", args=[world.case.pk])).content.decode()
    assert "Written as: Strange thing" in merged and "Written as: Spring 2024" in merged
    saved = ChronologyLayoutMapping.objects.get(agency=world.agency)
    assert saved.mapping["Date of contact"] == "date"
    # Undo works on the batch.
    batch = ChronologyImportBatch.objects.get(pk=first.import_batch.pk)
    assert (
        chronology_import_undo(actor=world.people["business_unit_officer"], batch=batch, reason="Test") == 25
    )
    # The same layout again: the saved mapping is offered (and used, with the person's value table).
    saved.event_types = {"Strange thing": "meeting"}
    saved.save()
    response = _upload(client, world.case, agency_xlsx(5))
    draft2 = ChronologyImportDraft.objects.latest("created_at")
    client.post(_draft_url("choose", world, draft2), {"agency": world.agency.pk})
    page = client.get(_draft_url("columns", world, draft2))
    assert "We used the mapping you saved for Alphashire Test Hospital on" in page.content.decode()
    assert _posted_mapping(page)["type_2"] == "meeting"


def test_problems_all_listed_and_no_import(world, client):
    sign_in(client, world.people["business_unit_officer"])
    draft, _ = _through_to_preview(client, world, agency_xlsx(30, bad_rows=(4, 9, 20)))
    preview = client.get(_draft_url("preview", world, draft))
    text = preview.content.decode()
    assert "The file has 3 problems" in text
    for row in (7, 12, 23):  # data starts on row 4
        assert f'<td class="govuk-table__cell">{row}</td>' in text
    assert "Import 27" not in text and '<form method="post" novalidate>' not in text
    response = client.post(_draft_url("preview", world, draft))
    assert response.status_code == 400
    assert "nothing was imported" in response.content.decode()
    assert not ChronologyEntry.objects.filter(case=world.case).exists()


def test_bad_choices_give_field_errors_and_keep_them(world, client):
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(reverse("chronology:map_upload", args=[world.case.pk]), {})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    response = _upload(client, world.case, b"%PDF-1.4 not a spreadsheet", "x.xlsx")
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    _upload(client, world.case, agency_xlsx(5))
    draft = ChronologyImportDraft.objects.latest("created_at")
    response = client.post(_draft_url("choose", world, draft), {"agency": ""})
    assert response.status_code == 400
    assert "Select the agency whose chronology this is" in response.content.decode()
    response = client.post(_draft_url("choose", world, draft), {"agency": "999999"})
    assert response.status_code == 400
    client.post(_draft_url("choose", world, draft), {"agency": world.agency.pk})
    page = client.get(_draft_url("columns", world, draft))
    posted = _posted_mapping(page)
    unknown = posted | {"column_1": "favourite_colour"}
    response = client.post(_draft_url("columns", world, draft), unknown)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select what “Contact type” holds" in body and 'href="#id_column_1"' in body
    no_date = posted | {"column_0": "ignore"}
    response = client.post(_draft_url("columns", world, draft), no_date)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select the column that holds the date" in body
    assert _posted_mapping(response)["column_0"] == "ignore"  # the choice kept
    two_dates = posted | {"column_1": "date"}
    response = client.post(_draft_url("columns", world, draft), two_dates)
    assert response.status_code == 400 and "Only one column can be the date" in response.content.decode()


def test_hidden_sheet_named_and_csv_in_windows_1252(world, client):
    sign_in(client, world.people["business_unit_officer"])
    _upload(client, world.case, (DATA / "social_care_hidden_second_sheet.xlsx").read_bytes(), "sc.xlsx")
    draft = ChronologyImportDraft.objects.latest("created_at")
    page = client.get(_draft_url("choose", world, draft))
    assert "Old version" in page.content.decode()
    response = _upload(client, world.case, (DATA / "school_cp1252.csv").read_bytes(), "school.csv")
    assert response.status_code == 302


def test_title_row_file_from_the_corpus(world, client):
    sign_in(client, world.people["business_unit_officer"])
    draft, page = _through_to_preview(client, world, (DATA / "health_title_rows.xlsx").read_bytes())
    posted = _posted_mapping(page)
    assert "date" in posted.values() and "what_happened" in posted.values()
    assert client.post(_draft_url("preview", world, draft)).status_code == 302
    assert ChronologyEntry.objects.filter(case=world.case).count() == 4


def test_access(world, client):
    officer = world.people["business_unit_officer"]
    sign_in(client, officer)
    _upload(client, world.case, agency_xlsx(3))
    draft = ChronologyImportDraft.objects.latest("created_at")
    for key, status in [
        ("business_manager", 404),  # not theirs
        ("delegate_police", 403),  # sees the case, may not import
        ("independent_chair", 403),
        ("other_partnership", 404),
        ("agency_author", 404),
    ]:
        client.logout()
        sign_in(client, world.people[key])
        assert client.get(_draft_url("choose", world, draft)).status_code == status, key
    client.logout()
    sign_in(client, world.people["delegate_police"])
    assert client.get(reverse("chronology:map_upload", args=[world.case.pk])).status_code == 403


@pytest.mark.parametrize("step", ["columns", "preview"])
def test_fixed_queries(world, client, step):
    sign_in(client, world.people["business_unit_officer"])
    counts = []
    for rows in (10, 1_000):
        draft, _ = _through_to_preview(client, world, agency_xlsx(rows))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_draft_url(step, world, draft))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def _author_request(world, *, period=(None, None)):
    from safeguarding_reviews.cases.services import case_stage_advance
    from safeguarding_reviews.cases.stages import Stage
    from safeguarding_reviews.rapid_review.services import (
        RequestItem,
        agency_request_acknowledge,
        agency_requests_send,
    )

    actor = world.people["business_unit_officer"]
    for stage in [Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW]:
        case_stage_advance(actor=actor, case=world.case, to_stage=stage, reason="test")
    [request] = agency_requests_send(
        actor=actor,
        case=world.case,
        items=[RequestItem(agency=world.agency, author=world.people["agency_author"])],
        due_on=dt.date(2099, 1, 1),
        period_from=period[0],
        period_to=period[1],
    )
    agency_request_acknowledge(actor=world.people["agency_author"], request=request)
    return request


def test_agency_author_maps_their_own_layout_for_their_own_agency(world, client):
    req = _author_request(world)
    author = world.people["agency_author"]
    sign_in(client, author)
    args = [world.case.pk, req.pk]
    response = client.post(
        reverse("rapid_review:request_map_upload", args=args),
        {"file": SimpleUploadedFile("mine.xlsx", agency_xlsx(12))},
    )
    assert response.status_code == 302
    draft = ChronologyImportDraft.objects.get(uploaded_by=author)
    assert draft.agency_id == world.agency.pk and draft.agency_request_id == req.pk
    choose = client.get(reverse("rapid_review:request_map_choose", args=[*args, draft.pk]))
    assert choose.status_code == 200 and 'name="agency"' not in choose.content.decode()
    assert (
        client.post(reverse("rapid_review:request_map_choose", args=[*args, draft.pk]), {}).status_code == 302
    )
    page = client.get(reverse("rapid_review:request_map_columns", args=[*args, draft.pk]))
    assert 'value="agency"' not in page.content.decode()  # no agency column for an author
    posted = _posted_mapping(page)
    assert (
        client.post(reverse("rapid_review:request_map_columns", args=[*args, draft.pk]), posted).status_code
        == 302
    )
    preview = client.get(reverse("rapid_review:request_map_preview", args=[*args, draft.pk]))
    assert preview.status_code == 200 and "Import 12 entries" in preview.content.decode()
    response = client.post(reverse("rapid_review:request_map_preview", args=[*args, draft.pk]))
    assert response.status_code == 302
    batch = ChronologyImportBatch.objects.get(case=world.case)
    assert batch.agency_request_id == req.pk and batch.rows == 12
    assert set(ChronologyEntry.objects.filter(case=world.case).values_list("agency_id", flat=True)) == {
        world.agency.pk
    }
    # The business unit cannot use the author's pages, nor see the author's draft on its own pages.
    client.logout()
    sign_in(client, world.people["business_unit_officer"])
    assert client.get(reverse("rapid_review:request_map_upload", args=args)).status_code == 403
    assert client.get(_draft_url("choose", world, draft)).status_code == 404


def test_imported_and_expired_drafts_have_their_files_erased(world, client):
    from safeguarding_reviews.chronology.services import chronology_import_drafts_tidy
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.documents.services import document_path

    sign_in(client, world.people["business_unit_officer"])
    imported, _ = _through_to_preview(client, world, agency_xlsx(3))
    assert client.post(_draft_url("preview", world, imported)).status_code == 302
    _upload(client, world.case, agency_xlsx(3))
    expired = ChronologyImportDraft.objects.latest("created_at")
    waiting = _upload(client, world.case, agency_xlsx(3)) and ChronologyImportDraft.objects.latest(
        "created_at"
    )
    ChronologyImportDraft.objects.filter(pk=expired.pk).update(
        expires_at=clock.now() - dt.timedelta(minutes=1)
    )
    assert client.get(_draft_url("choose", world, expired)).status_code == 404
    paths = {
        d.pk: document_path(d.document) for d in ChronologyImportDraft.objects.select_related("document")
    }
    assert chronology_import_drafts_tidy() == 2
    assert chronology_import_drafts_tidy() == 0
    assert not paths[imported.pk].exists() and not paths[expired.pk].exists() and paths[waiting.pk].exists()
    assert AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_IMPORT_DRAFT_ERASED).count() == 2


def test_app_template_keeps_its_agency_column_through_the_same_flow(world, client):
    from tests.factories import AgencyFactory

    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Police")
    sign_in(client, world.people["business_unit_officer"])
    draft, page = _through_to_preview(client, world, (DATA / "app_template.csv").read_bytes(), "template.csv")
    posted = _posted_mapping(page)
    assert posted["column_3"] == "agency" and posted["column_1"] == "precision"
    preview = client.get(_draft_url("preview", world, draft))
    assert "Alphashire Police" in preview.content.decode()
    assert client.post(_draft_url("preview", world, draft)).status_code == 302
    entries = ChronologyEntry.objects.filter(case=world.case).order_by("agency_order")
    assert [e.agency_id for e in entries] == [police.pk, police.pk]
    assert entries[1].date_precision == "month" and entries[1].date_to == dt.date(2025, 3, 31)


def test_services_refuse_bad_choices_other_people_and_a_second_import(world):
    from django.core.exceptions import PermissionDenied, ValidationError

    from safeguarding_reviews.chronology import services
    from safeguarding_reviews.chronology.selectors import import_draft_check

    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    draft = services.chronology_import_draft_create(
        actor=officer, case=world.case, uploaded_file=SimpleUploadedFile("a.xlsx", agency_xlsx(4))
    )
    with pytest.raises(ValidationError, match="Select the agency whose chronology this is") as refused:
        services.chronology_import_draft_choose(actor=officer, draft=draft, sheet="", agency=None)
    assert "agency" in refused.value.error_dict
    with pytest.raises(PermissionDenied, match="Only the person who uploaded this import uses it"):
        services.chronology_import_draft_choose(actor=manager, draft=draft, sheet="", agency=world.agency)
    draft = services.chronology_import_draft_choose(actor=officer, draft=draft, sheet="", agency=world.agency)
    check = import_draft_check(
        draft, today=dt.date(2026, 12, 5), agencies={world.agency.name: world.agency.pk}
    )
    with pytest.raises(
        ValidationError, match="Select what “Date of contact” holds, or “Do not import”"
    ) as refused:
        services.chronology_import_draft_map(
            actor=officer,
            draft=draft,
            mapping=check.mapping | {check.headings[0]: "nonsense"},
            event_types=check.type_codes,
            headings=check.headings,
        )
    assert "column_0" in refused.value.error_dict
    with pytest.raises(ValidationError, match="Confirm the columns before importing"):
        services.chronology_import_from_draft(
            actor=officer, draft=draft, problem_count=0, rows=check.rows, headings=check.headings
        )  # the columns are not confirmed yet
    draft = services.chronology_import_draft_map(
        actor=officer,
        draft=draft,
        mapping=check.mapping,
        event_types=check.type_codes,
        headings=check.headings,
    )
    with pytest.raises(ValidationError, match="The file has problems: nothing was imported\\. Correct them"):
        services.chronology_import_from_draft(
            actor=officer, draft=draft, problem_count=1, rows=check.rows, headings=check.headings
        )
    assert (
        services.chronology_import_from_draft(
            actor=officer, draft=draft, problem_count=0, rows=check.rows, headings=check.headings
        )
        == 4
    )
    with pytest.raises(ValidationError, match="This file has already been imported"):
        services.chronology_import_from_draft(
            actor=officer, draft=draft, problem_count=0, rows=check.rows, headings=check.headings
        )
    assert ChronologyEntry.objects.filter(case=world.case).count() == 4


def test_several_visible_sheets_the_person_picks_one(world, client):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(agency_xlsx(3)))
    cover = workbook.create_sheet("Cover", 0)
    cover.append(["Version", "Date", "Author"])
    cover.append(["1", "01/02/2025", "Records team"])
    handle = io.BytesIO()
    workbook.save(handle)
    sign_in(client, world.people["business_unit_officer"])
    assert _upload(client, world.case, handle.getvalue(), "two.xlsx").status_code == 302
    draft = ChronologyImportDraft.objects.latest("created_at")
    page = client.get(_draft_url("choose", world, draft)).content.decode()
    assert 'type="radio"' in page and "Cover" in page and "Chronology" in page
    response = client.post(_draft_url("choose", world, draft), {"agency": world.agency.pk})
    assert response.status_code == 400
    assert "Select the sheet that holds the chronology" in response.content.decode()
    response = client.post(
        _draft_url("choose", world, draft), {"agency": world.agency.pk, "sheet": "Chronology"}
    )
    assert response.status_code == 302
    columns = client.get(_draft_url("columns", world, draft))
    assert columns.status_code == 200 and _posted_mapping(columns)["column_0"] == "date"


# Dates outside the period the agency was asked to cover: warnings to accept, never problems.
PERIOD = (dt.date(2024, 1, 3), dt.date(2024, 1, 10))
# agency_xlsx(12): data from row 4; 1/1/2024 (row 4) is before, Spring 2024 (row 5), 11/1 and 12/1 (rows
# 14, 15) are after the period.
OUTSIDE_ROWS = [4, 5, 14, 15]


def _warned_rows(body: str) -> list[int]:
    # The caption is also the label of the table's scroll region: the table follows its last mention.
    table = body.rsplit("Dates outside the period to cover, by row and column", 1)[1].split("</table>")[0]
    return [
        int(n)
        for n in re.findall(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(\d+)<', table)
    ]


def _imported_event():
    return AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_IMPORTED).latest("pk")


def test_author_import_warns_of_dates_outside_the_period_and_needs_the_box(world, client):
    req = _author_request(world, period=PERIOD)
    sign_in(client, world.people["agency_author"])
    args = [world.case.pk, req.pk]
    client.post(
        reverse("rapid_review:request_map_upload", args=args),
        {"file": SimpleUploadedFile("mine.xlsx", agency_xlsx(12))},
    )
    draft = ChronologyImportDraft.objects.get()
    client.post(reverse("rapid_review:request_map_choose", args=[*args, draft.pk]), {})
    page = client.get(reverse("rapid_review:request_map_columns", args=[*args, draft.pk]))
    client.post(reverse("rapid_review:request_map_columns", args=[*args, draft.pk]), _posted_mapping(page))
    url = reverse("rapid_review:request_map_preview", args=[*args, draft.pk])
    preview = client.get(url)
    body = preview.content.decode()
    assert preview.status_code == 200 and "Import 12 entries" in body
    assert "4 dates are outside the period" in body and "3 January 2024 to 10 January 2024" in body
    assert _warned_rows(body) == OUTSIDE_ROWS
    assert "A (Date of contact)" in body and "is before the review period (03/01/2024)" in body
    assert "“Spring 2024” is after the review period (10/01/2024)" in body
    assert 'name="dates_checked"' in body
    columns_url = reverse("rapid_review:request_map_columns", args=[*args, draft.pk])
    assert body.count(f'href="{columns_url}"') == 2  # back, and change the columns: the author's pages
    # Without the box: a field error, nothing stored, the draft still open.
    response = client.post(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Error:" in text and 'href="#id_dates_checked"' in text
    assert 'id="id_dates_checked-error"' in text
    assert not ChronologyEntry.objects.exists() and not ChronologyImportBatch.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_IMPORTED).exists()
    draft.refresh_from_db()
    assert draft.import_batch_id is None
    # With it: imported as written, the acceptance audited.
    response = client.post(url, {"dates_checked": "on"})
    assert response.status_code == 302
    assert ChronologyEntry.objects.filter(case=world.case, agency=world.agency).count() == 12
    event = _imported_event()
    assert event.data["date_warnings_accepted"] == 4 and event.data["request_id"] == req.pk


def test_business_unit_import_uses_the_period_of_the_case_request_to_that_agency(world, client):
    _author_request(world, period=PERIOD)
    sign_in(client, world.people["business_unit_officer"])
    draft, _ = _through_to_preview(client, world, agency_xlsx(12))
    body = client.get(_draft_url("preview", world, draft)).content.decode()
    assert _warned_rows(body) == OUTSIDE_ROWS
    assert body.count(f'href="{_draft_url("columns", world, draft)}"') == 2
    response = client.post(_draft_url("preview", world, draft))
    assert response.status_code == 400 and "I have checked these dates" in response.content.decode()
    assert not ChronologyEntry.objects.exists()
    assert client.post(_draft_url("preview", world, draft), {"dates_checked": "on"}).status_code == 302
    assert _imported_event().data["date_warnings_accepted"] == 4


def test_business_unit_import_without_a_request_or_a_period_has_no_date_warnings(world, client):
    sign_in(client, world.people["business_unit_officer"])
    draft, _ = _through_to_preview(client, world, agency_xlsx(12))
    body = client.get(_draft_url("preview", world, draft)).content.decode()
    assert "Dates outside the period" not in body and 'name="dates_checked"' not in body
    assert client.post(_draft_url("preview", world, draft)).status_code == 302
    assert _imported_event().data["date_warnings_accepted"] == 0


def test_a_request_with_no_dates_or_to_another_agency_gives_no_window(world):
    from safeguarding_reviews.rapid_review.selectors import agency_window

    assert agency_window(world.case, world.agency.pk) is None  # no request
    req = _author_request(world)
    assert agency_window(world.case, world.agency.pk) is None  # a request, no dates
    req.period_to = dt.date(2024, 1, 10)
    req.save(update_fields=["period_to"])
    assert agency_window(world.case, world.agency.pk) == (None, dt.date(2024, 1, 10))
    other = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Schools")
    assert agency_window(world.case, other.pk) is None
    assert agency_window(world.case, None) is None


def test_problems_and_date_warnings_are_shown_together_and_nothing_imports(world, client):
    _author_request(world, period=PERIOD)
    sign_in(client, world.people["business_unit_officer"])
    draft, _ = _through_to_preview(client, world, agency_xlsx(12, bad_rows=(3,)))
    body = client.get(_draft_url("preview", world, draft)).content.decode()
    assert "Problems in the file" in body and _warned_rows(body) == OUTSIDE_ROWS
    assert 'name="dates_checked"' not in body  # nothing to import until the file is correct
    response = client.post(_draft_url("preview", world, draft), {"dates_checked": "on"})
    assert response.status_code == 400 and not ChronologyEntry.objects.exists()


def test_import_service_refuses_unchecked_date_warnings(world, client):
    from django.core.exceptions import ValidationError

    from safeguarding_reviews.chronology import services

    sign_in(client, world.people["business_unit_officer"])
    draft, _ = _through_to_preview(client, world, agency_xlsx(3))
    draft.refresh_from_db()
    check = _check(world, draft, window=PERIOD)
    assert check.date_warning_count == 2  # 1/1 and Spring 2024
    with pytest.raises(
        ValidationError, match="Check the dates outside the period to cover, then tick “I"
    ) as exc:
        services.chronology_import_from_draft(
            actor=world.people["business_unit_officer"],
            draft=draft,
            problem_count=0,
            rows=check.rows,
            headings=check.headings,
            date_warnings=check.date_warning_count,
        )
    assert "dates_checked" in exc.value.message_dict
    assert not ChronologyEntry.objects.exists()


def _check(world, draft, *, window):
    from safeguarding_reviews.chronology.selectors import import_draft_check

    return import_draft_check(
        draft, today=dt.date(2026, 1, 1), agencies={world.agency.name: world.agency.pk}, window=window
    )


def test_import_service_refuses_who_was_seen_over_100_rather_than_cutting_it(world):
    from django.core.exceptions import ValidationError

    from safeguarding_reviews.chronology import importer, services

    def row(who_seen):
        return importer.ParsedRow(
            row=7,
            date=dt.date(2024, 1, 1),
            precision="exact",
            time=None,
            agency_id=world.agency.pk,
            source_record="",
            event_type="other",
            what_happened="Synthetic.",
            practitioner_role="",
            is_key_episode=False,
            analysis="",
            who_seen=who_seen,
        )

    actor = world.people["business_unit_officer"]
    with pytest.raises(ValidationError, match="who was seen must be") as exc:
        services.chronology_import(actor=actor, case=world.case, rows=[row("M" * 101)])
    assert "Row 7: who was seen must be 100 characters or fewer" in str(exc.value)
    assert not ChronologyEntry.objects.exists()
    services.chronology_import(actor=actor, case=world.case, rows=[row("M" * 100)])
    assert ChronologyEntry.objects.get().who_seen == "M" * 100
