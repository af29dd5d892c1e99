"""The redaction check (issue 15 item 2) in a real browser.

Set-up through services: the case's child with identity details, and a text file of the case (a final report
draft naming the child) uploaded by the case's reviewer through the document store. The business unit officer
opens the case's redaction checks (none yet), sends the "Check a file" form empty (the error summary), checks
the file as the final report, and sees the findings with the identifier highlighted; accepts one without a
reason (the error summary on the finding's page), then with a reason, and sees it accepted; the list shows
the check. An LCPC member named on the case then opens the check and sees counts only, never the words. axe
runs on each new page and on each form's error state.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.documents.tests.files import upload
from safeguarding_reviews.redaction.models import RedactionCheck, RedactionFinding
from safeguarding_reviews.subjects.services import subject_add

from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURNAME = "Childname"
REPORT = (
    "Child Q lived with her mother and two brothers. In March the health visitor saw Childname at home, "
    "and the nursery noticed a bruise. The Childname family moved soon after."
)
REASON = "Synthetic: the name of a public park, not the family"


def _set_up(world):
    subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind="child",
        details={"sex": "female", "age_years": 2},
        identity={"full_name": f"Synthetic {SURNAME}"},
    )
    return document_store(
        actor=world.people["independent_reviewer"],
        case=world.case,
        uploaded_file=upload("final-report-v1.txt", REPORT.encode()),
        purpose="report_draft",
    )


def test_check_a_file_and_accept_a_finding(world, page_for):
    case = world.case
    _set_up(world)
    checks = reverse("redaction:checks", kwargs={"case_id": case.pk})
    page = page_for(world.people["business_unit_officer"], checks)
    expect(page.get_by_role("heading", level=1)).to_have_text("Redaction checks")
    expect(page.locator("#no-checks")).to_be_visible()
    axe_check(page, context="redaction checks (none)")

    # Check a file: empty first, then for real.
    page.get_by_role("button", name="Check a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a file for identifiers")
    axe_check(page, context="check a file")
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the file to check")
    expect(summary).to_contain_text("Select what the file is")
    axe_check(page, context="check a file (errors)")
    page.get_by_label("File to check").select_option(index=1)
    page.get_by_label("Final report", exact=True).check()
    page.get_by_role("button", name="Check the file").click()

    check = RedactionCheck.objects.get()
    check_url = reverse("redaction:check", kwargs={"case_id": case.pk, "check_id": check.pk})
    page.wait_for_url(f"**{check_url}")
    main = page.locator("main")
    expect(main).to_contain_text("File checked")
    expect(main).to_contain_text("Findings to resolve")
    marks = page.locator("#findings mark")
    expect(marks.first).to_have_text(SURNAME)
    found = RedactionFinding.objects.filter(redaction_check=check).count()
    assert found >= 2
    axe_check(page, context="a check with its findings")

    # Accept the first finding: without a reason first (the finding's page with the error), then with one.
    first = page.locator("#findings details").first
    first.locator("summary").click()
    first.get_by_role("button", name="Accept").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why this may be published")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept a finding with a reason")
    axe_check(page, context="accept a finding (errors)")
    page.get_by_label("Why may this be published?").fill(REASON)
    page.get_by_role("button", name="Accept the finding").click()
    page.wait_for_url(f"**{check_url}#finding*")
    expect(main).to_contain_text("Finding accepted")
    expect(page.locator("#findings")).to_contain_text(REASON)
    expect(page.locator("#findings details")).to_have_count(found - 1)
    axe_check(page, context="a check with an accepted finding")

    page.get_by_role("link", name="Redaction checks").first.click()
    page.wait_for_url(f"**{checks}")
    expect(page.locator("#checks")).to_contain_text("Final report")
    expect(page.locator("#checks")).to_contain_text(f"{found - 1} to resolve")
    axe_check(page, context="redaction checks (one)")

    # An LCPC member named on the case reads the check: counts only.
    member = page_for(world.people["review_committee_member"], check_url)
    expect(member.locator("#counts-only")).to_be_visible()
    expect(member.locator("main")).to_contain_text("Findings by kind")
    expect(member.locator("main")).not_to_contain_text(SURNAME)
    expect(member.locator("mark")).to_have_count(0)
    axe_check(member, context="a check, counts only")
