"""Read-only pages composed from selectors. No models of their own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.policies import CaseAction, can, can_create_case_in, case_nav
from safeguarding_reviews.cases.selectors import (
    case_get_for_user,
    case_list_for_user,
    case_members,
    case_shares,
)
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.selectors import (
    CaseCalendars,
    next_deadline_state,
    next_deadline_words,
    provisional_notification_due,
)
from safeguarding_reviews.clocks.states import LABELS, OVERDUE, TAG_CLASSES, deadline_state
from safeguarding_reviews.clocks.wording import status_words
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.paging import peek_page_or_first
from safeguarding_reviews.local_reviews import plan as local_plan
from safeguarding_reviews.local_reviews.selectors import next_targets_for_cases
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import partnership_choices, partnerships_where
from safeguarding_reviews.publication.selectors import held_reviews
from safeguarding_reviews.reviewers.policies import (
    CommitteeAction,
    ReviewerAction,
    may_committee,
    may_reviewers,
)
from safeguarding_reviews.reviewers.selectors import pending_declarations

from . import case_rows, selectors
from .case_overview import task_list, timeline
from .forms import DashboardFilterForm

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case

PAGE_SIZE = 50
# 50 a page, as every other list (Your cases, alerts, the access record, accounts): at 100 the rows were
# most of the page's time at England's scale (docs/performance.md).
DASHBOARD_PAGE_SIZE = 50
# The Status tag's colour: red when a clock is missed, amber when it is close, green otherwise.
STATUS_TAGS = {
    OVERDUE: "govuk-tag--red",
    "due_today": "govuk-tag--orange",
    "due_soon": "govuk-tag--yellow",
    "upcoming": "govuk-tag--green",
}


def _record_list_view(user: User, cases: Sequence[Case], page_number: int, page: str) -> None:
    case_services.case_list_record_view(
        actor=user,
        case_ids=list(dict.fromkeys(str(case.pk) for case in cases)),
        list_name=page,
        page=page_number,
    )


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your cases: exactly the cases the policy lets this user see."""
    # Paged without a count: "Cases you can see (N)" counted every visible case on every visit, which grew
    # with the years a deployment holds (a business unit officer sees thousands).
    page = peek_page_or_first(request, case_list_for_user(user=request.user), PAGE_SIZE)
    cases = page.object_list
    requests = selectors.author_requests(user=request.user)
    tasks, more_tasks = selectors.my_case_tasks(user=request.user)
    # An appointed independent reviewer's declarations waiting (they do not see those cases yet).
    declarations = (
        pending_declarations(request.user)
        if partnerships_where(request.user, {Role.INDEPENDENT_REVIEWER})
        else []
    )
    _record_list_view(
        request.user,
        [*cases, *(r.case for r in requests), *(t.case for t in tasks), *(d.case for d in declarations)],
        page.number,
        "your_cases",
    )
    today = clock.today()
    return render(
        request,
        "dashboards/home.html",
        {
            "cases": cases,
            "author_requests": [(r, r.status_label(today)) for r in requests],
            "pending_declarations": declarations,
            "case_tasks": tasks,
            "case_tasks_more": more_tasks,
            "page": page,
            "may_create_case": bool(can_create_case_in(request.user)),
            "is_business_unit": bool(selectors.business_unit_partnerships(request.user)),
            "may_refer": bool(partnerships_where(request.user, {Role.AGENCY_REPRESENTATIVE})),
        },
    )


def _local_review_links(user: User, case: Case) -> list[tuple[str, str]]:
    """The reviewer and committee pages this user may open (no query: roles are cached)."""
    links = []
    if may_reviewers(user, ReviewerAction.VIEW, case):
        links.append(("Independent reviewer", reverse("reviewers:case_reviewer", args=[case.pk])))
    if may_committee(user, CommitteeAction.VIEW, case):
        links.append(("Review committee (LCPC)", reverse("reviewers:committee", args=[case.pk])))
    return links


