"""Issue 4's end-to-end journey in a real browser ("What it must show").

The business unit sends requests to three agencies → two authors submit their returns with chronologies (one
typed in, one imported from the downloaded XLSX template) → the third is chased by the task worker's ladder
and shows as overdue → the merged chronology shows every entry with its agency, entry number and source
record, and the duplicate flagged on both sides → the business unit officer records the outcome → the three
partner delegates sign off → an edit of the outcome clears the sign-offs → the report is generated again
and they sign again → the report downloads and reads back (python-docx for the DOCX, pdftotext for the PDF)
with every section, the pseudonym and no identity detail → sending to the Panel, and its response, are
recorded. axe runs on each new page: outcome overview and a section form, sign-off page, Panel page (and
the requests list and merged chronology on the way).

The clock is fixed with time-machine (tick=True, which the live server's thread shares) in two phases:
Monday 1 March 2027, when the requests go out (due Wednesday 3 March) and two returns come in, and Monday
8 March, when the third request is overdue. Nobody's session crosses the jump (15 minutes idle would end it):
each phase signs its people in afresh, each in a browser context of their own. Set-up the journey is not
about goes through services: the case moved to the rapid review, a child with identity details, the authors'
accounts, the chase ladder (run as the task worker runs it, by enqueueing its task).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook
from playwright.sync_api import expect

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.chronology.models import ChronologyEntry
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.outcomes.criteria import CRITERIA_VERSION, criteria_for
from safeguarding_reviews.outcomes.models import PracticeTheme, RapidReviewOutcome
from safeguarding_reviews.outcomes.selectors import answer_field
from safeguarding_reviews.outcomes.themes import SOURCE, THEMES, VOCABULARY_VERSION
from safeguarding_reviews.panel.models import PanelSubmission
from safeguarding_reviews.rapid_review.models import (
    RETURN_SECTIONS,
    AgencyRequest,
    ChaseStep,
    RequestChase,
    RequestStatus,
)
from safeguarding_reviews.rapid_review.tasks import chase_overdue_requests
from safeguarding_reviews.reports.context import SECTION_TITLES
from safeguarding_reviews.reports.models import GeneratedReport
from safeguarding_reviews.signoffs.models import SignOff
from safeguarding_reviews.subjects.services import subject_add
from tests.factories import AgencyFactory, UserFactory, grant
from tests.fixtures import tool_missing
from tests.outcome_data import to_rapid_review

from .conftest import axe_check, long_date, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENT_AT = dt.datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)  # Monday
DUE = dt.date(2027, 3, 3)  # Wednesday
OVERDUE_AT = dt.datetime(2027, 3, 8, 10, 0, tzinfo=LONDON)  # the Monday after
TODAY = OVERDUE_AT.date()

# Synthetic identity details: the author sees them to search their records; no report may hold them.
CHILD_NAME = "Synthetic Childname"
CHILD_ADDRESS = "1 Synthetic Lane"
CHILD_NHS = "9990001112"
IDENTITY = (
    CHILD_NAME,
    "Childname",
    CHILD_ADDRESS,
    "TT1 4SL",
    CHILD_NHS,
    "6 May 2021",
    "06/05/2021",
    "2021-05-06",
)

FACTS = "Synthetic facts: Child Q was seen at hospital with an unexplained injury."
FACTS_EDITED = FACTS + " The police log shows a home visit with no answer the day before."
LEARNING = "Synthetic learning: agencies did not share the missed home visits."


def _themes() -> None:
    """The practice themes come from a data migration, which an earlier transactional test's flush can
    empty: load them again the way migration outcomes/0002 does."""
    for order, (code, label) in enumerate(THEMES, start=1):
        PracticeTheme.objects.get_or_create(
            vocabulary_version=VOCABULARY_VERSION,
            code=code,
            defaults={"label": label, "source": SOURCE, "sort_order": order},
        )


def _banner(page):
    # The success banner: a page can also show an "Important" one (for example what the import noticed).
    return page.locator(".govuk-notification-banner--success")


def _summary(page, key: str):
    """The value of the summary list row whose key is `key`."""
    term = page.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    row = page.locator(".govuk-summary-list__row").filter(has=term)
    return row.get_by_role("definition")


def _path(name: str, case: Case, **kwargs) -> str:
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


# --- phase 1: requests sent, two returns written and submitted ---------------------------------------------


def _send_requests(page, agencies, authors) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests to agencies")
    expect(page.get_by_text("No agency has been asked for a return yet.")).to_be_visible()
    # Today plus the partnership's 10 working days.
    expect(page.get_by_label("Due date")).to_have_value("15/3/2027")
    axe_check(page, context="requests to agencies, before sending")
    for agency, author in zip(agencies, authors, strict=True):
        page.get_by_label(agency.name, exact=True).check()
        # The author list says "Name – agency, role" (issue 18 item 7).
        page.get_by_label(f"Author for {agency.name}", exact=True).select_option(
            label=f"{author.full_name} – {agency.name}, Agency author"
        )
    page.get_by_label("Due date").fill(typed_date(DUE))
    page.get_by_role("button", name="Send requests").click()
    expect(_banner(page)).to_contain_text("3 requests sent")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    for agency, author in zip(agencies, authors, strict=True):
        row = rows.filter(has=page.get_by_role("link", name=agency.name, exact=True))
        expect(row).to_contain_text(author.full_name)
        expect(row).to_contain_text(long_date(DUE))
        expect(row.locator(".govuk-tag")).to_have_text("Requested")
    axe_check(page, context="requests to agencies, after sending")


def _open_my_request(page, case: Case, request: AgencyRequest) -> None:
    expect(page.get_by_text("Returns you have been asked to write (1)")).to_be_visible()
    # (Chromium puts a space before the visually hidden part of the link's name.)
    name = rf"^{re.escape(case.reference)}\s*: return for {re.escape(request.agency.name)}$"
    page.get_by_role("link", name=re.compile(name)).click()
    page.wait_for_url(f"**{_path('rapid_review:request', case, request_id=request.pk)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agency return: {request.agency.name}")
    expect(page.get_by_text(CHILD_NAME)).to_be_visible()  # to search their agency's records


def _write_and_submit_return(page, case: Case, request: AgencyRequest, entries: int) -> None:
    page.get_by_role("link", name="Back to the request").click()
    page.get_by_role("link", name="Write the return").click()
    for _name, label in RETURN_SECTIONS:
        page.get_by_label(label, exact=True).fill(f"Synthetic {label.lower()} from {request.agency.name}.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**{_path('rapid_review:return_submit', case, request_id=request.pk)}")
    expect(page.get_by_text(f"{entries} entr{'y' if entries == 1 else 'ies'}", exact=True)).to_be_visible()
    page.get_by_role("button", name="Submit the return").click()
    # The confirmation page says what happens next (issue 18 item 3).
    page.wait_for_url(f"**{_path('rapid_review:return_submitted', case, request_id=request.pk)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Return submitted")


def _author_types_an_entry(page, case: Case, request: AgencyRequest) -> None:
    _open_my_request(page, case, request)
    page.get_by_role("link", name="Add or import entries").click()
    page.get_by_label("Date", exact=True).fill("04/02/2025")
    page.get_by_label("Source record (optional)").fill("Health visiting record HV-12")
    page.get_by_label("Type of event").select_option(label="Home visit")
    page.get_by_label("What happened").fill("Home visit, no answer at the door.")
    page.get_by_label("Practitioner role (optional)").fill("Health visitor")
    page.get_by_role("button", name="Save entry").click()
    expect(_banner(page)).to_contain_text("Chronology entry added")
    expect(page.get_by_text("Entries (1)")).to_be_visible()
    _write_and_submit_return(page, case, request, entries=1)


def _author_imports_the_template(page, case: Case, request: AgencyRequest, tmp_path) -> None:
    _open_my_request(page, case, request)
    page.get_by_role("link", name="Add or import entries").click()
    page.get_by_role("link", name="Import entries from a spreadsheet").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="chronology template (XLSX)").click()
    assert info.value.suggested_filename == f"chronology-template-{case.reference}.xlsx"
    template = tmp_path / info.value.suggested_filename
    info.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook["Chronology"]
    assert [cell.value for cell in sheet[1]][:4] == ["Date", "Precision", "Time", "Agency"]
    agency = request.agency.name
    sheet.append(
        [
            dt.date(2025, 2, 4),
            "exact",
            None,
            agency,
            "Police log PL-0117",
            "Home visit",
            "Home visit: no answer at the door.",
            "Police constable",
            "no",
            None,
        ]
    )
    sheet.append(
        [
            dt.date(2025, 2, 20),
            "exact",
            "14:30",
            agency,
            "Police log PL-0142",
            "Strategy discussion",
            "Strategy discussion held without health.",
            "Detective sergeant",
            "yes",
            "Synthetic analysis: health was not invited.",
        ]
    )
    filled = tmp_path / "police-chronology.xlsx"
    workbook.save(filled)
    page.get_by_label("Chronology spreadsheet").set_input_files(str(filled))
    page.get_by_role("button", name="Check and import").click()
    expect(_banner(page)).to_contain_text("2 chronology entries imported")
    expect(page.get_by_text("Entries (2)")).to_be_visible()
    _write_and_submit_return(page, case, request, entries=2)


def _accept_return(page, case: Case, request: AgencyRequest) -> None:
    page.goto(page.url.split("/cases/")[0] + _path("rapid_review:request", case, request_id=request.pk))
    page.get_by_role("link", name="Review the return").click()
    page.get_by_label("Accept the return").check()
    page.get_by_role("button", name="Continue").click()
    expect(_banner(page)).to_contain_text(f"Return from {request.agency.name} accepted")


# --- phase 2: the outcome ---------------------------------------------------------------------------------


def _record_outcome(page, case: Case, world) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid review outcome")
    expect(page.get_by_text("The outcome has not been started.")).to_be_visible()
    page.get_by_role("button", name="Start the outcome").click()
    expect(_banner(page)).to_contain_text("Outcome started. Complete each section.")
    expect(page.locator("#task-facts-status")).to_have_text("Not started")
    axe_check(page, context="outcome overview (task list)")

    page.get_by_role("link", name="Summary of the facts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary of the facts")
    page.get_by_label("Summary of the facts").fill(FACTS)
    axe_check(page, context="outcome section form (facts)")
    page.get_by_role("button", name="Save and return to the outcome").click()
    expect(_banner(page)).to_contain_text("Summary of the facts: saved")
    expect(page.locator("#task-facts-status")).to_have_text("Completed")

    page.get_by_role("link", name="The child's and family's lived experience and context").click()
    page.get_by_label("The child's and family's lived experience and context").fill(
        "Synthetic context: Child Q lived with a parent and a younger sibling; the family had moved twice."
    )
    page.get_by_role("button", name="Save and return to the outcome").click()
    expect(page.locator("#task-context-status")).to_have_text("Completed")

    page.get_by_role("link", name="Immediate actions").click()
    page.get_by_label("Action", exact=True).fill("Synthetic: safety plan for the sibling.")
    page.get_by_label("Agency that owns the action").select_option(label=world.agency.name)
    page.get_by_label("Due date").fill(typed_date(TODAY + dt.timedelta(days=14)))
    page.get_by_label("Other children have been confirmed safe").check()
    page.get_by_label("How other children's safety was confirmed").fill("Synthetic: sibling seen at home.")
    page.get_by_role("button", name="Add action").click()
    expect(_banner(page)).to_contain_text("Action added")
    page.get_by_role("link", name="Back to the outcome").click()

    page.get_by_role("link", name="Learning identified").click()
    page.get_by_label("Learning identified").fill(LEARNING)
    page.get_by_label("Information sharing and seeking").check()
    page.get_by_label("Professional curiosity").check()
    page.get_by_role("button", name="Add learning").click()
    expect(_banner(page)).to_contain_text("Learning added")
    page.get_by_role("link", name="Back to the outcome").click()

    page.get_by_role("link", name="Assessment against the criteria").click()
    for criterion in criteria_for(CRITERIA_VERSION):  # a new outcome answers the current criteria version
        name = answer_field(criterion.code)
        answer = "Yes" if criterion.code in ("b", "c") else "No"
        page.get_by_role("group", name=criterion.question, exact=True).get_by_label(
            answer, exact=True
        ).check()
        page.locator(f"#id_{name}_reason").fill(f"Synthetic reason for {criterion.code}.")
    page.get_by_role("button", name="Save and return to the outcome").click()
    expect(page.locator("#task-assessment-status")).to_have_text("Completed")

    page.get_by_role("link", name="Decision and rationale").click()
    page.get_by_label("A local child safeguarding practice review (LCSPR)").check()
    page.get_by_role("group", name="May a national review be appropriate?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Reason", exact=True).fill("Synthetic: the learning is local.")
    page.get_by_label("Rationale for the decision").fill(
        "Synthetic rationale: agencies did not work together on the missed visits (criterion c)."
    )
    page.get_by_role("button", name="Save and return to the outcome").click()
    expect(page.locator("#task-decision-status")).to_have_text("Completed")
    expect(page.locator(".govuk-inset-text")).to_have_text(
        "Every required section is complete. The partners can sign it off."
    )
    axe_check(page, context="outcome overview (complete)")


def _generate_report(page, case: Case, version: int) -> GeneratedReport:
    page.goto(page.url.split("/cases/")[0] + _path("reports:case_reports", case))
    page.get_by_role("button", name="Generate the report").click()
    # Queued for the task worker (the immediate backend runs it as the request commits): the status page.
    page.wait_for_url("**/rapid-review/report/generations/**")
    expect(page.locator("#generation-result")).to_contain_text(
        f"generated from version {version} of the outcome"
    )
    report = GeneratedReport.objects.filter(case=case).order_by("-pk").first()
    assert report is not None and report.outcome_version == version
    page.get_by_role("link", name="Go to the report page").click()
    expect(page.locator("table tbody tr").first).to_contain_text("Current")
    return report


def _sign_off(page, partner: str) -> None:
    page.reload()
    expect(page.locator(f"#signoff-{partner}")).to_contain_text("Waiting")
    page.get_by_label("Yes, we agree").check()
    page.get_by_role("button", name="Record sign-off").click()
    expect(_banner(page)).to_contain_text("Your sign-off has been recorded")
    expect(page.locator(f"#signoff-{partner}")).to_contain_text("Agreed")


def _docx_text(path) -> tuple[list[str], str]:
    document = WordDocument(path)
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return headings, "\n".join(parts)


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        tool_missing("pdftotext not found: apt-get install poppler-utils to read the PDF back")
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return result.stdout


def _no_identity(text: str, what: str) -> None:
    for detail in IDENTITY:
        assert detail not in text, f"{what} holds an identity detail: {detail!r}"


def test_rapid_review_from_requests_to_the_panel(world, page_for, tmp_path):
    people = world.people
    officer = people["business_unit_officer"]
    case = world.case
    hospital = world.agency
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    council = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Council")
    agencies = [hospital, police, council]
    authors = []
    for agency, name in zip(agencies, ["Nurse", "Constable", "Social Worker"], strict=True):
        author = UserFactory.create(
            full_name=f"Synthetic {name} Author", email=f"{name.lower()[:5]}@test.example"
        )
        grant(author, world.partnership, Role.AGENCY_AUTHOR, agency)
        authors.append(author)
    _themes()

    # Phase 1: Monday 1 March 2027.
    with time_machine.travel(SENT_AT, tick=True):
        to_rapid_review(world)
        subject_add(
            actor=officer,
            case=case,
            kind="child",
            details={"label": "Child Q", "sex": "female", "age_years": 5},
            identity={
                "first_names": "Synthetic",
                "last_name": "Childname",
                "date_of_birth": dt.date(2021, 5, 6),
                "address_line_1": CHILD_ADDRESS,
                "town": "Testtown",
                "postcode": "TT1 4SL",
                "nhs_number": CHILD_NHS,
            },
        )
        bu = page_for(officer, _path("rapid_review:requests", case))
        _send_requests(bu, agencies, authors)
        requests = {r.agency_id: r for r in AgencyRequest.objects.filter(case=case)}
        assert {r.due_on for r in requests.values()} == {DUE}

        nurse = page_for(authors[0], "/")
        _author_types_an_entry(nurse, case, requests[hospital.pk])
        constable = page_for(authors[1], "/")
        _author_imports_the_template(constable, case, requests[police.pk], tmp_path)
        assert ChronologyEntry.objects.filter(case=case).count() == 3

        for agency in (hospital, police):
            _accept_return(bu, case, requests[agency.pk])
        # Not yet due: nothing to chase.
        assert chase_overdue_requests.enqueue().return_value == 0

    # Phase 2: the Monday after. The council's request is overdue: the task worker's ladder chases its author.
    with time_machine.travel(OVERDUE_AT, tick=True):
        mail.outbox.clear()
        assert chase_overdue_requests.enqueue().return_value == 1
        assert chase_overdue_requests.enqueue().return_value == 0  # each step once only
        chase = RequestChase.objects.get(request=requests[council.pk])
        assert (chase.step, chase.chased_on) == (ChaseStep.AUTHOR, TODAY)
        assert [m.to for m in mail.outbox] == [[authors[2].email]]
        assert CHILD_NAME not in mail.outbox[0].body

        bu = page_for(officer, _path("rapid_review:requests", case))
        rows = bu.locator("table tbody tr")
        for agency, status in (
            (hospital, "Accepted"),
            (police, "Accepted"),
            (council, "Overdue (requested)"),
        ):
            row = rows.filter(has=bu.get_by_role("link", name=agency.name, exact=True))
            expect(row.locator(".govuk-tag")).to_have_text(status)
        expect(rows.locator(".govuk-tag--red")).to_have_count(1)
        bu.get_by_role("link", name=council.name, exact=True).click()
        expect(_summary(bu, "Status")).to_have_text("Overdue (requested)")
        expect(_summary(bu, "Reminders and chases")).to_have_text(f"Author on {long_date(TODAY)}")
        assert AgencyRequest.objects.get(pk=requests[council.pk].pk).status == RequestStatus.REQUESTED

        # The merged chronology: every entry with its provenance, and the duplicate flagged on both sides.
        bu.goto(bu.url.split("/cases/")[0] + _path("chronology:merged", case))
        expect(bu.get_by_role("heading", level=1)).to_have_text("Merged chronology")
        entries = {
            (e.agency_id, e.agency_order): e for e in ChronologyEntry.objects.filter(case=case).order_by("pk")
        }
        expect(bu.locator("table tbody tr[id^='entry-']")).to_have_count(3)
        typed = bu.locator(f"#entry-{entries[hospital.pk, 1].pk}")
        expect(typed).to_contain_text(f"{hospital.name} entry 1")
        expect(typed).to_contain_text("Health visiting record HV-12")
        expect(typed).to_contain_text("Possible duplicate of Alphashire Test Police entry 1")
        imported = bu.locator(f"#entry-{entries[police.pk, 1].pk}")
        expect(imported).to_contain_text(f"{police.name} entry 1")
        expect(imported).to_contain_text("Police log PL-0117")
        expect(imported).to_contain_text("Possible duplicate of Alphashire Test Hospital entry 1")
        key = bu.locator(f"#entry-{entries[police.pk, 2].pk}")
        expect(key).to_contain_text(f"{police.name} entry 2")
        expect(key).to_contain_text("Police log PL-0142")
        expect(key).to_contain_text("Key episode")
        expect(key).not_to_contain_text("Possible duplicate")
        expect(bu.get_by_text("Possible duplicate of")).to_have_count(2)
        axe_check(bu, context="merged chronology")

        # The outcome, written by the business unit officer (so they may not sign it; the delegates may).
        bu.goto(bu.url.split("/cases/")[0] + _path("outcomes:overview", case))
        _record_outcome(bu, case, world)
        outcome = RapidReviewOutcome.objects.get(case=case)
        first = _generate_report(bu, case, outcome.version)

        signoff_path = _path("signoffs:overview", case)
        delegates = {
            "local_authority": page_for(people["delegate_local_authority"], signoff_path),
            "icb": page_for(people["delegate_icb"], signoff_path),
            "police": page_for(people["delegate_police"], signoff_path),
        }
        la = delegates["local_authority"]
        expect(la.get_by_role("heading", level=1)).to_have_text("Sign-off and scrutiny")
        expect(la.get_by_text("report version 1, made ").first).to_be_visible()
        axe_check(la, context="sign-off page with the form")
        for partner, page in delegates.items():
            _sign_off(page, partner)
        police_page = delegates["police"]
        expect(police_page.locator(".govuk-inset-text")).to_contain_text(
            "All three partners have signed off this version and report"
        )
        axe_check(police_page, context="sign-off page, all signed")

        # The officer edits the outcome: every sign-off is superseded.
        bu.goto(bu.url.split("/cases/")[0] + _path("outcomes:section", case, section="facts"))
        expect(bu.get_by_label("Summary of the facts")).to_have_value(FACTS)
        bu.get_by_label("Summary of the facts").fill(FACTS_EDITED)
        bu.get_by_role("button", name="Save and return to the outcome").click()
        expect(_banner(bu)).to_contain_text("Summary of the facts: saved")
        outcome.refresh_from_db()
        assert outcome.version > first.outcome_version
        assert not SignOff.objects.filter(outcome=outcome, superseded_at__isnull=True).exists()
        la.reload()
        for partner in delegates:
            expect(la.locator(f"#signoff-{partner}")).to_have_text("Waiting")
        superseded = re.compile(r"^Superseded .* \(the outcome changed\)$")
        expect(la.get_by_role("cell", name=superseded)).to_have_count(3)
        expect(la.get_by_text("the report has not been generated from this version yet")).to_be_visible()
        expect(la.get_by_role("button", name="Record sign-off")).to_have_count(0)
        expect(
            la.get_by_text("The report has not been generated from the current version of the outcome.")
        ).to_be_visible()

        # A new report from the new version, and they sign again.
        second = _generate_report(bu, case, outcome.version)
        expect(bu.locator("table tbody tr").nth(1)).to_contain_text("Outcome changed since")
        for partner, page in delegates.items():
            _sign_off(page, partner)
        standing = SignOff.objects.filter(outcome=outcome, superseded_at__isnull=True)
        assert sorted(s.partner for s in standing) == ["icb", "local_authority", "police"]
        assert {(s.outcome_version, s.report_sha256) for s in standing} == {(outcome.version, second.sha256)}
        assert SignOff.objects.filter(outcome=outcome).count() == 6  # the first three stay on the record

        # The report downloads and reads back.
        bu.goto(bu.url.split("/cases/")[0] + _path("reports:case_reports", case))
        row = bu.locator("table tbody tr").first
        expect(row).to_contain_text("Report version 2, made ")
        with bu.expect_download() as info:
            row.get_by_role("link", name=re.compile("^DOCX")).click()
        docx_path = info.value.path()
        assert hashlib.sha256(docx_path.read_bytes()).hexdigest() == second.sha256
        headings, docx_text = _docx_text(docx_path)
        assert headings == list(SECTION_TITLES)
        assert "Child Q" in docx_text
        assert FACTS_EDITED in docx_text
        assert LEARNING in docx_text
        assert "Strategy discussion held without health." in docx_text  # the key episode
        assert "Synthetic summary of involvement from Alphashire Test Police." in docx_text
        assert "Return: Not yet accepted." in docx_text  # the council's, still overdue
        assert f"against version {outcome.version} of the rapid review outcome" in docx_text  # section 10
        _no_identity(docx_text, "the DOCX")
        with bu.expect_download() as info:
            row.get_by_role("link", name=re.compile("^PDF")).click()
        pdf_text = _pdf_text(info.value.path())
        flat = " ".join(pdf_text.split())
        for title in SECTION_TITLES:
            assert title in flat, f"the PDF has no section {title!r}"
        assert "Child Q" in flat
        assert " ".join(FACTS_EDITED.split()) in flat
        _no_identity(flat, "the PDF")

        # Submission to the Panel, then the Panel's response.
        bu.goto(bu.url.split("/cases/")[0] + _path("panel:submission", case))
        expect(bu.get_by_role("heading", level=1)).to_have_text("Sent to the national Panel")
        expect(bu.get_by_text("the current report (report version 2, made ")).to_be_visible()
        axe_check(bu, context="Panel page, ready to send")
        bu.get_by_label("Date the report was sent to the Panel").fill(typed_date(TODAY))
        bu.get_by_role("button", name="Record sending to the Panel").click()
        expect(_banner(bu)).to_contain_text("Sending the report to the Panel has been recorded")
        expect(_summary(bu, "Sent on")).to_have_text(long_date(TODAY))
        sent = _summary(bu, "The report sent")
        expect(sent).to_contain_text("Report version 2, made ")
        expect(sent).to_contain_text(f"from version {outcome.version} of the outcome")
        expect(_summary(bu, "The Panel's response")).to_have_text("Not received yet")
        axe_check(bu, context="Panel page, sent")
        submission = PanelSubmission.objects.get(case=case)
        assert (submission.report_id, submission.report_sha256) == (second.pk, second.sha256)
        assert submission.sent_on == TODAY
        case.refresh_from_db()
        assert case.stage == Stage.LCSPR  # the partners decided to hold an LCSPR (issue 11 §4)

        bu.get_by_label("The Panel agrees with the partners' decision").check()
        bu.get_by_label("Date of the Panel's response").fill(typed_date(TODAY))
        bu.get_by_role("button", name="Record response").click()
        expect(_banner(bu)).to_contain_text("The Panel's response has been recorded")
        expect(_summary(bu, "The Panel's response")).to_have_text(
            f"The Panel agrees with the partners' decision, {long_date(TODAY)}"
        )
        axe_check(bu, context="Panel page, with the response")

        # The outcome is fixed now: its task list no longer leads to the section forms.
        bu.goto(bu.url.split("/cases/")[0] + _path("outcomes:overview", case))
        expect(bu.get_by_role("link", name="Summary of the facts")).to_have_attribute(
            "href", "#summary-facts"
        )
        expect(bu.get_by_role("button", name="Start the outcome")).to_have_count(0)

        # The police delegate reads the Panel page but may not record anything.
        police_page.goto(police_page.url.split("/cases/")[0] + _path("panel:submission", case))
        expect(_summary(police_page, "Sent on")).to_have_text(long_date(TODAY))
        expect(police_page.get_by_role("button", name="Record response")).to_have_count(0)
