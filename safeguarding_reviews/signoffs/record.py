"""The sign-off record (issue 11 item 5): what goes to the Panel with the report, because the report cannot
list the sign-offs made against its own checksum. Built from the standing sign-offs and their resolutions;
rendered to PDF by WeasyPrint (reports.rendering.render_pdf) on the task worker.

Each partner appears by its signatory role, never by the name of the person who signed: the report names
nobody, and neither does this record. Dissent comments and resolutions are the partners' and the business
manager's own words, typed under "No names or addresses".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.roles import Role

from .models import PARTNER_ROLE, Partner, Resolution
from .selectors import SignOffState, resolution_of

RECORD_TITLE = "Sign-off record"


def _date(value: dt.datetime) -> str:
    local = clock.london(value)
    return f"{local.day} {local:%B %Y}"


def _position(agrees: bool) -> str:
    return "Agrees with the rapid review outcome and report" if agrees else "Disagrees"


def record_context(*, case: Case, state: SignOffState, generated_at: dt.datetime) -> dict[str, Any]:
    """Plain strings for the record's template. The caller has checked that the state is complete."""
    assert state.report is not None
    partners = []
    for value, label, signoff in state.rows:
        assert signoff is not None
        resolution = resolution_of(signoff)
        partners.append(
            {
                "partner": label,
                "signatory_role": str(Role(PARTNER_ROLE[Partner(value)]).label),
                "date": _date(signoff.signed_at),
                "position": _position(signoff.agrees),
                "agrees": signoff.agrees,
                "dissent": "" if signoff.agrees else signoff.comments,
                "resolution": (
                    {
                        "kind": str(Resolution(resolution.resolution).label),
                        "explanation": resolution.explanation,
                        "date": _date(resolution.recorded_at),
                        "by": str(Role.BUSINESS_MANAGER.label),
                    }
                    if resolution
                    else None
                ),
            }
        )
    agreed = all(p["agrees"] for p in partners)
    return {
        "title": RECORD_TITLE,
        "generated_on": _date(generated_at),
        "case": {
            "reference": case.reference,
            "pseudonym": case.pseudonym,
            "partnership": case.lead_partnership.name,
        },
        "report": {
            "generated_on": _date(state.report.generated_at),
            "outcome_version": str(state.outcome.version),
            "sha256": state.report.sha256,
            "pdf_sha256": state.report.pdf_sha256,
        },
        "partners": partners,
        "summary": (
            "All three safeguarding partners agree with the rapid review outcome and report."
            if agreed
            else "Not all three safeguarding partners agree. Each disagreement and how it was dealt with is "
            "set out below."
        ),
    }
