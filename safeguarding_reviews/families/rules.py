"""Pure rules of the family's involvement (no Django): table-tested in tests/test_rules.py. Choice values are
those of models.py, kept as plain strings here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from safeguarding_reviews.subjects.identity_parts import name_errors, postcode_error

FAMILY_CONTACT_BLOCK = "family_contact"  # parallel_processes.constraints.Block.FAMILY_CONTACT
DRAFT_SHARING_BLOCK = "draft_sharing"  # parallel_processes.constraints.Block.DRAFT_SHARING
MEETING_RESULTS = frozenset({"held", "cancelled"})
ATTEMPT_RESULTS = frozenset({"no_response", "spoke", "agreed", "declined"})


class Status:
    """A member's involvement in a word (the family page and the task list)."""

    NOT_DECIDED = "not_decided"
    NOT_APPROACHED = "not_approached"
    APPROACHED = "approached"
    ENGAGED = "engaged"
    DECLINED = "declined"


STATUS_LABELS = {
    Status.NOT_DECIDED: "Not decided",
    Status.NOT_APPROACHED: "Not approached",
    Status.APPROACHED: "Approached",
    Status.ENGAGED: "Taking part",
    Status.DECLINED: "Declined",
}


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def approach_errors(
    *,
    approach: str,
    method: str,
    reason: str,
    decided_on: dt.date | None,
    is_child: bool,
    wishes: str,
    adaptation: str,
    today: dt.date,
) -> dict[str, str]:
    """Why an approach decision cannot be recorded, by field: {} when it can. Approaching needs how; not
    approaching needs the reasons (e.g. a criminal trial, agreed with the police). For a child, their wishes
    are recorded whatever is decided, and approaching them needs how their involvement is adapted to their
    age and understanding. The decision is dated today or before."""
    errors: dict[str, str] = {}
    if approach not in ("yes", "no"):
        errors["approach"] = "Select whether to approach them"
    elif approach == "yes" and not method:
        errors["approach_method"] = "Select how they will be approached"
    elif approach == "no" and _blank(reason):
        errors["approach_reason"] = "Enter the reasons for not approaching them"
    if decided_on is not None and decided_on > today:
        errors["decided_on"] = "The date decided must be today or in the past"
    if is_child and _blank(wishes):
        errors["child_wishes"] = "Enter the child's wishes about taking part, or that they could not be known"
    if is_child and approach == "yes" and _blank(adaptation):
        errors["child_adaptation"] = "Enter how their involvement is adapted to their age and understanding"
    return errors


def member_errors(
    *, relationship: str, is_child: bool, age_years: int | None, identity: Mapping[str, Any] | None
) -> dict[str, str]:
    """Why an added member's details cannot be saved, by field: {} when they can. A relationship is needed;
    an age only for a child, from 0 to 17; when the identity is being saved (`identity` not None: those
    without identity access never send one), a first name or a last name, and a postcode (if given) shaped
    like a UK postcode."""
    errors: dict[str, str] = {}
    if _blank(relationship):
        errors["relationship"] = "Enter their relationship to the child"
    if age_years is not None and not is_child:
        errors["age_years"] = "Enter an age only for a child"
    elif age_years is not None and not 0 <= age_years <= 17:
        errors["age_years"] = "Enter an age from 0 to 17"
    elif is_child and age_years is None:
        # A child's involvement respects their age: it is recorded (a child of the case's people has theirs
        # from the date of birth on the case).
        errors["age_years"] = "Enter the child's age"
    if identity is not None:
        errors |= name_errors(identity.get("first_names") or "", identity.get("last_name") or "")
        if (postcode := postcode_error(identity.get("postcode") or "")) is not None:
            errors["postcode"] = postcode
    return errors


def family_contact_refusal(blocks: Mapping[str, Sequence[str]]) -> str | None:
    """Why contact with the family is refused now (an active constraint of a parallel process, with its
    reasons), or None. Recording contacts, meetings, sending the letter and a decision to approach are
    refused; a decision not to approach is not."""
    reasons = blocks.get(FAMILY_CONTACT_BLOCK)
    if not reasons:
        return None
    return f"Contact with the family is blocked by a parallel process: {'; '.join(reasons)}"


def approach_refusal(approach: str, blocks: Mapping[str, Sequence[str]]) -> str | None:
    """A decision to approach is refused while contact is blocked; deciding not to approach never is."""
    return family_contact_refusal(blocks) if approach == "yes" else None


