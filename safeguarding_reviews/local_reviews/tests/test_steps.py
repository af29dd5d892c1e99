"""What may be done at each step of the review given its state, and each task-list row's status. Table
tests."""

from __future__ import annotations

import pytest

from safeguarding_reviews.local_reviews.steps import (
    NEEDS_METHODOLOGY_AGREED,
    NEEDS_TERMS_AGREED,
    ReviewState,
    RowStatus,
    Step,
    methodology_status,
    refusal,
    step_status,
    terms_progress,
    terms_status,
)
from safeguarding_reviews.parallel_processes.constraints import Block

READY = ReviewState(
    has_terms=True,
    terms_agreed=True,
    terms_signed=True,
    has_methodology=True,
    methodology_agreed=True,
    final_report_done=True,
    signed_off=True,
)
NOTHING = ReviewState()
VERDICT = ("No contact with the family until the verdict",)


def _blocked(block):
    return ReviewState(**{**READY.__dict__, "blocks": {block: VERDICT}})


@pytest.mark.parametrize(
    ("step", "state", "expected"),
    [
        # Always open unless the case is closed.
        (Step.PLAN, NOTHING, None),
        (Step.TERMS, NOTHING, None),
        (Step.METHODOLOGY, NOTHING, None),
        (Step.PROGRESS_REVIEW, NOTHING, None),
        (Step.PLAN, ReviewState(closed=True), "The case is closed"),
        # Agreements need something to agree.
        (Step.TERMS_AGREEMENT, NOTHING, "Write the terms of reference first"),
        (Step.TERMS_AGREEMENT, ReviewState(has_terms=True), None),
        (Step.METHODOLOGY_AGREEMENT, NOTHING, "Choose the methodology first"),
        (Step.METHODOLOGY_AGREEMENT, ReviewState(has_methodology=True), NEEDS_TERMS_AGREED),
        (
            Step.METHODOLOGY_AGREEMENT,
            ReviewState(has_methodology=True, has_terms=True, terms_agreed=True),
            None,
        ),
        # Steps that need the agreed terms and method.
        (Step.FAMILY_CONTACT, NOTHING, NEEDS_TERMS_AGREED),
        (Step.FAMILY_CONTACT, ReviewState(has_terms=True, terms_agreed=True), None),
        (Step.PRACTITIONER_EVENT, ReviewState(has_terms=True, terms_agreed=True), NEEDS_METHODOLOGY_AGREED),
        (Step.PRACTITIONER_EVENT, READY, None),
        (Step.FIRST_DRAFT, NOTHING, NEEDS_METHODOLOGY_AGREED),
        (Step.FIRST_DRAFT, READY, None),
        (
            Step.PUBLICATION,
            ReviewState(final_report_done=True),
            "The final report must be done and signed off first",
        ),
        (Step.PUBLICATION, READY, None),
        # Constraints block the steps they name, with their reason.
        (
            Step.FAMILY_CONTACT,
            _blocked(Block.FAMILY_CONTACT),
            "Contact with the family is blocked by a parallel process: " + VERDICT[0],
        ),
        (
            Step.PRACTITIONER_EVENT,
            _blocked(Block.PRACTITIONER_EVENT),
            "Practitioner event and interviews is blocked by a parallel process: " + VERDICT[0],
        ),
        (
            Step.FIRST_DRAFT,
            _blocked(Block.DRAFT_SHARING),
            "Sharing the draft report is blocked by a parallel process: " + VERDICT[0],
        ),
        (
            Step.PUBLICATION,
            _blocked(Block.PUBLICATION),
            "Publication is blocked by a parallel process: " + VERDICT[0],
        ),
        # A constraint blocks only what it names.
        (Step.PUBLICATION, _blocked(Block.FAMILY_CONTACT), None),
        (Step.FAMILY_CONTACT, _blocked(Block.PUBLICATION), None),
        (Step.PROGRESS_REVIEW, _blocked(Block.FAMILY_CONTACT), None),
    ],
)
def test_refusal(step, state, expected):
    assert refusal(step, state) == expected


def test_two_constraints_show_both_reasons():
    state = ReviewState(**{**READY.__dict__, "blocks": {Block.FAMILY_CONTACT: ("Trial", "Inquest")}})
    assert (refusal(Step.FAMILY_CONTACT, state) or "").endswith("Trial; Inquest")


@pytest.mark.parametrize(
    ("state", "terms", "methodology"),
    [
        (NOTHING, RowStatus.NOT_STARTED, RowStatus.NOT_STARTED),
        (ReviewState(has_terms=True, has_methodology=True), RowStatus.IN_PROGRESS, RowStatus.IN_PROGRESS),
        (READY, RowStatus.COMPLETED, RowStatus.COMPLETED),
    ],
)
def test_part_statuses(state, terms, methodology):
    assert (terms_status(state), methodology_status(state)) == (terms, methodology)


@pytest.mark.parametrize(
    ("state", "status", "words"),
    [
        (NOTHING, RowStatus.NOT_STARTED, "Not written yet"),
        (
            ReviewState(has_terms=True),
            RowStatus.IN_PROGRESS,
            "Not yet agreed by the LCPC or signed by the three partners",
        ),
        (
            ReviewState(has_terms=True, terms_agreed=True),
            RowStatus.IN_PROGRESS,
            "Agreed by the LCPC, not yet signed by the three partners",
        ),
        (
            ReviewState(has_terms=True, terms_signed=True),
            RowStatus.IN_PROGRESS,
            "Signed by the three partners, not yet agreed by the LCPC",
        ),
        (
            ReviewState(has_terms=True, terms_agreed=True, terms_signed=True),
            RowStatus.COMPLETED,
            "Agreed and signed",
        ),
    ],
)
def test_terms_row_needs_agreement_and_signature(state, status, words):
    assert (terms_status(state), terms_progress(state)) == (status, words)


@pytest.mark.parametrize(
    ("step", "state", "done", "expected"),
    [
        (Step.FAMILY_CONTACT, READY, True, RowStatus.COMPLETED),
        (Step.FAMILY_CONTACT, READY, False, RowStatus.NOT_STARTED),
        (Step.FAMILY_CONTACT, NOTHING, False, RowStatus.CANNOT_START),
        (Step.FAMILY_CONTACT, _blocked(Block.FAMILY_CONTACT), False, RowStatus.BLOCKED),
        (Step.FAMILY_CONTACT, _blocked(Block.FAMILY_CONTACT), True, RowStatus.COMPLETED),
    ],
)
def test_step_status(step, state, done, expected):
    assert step_status(step, state, done=done) == expected
