"""Reads of a case's redaction checks and their findings, each a fixed number of queries however many
checks or findings. The callers have checked the policy (policies.py); the publication app asks
`document_publishable` and `latest_check`, and shows `check_summary` through the template include
redaction/_check_summary.html."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.documents.selectors import document_get, documents_for_case

from . import rules
from .models import CheckStatus, Decision, RedactionCheck, RedactionFinding

if TYPE_CHECKING:
    from safeguarding_reviews.documents.models import Document

# Files of a case that are never published, so never checked (documents' purposes): what agencies and the
# family were sent or sent in (referral and notification papers, the agencies' chronology files and its Word
# export, requests for information, the family's letter), templates, the Rapid Review report and sign-off
# record (sent to the Panel, not published) and the terms of reference. Every other purpose (the report's
# drafts, the publication app's files) may be checked.
NEVER_PUBLISHED = frozenset(
    {
        "referral",
        "notification",
        "chronology_import",
        "chronology_export",
        "information_request",
        "family_information_letter",
        "report_template",
        "rapid_review_report",
        "signoff_record",
        "terms_of_reference",
    }
)
# The types the reader reads (reading.read_text); any other stored type is listed as not checkable.
CHECKABLE_TYPES = frozenset({"docx", "pdf", "txt"})

# A finding still to resolve: neither accepted nor fixed in the next version.
_OPEN = Q(findings__decision=Decision.OPEN, findings__fixed_in__isnull=True)


def _annotated(checks: Any) -> Any:
    return checks.annotate(
        finding_count=Count("findings"),
        open_count=Count("findings", filter=_OPEN),
        superseded=Exists(RedactionCheck.objects.filter(previous=OuterRef("pk"))),
    )


def checks_of(case: Case) -> list[RedactionCheck]:
    """The case's checks, newest first, each with its file, requester, `finding_count`, `open_count` and
    `superseded` (a later check names it as previous). One query."""
    checks = list(
        _annotated(RedactionCheck.objects.filter(case=case))
        .select_related("document", "requested_by")
        .order_by("-checked_at", "-pk")
    )
    for check in checks:
        check.case = case
    return checks


def latest_check(*, document: Document) -> RedactionCheck | None:
    """The latest check of exactly this stored file, with its counts (as checks_of), or None. One query."""
    check = (
        _annotated(RedactionCheck.objects.filter(document=document))
        .select_related("document", "requested_by")
        .order_by("-checked_at", "-pk")
        .first()
    )
    return check


@dataclasses.dataclass(frozen=True)
class CheckSummary:
    """What the include redaction/_check_summary.html shows about one check: counts only, never a finding's
    text, so any reader of the checks may see it."""

    check: RedactionCheck
    state: str
    state_label: str
    open_count: int
    finding_count: int
    accepted_count: int
    fixed_count: int
    by_kind: list[tuple[str, int]]
    # Does the check speak for the file as it is stored now (its checksum at check time is the file's)?
    current: bool
    # Has a later check (of the next version) settled its findings?
    superseded: bool = False

    @property
    def publishable(self) -> bool:
        return self.state == rules.STATE_PUBLISHABLE and self.current


def summary_of(
    check: RedactionCheck, findings: list[RedactionFinding], *, superseded: bool = False
) -> CheckSummary:
    """The summary of a check whose findings the caller has loaded (findings_of): no query."""
    open_count = sum(1 for f in findings if f.decision == Decision.OPEN and f.fixed_in_id is None)
    state = rules.check_state(status=check.status, open_count=open_count)
    kinds = Counter(f.kind for f in findings)
    return CheckSummary(
        check=check,
        state=state,
        state_label=rules.STATE_LABELS[state],
        open_count=open_count,
        finding_count=len(findings),
        accepted_count=sum(1 for f in findings if f.decision == Decision.ACCEPTED),
        fixed_count=sum(1 for f in findings if f.fixed_in_id is not None),
        by_kind=[(rules.kind_label(kind), n) for kind, n in sorted(kinds.items(), key=_kind_order)],
        current=check.sha256 == check.document.sha256,
        superseded=superseded,
    )


def _kind_order(item: tuple[str, int]) -> tuple[int, str]:
    order = list(rules.KIND_LABELS)
    return (order.index(item[0]) if item[0] in order else len(order), item[0])


def check_summary(*, check: RedactionCheck) -> CheckSummary:
    """The check's state and counts (by kind, open, accepted, fixed) and whether a later check settled it. Two
    queries at most; the check's document is loaded with it (policies.check_get and latest_check do)."""
    findings = list(
        RedactionFinding.objects.filter(redaction_check=check).only(
            "pk", "kind", "decision", "fixed_in_id", "redaction_check_id"
        )
    )
    return summary_of(check, findings, superseded=is_superseded(check))


