"""The case's tasks, their status and who acts on each: one pure source for the case task list and My tasks.

`dashboards.case_overview.task_list` shows every task of a case with the status `task_status` gives, and
`dashboards.selectors.my_case_tasks` lists, across the cases a person can see, the open tasks that
`tasks_for` says are theirs. Both read the same `CaseFacts` (built by `dashboards.selectors.case_facts`), so a
task that is done on the case page is never still waiting in someone's My tasks, and the reverse.

Pure: plain values in, plain values out (like `cases.stages`, only the Stage choices are imported).
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass

from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.roles import Role

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not started"
CANNOT_START = "Cannot start yet"
NOT_NEEDED = "Not needed"
OPEN = frozenset({NOT_STARTED, IN_PROGRESS})

BUSINESS_UNIT = frozenset({Role.BUSINESS_UNIT_OFFICER, Role.BUSINESS_MANAGER})
LA_DELEGATE = frozenset({Role.DELEGATE_LOCAL_AUTHORITY})
# Which delegate role signs for which partner (signoffs.models.PARTNER_ROLE, as plain values).
PARTNER_OF_ROLE: dict[str, str] = {
    Role.DELEGATE_LOCAL_AUTHORITY: "local_authority",
    Role.DELEGATE_ICB: "icb",
    Role.DELEGATE_POLICE: "police",
}
_BEFORE_NOTIFICATION = frozenset({Stage.REFERRAL, Stage.SCREENING})
_BEFORE_RAPID_REVIEW = _BEFORE_NOTIFICATION | {Stage.NOTIFICATION}


class TaskKey(enum.StrEnum):
    REFERRAL = "referral"
    WRITTEN_CONFIRMATION = "written_confirmation"
    LA_AWARE = "la_aware"
    CHECKLIST = "checklist"
    DECISION = "decision"
    SCRUTINY = "scrutiny"
    NOTIFICATION_SENT = "notification_sent"
    LOCAL_PARTNERS_TOLD = "local_partners_told"
    RETURNS = "returns"
    REPORT = "report"
    SIGNOFF = "signoff"
    SENT_TO_PANEL = "sent_to_panel"
    AFTER_SENDING = "after_sending"


# The task's name, as the case task list shows it and My tasks says it.
NAMES = {
    TaskKey.REFERRAL: "Referral from the agency",
    TaskKey.WRITTEN_CONFIRMATION: "Written confirmation of a phone or email referral",
    TaskKey.LA_AWARE: "When the local authority became aware",
    TaskKey.CHECKLIST: "Criteria checklist",
    TaskKey.DECISION: "Local authority decision",
    TaskKey.SCRUTINY: "Independent scrutiny of the decision",
    TaskKey.NOTIFICATION_SENT: "Notification sent to the Panel",
    TaskKey.LOCAL_PARTNERS_TOLD: "Local safeguarding partners told",
    TaskKey.RETURNS: "Requests to agencies and their returns",
    TaskKey.REPORT: "Rapid review report",
    TaskKey.SIGNOFF: "Sign-off by the three partners",
    TaskKey.SENT_TO_PANEL: "Rapid review sent to the Panel",
    TaskKey.AFTER_SENDING: "What follows the rapid review",
}
# What My tasks asks of the person (the task list names the task; My tasks says what to do).
ASKS = {
    TaskKey.REFERRAL: "Complete the referral",
    TaskKey.WRITTEN_CONFIRMATION: "Record the written confirmation of the referral",
    TaskKey.LA_AWARE: "Record when the local authority became aware",
    TaskKey.CHECKLIST: "Complete the criteria checklist",
    TaskKey.DECISION: "Record the local authority's decision",
    TaskKey.SCRUTINY: "Scrutinise the local authority's decision",
    TaskKey.NOTIFICATION_SENT: "Send the notification to the national Panel",
    TaskKey.LOCAL_PARTNERS_TOLD: "Tell the local safeguarding partners",
    TaskKey.RETURNS: "Read the agency returns submitted",
    TaskKey.REPORT: "Generate the rapid review report",
    TaskKey.SIGNOFF: "Sign off the rapid review for your partner",
    TaskKey.SENT_TO_PANEL: "Send the signed-off rapid review to the Panel",
    TaskKey.AFTER_SENDING: "Record what follows the rapid review: the learning route or the Panel's response",
}
# The clock (clocks rule code) whose due date is the task's own: My tasks shows that date beside the task,
# never the case's next deadline (issue 18 item 2). Tasks without a clock of their own have none.
TASK_CLOCKS: dict[TaskKey, str] = {
    TaskKey.WRITTEN_CONFIRMATION: "written_confirmation",
    TaskKey.CHECKLIST: "notification",
    TaskKey.DECISION: "notification",
    TaskKey.NOTIFICATION_SENT: "notification",
    TaskKey.LOCAL_PARTNERS_TOLD: "local_partners_told",
    TaskKey.REPORT: "rapid_review",
    TaskKey.SIGNOFF: "rapid_review",
    TaskKey.SENT_TO_PANEL: "rapid_review",
}
# The URL name each task links to (all take the case id).
URL_NAMES = {
    TaskKey.REFERRAL: "referrals:case_referral",
    TaskKey.WRITTEN_CONFIRMATION: "referrals:case_referral",
    TaskKey.LA_AWARE: "screening:awareness",
    TaskKey.CHECKLIST: "screening:checklist",
    TaskKey.DECISION: "screening:decide",
    TaskKey.SCRUTINY: "screening:scrutiny",
    TaskKey.NOTIFICATION_SENT: "notifications:detail",
    TaskKey.LOCAL_PARTNERS_TOLD: "notifications:detail",
    TaskKey.RETURNS: "rapid_review:requests",
    TaskKey.REPORT: "reports:case_reports",
    TaskKey.SIGNOFF: "signoffs:overview",
    TaskKey.SENT_TO_PANEL: "panel:submission",
    TaskKey.AFTER_SENDING: "panel:submission",
}
# Who acts on each task: roles in the case's lead partnership (the pages' own policies agree).
ACTORS: dict[TaskKey, frozenset[str]] = {
    TaskKey.REFERRAL: BUSINESS_UNIT,
    TaskKey.WRITTEN_CONFIRMATION: BUSINESS_UNIT,
    TaskKey.LA_AWARE: BUSINESS_UNIT,
    TaskKey.CHECKLIST: BUSINESS_UNIT,
    TaskKey.DECISION: LA_DELEGATE,
    TaskKey.SCRUTINY: frozenset({Role.INDEPENDENT_CHAIR}),
    TaskKey.NOTIFICATION_SENT: BUSINESS_UNIT | LA_DELEGATE,
    TaskKey.LOCAL_PARTNERS_TOLD: BUSINESS_UNIT | LA_DELEGATE,
    TaskKey.RETURNS: BUSINESS_UNIT,
    TaskKey.REPORT: BUSINESS_UNIT,
    TaskKey.SIGNOFF: frozenset(PARTNER_OF_ROLE),
    TaskKey.SENT_TO_PANEL: BUSINESS_UNIT,
    TaskKey.AFTER_SENDING: BUSINESS_UNIT,
}
# Anyone holding none of these in a case's lead partnership has no task on it.
TASK_ROLES: frozenset[str] = frozenset().union(*ACTORS.values())


@dataclass(frozen=True)
class CaseFacts:
    """What the task statuses depend on, as plain values."""

    stage: str
    referral_status: str = ""  # "" when the case has no referral; "draft" or "submitted"
    referral_online: bool = False
    written_confirmation: bool = False
    la_aware: bool = False
    screening_started: bool = False
    decided: bool = False
    chair_commented: bool = False
    notification_sent: bool = False
    local_partners_told: bool = False
    returns_waiting: int = 0  # submitted returns the business unit has not yet accepted or sent back
    returns_requested: bool = False
    report_current: bool = False  # a report generated from the outcome's current version
    report_generated: bool = False  # any report, of any version
    partners_signed: frozenset[str] = frozenset()  # partners with a standing sign-off on the current report
    rapid_review_sent: bool = False
    # After sending (cases/routes.py): the learning route not yet recorded for a case waiting at "Decision"
    # with no LCSPR; or the Panel disagreed or will consider a national review, and what follows is not
    # recorded.
    learning_route_due: bool = False
    follow_up_due: bool = False
    after_sending_done: bool = False  # a learning route or a follow-up has been recorded


# Tasks done exactly when one fact is true (a milestone recorded, a record made).
_DONE_WHEN = {
    TaskKey.LA_AWARE: "la_aware",
    TaskKey.CHECKLIST: "screening_started",
    TaskKey.NOTIFICATION_SENT: "notification_sent",
    TaskKey.LOCAL_PARTNERS_TOLD: "local_partners_told",
    TaskKey.SENT_TO_PANEL: "rapid_review_sent",
}


def _done(flag: bool) -> str:
    return COMPLETED if flag else NOT_STARTED


def task_status(facts: CaseFacts, key: TaskKey) -> str:
    """The task's status on the case task list."""
    if key in _DONE_WHEN:
        return _done(getattr(facts, _DONE_WHEN[key]))
    if key is TaskKey.REFERRAL:
        if facts.referral_status == "submitted":
            return COMPLETED
        return IN_PROGRESS if facts.referral_status else NOT_STARTED
    if key is TaskKey.WRITTEN_CONFIRMATION:
        if facts.referral_status and facts.referral_online:
            return NOT_NEEDED
        return _done(facts.written_confirmation)
    if key is TaskKey.DECISION:
        if facts.decided:
            return COMPLETED
        return NOT_STARTED if facts.screening_started else CANNOT_START
    if key is TaskKey.SCRUTINY:
        if not facts.decided:
            return CANNOT_START
        return _done(facts.chair_commented)
    if key is TaskKey.RETURNS:
        return IN_PROGRESS if facts.returns_waiting or facts.returns_requested else NOT_STARTED
    if key is TaskKey.REPORT:
        # Done once a report exists (issue 18, item 9): a report made from an earlier outcome version is not
        # "in progress" work; report_hint says when the outcome has changed since and sign-off waits for a
        # new one.
        return _done(facts.report_generated or facts.report_current)
    if key is TaskKey.SIGNOFF:
        if facts.rapid_review_sent or len(facts.partners_signed) == len(PARTNER_OF_ROLE):
            return COMPLETED
        return IN_PROGRESS if facts.partners_signed else NOT_STARTED
    if key is TaskKey.AFTER_SENDING:
        if facts.learning_route_due or facts.follow_up_due:
            return NOT_STARTED
        return COMPLETED if facts.after_sending_done else CANNOT_START
    raise ValueError(key)


