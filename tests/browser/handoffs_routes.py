"""The routes after the decision (issue 11 §4, §6-§8) in a real browser; the lead merges this into
test_handoffs_journey.py.

1. A care leaver's death: screened and decided by the services, then the business unit records the
   notification as sent, a day late, and is asked for the reason in the same form. The case closes at
   "notified": no rapid review clock, and the notification clock offers no pause or extension. The business
   manager sees the reopen page.
2. A rapid review with no LCSPR, signed off by the services: the business unit records sending it and then the
   learning route; the case moves to the action plan (its immediate action is still open). Then the Panel
   disagrees and the follow-up page is shown.

axe runs on each new or changed page.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.outcomes.criteria import Decision
from safeguarding_reviews.panel import services as panel_services
from safeguarding_reviews.reports.services import report_generate
from safeguarding_reviews.screening.criteria import Answer
from safeguarding_reviews.screening.tests.steps import ALL_YES, decide, prepare, record_awareness
from safeguarding_reviews.signoffs import services as signoff_services
from safeguarding_reviews.signoffs.tests.helpers import report_to_sign
from tests.outcome_data import complete_outcome

from .conftest import axe_check, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)  # Monday
AWARE = dt.date(2026, 11, 20)  # Friday: notification due Friday 27 November
DECIDED = dt.date(2026, 11, 23)
SENT_LATE = dt.date(2026, 11, 30)
CARE_LEAVER: dict[str, str] = ALL_YES | {"abuse_or_neglect": Answer.NO, "care_leaver_death": Answer.YES}
DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


def _base(page) -> str:
    return page.url.split("/cases/")[0]


def test_a_care_leavers_death_ends_at_notified_with_no_rapid_review_clock(world, page_for):
    case = world.case
    with time_machine.travel(NOW, tick=True):
        record_awareness(world, case, on=AWARE)
        prepare(world, case, CARE_LEAVER)
        decide(world, case, on=DECIDED)
        officer = page_for(
            world.people["business_unit_officer"], reverse("notifications:sent", args=[case.pk])
        )
        expect(officer.get_by_role("heading", level=1)).to_have_text("Date sent to the Panel")
        expect(
            officer.get_by_text("there is no rapid review, and the case closes once notified")
        ).to_be_visible()
        axe_check(officer, context="notification sent form, notify-only route")
        officer.get_by_label("Date sent to the Panel").fill(typed_date(SENT_LATE))
        officer.get_by_label("The Panel's reference").fill("CSPRP-2026-55555")
        officer.get_by_role("button", name="Save", exact=True).click()
        # Late without a reason: a field error, the typed data kept.
        expect(officer.locator(".govuk-error-summary")).to_contain_text("enter the reason for the delay")
        expect(officer.get_by_label("The Panel's reference")).to_have_value("CSPRP-2026-55555")
        axe_check(officer, context="notification sent form, reason missing")
        officer.get_by_label("Reason for the delay (if sent after the due date)").fill(
            "Synthetic: the national system was unavailable on the due date."
        )
        officer.get_by_role("button", name="Save", exact=True).click()
        expect(officer.get_by_text("Date sent to the Panel recorded")).to_be_visible()
        expect(officer.get_by_text("Reason the notification was late")).to_be_visible()
        case.refresh_from_db()
        assert case.stage == Stage.CLOSED
        assert set(Deadline.objects.filter(case=case).values_list("rule_code", flat=True)) == {"notification"}

        officer.goto(_base(officer) + reverse("clocks:case_clocks", args=[case.pk]))
        expect(officer.get_by_role("heading", level=1)).to_have_text("Clocks")
        expect(officer.get_by_role("rowheader", name=re.compile("Rapid review"))).to_have_count(0)
        notify_row = officer.get_by_role("row").filter(
            has=officer.get_by_role("rowheader", name=re.compile("Notify"))
        )
        expect(notify_row).to_contain_text("Met late")
        expect(notify_row.get_by_role("link", name=re.compile("Pause or extend"))).to_have_count(0)
        axe_check(officer, context="clocks page, notify-only route")

        manager = page_for(world.people["business_manager"], reverse("cases:detail", args=[case.pk]))
        manager.get_by_role("link", name="Reopen the case").click()
        expect(manager.get_by_role("heading", level=1)).to_have_text("Reopen the case")
        expect(manager.locator("main strong", has_text="Notification")).to_be_visible()
        axe_check(manager, context="reopen page")


def _signed_off(world):
    outcome = complete_outcome(world, decision=Decision.NO_FURTHER_REVIEW)
    report_generate(actor=world.people["business_unit_officer"], case=world.case)
    for partner, persona in DELEGATES.items():
        outcome.refresh_from_db()
        signoff_services.signoff_record(
            actor=world.people[persona],
            case=world.case,
            partner=partner,
            agrees=True,
            comments="",
            expected_version=outcome.version,
            report_sha256=report_to_sign(outcome).sha256,
        )


def test_no_lcspr_the_learning_route_after_sending(world, page_for):
    case = world.case
    with time_machine.travel(NOW, tick=True):
        _signed_off(world)
        officer = page_for(world.people["business_unit_officer"], reverse("panel:submission", args=[case.pk]))
        expect(officer.get_by_role("heading", level=1)).to_have_text("Sent to the national Panel")
        officer.get_by_label("Date the report was sent to the Panel").fill(typed_date(NOW.date()))
        officer.get_by_role("button", name="Record sending to the Panel").click()
        expect(officer.get_by_text("Sending the report to the Panel has been recorded")).to_be_visible()
        case.refresh_from_db()
        assert case.stage == Stage.DECISION

        officer.get_by_role("link", name="Record the learning route").click()
        expect(officer.get_by_role("heading", level=1)).to_have_text("Record the learning route")
        axe_check(officer, context="learning route page")
        officer.get_by_role("button", name="Record the learning route").click()
        expect(officer.locator(".govuk-error-summary")).to_contain_text("Select the learning route")
        officer.get_by_label("A learning event").check()
        officer.get_by_role("button", name="Record the learning route").click()
        expect(officer.get_by_text("The learning route has been recorded")).to_be_visible()
        expect(officer.get_by_text("A learning event")).to_be_visible()
        case.refresh_from_db()
        assert case.stage == Stage.ACTION_PLAN  # the outcome's immediate action is still open

        panel_services.panel_response_record(
            actor=world.people["business_unit_officer"],
            case=case,
            response="disagrees",
            response_on=NOW.date(),
        )
        officer.reload()
        officer.get_by_role("link", name="Record what follows the Panel's response").click()
        expect(officer.get_by_role("heading", level=1)).to_have_text("What follows the Panel's response")
        axe_check(officer, context="Panel follow-up page")
        officer.get_by_label("The case waits on the Panel's national review").check()
        officer.get_by_label("The Panel's reference for the national review").fill("NR-2026-7")
        officer.get_by_role("button", name="Record what follows").click()
        expect(officer.get_by_text("What follows the Panel's response has been recorded")).to_be_visible()
        expect(officer.get_by_text(re.compile("the Panel's reference NR-2026-7"))).to_be_visible()
