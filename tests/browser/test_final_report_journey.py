"""Issue 14 (the local review, part 2) in a real browser, on a case at the LCSPR stage with its review open.

The business unit invites the health visitor to the practitioner event and records the no-blame statement
given → on the family's pages adds the mother (one of the case's people), sends the decision form empty (the
error summary), decides to approach her by letter, records a contact attempt and makes her information letter
(on the task worker: the immediate backend runs it as the request commits), downloads it, and decides not to
approach the grandparent, with the reasons → the independent reviewer, who has no identity grant, gets "Page
not found" on both of the letter's pages → the reviewer uploads version 1 of the draft (the empty form first)
→ an LCPC member, the ICB delegate and the business unit comment on it → the reviewer accepts one comment,
does not accept another (the reason asked for first), accepts the third and uploads version 2 → the reviewer
starts the final report record (summaries, two findings: the empty finding form first) → the business unit
adds three complete recommendations (the empty form first) and submits the record → the three partners'
delegates sign it on the sign page (the empty form first) → the record shows "Signed off". axe runs on each
new page and on each form family's error state.

Set-up the journey is not about goes through services: the case at the LCSPR stage with its review opened,
the reviewer named on the case (the world's), the case's people with identity details, the practitioner, the
grandparent added for the review, a practice theme.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.families.models import FamilyMember
from safeguarding_reviews.families.services import member_add
from safeguarding_reviews.final_reports.models import FinalReport
from safeguarding_reviews.local_reviews.services import local_review_open_statutory
from safeguarding_reviews.practitioners.services import practitioner_add
from safeguarding_reviews.report_drafts.models import DraftComment, ReportDraft
from safeguarding_reviews.subjects.services import subject_add
from tests.outcome_data import a_theme

from .conftest import axe_check, long_date, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY = "Alphashire Test Hospital"
MOTHER = "Synthetic Mothername"
GRANDPARENT = "Synthetic Grandparentname"
NOT_APPROACHED = "Synthetic: a witness in the criminal trial."
NOT_ACCEPTED = "Synthetic: the chronology already gives the date."
PARTNERS = ("local_authority", "icb", "police")


def _set_up(world):
    officer = world.people["business_unit_officer"]
    case = world.case
    Case.objects.filter(pk=case.pk).update(stage=Stage.LCSPR)
    case.refresh_from_db()
    local_review_open_statutory(actor=officer, case=case, initiated_on=clock.today())
    people: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("child", {"sex": "female", "age_years": 2}, {"first_names": "Synthetic", "last_name": "Childname"}),
        (
            "household_member",
            {"relationship": "mother"},
            {"first_names": "Synthetic", "last_name": "Mothername", "address_line_1": "3 Synthetic Road"},
        ),
    ]
    _, mother = (
        subject_add(actor=officer, case=case, kind=kind, details=details, identity=identity)
        for kind, details, identity in people
    )
    practitioner = practitioner_add(
        actor=officer,
        case=case,
        agency_id=world.agency.pk,
        role="Health visitor",
        first_names="Synthetic",
        last_name="Practitionername",
    )
    grandparent = member_add(
        actor=officer,
        case=case,
        relationship="grandparent",
        identity={
            "first_names": "Synthetic",
            "last_name": "Grandparentname",
            "address_line_1": "2 Synthetic Lane",
            "town": "Testtown",
        },
    )
    return case, mother, practitioner, grandparent


def _docx(tmp_path, name, text):
    from docx import Document

    document = Document()
    document.add_heading("Local child safeguarding practice review: Child Q", level=1)
    document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return str(path)


def _url(live_server, name, case, **kwargs):
    return f"{live_server.url}{reverse(name, kwargs={'case_id': case.pk, **kwargs})}"


def _save(page, name="Save"):
    page.get_by_role("button", name=name).click()


def _errors(page, message, context):
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    axe_check(page, context=context)


def _practitioner_event(page, live_server, case, practitioner, today):
    """The health visitor invited to the learning event; the no-blame statement given."""
    page.goto(_url(live_server, "practitioners:involvement", case, practitioner_id=practitioner.pk))
    page.get_by_role("button", name="Record an invitation").click()
    page.get_by_label("Learning or practitioner event").check()
    page.get_by_label("Date invited").fill(today)
    page.get_by_label("Email").check()
    _save(page)
    expect(page.locator("main")).to_contain_text("Invitation recorded")
    page.get_by_role("button", name="Record the no-blame statement").click()
    page.get_by_label("Date given").fill(today)
    page.get_by_label("Letter").check()
    page.get_by_label("The independent reviewer").check()
    _save(page)
    expect(page.locator("main")).to_contain_text("No-blame statement recorded")
    expect(page.locator("#statement-missing")).to_have_count(0)


def _family(page, live_server, case, mother, grandparent, today):
    """The mother approached by letter, a contact attempt, her letter made and downloaded; the grandparent
    not approached, with the reasons. Returns the mother's FamilyMember."""
    family = reverse("families:family", kwargs={"case_id": case.pk})
    page.goto(f"{live_server.url}{family}")
    expect(page.get_by_role("heading", level=1)).to_have_text("The family's involvement")
    axe_check(page, context="family page")
    page.get_by_role("button", name="Add a family member").click()
    page.locator(f'input[name="subject"][value="{mother.pk}"]').check()
    _save(page)
    expect(page.locator("main")).to_contain_text("Family member added")
    member = FamilyMember.objects.get(case=case, subject=mother)
    expect(page.locator("#member-details")).to_contain_text(MOTHER)
    axe_check(page, context="family member page")

    page.get_by_role("button", name="Record the decision").click()
    _save(page)
    _errors(page, "Select whether to approach them", "approach form (errors)")
    page.get_by_label("Yes, approach them").check()
    page.get_by_label("Letter", exact=True).check()
    _save(page)
    expect(page.locator("#approach")).to_contain_text("Approach them: letter")

    page.get_by_role("button", name="Record a contact attempt or meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact attempt or meeting")
    axe_check(page, context="contact form")
    page.get_by_label("Contact attempt").check()
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_label("Letter", exact=True).check()
    page.get_by_label("Spoke with them").check()
    _save(page)
    expect(page.locator("#contacts")).to_contain_text("Spoke with them")

    page.get_by_role("button", name="Make the information letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make the information letter")
    axe_check(page, context="information letter page")
    page.get_by_role("button", name="Make the letter").click()
    page.wait_for_url("**/word-documents/**")
    expect(page.locator("#generation-status")).not_to_have_text("Queued")
    expect(page.locator("#generation-result")).to_contain_text("Download the Word document")
    page.goto(_url(live_server, "families:member", case, member_id=member.pk))
    expect(page.locator("#letter")).to_contain_text("Made on")
    with page.expect_download() as download:
        page.locator("#letter").get_by_role("link", name="Download the information letter").click()
    assert download.value.suggested_filename.endswith(f"-member-{member.pk}.docx")

    page.goto(_url(live_server, "families:approach", case, member_id=grandparent.pk))
    page.get_by_label("No, do not approach them").check()
    page.get_by_label("Reasons").fill(NOT_APPROACHED)
    page.get_by_label("Agreed with (optional)").fill("Senior investigating officer, police")
    _save(page)
    expect(page.locator("#approach")).to_contain_text(NOT_APPROACHED)
    page.goto(f"{live_server.url}{family}")
    rows = page.locator("#family-members tbody tr")
    expect(rows.filter(has_text=MOTHER)).to_contain_text("Approached")
    expect(rows.filter(has_text=GRANDPARENT)).to_contain_text("Not approached")
    return member


