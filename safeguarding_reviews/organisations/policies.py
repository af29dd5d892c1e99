"""Who may manage a partnership's people and agencies, and who may administer the platform.

Deny by default. A partnership the user does not belong to is a 404, exactly like a missing one (the
platform administrator included: managing accounts is not membership). A member without the business
manager role gets a 403. Nobody may change their own roles, reset their own two-factor authentication
or end their own membership: another business manager must do it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Invitation, Membership, Partnership
from .roles import Role
from .selectors import roles_by_partnership

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

PEOPLE_MANAGERS = frozenset({Role.BUSINESS_MANAGER})


def is_platform_admin(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_platform_admin)


def may_manage_people(user: User, partnership: Partnership) -> bool:
    """Business managers of `partnership` invite people, change roles, reset MFA and end memberships."""
    return bool(roles_by_partnership(user).get(partnership.pk, frozenset()) & PEOPLE_MANAGERS)


def partnership_get_for_manager(user: User, slug: str) -> Partnership:
    """The partnership if `user` manages its people; 404 if they are not a member; PermissionDenied else."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None or partnership.pk not in roles_by_partnership(user):
        raise Http404
    if not may_manage_people(user, partnership):
        raise PermissionDenied
    return partnership


def membership_get_for_manager(partnership: Partnership, membership_id: int) -> Membership:
    """An active membership of `partnership` (the caller has checked the manager); 404 otherwise."""
    membership = (
        Membership.objects.filter(pk=membership_id, partnership=partnership, ended_at__isnull=True)
        .select_related("user", "partnership")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def require_platform_admin(user: User) -> None:
    """Platform pages do not exist for anyone else: 404."""
    if not is_platform_admin(user):
        raise Http404


def invitation_get_for_manager(partnership: Partnership, invitation_id: Any) -> Invitation:
    """An invitation of `partnership` (the caller has checked the manager); 404 otherwise."""
    invitation = (
        Invitation.objects.filter(pk=invitation_id, partnership=partnership)
        .select_related("partnership")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation
