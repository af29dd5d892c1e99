"""The independent reviewer's rules, pure (no Django): what each state of an appointment lets the reviewer
see and do, what a complete independence declaration is, the commission's dates, and what a review
committee (LCPC) member sees of a case. Table tests: tests/test_rules.py.

An appointment moves INVITED (a new person, until they accept the invitation) -> AWAITING_DECLARATION ->
DECLARED -> ACCEPTED or REFUSED. Declaring a conflict does not refuse anyone: the business manager decides.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping


class State(enum.StrEnum):
    INVITED = "invited"
    AWAITING_DECLARATION = "awaiting_declaration"
    DECLARED = "declared"
    ACCEPTED = "accepted"
    REFUSED = "refused"


STATE_LABELS = {
    State.INVITED: "Invited: has not accepted the invitation yet",
    State.AWAITING_DECLARATION: "Waiting for their independence declaration",
    State.DECLARED: "Declaration made: waiting for the business manager's decision",
    State.ACCEPTED: "Accepted",
    State.REFUSED: "Refused",
}

# While one of these stands, no second reviewer can be appointed to the case.
ACTIVE_STATES = frozenset({State.INVITED, State.AWAITING_DECLARATION, State.DECLARED, State.ACCEPTED})


class Sees(enum.Enum):
    DECLARATION = "declaration"  # their own declaration page (with the names they need to answer)
    FAMILY_NAMES = "family_names"  # the names shown on the declaration page while they answer it
    CASE = "case"  # the case's pages, as cases.policies allows a named reviewer
    IDENTITY = "identity"  # identity details on those pages


def reviewer_sees(state: State, *, identity_granted: bool) -> frozenset[Sees]:
    """What the appointed person may see. Nothing before they accept the invitation or once refused; only
    their declaration until it is accepted; the case once accepted, with identity details only by grant."""
    if state is State.AWAITING_DECLARATION:
        return frozenset({Sees.DECLARATION, Sees.FAMILY_NAMES})
    if state is State.DECLARED:
        return frozenset({Sees.DECLARATION})
    if state is State.ACCEPTED:
        seen = {Sees.DECLARATION, Sees.CASE}
        if identity_granted:
            seen.add(Sees.IDENTITY)
        return frozenset(seen)
    return frozenset()


def may_declare(state: State) -> bool:
    return state is State.AWAITING_DECLARATION


def may_decide(state: State) -> bool:
    return state is State.DECLARED


def may_appoint(*, has_local_review: bool, active_states: list[State]) -> str | None:
    """Why a new reviewer cannot be appointed now, or None: only to a case with a local review (a statutory
    LCSPR or a local learning review), and after a refusal a new one can be."""
    if not has_local_review:
        return (
            "A reviewer can be appointed once the case has a local review "
            "(an LCSPR or a local learning review)"
        )
    if any(s in ACTIVE_STATES for s in active_states):
        return "This review already has a reviewer: a new one can be appointed only after a refusal"
    return None


def task_row(state: State | None, name: str) -> tuple[str, str]:
    """The local review task list's reviewer row, from the case's latest appointment: (status, hint). The
    status is one of the task list's ("not_started", "in_progress", "completed")."""
    if state is None:
        return "not_started", "No reviewer appointed yet"
    if state is State.INVITED:
        return "in_progress", f"{name} invited: has not accepted the invitation yet"
    if state is State.AWAITING_DECLARATION:
        return "in_progress", f"{name} appointed: waiting for their independence declaration"
    if state is State.DECLARED:
        return "in_progress", f"{name} has declared: waiting for the business manager's decision"
    if state is State.ACCEPTED:
        return "completed", f"Accepted: {name}"
    return "not_started", f"{name} was refused: appoint another reviewer"


QUESTIONS = (
    ("family", "Have you had any prior involvement with the child or family?"),
    ("agencies", "Have you had any prior involvement with the agencies in scope?"),
    ("services", "Have you worked for or with the area's services during the scope period?"),
    ("other", "Do you have any other interest that could affect your independence?"),
)


def declaration_errors(answers: Mapping[str, tuple[bool | None, str]]) -> dict[str, str]:
    """Each question answered yes or no, with details when yes (error keys: the question, or its details)."""
    errors: dict[str, str] = {}
    for key, _question in QUESTIONS:
        answer, details = answers.get(key, (None, ""))
        if answer is None:
            errors[key] = "Select yes or no"
        elif answer and not details.strip():
            errors[f"{key}_details"] = "Give details"
    return errors


def declares_conflict(answers: Mapping[str, tuple[bool | None, str]]) -> bool:
    return any(answers.get(key, (None, ""))[0] for key, _q in QUESTIONS)


def commission_errors(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    if start is not None and end is not None and end < start:
        return {"end_date": "The end date must be the same as or after the start date"}
    return {}


class CommitteeSees(enum.Enum):
    CASE = "case"  # the case's pages, read-only
    COMMENTS = "comments"  # the review's comment thread, and may comment


def committee_sees(
    *, committee_member: bool, listed: bool, named: bool, restricted: bool
) -> frozenset[CommitteeSees]:
    """A review committee (LCPC) member of the case's lead partnership: the case when named on it, or when
    the review is on the committee's list (not a restricted case); comments only on a listed review. Never
    identity details."""
    if not committee_member:
        return frozenset()
    seen = set()
    if named or (listed and not restricted):
        seen.add(CommitteeSees.CASE)
        if listed:
            seen.add(CommitteeSees.COMMENTS)
    return frozenset(seen)
