"""Objects the authorization matrix needs for redaction URLs: a text file of world.case uploaded by the case's
reviewer (so `REV`, without the identity grant, sees the findings' text as the file's uploader and decides on
them), checked by the business unit, with at least one open finding. The engine is another helper's work and
what it finds depends on the identity the case holds when this runs, so when it finds nothing a finding is
added directly: the matrix tests access, not detection."""

from __future__ import annotations


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.documents.services import document_store
    from safeguarding_reviews.documents.tests.files import upload
    from safeguarding_reviews.redaction import services
    from safeguarding_reviews.redaction.models import RedactionFinding

    text = "Synthetic matrix report: Child Q was seen at home. Contact: matrix.person@example.org, SW1A 1AA."
    document = document_store(
        actor=world.people["independent_reviewer"],
        case=world.case,
        uploaded_file=upload("matrix-report.txt", text.encode()),
        purpose="report_draft",
    )
    check = services.redaction_check_run(
        actor=world.people["business_unit_officer"], case=world.case, document=document, label="final_report"
    )
    finding = RedactionFinding.objects.filter(redaction_check=check).order_by("pk").first()
    if finding is None:
        start = text.index("SW1A 1AA")
        finding = RedactionFinding.objects.create(
            redaction_check=check,
            start=start,
            end=start + 8,
            kind="postcode",
            text="SW1A 1AA",
            normalised="sw1a1aa",
            context_before="Contact: matrix.person@example.org, ",
        )
    return {"redaction": {"check_id": check.pk, "finding_id": finding.pk}}
