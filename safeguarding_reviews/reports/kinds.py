"""Template kinds (issue 13, LR item 1): the Word documents a partnership makes from a template of its own.
Pure: nothing from Django (the `pure` import-linter contract).

A partnership holds one current template per kind (models.ReportTemplate.kind). Each kind here declares:

- its label and a sentence about the document;
- the context variables it offers (name, plain description, and the fields of a group or of each item of a
  list), shown to the business manager on the kind's templates page and listed in docs/reports.md;
- a synthetic sample context with exactly those variables, which an uploaded template is test-rendered
  against (CHECKING -> PASSED or REFUSED);
- its built-in version 0: a python-docx document written from `source` (one tag per run, `{%p %}` tags in
  paragraphs of their own), used when the partnership has no passing template of the kind.

The rapid review report keeps its sample context and built-in source where they were (reports.context and
reports.default_template: they are built from the outcomes app's criteria); here it declares its label and
variables only, and `sample_context`/`source` are None for it.

Callers pass dates as `datetime.date` and absent values as None; `plain_context` turns them into what a
template prints (dates as "1 March 2026", None as empty text) before the context goes to the sandbox as JSON.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from safeguarding_reviews.core.choices import TextChoices


class TemplateKind(TextChoices):
    RAPID_REVIEW_REPORT = "rapid_review_report", "Rapid review report"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    FAMILY_INFORMATION_LETTER = "family_information_letter", "Family information letter"
    SEVEN_MINUTE_BRIEFING = "seven_minute_briefing", "Seven-minute briefing"
    COMMITTEE_REPORT = "committee_report", "Committee report"


@dataclass(frozen=True)
class Variable:
    """One context variable. `fields` are the keys of a group (a dict) or of each item of a list of dicts."""

    name: str
    description: str
    fields: tuple[Variable, ...] = ()

    def flattened(self, prefix: str = "") -> Iterator[tuple[str, str]]:
        """(dotted name, description) for this variable and its fields, depth first."""
        name = f"{prefix}{self.name}"
        yield name, self.description
        for child in self.fields:
            yield from child.flattened(f"{name}.")


# (style, text): "title", "h1", "h2", "p" (a paragraph), "li" (a bullet), "tag" (a paragraph holding only a
# {%p %} tag).
Source = list[tuple[str, str]]


@dataclass(frozen=True)
class KindSpec:
    kind: TemplateKind
    label: str
    about: str
    variables: tuple[Variable, ...]
    sample_context: Callable[[], dict[str, Any]] | None = None
    source: Source = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.kind.value

    def flattened_variables(self) -> list[tuple[str, str]]:
        return [row for variable in self.variables for row in variable.flattened()]


def _v(name: str, description: str, *fields: Variable) -> Variable:
    return Variable(name, description, tuple(fields))


_PARTNERSHIP = _v("partnership_name", "The partnership's name")
_GENERATED_ON = _v("generated_on", "The date the document was made (a date, printed as 1 March 2026)")


# The rapid review report: its variables (the shape of reports.context.report_context). The fields are listed
# in docs/reports.md; here each group is described in a sentence.
RAPID_REVIEW_VARIABLES: tuple[Variable, ...] = (
    _v("report", "The report: title, generated_on, outcome_version, template_version"),
    _v("case", "The case: reference, pseudonym, partnership"),
    _v("sections", "The section titles, in order (a list of text)"),
    _v(
        "identifiers",
        "SIN reference and date, referral date, local authority, partnership, meeting dates, sign-off",
    ),
    _v("children", "Each child: label, age, sex, ethnicity, disability, legal_status (a list)"),
    _v("household", "Each other household member: label, relationship (a list)"),
    _v("incident", "The incident: date, type, outline"),
    _v("agencies", "Each agency with an accepted return: name, return_status, period, summary, ... (a list)"),
    _v("period_covered", "The period the chronology covers (text)"),
    _v("key_episodes", "Each key practice episode: date, agency, what_happened, analysis (a list)"),
    _v("analysis", "facts_summary, lived_context, what_went_well (a list), learning (a list)"),
    _v("immediate_actions", "Each immediate action: description, agency, due_on, status, ... (a list)"),
    _v("agreed_actions", "Each action agreed at a meeting: description, agency, due_on, status (a list)"),
    _v("assessment", "The criteria: criteria_version, reg11, have_regard, reg3, national_review"),
    _v("decision", "The decision: decision, rationale, evidence (a list)"),
    _v("signoff", "partners (a list), outcome_version, statement"),
    _v("meetings", "Each rapid review meeting: date, attendees, attendees_text (a list)"),
    _v("parallel_processes", "Each parallel process: kind, status, led_by, reference, dates, notes (a list)"),
    _v("timeliness", "as_at, clocks (a list), agency_returns (a list)"),
    _v("family", "Whether the family was told: told, date, method, told_by, notes"),
)


TERMS_OF_REFERENCE_VARIABLES: tuple[Variable, ...] = (
    _PARTNERSHIP,
    _GENERATED_ON,
    _v(
        "review",
        "The review and this version of its terms of reference (a group)",
        _v("case_reference", "The case reference"),
        _v(
            "review_kind",
            'What review it is: "Local child safeguarding practice review" or "Local learning review"',
        ),
        _v("initiated_on", "The date the review was initiated (a date)"),
        _v("version", "The version of the terms of reference (a number)"),
        _v("scope_from", "The start of the period the review looks at (a date)"),
        _v("scope_to", "The end of the period the review looks at (a date)"),
        _v("lines_of_enquiry", "The key lines of enquiry (a list of text)"),
        _v("agencies", "The agencies in scope (a list of names)"),
        _v("child_perspective", "How the child's perspective will be addressed"),
        _v("family_context", "How the family context will be addressed"),
        _v("proportionality", "How the review stays proportionate"),
        _v(
            "parallel_processes",
            "Each known parallel process (a list)",
            _v("kind", "What it is, e.g. Police investigation"),
            _v("status", "Where it stands, e.g. Under way"),
            _v(
                "constraints",
                "What it means for the review, e.g. no contact with the family until the verdict "
                "(a list of text)",
            ),
        ),
        _v("agreed_on", "The date the LCPC agreed these terms (a date; empty if not yet agreed)"),
        _v("agreed_at_meeting", "The LCPC meeting that agreed them (empty if not yet agreed)"),
        _v("members_present", "The LCPC members present when they were agreed (a list of names)"),
    ),
)


FAMILY_LETTER_VARIABLES: tuple[Variable, ...] = (
    _PARTNERSHIP,
    _GENERATED_ON,
    _v("addressee_name", "The family member the letter is to, as they wish to be addressed"),
    _v("addressee_address", "Their postal address (a list of lines; empty if not known)"),
    _v("review_name", "The name the review is known by (a pseudonym, e.g. Child Q)"),
    _v("reviewer_name", "The independent reviewer's name"),
    _v("what_the_review_is", "A plain description of the review and why the partnership holds it"),
    _v(
        "contact",
        "Who the family can contact about the review (a group)",
        _v("name", "Their name"),
        _v("role", "Their role, e.g. Business manager"),
        _v("telephone", "Their telephone number"),
        _v("email", "Their email address"),
    ),
)


SEVEN_MINUTE_VARIABLES: tuple[Variable, ...] = (
    _PARTNERSHIP,
    _GENERATED_ON,
    _v("review_name", "The name the review is known by (a pseudonym, e.g. Child Q)"),
    _v("review_summary", "A short summary of the review: what happened and what the review looked at"),
    _v("learning_points", "The learning points (a list of text)"),
    _v(
        "questions_for_practitioners",
        "Questions for practitioners to discuss in their teams (a list of text)",
    ),
)


COMMITTEE_REPORT_VARIABLES: tuple[Variable, ...] = (
    _PARTNERSHIP,
    _GENERATED_ON,
    _v("committee_name", "The committee the report is for, e.g. Local Child Practice Committee"),
    _v("meeting_date", "The date of the meeting the report is for (a date)"),
    _v(
        "reviews",
        "Each review the committee oversees (a list)",
        _v("case_reference", "The case reference"),
        _v("review_name", "The name the review is known by (a pseudonym)"),
        _v("review_kind", "What review it is, e.g. Local child safeguarding practice review"),
        _v("status", "Where it stands, e.g. Terms of reference agreed"),
        _v("next_milestone", "The next target in its plan"),
        _v("due_on", "The date that target is due (a date; empty if none)"),
        _v("rag", "Red, Amber or Green against its plan"),
        _v("notes", "Anything the committee should know"),
    ),
    _v(
        "action_plans",
        "The action plans' figures for the quarter, when the report is made from the monitoring view "
        "(a group; empty otherwise)",
        _v("quarter", "The quarter, e.g. January to March 2026"),
        _v("scope", "What the figures cover: the filters chosen on the monitoring view"),
        _v("total", "How many actions"),
        _v("overdue", "How many of them are overdue"),
        _v("completion_rate", "Evidence accepted, out of the actions not withdrawn or superseded, e.g. 63%"),
        _v(
            "by_status",
            "Each status (a list)",
            _v("label", "The status, e.g. In progress"),
            _v("count", "How many actions have it"),
            _v("overdue_count", "How many of those are overdue"),
        ),
        _v(
            "agencies",
            "Each agency that owns actions (a list)",
            _v("agency", "The agency's name"),
            _v("actions", "How many actions it owns"),
            _v("open_actions", "How many are not started, in progress or awaiting evidence"),
            _v("overdue_actions", "How many are overdue"),
            _v("longest_overdue", "The most days any of its actions is overdue"),
            _v("rate", "Its completion rate, e.g. 63%"),
        ),
        _v(
            "themes",
            "Each practice theme of the actions' recommendations (a list)",
            _v("theme", "The theme"),
            _v("theme_actions", "How many actions answer recommendations with that theme"),
            _v("theme_overdue", "How many of those are overdue"),
            _v("theme_rate", "Their completion rate"),
        ),
        _v(
            "overdue_list",
            "The most overdue actions (a list)",
            _v("review", "The review the action answers"),
            _v("owner", "The agency that owns it"),
            _v("action", "What the agency will do"),
            _v("due", "Its due date (a date)"),
            _v("days", "How many days overdue"),
        ),
        _v(
            "linked_groups",
            "Recommendations made again by later reviews, linked by the business unit (a list)",
            _v("summary", "One sentence about the group, e.g. 3 recommendations, 2 closed"),
            _v("members", "The linked recommendations (a list of text)"),
        ),
    ),
)


def terms_of_reference_sample() -> dict[str, Any]:
    return {
        "partnership_name": "Sample Safeguarding Children Partnership",
        "generated_on": dt.date(2026, 3, 2),
        "review": {
            "case_reference": "SAMPLE-2026-001",
            "review_kind": "Local child safeguarding practice review",
            "initiated_on": dt.date(2026, 2, 1),
            "version": 1,
            "scope_from": dt.date(2025, 1, 1),
            "scope_to": dt.date(2026, 1, 1),
            "lines_of_enquiry": ["Sample line of enquiry."],
            "agencies": ["Sample Agency"],
            "child_perspective": "Sample: how the child's perspective will be addressed.",
            "family_context": "Sample: how the family context will be addressed.",
            "proportionality": "Sample: how the review stays proportionate.",
            "parallel_processes": [
                {
                    "kind": "Police investigation",
                    "status": "Under way",
                    "constraints": ["No contact with the family until the verdict"],
                }
            ],
            "agreed_on": dt.date(2026, 2, 20),
            "agreed_at_meeting": "Sample LCPC meeting",
            "members_present": ["Sample Member"],
        },
    }


def family_letter_sample() -> dict[str, Any]:
    return {
        "partnership_name": "Sample Safeguarding Children Partnership",
        "generated_on": dt.date(2026, 3, 2),
        "addressee_name": "Sample Family Member",
        "addressee_address": ["1 Sample Street", "Sampletown"],
        "review_name": "Child S",
        "reviewer_name": "Sample Reviewer",
        "what_the_review_is": "Sample: what the review is.",
        "contact": {
            "name": "Sample Contact",
            "role": "Business manager",
            "telephone": "01632 960000",
            "email": "contact@example.org",
        },
    }


def seven_minute_sample() -> dict[str, Any]:
    return {
        "partnership_name": "Sample Safeguarding Children Partnership",
        "generated_on": dt.date(2026, 3, 2),
        "review_name": "Child S",
        "review_summary": "Sample summary.",
        "learning_points": ["Sample learning point."],
        "questions_for_practitioners": ["Sample question?"],
    }


def committee_report_sample() -> dict[str, Any]:
    return {
        "partnership_name": "Sample Safeguarding Children Partnership",
        "generated_on": dt.date(2026, 3, 2),
        "committee_name": "Local Child Practice Committee",
        "meeting_date": dt.date(2026, 3, 9),
        "reviews": [
            {
                "case_reference": "SAMPLE-2026-001",
                "review_name": "Child S",
                "review_kind": "Local child safeguarding practice review",
                "status": "Terms of reference agreed",
                "next_milestone": "Reviewer appointed",
                "due_on": dt.date(2026, 4, 1),
                "rag": "Green",
                "notes": "Sample notes.",
            }
        ],
        "action_plans": {
            "quarter": "January to March 2026",
            "scope": "All reviews, agencies, themes and statuses",
            "total": 12,
            "overdue": 2,
            "completion_rate": "50%",
            "by_status": [{"label": "In progress", "count": 4, "overdue_count": 2}],
            "agencies": [
                {
                    "agency": "Sample Agency",
                    "actions": 12,
                    "open_actions": 6,
                    "overdue_actions": 2,
                    "longest_overdue": 30,
                    "rate": "50%",
                }
            ],
            "themes": [
                {"theme": "Information sharing", "theme_actions": 5, "theme_overdue": 1, "theme_rate": "40%"}
            ],
            "overdue_list": [
                {
                    "review": "Child S",
                    "owner": "Sample Agency",
                    "action": "Sample action.",
                    "due": dt.date(2026, 2, 1),
                    "days": 30,
                }
            ],
            "linked_groups": [
                {"summary": "2 linked recommendations, 1 closed", "members": ["Child S, recommendation 1"]}
            ],
        },
    }


TERMS_OF_REFERENCE_SOURCE: Source = [
    ("title", "Terms of reference: {{ review.review_kind }}"),
    (
        "p",
        "{{ partnership_name }}. Case {{ review.case_reference }}. Version {{ review.version }} of the terms "
        "of reference, made on {{ generated_on }}.",
    ),
    ("p", "OFFICIAL-SENSITIVE. These terms of reference name no child or family member."),
    ("h1", "1. The review"),
    ("li", "Review: {{ review.review_kind }}"),
    ("li", "Case reference: {{ review.case_reference }}"),
    ("li", "Initiated on: {{ review.initiated_on }}"),
    ("h1", "2. Scope"),
    ("p", "The review looks at the period from {{ review.scope_from }} to {{ review.scope_to }}."),
    ("h1", "3. Key lines of enquiry"),
    ("tag", "{%p for line in review.lines_of_enquiry %}"),
    ("li", "{{ line }}"),
    ("tag", "{%p endfor %}"),
    ("h1", "4. Agencies in scope"),
    ("tag", "{%p for agency in review.agencies %}"),
    ("li", "{{ agency }}"),
    ("tag", "{%p endfor %}"),
    ("h1", "5. The child's perspective"),
    ("p", "{{ review.child_perspective }}"),
    ("h1", "6. The family context"),
    ("p", "{{ review.family_context }}"),
    ("h1", "7. Proportionality"),
    ("p", "{{ review.proportionality }}"),
    ("h1", "8. Parallel processes"),
    ("tag", "{%p for process in review.parallel_processes %}"),
    ("h2", "{{ process.kind }}"),
    ("p", "Status: {{ process.status }}"),
    ("tag", "{%p for constraint in process.constraints %}"),
    ("li", "Constraint on the review: {{ constraint }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not review.parallel_processes %}"),
    ("p", "No parallel process is known."),
    ("tag", "{%p endif %}"),
    ("h1", "9. Agreement"),
    ("tag", "{%p if review.agreed_on %}"),
    (
        "p",
        "Agreed by the Local Child Practice Committee on {{ review.agreed_on }} at "
        "{{ review.agreed_at_meeting }}. Members present:",
    ),
    ("tag", "{%p for member in review.members_present %}"),
    ("li", "{{ member }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p else %}"),
    ("p", "Not yet agreed by the Local Child Practice Committee."),
    ("tag", "{%p endif %}"),
]

FAMILY_LETTER_SOURCE: Source = [
    ("p", "{{ partnership_name }}"),
    ("p", "{{ generated_on }}"),
    ("p", "{{ addressee_name }}"),
    ("tag", "{%p for line in addressee_address %}"),
    ("p", "{{ line }}"),
    ("tag", "{%p endfor %}"),
    ("p", "Dear {{ addressee_name }},"),
    ("h1", "A review about {{ review_name }}"),
    ("p", "{{ what_the_review_is }}"),
    (
        "p",
        "The review is led by an independent reviewer, {{ reviewer_name }}, who would like to hear from you "
        "if you wish to take part. You do not have to, and you can change your mind at any time.",
    ),
    ("h2", "Who to contact"),
    ("li", "{{ contact.name }}, {{ contact.role }}"),
    ("li", "Telephone: {{ contact.telephone }}"),
    ("li", "Email: {{ contact.email }}"),
    ("p", "Yours sincerely,"),
    ("p", "{{ contact.name }}, on behalf of {{ partnership_name }}"),
]

SEVEN_MINUTE_SOURCE: Source = [
    ("title", "Seven-minute briefing: {{ review_name }}"),
    ("p", "{{ partnership_name }}. Made on {{ generated_on }}."),
    ("h1", "1. The review"),
    ("p", "{{ review_summary }}"),
    ("h1", "2. What we learned"),
    ("tag", "{%p for point in learning_points %}"),
    ("li", "{{ point }}"),
    ("tag", "{%p endfor %}"),
    ("h1", "3. Questions for practitioners"),
    ("tag", "{%p for question in questions_for_practitioners %}"),
    ("li", "{{ question }}"),
    ("tag", "{%p endfor %}"),
]

COMMITTEE_REPORT_SOURCE: Source = [
    ("title", "{{ committee_name }}: reviews under way"),
    (
        "p",
        "{{ partnership_name }}. {% if meeting_date %}For the meeting on {{ meeting_date }}; made"
        "{% else %}Made{% endif %} on {{ generated_on }}.",
    ),
    ("p", "OFFICIAL-SENSITIVE. This report uses pseudonyms only."),
    ("tag", "{%p for review in reviews %}"),
    ("h2", "{{ review.review_name }} ({{ review.case_reference }})"),
    ("li", "Review: {{ review.review_kind }}"),
    ("li", "Status: {{ review.status }}"),
    (
        "li",
        "Next: {{ review.next_milestone }}{% if review.due_on %}, due {{ review.due_on }}{% endif %}",
    ),
    ("li", "RAG: {{ review.rag }}"),
    ("p", "{{ review.notes }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not reviews %}"),
    ("p", "No review is under way."),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if action_plans %}"),
    ("h1", "Action plans: {{ action_plans.quarter }}"),
    ("p", "{{ action_plans.scope }}."),
    (
        "p",
        "{{ action_plans.total }} actions, {{ action_plans.overdue }} overdue. Completion rate (evidence "
        "accepted, out of the actions not withdrawn or superseded): {{ action_plans.completion_rate }}.",
    ),
    ("h2", "By status"),
    ("tag", "{%p for row in action_plans.by_status %}"),
    (
        "li",
        "{{ row.label }}: {{ row.count }}{% if row.overdue_count %} ({{ row.overdue_count }} overdue)"
        "{% endif %}",
    ),
    ("tag", "{%p endfor %}"),
    ("h2", "By agency"),
    ("tag", "{%p for row in action_plans.agencies %}"),
    (
        "li",
        "{{ row.agency }}: {{ row.actions }} actions, {{ row.open_actions }} open, {{ row.overdue_actions }} "
        "overdue{% if row.overdue_actions %} (the longest by {{ row.longest_overdue }} days){% endif %}; "
        "completion rate {{ row.rate }}",
    ),
    ("tag", "{%p endfor %}"),
    ("h2", "By practice theme"),
    ("tag", "{%p for row in action_plans.themes %}"),
    (
        "li",
        "{{ row.theme }}: {{ row.theme_actions }} actions, {{ row.theme_overdue }} overdue; completion rate "
        "{{ row.theme_rate }}",
    ),
    ("tag", "{%p endfor %}"),
    ("h2", "The most overdue actions"),
    ("tag", "{%p for row in action_plans.overdue_list %}"),
    (
        "li",
        "{{ row.review }}, {{ row.owner }}: {{ row.action }} Due {{ row.due }}, {{ row.days }} days overdue.",
    ),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not action_plans.overdue_list %}"),
    ("p", "No action is overdue."),
    ("tag", "{%p endif %}"),
    ("h2", "Repeated recommendations"),
    ("tag", "{%p for group in action_plans.linked_groups %}"),
    ("p", "{{ group.summary }}:"),
    ("tag", "{%p for member in group.members %}"),
    ("li", "{{ member }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not action_plans.linked_groups %}"),
    ("p", "No recommendations are linked as repeats."),
    ("tag", "{%p endif %}"),
    ("tag", "{%p endif %}"),
]


def _spec(
    kind: TemplateKind,
    about: str,
    variables: tuple[Variable, ...],
    sample: Callable[[], dict[str, Any]] | None = None,
    source: Source | None = None,
) -> KindSpec:
    return KindSpec(
        kind=kind,
        label=kind.label,
        about=about,
        variables=variables,
        sample_context=sample,
        source=source or [],
    )


SPECS: dict[TemplateKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        _spec(
            TemplateKind.RAPID_REVIEW_REPORT,
            "The rapid review report sent to the Panel, generated from the case's rapid review outcome.",
            RAPID_REVIEW_VARIABLES,
        ),
        _spec(
            TemplateKind.TERMS_OF_REFERENCE,
            "A local review's terms of reference, one version at a time, for the LCPC to agree.",
            TERMS_OF_REFERENCE_VARIABLES,
            terms_of_reference_sample,
            TERMS_OF_REFERENCE_SOURCE,
        ),
        _spec(
            TemplateKind.FAMILY_INFORMATION_LETTER,
            "The letter telling a family member about a local review and how they can take part.",
            FAMILY_LETTER_VARIABLES,
            family_letter_sample,
            FAMILY_LETTER_SOURCE,
        ),
        _spec(
            TemplateKind.SEVEN_MINUTE_BRIEFING,
            "A short briefing on a review's learning, for practitioners to discuss in their teams.",
            SEVEN_MINUTE_VARIABLES,
            seven_minute_sample,
            SEVEN_MINUTE_SOURCE,
        ),
        _spec(
            TemplateKind.COMMITTEE_REPORT,
            "The report to a committee: every review under way, its status and RAG; made from the action "
            "plans' monitoring view, the quarter's figures by status, agency and theme too.",
            COMMITTEE_REPORT_VARIABLES,
            committee_report_sample,
            COMMITTEE_REPORT_SOURCE,
        ),
    )
}


def spec_for(kind: str) -> KindSpec | None:
    """The kind's definition, or None for a value that is not a kind (a crafted URL)."""
    if kind not in TemplateKind:
        return None
    return SPECS[TemplateKind(kind)]


def format_day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def plain_context(value: Any) -> Any:
    """The context as the sandbox gets it (JSON): dates as "1 March 2026", None as empty text, tuples as
    lists; text, numbers, lists and dicts as they are."""
    if isinstance(value, dict):
        return {str(key): plain_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_context(item) for item in value]
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_day(value.date())
    if isinstance(value, dt.date):
        return format_day(value)
    return value


def build_docx(source: Source, *, title: str) -> bytes:
    """A built-in template as .docx bytes, from its source: Arial 11, headings in Word's heading styles."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = title
    for style_name, text in source:
        if style_name == "title":
            document.add_heading(text, level=0)
        elif style_name == "h1":
            document.add_heading(text, level=1)
        elif style_name == "h2":
            document.add_heading(text, level=2)
        elif style_name == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
