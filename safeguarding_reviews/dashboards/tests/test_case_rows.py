"""The dashboard's rows written in Python (dashboards.case_rows): the local review target's tag is what the
`local_reviews/_rag.html` include shows, and every value in a row is escaped."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.dashboards.case_rows import rag_tag, table_rows
from safeguarding_reviews.organisations.models import Partnership


@pytest.mark.parametrize("rag", ["done", "red", "amber", "green", "", None])
def test_the_rag_tag_is_the_includes(rag: str | None) -> None:
    included = Template('{% include "local_reviews/_rag.html" %}').render(Context({"rag": rag}))
    assert rag_tag(rag) == included.strip()


def test_every_value_in_a_row_is_escaped_and_linked() -> None:
    mark = "<i>\"a\" & 'b'</i>"
    case = Case(
        id=uuid.uuid4(),
        reference=mark,
        pseudonym=mark,
        stage=Stage.RAPID_REVIEW,
        lead_partnership=Partnership(name=mark),
    )
    html = table_rows(
        [
            {
                "case": case,
                "clock_name": mark,
                "due_on": dt.date(2026, 5, 4),
                "state_tag": "govuk-tag--red",
                "state_label": mark,
                "status": "overdue by 2 working days",
                "status_tag": "govuk-tag--red",
                "review_target": SimpleNamespace(due_on=dt.date(2026, 6, 1)),
                "review_target_label": mark,
                "review_rag": "amber",
            }
        ]
    )
    assert "<i>" not in html
    assert html.count("&lt;i&gt;&quot;a&quot; &amp; &#x27;b&#x27;&lt;/i&gt;") == 6
    assert f'href="/cases/{case.pk}/"' in html
    assert "4 May 2026" in html and "1 June 2026" in html and "Overdue by 2 working days" in html
    assert "Due soon" in html
