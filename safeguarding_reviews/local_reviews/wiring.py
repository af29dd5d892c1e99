"""The terms of reference, wired into the generic apps below (registered in apps.LocalReviewsConfig.ready):

- signoffs: the signable kind `terms_of_reference` (the three partners' delegates sign the current version;
  services._on_new_terms_version supersedes standing sign-offs of the previous one in the same transaction);
- reports: the context builder `terms_of_reference` for the Word export (reports.DocumentGeneration, made on
  the task worker from the partnership's terms-of-reference template, docs/reports.md).

The document a sign-off is of is the review's terms of reference across its versions: `document_id` is the
LocalReview's id. Nothing here records reads: the pages that use it record their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.parallel_processes.models import ProcessKind, ProcessStatus
from safeguarding_reviews.parallel_processes.selectors import active_constraints_for_case
from safeguarding_reviews.reports import builders
from safeguarding_reviews.reports.selectors import latest_documents
from safeguarding_reviews.signoffs import signable

from . import selectors
from .models import ReviewKind, TermsOfReference
from .policies import ReviewAction, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

TERMS_KIND = "terms_of_reference"
TERMS_BUILDER = "terms_of_reference"
TERMS_PURPOSE = "terms_of_reference"
REVIEW_KIND_WORDS = {
    ReviewKind.STATUTORY: "Local child safeguarding practice review",
    ReviewKind.LOCAL_LEARNING: "Local learning review",
}


def terms_download_url(case: Case, terms_id: int) -> str | None:
    """The latest Word export of that version, if one was made (one query)."""
    made = latest_documents(case, builder=TERMS_BUILDER, subject_ids=[terms_id]).get(terms_id)
    if made is None:
        return None
    return reverse("reports:document_generation_download", kwargs={"case_id": case.pk, "job_id": made.pk})


def terms_signable(case: Case) -> signable.SignableVersion | None:
    """The current terms of reference as the signer reads them (signoffs' `current`); records no read."""
    found = selectors.terms_current_for_signing(case)
    if found is None:
        return None
    terms_id, version, sha256, drafters = found
    review_id = TermsOfReference.objects.filter(pk=terms_id).values_list("review_id", flat=True).first()
    return signable.SignableVersion(
        document_id=int(review_id or 0),
        version=version,
        sha256=sha256,
        drafted_by=frozenset(drafters),
        title=f"Terms of reference version {version}",
        url=reverse("local_reviews:terms_version", kwargs={"case_id": case.pk, "number": version}),
        download_url=terms_download_url(case, terms_id),
    )


def _members(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _label(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def terms_context(case: Case, terms_id: int) -> dict[str, Any] | None:
    """The `terms_of_reference` template kind's variables (docs/reports.md) for one version, or None if it
    is not a version of this case's review. For the task worker: records no read."""
    terms = (
        TermsOfReference.objects.filter(pk=terms_id, review__case=case)
        .select_related("review", "agreement")
        .first()
    )
    if terms is None:
        return None
    review = terms.review
    names = selectors.agency_names(case)
    reasons: dict[int, list[str]] = {}
    for constraint in active_constraints_for_case(case):
        reasons.setdefault(constraint.process_id, []).append(constraint.reason)
    agreement = getattr(terms, "agreement", None) if selectors.terms_agreed(terms) else None
    return {
        "partnership_name": case.lead_partnership.name,
        "generated_on": clock.today(),
        "review": {
            "case_reference": case.reference,
            "review_kind": REVIEW_KIND_WORDS.get(ReviewKind(review.kind), review.get_kind_display()),
            "initiated_on": review.initiated_on,
            "version": terms.version,
            "scope_from": terms.scope_from,
            "scope_to": terms.scope_to,
            "lines_of_enquiry": list(terms.lines_of_enquiry),
            "agencies": [names.get(pk, "An agency no longer active") for pk in terms.agency_ids],
            "child_perspective": terms.child_perspective,
            "family_context": terms.family_context,
            "proportionality": terms.proportionality,
            "parallel_processes": [
                {
                    "kind": _label(ProcessKind, process.get("kind", "")),
                    "status": _label(ProcessStatus, process.get("status", "")),
                    "constraints": reasons.get(process.get("id"), []),
                }
                for process in terms.parallel_processes
            ],
            "agreed_on": agreement.agreed_on if agreement else None,
            "agreed_at_meeting": agreement.meeting if agreement else None,
            "members_present": _members(agreement.members_present) if agreement else [],
        },
    }


def _may_export(user: User, case: Case) -> bool:
    return may(user, ReviewAction.WRITE, case)


def _may_read(user: User, case: Case) -> bool:
    return may(user, ReviewAction.VIEW, case)


def _terms_url(case: Case, terms_id: int, version: int) -> str:
    return reverse("local_reviews:terms_version", kwargs={"case_id": case.pk, "number": version})


def _terms_filename(case: Case, version: int) -> str:
    return f"terms-of-reference-{case.reference}-v{version}"


SIGNABLE = signable.SignableKind(code=TERMS_KIND, label="Terms of reference", current=terms_signable)
BUILDER = builders.ContextBuilder(
    name=TERMS_BUILDER,
    kind=TERMS_KIND,
    purpose=TERMS_PURPOSE,
    build=terms_context,
    may_request=_may_export,
    may_read=_may_read,
    subject_url=_terms_url,
    filename=_terms_filename,
    label="the terms of reference",
)


def register() -> None:
    signable.register(SIGNABLE)
    builders.register(BUILDER)