def report_hint(facts: CaseFacts) -> str:
    """The hint under "Rapid review report" on the case task list: what the status alone cannot say."""
    if facts.report_current or facts.rapid_review_sent:
        return "Generated as DOCX and PDF from the outcome, with the pseudonym only."
    if facts.report_generated:
        return (
            "The outcome has changed since the last report: generate it again before the partners sign off."
        )
    return "Generated as DOCX and PDF from the outcome, with the pseudonym only."


def _shown(facts: CaseFacts, key: TaskKey) -> bool:
    """Whether the task's stage group is on the case task list yet."""
    if key in (TaskKey.NOTIFICATION_SENT, TaskKey.LOCAL_PARTNERS_TOLD):
        return facts.stage not in _BEFORE_NOTIFICATION
    if key in (TaskKey.RETURNS, TaskKey.REPORT, TaskKey.SIGNOFF, TaskKey.SENT_TO_PANEL):
        return facts.stage not in _BEFORE_RAPID_REVIEW
    if key is TaskKey.AFTER_SENDING:
        return facts.rapid_review_sent
    return True


def _waiting_on(facts: CaseFacts, key: TaskKey) -> bool:
    """An open task is someone's to do now only once what it needs is there."""
    if key is TaskKey.RETURNS:
        return facts.returns_waiting > 0  # requests being written are the authors' tasks
    if key is TaskKey.SIGNOFF:
        return facts.report_current
    if key is TaskKey.SENT_TO_PANEL:
        return len(facts.partners_signed) == len(PARTNER_OF_ROLE)
    if key is TaskKey.WRITTEN_CONFIRMATION:  # only for a phone or email referral
        return (
            facts.referral_status != "" and not facts.referral_online and facts.stage in _BEFORE_NOTIFICATION
        )
    if key in (TaskKey.LA_AWARE, TaskKey.CHECKLIST):
        return facts.stage in _BEFORE_NOTIFICATION
    if key is TaskKey.REFERRAL:
        # A draft the business unit recorded (an agency's own draft has no case yet).
        return bool(facts.referral_status)
    if key is TaskKey.SCRUTINY:
        return True
    if key is TaskKey.DECISION:
        return facts.stage == Stage.SCREENING
    return facts.stage not in (Stage.CLOSED,)


