"""A report as people name it: "report version 3, made 4 December 2026" (issue 18, item 2). Pure.

Pages show this instead of the checksum; the checksum stays in the audit trail and in each report's file
details on the report page, where someone checking a file against the record needs it.
"""

from __future__ import annotations

import datetime as dt


def report_words(*, number: int, made_on: dt.date) -> str:
    return f"report version {number}, made {made_on.day} {made_on:%B %Y}"


def numbered(made_on_in_order: list[tuple[str, dt.date]]) -> dict[str, str]:
    """{checksum: words} for a case's reports given oldest first as (checksum, London date made): the first
    report made for the case is version 1."""
    return {
        sha: report_words(number=n, made_on=made_on)
        for n, (sha, made_on) in enumerate(made_on_in_order, start=1)
    }
