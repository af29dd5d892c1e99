"""F2's journey in a real browser: an agency representative refers an incident online → a business unit
officer screens it → the local authority delegate decides to notify → the notification is recorded and
recorded as sent → the business unit's dashboard shows the notification clock met and the rapid review
clock due 15 working days after the date sent. Plus the bad-input path of the referral form.

The clock is fixed with time-machine (tick=True: time moves on, and the live server's thread sees the same
time, so TOTP codes, "today" and every default date agree). Each person has their own browser context, so
nobody signs in twice and no TOTP window has to be waited for. axe runs on each new kind of page.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.referrals.models import Referral
from safeguarding_reviews.working_days.calculator import add_working_days, working_days_between
from safeguarding_reviews.working_days.selectors import statutory_non_working_days

from .conftest import axe_check, long_date, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wednesday 23 December 2026, mid-morning in London: the Christmas bank holidays sit inside the clocks.
NOW = dt.datetime(2026, 12, 23, 10, 0, tzinfo=LONDON)
INCIDENT = dt.date(2026, 12, 18)  # Friday
AGENCY_AWARE = dt.date(2026, 12, 21)  # Monday
LA_AWARE = dt.date(2026, 12, 21)
DECIDED = dt.date(2026, 12, 22)
SENT = dt.date(2026, 12, 23)  # today
CHILD_NAME = "Jordan Testchild"  # synthetic


def _open_section(page, title: str):
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral of a serious incident")


def _group(page, legend: str):
    return page.get_by_role("group", name=legend, exact=True)


def _refer_online(page, world) -> Case:
    """The agency representative's part: start, every required section, a child, check, submit."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a serious incident")
    axe_check(page, context="referral start")
    page.get_by_role("button", name="Start a new referral").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Referral of a serious incident")
    expect(page.get_by_text("You have completed 0 of")).to_be_visible()
    axe_check(page, context="referral task list")

    _open_section(page, "Your details")
    axe_check(page, context="referral section page")
    page.get_by_label("Your full name").fill("Sam Referrer")
    page.get_by_label("Your role").fill("Named nurse for safeguarding")
    page.get_by_label("Phone number").fill("01632 960 001")
    page.get_by_label("Email address").fill("sam.referrer@test.example")
    _save_and_continue(page)
    expect(page.locator("#referrer-status")).to_have_text("Completed")

    _open_section(page, "Agreement of your safeguarding lead")
    page.get_by_label("Yes").check()
    page.get_by_label("Safeguarding lead's name").fill("Alex Lead")
    _save_and_continue(page)

    _open_section(page, "The incident")
    page.get_by_label("Date of the incident").fill(typed_date(INCIDENT))
    page.get_by_label("Date your agency became aware of it").fill(typed_date(AGENCY_AWARE))
    page.get_by_label("What happened").fill(
        "The child was brought to the emergency department with injuries."
    )
    _save_and_continue(page)

    # Children: add one, with identity details, then say every child is added.
    _open_section(page, "Children")
    expect(page.get_by_text("No children added yet.")).to_be_visible()
    axe_check(page, context="referral children section")
    page.get_by_role("button", name="Add a child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    axe_check(page, context="referral person page")
    page.get_by_label("First names").fill("Jordan")
    page.get_by_label("Last name").fill("Testchild")
    page.get_by_label("Known as (optional)").fill("Jojo")
    page.get_by_label("Date of birth (optional if not known)").fill("14/03/2022")
    _group(page, "Sex").get_by_label("Female").check()
    page.get_by_label("Ethnicity (optional)").fill("White British")
    page.get_by_label("Address line 1 (optional)").fill("1 Test Street")
    page.get_by_label("Town or city (optional)").fill("Northbridge")
    page.get_by_label("Postcode (optional)").fill("nb1 1ts")
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_label("Schools or early years settings (optional)").fill("Northbridge Nursery")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children")
    expect(page.get_by_text(CHILD_NAME)).to_be_visible()
    page.get_by_role("button", name="I have added every child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral of a serious incident")

    _open_section(page, "Abuse or neglect")
    page.get_by_label("Suspected", exact=True).check()
    page.get_by_label("Why do you think so?").fill("The injuries are not consistent with the account given.")
    _save_and_continue(page)

    _open_section(page, "Agencies involved")
    page.get_by_label(world.agency.name).check()
    _save_and_continue(page)

    _open_section(page, "Immediate safeguarding actions")
    page.get_by_label("What immediate safeguarding actions have been taken?").fill(
        "Strategy discussion held; siblings' safety checked."
    )
    _save_and_continue(page)

    _open_section(page, "Parallel processes")
    page.get_by_label("Police investigation").check()
    _save_and_continue(page)

    _open_section(page, "Media interest")
    page.get_by_label("No", exact=True).check()
    _save_and_continue(page)

    _open_section(page, "Criteria you believe are met")
    page.get_by_label(re.compile(r"died or was seriously harmed in the area")).check()
    _save_and_continue(page)

    # Every required section is done.
    expect(page.get_by_text(re.compile(r"You have completed (\d+) of \1 required sections"))).to_be_visible()
    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting the referral"
    )
    expect(page.get_by_text(CHILD_NAME)).to_be_visible()  # the referrer sees the identity they gave
    expect(page.get_by_text("Before you can submit")).to_have_count(0)
    axe_check(page, context="check your answers")
    page.get_by_role("button", name="Submit referral").click()

    # Confirmation: the reference and the decision-by date (5 working days after the referral was
    # received, the default date the local authority became aware).
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral submitted")
    referral = Referral.objects.select_related("case").get(agency=world.agency, case__isnull=False)
    case = referral.case
    assert case is not None
    assert case.referral_received_on == NOW.date()
    decide_by = add_working_days(NOW.date(), 5, non_working=statutory_non_working_days())
    expect(page.locator(".govuk-panel")).to_contain_text(case.reference)
    expect(page.get_by_text(f"by {long_date(decide_by)}")).to_be_visible()
    axe_check(page, context="referral confirmation")
    return case


