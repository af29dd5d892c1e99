"""The built-in default templates (version 0), built with python-docx in memory on first use: the rapid review
report's, whose source is here, and each other template kind's, whose source is in reports.kinds.

No binary .docx is kept in the repository: this module is the template's source. A partnership that has not
uploaded a template of its own gets this one, and business managers download it from the templates page as
a starting point for theirs. `manage.py report_default_template [PATH]` writes it to a file (by default
var/default-report-template.docx).

Jinja tags are written one per run so docxtpl sees them whole; `{%p ... %}` tags stand in paragraphs of
their own (docxtpl replaces the whole paragraph). The section headings are plain text in Word's Heading 1
style, so the generated file shows them and python-docx reads them back.
"""

from __future__ import annotations

from functools import lru_cache

from .context import SECTION_TITLES
from .kinds import SPECS, TemplateKind, build_docx

# (kind, text): "title", "h1" (a section heading), "h2", "p" (a paragraph), "li" (a bullet), "tag" (a
# paragraph holding only a {%p %} tag).
_SOURCE: list[tuple[str, str]] = [
    ("title", "{{ report.title }}: {{ case.pseudonym }}"),
    (
        "p",
        "Case {{ case.reference }}, {{ case.partnership }}. Generated on {{ report.generated_on }} from "
        "version {{ report.outcome_version }} of the rapid review outcome, with report template version "
        "{{ report.template_version }}.",
    ),
    ("p", "OFFICIAL-SENSITIVE. This report uses the pseudonym only: it holds no identity details."),
    # 1
    ("h1", SECTION_TITLES[0]),
    ("li", "SIN reference: {{ identifiers.sin_reference }}"),
    ("li", "Date of the SIN: {{ identifiers.sin_date }}"),
    ("li", "Date the referral was received: {{ identifiers.referral_date }}"),
    ("li", "Local authority: {{ identifiers.local_authority }}"),
    ("li", "Partnership: {{ identifiers.partnership }}"),
    ("li", "Rapid review meetings: {{ identifiers.meeting_dates_text }}"),
    ("li", "Sign-off: {{ identifiers.signoff }}"),
    # 2
    ("h1", SECTION_TITLES[1]),
    ("tag", "{%p for child in children %}"),
    (
        "li",
        "{{ child.label }}: age {{ child.age }}; sex {{ child.sex }}; ethnicity {{ child.ethnicity }}; "
        "disability {{ child.disability }}; legal status {{ child.legal_status }}",
    ),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not children %}"),
    ("p", "No child is recorded on the case."),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if household %}"),
    ("h2", "Household, including siblings"),
    ("tag", "{%p for person in household %}"),
    ("li", "{{ person.label }} ({{ person.relationship }})"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endif %}"),
    # 3
    ("h1", SECTION_TITLES[2]),
    ("li", "Date: {{ incident.date }}"),
    ("li", "Type: {{ incident.type }}"),
    ("p", "{{ incident.outline }}"),
    # 4
    ("h1", SECTION_TITLES[3]),
    ("p", "Period covered by the chronology: {{ period_covered }}"),
    ("tag", "{%p for agency in agencies %}"),
    ("h2", "{{ agency.name }}"),
    ("p", "Return: {{ agency.return_status }}. Period of involvement: {{ agency.period }}"),
    ("p", "{{ agency.summary }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not agencies %}"),
    ("p", "No agency return has been requested."),
    ("tag", "{%p endif %}"),
    # 5
    ("h1", SECTION_TITLES[4]),
    ("tag", "{%p for episode in key_episodes %}"),
    ("li", "{{ episode.date }}, {{ episode.agency }}: {{ episode.what_happened }}"),
    ("p", "Analysis: {{ episode.analysis }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not key_episodes %}"),
    ("p", "No key practice episode is marked in the chronology."),
    ("tag", "{%p endif %}"),
    ("tag", "{%p for agency in agencies %}"),
    ("p", "{{ agency.name }}: {{ agency.key_practice_episodes }}"),
    ("tag", "{%p endfor %}"),
    # 6
    ("h1", SECTION_TITLES[5]),
    ("h2", "Summary of the facts"),
    ("p", "{{ analysis.facts_summary }}"),
    ("h2", "What went well"),
    ("tag", "{%p for item in analysis.what_went_well %}"),
    ("li", "{{ item.agency }}: {{ item.text }}"),
    ("tag", "{%p endfor %}"),
    ("h2", "Learning"),
    ("tag", "{%p for point in analysis.learning %}"),
    ("li", "{{ point.text }}{% if point.themes %} (themes: {{ point.themes|join(', ') }}){% endif %}"),
    ("tag", "{%p endfor %}"),
    ("h2", "Lived experience and context, including racism, inequality and protected characteristics"),
    ("p", "{{ analysis.lived_context }}"),
    # 7
    ("h1", SECTION_TITLES[6]),
    ("tag", "{%p for action in immediate_actions %}"),
    (
        "li",
        "{{ action.description }} Owner: {{ action.agency }}; due {{ action.due_on }}; {{ action.status }}; "
        "other children confirmed safe: {{ action.other_children_safe }}",
    ),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not immediate_actions %}"),
    ("p", "No immediate action is recorded."),
    ("tag", "{%p endif %}"),
    ("h2", "Actions agreed at the rapid review meetings"),
    ("tag", "{%p for action in agreed_actions %}"),
    (
        "li",
        "{{ action.description }} Owner: {{ action.agency }}; due {{ action.due_on }}; {{ action.status }}",
    ),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not agreed_actions %}"),
    ("p", "No action agreed at a meeting is recorded."),
    ("tag", "{%p endif %}"),
    # 8
    ("h1", SECTION_TITLES[7]),
    ("p", "Criteria: {{ assessment.criteria_version }}"),
    ("h2", "Regulation 11 criteria"),
    ("tag", "{%p for row in assessment.reg11 %}"),
    ("li", "{{ row.question }}: {{ row.answer }}. {{ row.reason }}"),
    ("tag", "{%p endfor %}"),
    ("h2", "Circumstances the partners have regard to"),
    ("tag", "{%p for row in assessment.have_regard %}"),
    ("li", "{{ row.question }} {{ row.answer }}. {{ row.reason }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if assessment.reg3 %}"),
    ("h2", "National review criteria (regulation 3)"),
    ("tag", "{%p for row in assessment.reg3 %}"),
    ("li", "{{ row.question }}: {{ row.answer }}. {{ row.reason }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endif %}"),
    (
        "p",
        "A national review may be appropriate: {{ assessment.national_review.answer }}. "
        "{{ assessment.national_review.reason }}",
    ),
    # 9
    ("h1", SECTION_TITLES[8]),
    ("p", "Decision: {{ decision.decision }}"),
    ("p", "{{ decision.rationale }}"),
    ("tag", "{%p if decision.evidence %}"),
    ("h2", "Evidence"),
    ("tag", "{%p for item in decision.evidence %}"),
    ("li", "{{ item.source }}{% if item.note %}: {{ item.note }}{% endif %}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endif %}"),
    # 10
    ("h1", SECTION_TITLES[9]),
    ("tag", "{%p for partner in signoff.partners %}"),
    ("li", "{{ partner }}"),
    ("tag", "{%p endfor %}"),
    ("p", "{{ signoff.statement }}"),
    # 11
    ("h1", SECTION_TITLES[10]),
    ("tag", "{%p for meeting in meetings %}"),
    ("li", "{{ meeting.date }}: {{ meeting.attendees_text }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not meetings %}"),
    ("p", "No rapid review meeting is recorded."),
    ("tag", "{%p endif %}"),
    # 12
    ("h1", SECTION_TITLES[11]),
    ("tag", "{%p for process in parallel_processes %}"),
    (
        "li",
        "{{ process.kind }}: {{ process.status }}"
        "{% if process.led_by %}; led by {{ process.led_by }}{% endif %}"
        "{% if process.reference %}; reference {{ process.reference }}{% endif %}"
        "{% if process.started_on %}; started {{ process.started_on }}{% endif %}"
        "{% if process.next_date %}; next key date {{ process.next_date }}{% endif %}"
        "{% if process.concluded_on %}; concluded {{ process.concluded_on }}{% endif %}"
        "{% if process.notes %}. {{ process.notes }}{% endif %}",
    ),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if not parallel_processes %}"),
    ("p", "No parallel process is recorded."),
    ("tag", "{%p endif %}"),
    # 13
    ("h1", SECTION_TITLES[12]),
    ("p", "As at {{ timeliness.as_at }}."),
    ("tag", "{%p for row in timeliness.clocks %}"),
    (
        "li",
        "{{ row.clock }}: due {{ row.due_on }}; met {{ row.met_on }}; {{ row.state }}"
        "{% if row.reason %}. Reason for delay: {{ row.reason }}{% endif %}",
    ),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if timeliness.agency_returns %}"),
    ("h2", "Agency returns"),
    ("tag", "{%p for row in timeliness.agency_returns %}"),
    (
        "li",
        "{{ row.agency }}: due {{ row.due_on }}; submitted {{ row.submitted_on }}; {{ row.state }}"
        "{% if row.restarted == 'Yes' %} (restarted after questions){% endif %}",
    ),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endif %}"),
    # 14
    ("h1", SECTION_TITLES[13]),
    ("li", "Has the family been told of the review: {{ family.told }}"),
    ("tag", "{%p if family.date %}"),
    ("li", "Date told: {{ family.date }}"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if family.method %}"),
    ("li", "How: {{ family.method }}"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if family.told_by %}"),
    ("li", "Told by: {{ family.told_by }}"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if family.notes %}"),
    ("p", "{{ family.notes }}"),
    ("tag", "{%p endif %}"),
]


@lru_cache(maxsize=1)
def default_template_bytes() -> bytes:
    """The rapid review report's default template as .docx bytes (built once per process)."""
    return build_docx(_SOURCE, title="Rapid review report (default template)")


@lru_cache(maxsize=len(TemplateKind.values))
def builtin_template_bytes(kind: str) -> bytes:
    """The built-in version 0 of a template kind (reports.kinds), as .docx bytes (built once per process)."""
    if kind == TemplateKind.RAPID_REVIEW_REPORT:
        return default_template_bytes()
    spec = SPECS[TemplateKind(kind)]
    return build_docx(spec.source, title=f"{spec.label} (default template)")
