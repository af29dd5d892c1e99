"""The Rapid Review report's context: a plain dict of strings, lists and dicts of strings, built from the
case.

Sections follow what rapid review reports to the Panel commonly hold. Business managers write templates
against these names; docs/reports.md lists them, and `sample_context()` has exactly the same shape (it is what
an uploaded template is test-rendered against).

What never reaches the context, whoever generates the report:
- identity details: nothing is read from subjects.SubjectIdentity (names, dates of birth, addresses, NHS
  numbers, schools, legal-status notes); the child is the case pseudonym and each person their label
  ("Child A");
- the place of the incident (notifications.Notification.incident_place can be an address);
- restricted chronology entries: only entries with no restriction are read, and outcome evidence citing a
  restricted entry is left out;
- agency returns that the business unit has not accepted, and their "other children at risk" section.
The builder writes nothing: it reads through the other apps' models and selectors and returns plain data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from safeguarding_reviews.actions.models import ActionSource, ActionStatus, CaseAction
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.outcomes.criteria import (
    CRITERIA_SOURCE,
    CRITERIA_VERSION,
    HAVE_REGARD_FACTORS,
    REG3_CRITERIA,
    REG11_CRITERIA,
    Answer,
    Decision,
    OtherLearningReview,
    criteria_for,
    criteria_source,
    version_of,
)
from safeguarding_reviews.outcomes.models import RapidReviewOutcome

from .kinds import SPECS, TemplateKind, plain_context

SECTION_TITLES: tuple[str, ...] = (
    "1. Case identifiers",
    "2. The child or children",
    "3. The incident",
    "4. Agencies involved and period covered",
    "5. Key practice episodes",
    "6. Analysis",
    "7. Immediate actions already taken",
    "8. Assessment against the criteria",
    "9. Decision",
    "10. Sign-off by the three partners",
    # Added by issue 11 (FLOW) after the ten, so a partnership template's `sections.0` … `sections.9` keep
    # their meaning.
    "11. Rapid review meetings and who attended",
    "12. Parallel processes",
    "13. Timeliness",
    "14. The family told of the review",
)
REPORT_TITLE = "Rapid review report"
PARTNER_ROLES: tuple[str, ...] = (
    "The local authority (safeguarding partner delegate)",
    "The integrated care board (safeguarding partner delegate)",
    "The chief officer of police (safeguarding partner delegate)",
)
NOT_RECORDED = "Not recorded"
# Return sections the report quotes (accepted returns only). "Other children who may be at risk" is left out:
# it tends to name other children.
RETURN_FIELDS = ("period_of_involvement", "summary_of_involvement", "key_practice_episodes", "what_went_well")


def _text(value: Any) -> str:
    """Plain text for Word and PDF: no control characters (XML 1.0 refuses most of them)."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32).strip()


def _or(value: Any, empty: str = NOT_RECORDED) -> str:
    return _text(value) or empty


def _date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else NOT_RECORDED


def _label(choices: Any, code: str) -> str:
    return str(dict(choices.choices).get(code, code)) if code else NOT_RECORDED


def signoff_statement(outcome_version: int) -> str:
    return (
        "Each of the three safeguarding partners signs this report off in Safeguarding Reviews. "
        "The sign-offs "
        f"are recorded there against version {outcome_version} of the rapid review outcome and against the "
        "checksum (SHA-256) of this report's file, which the report page in Safeguarding Reviews shows: "
        "a later "
        "edit of the outcome needs a new report and new sign-offs."
    )


def _identifiers(case: Case, notification: Any, meetings: list[Any]) -> dict[str, Any]:
    meeting_dates = [_date(m.held_on) for m in meetings]
    return {
        "sin_reference": _or(notification.panel_reference if notification else ""),
        "sin_date": _date(notification.sent_on if notification else None),
        "referral_date": _date(case.referral_received_on),
        "local_authority": _or(case.lead_partnership.local_authority_name),
        "partnership": _or(case.lead_partnership.name),
        "meeting_dates": meeting_dates,
        "meeting_dates_text": ", ".join(meeting_dates) or "No rapid review meeting recorded",
        "signoff": "Recorded in Safeguarding Reviews (see section 10)",
    }


