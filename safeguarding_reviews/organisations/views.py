"""People and partnership administration pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Partnership
from .roles import Role
from .selectors import active_memberships, roles_by_partnership


@login_required
@require_GET
def people(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None or partnership.pk not in roles_by_partnership(request.user):
        raise Http404
    if Role.BUSINESS_MANAGER not in roles_by_partnership(request.user)[partnership.pk]:
        raise PermissionDenied
    return render(
        request,
        "organisations/people.html",
        {"partnership": partnership, "memberships": list(active_memberships(partnership))},
    )


@login_required
@require_GET
def platform(request: HttpRequest) -> HttpResponse:
    if not request.user.is_platform_admin:
        raise Http404
    return render(request, "organisations/platform.html", {"partnerships": list(Partnership.objects.all())})
