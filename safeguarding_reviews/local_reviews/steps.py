"""What may be done at each step of a local review, given its state. Pure (no Django): table-tested in
tests/test_steps.py. Services refuse with `refusal(...)`'s reason; the task list shows the same reason.

A constraint on the review (parallel_processes.ProcessConstraint: e.g. "no contact with the family until the
verdict") blocks the steps named in BLOCKED_BY while it is active, with its reason shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from safeguarding_reviews.core.choices import TextChoices
from safeguarding_reviews.parallel_processes.constraints import Block


class Step(TextChoices):
    PLAN = "plan", "Change the plan"
    TERMS = "terms", "Write the terms of reference"
    TERMS_AGREEMENT = "terms_agreement", "Record the LCPC's agreement to the terms of reference"
    METHODOLOGY = "methodology", "Choose the methodology"
    METHODOLOGY_AGREEMENT = "methodology_agreement", "Record the LCPC's agreement to the methodology"
    PROGRESS_REVIEW = "progress_review", "Record a progress review"
    FAMILY_CONTACT = "family_contact", "Record contact with the family"
    PRACTITIONER_EVENT = "practitioner_event", "Mark the practitioner event as held"
    FIRST_DRAFT = "first_draft", "Mark the first draft as shared"
    PUBLICATION = "publication", "Mark the report as published"


BLOCKED_BY: dict[str, str] = {
    Step.FAMILY_CONTACT: Block.FAMILY_CONTACT,
    Step.PRACTITIONER_EVENT: Block.PRACTITIONER_EVENT,
    Step.FIRST_DRAFT: Block.DRAFT_SHARING,
    Step.PUBLICATION: Block.PUBLICATION,
}


@dataclass(frozen=True)
class ReviewState:
    closed: bool = False
    has_terms: bool = False
    terms_agreed: bool = False  # the current version is agreed
    terms_signed: bool = False  # the three partners' delegates signed the current version, all agreeing
    has_methodology: bool = False
    methodology_agreed: bool = False
    final_report_done: bool = False
    signed_off: bool = False
    # Active constraints: Block code -> the reasons given, one per constraint.
    blocks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


NEEDS_TERMS_AGREED = "The LCPC must agree the terms of reference first"
NEEDS_METHODOLOGY_AGREED = "The LCPC must agree the methodology first"


def refusal(step: str, state: ReviewState) -> str | None:
    """Why `step` may not be done now, or None when it may."""
    if state.closed:
        return "The case is closed"
    block = BLOCKED_BY.get(step)
    if block is not None and state.blocks.get(block):
        reasons = "; ".join(state.blocks[block])
        return f"{Block(block).label} is blocked by a parallel process: {reasons}"
    if step == Step.TERMS_AGREEMENT and not state.has_terms:
        return "Write the terms of reference first"
    if step == Step.METHODOLOGY_AGREEMENT:
        if not state.has_methodology:
            return "Choose the methodology first"
        if not state.terms_agreed:
            return NEEDS_TERMS_AGREED
    if step in (Step.FAMILY_CONTACT, Step.PRACTITIONER_EVENT) and not state.terms_agreed:
        return NEEDS_TERMS_AGREED
    if step in (Step.PRACTITIONER_EVENT, Step.FIRST_DRAFT) and not state.methodology_agreed:
        return NEEDS_METHODOLOGY_AGREED
    if step == Step.PUBLICATION and not (state.final_report_done and state.signed_off):
        return "The final report must be done and signed off first"
    return None


class RowStatus(TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANNOT_START = "cannot_start", "Cannot start yet"
    BLOCKED = "blocked", "Blocked"


def terms_status(state: ReviewState) -> RowStatus:
    """Completed only when the LCPC agreed the current version AND the three partners signed it (the two
    are independent: either may come first)."""
    if state.terms_agreed and state.terms_signed:
        return RowStatus.COMPLETED
    return RowStatus.IN_PROGRESS if state.has_terms else RowStatus.NOT_STARTED


def terms_progress(state: ReviewState) -> str:
    """The task list's words for where the current terms of reference stand."""
    if not state.has_terms:
        return "Not written yet"
    if state.terms_agreed and state.terms_signed:
        return "Agreed and signed"
    if state.terms_agreed:
        return "Agreed by the LCPC, not yet signed by the three partners"
    if state.terms_signed:
        return "Signed by the three partners, not yet agreed by the LCPC"
    return "Not yet agreed by the LCPC or signed by the three partners"


def methodology_status(state: ReviewState) -> RowStatus:
    if state.methodology_agreed:
        return RowStatus.COMPLETED
    return RowStatus.IN_PROGRESS if state.has_methodology else RowStatus.NOT_STARTED


def step_status(step: str, state: ReviewState, *, done: bool) -> RowStatus:
    """A single-action step's row: completed when done, blocked by a constraint, cannot start before what it
    needs, else not started."""
    if done:
        return RowStatus.COMPLETED
    block = BLOCKED_BY.get(step)
    if block is not None and state.blocks.get(block):
        return RowStatus.BLOCKED
    return RowStatus.NOT_STARTED if refusal(step, state) is None else RowStatus.CANNOT_START