def _comment(page, live_server, case, reference, text):
    page.goto(_url(live_server, "report_drafts:version", case, version=1))
    page.get_by_role("link", name="Add a comment").click()
    page.get_by_label("Paragraph or section").fill(reference)
    page.get_by_label("Comment", exact=True).fill(text)
    _save(page)
    expect(page.locator("#comments")).to_contain_text(text)


def _respond(page, reference, answer, reason=""):
    page.get_by_role("link", name=f"Respond to the comment on {reference}").click()
    page.get_by_label(answer, exact=True).check()
    if reason:
        page.get_by_label("Reason for not accepting it (needed if not accepted)").fill(reason)
    _save(page)
    expect(page.locator("main")).to_contain_text("Response saved")


def _recommendation(page, *, required, theme, due, finding=None, partners=False):
    page.get_by_role("link", name="Add a recommendation", exact=True).click()
    if finding:
        page.get_by_label("The finding it answers (optional)").select_option(label=finding)
    page.get_by_label("What is required").fill(required)
    if partners:
        page.get_by_label("All the safeguarding partners, collectively").check()
    else:
        page.get_by_label("Named agencies, each individually").check()
        page.get_by_label(AGENCY).check()
    page.get_by_label("By when (optional until sign-off)").fill(typed_date(due))
    page.get_by_label("The expected difference for children (optional until sign-off)").fill(
        "Synthetic: babies at risk are seen within a week of a referral."
    )
    page.get_by_label(theme).check()
    _save(page)
    expect(page.locator("#recommendations")).to_contain_text(required)


