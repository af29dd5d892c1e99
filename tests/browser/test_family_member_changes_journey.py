"""Correcting the family list in a real browser.

The business unit officer opens an added grandparent's page, follows "Change" (sends the relationship empty:
the error summary), corrects the relationship and the address, then follows "Remove", sends no reason (the
error summary), and removes a duplicate with a reason: the family page lists it apart, and its page is
read-only. The independent reviewer without the identity grant opens the change page of the grandparent and
sees no name or address fields. axe runs on each new page and each error state.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.families.models import FamilyMemberIdentity
from safeguarding_reviews.families.services import member_add

from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Synthetic Grandparentname"
REASON = "Synthetic: recorded twice"


def test_change_and_remove_a_family_member(world, page_for):
    case = world.case
    officer = world.people["business_unit_officer"]
    name = {"first_names": "Synthetic", "last_name": "Grandparentname"}
    grandparent = member_add(
        actor=officer,
        case=case,
        relationship="grandparent",
        identity=name | {"address_line_1": "1 Synthetic Street"},
    )
    duplicate = member_add(actor=officer, case=case, relationship="grandparent", identity=name)
    member_url = reverse("families:member", kwargs={"case_id": case.pk, "member_id": grandparent.pk})
    page = page_for(officer, member_url)

    page.get_by_role("link", name="Change the details of Grandparent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the family member's details")
    expect(page.get_by_label("Last name")).to_have_value("Grandparentname")
    axe_check(page, context="change a family member")
    page.get_by_label("Relationship to the child").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their relationship to the child")
    axe_check(page, context="change a family member (errors)")
    page.get_by_label("Relationship to the child").fill("maternal grandparent")
    page.get_by_label("Address line 1 (optional)").fill("2 Synthetic Street")
    page.get_by_label("Postcode (optional)").fill("tt12ab")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{member_url}")
    expect(page.locator("main")).to_contain_text("Family member's details saved")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maternal grandparent")
    saved = FamilyMemberIdentity.objects.get(member=grandparent)
    assert (saved.address_line_1, saved.postcode) == ("2 Synthetic Street", "TT1 2AB")

    duplicate_url = reverse("families:member", kwargs={"case_id": case.pk, "member_id": duplicate.pk})
    page.goto(page.url.replace(member_url, duplicate_url))
    page.get_by_role("link", name="Remove Grandparent from the family list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove a family member")
    axe_check(page, context="remove a family member")
    page.get_by_role("button", name="Remove family member").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are removing this family member"
    )
    axe_check(page, context="remove a family member (errors)")
    page.get_by_label("Why are you removing this family member?").fill(REASON)
    page.get_by_role("button", name="Remove family member").click()
    page.wait_for_url("**/family/")
    main = page.locator("main")
    expect(main).to_contain_text("Family member removed")
    expect(page.locator("#family-summary")).to_have_text(
        "1 member: 0 approached, 0 not approached, 1 not decided"
    )
    page.get_by_text("Removed family members (1)").click()
    expect(page.locator("#removed-members")).to_contain_text(REASON)
    axe_check(page, context="family page with a removed member")
    page.locator("#removed-members").get_by_role("link", name="Grandparent").click()
    expect(page.locator("#member-removed")).to_contain_text(REASON)
    expect(page.get_by_role("link", name="Remove Grandparent from the family list")).to_have_count(0)
    axe_check(page, context="a removed family member's page")

    reviewer = page_for(
        world.people["independent_reviewer"],
        reverse("families:member_edit", kwargs={"case_id": case.pk, "member_id": grandparent.pk}),
    )
    expect(reviewer.get_by_label("Relationship to the child")).to_have_value("maternal grandparent")
    expect(reviewer.get_by_label("Last name")).to_have_count(0)
    expect(reviewer.locator("main")).not_to_contain_text(NAME)
    axe_check(reviewer, context="change a family member (no identity access)")
