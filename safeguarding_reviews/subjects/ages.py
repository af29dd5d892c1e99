"""Age at the incident. Pure: the national notification asks for the child's age, and people usually know
the date of birth rather than the age on the day."""

from __future__ import annotations

import datetime as dt


def age_on(date_of_birth: dt.date, on: dt.date) -> int | None:
    """Whole years old on `on`; None if born after it (an unborn child has no age)."""
    if date_of_birth > on:
        return None
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)