def test_practitioners_family_drafts_and_the_final_report_signed_off(world, page_for, live_server, tmp_path):
    case, mother, practitioner, grandparent = _set_up(world)
    theme = a_theme().label
    day = clock.today()
    today = typed_date(day)
    officer = page_for(world.people["business_unit_officer"], reverse("cases:detail", args=[case.pk]))

    # The practitioner event and the family, by the business unit.
    _practitioner_event(officer, live_server, case, practitioner, today)
    member = _family(officer, live_server, case, mother, grandparent, today)

    # The reviewer, without the identity grant: the letter's pages are "Page not found".
    drafts = reverse("report_drafts:drafts", kwargs={"case_id": case.pk})
    reviewer = page_for(world.people["independent_reviewer"], drafts)
    for name in ("families:letter_generate", "families:letter_download"):
        response = reviewer.goto(_url(live_server, name, case, member_id=member.pk))
        assert response is not None and response.status == 404
        expect(reviewer.get_by_role("heading", level=1)).to_have_text("Page not found")

    # The reviewer uploads version 1 (the empty form first).
    reviewer.goto(f"{live_server.url}{drafts}")
    expect(reviewer.locator("main")).to_contain_text("Drafts of the report")
    axe_check(reviewer, context="drafts list (none)")
    reviewer.get_by_role("link", name="Upload a new version").click()
    axe_check(reviewer, context="upload a draft")
    _save(reviewer, "Upload")
    _errors(reviewer, "Select the draft to upload", "upload a draft (errors)")
    reviewer.get_by_label("The draft").set_input_files(
        _docx(tmp_path, "draft-1.docx", "Synthetic first draft.")
    )
    reviewer.get_by_label("What changed in this version (optional)").fill("First full draft")
    _save(reviewer, "Upload")
    reviewer.wait_for_url(f"**{drafts}")
    expect(reviewer.locator("main")).to_contain_text("New version uploaded")
    axe_check(reviewer, context="drafts list (one version)")

    # Comments: an LCPC member named on the case (the empty form first), the ICB delegate, the business unit.
    version_1 = reverse("report_drafts:version", kwargs={"case_id": case.pk, "version": 1})
    member_page = page_for(world.people["review_committee_member"], version_1)
    axe_check(member_page, context="draft version page")
    member_page.get_by_role("link", name="Add a comment").click()
    axe_check(member_page, context="comment form")
    _save(member_page)
    _errors(member_page, "Enter the paragraph or section", "comment form (errors)")
    member_page.get_by_label("Paragraph or section").fill("Paragraph 2.1")
    member_page.get_by_label("Comment", exact=True).fill("Synthetic: add the date of the strategy meeting.")
    _save(member_page)
    expect(member_page.locator("#comments")).to_contain_text("Paragraph 2.1")
    signers = {"icb": page_for(world.people["delegate_icb"], version_1)}
    _comment(signers["icb"], live_server, case, "Section 3", "Synthetic: the GP's view is missing.")
    _comment(officer, live_server, case, "Paragraph 5.4", "Synthetic: use the agency's current name.")

    # The reviewer's responses: accepted, not accepted (the reason asked for first), accepted; version 2.
    reviewer.goto(f"{live_server.url}{version_1}")
    _respond(reviewer, "Paragraph 2.1", "Accepted")
    reviewer.get_by_role("link", name="Respond to the comment on Section 3").click()
    axe_check(reviewer, context="respond form")
    reviewer.get_by_label("Not accepted", exact=True).check()
    _save(reviewer)
    _errors(reviewer, "Enter why you do not accept the comment", "respond form (errors)")
    reviewer.get_by_label("Reason for not accepting it (needed if not accepted)").fill(NOT_ACCEPTED)
    _save(reviewer)
    expect(reviewer.locator("main")).to_contain_text("Response saved")
    _respond(reviewer, "Paragraph 5.4", "Accepted")
    comments = reviewer.locator("#comments")
    expect(comments).to_contain_text(NOT_ACCEPTED)
    expect(comments).not_to_contain_text("Awaiting a response")
    reviewer.goto(_url(live_server, "report_drafts:upload", case))
    reviewer.get_by_label("The draft").set_input_files(
        _docx(tmp_path, "draft-2.docx", "Synthetic second draft.")
    )
    reviewer.get_by_label("What changed in this version (optional)").fill(
        "The comments on version 1 taken in"
    )
    _save(reviewer, "Upload")
    reviewer.wait_for_url(f"**{drafts}")
    expect(reviewer.locator("main")).to_contain_text("Version 2")
    versions = ReportDraft.objects.filter(case=case).order_by("version").values_list("version", flat=True)
    assert list(versions) == [1, 2]
    assert DraftComment.objects.filter(draft__case=case, response="not_accepted").count() == 1

    # The reviewer starts the final report record: summaries and two findings (the empty form first).
    record = reverse("final_reports:record", kwargs={"case_id": case.pk})
    reviewer.goto(f"{live_server.url}{record}")
    axe_check(reviewer, context="final report (not started)")
    reviewer.get_by_role("link", name="Start the final report").click()
    axe_check(reviewer, context="final report summary form")
    expect(reviewer.get_by_label("Final draft of the report")).to_have_value(
        str(ReportDraft.objects.get(case=case, version=2).pk)
    )
    reviewer.get_by_label("Summary of recommended improvements (optional until sign-off)").fill(
        "Synthetic: earlier multi-agency discussion of unseen babies."
    )
    reviewer.get_by_label("Analysis of systemic or underlying reasons (optional until sign-off)").fill(
        "Synthetic: thresholds were read differently by each agency."
    )
    _save(reviewer)
    reviewer.wait_for_url(f"**{record}")
    reviewer.get_by_role("link", name="Add a finding").click()
    axe_check(reviewer, context="finding form")
    _save(reviewer)
    _errors(reviewer, "Enter the finding", "finding form (errors)")
    findings = (
        "Synthetic: missed contacts were not escalated.",
        "Synthetic: no strategy discussion was held.",
    )
    for number, text in enumerate(findings):
        if number:
            reviewer.get_by_role("link", name="Add a finding").click()
        reviewer.get_by_label("Finding", exact=True).fill(text)
        _save(reviewer)
        reviewer.wait_for_url(f"**{record}")
    expect(reviewer.locator("#findings")).to_contain_text(findings[1])

    # The business unit adds three complete recommendations (the empty form first) and submits the record.
    officer.goto(f"{live_server.url}{record}")
    officer.get_by_role("link", name="Add a recommendation", exact=True).click()
    axe_check(officer, context="recommendation form")
    _save(officer)
    _errors(officer, "Enter what is required", "recommendation form (errors)")
    officer.get_by_role("link", name="Cancel").click()
    officer.wait_for_url(f"**{record}")
    due = day + dt.timedelta(days=180)
    _recommendation(
        officer,
        required="Synthetic: audit the triage of referrals.",
        theme=theme,
        due=due,
        finding="Finding 1",
    )
    _recommendation(
        officer, required="Synthetic: a joint escalation protocol.", theme=theme, due=due, partners=True
    )
    _recommendation(officer, required="Synthetic: train on strategy discussions.", theme=theme, due=due)
    expect(officer.locator("#readiness")).to_contain_text("ready to go to the partners")
    expect(officer.locator("#final-report")).to_contain_text("Version 2, uploaded")
    table = officer.locator("#recommendations")
    expect(table.locator("tbody tr")).to_have_count(3)
    for text in (long_date(due), theme, AGENCY, "All the safeguarding partners, collectively", "Finding 1"):
        expect(table).to_contain_text(text)
    expect(table).not_to_contain_text("Incomplete")
    axe_check(officer, context="final report (ready)")
    officer.get_by_role("link", name="Submit for sign-off").click()
    axe_check(officer, context="submit the final report")
    officer.get_by_role("button", name="Submit for sign-off").click()
    officer.wait_for_url(f"**{record}")
    expect(officer.locator("#final-report")).to_contain_text("Submitted for sign-off")
    assert FinalReport.objects.get(case=case).recommendations.count() == 3

    # The three partners' delegates sign it (the empty form first).
    sign = reverse("signoffs:document", kwargs={"case_id": case.pk, "kind": "final_report"})
    for partner in PARTNERS:
        page = signers.get(partner) or page_for(world.people[f"delegate_{partner}"], sign)
        if partner in signers:
            page.goto(f"{live_server.url}{sign}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Final report")
        if partner == PARTNERS[0]:
            axe_check(page, context="final report sign page")
            page.get_by_role("button", name="Record sign-off").click()
            _errors(page, "Select whether your partner agrees", "final report sign page (errors)")
        page.get_by_label("Yes, we agree").check()
        page.get_by_role("button", name="Record sign-off").click()
        expect(page.locator(f"#signoff-{partner}")).to_contain_text("Agreed")
    expect(page.locator("#signed-off")).to_contain_text("All three partners have signed off")
    axe_check(page, context="final report sign page (signed off)")

    officer.goto(f"{live_server.url}{record}")
    expect(officer.locator("#final-report")).to_contain_text("Signed off")
    expect(officer.locator("#signing")).not_to_contain_text("Not yet signed")
    expect(officer.get_by_role("link", name="Add a recommendation", exact=True)).to_have_count(0)
    axe_check(officer, context="final report (signed off)")
