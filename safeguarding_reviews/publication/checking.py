"""The one place publication calls the redaction app (issue 15 items 0 to 4; docs/publication.md, "For the
publication app"). It uses:

- `redaction.services.redaction_check_run(*, actor, case, document, label, previous_check=None)`: a durable
  service (the caller holds no transaction open), audited by the redaction app; a file it cannot read comes
  back as a check whose status is "not checkable", with the reason;
- `redaction.selectors.document_publishable(*, document)`: the latest check of exactly that file, made of the
  file as stored now, has no finding left unresolved;
- `redaction.selectors.checks_of(case)` (every check with its counts, one query), `check_status(*, check)` and
  `check_summary(*, check)`, and `redaction.rules`' labels and states;
- the page `redaction:check` (kwargs case_id, check_id), where the findings are read, fixed or accepted (their
  words only for those who may see identity details and the file's uploader: the redaction app's rule), and
  the include `redaction/_check_summary.html` (given `summary`), used by publication/file.html.

A check's id is kept on the file version as text (PublicationFile.check_id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding_reviews.redaction import rules as redaction_rules
from safeguarding_reviews.redaction import selectors as redaction_selectors
from safeguarding_reviews.redaction.models import RedactionCheck
from safeguarding_reviews.redaction.services import redaction_check_run

from .rules import FileKind

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case

    from .models import PublicationFile

# What each kind of file is, in the redaction app's labels.
LABELS = {
    FileKind.REPORT: "final_report",
    FileKind.IMPROVEMENTS: "improvements_information",
    FileKind.BRIEFING: "seven_minute_briefing",
}
STATE_LABELS = redaction_rules.STATE_LABELS
PUBLISHABLE = redaction_rules.STATE_PUBLISHABLE
NOT_CHECKABLE = redaction_rules.STATE_NOT_CHECKABLE


@dataclass(frozen=True)
class CheckRun:
    check_id: str = ""
    error: str = ""  # why the file could not be checked, or why the check did not run


def run_check(*, actor: User, case: Case, file: PublicationFile, previous_check_id: str = "") -> CheckRun:
    """Check a new file version, with the previous version's check. Never raises for a file that cannot be
    checked: the reason comes back in `error` (the version is then not publishable)."""
    previous = RedactionCheck.objects.filter(pk=previous_check_id).first() if previous_check_id else None
    try:
        check = redaction_check_run(
            actor=actor,
            case=case,
            document=file.document,
            label=LABELS[FileKind(file.kind)],
            previous_check=previous,
        )
    except ValidationError as exc:
        return CheckRun(error=" ".join(exc.messages))
    if check.status == redaction_rules.NOT_CHECKABLE:
        return CheckRun(check_id=str(check.pk), error=check.reason or "The file could not be checked")
    return CheckRun(check_id=str(check.pk))


def publishable(file: PublicationFile | None) -> bool:
    """The redaction app's word on one version: checked as stored now, and nothing left to resolve."""
    if file is None or not file.check_id:
        return False
    return bool(redaction_selectors.document_publishable(document=file.document))


def checks_by_id(case: Case, ids: Iterable[str]) -> dict[str, RedactionCheck]:
    """The checks of the versions a page shows, with their counts (`finding_count`, `open_count`), by their id
    as text. One query."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {str(c.pk): c for c in redaction_selectors.checks_of(case) if str(c.pk) in wanted}


def state(check: RedactionCheck) -> str:
    """not_checkable, open_findings or publishable (no query: checks_by_id's counts)."""
    return redaction_selectors.check_status(check=check)


def summary(check: RedactionCheck) -> Any:
    """What redaction/_check_summary.html shows of a check (redaction.selectors.CheckSummary). Two queries."""
    return redaction_selectors.check_summary(check=check)


def check_url(case: Case, check_id: str) -> str:
    return reverse("redaction:check", kwargs={"case_id": case.pk, "check_id": check_id})
