"""Pure rules for typed drafts: no database, table-tested (tests/test_rules.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

# Never kept: credentials, tokens and the buttons' names.
NEVER_KEPT = frozenset(
    {"csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword", "code", "continue"}
)
MAX_FIELDS = 200
MAX_CHARACTERS = 300_000  # all values together: fifteen sections of 20,000 characters each, and some


def is_expired(*, saved_at: dt.datetime, now: dt.datetime, retention_days: int) -> bool:
    """A draft is kept for `retention_days` after its last save, then it is gone."""
    return now - saved_at >= dt.timedelta(days=retention_days)


def kept_fields(raw: Any) -> dict[str, list[str]] | None:
    """What may be kept of a page's fields, or None if the shape is wrong or it is too big. `raw` maps field
    names to a string or a list of strings (a checkbox group)."""
    if not isinstance(raw, Mapping) or len(raw) > MAX_FIELDS:
        return None
    kept: dict[str, list[str]] = {}
    size = 0
    for name, value in raw.items():
        values = value if isinstance(value, list) else [value]
        if not isinstance(name, str) or not all(isinstance(v, str) for v in values):
            return None
        # A NUL is never typed into a form (Django's fields refuse it) and PostgreSQL's JSON refuses it with
        # an error that quotes the text around it: refuse the draft rather than let that reach a log.
        if "\x00" in name or any("\x00" in v for v in values):
            return None
        size += len(name) + sum(len(v) for v in values)
        if size > MAX_CHARACTERS:
            return None
        if name not in NEVER_KEPT:
            kept[name] = list(values)
    return kept


def base_version(data: Mapping[str, list[str]]) -> int | None:
    """The record's version the page was showing when the person typed (the form's hidden `version`)."""
    values = data.get("version") or []
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def initial_with_draft(
    *, initial: Mapping[str, Any], data: Mapping[str, list[str]], field_names: Iterable[str]
) -> dict[str, Any]:
    """The form's initial values with what was typed on top. A field of the form missing from the draft was
    empty when it was typed (an unticked box, an unchosen radio), so it is empty again, not the saved value.
    `version` stays the one the person was typing against, so saving still meets the concurrent-edit check."""
    result = dict(initial)
    for name in field_names:
        values = data.get(name)
        if values is None:
            result[name] = None
        else:
            result[name] = values[0] if len(values) == 1 else list(values)
    version = base_version(data)
    if version is not None:
        result["version"] = version
    return result


def labels_in_words(labels: list[str]) -> str:
    """'the agency return', 'the agency return and a referral section', 'a, b and c'."""
    unique = list(dict.fromkeys(labels))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]
