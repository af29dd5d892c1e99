"""The business unit dashboard's table of open cases, its rows written in Python rather than in the template
language.

Why: the rows were a quarter of the dashboard's time at England's scale: three URLs reversed and about twenty
variables resolved a row (docs/performance.md). Each URL is now reversed once a page, with a stand-in case id,
and every value is escaped as the template's autoescaping did (`html.escape`, which Django's `escape` wraps).
The local review target's tag is the `local_reviews/_rag.html` include's; a test renders both and compares.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import capfirst
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from safeguarding_reviews.core.templatetags.govuk import govuk_date

# What local_reviews/_rag.html shows for each RAG status (anything else: on track).
RAG_TAGS = {
    "done": '<strong class="govuk-tag govuk-tag--green">Done</strong>',
    "red": '<strong class="govuk-tag govuk-tag--red">Overdue</strong>',
    "amber": '<strong class="govuk-tag govuk-tag--orange">Due soon</strong>',
}
ON_TRACK = '<strong class="govuk-tag govuk-tag--blue">On track</strong>'

# A case id no case has: each link is reversed once with it and the real id put in its place.
_STAND_IN = uuid.UUID("00000000-0000-4000-8000-0000c0ffee00")


def rag_tag(rag: str | None) -> str:
    return RAG_TAGS.get(rag or "", ON_TRACK)


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _links() -> tuple[str, str, str]:
    return (
        reverse("cases:detail", args=[_STAND_IN]),
        reverse("clocks:case_clocks", args=[_STAND_IN]),
        reverse("local_reviews:task_list", args=[_STAND_IN]),
    )


def table_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The table body's rows, one a case: reference and name, stage, next clock with its state, due date,
    status in words, and the next local review target with its RAG status."""
    detail, clocks, task_list = _links()
    stand_in = str(_STAND_IN)
    out = []
    for row in rows:
        case = row["case"]
        case_id = str(case.pk)
        if row["clock_name"]:
            clock = (
                f'<a class="govuk-link" href="{_esc(clocks.replace(stand_in, case_id))}">'
                f'{_esc(row["clock_name"])}</a><br><strong class="govuk-tag {_esc(row["state_tag"])}">'
                f"{_esc(row['state_label'])}</strong>"
            )
        else:
            clock = "No open clock"
        target = row["review_target"]
        if target:
            review = (
                f'<a class="govuk-link" href="{_esc(task_list.replace(stand_in, case_id))}">'
                f"{_esc(row['review_target_label'])}</a><br>{_esc(govuk_date(target.due_on))}<br>"
                f"{rag_tag(row['review_rag'])}"
            )
        else:
            review = "–"
        link = _esc(detail.replace(stand_in, case_id))
        out.append(
            '<tr class="govuk-table__row">\n'
            f'<td class="govuk-table__cell"><a class="govuk-link" href="{link}">'
            f'{_esc(case.reference)}</a><br><span class="govuk-body-s">{_esc(case.pseudonym)} · '
            f"{_esc(case.lead_partnership.name)}</span></td>\n"
            f'<td class="govuk-table__cell">{_esc(case.get_stage_display())}</td>\n'
            f'<td class="govuk-table__cell">{clock}</td>\n'
            f'<td class="govuk-table__cell">{_esc(govuk_date(row["due_on"]) or "–")}</td>\n'
            f'<td class="govuk-table__cell"><strong class="govuk-tag {_esc(row["status_tag"])}">'
            f"{_esc(capfirst(row['status']))}</strong></td>\n"
            f'<td class="govuk-table__cell">{review}</td>\n'
            "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value in the rows above is escaped
