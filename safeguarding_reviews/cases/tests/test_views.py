"""Case pages with the database: bad input gives field errors and keeps typed data; conflicts explained."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services
from safeguarding_reviews.cases.models import Case
from tests.factories import CaseFactory


def _edit_data(case, **overrides):
    data = {
        "pseudonym": case.pseudonym,
        "incident_date": "",
        "referral_received_on": "",
        "summary": case.summary,
        "version": str(case.version),
    }
    data.update(overrides)
    return data


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pseudonym": ""}, "pseudonym", "Enter a pseudonym"),
        ({"incident_date": "31/02/2026"}, "incident_date", "Date of the incident must be a real date"),
        ({"incident_date": "28/11/2026"}, "incident_date", "must be today or in the past"),
        (
            {"incident_date": "20/11/2026", "referral_received_on": "10/11/2026"},
            "referral_received_on",
            "cannot be received before the incident",
        ),
        ({"summary": "x" * 5001}, "summary", "at most 5000"),
    ],
)
def test_edit_bad_input_gives_field_error_and_keeps_input(world, as_user, overrides, field, message):
    client = as_user(world.people["business_unit_officer"])
    data = _edit_data(world.case, **({"summary": "Typed text that must come back"} | overrides))
    response = client.post(reverse("cases:edit", args=[world.case.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'href="#id_{field}"' in response.content.decode()
    if field != "summary":
        assert "Typed text that must come back" in response.content.decode()
    world.case.refresh_from_db()
    assert world.case.version == 1


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    "typed", ["2026-03-27", "27/3/2026", "27/03/26", "27-3-2026", "27 March 2026", "27 Mar 2026"]
)
def test_edit_reads_dates_as_people_type_them(world, as_user, typed):
    client = as_user(world.people["business_unit_officer"])
    data = _edit_data(world.case, incident_date=typed, referral_received_on="1 April 2026")
    response = client.post(reverse("cases:edit", args=[world.case.pk]), data)
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.incident_date == dt.date(2026, 3, 27)
    assert world.case.referral_received_on == dt.date(2026, 4, 1)


def test_edit_date_errors_name_the_field_and_keep_the_typed_text(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    data = _edit_data(world.case, incident_date="30 Feb 2026", referral_received_on="someday")
    body = client.post(reverse("cases:edit", args=[world.case.pk]), data).content.decode()
    assert "Date of the incident must be a real date" in body
    assert "Date the partnership received the referral must be a real date" in body
    assert 'value="30 Feb 2026"' in body and 'value="someday"' in body


def test_edit_saves_and_redirects(world, as_user):
    client = as_user(world.people["business_manager"])
    response = client.post(reverse("cases:edit", args=[world.case.pk]), _edit_data(world.case, summary="New"))
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert (world.case.summary, world.case.version) == ("New", 2)


def test_second_save_from_a_stale_page_is_refused_with_what_changed(world, as_user):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    stale = _edit_data(world.case, summary="Manager's version")
    services.case_update(actor=officer, case=world.case, expected_version=1, changes={"summary": "Officer's"})
    response = as_user(manager).post(reverse("cases:edit", args=[world.case.pk]), stale)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved changes" in body
    assert "Saved now: Officer&#x27;s" in body and "Manager&#x27;s version" in body
    assert 'name="version" value="2"' in body
    world.case.refresh_from_db()
    assert world.case.summary == "Officer's"


def test_case_create_form_errors(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(reverse("cases:create"), {"pseudonym": "", "partnership": ""})
    assert response.status_code == 400
    assert "Enter a pseudonym" in response.content.decode()


def test_case_pages_are_no_store(world, as_user):
    response = as_user(world.people["auditor"]).get(reverse("cases:detail", args=[world.case.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_add_member_validation(world, as_user):
    client = as_user(world.people["business_manager"])
    response = client.post(reverse("cases:members", args=[world.case.pk]), {"user": "", "capacity": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_capacity_0"' in body  # radios link to their first input


def _make_cases(partnership, creator, count):
    Case.objects.bulk_create(
        [CaseFactory.build(lead_partnership=partnership, created_by=creator) for _ in range(count)]
    )


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_your_cases_runs_the_same_queries_for_5_and_500_cases(world, as_user):
    manager = world.people["business_manager"]
    client = as_user(manager)
    url = reverse("home")
    client.get(url)  # warm the session
    _make_cases(world.partnership, manager, 4)  # 5 with the world's case
    with_5 = _count_queries(client, url)
    _make_cases(world.partnership, manager, 495)
    with_500 = _count_queries(client, url)
    # PostgreSQL takes one more: the audit chain's advisory lock. One is the agency author's open requests;
    # My tasks takes five (the case facts in three, dashboards.selectors.case_facts, the tasks' own due dates
    # and the page of tasks).
    assert with_5 == with_500 <= 23
    assert AuditEvent.objects.filter(event_type=EventType.CASE_LIST_VIEWED).exists()


def test_inline_field_errors_render_next_to_the_field(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(reverse("cases:edit", args=[world.case.pk]), _edit_data(world.case, pseudonym=""))
    body = response.content.decode()
    assert 'id="id_pseudonym-error"' in body
    assert "govuk-form-group--error" in body
    assert 'aria-describedby="id_pseudonym-hint id_pseudonym-error"' in body


def test_a_prefilled_form_saves_again_unchanged(world, as_user):
    """Dates come back as the hint writes them (27/3/2026), so opening and saving changes nothing."""
    import re

    client = as_user(world.people["business_manager"])
    services.case_update(
        actor=world.people["business_manager"],
        case=world.case,
        expected_version=1,
        changes={"incident_date": dt.date(2026, 3, 27), "referral_received_on": dt.date(2026, 3, 30)},
    )
    url = reverse("cases:edit", args=[world.case.pk])
    body = client.get(url).content.decode()
    assert 'value="27/3/2026"' in body and "For example, 27/3/2026" in body
    fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', body))
    fields["summary"] = world.case.summary
    response = client.post(url, {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"})
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.incident_date == dt.date(2026, 3, 27)
