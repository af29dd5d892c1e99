"""Requests for information or drafts during the local review, as pure rules (no Django): the task list's
row, the due date's check and how a request's status maps onto the rapid review's request clock
(rapid_review.request_time), whose RAG states the requests page reuses. Table-tested in
tests/test_information_rules.py. Status codes repeat local_reviews.models.InformationStatus, to stay pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

AWAITING = frozenset({"open", "asked_again"})
ANSWERED = frozenset({"answered", "accepted"})
WITHDRAWN = "withdrawn"

NONE = "none"
OPEN = "open"
OVERDUE = "overdue"
ALL_ANSWERED = "all_answered"


def row_status(requests: Iterable[tuple[str, dt.date]], *, today: dt.date) -> tuple[str, int]:
    """The task list's "Requests for information" row from each request's (status, due date): ("none", 0)
    with no live request (withdrawn ones do not count), ("overdue", n) when n awaiting an answer are past
    their due date, ("open", n) when n await an answer, else ("all_answered", answered count)."""
    live = [(status, due_on) for status, due_on in requests if status != WITHDRAWN]
    if not live:
        return NONE, 0
    overdue = sum(1 for status, due_on in live if status in AWAITING and due_on < today)
    if overdue:
        return OVERDUE, overdue
    awaiting = sum(1 for status, _ in live if status in AWAITING)
    if awaiting:
        return OPEN, awaiting
    return ALL_ANSWERED, len(live)


def row_label(code: str, count: int) -> str:
    if code == NONE:
        return "None"
    if code == ALL_ANSWERED:
        return "All answered"
    return f"{'Overdue' if code == OVERDUE else 'Open'} {count}"


def due_on_error(due_on: dt.date | None, *, today: dt.date) -> str | None:
    if due_on is None:
        return "Enter the due date"
    if due_on < today:
        return "The due date must be today or in the future"
    return None


def clock_status(status: str) -> str:
    """The rapid review request status (rapid_review.request_time) with the same clock: awaiting an answer
    runs like a requested return, an answer stops it like a submitted one."""
    if status == WITHDRAWN:
        return "withdrawn"
    return "submitted" if status in ANSWERED else "requested"