@login_required
@require_GET
def case_overview(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The case page: summary, task list for the stages so far, people, sharing and the timeline."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    user = request.user
    context = case_nav(user, case) | {
        "may_edit": can(user, CaseAction.EDIT, case),
        "may_reopen": case.stage == Stage.CLOSED and can(user, CaseAction.MOVE_BACK, case),
        "members": list(case_members(case=case)),
        "shares": list(case_shares(case=case)),
        "task_groups": task_list(user=user, case=case),
        "timeline": timeline(case=case),
        "next_deadline": next_deadline_words(case),
        "local_review_links": _local_review_links(user, case),
    }
    case_services.case_record_view(actor=user, case=case, page="case_detail")
    return render(request, "cases/case_detail.html", context)


@login_required
@require_GET
def business_unit_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every open case with its stage, next clock and its status in words; filters; my tasks."""
    partnership_ids = selectors.business_unit_partnerships(request.user)
    if not partnership_ids:
        raise PermissionDenied
    choices = partnership_choices(within=partnership_ids)
    form = DashboardFilterForm(request.GET or None, partnerships=choices)
    if request.GET and not form.is_valid():
        return render(
            request, "dashboards/business_unit.html", {"form": form, "rows": [], "tasks": None}, status=400
        )
    filters = form.cleaned_data if request.GET else {}
    today, now = clock.today(), clock.now()
    cases = selectors.open_cases_for_dashboard(
        user=request.user,
        stage=filters.get("stage") or None,
        partnership_id=filters.get("partnership"),
        overdue_only=bool(filters.get("overdue")),
        today=today,
        now=now,
    )
    # Paged without a count, as Your cases is: counting the open cases read every one the person may see on
    # every visit (the table scanned), which grows with the years a deployment holds.
    page = peek_page_or_first(request, cases, DASHBOARD_PAGE_SIZE)
    page_cases = list(page.object_list)
    calendars = CaseCalendars.for_cases(page_cases)
    # Each case's next local-review target (one query for the page), its RAG on the local calendar.
    review_targets = next_targets_for_cases([case.pk for case in page_cases])
    rows = []
    for case in page_cases:
        review_target = review_targets.get(case.pk)
        review_rag = (
            local_plan.rag(
                due_on=review_target.due_on,
                achieved_on=None,
                today=today,
                non_working=calendars.for_kind("local", case.lead_partnership_id),
            )
            if review_target is not None
            else None
        )
        state = next_deadline_state(case, today=today, calendars=calendars, now=now)
        clock_name, due_on = case.next_rule_name, case.next_due_on
        non_working = calendars.for_kind(case.next_deadline_kind, case.lead_partnership_id)
        received_on = selectors.provisional_clock_start(case)
        if received_on is not None:  # the first clock, before the local authority's awareness is recorded
            due_on = provisional_notification_due(received_on, calendars.statutory)
            clock_name = selectors.PROVISIONAL_CLOCK_NAME
            non_working = calendars.statutory
            state = deadline_state(
                due_on=due_on,
                today=today,
                non_working=non_working,
                due_soon_days=case.next_reminder_lead,
                now=now,
            )
        rows.append(
            {
                "case": case,
                "clock_name": clock_name,
                "due_on": due_on,
                "state_label": LABELS.get(state or "", "No open clock"),
                "state_tag": TAG_CLASSES.get(state or "", "govuk-tag--grey"),
                "status": status_words(state=state, due_on=due_on, today=today, non_working=non_working)
                if state
                else "No open clock",
                "status_tag": STATUS_TAGS.get(
                    state or "", "govuk-tag--green" if state else "govuk-tag--grey"
                ),
                "review_target": review_target,
                "review_target_label": local_plan.Target(review_target.target).label if review_target else "",
                "review_rag": review_rag,
            }
        )
    case_tasks, case_tasks_more = selectors.my_case_tasks(user=request.user)
    # Reviews held from publication by a parallel process, with their review dates (publication's section).
    held = held_reviews(user=request.user, partnership_ids=partnership_ids)
    _record_list_view(
        request.user,
        [*page_cases, *(t.case for t in case_tasks), *(h.case for h in held)],
        page.number,
        "business_unit_dashboard",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/business_unit.html",
        {
            "form": form,
            "rows": rows,
            "case_rows": case_rows.table_rows(rows),
            "page": page,
            "query": query.urlencode(),
            "tasks": selectors.my_tasks(user=request.user, today=today),
            "case_tasks": case_tasks,
            "case_tasks_more": case_tasks_more,
            "held_reviews": held,
            "today": today,
        },
    )