def _children(case: Case, notification: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    from safeguarding_reviews.subjects.selectors import case_subjects

    flags = {}
    if notification is not None:
        flags = {child.subject_id: child for child in notification.children.all()}
    children, household = [], []
    for subject in case_subjects(case):  # Subject only: never SubjectIdentity
        if subject.is_child:
            status = []
            detail = flags.get(subject.pk)
            if detail is not None:
                for field, label in (
                    ("child_in_need_plan", "Child in need"),
                    ("child_protection_plan", "Child protection plan"),
                    ("looked_after", "Looked after"),
                ):
                    if getattr(detail, field) == Answer.YES:
                        status.append(label)
            children.append(
                {
                    "label": _text(subject.label),
                    "age": subject.age_display,
                    "sex": subject.get_sex_display() if subject.sex else NOT_RECORDED,
                    "ethnicity": _or(subject.ethnicity),
                    "disability": _or(subject.disability, "None recorded"),
                    "legal_status": ", ".join(status) or "None recorded",
                }
            )
        else:
            household.append({"label": _text(subject.label), "relationship": _or(subject.relationship)})
    return children, household


def _incident(case: Case, notification: Any) -> dict[str, str]:
    date = notification.incident_date if notification and notification.incident_date else case.incident_date
    category = ""
    if notification is not None and notification.category:
        category = notification.get_category_display()
    outline = (notification.outline if notification else "") or case.summary
    return {"date": _date(date), "type": _or(category), "outline": _or(outline)}


def _agencies(case: Case, entries: list[Any]) -> tuple[list[dict[str, str]], str]:
    from safeguarding_reviews.rapid_review.models import RequestStatus
    from safeguarding_reviews.rapid_review.selectors import requests_for_case

    agencies = []
    requests = requests_for_case(case).select_related("agency_return").exclude(status=RequestStatus.WITHDRAWN)
    for request in requests:
        accepted = request.status == RequestStatus.ACCEPTED
        ret = getattr(request, "agency_return", None) if accepted else None
        agencies.append(
            {
                "name": _text(request.agency.name),
                "return_status": "Accepted" if accepted else "Not yet accepted",
                "period": _or(ret.period_of_involvement if ret else ""),
                "summary": _or(ret.summary_of_involvement if ret else ""),
                "key_practice_episodes": _or(ret.key_practice_episodes if ret else ""),
                "what_went_well": _or(ret.what_went_well if ret else ""),
            }
        )
    if entries:
        period = f"{_date(entries[0].date)} to {_date(entries[-1].date)}"
    else:
        period = NOT_RECORDED
    return agencies, period


def _unrestricted_entries(case: Case) -> list[Any]:
    """The case's chronology entries with no restriction, in merge order. Read as nobody in particular
    (an anonymous user holds no role), and filtered on the restriction again, so no restricted entry can
    ever be included whoever generates the report."""
    from safeguarding_reviews.chronology.selectors import merged_entries

    return list(merged_entries(case, AnonymousUser()).filter(restricted_roles_key=""))


def _entry_date(entry: Any) -> str:
    """The date (or its span) and, beside it, the date as the agency wrote it."""
    text = _date(entry.date)
    if entry.date_to and entry.date_to != entry.date:
        text = f"{text} to {_date(entry.date_to)}"
    if entry.date_as_written:
        text = f"{text} (written as {_text(entry.date_as_written)})"
    return text


def _episodes(entries: list[Any], also_recorded: dict[int, list[Any]]) -> list[dict[str, str]]:
    """Key episodes, withdrawn entries already left out (merged_entries). Two entries the business unit
    marked as the same event appear once, as the primary, with "also recorded by" the other agency (in the
    agency text, so every partnership template shows it, and on its own for templates that want it)."""
    episodes = []
    for entry in entries:
        if not entry.is_key_episode or entry.restricted_to_roles:
            continue
        also = ", ".join(_text(other.agency_name) for other in also_recorded.get(entry.pk, []))
        agency = _text(entry.agency.name)
        episodes.append(
            {
                "date": _entry_date(entry),
                "agency": f"{agency} (also recorded by {also})" if also else agency,
                "also_recorded_by": also,
                "what_happened": _text(entry.what_happened),
                "analysis": _or(entry.analysis, "No analysis recorded"),
            }
        )
    return episodes


def _also_recorded(case: Case) -> dict[int, list[Any]]:
    from safeguarding_reviews.chronology.selectors import also_recorded_for, case_decisions

    return also_recorded_for(case_decisions(case), frozenset())  # unrestricted entries only


def _answers(outcome: RapidReviewOutcome, criteria: Any, field: Any) -> list[dict[str, str]]:
    """The rows of `criteria` the outcome's own criteria version asks (none of a group it does not ask)."""
    asked = {criterion.code for criterion in criteria_for(outcome.criteria_version)}
    rows = []
    for criterion in criteria:
        if criterion.code not in asked:
            continue
        name = field(criterion.code)
        rows.append(
            {
                "code": criterion.code,
                "question": criterion.question,
                "answer": _label(Answer, getattr(outcome, name)),
                "reason": _or(getattr(outcome, f"{name}_reason")),
            }
        )
    return rows


def _evidence(outcome: RapidReviewOutcome, allowed_entry_ids: set[int]) -> list[dict[str, str]]:
    from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS

    sections = dict(RETURN_SECTIONS)
    rows = []
    for item in outcome.evidence.select_related(
        "chronology_entry__agency", "agency_return__request__agency"
    ).order_by("pk"):
        entry, agency_return = item.chronology_entry, item.agency_return
        if entry is not None:
            if entry.pk not in allowed_entry_ids or entry.restricted_to_roles:
                continue  # a restricted entry never reaches the report, not even as a citation
            source = f"Chronology: {entry.agency.name}, {_date(entry.date)}"
        elif agency_return is not None:
            if item.return_section == "other_children_at_risk":
                continue
            agency = agency_return.request.agency.name
            source = f"Agency return: {agency}, {sections.get(item.return_section, item.return_section)}"
        else:
            continue
        rows.append({"source": _text(source), "note": _or(item.note, "")})
    return rows


def _meetings(meetings: list[Any]) -> list[dict[str, Any]]:
    """Each meeting's date and who attended, by agency and role (never names: MeetingAttendee holds none)."""
    rows = []
    for meeting in meetings:
        attendees = [
            {"agency": _text(a.agency.name), "role": _text(a.role)}
            for a in sorted(meeting.attendees.all(), key=lambda a: (a.agency.name, a.pk))
        ]
        rows.append(
            {
                "date": _date(meeting.held_on),
                "attendees": attendees,
                "attendees_text": "; ".join(f"{a['agency']}, {a['role']}" for a in attendees)
                or "No attendance recorded",
            }
        )
    return rows


def _parallel_processes(case: Case) -> list[dict[str, str]]:
    from safeguarding_reviews.parallel_processes.selectors import processes_for_case

    def _optional(value: dt.date | None) -> str:
        return _date(value) if value else ""

    return [
        {
            "kind": process.get_kind_display(),
            "status": process.get_status_display(),
            "led_by": _text(process.led_by),
            "reference": _text(process.reference),
            "started_on": _optional(process.started_on),
            "next_date": _optional(process.next_date),
            "concluded_on": _optional(process.concluded_on),
            "notes": _text(process.notes),
        }
        for process in processes_for_case(case)
    ]


def timeliness_reason(deadline: Any) -> str:
    """The reason for delay the report shows for one clock: the ONE place the report reads it, so that when
    late reasons move to the milestones (issue 11 item 8) only this function changes."""
    return _text(getattr(deadline, "delay_reason", ""))


def _timeliness(case: Case, as_at: dt.date) -> dict[str, Any]:
    """Each clock's due date and state as at the report's generation, with any reason for delay, and each
    agency request's own time (rapid_review.request_time)."""
    from safeguarding_reviews.clocks.selectors import deadlines_for_case
    from safeguarding_reviews.rapid_review.models import RequestStatus
    from safeguarding_reviews.rapid_review.selectors import requests_for_case, with_time_states

    clocks = []
    for deadline in deadlines_for_case(case, today=as_at):
        clocks.append(
            {
                "clock": _text(deadline.rule.name),
                "due_on": _date(deadline.extended_to or deadline.due_on),
                "met_on": _date(deadline.met_on) if deadline.met_on else "Not yet",
                "state": deadline.state_label,
                "reason": _or(timeliness_reason(deadline), "None given" if deadline.is_missed else ""),
            }
        )
    requests = with_time_states(
        requests_for_case(case).exclude(status=RequestStatus.WITHDRAWN), case=case, today=as_at
    )
    returns = [
        {
            "agency": _text(request.agency.name),
            "due_on": _date(request.due_on),
            "submitted_on": _date(request.submitted_at.date()) if request.submitted_at else "Not yet",
            "state": request.time_label,
            "restarted": "Yes" if request.round > 1 else "No",
        }
        for request in requests
    ]
    return {"as_at": _date(as_at), "clocks": clocks, "agency_returns": returns}


def _family(case: Case) -> dict[str, str]:
    from safeguarding_reviews.rapid_review.selectors import family_told_for_case

    family = family_told_for_case(case)
    if family is None:
        return {"told": NOT_RECORDED, "date": "", "method": "", "told_by": "", "notes": ""}
    return {
        "told": family.get_status_display(),
        "date": _date(family.told_on) if family.told_on else "",
        "method": family.get_method_display() if family.method else "",
        "told_by": _text(family.told_by),
        "notes": _text(family.notes),
    }


def _action_row(action: CaseAction, status_on: str) -> dict[str, str]:
    owner = (
        f"{action.owner_role}, {action.owner_agency.name}" if action.owner_role else action.owner_agency.name
    )
    return {
        "description": _text(action.description),
        "agency": _text(owner),
        "due_on": _date(action.due_on),
        "status": f"{_label(ActionStatus, action.status)} on {status_on}",
    }


def report_context(
    *, case: Case, outcome: RapidReviewOutcome, generated_at: dt.datetime, template_version: int
) -> dict[str, Any]:
    """The context for one generation of the report. A fixed number of queries."""
    from safeguarding_reviews.meetings.models import MeetingState, RapidReviewMeeting
    from safeguarding_reviews.notifications.models import Notification

    notification = Notification.objects.filter(case=case).first()
    # Only meetings held: a planned meeting has not happened yet.
    meetings = list(
        RapidReviewMeeting.objects.filter(case=case, state=MeetingState.HELD)
        .prefetch_related("attendees__agency")
        .order_by("held_on", "pk")
    )
    entries = _unrestricted_entries(case)
    children, household = _children(case, notification)
    agencies, period = _agencies(case, entries)
    learning = [
        {"text": _text(point.text), "themes": [_text(t.label) for t in point.themes.all()]}
        for point in outcome.learning_points.prefetch_related("themes").order_by("pk")
    ]
    # Every action with its status as at this generation (the case action list keeps changing after it).
    status_on = _date(generated_at.date())
    case_actions = list(
        CaseAction.objects.filter(case=case)
        .filter(
            models.Q(source=ActionSource.MEETING) | models.Q(source=ActionSource.IMMEDIATE, outcome=outcome)
        )
        .select_related("owner_agency")
        .order_by("due_on", "pk")
    )
    actions = [
        _action_row(action, status_on)
        | {"other_children_safe": "Yes" if action.other_children_safe else "Not confirmed"}
        for action in case_actions
        if action.source == ActionSource.IMMEDIATE
    ]
    agreed_actions = [
        _action_row(action, status_on) for action in case_actions if action.source == ActionSource.MEETING
    ]
    decision = _label(Decision, outcome.decision)
    if outcome.decision == Decision.OTHER_LEARNING_REVIEW and outcome.other_learning_review:
        decision = f"{decision}: {_label(OtherLearningReview, outcome.other_learning_review)}"
    return {
        "report": {
            "title": REPORT_TITLE,
            "generated_on": _date(generated_at.date()),
            "outcome_version": str(outcome.version),
            "template_version": str(template_version),
        },
        "case": {
            "reference": _text(case.reference),
            "pseudonym": _text(case.pseudonym),
            "partnership": _text(case.lead_partnership.name),
        },
        "sections": list(SECTION_TITLES),
        "identifiers": _identifiers(case, notification, meetings),
        "children": children,
        "household": household,
        "incident": _incident(case, notification),
        "agencies": agencies,
        "period_covered": period,
        "key_episodes": _episodes(entries, _also_recorded(case)),
        "analysis": {
            "facts_summary": _or(outcome.facts_summary),
            "lived_context": _or(outcome.lived_context),
            "what_went_well": [
                {"agency": a["name"], "text": a["what_went_well"]}
                for a in agencies
                if a["what_went_well"] != NOT_RECORDED
            ],
            "learning": learning,
        },
        "immediate_actions": actions,
        "agreed_actions": agreed_actions,
        "assessment": {
            "criteria_version": version_of(outcome.criteria_version),
            "criteria_source": criteria_source(outcome.criteria_version),
            "reg11": _answers(outcome, REG11_CRITERIA, lambda code: f"reg11_{code}"),
            "have_regard": _answers(outcome, HAVE_REGARD_FACTORS, lambda code: code),
            "reg3": _answers(outcome, REG3_CRITERIA, lambda code: code),
            "national_review": {
                "answer": _label(Answer, outcome.national_review_appropriate),
                "reason": _or(outcome.national_review_reason),
            },
        },
        "decision": {
            "decision": decision,
            "rationale": _or(outcome.rationale),
            "evidence": _evidence(outcome, {entry.pk for entry in entries}),
        },
        "signoff": {
            "partners": list(PARTNER_ROLES),
            "outcome_version": str(outcome.version),
            "statement": signoff_statement(outcome.version),
        },
        "meetings": _meetings(meetings),
        "parallel_processes": _parallel_processes(case),
        "timeliness": _timeliness(case, generated_at.date()),
        "family": _family(case),
    }


def sample_context() -> dict[str, Any]:
    """A synthetic context with exactly the shape of report_context (one item in every list), for
    test-rendering an uploaded template and for the default template's preview."""
    row = {"code": "a", "question": "Sample criterion", "answer": "Yes", "reason": "Sample reason"}
    return {
        "report": {
            "title": REPORT_TITLE,
            "generated_on": "1 January 2026",
            "outcome_version": "1",
            "template_version": "1",
        },
        "case": {"reference": "SAMPLE-2026-001", "pseudonym": "Child S", "partnership": "Sample Partnership"},
        "sections": list(SECTION_TITLES),
        "identifiers": {
            "sin_reference": "SIN-SAMPLE",
            "sin_date": "2 January 2026",
            "referral_date": "1 January 2026",
            "local_authority": "Sample Council",
            "partnership": "Sample Partnership",
            "meeting_dates": ["10 January 2026"],
            "meeting_dates_text": "10 January 2026",
            "signoff": "Recorded in Safeguarding Reviews (see section 10)",
        },
        "children": [
            {
                "label": "Child S",
                "age": "4 years",
                "sex": "Not known",
                "ethnicity": "Not recorded",
                "disability": "None recorded",
                "legal_status": "None recorded",
            }
        ],
        "household": [{"label": "Sibling of Child S", "relationship": "Sibling"}],
        "incident": {"date": "1 January 2026", "type": "Serious harm", "outline": "Sample outline."},
        "agencies": [
            {
                "name": "Sample Agency",
                "return_status": "Accepted",
                "period": "2025",
                "summary": "Sample summary.",
                "key_practice_episodes": "Sample episodes.",
                "what_went_well": "Sample.",
            }
        ],
        "period_covered": "1 March 2025 to 1 January 2026",
        "key_episodes": [
            {
                "date": "1 March 2025",
                "agency": "Sample Agency",
                "also_recorded_by": "",
                "what_happened": "Sample.",
                "analysis": "Sample.",
            }
        ],
        "analysis": {
            "facts_summary": "Sample facts.",
            "lived_context": "Sample context.",
            "what_went_well": [{"agency": "Sample Agency", "text": "Sample."}],
            "learning": [{"text": "Sample learning.", "themes": ["Sample theme"]}],
        },
        "immediate_actions": [
            {
                "description": "Sample action.",
                "agency": "Sample Agency",
                "due_on": "1 February 2026",
                "status": "Not started on 1 March 2026",
                "other_children_safe": "Yes",
            }
        ],
        "agreed_actions": [
            {
                "description": "Sample agreed action.",
                "agency": "Sample Agency",
                "due_on": "1 March 2026",
                "status": "In progress on 1 March 2026",
            }
        ],
        "assessment": {
            "criteria_version": CRITERIA_VERSION,
            "criteria_source": CRITERIA_SOURCE,
            "reg11": [row],
            "have_regard": [row | {"code": "single_agency"}],
            "reg3": [row | {"code": "reg3_a"}],
            "national_review": {"answer": "No", "reason": "Sample reason"},
        },
        "decision": {
            "decision": "No further review",
            "rationale": "Sample rationale.",
            "evidence": [{"source": "Chronology: Sample Agency, 1 March 2025", "note": "Sample."}],
        },
        "signoff": {
            "partners": list(PARTNER_ROLES),
            "outcome_version": "1",
            "statement": signoff_statement(1),
        },
        "meetings": [
            {
                "date": "10 January 2026",
                "attendees": [{"agency": "Sample Agency", "role": "Designated nurse"}],
                "attendees_text": "Sample Agency, Designated nurse",
            }
        ],
        "parallel_processes": [
            {
                "kind": "Police investigation",
                "status": "Under way",
                "led_by": "Sample major crime team",
                "reference": "SAMPLE-OP-1",
                "started_on": "2 January 2026",
                "next_date": "1 March 2026",
                "concluded_on": "",
                "notes": "Sample notes.",
            }
        ],
        "timeliness": {
            "as_at": "1 January 2026",
            "clocks": [
                {
                    "clock": "Rapid review",
                    "due_on": "20 January 2026",
                    "met_on": "22 January 2026",
                    "state": "Met late",
                    "reason": "Sample reason for delay.",
                }
            ],
            "agency_returns": [
                {
                    "agency": "Sample Agency",
                    "due_on": "12 January 2026",
                    "submitted_on": "12 January 2026",
                    "state": "Met",
                    "restarted": "No",
                }
            ],
        },
        "family": {
            "told": "Yes, the family has been told",
            "date": "5 January 2026",
            "method": "In person",
            "told_by": "Sample Agency, social worker",
            "notes": "Sample notes.",
        },
    }


def sample_context_for(kind: str) -> dict[str, Any]:
    """The synthetic context an uploaded template of `kind` is test-rendered against, as the sandbox gets it
    (reports.kinds.plain_context: dates as text)."""
    if kind == TemplateKind.RAPID_REVIEW_REPORT:
        return sample_context()
    sample = SPECS[TemplateKind(kind)].sample_context
    assert sample is not None
    return plain_context(sample())
