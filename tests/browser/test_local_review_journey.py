"""Issue 13's local review in a real browser, from a case at the LCSPR stage.

The business unit writes the terms of reference and records the LCPC's agreement → the three partners'
delegates sign them → the business manager appoints a reviewer who declares a conflict and is refused → a
second reviewer declares none and is accepted, their commission recorded, and the business manager adds a
method to the partnership's review methods → the methodology is saved and agreed, a progress review recorded
→ a parallel process's constraint "no contact with the family until the verdict" is added on the register,
and the family contact page refuses with that reason → the review goes on the LCPC's list. Then the accepted
reviewer sees this case and gets 404 on another, the refused reviewer sees nothing, and an LCPC member sees
the listed review (no identity details) and comments. axe runs on each new page.

Set-up the journey is not about goes through services: the case at the LCSPR stage with its review opened
(panel's route does this), a child with identity details, the process on the register, the reviewers'
accounts.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.local_reviews.services import local_review_open_statutory
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.parallel_processes.services import parallel_process_add
from safeguarding_reviews.reviewers.models import AppointmentState, CommitteeComment, ReviewerAppointment
from safeguarding_reviews.subjects.services import subject_add
from tests.factories import UserFactory, grant

from .conftest import axe_check, give_totp, sign_in, typed_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHILD_NAME = "Synthetic Childname"
CONSTRAINT = "No contact with the family until the verdict"


_SECRETS: dict[int, str] = {}


def _open(browser, live_server, user, path):
    """A browser context of the user's own, signed in (each person's TOTP set up once)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    if user.pk not in _SECRETS:
        _SECRETS[user.pk] = give_totp(user)
    sign_in(page, live_server, user, secret=_SECRETS[user.pk], path=path)
    page.wait_for_url(f"**{path}")
    return context, page


def _case_at_lcspr(world):
    officer = world.people["business_unit_officer"]
    case = case_services.case_create(
        actor=officer, partnership=world.partnership, pseudonym="Child L", summary="Synthetic."
    )
    Case.objects.filter(pk=case.pk).update(stage=Stage.LCSPR)
    case.refresh_from_db()
    local_review_open_statutory(actor=officer, case=case, initiated_on=clock.today())
    subject_add(
        actor=officer,
        case=case,
        kind="child",
        details={"sex": "female", "age_years": 2},
        identity={"first_names": "Synthetic", "last_name": "Childname"},
    )
    parallel_process_add(
        actor=officer, case=case, values={"kind": "police_investigation", "status": "under_way"}
    )
    return case


def _reviewer(world, name, email):
    user = UserFactory.create(full_name=name, email=email)
    grant(user, world.partnership, Role.INDEPENDENT_REVIEWER)
    return user


def _submit(page, name):
    page.get_by_role("button", name=name).click()


def _url(live_server, name, case, **kwargs):
    return f"{live_server.url}{reverse(name, kwargs={'case_id': case.pk, **kwargs})}"


def _declare(browser, live_server, reviewer, case, *, conflict):
    path = reverse("reviewers:declaration", kwargs={"case_id": case.pk})
    context, page = _open(browser, live_server, reviewer, path)
    expect(page.locator("main")).to_contain_text(CHILD_NAME)
    expect(page.locator("main")).to_contain_text(world_agency_name)
    axe_check(page, context="independence declaration")
    for key in ("family", "agencies", "services", "other"):
        answer = "yes" if conflict and key == "family" else "no"
        page.locator(f'input[name="{key}"][value="{answer}"]').check()
    if conflict:
        page.locator('[name="family_details"]').fill("Synthetic: taught a parent some years ago.")
    _submit(page, "Send declaration")
    expect(page.locator("main")).not_to_contain_text("There is a problem")
    context.close()


world_agency_name = "Alphashire Test Hospital"


def _decide(page, live_server, case, appointment, decision, reason=""):
    page.goto(_url(live_server, "reviewers:decide", case, appointment_id=appointment.pk))
    axe_check(page, context=f"reviewer decision ({decision})")
    page.locator(f'input[name="decision"][value="{decision}"]').check()
    if reason:
        page.locator('[name="reason"]').fill(reason)
    _submit(page, "Save decision")
    page.wait_for_url(f"**{reverse('reviewers:case_reviewer', kwargs={'case_id': case.pk})}")


def _appoint(page, live_server, case, reviewer):
    page.goto(_url(live_server, "reviewers:appoint", case))
    axe_check(page, context="appoint a reviewer")
    field = page.locator('[name="user"]')
    if field.first.evaluate("e => e.tagName") == "SELECT":
        field.select_option(str(reviewer.pk))
    else:
        page.locator(f'input[name="user"][value="{reviewer.pk}"]').check()
    _submit(page, "Appoint reviewer")
    expect(page.locator("main")).to_contain_text(reviewer.full_name)
    return ReviewerAppointment.objects.filter(case=case, user=reviewer).get()


