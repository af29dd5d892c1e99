"""{{ report_labels|report_label:checksum }}: a report's words ("report version 3, made 4 December 2026")
from the map reports.selectors.report_labels built for the page (one query per page, not per report)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def report_label(labels: dict[str, str] | None, checksum: str) -> str:
    return (labels or {}).get(checksum, "an earlier report")
