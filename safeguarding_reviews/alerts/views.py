"""The signed-in person's alerts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_list_record_view
from safeguarding_reviews.core.paging import page_or_first

from . import services
from .selectors import alert_counts, alert_get_for_user, alerts_page_for_user

PAGE_SIZE = 50


class _CountedPaginator(Paginator):
    """A Paginator told how many there are (the stored count) instead of counting them."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:
        return self._known


@login_required
@require_http_methods(["GET"])
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Unread alerts first, then read ones, 50 a page by page number (offset paging: GOV.UK's "Page N of
    M" with previous and next; the page is read from the index alert_page_order, so page 1 costs the same
    however many alerts there are, and page N scans the N x 50 index entries before it, within the person's
    own alerts, which housekeeping deletes after ALERT_RETENTION_DAYS). Every alert is on some page."""
    unread_total, total = alert_counts(request.user)
    paginator = _CountedPaginator(alerts_page_for_user(request.user), PAGE_SIZE, count=total)
    page = page_or_first(request, paginator)
    alerts = list(page.object_list)
    unread = [a for a in alerts if a.read_at is None]
    read = [a for a in alerts if a.read_at is not None]
    # Alerts name cases by reference: reading them is a read of case data, recorded once for the ids shown.
    case_list_record_view(
        actor=request.user,
        case_ids=sorted({str(a.case_id) for a in alerts if a.case_id}),
        list_name="alerts",
        page=page.number,
    )
    context = {"unread": unread, "read": read, "page": page, "unread_total": unread_total}
    return render(request, "alerts/alert_list.html", context)


@login_required
@require_POST
def alert_read(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    """Mark an alert read; with open=1, follow its link afterwards."""
    alert = alert_get_for_user(user=request.user, alert_id=alert_id)
    if alert is None:
        raise Http404
    services.alert_mark_read(actor=request.user, alert=alert)
    if request.POST.get("open") == "1" and url_has_allowed_host_and_scheme(
        alert.link, allowed_hosts=None, require_https=False
    ):
        return redirect(alert.link)
    messages.success(request, "Alert marked as read")
    return redirect("alerts:list")
