"""Pure rules of the practitioners register (no Django): table-tested in tests/test_rules.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from safeguarding_reviews.parallel_processes.constraints import Block


def involvement_errors(
    involved_from: dt.date | None, involved_to: dt.date | None, *, today: dt.date
) -> dict[str, str]:
    """Why an involvement period cannot be recorded, by field: {} when it can. Both dates are optional (a
    practitioner may still be involved, or the start may not be known); neither may be in the future, and the
    end may not come before the start."""
    errors: dict[str, str] = {}
    if involved_from is not None and involved_from > today:
        errors["involved_from"] = "The date they were involved from must be today or in the past"
    if involved_to is not None and involved_to > today:
        errors["involved_to"] = "The date they were involved until must be today or in the past"
    if involved_from is not None and involved_to is not None and involved_to < involved_from and not errors:
        errors["involved_to"] = "The date they were involved until must be the same as or after the date from"
    return errors


def long_date(day: dt.date) -> str:
    """3 March 2026."""
    return f"{day.day} {day:%B %Y}"


_long = long_date


def period_text(involved_from: dt.date | None, involved_to: dt.date | None) -> str:
    """The involvement period in words: "From 3 March 2026 to 9 June 2026", "From 3 March 2026",
    "Until 9 June 2026" or "Not recorded"."""
    if involved_from and involved_to:
        return f"From {_long(involved_from)} to {_long(involved_to)}"
    if involved_from:
        return f"From {_long(involved_from)}"
    if involved_to:
        return f"Until {_long(involved_to)}"
    return "Not recorded"


# Issue 14, item 1: involvement. Choice values are those of models.py (kept as plain strings here).


def invitation_errors(
    *,
    invited_on: dt.date | None,
    event_on: dt.date | None,
    response: str,
    attended: str,
    today: dt.date,
) -> dict[str, str]:
    """Why an invitation (with its reply and attendance) cannot be recorded, by field: {} when it can. The
    invitation is dated today or before; the conversation or event is not before it; someone attended only a
    conversation or event they accepted and that has happened (its date known and not in the future)."""
    errors: dict[str, str] = {}
    if invited_on is not None and invited_on > today:
        errors["invited_on"] = "The date invited must be today or in the past"
    if invited_on is not None and event_on is not None and event_on < invited_on and not errors:
        errors["event_on"] = (
            "The date of the conversation or event must be the same as or after the date invited"
        )
    if attended in ("yes", "no") and response != "accepted":
        errors["attended"] = "Record attendance only for an invitation they accepted"
    elif attended in ("yes", "no") and event_on is None:
        errors["event_on"] = "Enter the date of the conversation or event to record attendance"
    elif attended in ("yes", "no") and event_on is not None and event_on > today:
        errors["attended"] = "Record attendance once the conversation or event has taken place"
    return errors


def statement_errors(*, given_on: dt.date | None, today: dt.date) -> dict[str, str]:
    """Why the no-blame statement cannot be recorded as given: it cannot be given in the future."""
    if given_on is not None and given_on > today:
        return {"given_on": "The date given must be today or in the past"}
    return {}


def draft_errors(
    *, shared_on: dt.date | None, commented: str, commented_on: dt.date | None, today: dt.date
) -> dict[str, str]:
    """Why the draft's sharing cannot be recorded: shared today or before; a date of comments only when they
    commented, not before the draft was shared and not in the future."""
    errors: dict[str, str] = {}
    if shared_on is not None and shared_on > today:
        errors["shared_on"] = "The date the draft was shared must be today or in the past"
    if commented_on is not None and commented != "yes":
        errors["commented_on"] = "Leave the date of their comments blank unless they commented"
    elif commented_on is not None and commented_on > today:
        errors["commented_on"] = "The date of their comments must be today or in the past"
    elif commented_on is not None and shared_on is not None and commented_on < shared_on:
        errors["commented_on"] = "The date of their comments must be the same as or after the date shared"
    return errors


@dataclass(frozen=True)
class InvolvementStatus:
    """A practitioner's involvement in a few words, for the register's list and the involvement page."""

    statement: str
    statement_missing: bool  # invited (or the draft shared) without the no-blame statement recorded
    invited: str
    attended: str
    draft: str
    statement_late: bool = False  # given after the first invitation was sent


def involvement_status(
    *,
    statement_on: dt.date | None,
    invitations: list[tuple[str, str]],
    draft_shared_on: dt.date | None,
    draft_commented: str,
    first_invited_on: dt.date | None = None,
) -> InvolvementStatus:
    """The compact status of one practitioner. `invitations` are (response, attended) pairs. The statement is
    flagged missing once they have been invited or sent the draft without it, and late when it was given after
    the first invitation (`first_invited_on`): a partnership gives it no later than the first invitation
    (docs/practitioners.md)."""
    statement = f"Given {_long(statement_on)}" if statement_on else "Not recorded"
    late = statement_on is not None and first_invited_on is not None and statement_on > first_invited_on
    if late:
        assert first_invited_on is not None
        statement += f", after the first invitation ({_long(first_invited_on)})"
    involved = bool(invitations) or draft_shared_on is not None
    if not invitations:
        invited = "Not invited"
    else:
        accepted = sum(1 for response, _ in invitations if response == "accepted")
        awaiting = sum(1 for response, _ in invitations if response == "awaiting")
        invited = f"{len(invitations)} {'invitation' if len(invitations) == 1 else 'invitations'}"
        parts = [f"{accepted} accepted"] if accepted else []
        if awaiting:
            parts.append(f"{awaiting} awaiting a reply")
        if parts:
            invited += f" ({', '.join(parts)})"
    attended_count = sum(1 for _, attended in invitations if attended == "yes")
    if any(response == "accepted" for response, _ in invitations):
        attended = f"Attended {attended_count} of {sum(1 for r, _ in invitations if r == 'accepted')}"
    else:
        attended = "Not applicable" if invitations else "Not invited"
    if draft_shared_on is None:
        draft = "Not shared"
    else:
        comment = {"yes": "commented", "no": "did not comment"}.get(draft_commented, "no comments yet")
        draft = f"Shared {_long(draft_shared_on)}, {comment}"
    return InvolvementStatus(
        statement=statement,
        statement_missing=involved and statement_on is None,
        statement_late=late,
        invited=invited,
        attended=attended,
        draft=draft,
    )


# A parallel process's constraint on the review (parallel_processes: e.g. "no interviews until the trial")
# blocks new invitations and sharing the draft while it is active. A reply to an invitation sent before, the
# attendance, and the no-blame statement are still recorded.


def invitation_refusal(blocks: Mapping[str, Sequence[str]]) -> str | None:
    """Inviting a practitioner to a conversation or an event is refused while a constraint blocks the
    practitioner event and interviews."""
    reasons = blocks.get(Block.PRACTITIONER_EVENT)
    if not reasons:
        return None
    return f"Practitioner events and interviews are blocked by a parallel process: {'; '.join(reasons)}"


def draft_refusal(blocks: Mapping[str, Sequence[str]]) -> str | None:
    """Sharing the draft with a practitioner is refused while a constraint blocks sharing the draft."""
    reasons = blocks.get(Block.DRAFT_SHARING)
    if not reasons:
        return None
    return f"Sharing the draft report is blocked by a parallel process: {'; '.join(reasons)}"
