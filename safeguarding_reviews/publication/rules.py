"""The rules of publishing a local child safeguarding practice review (issue 15 items 5 to 8). Pure.

Sources: Working Together to Safeguard Children 2023, chapter 5 ("Publication of reports"; the same wording as
Working Together 2018, chapter 4, paragraphs 45 and 46): the safeguarding partners publish the report, or,
where they consider publication inappropriate, information about the improvements to be made, with their
reasons; they send the report (or that information) to the Child Safeguarding Practice Review Panel and the
Secretary of State no later than seven working days before the date of publication, and to Ofsted within the
same timescale; a published report stays publicly available for at least a year (the Panel's practice
guidance). The numbers, the recipients and the Ofsted condition are rule data (rule_data.py, the
PublicationRules model), never constants here: these functions take them as arguments.

Working days follow the project's one convention (working_days.calculator): N working days after D is the Nth
working day strictly after D.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass

from safeguarding_reviews.core.choices import TextChoices
from safeguarding_reviews.working_days.calculator import add_working_days


class FileKind(TextChoices):
    REPORT = "report", "The final report, for publication"
    IMPROVEMENTS = "improvements", "Information about the improvements"
    BRIEFING = "briefing", "Seven-minute briefing"


class Decision(TextChoices):
    PUBLISH_REPORT = "publish_report", "Publish the report"
    IMPROVEMENTS_ONLY = "improvements_only", "Publish information about the improvements only"


class Recipient(TextChoices):
    PANEL = "panel", "The Child Safeguarding Practice Review Panel"
    SECRETARY_OF_STATE = "secretary_of_state", "The Secretary of State (Department for Education)"
    OFSTED = "ofsted", "Ofsted"


class OfstedWhen(TextChoices):
    """When the notice goes to Ofsted too (rule data)."""

    ALWAYS = "always", "Always, within the same timescale"
    NEVER = "never", "Not part of the notice"


class HoldState(TextChoices):
    REQUESTED = "requested", "Waiting for a business manager's approval"
    HELD = "held", "Held"
    REFUSED = "refused", "Refused"
    LIFTED = "lifted", "Lifted"


class ClockOutcome(TextChoices):
    MET = "met", "Met"
    LATE = "late", "Late"


# The file each decision publishes.
PUBLISHED_KIND = {
    Decision.PUBLISH_REPORT: FileKind.REPORT,
    Decision.IMPROVEMENTS_ONLY: FileKind.IMPROVEMENTS,
}
# A reminder goes this many days before a published report's "available until" date: a local working
# choice (time to decide whether to keep it up), not a statutory period.
AVAILABLE_UNTIL_REMINDER_DAYS = 30
REASONS_LIMIT = 5000


def long_date(day: dt.date) -> str:
    """As the pages write dates: 1 March 2027."""
    return f"{day.day} {day:%B %Y}"


def published_kind(decision: str) -> str:
    return str(PUBLISHED_KIND[Decision(decision)])


# --- the files -----------------------------------------------------------------------------------------

# What a publishable file may be, by its content (documents.inspection): Word or PDF, as the report's drafts.
FILE_TYPES = frozenset({"docx", "pdf"})


def file_type_error(detected: str) -> str | None:
    if detected in FILE_TYPES:
        return None
    return "The selected file must be a Word document (DOCX) or a PDF"


# --- item 5: the decision ------------------------------------------------------------------------------


def decision_errors(*, decision: str, reasons: str) -> dict[str, str]:
    """The partners' decision: one of the two choices; reasons required when only the improvements are
    published (Working Together: "with the reasons")."""
    if decision not in Decision.values:
        return {"decision": "Select what the partners decided to publish"}
    reasons = reasons.strip()
    if decision == Decision.IMPROVEMENTS_ONLY and not reasons:
        return {
            "reasons": "Enter the partners' reasons for publishing information about the improvements only"
        }
    if len(reasons) > REASONS_LIMIT:
        return {"reasons": f"The reasons must be {REASONS_LIMIT} characters or fewer"}
    return {}


# --- item 7: the notice before publication --------------------------------------------------------------


def earliest_planned_date(
    *, sent_on: dt.date, notice_working_days: int, non_working: Set[dt.date]
) -> dt.date:
    """The first date publication may be planned for: `notice_working_days` working days after the notice
    was sent (sent at least that many working days before the date of publication)."""
    return add_working_days(sent_on, notice_working_days, non_working=non_working)


def planned_date_error(
    *, planned_on: dt.date, sent_on: dt.date, notice_working_days: int, non_working: Set[dt.date]
) -> str | None:
    """Why the planned publication date is refused, naming the earliest allowed date; None if allowed."""
    earliest = earliest_planned_date(
        sent_on=sent_on, notice_working_days=notice_working_days, non_working=non_working
    )
    if planned_on >= earliest:
        return None
    days = f"{notice_working_days} working day{'s' if notice_working_days != 1 else ''}"
    return (
        f"The planned publication date must be at least {days} after the notice is sent: "
        f"the earliest is {long_date(earliest)}"
    )


def sent_on_error(*, sent_on: dt.date, today: dt.date) -> str | None:
    if sent_on > today:
        return "The date the notice was sent must be today or in the past"
    return None


def notice_recipients(*, recipients: Iterable[str], ofsted_when: str) -> tuple[str, ...]:
    """Who the notice goes to under a rule set: its listed recipients, plus Ofsted when the rule set says
    so, in the Recipient order, each once."""
    wanted = {str(r) for r in recipients}
    if ofsted_when == OfstedWhen.ALWAYS:
        wanted.add(Recipient.OFSTED)
    return tuple(value for value in Recipient.values if value in wanted)


# --- item 8: the publication record ---------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months on; the month's last day when it has no such day (29 February
    plus 12 months is 28 February)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_available_until(*, published_on: dt.date, available_months: int) -> dt.date:
    return add_months(published_on, available_months)


def available_until_error(
    *, available_until: dt.date, published_on: dt.date, available_months: int
) -> str | None:
    earliest = earliest_available_until(published_on=published_on, available_months=available_months)
    if available_until >= earliest:
        return None
    return (
        "The report must stay available for at least "
        f"{_months(available_months)} after it is published: the earliest is {long_date(earliest)}"
    )


def _months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "one year" if years == 1 else f"{years} years"
    return f"{months} month{'s' if months != 1 else ''}"


def available_until_reminder_on(available_until: dt.date) -> dt.date:
    return available_until - dt.timedelta(days=AVAILABLE_UNTIL_REMINDER_DAYS)


def clock_outcome(*, due_on: dt.date | None, published_on: dt.date) -> str | None:
    """The LCSPR publication clock at publication: met on or before its due date, late after it; None when
    the case has no publication clock."""
    if due_on is None:
        return None
    return ClockOutcome.MET if published_on <= due_on else ClockOutcome.LATE


def late_reason_error(*, outcome: str | None, reason: str) -> str | None:
    if outcome == ClockOutcome.LATE and not reason.strip():
        return "Enter the reason the review was published after the clock's due date"
    return None


def published_on_error(*, published_on: dt.date, today: dt.date, earliest: dt.date | None) -> str | None:
    """The date published: not in the future, and not before the notice allowed."""
    if published_on > today:
        return "The date published must be today or in the past"
    if earliest is not None and published_on < earliest:
        return (
            "The review cannot have been published before the notice period ended: "
            f"the earliest date is {long_date(earliest)}"
        )
    return None


def panel_told_error(*, panel_told_on: dt.date | None, published_on: dt.date, today: dt.date) -> str | None:
    if panel_told_on is None:
        return None
    if panel_told_on > today:
        return "The date the Panel was told must be today or in the past"
    if panel_told_on < published_on:
        return "The date the Panel was told of the publication cannot be before the date published"
    return None


# --- item 6: holds --------------------------------------------------------------------------------------


def hold_errors(*, reason: str, agreed_by: str, review_on: dt.date | None, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Enter the reason publication is held, for example the criminal trial"
    if not agreed_by.strip():
        errors["agreed_by"] = "Enter the role of the person who agreed the hold"
    if review_on is None:
        errors["review_on"] = "Enter the date the hold will be reviewed"
    elif review_on <= today:
        errors["review_on"] = "The review date must be in the future"
    return errors


def hold_state(*, adjustment_status: str, lifted: bool) -> str:
    """The hold's state from its clock pause (clocks.DeadlineAdjustment status): pending, approved, refused
    or ended. A pause ended on the clocks page ends the hold too."""
    if lifted or adjustment_status == "ended":
        return HoldState.LIFTED
    return {
        "pending": HoldState.REQUESTED,
        "approved": HoldState.HELD,
        "refused": HoldState.REFUSED,
    }.get(adjustment_status, HoldState.LIFTED)


# --- what may happen next -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationFacts:
    """Where a case's publication stands, for the refusals and the task list."""

    at_lcspr: bool
    has_final_report: bool
    decision: str  # "" until decided
    file_version: int | None  # the latest version of the file the decision publishes
    file_publishable: bool
    signed_off: bool  # the three partners agree with the decision and that exact version
    notice_matches: bool  # a notice was recorded for exactly the signed version
    holds_active: int
    publication_blocked: tuple[str, ...] = ()  # reasons from parallel processes' constraints
    published: bool = False


def signing_refusal(facts: PublicationFacts) -> str | None:
    if not facts.decision:
        return "The partners' decision has not been recorded"
    if facts.file_version is None:
        return f"There is no file of {FileKind(PUBLISHED_KIND[Decision(facts.decision)]).label.lower()} yet"
    if not facts.file_publishable:
        return (
            f"Version {facts.file_version} of the file is not publishable: its redaction check has findings "
            "to resolve, or it could not be checked"
        )
    return None


def notice_refusals(facts: PublicationFacts) -> list[str]:
    reasons = []
    if not facts.at_lcspr:
        reasons.append("The case is not at the LCSPR stage")
    refusal = signing_refusal(facts)
    if refusal:
        reasons.append(refusal)
    elif not facts.signed_off:
        reasons.append("The three partners have not all signed the decision and this version of the file")
    return reasons


def publish_refusals(facts: PublicationFacts) -> list[str]:
    reasons = notice_refusals(facts)
    if not reasons and not facts.notice_matches:
        reasons.append("The notice before publication has not been sent for this version of the file")
    if facts.holds_active:
        reasons.append("Publication is held: lift the hold first")
    reasons.extend(f"A parallel process blocks publication: {reason}" for reason in facts.publication_blocked)
    return reasons
