"""The typed drafts' pure rules, as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.drafts import rules

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("age", "retention_days", "expired"),
    [
        (dt.timedelta(0), 7, False),
        (dt.timedelta(days=6, hours=23, minutes=59), 7, False),
        (dt.timedelta(days=7), 7, True),
        (dt.timedelta(days=30), 7, True),
        (dt.timedelta(hours=23), 1, False),
        (dt.timedelta(days=1), 1, True),
    ],
)
def test_expiry(age, retention_days, expired):
    assert rules.is_expired(saved_at=NOON - age, now=NOON, retention_days=retention_days) is expired


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ({"learning": "Typed"}, {"learning": ["Typed"]}),
        ({"themes": ["a", "b"]}, {"themes": ["a", "b"]}),
        ({"learning": ""}, {"learning": [""]}),
        ({"csrfmiddlewaretoken": "t", "password": "p", "code": "1", "continue": "1", "x": "y"}, {"x": ["y"]}),
        ({}, {}),
        ({"learning": 3}, None),
        ({"learning": ["ok", None]}, None),
        ({"learning": "typed\x00pasted"}, None),  # a NUL: PostgreSQL would quote the text in its error
        ({"learn\x00ing": "typed"}, None),
        ({"learning": {"nested": "no"}}, None),
        (["not", "a", "mapping"], None),
        ("text", None),
        (None, None),
        ({f"f{i}": "" for i in range(rules.MAX_FIELDS + 1)}, None),
        ({"learning": "x" * (rules.MAX_CHARACTERS + 1)}, None),
        ({"learning": "x" * (rules.MAX_CHARACTERS - len("learning"))}, {"learning": ["x" * 299_992]}),
    ],
)
def test_what_is_kept(raw, kept):
    assert rules.kept_fields(raw) == kept


@pytest.mark.parametrize(
    ("data", "version"),
    [
        ({"version": ["3"]}, 3),
        ({"version": [""]}, None),
        ({"version": ["x"]}, None),
        ({}, None),
        ({"version": []}, None),
    ],
)
def test_base_version(data, version):
    assert rules.base_version(data) == version


@pytest.mark.parametrize(
    ("initial", "data", "fields", "expected"),
    [
        # Typed text over the saved text; the version typed against is kept.
        (
            {"a": "saved", "version": 5},
            {"a": ["typed"], "version": ["4"]},
            ["a"],
            {"a": "typed", "version": 4},
        ),
        # A field missing from the draft was empty (an unticked box), not the saved value.
        (
            {"a": "saved", "b": True, "version": 2},
            {"a": ["x"], "version": ["2"]},
            ["a", "b"],
            {"a": "x", "b": None, "version": 2},
        ),
        # A checkbox group keeps its list.
        (
            {"t": [], "version": 1},
            {"t": ["p", "q"], "version": ["1"]},
            ["t"],
            {"t": ["p", "q"], "version": 1},
        ),
        # No version in the draft: the page's own stays.
        ({"a": "", "version": 7}, {"a": ["typed"]}, ["a"], {"a": "typed", "version": 7}),
        # Keys of the draft that are not the form's fields are ignored.
        (
            {"a": "s", "version": 1},
            {"a": ["t"], "evil": ["x"], "version": ["1"]},
            ["a"],
            {"a": "t", "version": 1},
        ),
    ],
)
def test_initial_with_draft(initial, data, fields, expected):
    assert rules.initial_with_draft(initial=initial, data=data, field_names=fields) == expected


@pytest.mark.parametrize(
    ("labels", "words"),
    [
        ([], ""),
        (["the agency return"], "the agency return"),
        (["the agency return", "the agency return"], "the agency return"),
        (["the agency return", "the referral"], "the agency return and the referral"),
        (["a", "b", "c"], "a, b and c"),
    ],
)
def test_labels_in_words(labels, words):
    assert rules.labels_in_words(labels) == words