NOT_APPROACHED_DRAFT = (
    "The review decided not to approach them: record a decision to approach them before sharing the draft"
)


def draft_refusal(blocks: Mapping[str, Sequence[str]], *, approach: str = "") -> str | None:
    """Sharing the draft with a family member is contact with them: refused while a constraint blocks sharing
    the draft or contact with the family, and when the review decided not to approach them (`approach`
    "no"; "" when nothing is decided yet, which does not refuse)."""
    reasons = blocks.get(DRAFT_SHARING_BLOCK)
    if reasons:
        return f"Sharing the draft report is blocked by a parallel process: {'; '.join(reasons)}"
    if (contact := family_contact_refusal(blocks)) is not None:
        return contact
    if approach == "no":
        return NOT_APPROACHED_DRAFT
    return None


def contact_errors(
    *, kind: str, on: dt.date | None, result: str, attended_by: str, today: dt.date
) -> dict[str, str]:
    """Why a contact attempt or meeting cannot be recorded: dated today or before; an attempt's result is an
    attempt's (no response, spoke, agreed, declined), a meeting's is held or cancelled; a meeting held says
    who attended (by role)."""
    errors: dict[str, str] = {}
    if on is not None and on > today:
        errors["on"] = "The date must be today or in the past"
    if kind == "meeting" and result and result not in MEETING_RESULTS:
        errors["result"] = "Select whether the meeting was held or cancelled"
    elif kind == "attempt" and result and result not in ATTEMPT_RESULTS:
        errors["result"] = "Select the result of the contact attempt"
    if kind == "meeting" and result == "held" and _blank(attended_by):
        errors["attended_by"] = "Enter who attended, by role"
    return errors


def expectations_errors(*, explained_on: dt.date | None, today: dt.date) -> dict[str, str]:
    if explained_on is not None and explained_on > today:
        return {"expectations_on": "The date explained must be today or in the past"}
    return {}


def draft_errors(
    *, shared_on: dt.date | None, response: str, response_on: dt.date | None, today: dt.date
) -> dict[str, str]:
    """Why the draft's sharing cannot be recorded: shared today or before; a date of response only with a
    response, not before the sharing and not in the future."""
    errors: dict[str, str] = {}
    if shared_on is not None and shared_on > today:
        errors["draft_shared_on"] = "The date the draft was shared must be today or in the past"
    if response_on is not None and response in ("", "not_yet"):
        errors["draft_response_on"] = "Leave the date of their response blank until they respond"
    elif response_on is not None and response_on > today:
        errors["draft_response_on"] = "The date of their response must be today or in the past"
    elif response_on is not None and shared_on is not None and response_on < shared_on:
        errors["draft_response_on"] = (
            "The date of their response must be the same as or after the date shared"
        )
    return errors


def member_status(*, approach: str, contacts: Sequence[tuple[str, str]]) -> str:
    """A member's status from the decision and their contacts ((kind, result), oldest first): not decided;
    not approached; declined (their latest answer was to decline); taking part (they agreed, or a meeting
    was held); else approached."""
    if approach == "no":
        return Status.NOT_APPROACHED
    if approach != "yes":
        return Status.NOT_DECIDED
    answers = [result for _, result in contacts if result in ("agreed", "declined", "held")]
    if answers and answers[-1] == "declined":
        return Status.DECLINED
    if answers:
        return Status.ENGAGED
    return Status.APPROACHED


def summary(statuses: Sequence[str]) -> str:
    """The task list's words: "None recorded", or "3 members: 1 approached, 1 not approached, 1 not decided".
    Taking part and declined count as approached."""
    if not statuses:
        return "None recorded"
    approached = sum(1 for s in statuses if s in (Status.APPROACHED, Status.ENGAGED, Status.DECLINED))
    not_approached = sum(1 for s in statuses if s == Status.NOT_APPROACHED)
    undecided = sum(1 for s in statuses if s == Status.NOT_DECIDED)
    parts = [f"{approached} approached", f"{not_approached} not approached"]
    if undecided:
        parts.append(f"{undecided} not decided")
    noun = "member" if len(statuses) == 1 else "members"
    return f"{len(statuses)} {noun}: {', '.join(parts)}"


def age_text(age: int | None) -> str:
    if age is None:
        return "Not known"
    return f"{age} year{'s' if age != 1 else ''}"
