"""An agency author's journey (issue 4 §1-2): from "Your cases" they open their request, see the children's
identity details they need to search their records, add a chronology entry, import a small CSV, write the
return and submit it; the case's own pages are "Page not found" to them."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.chronology.models import ChronologyEntry
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, RequestStatus
from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send
from safeguarding_reviews.subjects.services import subject_add
from tests.factories import UserFactory, grant

from .conftest import axe_check, give_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Date,Precision,Time,Agency,Source record,Event type,What happened,"
    "Practitioner role,Key episode,Analysis\n"
    "3/2025,month,,{agency},Record 2,Home visit,Imported synthetic visit.,School nurse,no,\n"
)


def test_author_writes_their_return_and_cannot_see_the_case(world, live_server, page):
    officer = world.people["business_unit_officer"]
    for stage in (Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW):
        case_stage_advance(actor=officer, case=world.case, to_stage=stage, reason="journey")
    subject_add(
        actor=officer,
        case=world.case,
        kind="child",
        details={"label": "Child Q", "sex": "female", "age_years": 4},
        identity={"first_names": "Synthetic", "last_name": "Childname", "date_of_birth": dt.date(2021, 5, 6)},
    )
    author = UserFactory.create(full_name="Synthetic Author", email="journey.author@test.example")
    grant(author, world.partnership, Role.AGENCY_AUTHOR, world.agency)
    [request] = agency_requests_send(
        actor=officer,
        case=world.case,
        items=[RequestItem(agency=world.agency, author=author)],
        due_on=dt.date(2099, 1, 15),
    )

    sign_in(page, live_server, author, secret=give_totp(author))
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text("Returns you have been asked to write (1)")).to_be_visible()
    axe_check(page, context="Your cases (agency author)")
    page.get_by_role("link", name=world.case.reference).click()

    # The request, with the identity details to search their records.
    page.wait_for_url(f"**/agency-requests/{request.pk}/")
    expect(page.get_by_text("Synthetic Childname")).to_be_visible()
    axe_check(page, context="the request")

    # A quick chronology entry, then an import.
    page.get_by_role("link", name="Add or import entries").click()
    page.get_by_label("Date", exact=True).fill("04/03/2025")
    page.get_by_label("Type of event").select_option(label="Home visit")
    page.get_by_label("What happened").fill("Synthetic home visit by the health visitor.")
    page.get_by_label("Practitioner role (optional)").fill("Health visitor")
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Chronology entry added")).to_be_visible()
    expect(page.get_by_text("Entries (1)")).to_be_visible()
    axe_check(page, context="the agency's chronology")
    page.get_by_role("link", name="Import entries from a spreadsheet").click()
    page.get_by_label("Chronology spreadsheet").set_input_files(
        files=[
            {
                "name": "chronology.csv",
                "mimeType": "text/csv",
                "buffer": CSV.format(agency=world.agency.name).encode(),
            }
        ]
    )
    axe_check(page, context="import")
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 chronology entries imported")).to_be_visible()
    expect(page.get_by_text("Entries (2)")).to_be_visible()
    assert ChronologyEntry.objects.filter(case=world.case, agency=world.agency).count() == 2

    # The return: every section, then check and submit.
    page.get_by_role("link", name="Back to the request").click()
    page.get_by_role("link", name="Write the return").click()
    for _name, label in RETURN_SECTIONS:
        page.get_by_label(label, exact=True).fill(f"Synthetic text for {label.lower()}.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**/agency-requests/{request.pk}/submit/")
    expect(page.get_by_text("2 entries")).to_be_visible()
    axe_check(page, context="check and submit")
    page.get_by_role("button", name="Submit the return").click()
    page.wait_for_url(f"**/agency-requests/{request.pk}/submitted/")
    expect(page.get_by_role("heading", name="Return submitted")).to_be_visible()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    axe_check(page, context="return submitted")
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED

    # The case itself is not theirs to see.
    for path in (f"/cases/{world.case.pk}/", f"/cases/{world.case.pk}/subjects/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
