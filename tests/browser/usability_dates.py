"""Issue 18, items 4 and 6, in a real browser (imported by test_usability_journey.py; run it directly with
`python -m pytest tests/browser/usability_dates.py`).

The criteria checklist: each question is a fieldset named by its question, its reason is inside it and
appears once an answer is chosen, nothing is chosen on a new checklist, and an error names the question and
links to it. Dates: the case details form reads a date typed as words, refuses an impossible one naming the
field with what was typed kept, and shows a saved date as its hint does. axe runs on each page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.core import clock
from safeguarding_reviews.screening.models import Screening

from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION_A = "(a) Is abuse or neglect known or suspected?"
QUESTION_B = "(b) Has the child died or been seriously harmed?"


def test_criteria_checklist_questions_reasons_and_errors(world, page_for):
    officer = world.people["business_unit_officer"]
    page = page_for(officer, reverse("screening:checklist", kwargs={"case_id": world.case.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Criteria checklist")
    axe_check(page, context="criteria checklist (new)")

    question_a = page.get_by_role("group", name=QUESTION_A, exact=True)
    expect(question_a.get_by_role("radio")).to_have_count(3)
    for radio in page.get_by_role("radio").all():
        expect(radio).not_to_be_checked()  # "not answered" is no answer, never a pre-selected option
    reason_a = question_a.get_by_label("Reason for your answer to (a)")
    expect(reason_a).to_be_hidden()  # revealed once the question is answered
    question_a.get_by_label("Yes", exact=True).check()
    expect(reason_a).to_be_visible()
    reason_a.fill("Synthetic: injuries not explained by the account given.")

    page.get_by_role("button", name="Save checklist").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Select an answer to {QUESTION_B}")
    expect(reason_a).to_have_value("Synthetic: injuries not explained by the account given.")
    axe_check(page, context="criteria checklist with errors")
    summary.get_by_role("link", name=f"Select an answer to {QUESTION_B}").click()
    expect(page.get_by_role("group", name=QUESTION_B, exact=True).get_by_role("radio").first).to_be_focused()

    for letter, answer in (("b", "Yes"), ("c", "Yes"), ("d", "No"), ("e", "No")):
        reason = page.get_by_label(f"Reason for your answer to ({letter})")
        group = page.locator("fieldset").filter(has=reason)
        group.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_text("Criteria checklist saved")).to_be_visible()
    expect(page.get_by_text("Reason: Synthetic: injuries not explained")).to_be_visible()
    screening = Screening.objects.get(case=world.case)
    assert screening.abuse_or_neglect == "yes" and screening.care_leaver_death == "no"


def test_case_details_dates_read_what_people_type(world, page_for):
    officer = world.people["business_manager"]
    edit = reverse("cases:edit", args=[world.case.pk])
    page = page_for(officer, edit)
    incident = page.get_by_label("Date of the incident")
    expect(page.locator("#id_incident_date-hint")).to_have_text("For example, 27/3/2026 or 27 March 2026")
    axe_check(page, context="case details (dates)")

    incident.fill("31 February 2026")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of the incident must be a real date")
    expect(incident).to_have_value("31 February 2026")  # what was typed is kept to correct
    axe_check(page, context="case details with a date error")

    day = clock.today() - dt.timedelta(days=10)
    incident.fill(f"{day.day} {day:%B %Y}")
    page.get_by_label("Date the partnership received the referral").fill(f"{day:%d/%m/%y}")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    world.case.refresh_from_db()
    assert world.case.incident_date == day and world.case.referral_received_on == day

    page.goto(page.url.split("/cases/")[0] + edit)
    expect(incident).to_have_value(f"{day.day}/{day.month}/{day.year}")  # as the hint writes dates
