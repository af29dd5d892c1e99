"""The action plan in a real browser (issue 16, items 1-4): three recommendations taken in from a case's final
report record; two agencies add actions; an agency representative updates one, marks it completed and uploads
its evidence; another action goes overdue and the tick escalates it to the agency's safeguarding lead, which
the committee's agenda shows; the monitoring committee accepts the evidence; a withdrawal is asked for and the
business manager approves it; the committee closes a recommendation and its impact check, recorded as "not
shown", reopens it with a new action. An agency representative of another agency gets 404 on the first
agency's action. axe runs on each page. (The monitoring view and its exports are issue 16 items 5-6.)"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.action_plans.models import ActionChase, Recommendation
from safeguarding_reviews.action_plans.tests.helpers import final_report_with, other_agency_rep
from safeguarding_reviews.actions.models import CaseAction
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.clock import LONDON

from .conftest import axe_check, long_date, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _add_action(page, text: str, due: dt.date, role: str) -> None:
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will the agency do?").fill(text)
    page.get_by_label("Owner (role)").fill(role)
    page.get_by_label("Due date").fill(typed_date(due))
    axe_check(page, context="add an action")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()


def test_recommendations_to_evidence_of_impact(world, page_for, live_server, tmp_path):
    final_report_with(world)
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    rep, committee = world.people["agency_representative"], world.people["monitoring_committee_member"]
    stranger = other_agency_rep(world)
    world.agency.safeguarding_lead_email = "lead@agency.test.example"
    world.agency.save(update_fields=["safeguarding_lead_email"])
    today = clock.today()
    slug = world.partnership.slug

    def url(name: str, *args: object) -> str:
        return f"{live_server.url}{reverse(f'action_plans:{name}', args=[slug, *args])}"

    # The business unit takes the final report's three recommendations into the case's action plan.
    page = page_for(officer, reverse("action_plans:case_plan", args=[world.case.pk]))
    expect(page.get_by_text("3 recommendations or learning points not in the plan yet")).to_be_visible()
    axe_check(page, context="case action plan")
    page.get_by_role("button", name="Take them into the action plan").click()
    expect(page.get_by_text("3 recommendations taken into the action plan")).to_be_visible()
    for number in (1, 2, 3):
        expect(
            page.get_by_role("link", name=f"Recommendation {number}: Synthetic recommendation {number}")
        ).to_be_visible()
    first, second, third = Recommendation.objects.filter(case=world.case).order_by("number")

    # The first agency answers recommendations 1, 2 and 3; the second agency answers recommendation 2.
    agency = page_for(rep, reverse("action_plans:recommendation", args=[slug, first.pk]))
    expect(agency.get_by_role("heading", level=1)).to_have_text("Recommendation 1")
    axe_check(agency, context="recommendation")
    _add_action(
        agency, "Audit strategy discussions for bruised babies", today + dt.timedelta(days=30), "Named nurse"
    )
    agency.goto(url("recommendation", second.pk))
    _add_action(
        agency, "Train ward staff on the bruising protocol", today - dt.timedelta(days=10), "Ward manager"
    )
    agency.goto(url("recommendation", third.pk))
    _add_action(agency, "Review the discharge checklist", today + dt.timedelta(days=60), "Matron")
    other = page_for(stranger, reverse("action_plans:recommendation", args=[slug, second.pk]))
    _add_action(other, "Brief response officers on the protocol", today + dt.timedelta(days=45), "Inspector")
    audit_action = CaseAction.objects.get(description__startswith="Audit strategy")
    training = CaseAction.objects.get(description__startswith="Train ward staff")
    checklist = CaseAction.objects.get(description__startswith="Review the discharge")

    # Another agency's representative: 404 on the first agency's action.
    response = other.goto(url("action", audit_action.pk))
    assert response is not None and response.status == 404

    # The first agency updates its audit action, marks it completed and uploads the evidence.
    agency.goto(url("action", audit_action.pk))
    axe_check(agency, context="action")
    agency.get_by_role("link", name="Add a progress update").click()
    agency.get_by_label("Date of the update").fill("31/02/2026")
    agency.get_by_label("Update", exact=True).fill("Audit tool agreed with the ward.")
    agency.get_by_label("In progress").check()
    agency.get_by_role("button", name="Add update").click()
    expect(agency.locator(".govuk-error-summary")).to_contain_text("Date of the update must be a real date")
    expect(agency.get_by_label("Update", exact=True)).to_have_value("Audit tool agreed with the ward.")
    axe_check(agency, context="progress update, with errors")
    agency.get_by_label("Date of the update").fill(typed_date(today))
    agency.get_by_role("button", name="Add update").click()
    expect(agency.get_by_text("Status changed from Not started to In progress")).to_be_visible()
    agency.get_by_role("link", name="Mark completed").click()
    agency.get_by_label("Date the action should be considered complete").fill(typed_date(today))
    axe_check(agency, context="mark completed")
    agency.get_by_role("button", name="Mark completed").click()
    expect(agency.get_by_text("Action marked completed: add its evidence")).to_be_visible()
    agency.get_by_role("link", name="Upload evidence").click()
    evidence = tmp_path / "audit-results.pdf"
    evidence.write_bytes(PDF)
    agency.get_by_label("Evidence file").set_input_files(str(evidence))
    agency.get_by_label("Audit", exact=True).check()
    axe_check(agency, context="upload evidence")
    agency.get_by_role("button", name="Upload evidence").click()
    expect(agency.get_by_role("link", name="Audit: audit-results.pdf")).to_be_visible()

    # The agency asks to withdraw the checklist action; the business manager approves.
    agency.goto(url("action", checklist.pk))
    agency.get_by_role("link", name="Ask to withdraw").click()
    agency.get_by_label("Reason for withdrawing the action").fill("The checklist was retired by the trust.")
    axe_check(agency, context="ask to withdraw")
    agency.get_by_role("button", name="Ask to withdraw").click()
    expect(agency.get_by_text("The business manager decides").first).to_be_visible()
    bm = page_for(manager, reverse("action_plans:action", args=[slug, checklist.pk]))
    bm.get_by_role("link", name="Decide on the withdrawal").click()
    bm.get_by_label("Yes, withdraw the action").check()
    axe_check(bm, context="decide on the withdrawal")
    bm.get_by_role("button", name="Record the decision").click()
    expect(bm.get_by_text("Withdrawn with the business manager's approval")).to_be_visible()

    # The tick: the training action is overdue, so its owner is chased; four days on, its safeguarding lead.
    for days in (0, 4):
        moment = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(9), tzinfo=LONDON)
        with time_machine.travel(moment, tick=False):
            call_command("tick", stdout=StringIO())
    steps = list(ActionChase.objects.filter(action=training).values_list("step", flat=True))
    assert steps == ["owner", "safeguarding_lead"]

    # The committee's agenda lists it, overdue and escalated; the committee accepts the audit's evidence.
    board = page_for(committee, reverse("action_plans:agenda", args=[slug]))
    overdue = board.get_by_role("region", name="Overdue actions, longest overdue first")
    expect(overdue).to_contain_text("Train ward staff on the bruising protocol")
    expect(overdue).to_contain_text("10 days")
    expect(overdue).to_contain_text("Agency's safeguarding lead")
    axe_check(board, context="committee agenda")
    board.get_by_role("link", name="Audit strategy discussions for bruised babies").click()
    board.get_by_role("link", name="Decide on the evidence").click()
    expect(board.get_by_role("link", name="Audit: audit-results.pdf")).to_be_visible()
    board.get_by_label("Yes, the evidence is accepted").check()
    board.get_by_label("Committee meeting (when the committee decided)").fill("Monitoring committee, spring")
    axe_check(board, context="decide on the evidence")
    board.get_by_role("button", name="Record the decision").click()
    expect(
        board.get_by_text("Evidence accepted by the monitoring committee (Monitoring committee, spring)")
    ).to_be_visible()

    # Recommendation 1 closes: its one action is evidence-accepted. The impact check is scheduled.
    board.goto(url("recommendation", first.pk))
    board.get_by_role("link", name="Close the recommendation").click()
    board.get_by_label("Committee meeting", exact=True).fill("Monitoring committee, spring")
    axe_check(board, context="close the recommendation")
    board.get_by_role("button", name="Close it").click()
    expect(board.get_by_text("Recommendation closed. The impact check is scheduled.")).to_be_visible()
    expect(
        board.get_by_text(f"Closed by the committee (Monitoring committee, spring) on {long_date(today)}")
    ).to_be_visible()
    axe_check(board, context="closed recommendation")

    # The impact check finds no impact: the recommendation reopens with a new action.
    board.get_by_role("link", name="Record the impact check").click()
    board.get_by_label("What changed for children?").fill("Strategy discussions are still held late.")
    board.get_by_label("The evidence", exact=True).fill("A re-audit of 20 cases.")
    board.get_by_label("Impact not shown").check()
    board.get_by_label("Reason for your answer").fill("No change in the time to a strategy discussion.")
    board.get_by_role("button", name="Save the impact check").click()
    expect(board.locator(".govuk-error-summary")).to_contain_text("enter the new action")
    axe_check(board, context="impact check, with errors")
    board.get_by_label("New action (when the impact was not shown)").fill(
        "Joint training on strategy discussions"
    )
    board.get_by_label("Agency for the new action").select_option(label=world.agency.name)
    board.get_by_label("Owner of the new action (role)").fill("Training lead")
    board.get_by_label("Due date of the new action").fill(typed_date(today + dt.timedelta(days=90)))
    board.get_by_role("button", name="Save the impact check").click()
    expect(board.get_by_text("Impact check recorded")).to_be_visible()
    expect(board.get_by_text("reopened 1 time after an impact check")).to_be_visible()
    expect(board.get_by_role("link", name="Joint training on strategy discussions")).to_be_visible()
    axe_check(board, context="reopened recommendation")
    first.refresh_from_db()
    assert first.status == "open" and first.reopened_count == 1
