"""The drafts' pure rules, as tables: file types, who may comment on which version, responses, the due date,
a factual-accuracy request's status and the agency's reply."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.report_drafts import rules

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("detected", "allowed"),
    [("docx", True), ("pdf", True), ("xlsx", False), ("png", False), ("jpeg", False), ("txt", False)],
)
def test_file_type_error(detected, allowed):
    error = rules.file_type_error(detected)
    assert (error is None) is allowed
    if not allowed:
        assert error is not None
        assert "DOCX" in error and "PDF" in error


@pytest.mark.parametrize(
    ("version", "latest", "closed", "expected"),
    [
        (3, 3, False, None),
        (1, 1, False, None),
        (2, 3, False, "latest draft only: comment on version 3"),
        (3, 3, True, "case is closed"),
        (2, 3, True, "case is closed"),
    ],
)
def test_comment_refusal(version, latest, closed, expected):
    refusal = rules.comment_refusal(version=version, latest_version=latest, case_closed=closed)
    if expected is None:
        assert refusal is None
    else:
        assert refusal is not None and expected in refusal


@pytest.mark.parametrize(
    ("reference", "text", "fields"),
    [
        ("4.2", "Clarify the date.", set()),
        ("", "Clarify the date.", {"reference"}),
        ("   ", "", {"reference", "text"}),
        ("4.2", "  ", {"text"}),
        ("x" * 101, "text", {"reference"}),
        ("x" * 100, "text", set()),
    ],
)
def test_comment_errors(reference, text, fields):
    assert set(rules.comment_errors(reference=reference, text=text)) == fields


@pytest.mark.parametrize(
    ("response", "reason", "fields"),
    [
        ("accepted", "", set()),
        ("accepted", "ignored", set()),
        ("not_accepted", "The chronology shows otherwise.", set()),
        ("not_accepted", "", {"reason"}),
        ("not_accepted", "   ", {"reason"}),
        ("awaiting", "", {"response"}),
        ("", "", {"response"}),
        ("maybe", "why", {"response"}),
    ],
)
def test_response_errors(response, reason, fields):
    assert set(rules.response_errors(response=response, reason=reason)) == fields


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (None, "Enter the date"),
        (TODAY - dt.timedelta(days=1), "after today"),
        (TODAY, "after today"),
        (TODAY + dt.timedelta(days=1), None),
        (TODAY + dt.timedelta(days=60), None),
    ],
)
def test_due_on_error(due_on, expected):
    error = rules.due_on_error(due_on, today=TODAY)
    assert error is None if expected is None else (error is not None and expected in error)


@pytest.mark.parametrize(
    ("status", "due_on", "expected"),
    [
        ("open", TODAY + dt.timedelta(days=1), "open"),
        ("open", TODAY, "open"),
        ("open", TODAY - dt.timedelta(days=1), "overdue"),
        ("answered", TODAY - dt.timedelta(days=10), "answered"),
        ("answered", TODAY + dt.timedelta(days=10), "answered"),
        ("withdrawn", TODAY - dt.timedelta(days=10), "withdrawn"),
        ("withdrawn", TODAY + dt.timedelta(days=10), "withdrawn"),
    ],
)
def test_factual_status(status, due_on, expected):
    assert rules.factual_status(status=status, due_on=due_on, today=TODAY) == expected
    assert rules.STATUS_LABELS[expected]


@pytest.mark.parametrize(
    ("reply", "corrections", "expected"),
    [
        ("corrections", 2, None),
        ("corrections", 0, "Add your factual corrections"),
        ("no_corrections", 0, None),
        ("no_corrections", 1, "You have added corrections"),
        ("", 0, "Select whether"),
        ("other", 3, "Select whether"),
    ],
)
def test_reply_error(reply, corrections, expected):
    error = rules.reply_error(reply=reply, corrections=corrections)
    assert error is None if expected is None else (error is not None and expected in error)
