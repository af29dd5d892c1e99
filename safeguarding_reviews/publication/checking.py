"""The one place publication calls the redaction app (issue 15 items 0 to 4, built beside this app).

What it assumes of the redaction app, and nothing more:
- `redaction.services.redaction_check_run(*, actor, case, document, label, previous_check=None)` runs the
  check on a stored document (the caller holds no transaction open: it may be a durable service), returns the
  check (anything with a `pk`), and raises ValidationError (or `redaction.reading.NotCheckable`) for a file it
  cannot check, such as a PDF with no text layer. It records its own audit event.
- `redaction.selectors.document_publishable(*, document) -> bool`: the document's latest check has no finding
  left unresolved.
- `redaction.models.RedactionCheck`: checks by primary key (for `previous_check` and the summaries).
- the page `redaction:check` (kwargs case_id, check_id), where findings are listed, fixed or accepted;
- the include `redaction/_check_summary.html`, given `check` (publication/_check.html includes it).

A check's id is kept as text on the file version (PublicationFile.check_id), so its type is the redaction
app's own. Who sees the findings is the issue's rule, mirrored here only to decide whether to link to the
check page: those who may see identity details, and whoever uploaded that file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding_reviews.subjects.policies import may_see_identity

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case

    from .models import PublicationFile

SUMMARY_TEMPLATE = "redaction/_check_summary.html"


@dataclass(frozen=True)
class CheckRun:
    check_id: str = ""
    error: str = ""


def _check_model() -> Any:
    from safeguarding_reviews.redaction.models import RedactionCheck

    return RedactionCheck


def run_check(*, actor: User, case: Case, document: Any, label: str, previous_check_id: str = "") -> CheckRun:
    """Check a new file version, passing the previous version's check. Never raises for a file that cannot
    be checked: the reason comes back in `error` (the version then is not publishable)."""
    from safeguarding_reviews.redaction import reading
    from safeguarding_reviews.redaction.services import redaction_check_run

    previous = None
    if previous_check_id:
        previous = _check_model().objects.filter(pk=previous_check_id).first()
    try:
        check = redaction_check_run(
            actor=actor, case=case, document=document, label=label, previous_check=previous
        )
    except reading.NotCheckable as exc:
        return CheckRun(error=exc.reason)
    except ValidationError as exc:
        return CheckRun(error=" ".join(exc.messages))
    return CheckRun(check_id=str(check.pk))


def publishable(file: PublicationFile | None) -> bool:
    """The redaction app's word on one version: checked, and nothing left to resolve."""
    if file is None or not file.check_id:
        return False
    from safeguarding_reviews.redaction.selectors import document_publishable

    return bool(document_publishable(document=file.document))


def checks_by_id(ids: Iterable[str]) -> dict[str, Any]:
    """The checks of the versions a page shows, by their id as text. One query, and one for each kind of
    row that belongs to a check."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    model = _check_model()
    # Whatever the summary include reads of a check's own rows (its findings) comes with it, so a page of
    # versions costs the same queries however many there are.
    related = [r.get_accessor_name() for r in model._meta.related_objects if r.one_to_many]
    return {str(check.pk): check for check in model.objects.filter(pk__in=wanted).prefetch_related(*related)}


def check_url(case: Case, check_id: str) -> str:
    return reverse("redaction:check", kwargs={"case_id": case.pk, "check_id": check_id})


def sees_identity(user: User, case: Case) -> bool:
    """Whether `user` may see the findings of any file of the case (identity details). Ask once a page."""
    return may_see_identity(user, case)


def may_see_findings(user: User, file: PublicationFile, *, identity: bool) -> bool:
    """`identity` is sees_identity(user, case); the uploader of a version sees its findings too."""
    return identity or file.uploaded_by_id == user.pk
