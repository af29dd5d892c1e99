"""The drafts' rules, pure (no Django): which files a draft may be, who may comment on which version, what a
response needs, and a factual-accuracy request's status. Table-tested in tests/test_rules.py. Codes repeat
report_drafts.models' choices, to stay pure."""

from __future__ import annotations

import datetime as dt

# A draft is a Word document or a PDF: the document store's content check says which (documents.inspection).
DRAFT_TYPES = frozenset({"docx", "pdf"})
DRAFT_TYPES_LABEL = "Word document (DOCX) or PDF"

ACCEPTED = "accepted"
NOT_ACCEPTED = "not_accepted"
AWAITING = "awaiting"

OPEN = "open"
ANSWERED = "answered"
OVERDUE = "overdue"
WITHDRAWN = "withdrawn"

REFERENCE_MAX = 100


def file_type_error(detected: str) -> str | None:
    """The error for a file whose content is of type `detected`, or None if a draft may be one."""
    if detected in DRAFT_TYPES:
        return None
    return f"The selected file must be a {DRAFT_TYPES_LABEL}"


def comment_refusal(*, version: int, latest_version: int, case_closed: bool) -> str | None:
    """Why a comment cannot be added to draft `version` now, or None. Comments are on the latest version
    only (an older version's comments stay, with their responses); none once the case is closed."""
    if case_closed:
        return "The case is closed: its drafts can no longer be commented on"
    if version != latest_version:
        return f"Comments are on the latest draft only: comment on version {latest_version}"
    return None


def comment_errors(*, reference: str, text: str) -> dict[str, str]:
    """A comment needs a paragraph or section reference and the comment itself."""
    errors = {}
    if not reference.strip():
        errors["reference"] = "Enter the paragraph or section the comment is about"
    elif len(reference.strip()) > REFERENCE_MAX:
        errors["reference"] = f"The paragraph or section must be {REFERENCE_MAX} characters or fewer"
    if not text.strip():
        errors["text"] = "Enter the comment"
    return errors


def response_errors(*, response: str, reason: str) -> dict[str, str]:
    """The reviewer's response: accepted, or not accepted with a reason (required then)."""
    if response not in (ACCEPTED, NOT_ACCEPTED):
        return {"response": "Select whether you accept the comment"}
    if response == NOT_ACCEPTED and not reason.strip():
        return {"reason": "Enter why you do not accept the comment"}
    return {}


def due_on_error(due_on: dt.date | None, *, today: dt.date) -> str | None:
    """A factual-accuracy check's due date is a calendar date after today."""
    if due_on is None:
        return "Enter the date the check is due"
    if due_on <= today:
        return "The due date must be after today"
    return None


def factual_status(*, status: str, due_on: dt.date, today: dt.date) -> str:
    """open, answered, withdrawn, or overdue (open and past its due date; due on the day itself is not
    overdue)."""
    if status in (ANSWERED, WITHDRAWN):
        return status
    return OVERDUE if due_on < today else OPEN


STATUS_LABELS = {OPEN: "Open", ANSWERED: "Answered", OVERDUE: "Overdue", WITHDRAWN: "Withdrawn"}


def reply_error(*, reply: str, corrections: int) -> str | None:
    """The agency's reply: "corrections" needs at least one correction sent; "no corrections" needs none."""
    if reply == "corrections" and corrections == 0:
        return "Add your factual corrections before sending, or select that there are none"
    if reply == "no_corrections" and corrections > 0:
        return "You have added corrections: select that you have sent factual corrections"
    if reply not in ("corrections", "no_corrections"):
        return "Select whether you have factual corrections"
    return None