def test_the_local_review_from_terms_to_the_lcpc(world, browser, live_server):
    _SECRETS.clear()
    case = _case_at_lcspr(world)
    today = clock.today()
    first = _reviewer(world, "Synthetic Firstreviewer", "first.reviewer@test.example")
    second = _reviewer(world, "Synthetic Secondreviewer", "second.reviewer@test.example")

    # The business unit writes the terms of reference and records the LCPC's agreement.
    officer = world.people["business_unit_officer"]
    task_list = reverse("local_reviews:task_list", kwargs={"case_id": case.pk})
    context, page = _open(browser, live_server, officer, task_list)
    expect(page.get_by_role("heading", level=1)).to_have_text("Local review")
    expect(page.locator("main")).to_contain_text("No reviewer appointed yet")
    axe_check(page, context="local review task list")
    page.goto(_url(live_server, "local_reviews:terms_edit", case))
    axe_check(page, context="terms of reference form")
    page.locator('[name="scope_from"]').fill(typed_date(today.replace(year=today.year - 1)))
    page.locator('[name="scope_to"]').fill(typed_date(today))
    page.locator('[name="lines_of_enquiry"]').fill("How agencies shared information\nThe child's daily life")
    page.get_by_label(world_agency_name).check()
    page.locator('[name="child_perspective"]').fill("Synthetic: through the records.")
    page.locator('[name="family_context"]').fill("Synthetic: the household's circumstances.")
    page.locator('[name="proportionality"]').fill("Synthetic: two lines of enquiry.")
    _submit(page, "Save as a new version")
    expect(page.locator("main")).to_contain_text("How agencies shared information")
    axe_check(page, context="terms of reference page")
    page.goto(_url(live_server, "local_reviews:terms_agreement", case, number=1))
    axe_check(page, context="terms of reference agreement form")
    page.locator('[name="agreed_on"]').fill(typed_date(today))
    page.locator('[name="meeting"]').fill("LCPC meeting")
    page.locator('[name="members_present"]').fill("Member A\nMember B")
    _submit(page, "Record agreement")
    expect(page.locator("main")).to_contain_text("agreed")

    # The methodology saved and agreed; a progress review recorded.
    page.goto(_url(live_server, "local_reviews:methodology", case))
    axe_check(page, context="methodology")
    page.get_by_role("radio", name="SCIE Learning Together").check()
    page.locator('[name="analysis_rationale"]').fill("Synthetic: a systems approach.")
    page.locator('[name="participation_rationale"]').fill("Synthetic: practitioners take part.")
    _submit(page, "Save methodology")
    page.goto(_url(live_server, "local_reviews:methodology_agreement", case))
    axe_check(page, context="methodology agreement form")
    page.locator('[name="agreed_on"]').fill(typed_date(today))
    page.locator('[name="meeting"]').fill("LCPC meeting")
    page.locator('[name="members_present"]').fill("Member A\nMember B")
    _submit(page, "Record agreement")
    page.goto(_url(live_server, "local_reviews:progress", case))
    axe_check(page, context="progress reviews")
    page.locator('[name="held_on"]').fill(typed_date(today))
    page.locator('[name="quality_comments"]').fill("Synthetic: on track.")
    page.locator('[name="actions_agreed"]').fill("Synthetic: book the practitioner event.")
    _submit(page, "Record progress review")
    expect(page.locator("main")).to_contain_text("Synthetic: on track.")

    # The constraint on the register; the family contact page refuses with its reason.
    page.goto(_url(live_server, "parallel_processes:register", case))
    page.get_by_role("link", name="Add a constraint").click()
    axe_check(page, context="constraint form")
    page.locator('input[name="blocks"][value="family_contact"]').check()
    page.locator('[name="reason"]').fill(CONSTRAINT)
    _submit(page, "Add constraint")
    expect(page.locator("table")).to_contain_text(CONSTRAINT)
    page.goto(_url(live_server, "local_reviews:family_contact", case))
    expect(page.locator(".govuk-warning-text")).to_contain_text("cannot be recorded now")
    expect(page.locator(".govuk-warning-text")).to_contain_text(CONSTRAINT)
    expect(page.get_by_role("button", name="Record contact")).to_have_count(0)
    axe_check(page, context="family contact refused")

    # The review on the LCPC's list.
    page.goto(_url(live_server, "reviewers:committee", case))
    page.get_by_role("button", name="Add to th").click()
    axe_check(page, context="committee page")
    context.close()

    # The three partners' delegates sign the agreed terms of reference.
    sign_path = reverse("signoffs:document", kwargs={"case_id": case.pk, "kind": "terms_of_reference"})
    for partner in ("local_authority", "icb", "police"):
        context, page = _open(browser, live_server, world.people[f"delegate_{partner}"], sign_path)
        if partner == "local_authority":
            axe_check(page, context="terms of reference sign page")
        page.get_by_label("Yes, we agree").check()
        _submit(page, "Record sign-off")
        expect(page.locator(f"#signoff-{partner}")).to_contain_text("Agreed")
        context.close()
    context, page = _open(
        browser, live_server, officer, reverse("local_reviews:terms", kwargs={"case_id": case.pk})
    )
    for partner in ("local_authority", "icb", "police"):
        expect(page.locator(f"#terms-signing-{partner}")).to_contain_text("Signed: agreed")
    context.close()

    # The business manager appoints the first reviewer, who declares a conflict and is refused.
    manager = world.people["business_manager"]
    reviewer_path = reverse("reviewers:case_reviewer", kwargs={"case_id": case.pk})
    context, page = _open(browser, live_server, manager, reviewer_path)
    axe_check(page, context="reviewer page")
    first_appointment = _appoint(page, live_server, case, first)
    context.close()
    _declare(browser, live_server, first, case, conflict=True)
    context, page = _open(browser, live_server, manager, task_list)
    expect(page.locator("main")).to_contain_text("waiting for the business manager")
    _decide(page, live_server, case, first_appointment, "refuse", "Synthetic: knows a parent.")
    second_appointment = _appoint(page, live_server, case, second)
    context.close()
    _declare(browser, live_server, second, case, conflict=False)
    context, page = _open(browser, live_server, manager, reviewer_path)
    _decide(page, live_server, case, second_appointment, "accept")
    page.goto(_url(live_server, "reviewers:commission", case))
    axe_check(page, context="commission")
    page.locator('[name="start_date"]').fill(typed_date(today))
    page.locator('[name="end_date"]').fill(typed_date(today.replace(year=today.year + 1)))
    page.locator('[name="deliverables"]').fill("Synthetic: a draft and a final report.")
    _submit(page, "Save commission")
    expect(page.locator("main")).to_contain_text("Synthetic: a draft and a final report.")
    page.goto(f"{live_server.url}{task_list}")
    expect(page.locator("main")).to_contain_text(f"Accepted: {second.full_name}")
    # The partnership's review methods: the business manager adds one of its own.
    page.goto(f"{live_server.url}{reverse('local_reviews:methods', kwargs={'slug': world.partnership.slug})}")
    axe_check(page, context="review methods")
    page.locator('[name="label"]').fill("Synthetic workshop")
    page.locator('[name="description"]').fill("Synthetic: one facilitated workshop.")
    page.locator('[name="source"]').fill("Synthetic: LCPC minute")
    _submit(page, "Add method")
    expect(page.locator("#own-methods")).to_contain_text("Synthetic workshop")
    context.close()
    assert ReviewerAppointment.objects.get(pk=first_appointment.pk).state == AppointmentState.REFUSED
    assert ReviewerAppointment.objects.get(pk=second_appointment.pk).state == AppointmentState.ACCEPTED

    # The accepted reviewer sees this case, not another; the refused one sees nothing.
    case_path = reverse("cases:detail", kwargs={"case_id": case.pk})
    context, page = _open(browser, live_server, second, case_path)
    expect(page.locator("main")).to_contain_text("Child L")
    assert page.goto(_url(live_server, "cases:detail", world.case)).status == 404
    context.close()
    context, page = _open(browser, live_server, first, "/")
    for name in ("cases:detail", "reviewers:declaration"):
        assert page.goto(_url(live_server, name, case)).status == 404
    context.close()

    # An LCPC member sees the listed review without identity details, and comments.
    member = world.people["non_member"]
    committee_path = reverse("reviewers:committee", kwargs={"case_id": case.pk})
    context, page = _open(browser, live_server, member, committee_path)
    expect(page.locator("main")).not_to_contain_text(CHILD_NAME)
    page.locator('[name="text"]').fill("Synthetic: please check the health visitor's records.")
    _submit(page, "Add comment")
    expect(page.locator("main")).to_contain_text("Synthetic: please check the health visitor's records.")
    axe_check(page, context="committee page with a comment")
    context.close()
    assert CommitteeComment.objects.filter(case=case, author=member).exists()
