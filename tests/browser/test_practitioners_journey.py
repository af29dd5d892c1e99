"""The practitioners register in a real browser.

The business unit officer opens the case's register from the case pages (none recorded), sends the add form
empty (the error summary), adds a practitioner (the name shown to them, with a warning), changes their team,
and removes another with a reason. On the health visitor's involvement page they record an invitation (the
empty form first), see the missing statement warned of, record the statement and the reply. Then an LCPC
member named on the case opens the register and the involvement page and sees agency and role, never the
name. axe runs on each new page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.core import clock
from safeguarding_reviews.practitioners.services import practitioner_add

from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Synthetic Practitionername"
AGENCY = "Alphashire Test Hospital"


def test_the_practitioners_register(world, page_for):
    case = world.case
    day = clock.today()
    today = f"{day.day}/{day.month}/{day.year}"
    officer = world.people["business_unit_officer"]
    register = reverse("practitioners:register", kwargs={"case_id": case.pk})
    page = page_for(officer, reverse("subjects:case_subjects", kwargs={"case_id": case.pk}))
    page.get_by_role("link", name="Practitioners involved").click()
    page.wait_for_url(f"**{register}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioners involved")
    expect(page.locator("main")).to_contain_text("No practitioners are recorded on this case.")
    axe_check(page, context="practitioners register (empty)")

    # Add: empty first, then for real.
    page.get_by_role("button", name="Add a practitioner").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their role or job title")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their first names or their last name")
    axe_check(page, context="add a practitioner (errors)")
    page.get_by_label("Agency").select_option(label=AGENCY)
    page.get_by_label("Role or job title").fill("Health visitor")
    page.get_by_label("Team or service (optional)").fill("East locality")
    page.get_by_label("First names").fill("Synthetic")
    page.get_by_label("Last name").fill("Practitionername")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{register}")
    main = page.locator("main")
    expect(main).to_contain_text("Practitioner added")
    expect(main).to_contain_text(NAME)
    expect(main).to_contain_text("This page shows practitioners' names")
    axe_check(page, context="practitioners register (with names)")

    # Change the team.
    page.get_by_role("link", name=f"Change Health visitor, {AGENCY}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a practitioner's details")
    axe_check(page, context="change a practitioner")
    page.get_by_label("Team or service (optional)").fill("West locality")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{register}")
    expect(main).to_contain_text("West locality")

    # Remove one recorded in error, with a reason.
    practitioner_add(
        actor=officer,
        case=case,
        agency_id=world.agency.pk,
        role="Midwife",
        first_names="Synthetic",
        last_name="Two",
    )
    page.reload()
    page.get_by_role("link", name=f"Remove Midwife, {AGENCY}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove a practitioner")
    page.get_by_role("button", name="Remove practitioner").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are removing this practitioner"
    )
    axe_check(page, context="remove a practitioner (errors)")
    page.get_by_label("Why are you removing this practitioner?").fill("Recorded in error")
    page.get_by_role("button", name="Remove practitioner").click()
    page.wait_for_url(f"**{register}")
    expect(main).to_contain_text("Removed practitioners (1)")

    # Involvement: an invitation (empty first), the statement warned of, then recorded; the reply.
    page.get_by_role("link", name=f"Involvement of Health visitor, {AGENCY}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement in the review")
    axe_check(page, context="practitioner involvement (nothing recorded)")
    page.get_by_role("button", name="Record an invitation").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what they are invited to")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date invited")
    axe_check(page, context="record an invitation (errors)")
    page.get_by_label("Learning or practitioner event").check()
    page.get_by_label("Date invited").fill(today)
    page.get_by_label("Email").check()
    page.get_by_role("button", name="Save").click()
    expect(main).to_contain_text("Invitation recorded")
    expect(page.locator("#statement-missing")).to_contain_text("not recorded as given")
    axe_check(page, context="practitioner involvement (invited, no statement)")
    page.get_by_role("button", name="Record the no-blame statement").click()
    page.get_by_label("Date given").fill(today)
    page.get_by_label("Letter").check()
    page.get_by_label("The independent reviewer").check()
    page.get_by_role("button", name="Save").click()
    expect(main).to_contain_text("No-blame statement recorded")
    page.get_by_role("link", name="Record reply").click()
    axe_check(page, context="record the reply to an invitation")
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#invitations")).to_contain_text("Accepted")
    page.get_by_role("link", name="Back to practitioners involved").click()
    page.wait_for_url(f"**{register}")
    expect(main).to_contain_text("1 invitation (1 accepted)")

    # An LCPC member named on the case: agency and role, never the name.
    member = page_for(world.people["review_committee_member"], register)
    expect(member.locator("main")).to_contain_text("Health visitor")
    expect(member.locator("main")).to_contain_text(AGENCY)
    expect(member.locator("main")).not_to_contain_text(NAME)
    expect(member.get_by_role("button", name="Add a practitioner")).to_have_count(0)
    axe_check(member, context="practitioners register (without names)")
    member.get_by_role("link", name=f"Involvement of Health visitor, {AGENCY}").click()
    expect(member.locator("main")).to_contain_text("Learning or practitioner event")
    expect(member.locator("main")).not_to_contain_text(NAME)
    axe_check(member, context="practitioner involvement (without names)")
