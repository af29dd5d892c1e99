"""Pure rules of the practitioners register (no Django): table-tested in tests/test_rules.py."""

from __future__ import annotations

import datetime as dt


def involvement_errors(
    involved_from: dt.date | None, involved_to: dt.date | None, *, today: dt.date
) -> dict[str, str]:
    """Why an involvement period cannot be recorded, by field: {} when it can. Both dates are optional (a
    practitioner may still be involved, or the start may not be known); neither may be in the future, and the
    end may not come before the start."""
    errors: dict[str, str] = {}
    if involved_from is not None and involved_from > today:
        errors["involved_from"] = "The date they were involved from must be today or in the past"
    if involved_to is not None and involved_to > today:
        errors["involved_to"] = "The date they were involved until must be today or in the past"
    if involved_from is not None and involved_to is not None and involved_to < involved_from and not errors:
        errors["involved_to"] = "The date they were involved until must be the same as or after the date from"
    return errors


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_text(involved_from: dt.date | None, involved_to: dt.date | None) -> str:
    """The involvement period in words: "From 3 March 2026 to 9 June 2026", "From 3 March 2026",
    "Until 9 June 2026" or "Not recorded"."""
    if involved_from and involved_to:
        return f"From {_long(involved_from)} to {_long(involved_to)}"
    if involved_from:
        return f"From {_long(involved_from)}"
    if involved_to:
        return f"Until {_long(involved_to)}"
    return "Not recorded"
