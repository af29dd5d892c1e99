"""Objects the authorization matrix needs for chronology URLs: one entry on world.case (world.agency's, so the
agency_author persona, author of the rapid review matrix's request to that agency, may correct it), one
spreadsheet import, a draft import of an agency layout (the mapping pages) owned by the officer, and a
finished Word export asked for by the business unit officer (built here directly: on_commit never runs in
the matrix)."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.chronology.exports import chronology_export_run
from safeguarding_reviews.chronology.importer import ParsedRow
from safeguarding_reviews.chronology.models import ChronologyImportBatch
from safeguarding_reviews.chronology.selectors import Filters
from safeguarding_reviews.chronology.services import (
    chronology_entry_add,
    chronology_export_request,
    chronology_import,
)


def url_kwargs(world) -> dict[str, dict[str, object]]:
    officer = world.people["business_unit_officer"]
    entry = chronology_entry_add(
        actor=officer,
        case=world.case,
        agency=world.agency,
        date=dt.date(2025, 3, 4),
        event_type="home_visit",
        what_happened="Synthetic home visit.",
    )
    row = ParsedRow(
        row=2,
        date=dt.date(2025, 3, 10),
        precision="exact",
        time=None,
        agency_id=world.agency.pk,
        source_record="",
        event_type="contact",
        what_happened="Synthetic imported contact.",
        practitioner_role="",
        is_key_episode=False,
        analysis="",
    )
    chronology_import(actor=officer, case=world.case, rows=[row], file_name="matrix.csv")
    batch = ChronologyImportBatch.objects.get(case=world.case)
    export = chronology_export_request(actor=officer, case=world.case, filters=Filters())
    chronology_export_run(export_id=export.pk)
    draft = mapped_draft(officer, world.case, agency=world.agency)
    return {
        "chronology": {
            "export_id": export.pk,
            "entry_id": entry.pk,
            "batch_id": batch.pk,
            "draft_id": draft.pk,
        }
    }


def mapped_draft(actor, case, *, agency, agency_request=None):
    """A draft import of a small agency-layout CSV, its agency chosen and the suggested mapping confirmed,
    so every mapping page answers 200 to its owner (the preview's POST imports it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safeguarding_reviews.chronology.selectors import import_draft_check
    from safeguarding_reviews.chronology.services import (
        chronology_import_draft_choose,
        chronology_import_draft_create,
        chronology_import_draft_map,
    )

    upload = SimpleUploadedFile(
        "agency.csv", b"Date of contact,Contact type,Details\r\n01/02/2025,Home visit,Synthetic visit.\r\n"
    )
    draft = chronology_import_draft_create(
        actor=actor, case=case, uploaded_file=upload, agency_request=agency_request
    )
    draft = chronology_import_draft_choose(actor=actor, draft=draft, sheet="", agency=agency)
    check = import_draft_check(draft, today=dt.date(2026, 1, 1), agencies={agency.name: agency.pk})
    return chronology_import_draft_map(
        actor=actor, draft=draft, mapping=check.mapping, event_types=check.type_codes, headings=check.headings
    )