def _screen(page, case: Case) -> None:
    """The business unit officer, from the case page's task list: the date the local authority became aware,
    and the criteria checklist."""
    expect(page.get_by_role("heading", level=1)).to_have_text(case.pseudonym)
    expect(page.locator(".govuk-caption-l").first).to_contain_text(case.reference)
    axe_check(page, context="case page")
    page.get_by_role("link", name="When the local authority became aware").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Date the local authority became aware")
    field = page.get_by_label("Date the local authority became aware of the incident")
    expect(field).to_have_value(typed_date(NOW.date()))  # defaults to the date the referral was received
    axe_check(page, context="screening: became aware")
    field.fill(typed_date(LA_AWARE))
    page.get_by_role("button", name="Save date").click()
    expect(page.get_by_text("Date the local authority became aware saved")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening")
    axe_check(page, context="screening page")
    due = add_working_days(LA_AWARE, 5, non_working=statutory_non_working_days())
    expect(page.get_by_text(long_date(due))).to_be_visible()  # the notification clock has started

    page.get_by_role("link", name="Criteria checklist", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Criteria checklist")
    axe_check(page, context="screening: criteria checklist")
    answers = {
        "(a) Is abuse or neglect known or suspected?": "Yes",
        "(b) Has the child died or been seriously harmed?": "Yes",
        "(c) Did it happen in the local authority's area, or was the child normally resident here and "
        "harmed outside England?": "Yes",
        "(d) Is this the death of a looked-after child?": "No",
        "(e) Is this the death of a care leaver aged up to and including 24?": "No",
    }
    for legend, answer in answers.items():
        _group(page, legend).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_text("Criteria checklist saved")).to_be_visible()
    expect(page.get_by_text("Checklist: notifiable")).to_be_visible()


def _decide(page) -> None:
    """The local authority delegate decides to notify, with a rationale."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the screening decision")
    expect(page.get_by_text("Checklist: notifiable")).to_be_visible()
    axe_check(page, context="screening decision")
    page.get_by_label("Notify the Panel").check()
    page.get_by_label("Rationale").fill("Abuse is suspected, the child was seriously harmed in our area.")
    page.get_by_label("Date of the decision").fill(typed_date(DECIDED))
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification to the Panel")
    expect(page.get_by_text("Decision recorded: notify the Panel")).to_be_visible()


def _record_notification(page, case: Case) -> None:
    """The business unit officer records the notification as made in the national system, and sent."""
    page.goto(page.url.split("/cases/")[0] + reverse("cases:detail", args=[case.pk]))
    # The clock that matters next, in words, in an important banner above the heading.
    banner = page.get_by_role("region", name="Important")
    notify_due = add_working_days(LA_AWARE, 5, non_working=statutory_non_working_days())
    expect(banner).to_contain_text(f"due {long_date(notify_due)} (5 working days after the local authority")
    axe_check(page, context="case page with the next clock banner")
    page.get_by_role("link", name="Notification sent to the Panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification to the Panel")
    due = add_working_days(LA_AWARE, 5, non_working=statutory_non_working_days())
    expect(page.get_by_text(long_date(due))).to_be_visible()
    axe_check(page, context="notification page")

    page.get_by_role("link", name="Change the notification details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification details")
    axe_check(page, context="notification details form")
    _group(page, "Category of notification").get_by_label("Serious harm", exact=True).check()
    _group(page, "Children").get_by_label(re.compile(rf"^{re.escape(case.pseudonym)} ")).check()
    page.get_by_label("Where the incident happened").fill("Family home, Northbridge")
    page.get_by_label("Date of the incident").fill(typed_date(INCIDENT))
    page.get_by_label("Time of the incident (if known)").fill("18:30")
    page.get_by_label("Case outline").fill(
        f"{case.pseudonym}, aged 4, was brought to hospital with injuries."
    )
    page.get_by_role("button", name="Save notification").click()
    expect(page.get_by_text("Notification saved")).to_be_visible()
    expect(page.get_by_role("cell", name=case.pseudonym, exact=True)).to_be_visible()
    expect(page.get_by_text("Family home, Northbridge")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Change details of ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Details of {case.pseudonym}")
    axe_check(page, context="notification child form")
    for legend, answer in [
        ("Looked after", "No"),
        ("Child in need plan", "No"),
        ("Child protection plan", "No"),
        ("Known to any agency", "Yes"),
    ]:
        _group(page, legend).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text(f"Details of {case.pseudonym} saved")).to_be_visible()

    page.get_by_role("link", name="Record date sent to the Panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Date sent to the Panel")
    axe_check(page, context="notification sent form")
    page.get_by_label("Date sent to the Panel").fill(typed_date(SENT))
    page.get_by_label("The Panel's reference").fill("CSPRP-2026-12345")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Date sent to the Panel recorded")).to_be_visible()
    expect(page.get_by_text("CSPRP-2026-12345")).to_be_visible()

    page.get_by_role("link", name="Record date local safeguarding partners were told").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Date local safeguarding partners were told")
    axe_check(page, context="local partners told form")
    page.get_by_label("Date local safeguarding partners were told").fill(typed_date(SENT))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Date local safeguarding partners were told recorded")).to_be_visible()


def _check_clocks(page, case: Case, rapid_review_due: dt.date) -> None:
    page.goto(page.url.split("/cases/")[0] + reverse("clocks:case_clocks", args=[case.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clocks")
    notify_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("Notify")))
    expect(notify_row).to_contain_text("Met")
    expect(notify_row).to_contain_text(f"Met {long_date(SENT)}")
    # An online referral is itself in writing: only phone and email referrals run the 48-hour written
    # confirmation clock, so no such clock may be left running (it could never be stopped).
    written = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("Written confirmation"))
    )
    expect(
        written.filter(has_text=re.compile("Upcoming|Due soon|Due today|Overdue|Paused")),
        "an online referral started the 48-hour written-confirmation clock",
    ).to_have_count(0)
    rapid_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("Rapid")))
    expect(rapid_row).to_contain_text(long_date(rapid_review_due))
    axe_check(page, context="clocks page")


def test_agency_refers_screened_decided_notified_and_the_clocks_follow(world, page_for):
    people = world.people
    with time_machine.travel(NOW, tick=True):
        referrer = page_for(people["agency_representative"], reverse("referrals:start"))
        case = _refer_online(referrer, world)
        case.refresh_from_db()
        assert case.stage == "screening"
        assert CHILD_NAME not in case.pseudonym

        officer = page_for(people["business_unit_officer"], reverse("cases:detail", args=[case.pk]))
        _screen(officer, case)

        delegate = page_for(
            people["delegate_local_authority"],
            reverse("screening:decide", args=[case.pk]),
        )
        _decide(delegate)

        _record_notification(officer, case)
        case.refresh_from_db()
        assert case.stage == "rapid_review"

        # 15 working days after the date sent (the WT2023 rule set's default start), England and Wales
        # bank holidays skipped.
        rapid_review_due = add_working_days(SENT, 15, non_working=statutory_non_working_days())
        _check_clocks(officer, case, rapid_review_due)

        # The Independent Chair was told of the decision: an alert naming only the reference.
        chair = page_for(people["independent_chair"], reverse("alerts:list"))
        expect(chair.get_by_role("heading", level=1)).to_have_text("Alerts")
        expect(chair.get_by_role("cell", name=case.reference, exact=True)).to_be_visible()
        axe_check(chair, context="alerts page")
        chair.get_by_role("button", name=re.compile(rf"^Open alert: .*{re.escape(case.reference)}")).click()
        expect(chair.get_by_role("heading", level=1)).to_have_text("Screening")
        expect(chair.get_by_text("Abuse is suspected, the child was seriously harmed")).to_be_visible()

        # The business unit's dashboard.
        _check_dashboard(officer, case, rapid_review_due)


def _check_dashboard(page, case: Case, rapid_review_due: dt.date) -> None:
    page.goto(page.url.split("/cases/")[0] + reverse("business_unit_dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Business unit dashboard")
    axe_check(page, context="business unit dashboard")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=case.reference, exact=True))
    expect(row.get_by_role("cell").nth(1)).to_have_text("Rapid review")  # stage
    # Every earlier clock is met, so the next one is the rapid review, due 15 working days after sending.
    expect(row.get_by_role("cell").nth(2)).to_contain_text("Rapid review")
    expect(row.get_by_role("cell").nth(3)).to_have_text(long_date(rapid_review_due))
    today = clock.today()
    left = working_days_between(today, rapid_review_due, non_working=statutory_non_working_days())
    # The Status column says it in words, in a green tag: 15 working days to go.
    expect(page.get_by_role("columnheader", name="Status")).to_be_visible()
    expect(row.get_by_role("cell").nth(4)).to_have_text(f"Due in {left} working days")
    expect(row.get_by_role("cell").nth(4).locator(".govuk-tag--green")).to_be_visible()
    # The next clock links to the case's clocks, where the notification clock shows as met.
    row.get_by_role("link", name=re.compile("Rapid review")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clocks")
    notify_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("Notify")))
    expect(notify_row.locator(".govuk-tag")).to_have_text("Met")


def test_referral_with_a_future_incident_date_shows_the_error_and_keeps_the_answers(world, page_for):
    with time_machine.travel(NOW, tick=True):
        page = page_for(world.people["agency_representative"], reverse("referrals:start"))
        page.get_by_role("button", name="Start a new referral").click()
        _open_section(page, "The incident")
        tomorrow = NOW.date() + dt.timedelta(days=1)
        page.get_by_label("Date of the incident").fill(typed_date(tomorrow))
        page.get_by_label("Date your agency became aware of it").fill(typed_date(AGENCY_AWARE))
        page.get_by_label("What happened").fill("Typed before the error.")
        page.get_by_role("button", name="Save and continue").click()

        expect(page).to_have_title(re.compile(r"^Error: The incident"))
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
        message = "The date of the incident must be today or in the past"
        expect(page.locator("#id_incident_date-error")).to_contain_text(message)
        axe_check(page, context="referral section with errors")

        summary.get_by_role("link", name=message).click()
        expect(page.get_by_label("Date of the incident")).to_be_focused()
        # What they typed is kept, and nothing was saved.
        expect(page.get_by_label("Date of the incident")).to_have_value(typed_date(tomorrow))
        aware = page.get_by_label("Date your agency became aware of it")
        expect(aware).to_have_value(typed_date(AGENCY_AWARE))
        expect(page.get_by_label("What happened")).to_have_value("Typed before the error.")
        referral = Referral.objects.get(created_by=world.people["agency_representative"])
        assert referral.incident_date is None
        assert "incident" not in referral.completed_sections
