"""The notification summary: the national form's sections and field labels, in its order, so the business
unit can re-key it into the national online system (which has no API). Rendered as PDF (WeasyPrint) and
DOCX (python-docx) from one structure. Identity details appear only when passed in (the caller checks
subjects.policies.may_see_identity and records the showing)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case

NOT_RECORDED = "Not recorded"


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


@dataclass
class Summary:
    title: str
    case_reference: str
    generated: str
    identity_included: bool
    sections: list[Section]


def _date(value: dt.date | None) -> str:
    return value.strftime("%-d %B %Y") if value else NOT_RECORDED


def _text(value: Any) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    return str(value)


def _display(instance: Any, name: str) -> str:
    return str(getattr(instance, f"get_{name}_display")()) if getattr(instance, name) else NOT_RECORDED


def build_summary(
    *,
    case: Case,
    notification: Any,
    children: list[Any],
    identities: dict[int, Any],
    screening: Any,
    deadline: Any,
    attachments: list[Any],
    generated_at: dt.datetime,
) -> Summary:
    partnership = case.lead_partnership
    sections = [
        Section(
            "1. Notifier",
            [
                ("Local authority", partnership.local_authority_name),
                ("Safeguarding partnership", partnership.name),
                ("Local case reference", case.reference),
                ("Notifier phone number and email", "Enter your own in the national system"),
            ],
        ),
        Section("2. Category of notification", [("Category", _display(notification, "category"))]),
    ]
    for number, child in enumerate(children, start=1):
        subject = child.subject
        rows: list[tuple[str, str]] = [("Child", subject.label)]
        identity = identities.get(subject.pk)
        if identity is not None:
            rows += [
                ("First names", _text(identity.first_names)),
                ("Last name", _text(identity.last_name)),
                ("Other names used", _text(", ".join(identity.known_as))),
                (
                    "Date of birth" if not subject.is_unborn else "Expected date of delivery",
                    _date(
                        identity.date_of_birth if not subject.is_unborn else identity.expected_delivery_date
                    ),
                ),
                ("Address", _text(", ".join(identity.address_lines))),
            ]
        rows += [
            ("Age", subject.age_display),
            ("Sex", _display(subject, "sex")),
            ("Ethnicity", _text(subject.ethnicity)),
            ("Disability", _text(subject.disability)),
            ("Health", _text(child.health)),
            ("Local authority area where the child lives", _text(child.home_area)),
            ("Looked after", _display(child, "looked_after")),
            (
                "Placement type",
                _text(child.placement_type) if child.looked_after == "yes" else "Not applicable",
            ),
            ("Child in need plan", _display(child, "child_in_need_plan")),
            ("Child protection plan", _display(child, "child_protection_plan")),
            ("Known to any agency", _display(child, "known_to_agencies")),
        ]
        sections.append(Section(f"3.{number} Child {number} of {len(children)}", rows))
    if not children:
        sections.append(
            Section("3. Children", [("Children", "No child named yet (up to 4 per notification)")])
        )
    sections += [
        Section(
            "4. The incident",
            [
                ("Location", _text(notification.incident_place)),
                ("Date", _date(notification.incident_date)),
                (
                    "Time (if known)",
                    notification.incident_time.strftime("%H:%M")
                    if notification.incident_time
                    else "Not known",
                ),
            ],
        ),
        Section("5. Case outline", [("Case outline", _text(notification.outline))]),
        Section(
            "6. Further information",
            [
                (
                    "Further information, including other children involved",
                    _text(notification.further_information),
                )
            ],
        ),
        Section(
            "7. Attachments",
            [(f"Attachment {n}", doc.original_name) for n, doc in enumerate(attachments, start=1)]
            or [("Attachments", "None")],
            note="Upload these files to the national system from the case's documents.",
        ),
        Section(
            "Local record (not part of the national form)",
            [
                (
                    "Date the local authority became aware",
                    _date(screening.la_became_aware_on if screening else None),
                ),
                ("Notification due (5 working days)", _date(deadline.due_on if deadline else None)),
                ("Date of the decision to notify", _date(screening.decided_on if screening else None)),
                ("Date sent to the Panel", _date(notification.sent_on)),
                *(
                    [("Reason the notification was late", _text(deadline.delay_reason))]
                    if deadline is not None and deadline.delay_reason
                    else []
                ),
                ("The Panel's reference", _text(notification.panel_reference)),
                ("Date local safeguarding partners were told", _date(notification.local_partners_told_on)),
            ],
        ),
    ]
    return Summary(
        title="Serious incident notification: summary for the national system",
        case_reference=case.reference,
        generated=generated_at.strftime("%-d %B %Y at %H:%M"),
        identity_included=bool(identities),
        sections=sections,
    )


def render_pdf(summary: Summary) -> bytes:
    from weasyprint import HTML

    html = render_to_string("notifications/summary_pdf.html", {"summary": summary})
    return HTML(string=html).write_pdf()


def render_docx(summary: Summary) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = summary.title
    document.add_heading(summary.title, level=1)
    document.add_paragraph(f"Case {summary.case_reference}. Produced {summary.generated}.")
    document.add_paragraph(_marking(summary))
    for section in summary.sections:
        document.add_heading(section.title, level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in section.rows:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = value
        if section.note:
            document.add_paragraph(section.note)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _marking(summary: Summary) -> str:
    if summary.identity_included:
        return (
            "OFFICIAL-SENSITIVE. Contains the children's identity details: keep secure and delete after use."
        )
    return "OFFICIAL-SENSITIVE. Identity details are not included in this copy."