def tasks_for(facts: CaseFacts, roles: frozenset[str]) -> list[TaskKey]:
    """The open tasks on this case that are this person's to do, given their roles in its lead partnership,
    in task-list order. A delegate's sign-off is theirs only while their partner has not signed."""
    return list(_tasks_for(facts, frozenset(roles)))


# My tasks asks this of every open case a person sees; cases at the same point share their facts, so the
# answer is remembered per (facts, roles) (both immutable).
@functools.lru_cache(maxsize=4096)
def _tasks_for(facts: CaseFacts, roles: frozenset[str]) -> tuple[TaskKey, ...]:
    mine = []
    for key in TaskKey:
        if not (roles & ACTORS[key]) or not _shown(facts, key):
            continue
        if task_status(facts, key) not in OPEN or not _waiting_on(facts, key):
            continue
        if key is TaskKey.SIGNOFF:
            partners = {PARTNER_OF_ROLE[role] for role in roles if role in PARTNER_OF_ROLE}
            if not partners - facts.partners_signed:
                continue
        mine.append(key)
    return tuple(mine)


# --- Which cases hold a task of someone's: the same rules as a condition a database can test -------------
#
# My tasks reads the open cases in order of reference and stops once the page is full. Reading every open
# case's facts to find the few with a task of this person's grows with the years a deployment holds (an
# Independent Chair, whose only task is scrutiny, read every open case to find none). So the rules above are
# also written as a condition over the same facts, which dashboards.selectors turns into a WHERE clause: the
# database then returns only cases that hold a task of this person's, and the page reads no more of them than
# it shows. `holds` evaluates the same condition in Python; the tests check, over every combination of facts
# and roles, that it holds exactly when `tasks_for` lists a task (so the two can never disagree silently).