def check_status(*, check: RedactionCheck) -> str:
    """One of rules.STATE_NOT_CHECKABLE, STATE_OPEN (findings to resolve) or STATE_PUBLISHABLE. One query
    (none for a check that could not be read)."""
    if check.status != CheckStatus.CHECKED:
        return rules.STATE_NOT_CHECKABLE
    open_count = getattr(check, "open_count", None)
    if open_count is None:
        open_count = RedactionFinding.objects.filter(
            redaction_check=check, decision=Decision.OPEN, fixed_in__isnull=True
        ).count()
    return rules.check_state(status=check.status, open_count=open_count)


def document_publishable(*, document: Document) -> bool:
    """True only when the latest check of exactly this stored file was made of the file as it is stored now
    (its checksum) and has no unresolved finding: every finding accepted, or none (for the latest check
    "fixed in the next version" cannot apply). One query."""
    check = latest_check(document=document)
    if check is None or check.sha256 != document.sha256:
        return False
    return check_status(check=check) == rules.STATE_PUBLISHABLE


def findings_of(check: RedactionCheck) -> list[RedactionFinding]:
    """The check's findings in the order of the text, each with who decided and what the acceptance was
    carried from (its check). One query."""
    findings = list(
        RedactionFinding.objects.filter(redaction_check=check)
        .select_related("decided_by", "carried_from__redaction_check")
        .order_by("start", "end", "pk")
    )
    for finding in findings:
        finding.redaction_check = check
    return findings


def finding_get(check: RedactionCheck, finding_id: int) -> RedactionFinding | None:
    finding = (
        RedactionFinding.objects.filter(redaction_check=check, pk=finding_id)
        .select_related("decided_by", "carried_from__redaction_check")
        .first()
    )
    if finding is not None:
        finding.redaction_check = check
    return finding


def is_superseded(check: RedactionCheck) -> bool:
    """Has a later check named this one as its previous (so its findings are settled there)? One query."""
    superseded = getattr(check, "superseded", None)
    if superseded is None:
        superseded = RedactionCheck.objects.filter(previous=check).exists()
    return bool(superseded)


def next_check(check: RedactionCheck) -> RedactionCheck | None:
    """The latest check that names this one as its previous. One query."""
    return RedactionCheck.objects.filter(previous=check).order_by("-checked_at", "-pk").first()


def decisions_of(finding: RedactionFinding) -> list[Any]:
    """The finding's decisions, oldest first, with who took them. One query."""
    return list(finding.decisions.select_related("actor").order_by("at", "pk"))


def previous_choices(case: Case) -> list[tuple[int, str]]:
    """(check id, words) for the "new version of" select of the run page, newest first. One query."""
    return [
        (
            check.pk,
            f"{rules.label_display(check.label)}: {check.document.original_name}, checked "
            f"{check.checked_at:%d/%m/%Y %H:%M}",
        )
        for check in RedactionCheck.objects.filter(case=case)
        .select_related("document")
        .order_by("-checked_at", "-pk")
    ]


def check_in_case(case: Case, check_id: int) -> RedactionCheck | None:
    return RedactionCheck.objects.filter(case=case, pk=check_id).first()


def checkable_documents(case: Case) -> list[Document]:
    """The case's stored files a check may be run on: a type the reader reads, a purpose that may be
    published, not removed; newest first, with who uploaded each. One query."""
    return list(
        documents_for_case(case)
        .filter(detected_type__in=CHECKABLE_TYPES)
        .exclude(purpose__in=NEVER_PUBLISHED)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")
    )


def document_choices(case: Case) -> list[tuple[str, str]]:
    """(document id, words) for the run page's select of the case's checkable files. One query."""
    return [
        (
            str(document.pk),
            f"{document.original_name} ({document.detected_type.upper()}, uploaded "
            f"{document.created_at:%d/%m/%Y} by {document.uploaded_by.full_name})",
        )
        for document in checkable_documents(case)
    ]


def checkable_document_get(case: Case, document_id: Any) -> Document | None:
    """One of the case's checkable files (checkable_documents), or None."""
    document = document_get(case, document_id)
    if document is None or document.purpose in NEVER_PUBLISHED:
        return None
    return document
