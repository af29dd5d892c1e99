"""The final report record, wired into signoffs (registered in apps.FinalReportsConfig.ready): the signable
kind `final_report`. The three partners' delegates sign the record's current version once it has been
submitted; every change makes a new version and services supersede the standing sign-offs of the one before
in the same transaction. When the third partner signs, signoffs tells the business unit, the business manager
and the Independent Chair (alerts.rules: DOCUMENT_SIGNOFF_COMPLETE), as for the terms of reference.

`document_id` is the FinalReport's id; `sha256` covers the final draft's checksum and the record's canonical
content (selectors.canonical). Nothing here records reads: the pages that use it record their own.
"""

from __future__ import annotations

from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.signoffs import signable

from . import selectors

KIND = selectors.KIND


def report_signable(case: Case) -> signable.SignableVersion | None:
    found = selectors.signing_version(case)
    if found is None:
        return None
    draft = found.draft
    return signable.SignableVersion(
        document_id=found.report_id,
        version=found.version,
        sha256=found.sha256,
        drafted_by=found.drafted_by,
        title=f"Final report record version {found.version}"
        + (f", with draft version {draft.version} of the report" if draft else ""),
        url=reverse("final_reports:record", kwargs={"case_id": case.pk}),
        download_url=reverse("report_drafts:download", kwargs={"case_id": case.pk, "version": draft.version})
        if draft
        else None,
    )


SIGNABLE = signable.SignableKind(code=KIND, label="Final report", current=report_signable)


def register() -> None:
    signable.register(SIGNABLE)
