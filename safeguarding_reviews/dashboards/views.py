"""Read-only pages composed from selectors. No models of their own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.policies import can_create_case_in
from safeguarding_reviews.cases.selectors import case_list_for_user

PAGE_SIZE = 50


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Your cases: exactly the cases the policy lets this user see."""
    paginator = Paginator(case_list_for_user(user=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    cases = list(page.object_list)
    if cases:
        # A list of references and pseudonyms is case data: one read event naming what was shown.
        with transaction.atomic():
            record_event(
                event_type=EventType.CASE_LIST_VIEWED,
                actor=request.user,
                data={"case_ids": [str(case.pk) for case in cases], "page": page.number},
            )
    return render(
        request,
        "dashboards/home.html",
        {"cases": cases, "page": page, "may_create_case": bool(can_create_case_in(request.user))},
    )
