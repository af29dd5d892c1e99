"""The monitoring view (issue 16 item 5): who may use it, its figures, charts and tables (the same numbers),
filters kept in the URL, a fixed number of queries at 10 and 10,000 actions, and the read it records."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.organisations.roles import Role
from tests.factories import UserFactory, grant
from tests.fixtures import sign_in

from . import monitoring_data as data

pytestmark = pytest.mark.django_db
S = ActionStatus
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def plans(world):
    """Two reviews (world.case and a second case), one adopted recommendation; two agencies."""
    police = data.second_agency(world)
    second_case = case_services.case_create(
        actor=world.people["business_unit_officer"], partnership=world.partnership, pseudonym="Child Z"
    )
    world.second_case = second_case
    sharing = data.themes("information_sharing")
    first = data.recommendation(world, "GPs share information with social care", themes=sharing)
    second = data.recommendation(world, "Supervision records the child's voice", case=second_case)
    adopted = data.recommendation(world, "Thresholds are understood by every agency", case=False)
    world.actions = data.actions(
        world,
        first,
        [
            (S.NOT_STARTED, -10, world.agency),  # overdue 10 days
            (S.IN_PROGRESS, 20, world.agency),
            (S.EVIDENCE_ACCEPTED, -40, world.agency),
            (S.AWAITING_EVIDENCE, -5, police),
        ],
    )
    world.actions += data.actions(world, second, [(S.IN_PROGRESS, -30, police), (S.WITHDRAWN, 10, police)])
    world.actions += data.actions(world, adopted, [(S.EVIDENCE_ACCEPTED, -1, world.agency)])
    return world


def _get(client, user, slug, query=""):
    client.logout()
    sign_in(client, user)
    return client.get(reverse("action_plans:monitoring", args=[slug]) + query)


def _table(body: str, table_id: str) -> list[list[str]]:
    found = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', body, re.S)
    assert found, table_id
    rows = []
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", found.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def _svg(body: str, chart_id: str) -> ET.Element:
    for markup in SVG.findall(body):
        if f'id="{chart_id}"' in markup:
            return ET.fromstring(markup)  # well-formed XML, or this raises
    raise AssertionError(f"no chart {chart_id}")


def _child_text(element: ET.Element, tag: str) -> str:
    found = element.find(f"{{http://www.w3.org/2000/svg}}{tag}")
    assert found is not None and found.text is not None, tag
    return found.text


def _totals(body: str) -> str:
    found = re.search(r'id="monitoring-totals">(.*?)</dl>', body, re.S)
    assert found is not None
    return found.group(1)


def _texts(svg: ET.Element, css_class: str) -> list[str]:
    ns = "{http://www.w3.org/2000/svg}"
    return [el.text or "" for el in svg.iter(f"{ns}text") if el.get("class") == css_class]


def test_the_committee_sees_the_figures_by_status_agency_review_and_theme(plans, client):
    response = _get(client, plans.people["monitoring_committee_member"], plans.partnership.slug)
    assert response.status_code == 200
    body = response.content.decode()
    totals = _totals(body)
    assert ">7<" in totals  # seven actions
    # Overdue: the not started one (10 days) and the police's in progress one (30 days); awaiting evidence
    # is not overdue. Completion: 2 accepted of 6 counted (the withdrawn one does not count): 33%.
    assert "2 (the longest by 30 days, on average 20 days)" in totals
    assert "33% (2 of 6)" in totals
    status_rows = {row[0]: row[1:] for row in _table(body, "table-status")[1:]}
    assert status_rows["Not started"] == ["1", "1"]
    assert status_rows["In progress"] == ["2", "1"]
    assert status_rows["Evidence accepted"] == ["2", "0"]
    agencies = {row[0]: row for row in _table(body, "table-agency")[1:]}
    hospital, police = agencies["Alphashire Test Hospital"], agencies["Alphashire Test Police"]
    # Agency, actions, open, accepted, counted, rate, overdue, longest, average.
    assert hospital[1:] == ["4", "2", "2", "4", "50%", "1", "10", "10"]
    assert police[1:] == ["3", "2", "0", "2", "0%", "1", "30", "30"]
    reviews = [row[0] for row in _table(body, "table-review")[1:]]
    assert reviews == [
        "Child Q (" + plans.case.reference + ")",
        "Child Z (" + plans.second_case.reference + ")",
        "National review: Child Protection in England",
    ]
    themes = {row[0]: row[1:] for row in _table(body, "table-theme")[1:]}
    assert themes["Information sharing and seeking"] == ["4", "1", "25%"]
    assert themes["No theme recorded"] == ["3", "1", "50%"]
    overdue = _table(body, "table-overdue")[1:]
    assert [row[-1] for row in overdue] == ["30", "10"]


def test_each_chart_is_accessible_svg_with_the_tables_figures(plans, client):
    body = _get(client, plans.people["business_unit_officer"], plans.partnership.slug).content.decode()
    assert "<script" not in "".join(SVG.findall(body))
    for chart_id in (
        "chart-status",
        "chart-agency-status",
        "chart-agency-rate",
        "chart-agency-overdue",
        "chart-review-status",
        "chart-theme",
    ):
        svg = _svg(body, chart_id)
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
        assert _child_text(svg, "title") and _child_text(svg, "desc")
    # The numbers drawn are the numbers in the table beside each chart.
    status_table = _table(body, "table-status")[1:]
    drawn = _texts(_svg(body, "chart-status"), "app-chart__value")
    assert drawn == [
        count if overdue == "0" else f"{count} ({overdue} overdue)" for _, count, overdue in status_table
    ]
    rates = _texts(_svg(body, "chart-agency-rate"), "app-chart__value")
    agency_rows = _table(body, "table-agency")[1:]
    assert rates == [f"{row[5]} ({row[3]} of {row[4]})" for row in agency_rows]
    stacked = _table(body, "table-agency-status")[1:]
    assert _texts(_svg(body, "chart-agency-status"), "app-chart__value") == [
        f"{row[-1]} actions" for row in stacked
    ]
    desc = _child_text(_svg(body, "chart-agency-status"), "desc")
    for row in stacked:
        assert f"Evidence accepted {row[1]}" in desc and f"Overdue {row[4]}" in desc
    # Patterns tell the parts apart, named in the legend.
    assert _texts(_svg(body, "chart-agency-status"), "app-chart__legend")[3] == "Overdue"


def test_filters_persist_in_the_url_and_in_the_exports(plans, client):
    query = f"?agency={plans.other_agency.pk}&status=overdue&quarter=2026-Q1"
    body = _get(client, plans.people["business_unit_officer"], plans.partnership.slug, query).content.decode()
    # Only the police's overdue action due in January to March: the one 30 days overdue.
    assert "actions due January to March 2026" in body
    totals = _totals(body)
    assert ">1<" in totals
    assert f'<option value="{plans.other_agency.pk}" selected>' in body
    assert '<option value="overdue" selected>' in body
    assert f'<input type="hidden" name="agency" value="{plans.other_agency.pk}">' in body
    assert '<input type="hidden" name="quarter" value="2026-Q1">' in body


def test_due_dates_win_over_the_quarter_and_review_filters(plans, client):
    user = plans.people["business_unit_officer"]
    body = _get(
        client, user, plans.partnership.slug, "?quarter=2026-Q2&due_from=1/3/2026&due_to=31/3/2026"
    ).content
    assert "actions due 1 March 2026 to 31 March 2026" in body.decode()
    body = _get(client, user, plans.partnership.slug, "?review=adopted").content.decode()
    assert [row[0] for row in _table(body, "table-review")[1:]] == [
        "National review: Child Protection in England"
    ]
    body = _get(client, user, plans.partnership.slug, f"?review={plans.second_case.pk}").content.decode()
    assert [row[0] for row in _table(body, "table-review")[1:]] == [
        f"Child Z ({plans.second_case.reference})"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?quarter=2026-Q9",
        "?due_from=31/2/2026",
        "?due_from=2/3/2026&due_to=1/3/2026",
        "?agency=abc",
        "?review=not-a-case",
        "?status=done",
        "?theme=999999",
        "?agency=99999999999999999999",
        "?theme=" + "9" * 5000,
        "?review=%00",
        "?due_to=1%00",
        "?quarter=2026-Q1&quarter=2026-Q2&status=overdue&status=x",
    ],
)
def test_bad_filters_give_field_errors_never_a_500(plans, client, query):
    response = _get(client, plans.people["business_unit_officer"], plans.partnership.slug, query)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and body.count("<title>") >= 1
    assert "Error: Monitoring view" in body


def test_an_agency_representative_sees_their_agencys_actions_only(plans, client):
    body = _get(client, plans.people["agency_representative"], plans.partnership.slug).content.decode()
    agencies = [row[0] for row in _table(body, "table-agency")[1:]]
    assert agencies == ["Alphashire Test Hospital"]
    assert "your agency&#x27;s actions only" in body or "your agency's actions only" in body
    # The committee report covers every action: not offered to them.
    assert 'id="export-xlsx"' in body and 'id="export-docx"' not in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("business_unit_officer", 200),
        ("business_manager", 200),
        ("delegate_local_authority", 200),
        ("independent_chair", 200),
        ("auditor", 200),
        ("monitoring_committee_member", 200),
        ("agency_representative", 200),
        ("agency_author", 403),
        ("review_committee_member", 403),
        ("independent_reviewer", 403),
        ("other_partnership", 404),
        ("platform_admin", 404),
    ],
)
def test_who_may_use_the_monitoring_view(plans, client, persona, status):
    assert _get(client, plans.people[persona], plans.partnership.slug).status_code == status


def test_a_restricted_case_is_left_out_for_those_who_may_not_see_it(plans, client):
    plans.second_case.is_restricted = True
    plans.second_case.save(update_fields=["is_restricted"])
    # The officer who opened it is named on it; a delegate is not.
    body = _get(client, plans.people["delegate_local_authority"], plans.partnership.slug).content.decode()
    assert "Child Z" not in body
    body = _get(client, plans.people["business_manager"], plans.partnership.slug).content.decode()
    assert "Child Z" in body


def test_the_page_records_one_read_naming_the_cases_shown(plans, client):
    _get(client, plans.people["auditor"], plans.partnership.slug)
    (event,) = AuditEvent.objects.filter(event_type=EventType.ACTION_PLAN_VIEWED)
    assert event.case_id is None and event.data["page"] == "monitoring"
    assert set(event.data["case_ids"]) == {str(plans.case.pk), str(plans.second_case.pk)}


def _queries(client, user, slug) -> int:
    client.logout()
    sign_in(client, user)
    url = reverse("action_plans:monitoring", args=[slug])
    with CaptureQueriesContext(connection) as context:
        response = client.get(url + "?status=&quarter=")
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", ["business_unit_officer", "agency_representative"])
def test_the_same_number_of_queries_at_10_and_10000_actions(world, client, persona):
    rec = data.recommendation(world, "Synthetic recommendation", themes=data.themes("information_sharing"))
    data.many_actions(world, rec, 10)
    small = _queries(client, world.people[persona], world.partnership.slug)
    data.many_actions(world, rec, 10_000 - 10)
    large = _queries(client, world.people[persona], world.partnership.slug)
    assert small == large
    assert small <= 26


def test_monitoring_committee_member_sees_the_link_in_the_plans_navigation(plans, client):
    client.logout()
    sign_in(client, plans.people["monitoring_committee_member"])
    body = client.get(reverse("action_plans:index", args=[plans.partnership.slug])).content.decode()
    assert reverse("action_plans:monitoring", args=[plans.partnership.slug]) in body


def test_an_author_never_gets_the_link(plans, client):
    user = UserFactory.create(email="author2@test.example")
    grant(user, plans.partnership, Role.AGENCY_AUTHOR, plans.agency)
    assert _get(client, user, plans.partnership.slug).status_code == 403
