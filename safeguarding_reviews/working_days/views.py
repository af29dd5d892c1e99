"""Calendar pages: the platform administrator's bank-holiday overrides and a business manager's
closure days. Views parse input, load through policies and selectors, and call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.organisations.policies import partnership_get_for_manager, require_platform_admin

from . import services
from .forms import ClosureDayForm, OverrideForm
from .selectors import (
    active_closure_day_get,
    active_closure_days,
    active_override_get,
    active_overrides,
    calendar_rows,
)


@login_required
@require_GET
def bank_holidays(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    this_year = clock.today().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2015), 2035)
    return render(
        request,
        "working_days/bank_holidays.html",
        {
            "year": year,
            "rows": calendar_rows(year=year),
            "overrides": list(active_overrides()),
            "previous_year": year - 1 if year > 2015 else None,
            "next_year": year + 1 if year < 2035 else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def override_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    form = OverrideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.bank_holiday_override_add(
                    actor=request.user,
                    date=data["date"],
                    kind=data["kind"],
                    title=data["title"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Bank holiday override for {data['date']:%-d %B %Y} saved")
                return redirect(f"{_url('working_days:bank_holidays')}?year={data['date'].year}")
    return render(request, "working_days/override_add.html", {"form": form}, status=status)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
@require_POST
def override_withdraw(request: AuthenticatedHttpRequest, override_id: int) -> HttpResponse:
    require_platform_admin(request.user)
    override = active_override_get(override_id)
    if override is None:
        raise Http404
    services.bank_holiday_override_withdraw(actor=request.user, override=override)
    messages.success(request, f"Override for {override.date:%-d %B %Y} withdrawn")
    return redirect(f"{_url('working_days:bank_holidays')}?year={override.date.year}")


@login_required
@require_http_methods(["GET", "POST"])
def closure_days(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_get_for_manager(request.user, slug)
    form = ClosureDayForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.closure_day_add(
                    actor=request.user,
                    partnership=partnership,
                    date=form.cleaned_data["date"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Closure day added. Local clocks have been recalculated.")
                return redirect("working_days:closure_days", slug=partnership.slug)
    return render(
        request,
        "working_days/closure_days.html",
        {"partnership": partnership, "form": form, "closures": list(active_closure_days(partnership))},
        status=status,
    )


@login_required
@require_POST
def closure_day_remove(request: AuthenticatedHttpRequest, slug: str, closure_id: int) -> HttpResponse:
    partnership = partnership_get_for_manager(request.user, slug)
    closure = active_closure_day_get(partnership, closure_id)
    if closure is None:
        raise Http404
    services.closure_day_remove(actor=request.user, partnership=partnership, closure=closure)
    messages.success(request, "Closure day removed. Local clocks have been recalculated.")
    return redirect("working_days:closure_days", slug=partnership.slug)
