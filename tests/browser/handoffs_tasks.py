"""Issue 11 (FLOW) items 1 and 2 in a real browser: a referral through to the rapid review being sent, where
each person finds their next task in My tasks on "Your cases" after signing in (business unit, LA delegate,
Chair, agency author, the three partner delegates), and follows it to the page where they do it. axe runs on
"Your cases" with My tasks and on the business unit dashboard (the first clock shown at once).

The steps themselves (the forms) have their own journeys (test_referral_to_notification_journey.py,
test_rapid_review_journey.py); here they go through the services between sign-ins, so that the journey is
about who is told what to do next. The lead merges this into test_handoffs_journey.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.panel.services import panel_submission_record
from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send
from safeguarding_reviews.reports.services import report_generate
from safeguarding_reviews.screening.tests.steps import decide, prepare, record_awareness
from safeguarding_reviews.signoffs.services import signoff_record
from safeguarding_reviews.signoffs.tests.helpers import report_to_sign
from tests.factories import UserFactory, grant
from tests.outcome_data import complete_outcome

from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNERS = {"local_authority": "delegate_local_authority", "icb": "delegate_icb", "police": "delegate_police"}


def _my_task(page, ask: str, case: Case):
    """The link My tasks gives this person for `ask` on `case`."""
    expect(page.get_by_role("heading", name="My tasks")).to_be_visible()
    link = page.get_by_role("link", name=f"{ask}: {case.reference}")
    expect(link).to_be_visible()
    return link


def _follow(page, ask: str, case: Case, heading: str) -> None:
    _my_task(page, ask, case).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_each_person_finds_their_next_task(world, live_server, page_for):
    people, case = world.people, world.case
    officer = people["business_unit_officer"]

    # A referral has just come in: the case is at screening, the referral received today.
    case_stage_advance(actor=officer, case=case, to_stage=Stage.SCREENING, reason="journey")
    Case.objects.filter(pk=case.pk).update(referral_received_on=clock.today())
    case.refresh_from_db()

    # The business unit: the first clock shows at once on the dashboard, and My tasks says what is next.
    page = page_for(officer, "/")
    axe_check(page, context="Your cases with My tasks (business unit)")
    _my_task(page, "Complete the criteria checklist", case)
    page.goto(f"{live_server.url}/business-unit/")
    expect(page.get_by_text("Decision on notifying the Panel (expected)")).to_be_visible()
    expect(page.get_by_text("No open clock")).to_have_count(0)
    axe_check(page, context="business unit dashboard with the first clock")
    page.goto(f"{live_server.url}/")
    _follow(
        page, "Record when the local authority became aware", case, "Date the local authority became aware"
    )

    record_awareness(world, case, on=clock.today())
    prepare(world, case)

    # The local authority's delegate decides.
    page = page_for(people["delegate_local_authority"], "/")
    axe_check(page, context="Your cases with My tasks (LA delegate)")
    _follow(page, "Record the local authority's decision", case, "Record the screening decision")

    decide(world, case, on=clock.today())
    assert Alert.objects.filter(user=people["independent_chair"], kind="screening_decision").exists()

    # The Chair scrutinises the decision.
    page = page_for(people["independent_chair"], "/")
    axe_check(page, context="Your cases with My tasks (Chair)")
    _follow(page, "Scrutinise the local authority's decision", case, "Scrutiny of the screening")

    # The rapid review: a request to an agency author, who finds it on Your cases.
    case.refresh_from_db()  # the decision to notify moved it to the notification stage
    case_stage_advance(actor=officer, case=case, to_stage=Stage.RAPID_REVIEW, reason="journey")
    author = UserFactory.create(full_name="Synthetic Author", email="handoffs.author@test.example")
    grant(author, world.partnership, Role.AGENCY_AUTHOR, world.agency)
    [request] = agency_requests_send(
        actor=officer,
        case=case,
        items=[RequestItem(agency=world.agency, author=author)],
        due_on=clock.today() + dt.timedelta(days=14),
    )
    page = page_for(author, "/")
    expect(page.get_by_role("heading", name="My tasks")).to_be_visible()
    expect(page.get_by_text("Returns you have been asked to write (1)")).to_be_visible()
    axe_check(page, context="Your cases with My tasks (agency author)")
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/agency-requests/{request.pk}/")

    # The report is ready: each partner's delegate is told and finds their sign-off.
    complete_outcome(world)
    report_generate(actor=officer, case=case)
    outcome = case.rapid_review_outcome
    for partner, persona in PARTNERS.items():
        delegate = people[persona]
        assert Alert.objects.filter(user=delegate, kind="report_ready_for_signoff").exists()
        page = page_for(delegate, "/")
        axe_check(page, context=f"Your cases with My tasks ({persona})")
        _follow(page, "Sign off the rapid review for your partner", case, "Sign-off and scrutiny")
        outcome.refresh_from_db()
        signoff_record(
            actor=delegate,
            case=case,
            partner=partner,
            agrees=True,
            expected_version=outcome.version,
            report_sha256=report_to_sign(outcome).sha256,
        )
        page.goto(f"{live_server.url}/")
        expect(
            page.get_by_role("link", name=f"Sign off the rapid review for your partner: {case.reference}")
        ).to_have_count(0)

    # The business unit sends it to the Panel; then nothing of it is left in their My tasks.
    page = page_for(officer, "/")
    _follow(page, "Send the signed-off rapid review to the Panel", case, "Sent to the national Panel")
    case.refresh_from_db()
    panel_submission_record(actor=officer, case=case, sent_on=clock.today())
    page.goto(f"{live_server.url}/")
    expect(
        page.get_by_role("link", name=f"Send the signed-off rapid review to the Panel: {case.reference}")
    ).to_have_count(0)