@dataclass(frozen=True)
class Fact:
    """A fact is true (`value` True), or equals `value` ("stage", "referral_status"). The facts are
    CaseFacts' fields, "returns_waiting" meaning more than none, and "signed_<partner>" meaning that partner
    has a standing sign-off."""

    name: str
    value: object = True


@dataclass(frozen=True)
class OneOf:
    name: str
    values: frozenset[str]


@dataclass(frozen=True)
class Not:
    term: Condition


@dataclass(frozen=True)
class All:
    terms: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    terms: tuple[Condition, ...]


Condition = Fact | OneOf | Not | All | AnyOf


def _fact_value(facts: CaseFacts, name: str) -> object:
    if name.startswith("signed_"):
        return name.removeprefix("signed_") in facts.partners_signed
    if name == "returns_waiting":
        return facts.returns_waiting > 0
    return getattr(facts, name)


def holds(condition: Condition, facts: CaseFacts) -> bool:
    """Whether the condition is true of these facts (Python's reading of what the database tests)."""
    match condition:
        case Fact(name, value):
            return _fact_value(facts, name) == value
        case OneOf(name, values):
            return _fact_value(facts, name) in values
        case Not(term):
            return not holds(term, facts)
        case All(terms):
            return all(holds(term, facts) for term in terms)
        case AnyOf(terms):
            return any(holds(term, facts) for term in terms)
    raise TypeError(condition)


