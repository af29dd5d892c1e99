"""The first clock shows at once: a just-referred case shows the decision date the referrer was told, with
its status in words, until the local authority's awareness starts the notification clock; and if that
awareness moves the date, the case timeline says so."""

import datetime as dt

import time_machine
from django.db import transaction
from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record

URL = reverse("business_unit_dashboard")
TODAY = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)  # a Wednesday


def _referred(world, on):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING, referral_received_on=on)
    world.case.refresh_from_db()


def _row(body, case):
    """The case's row of the open cases table (My tasks above it names the case too)."""
    return body.split("Open cases", 1)[1].split(case.reference, 1)[1].split("</tr>", 1)[0]


def _aware_then_case_page(world, officer, as_user, on):
    with transaction.atomic():
        milestone_record(actor=officer, case=world.case, event=MilestoneEvent.LA_BECAME_AWARE, occurred_on=on)
    return as_user(officer).get(reverse("cases:detail", args=[world.case.pk])).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_new_referral_shows_the_decision_date_with_its_status(world, as_user):
    _referred(world, dt.date(2026, 12, 1))  # Tuesday: 5 working days on is Tuesday 8 December
    body = as_user(world.people["business_unit_officer"]).get(URL).content.decode()
    row = _row(body, world.case)
    assert "Decision on notifying the Panel (expected)" in row
    assert "8 December 2026" in row and "Due in 4 working days" in row and "govuk-tag--green" in row
    assert "No open clock" not in row


@time_machine.travel(TODAY, tick=False)
def test_an_old_referral_without_awareness_is_red(world, as_user):
    _referred(world, dt.date(2026, 11, 20))  # due 27 November: overdue
    body = as_user(world.people["business_unit_officer"]).get(URL).content.decode()
    row = _row(body, world.case)
    assert "3 working days overdue" in row and "govuk-tag--red" in row and "27 November 2026" in row


@time_machine.travel(TODAY, tick=False)
def test_awareness_before_the_referral_moves_the_date_and_the_timeline_says_so(world, as_user):
    officer = world.people["business_unit_officer"]
    _referred(world, dt.date(2026, 12, 2))  # the referrer was told Wednesday 9 December
    body = _aware_then_case_page(world, officer, as_user, dt.date(2026, 12, 1))
    assert (
        "due date moved from 9 December 2026 to 8 December 2026 because the local authority became aware on "
        "1 December 2026"
    ) in body
    dashboard = as_user(officer).get(URL).content.decode()
    assert "Decision on notifying the Panel (expected)" not in dashboard
    assert "8 December 2026" in dashboard


@time_machine.travel(TODAY, tick=False)
def test_awareness_on_the_referral_date_moves_nothing(world, as_user):
    officer = world.people["business_unit_officer"]
    _referred(world, dt.date(2026, 12, 1))
    body = _aware_then_case_page(world, officer, as_user, dt.date(2026, 12, 1))
    assert "due date moved" not in body


@time_machine.travel(TODAY, tick=False)
def test_the_case_page_shows_the_next_clock_in_words_in_an_important_banner(world, as_user):
    officer = world.people["business_unit_officer"]
    body = _aware_then_case_page(world, officer, as_user, dt.date(2026, 11, 16))  # notification due 23 Nov
    banner = body.split('class="govuk-notification-banner"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "govuk-notification-banner--success" not in body
    assert "Important" in banner
    assert (
        "was due 23 November 2026 (5 working days after the local authority became aware on 16 November): "
        "7 working days overdue"
    ) in banner


def test_the_case_page_has_no_banner_without_an_open_clock(world, as_user):
    body = as_user(world.people["business_unit_officer"]).get(reverse("cases:detail", args=[world.case.pk]))
    assert "govuk-notification-banner" not in body.content.decode()
