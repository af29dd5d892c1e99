"""Who may download a document of a case they can see.

By default anyone who may see the case. Some purposes are narrower: a referral's attachments are the
referrer's own papers (letters, legal papers, local forms) and usually name the family, so they follow the
identity rule (subjects/policies.py may_see_identity). Later stages add their purposes here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.subjects.policies import may_see_identity

from .models import Document

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

PURPOSE_RULES: dict[str, Callable[[Any, Case], bool]] = {
    "referral": may_see_identity,
    # Papers attached to the national notification (legal papers, local forms) name the family too.
    "notification": may_see_identity,
    # A Word export of the chronology holds what its requester may see (perhaps restricted entries): only
    # they download it, through chronology:export_download, never through this general download.
    "chronology_export": lambda user, case: False,
    # An agency's chronology uploaded for mapping (chronology.ChronologyImportDraft): read only by the mapping
    # pages, for the person who uploaded it; never downloaded.
    "chronology_import": lambda user, case: False,
    # The Rapid Review report's DOCX and PDF: only through reports:download_docx / download_pdf, which apply
    # the report's readers (reports/policies.py). A report template has no case, so no case URL reaches it.
    "rapid_review_report": lambda user, case: False,
    "report_template": lambda user, case: False,
    # The sign-off record's PDF: only through signoffs:record_download (the sign-off page's readers).
    "signoff_record": lambda user, case: False,
    # A Word export of the terms of reference (reports.DocumentGeneration): only through
    # reports:document_generation_download, which applies the local review's readers.
    "terms_of_reference": lambda user, case: False,
    # A family member's information letter names them and their address: only through families:letter_download
    # (or reports:document_generation_download), for those who may see identity details.
    "family_information_letter": lambda user, case: False,
    # A draft of the local review's report: only through report_drafts:download and factual_download, which
    # apply the drafts' readers and a factual-accuracy request's recipient (report_drafts/policies.py).
    "report_draft": lambda user, case: False,
    # The action plans' monitoring exports (a spreadsheet, the committee report): no case, only their
    # requester, only through action_plans:monitoring_export_download.
    "action_plan_export": lambda user, case: False,
    "committee_report": lambda user, case: False,
}


def may_download(user: User, case: Case, document: Document) -> bool:
    """The caller has established the case is visible to the user."""
    rule = PURPOSE_RULES.get(document.purpose)
    return True if rule is None else rule(user, case)