def _no(name: str) -> Not:
    return Not(Fact(name))


_OPEN = Not(Fact("stage", Stage.CLOSED))
_AFTER_NOTIFICATION = Not(OneOf("stage", _BEFORE_NOTIFICATION))
_AFTER_RAPID_REVIEW_STARTS = Not(OneOf("stage", _BEFORE_RAPID_REVIEW))
_HAS_REFERRAL = Not(Fact("referral_status", ""))


def task_condition(key: TaskKey, roles: frozenset[str]) -> Condition:
    """When `key` is among tasks_for(facts, roles) (given roles acting on it): task_status open, _shown and
    _waiting_on, spelled out per task."""
    early = OneOf("stage", _BEFORE_NOTIFICATION)
    conditions: dict[TaskKey, Condition] = {
        TaskKey.REFERRAL: All((_HAS_REFERRAL, Not(Fact("referral_status", "submitted")))),
        TaskKey.WRITTEN_CONFIRMATION: All(
            (_HAS_REFERRAL, _no("referral_online"), _no("written_confirmation"), early)
        ),
        TaskKey.LA_AWARE: All((_no("la_aware"), early)),
        TaskKey.CHECKLIST: All((_no("screening_started"), early)),
        TaskKey.DECISION: All((_no("decided"), Fact("screening_started"), Fact("stage", Stage.SCREENING))),
        TaskKey.SCRUTINY: All((Fact("decided"), _no("chair_commented"))),
        TaskKey.NOTIFICATION_SENT: All((_AFTER_NOTIFICATION, _no("notification_sent"), _OPEN)),
        TaskKey.LOCAL_PARTNERS_TOLD: All((_AFTER_NOTIFICATION, _no("local_partners_told"), _OPEN)),
        TaskKey.RETURNS: All((_AFTER_RAPID_REVIEW_STARTS, Fact("returns_waiting"))),
        TaskKey.REPORT: All(
            (_AFTER_RAPID_REVIEW_STARTS, _no("report_generated"), _no("report_current"), _OPEN)
        ),
        TaskKey.SIGNOFF: All(
            (
                _AFTER_RAPID_REVIEW_STARTS,
                _no("rapid_review_sent"),
                Fact("report_current"),
                AnyOf(
                    tuple(
                        _no(f"signed_{PARTNER_OF_ROLE[role]}")
                        for role in sorted(roles)
                        if role in PARTNER_OF_ROLE
                    )
                ),
            )
        ),
        TaskKey.SENT_TO_PANEL: All(
            (
                _AFTER_RAPID_REVIEW_STARTS,
                _no("rapid_review_sent"),
                *(Fact(f"signed_{partner}") for partner in sorted(PARTNER_OF_ROLE.values())),
            )
        ),
        TaskKey.AFTER_SENDING: All(
            (Fact("rapid_review_sent"), AnyOf((Fact("learning_route_due"), Fact("follow_up_due"))), _OPEN)
        ),
    }
    return conditions[key]


def has_task_condition(roles: frozenset[str]) -> Condition:
    """True of a case's facts exactly when tasks_for(facts, roles) is not empty."""
    return AnyOf(tuple(task_condition(key, roles) for key in TaskKey if roles & ACTORS[key]))
