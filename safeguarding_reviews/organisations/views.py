"""People and partnership administration pages. Views parse input, load through policies and selectors,
call one service and render. Access rules are in policies.py and docs/people-and-access.md."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.accounts.selectors import user_find, user_with_email
from safeguarding_reviews.core.forms import (
    add_service_errors,
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.core.paging import page_or_first

from . import services
from .forms import (
    AcceptNewAccountForm,
    AccountSearchForm,
    AgencyForm,
    InviteForm,
    PartnershipCreateForm,
    RolesForm,
)
from .models import Invitation, Membership, Partnership
from .policies import (
    invitation_get_for_manager,
    membership_get_for_manager,
    partnership_get_for_manager,
    require_platform_admin,
)
from .roles import AGENCY_ROLES, Role
from .selectors import (
    accounts_for_platform,
    active_memberships,
    agencies_of,
    invitation_get_by_token,
    memberships_of_user,
    partnerships_with_member_counts,
    pending_invitations,
)

ACCOUNTS_PER_PAGE = 50


def _refused(request: HttpRequest, title: str, message: str) -> HttpResponse:
    return render(request, "organisations/refused.html", {"title": title, "message": message}, status=403)


def _role_rows(membership: Membership) -> list[dict[str, Any]]:
    return [
        {"label": Role(row.role).label, "agency": row.agency.name if row.agency is not None else ""}
        for row in sorted(membership.roles.all(), key=lambda r: Role.values.index(r.role))
    ]


# --- a partnership's people -------------------------------------------------------------------------


@login_required
@require_GET
def people(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_get_for_manager(request.user, slug)
    memberships = list(active_memberships(partnership))
    rows = [
        {"membership": m, "roles": _role_rows(m), "is_you": m.user_id == request.user.pk} for m in memberships
    ]
    invitations = list(pending_invitations(partnership))
    services.people_record_view(actor=request.user, partnership=partnership)
    return render(
        request,
        "organisations/people.html",
        {"partnership": partnership, "rows": rows, "invitations": invitations},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_get_for_manager(request.user, slug)
    agencies = list(agencies_of(partnership))
    form = InviteForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation, _ = services.invitation_create(
                    actor=request.user,
                    partnership=partnership,
                    email=data["email"],
                    full_name=data["full_name"],
                    roles=data["roles"],
                    agency=form.agency_object,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Invitation sent to {invitation.email}")
                return redirect("organisations:people", slug=partnership.slug)
    return render(
        request,
        "organisations/invite.html",
        {"partnership": partnership, "form": form, "agency_roles": sorted(AGENCY_ROLES)},
        status=status,
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, slug: str, invitation_id: UUID) -> HttpResponse:
    partnership = partnership_get_for_manager(request.user, slug)
    invitation = invitation_get_for_manager(partnership, invitation_id)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except services.InvitationUnavailable:
        messages.info(request, "That invitation had already been used, revoked or had expired")
    else:
        messages.success(request, f"Invitation to {invitation.email} revoked")
    return redirect("organisations:people", slug=partnership.slug)


def _membership_for_change(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> tuple[Partnership, Membership]:
    partnership = partnership_get_for_manager(request.user, slug)
    return partnership, membership_get_for_manager(partnership, membership_id)


@login_required
@require_http_methods(["GET", "POST"])
def person_roles(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    partnership, membership = _membership_for_change(request, slug, membership_id)
    if membership.user_id == request.user.pk:
        return _refused(request, "You cannot change your own roles", services.MSG_OWN_ROLES)
    agencies = list(agencies_of(partnership))
    current = list(membership.roles.all())
    status = 200
    if request.method == "POST":
        form = RolesForm(request.POST, agencies=agencies)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            attempt = save_or_conflict(
                lambda: services.membership_roles_set(
                    actor=request.user,
                    membership=membership,
                    roles=data["roles"],
                    agency=form.agency_object,
                    expected_version=data["version"],
                ),
                form=form,
                on_conflict=rebound(
                    lambda data: RolesForm(data, agencies=agencies),
                    request.POST,
                    "Someone else changed this person's roles while you were editing. Check the roles "
                    "below and save again to keep your choice.",
                ),
            )
            if attempt.saved:
                messages.success(request, f"Roles saved for {membership.user.full_name}")
                return redirect("organisations:people", slug=partnership.slug)
            if attempt.stale is not None:
                current = list(membership.roles.all())
            form, status = attempt.form, attempt.status
    else:
        agency_ids = [row.agency_id for row in current if row.agency_id]
        form = RolesForm(
            initial={
                "roles": [row.role for row in current],
                "agency": agency_ids[0] if agency_ids else None,
                "version": membership.version,
            },
            agencies=agencies,
        )
    context = {
        "partnership": partnership,
        "membership": membership,
        "form": form,
        "current_roles": [Role(row.role).label for row in current],
    }
    return render(request, "organisations/person_roles.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_mfa_reset(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    partnership, membership = _membership_for_change(request, slug, membership_id)
    if membership.user_id == request.user.pk:
        return _refused(
            request,
            "You cannot reset your own two-factor authentication",
            "Ask another business manager to reset it for you.",
        )
    if request.method == "POST":
        services.membership_mfa_reset(actor=request.user, membership=membership)
        messages.success(
            request, f"Two-factor authentication reset for {membership.user.full_name}. They have been told."
        )
        return redirect("organisations:people", slug=partnership.slug)
    return render(
        request, "organisations/person_mfa_reset.html", {"partnership": partnership, "membership": membership}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_end(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    partnership, membership = _membership_for_change(request, slug, membership_id)
    if membership.user_id == request.user.pk:
        return _refused(
            request, "You cannot end your own membership", "Ask another business manager to end it for you."
        )
    error = ""
    if request.method == "POST":
        try:
            services.membership_end(actor=request.user, membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, f"{membership.user.full_name} is no longer a member of {partnership.name}"
            )
            return redirect("organisations:people", slug=partnership.slug)
    return render(
        request,
        "organisations/person_end.html",
        {"partnership": partnership, "membership": membership, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agencies(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_get_for_manager(request.user, slug)
    form = AgencyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                agency = services.agency_create(
                    actor=request.user,
                    partnership=partnership,
                    name=form.cleaned_data["name"],
                    agency_type=form.cleaned_data["agency_type"],
                    safeguarding_lead_email=form.cleaned_data["safeguarding_lead_email"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{agency.name} added")
                return redirect("organisations:agencies", slug=partnership.slug)
    return render(
        request,
        "organisations/agencies.html",
        {"partnership": partnership, "agencies": list(agencies_of(partnership)), "form": form},
        status=status,
    )


# --- invitations (public) ---------------------------------------------------------------------------

UNAVAILABLE = {
    "accepted": "This invitation has already been used",
    "revoked": "This invitation has been withdrawn",
    "expired": "This invitation has expired",
}


def _unavailable(request: HttpRequest, state: str) -> HttpResponse:
    return render(
        request,
        "organisations/invitation_unavailable.html",
        {"title": UNAVAILABLE.get(state, "This invitation link is not recognised"), "state": state},
        status=410 if state in UNAVAILABLE else 404,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_get_by_token(token)
    if invitation is None:
        return _unavailable(request, "unknown")
    if invitation.state != "pending":
        return _unavailable(request, invitation.state)
    user = request.user
    account = user_with_email(invitation.email)
    context: dict[str, Any] = {"invitation": invitation, "partnership": invitation.partnership}
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return render(request, "organisations/invitation_wrong_account.html", context, status=403)
    if account is not None and not account.is_active:
        return render(request, "organisations/invitation_account_closed.html", context, status=403)
    if account is None:
        return _accept_new_account(request, invitation, context)
    if not user.is_authenticated:
        context["sign_in_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "organisations/invitation_sign_in.html", context)
    if user.is_platform_admin:
        # Refused on sight, not only on "Accept": the platform administrator sees no case data, ever.
        try:
            services.platform_admin_refuse(
                actor=user, partnership=invitation.partnership, path="acceptance", users=[user], field=None
            )
        except services.PlatformAdminRefused:
            return render(request, "organisations/invitation_platform_admin.html", context, status=403)
    if request.method == "POST":
        try:
            services.invitation_accept(actor=user, invitation=invitation)
        except services.InvitationUnavailable as exc:
            return _unavailable(request, exc.state)
        except services.PlatformAdminRefused:
            return render(request, "organisations/invitation_platform_admin.html", context, status=403)
        messages.success(request, f"You have joined {invitation.partnership.name}")
        return redirect("home")
    return render(request, "organisations/invitation_accept.html", context)


def _accept_new_account(
    request: HttpRequest, invitation: Invitation, context: dict[str, Any]
) -> HttpResponse:
    form = AcceptNewAccountForm(
        request.POST or None, initial={"full_name": invitation.full_name}, email=invitation.email
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                new_user = services.invitation_accept_new_account(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except services.InvitationUnavailable as exc:
                return _unavailable(request, exc.state)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                login(request, new_user, backend=settings.AUTHENTICATION_BACKENDS[-1])
                messages.success(
                    request,
                    f"Your account is ready and you have joined {invitation.partnership.name}. "
                    "Now set up two-factor authentication.",
                )
                return redirect("home")
    context["form"] = form
    return render(request, "organisations/invitation_new_account.html", context, status=status)


# --- platform administration ------------------------------------------------------------------------


@login_required
@require_GET
def platform(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    return render(
        request, "organisations/platform.html", {"partnerships": list(partnerships_with_member_counts())}
    )


@login_required
@require_http_methods(["GET", "POST"])
def platform_partnership_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    form = PartnershipCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                partnership, _, _ = services.partnership_create(actor=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, f"{partnership.name} created. Its business manager has been sent an invitation."
                )
                return redirect("organisations:platform")
    return render(request, "organisations/platform_partnership_create.html", {"form": form}, status=status)


@login_required
@require_GET
def platform_accounts(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    search = AccountSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    paginator = Paginator(accounts_for_platform(email_contains=query), ACCOUNTS_PER_PAGE)
    page = page_or_first(request, paginator)
    return render(
        request,
        "organisations/platform_accounts.html",
        {"search": search, "page": page, "accounts": list(page.object_list), "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def platform_account_deactivate(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    require_platform_admin(request.user)
    account = user_find(user_id)
    if account is None:
        raise Http404
    if account.pk == request.user.pk:
        return _refused(
            request,
            "You cannot deactivate your own account",
            "Ask another platform administrator to deactivate it.",
        )
    error = ""
    if request.method == "POST":
        try:
            services.account_deactivate(actor=request.user, user=account)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"The account for {account.email} has been deactivated")
            return redirect("organisations:platform_accounts")
    memberships = list(memberships_of_user(account))
    return render(
        request,
        "organisations/platform_account_deactivate.html",
        {"account": account, "memberships": memberships, "error": error},
        status=400 if error else 200,
    )
