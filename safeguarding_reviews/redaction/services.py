"""Writes of the redaction check: run a check of a stored file of a case, accept a finding with a reason, undo
an acceptance, and the audited read of a check's page. Keyword-only; each owns its transaction and records its
audit events with ids, kinds and counts only (never a finding's text or a decision's reason).

A check runs synchronously, in the request that asks for it: the engine is fast (a report is read and searched
in well under a second) and the caller (the publication pages) needs the answer at once to say whether the
file is publishable. A file too large or too damaged to read is "not checkable" with the reason, never an
error page.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.documents.services import document_path

from . import engine, policies, reading, rules, selectors
from .case_identity import identity_for_case
from .models import (
    CheckStatus,
    Decision,
    DecisionAction,
    FindingDecision,
    RedactionCheck,
    RedactionFinding,
)
from .selectors import NEVER_PUBLISHED

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.documents.models import Document

logger = logging.getLogger(__name__)


def _check(allowed: bool, why: str) -> None:
    if not allowed:
        raise PermissionDenied(why)


def _read(document: Document) -> tuple[str, str | None, str]:
    """(sha256 of the bytes read, the text or None, why not checkable)."""
    try:
        content = document_path(document).read_bytes()
    except (FileNotFoundError, PermissionDenied):
        return "", None, "The stored file is missing"
    sha256 = hashlib.sha256(content).hexdigest()
    if sha256 != document.sha256:
        return sha256, None, "The stored file no longer matches the checksum it was stored with"
    # The reader chooses by type: the stored type (by content), not the name the uploader gave.
    filename = f"{Path(document.original_name).stem or 'document'}.{document.detected_type}"
    try:
        return sha256, reading.read_text(content=content, filename=filename), ""
    except reading.NotCheckable as exc:
        return sha256, None, exc.reason
    except Exception as exc:  # a damaged file must say so, never fail the page
        # The type of the error only: the message may quote the file.
        logger.warning("redaction check: file could not be read (%s)", type(exc).__name__)
        return sha256, None, "The file could not be read: it may be damaged"


def _validate_run(*, case: Case, document: Document, label: str, previous_check: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if document.case_id != case.pk or document.removed_at is not None:
        errors["document"] = "Select a file of this case"
    elif document.purpose in NEVER_PUBLISHED:
        errors["document"] = "This file is never published, so it is not checked"
    if (error := rules.label_error(label)) is not None:
        errors["label"] = error
    if previous_check is not None and previous_check.case_id != case.pk:
        errors["previous_check"] = "Select a check of this case"
    return errors


def redaction_check_run(
    *,
    actor: User,
    case: Case,
    document: Document,
    label: str,
    previous_check: RedactionCheck | None = None,
) -> RedactionCheck:
    """Check one stored file of the case for the case's protected identifiers: read it through the
    document store (its checksum taken from the bytes read), build the case's identity
    (case_identity.identity_for_case) and run the engine.

    `label` says what the file is (rules.LABELS or a short label of the caller's). `previous_check` is the
    check of the file's previous version (or None): its findings not found again are marked fixed in this
    check, and an acceptance of one found again is carried forward to this check's same finding (same kind
    and normalised text), with the original reason, who and when. Records the check run and, when the file
    was read, an identity read (IDENTITY_VIEWED)."""
    _check(policies.may_run(actor, case), policies.WHY["run"])
    errors = _validate_run(case=case, document=document, label=label, previous_check=previous_check)
    if errors:
        raise ValidationError(errors)
    sha256, text, why = _read(document)
    found: list[engine.Finding] = []
    if text is not None:
        identity = engine.identity_from_json(identity_for_case(case))
        found = engine.find_identifiers(identity, text)
    with transaction.atomic(durable=True):
        check = RedactionCheck.objects.create(
            case=case,
            document=document,
            sha256=sha256 or document.sha256,
            label=label.strip(),
            previous=previous_check,
            status=CheckStatus.CHECKED if text is not None else CheckStatus.NOT_CHECKABLE,
            reason=why,
            requested_by=actor,
            checked_at=clock.now(),
        )
        findings = _store_findings(check, text or "", found)
        fixed, carried = (
            _settle_previous(actor, check, previous_check, findings) if previous_check else (0, 0)
        )
        record_event(
            event_type=EventType.REDACTION_CHECK_RUN,
            actor=actor,
            case=case,
            target=check,
            data={
                "check_id": check.pk,
                "document_id": str(document.pk),
                "sha256": check.sha256,
                "label": check.label if check.label in rules.LABELS else "other",
                "status": check.status,
                "findings": len(findings),
                "by_kind": dict(sorted(_count_kinds(findings).items())),
                "previous_check_id": previous_check.pk if previous_check else None,
                "fixed": fixed,
                "carried": carried,
            },
        )
        if text is not None:
            record_event(
                event_type=EventType.IDENTITY_VIEWED,
                actor=actor,
                case=case,
                target=check,
                data={"subject_ids": [], "page": "redaction_check_run", "check_id": check.pk},
            )
    check.case = case
    return check


def _count_kinds(findings: list[RedactionFinding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    return counts


def _store_findings(check: RedactionCheck, text: str, found: list[engine.Finding]) -> list[RedactionFinding]:
    rows = []
    for item in found:
        # The engine promises offsets inside the text; a finding is never dropped for a bad one, only clamped.
        start = max(0, min(item.start, len(text)))
        end = max(start, min(item.end, len(text)))
        before, after = rules.context(text, start, end)
        rows.append(
            RedactionFinding(
                redaction_check=check,
                start=start,
                end=end,
                kind=item.kind[:40],
                text=item.text,
                normalised=rules.normalised(item.kind, item.text),
                context_before=before,
                context_after=after,
            )
        )
    created = RedactionFinding.objects.bulk_create(rows, batch_size=500)
    if any(row.pk is None for row in created):  # backends that do not return ids from a bulk insert
        created = list(RedactionFinding.objects.filter(redaction_check=check).order_by("pk"))
    return created


def _settle_previous(
    actor: User, check: RedactionCheck, previous: RedactionCheck, findings: list[RedactionFinding]
) -> tuple[int, int]:
    """Mark the previous check's findings not found again as fixed in `check`; carry acceptances of those
    found again. (fixed, carried) counts."""
    earlier = {
        f.pk: f
        for f in RedactionFinding.objects.filter(redaction_check=previous).only(
            "pk", "kind", "normalised", "decision", "reason", "decided_by_id", "decided_at", "fixed_in_id"
        )
    }
    plan = rules.carry(
        [rules.Earlier(id=f.pk, key=(f.kind, f.normalised), decision=f.decision) for f in earlier.values()],
        [(f.kind, f.normalised) for f in findings],
    )
    # A previous check settled by an earlier re-check keeps the first "fixed in".
    RedactionFinding.objects.filter(pk__in=plan.fixed, fixed_in__isnull=True).update(fixed_in=check)
    carried = []
    now = clock.now()
    for finding in findings:
        source = earlier.get(plan.accepted_from.get((finding.kind, finding.normalised), 0))
        if source is None:
            continue
        finding.decision = Decision.ACCEPTED
        finding.reason = source.reason
        finding.decided_by_id = source.decided_by_id
        finding.decided_at = source.decided_at
        finding.carried_from_id = source.pk
        carried.append(finding)
    if carried:
        RedactionFinding.objects.bulk_update(
            carried, ["decision", "reason", "decided_by", "decided_at", "carried_from"], batch_size=500
        )
        FindingDecision.objects.bulk_create(
            [
                FindingDecision(
                    finding=f,
                    action=DecisionAction.CARRIED,
                    reason=f.reason,
                    actor=actor,
                    at=now,
                    finding_version=f.version,
                )
                for f in carried
            ],
            batch_size=500,
        )
    return len(plan.fixed), len(carried)


def _decide(
    *,
    actor: User,
    case: Case,
    finding: RedactionFinding,
    expected_version: int,
    accepting: bool,
    reason: str = "",
) -> RedactionFinding:
    check = finding.redaction_check
    if check.case_id != case.pk:
        raise ValueError("the finding is not of this case")
    _check(policies.may_decide(actor, case, check.document), policies.WHY["decide"])
    if accepting and (error := rules.reason_error(reason)) is not None:
        raise ValidationError({"reason": error})
    refusal = rules.decision_refusal(
        decision=finding.decision,
        fixed=finding.fixed_in_id is not None,
        superseded=selectors.is_superseded(check),
        accepting=accepting,
    )
    if refusal:
        raise ValidationError(refusal)
    now = clock.now()
    changes: dict[str, Any] = (
        {"decision": Decision.ACCEPTED, "reason": reason.strip(), "decided_by": actor, "decided_at": now}
        if accepting
        else {"decision": Decision.OPEN, "reason": "", "decided_by": None, "decided_at": None}
    ) | {"carried_from": None}
    try:
        with transaction.atomic(durable=True):
            current = RedactionFinding.objects.select_for_update(no_key=True).get(pk=finding.pk)
            saved = update_versioned(current, expected_version=expected_version, changes=changes)
            FindingDecision.objects.create(
                finding=saved,
                action=DecisionAction.ACCEPTED if accepting else DecisionAction.UNDONE,
                reason=saved.reason,
                actor=actor,
                at=now,
                finding_version=saved.version,
            )
            record_event(
                event_type=(
                    EventType.REDACTION_FINDING_ACCEPTED if accepting else EventType.REDACTION_FINDING_UNDONE
                ),
                actor=actor,
                case=case,
                target=saved,
                data={
                    "check_id": check.pk,
                    "finding_id": saved.pk,
                    "kind": saved.kind,
                    "version": saved.version,
                },
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.REDACTION_DECISION_CONFLICT,
                actor=actor,
                case=case,
                target=finding,
                data={"finding_id": finding.pk, "expected_version": expected_version},
            )
        raise
    saved.redaction_check = check
    return saved


def finding_accept(
    *, actor: User, case: Case, finding: RedactionFinding, reason: str, expected_version: int
) -> RedactionFinding:
    """Accept an open finding of the latest check of a file series with the reason it may be published (for
    example "a public place name"). Versioned: StaleVersionError if someone decided since
    `expected_version`."""
    return _decide(
        actor=actor,
        case=case,
        finding=finding,
        expected_version=expected_version,
        accepting=True,
        reason=reason,
    )


def finding_accept_undo(
    *, actor: User, case: Case, finding: RedactionFinding, expected_version: int
) -> RedactionFinding:
    """Undo an acceptance (taken here or carried forward): the finding is open again. The reason stays in the
    finding's decisions. Versioned like finding_accept."""
    return _decide(
        actor=actor, case=case, finding=finding, expected_version=expected_version, accepting=False
    )


def check_record_view(
    *, actor: User, case: Case, check: RedactionCheck, shown_finding_ids: list[int], page: str
) -> None:
    """A check's page was read: one case read, and an identity read naming the findings whose text it
    showed (none shown, none recorded)."""
    case_record_view(actor=actor, case=case, page=page)
    if shown_finding_ids:
        with transaction.atomic():
            record_event(
                event_type=EventType.IDENTITY_VIEWED,
                actor=actor,
                case=case,
                target=check,
                data={
                    "subject_ids": [],
                    "page": page,
                    "check_id": check.pk,
                    "finding_ids": sorted(shown_finding_ids),
                },
            )
