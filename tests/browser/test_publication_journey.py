"""Issue 15 ("Publication without a leak", items 5 to 8) in a real browser, on a case at the LCSPR stage with
its final report record, a child whose identity details are on the case and a criminal trial on its register.

The business unit uploads the final report for publication (the empty form first) with three planted leaks
(the child's first name, last name and the name the family uses: words from the case's identity details, so
any engine that reads the case finds them) → the redaction check lists all three → version 2 fixes two of them
→ the check of version 2 lists the third, which is accepted with a reason (a public place name) → the file is
publishable → the partners' decision (the empty form first) → the three partners' delegates sign the decision
with that exact version → the notice: a planned date too soon is refused with the earliest allowed date, then
the notice is recorded → a hold for the trial is recorded by the officer, approved by the business manager
(the clock shows "held" with its reason, the dashboard lists it with its review date) and lifted → the review
is recorded as published (the empty address first) → the seven-minute briefing is made in Word on the task
worker and added as a version, which goes through the same check. axe runs on each new page and on each form's
error state.

The redaction check's own page belongs to the redaction app (built beside publication): `_accept_finding` is
the one place this journey works its form.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.core import clock
from safeguarding_reviews.parallel_processes.services import parallel_process_add
from safeguarding_reviews.publication.models import PublicationFile, PublicationRecord
from safeguarding_reviews.publication.tests import helpers as h
from safeguarding_reviews.working_days.calculator import add_working_days, is_working_day
from safeguarding_reviews.working_days.selectors import statutory_non_working_days

from .conftest import axe_check, long_date, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNERS = ("local_authority", "icb", "police")
# Version 1 carries three leaks; version 2 keeps only "Ashdown", in the name of a public place.
VERSION_1 = (
    "Child Q, known at home as Bramble, lived with their mother.\n"
    "Rowan's health visitor saw bruising twice and did not tell children's social care.\n"
    "The family often walked in Ashdown Forest."
)
VERSION_2 = (
    "Child Q lived with their mother.\n"
    "The health visitor saw bruising twice and did not tell children's social care.\n"
    "The family often walked in Ashdown Forest."
)
ACCEPTED = "Synthetic: a public place name (Ashdown Forest), not the family."
TRIAL = "Synthetic: the criminal trial must end before the report is published."


def _url(live_server, name, case, **kwargs):
    return f"{live_server.url}{reverse(name, kwargs={'case_id': case.pk, **kwargs})}"


def _errors(page, message, context):
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    axe_check(page, context=context)


def _docx(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(h.docx(text).read())
    return str(path)


def _working_days_ago(n):
    non_working = statutory_non_working_days()
    day = clock.today()
    while add_working_days(day, n, non_working=non_working) > clock.today() or not is_working_day(
        day, non_working=non_working
    ):
        day -= dt.timedelta(days=1)
    return day


def _accept_finding(page, text, reason):
    """The redaction check's page (the redaction app's): accept the finding of `text` with a reason."""
    row = page.locator("#findings tbody tr").filter(has=page.locator("mark", has_text=text))
    row.locator("summary").click()
    row.get_by_label("Why may this be published?").fill(reason)
    row.get_by_role("button", name="Accept").click()
    expect(page.locator("main")).to_contain_text("Finding accepted")
    expect(page.locator("#findings")).to_contain_text(reason)


def _upload(page, tmp_path, name, text, note=""):
    page.get_by_role("link", name="Upload a new version").click()
    page.get_by_label("The file").set_input_files(_docx(tmp_path, name, text))
    if note:
        page.get_by_label("What changed in this version (optional)").fill(note)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("put through the redaction check")


def test_publication_without_a_leak(world, page_for, live_server, tmp_path):
    case = h.at_lcspr(world)
    trial = parallel_process_add(
        actor=h.officer(world),
        case=case,
        values={"kind": "criminal_proceedings", "status": "under_way", "reference": "Synthetic T20271234"},
    )
    task_list = reverse("publication:task_list", kwargs={"case_id": case.pk})
    officer = page_for(world.people["business_unit_officer"], task_list)
    axe_check(officer, context="publication task list (nothing yet)")

    # The final report for publication, version 1 (the empty form first): the check lists the three leaks.
    officer.get_by_role("link", name="The final report, for publication").click()
    axe_check(officer, context="file page (no version)")
    officer.get_by_role("link", name="Upload a new version").click()
    axe_check(officer, context="upload page")
    officer.get_by_role("button", name="Upload").click()
    _errors(officer, "Select the file to upload", "upload page (errors)")
    officer.get_by_label("The file").set_input_files(_docx(tmp_path, "report-v1.docx", VERSION_1))
    officer.get_by_role("button", name="Upload").click()
    versions = officer.locator("#versions")
    expect(versions).to_contain_text("Findings to resolve")
    expect(versions).to_contain_text("3 findings, 3 to resolve")
    axe_check(officer, context="file page (version 1, findings)")
    officer.get_by_role("link", name="See the check of version 1").click()
    findings = officer.locator("#findings")
    for leak in (h.FIRST, h.LAST, h.KNOWN_AS):
        expect(findings.locator("mark", has_text=leak)).to_have_count(1)

    # Version 2 fixes two; the third is accepted with a reason on its check: publishable.
    officer.goto(_url(live_server, "publication:file", case, kind="report"))
    _upload(officer, tmp_path, "report-v2.docx", VERSION_2, note="The child's names taken out")
    expect(versions.locator("tbody tr").first).to_contain_text("1 finding, 1 to resolve")
    officer.get_by_role("link", name="See the check of version 2").click()
    expect(officer.locator("#findings mark")).to_have_text([h.LAST])
    earlier = officer.locator("#earlier-findings tbody tr")
    for fixed in (h.FIRST, h.KNOWN_AS):
        row = earlier.filter(has=officer.locator("mark", has_text=fixed))
        expect(row).to_contain_text("Fixed in this version")
    _accept_finding(officer, h.LAST, ACCEPTED)
    officer.goto(_url(live_server, "publication:file", case, kind="report"))
    expect(versions.locator("tbody tr").first).to_contain_text("Publishable")
    officer.goto(f"{live_server.url}{task_list}")
    expect(officer.locator("#task-report-status")).to_have_text("Publishable")

    # The partners' decision (the empty form first).
    officer.get_by_role("link", name="The partners' decision").click()
    axe_check(officer, context="decision page")
    officer.get_by_role("button", name="Save").click()
    _errors(officer, "Select what the partners decided to publish", "decision page (errors)")
    officer.get_by_label("Publish the report", exact=True).check()
    officer.get_by_role("button", name="Save").click()
    expect(officer.locator("#decision-words")).to_contain_text("Publish the report")
    expect(officer.locator("#signoff-hint")).to_contain_text("version 2 of the file")

    # The three partners' delegates sign the decision with version 2.
    sign = reverse("signoffs:document", kwargs={"case_id": case.pk, "kind": "publication_decision"})
    for partner in PARTNERS:
        page = page_for(world.people[f"delegate_{partner}"], sign)
        expect(page.get_by_role("heading", level=1)).to_have_text("Publication decision")
        page.get_by_label("Yes, we agree").check()
        page.get_by_role("button", name="Record sign-off").click()
        expect(page.locator(f"#signoff-{partner}")).to_contain_text("Agreed")
    officer.goto(f"{live_server.url}{task_list}")
    expect(officer.locator("#task-signoff-status")).to_have_text("Completed")

    # The notice: a planned date too soon is refused with the earliest allowed date; then recorded.
    sent = _working_days_ago(10)
    earliest = add_working_days(sent, 7, non_working=statutory_non_working_days())
    officer.get_by_role("link", name="Notice before publication").click()
    axe_check(officer, context="notice page")
    officer.get_by_label("Date the notice was sent").fill(typed_date(sent))
    officer.get_by_label("Planned publication date").fill(
        typed_date(add_working_days(sent, 3, non_working=statutory_non_working_days()))
    )
    officer.get_by_role("button", name="Record the notice").click()
    _errors(officer, f"the earliest is {long_date(earliest)}", "notice page (too soon)")
    officer.get_by_label("Planned publication date").fill(typed_date(clock.today()))
    officer.get_by_role("button", name="Record the notice").click()
    notice = officer.locator("#notice")
    expect(notice).to_contain_text(long_date(sent))
    expect(notice).to_contain_text("The Child Safeguarding Practice Review Panel")
    expect(notice).to_contain_text("The Secretary of State")
    expect(notice).to_contain_text(PublicationFile.objects.get(kind="report", version=2).sha256)
    axe_check(officer, context="publication task list (notice sent)")

    # A hold for the trial: recorded by the officer, approved by the business manager, then lifted.
    review_on = clock.today() + dt.timedelta(days=28)
    officer.get_by_role("link", name="Holds on publication").click()
    axe_check(officer, context="hold page")
    officer.get_by_role("button", name="Save").click()
    _errors(officer, "Enter the role of the person who agreed the hold", "hold page (errors)")
    officer.get_by_label("The parallel process holding publication (optional)").select_option(str(trial.pk))
    officer.get_by_label("Reason for the hold").fill(TRIAL)
    officer.get_by_label("Who agreed the hold (their role)").fill("Senior investigating officer, police")
    officer.get_by_label("Review date").fill(typed_date(review_on))
    officer.get_by_role("button", name="Save").click()
    expect(officer.locator("#holds")).to_contain_text("Waiting for approval")
    manager = page_for(world.people["business_manager"], task_list)
    manager.get_by_role("link", name=f"Approve or refuse the hold: {TRIAL}").click()
    axe_check(manager, context="hold decision page")
    manager.get_by_label("Yes, approve it: the clock is paused from today").check()
    manager.get_by_role("button", name="Save").click()
    expect(manager.locator("#publication-clock")).to_contain_text(f"Held: {TRIAL}")
    expect(manager.locator("#task-record-status")).to_contain_text("Cannot start yet")
    manager.goto(f"{live_server.url}{reverse('business_unit_dashboard')}")
    held = manager.locator("#held-reviews")
    expect(held).to_contain_text(case.reference)
    expect(held).to_contain_text(long_date(review_on))
    axe_check(manager, context="business unit dashboard (a review held)")
    officer.goto(f"{live_server.url}{task_list}")
    officer.get_by_role("link", name=f"Lift the hold: {TRIAL}").click()
    axe_check(officer, context="lift the hold page")
    officer.get_by_label("Why it is lifted (optional)").fill("Synthetic: the trial has ended.")
    officer.get_by_role("button", name="Save").click()
    expect(officer.locator("#holds")).to_contain_text("Lifted")
    expect(officer.locator("#publication-clock")).not_to_contain_text("Held")

    # Published (the empty address first).
    officer.get_by_role("link", name="Publication record").click()
    axe_check(officer, context="publication record page")
    officer.get_by_role("button", name="Save").click()
    _errors(officer, "Enter the public address", "publication record page (errors)")
    officer.get_by_label("Public address").fill("https://www.example.org/reviews/child-q")
    officer.get_by_role("button", name="Save").click()
    record = officer.locator("#record")
    expect(record).to_contain_text("https://www.example.org/reviews/child-q")
    expect(record).to_contain_text("Child Q")
    expect(record).to_contain_text("Met")
    axe_check(officer, context="publication task list (published)")
    published = PublicationRecord.objects.get(case=case)
    assert published.sha256 == PublicationFile.objects.get(kind="report", version=2).sha256

    # The seven-minute briefing: made in Word on the task worker, added and checked.
    officer.get_by_role("link", name="Seven-minute briefing").click()
    axe_check(officer, context="briefing page (none yet)")
    officer.get_by_role("button", name="Make the seven-minute briefing").click()
    officer.wait_for_url("**/word-documents/**")
    expect(officer.locator("#generation-result")).to_contain_text("Download the Word document")
    officer.goto(_url(live_server, "publication:file", case, kind="briefing"))
    axe_check(officer, context="briefing page (made)")
    officer.get_by_role("button", name="Add and check the briefing").click()
    briefing = officer.locator("#versions")
    expect(briefing).to_contain_text("Generated")
    expect(briefing).to_contain_text("No findings")
    expect(briefing.locator("tbody tr").first).to_contain_text("Publishable")
    axe_check(officer, context="briefing page (checked)")
    assert PublicationFile.objects.get(kind="briefing").check_id
