"""The action plans' monitoring view in a browser (issue 16 items 5 and 6): the monitoring committee member
reads the figures and the SVG charts with their tables, filters by agency (the filter stays in the address),
asks for the spreadsheet and the Word committee report, each built on the task worker and read back
(openpyxl, python-docx); the business unit links a repeated recommendation and the monitoring view shows the
group. axe on every page; the monitoring view fits a narrow screen."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from playwright.sync_api import expect

from safeguarding_reviews.action_plans.tests import monitoring_data as data
from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.cases import services as case_services

from .conftest import assert_pages_fit_narrow_screens, axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = ActionStatus


def _plans(world):
    police = data.second_agency(world)
    sharing = data.themes("information_sharing")
    older = case_services.case_create(
        actor=world.people["business_unit_officer"], partnership=world.partnership, pseudonym="Child E"
    )
    earlier = data.recommendation(
        world,
        "GPs should share information with social care when a parent is in crisis",
        case=older,
        themes=sharing,
    )
    new = data.recommendation(
        world, "The ICB should ensure GPs share information with social care", themes=sharing
    )
    data.actions(
        world,
        new,
        [
            (S.NOT_STARTED, -12, world.agency),
            (S.EVIDENCE_ACCEPTED, -20, world.agency),
            (S.IN_PROGRESS, 15, police),
        ],
    )
    data.actions(world, earlier, [(S.AWAITING_EVIDENCE, -3, police), (S.IN_PROGRESS, -40, police)])
    return new, earlier


def test_the_committee_reads_the_monitoring_view_and_its_exports(world, live_server, page_for):
    new, earlier = _plans(world)
    slug = world.partnership.slug
    path = f"/partnerships/{slug}/action-plans/monitoring/"
    page = page_for(world.people["monitoring_committee_member"], path)

    # The figures, drawn and in tables.
    expect(page.get_by_role("heading", name="Monitoring view")).to_be_visible()
    chart = page.get_by_role("img", name="Actions by agency and status")
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name="Completion rate by agency (evidence accepted)")).to_be_visible()
    rate_row = page.locator("#table-agency tr", has_text="Alphashire Test Hospital")
    expect(rate_row).to_contain_text("50%")
    expect(page.locator("#chart-agency-rate")).to_contain_text("50% (1 of 2)")
    expect(page.locator("#table-overdue")).to_contain_text("40")
    axe_check(page, context="monitoring view")

    # Filter by agency: the filter is in the address, and the figures follow it.
    page.get_by_text("Filter the figures").click()
    page.get_by_label("Agency", exact=True).select_option(label="Alphashire Test Police")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(f"**{path}?*agency={world.other_agency.pk}*")
    expect(page.locator("#monitoring-totals")).to_contain_text("3")
    expect(page.locator("#table-agency")).not_to_contain_text("Alphashire Test Hospital")
    axe_check(page, context="monitoring view filtered by agency")

    # The spreadsheet of what is shown, built on the task worker.
    page.get_by_role("button", name="Download as a spreadsheet (XLSX)").click()
    page.wait_for_url("**/monitoring/exports/**")
    expect(page.locator("#export-status")).to_have_text("Ready")
    expect(page.get_by_text("3 of 3 actions (100%)")).to_be_visible()
    axe_check(page, context="spreadsheet export status")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the spreadsheet (XLSX)").click()
    # The downloaded file's path has no extension, which openpyxl wants: read it as bytes.
    workbook = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    rows = list(workbook["Actions"].iter_rows(values_only=True))
    assert len(rows) == 4 and {row[4] for row in rows[1:]} == {"Alphashire Test Police"}
    assert sorted(row[9] for row in rows[1:]) == [
        "Completed: awaiting evidence",
        "In progress",
        "In progress",
    ]

    # The committee report for the quarter, from the partnership's committee report template.
    page.goto(f"{live_server.url}{path}")
    page.get_by_role("button", name="Make the committee report (Word)").click()
    page.wait_for_url("**/monitoring/exports/**")
    expect(page.locator("#export-status")).to_have_text("Ready")
    axe_check(page, context="committee report status")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the committee report (DOCX)").click()
    text = "\n".join(p.text for p in WordDocument(info.value.path()).paragraphs)
    assert "Monitoring committee: reviews under way" in text
    assert "5 actions, 2 overdue" in text
    assert "Alphashire Test Police: 3 actions, 3 open, 1 overdue (the longest by 40 days)" in text

    assert_pages_fit_narrow_screens(page, live_server, {"monitoring view": path})


def test_the_business_unit_links_a_repeated_recommendation(world, live_server, page_for):
    new, earlier = _plans(world)
    slug = world.partnership.slug
    page = page_for(
        world.people["business_unit_officer"], f"/partnerships/{slug}/action-plans/recommendations/{new.pk}/"
    )
    expect(
        page.get_by_text("1 earlier recommendation on information sharing and seeking, none closed")
    ).to_be_visible()
    axe_check(page, context="recommendation with an earlier one like it")
    page.get_by_role("link", name="See the earlier recommendations and link them").click()
    expect(page.get_by_role("heading", name="Earlier recommendations like this one")).to_be_visible()
    axe_check(page, context="earlier recommendations")
    page.get_by_role("button", name="Link them with this recommendation").click()
    expect(page.get_by_text("Select the earlier recommendations to link").first).to_be_visible()
    axe_check(page, context="link form with an error")
    page.get_by_label("Child E").check()
    page.get_by_role("button", name="Link them with this recommendation").click()
    expect(page.get_by_text("1 earlier recommendation linked with this one")).to_be_visible()
    expect(page.locator("#linked-list")).to_contain_text("Child E")
    page.goto(f"{live_server.url}/partnerships/{slug}/action-plans/monitoring/")
    expect(page.locator("#linked-groups ~ .app-linked-group").first).to_contain_text(
        "2 linked recommendations"
    )
    axe_check(page, context="monitoring view with a linked group")
