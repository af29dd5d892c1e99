"""From a checked agency file (validation.CheckResult) to the rows the import service stores. Pure: no Django.

The agency is chosen for the whole file by the person uploading (agency layouts have no agency column); the
app's own template keeps its Agency column, whose names must be the partnership's agencies (and, for an
agency's author, their own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from . import layout
from .importer import WHO_SEEN_MAX, ParsedRow
from .reading import Problem
from .validation import CandidateRow, CheckResult

DATE_AS_WRITTEN_MAX = 100
PREVIEW_ROWS = 10


@dataclass
class MappedRow(ParsedRow):
    """A row as it will be stored: the template's fields (who was seen among them) and the new ones (span,
    date as written, action taken, outcome, the type of event as written)."""

    date_to: dt.date | None = None
    date_as_written: str = ""
    action_taken: str = ""
    outcome: str = ""
    event_type_as_written: str = ""

    @property
    def date_precision(self) -> str:
        """The entry's name for it (the date partial chronology/_date.html shows it as stored)."""
        return self.precision


def value_table(overrides: Mapping[str, str]) -> dict[str, str]:
    """The value table for a file: the person's choices first (they win over the defaults, also for a
    phrase that normalises the same), then layout.EVENT_TYPE_VALUES."""
    table = dict(overrides)
    for phrase, code in layout.EVENT_TYPE_VALUES.items():
        table.setdefault(phrase, code)
    return table


def _place(result: CheckResult, field_name: str) -> tuple[str | None, str | None]:
    if result.layout is None:
        return None, None
    columns = result.layout.columns_for(field_name)
    return (columns[0].heading, columns[0].letter) if columns else (None, None)


def mapped_rows(
    result: CheckResult, *, agency_id: int | None, agencies: Mapping[str, int]
) -> tuple[list[MappedRow], list[Problem]]:
    """The rows to store and any further problems (an agency not the partnership's, or missing; who was seen
    too long for the entry). `agencies` maps agency names (as a file may write them) to ids; an agency
    column, when mapped, names each row's agency; else every row is `agency_id`'s."""
    rows: list[MappedRow] = []
    problems: list[Problem] = []
    by_name = {name.strip().lower(): pk for name, pk in agencies.items()}
    agency_heading, agency_letter = _place(result, "agency")
    seen_heading, seen_letter = _place(result, "who_was_seen")
    for candidate in result.rows:
        row_agency = agency_id
        if candidate.agency_as_written:
            row_agency = by_name.get(candidate.agency_as_written.strip().lower())
            if row_agency is None:
                problems.append(
                    Problem(
                        candidate.row,
                        agency_heading,
                        f"“{candidate.agency_as_written[:60]}” is not one of the agencies you can import for",
                        agency_letter,
                    )
                )
                continue
        if row_agency is None:
            problems.append(Problem(candidate.row, agency_heading, "Enter the agency", agency_letter))
            continue
        if len(candidate.who_was_seen) > WHO_SEEN_MAX:
            problems.append(
                Problem(
                    candidate.row,
                    seen_heading,
                    f"Who was seen must be {WHO_SEEN_MAX} characters or fewer: initials or roles only",
                    seen_letter,
                )
            )
            continue
        rows.append(_row(candidate, row_agency))
    return rows, problems


def _row(candidate: CandidateRow, agency_id: int) -> MappedRow:
    parsed = candidate.date
    return MappedRow(
        row=candidate.row,
        date=parsed.date_from,
        precision=parsed.precision,
        time=candidate.time,
        agency_id=agency_id,
        source_record=candidate.source_record,
        event_type=candidate.event_type,
        what_happened=candidate.narrative,
        practitioner_role=candidate.practitioner_role,
        is_key_episode=candidate.is_key_episode,
        analysis=candidate.analysis if candidate.what_happened else "",
        parsed_date=parsed,
        date_to=parsed.date_to if parsed.date_to != parsed.date_from else None,
        date_as_written=(parsed.date_as_written or "")[:DATE_AS_WRITTEN_MAX],
        action_taken=candidate.action_taken if candidate.what_happened else "",
        outcome=candidate.outcome if candidate.what_happened else "",
        who_seen=candidate.who_was_seen,
        event_type_as_written=candidate.event_type_as_written,
    )
