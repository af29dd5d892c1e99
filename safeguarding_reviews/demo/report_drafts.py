"""Child V's drafts of the report (issue 14 item 3), so a newcomer sees the work at once: two versions
uploaded by the reviewer (small synthetic Word documents built here), comments from the LCPC, a partner's
delegate and the business unit with the reviewer's responses, and a factual-accuracy check asked of an
agency's author."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

SECTIONS = [
    ("1. Introduction", "Demo: why the review was commissioned and its terms of reference."),
    ("2. Methodology", "Demo: a learning together approach, a practitioner event and the family's views."),
    ("3. Key practice episodes", "Demo: episodes in the scope period, told by agency and role only."),
    ("4. Findings", "Demo: how information about the baby's injuries was shared between agencies."),
]


def draft_docx(version: int) -> Any:
    """A small synthetic DOCX for version `version`, as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    document = Document()
    document.add_heading(f"Child V: local child safeguarding practice review (demo draft {version})", 0)
    for heading, text in SECTIONS[: 2 + version]:
        document.add_heading(heading, 1)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"child-v-draft-{version}.docx", buffer.getvalue())


def child_v_drafts(*, people: Any, case: Any) -> None:
    """Version 1 with the LCPC's, a delegate's and the business unit's comments, the reviewer's responses;
    version 2 with one comment awaiting a response and a factual-accuracy check open with an agency."""
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.report_drafts import selectors, services

    reviewer = people.reviewer
    if reviewer is None:
        return
    first = services.draft_upload(
        actor=reviewer, case=case, uploaded_file=draft_docx(1), note="Demo: first full draft for the LCPC."
    )
    lcpc = User.objects.filter(email="lcpc.member@demo.example").first()
    delegate = next(iter(people.delegates.values()))
    comments = [
        (lcpc, "Section 2", "Demo: say how the family were invited to take part.", "accepted", ""),
        (
            delegate,
            "Paragraph 3.2",
            "Demo: the strategy discussion is missing from this episode.",
            "not_accepted",
            "Demo: it falls outside the scope period agreed in the terms of reference.",
        ),
        (people.officer, "Section 1", "Demo: add the date the LCPC agreed the terms.", "accepted", ""),
    ]
    for author, reference, text, response, reason in comments:
        if author is None:
            continue
        comment = services.comment_add(actor=author, draft=first, reference=reference, text=text)
        services.comment_respond(
            actor=reviewer,
            comment=comment,
            expected_version=comment.version,
            response=response,
            reason=reason,
        )
    second = services.draft_upload(
        actor=reviewer,
        case=case,
        uploaded_file=draft_docx(2),
        note="Demo: findings added; sections 1 and 2 changed after the LCPC's comments.",
    )
    services.comment_add(
        actor=delegate,
        draft=second,
        reference="Section 4",
        text="Demo: the finding should name the agencies' information-sharing protocol.",
    )
    people_at_agencies = selectors.agency_people(case)
    if people_at_agencies:
        person, agency = people_at_agencies[0]
        services.factual_request_send(
            actor=people.officer,
            draft=second,
            recipient_id=person.pk,
            agency_id=agency.pk,
            due_on=clock.today() + dt.timedelta(days=14),
        )
