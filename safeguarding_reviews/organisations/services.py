"""Writes about partnerships, agencies, people and their roles.

Each service takes keyword-only arguments, checks the policy itself (views are not trusted to have
done so), owns its transaction and records exactly one audit event in it. Audit data holds ids and
role codes only. The person affected is told by email after commit: partnership name and a link only.

Every change to a partnership's people locks the partnership row first, so two business managers
acting at once are serialised and the "at least one business manager" rule cannot be raced.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from safeguarding_reviews.accounts.services import sessions_end_all
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.signals import answers
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.emails.services import absolute_url, email_send

from .models import Agency, AgencyType, Invitation, Membership, MembershipRole, Partnership
from .policies import is_platform_admin, may_manage_people
from .roles import AGENCY_ROLES, CASE_RUNNERS, Role
from .selectors import forget_cached_roles, invitation_token_hash, roles_by_partnership
from .signals import invitation_accepted, places_end, platform_admin_stray_places_end

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

INVITATION_LIFETIME = dt.timedelta(days=14)
RESERVED_SLUGS = frozenset({"platform", "invitations"})  # would collide with /partnerships/<these>/

MSG_OWN_ROLES = "You cannot change your own roles. Ask another business manager to do it."
MSG_SELF = "You cannot do this to your own membership. Ask another business manager to do it."
MSG_LAST_MANAGER = "The partnership must keep at least one business manager"
MSG_PLATFORM_ADMIN = (
    "This is a platform administrator's account. A platform administrator cannot join a partnership "
    "or see case data: use the person's own partnership account"
)


class PlatformAdminRefused(ValidationError):
    """A platform administrator's account was offered a partnership membership, a role or a place on a
    case. The platform administrator sees no case data, ever (docs/roles.md); the refusal is audited."""

    def __init__(self, field: str | None = "email"):
        super().__init__({field: MSG_PLATFORM_ADMIN} if field else MSG_PLATFORM_ADMIN)


class InvitationUnavailable(Exception):
    """The invitation cannot be used: state is 'accepted', 'revoked' or 'expired'."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


# --- the platform administrator holds no membership ------------------------------------------------


def platform_admin_refuse(
    *,
    actor: User,
    partnership: Partnership | None,
    path: str,
    emails: Iterable[str] = (),
    users: Iterable[Any] = (),
    field: str | None = "email",
) -> None:
    """Refuse (PlatformAdminRefused) when any of `emails` or `users` is a platform administrator's account.

    Called before the caller opens its transaction, so that the refusal's audit event is kept although the
    write never happens (`path` says which way in was tried: invitation, acceptance, role change...). Every
    service that gives partnership membership or a case place calls it; the database triggers of
    organisations/migrations/0004 refuse whatever reaches the tables another way."""
    user_model = get_user_model()
    wanted = {_normalise_email(e) for e in emails if e and e.strip()}
    ids = {u.pk for u in users if u is not None}
    if not wanted and not ids:
        return
    query = Q(pk__in=ids)
    for email in wanted:
        query |= Q(email__iexact=email)
    refused = list(user_model.objects.filter(query, is_platform_admin=True).values_list("pk", flat=True))
    if not refused:
        return
    record_event(
        event_type=EventType.PLATFORM_ADMIN_REFUSED,
        actor=actor,
        partnership=partnership,
        object_type="accounts.user",
        object_id=str(refused[0]),
        data={"path": path, "user_ids": sorted(refused)},
    )
    raise PlatformAdminRefused(field)


def platform_admin_memberships_end(*, reason: str) -> dict[str, int]:
    """End every partnership membership and case place a platform administrator holds, each audited
    (`membership.ended` with the reason). The data migration that added the triggers ran this once; it is
    here so it can be run again by hand and tested."""
    now = clock.now()
    ended = {"memberships": 0, "case_memberships": 0}
    with transaction.atomic():
        memberships = list(
            Membership.objects.select_for_update(no_key=True)
            .filter(user__is_platform_admin=True, ended_at__isnull=True)
            .select_related("partnership")
        )
        for membership in memberships:
            Membership.objects.filter(pk=membership.pk).update(ended_at=now)
            places = _end_case_memberships(user=membership.user, partnership=membership.partnership, now=now)
            record_event(
                event_type=EventType.MEMBERSHIP_ENDED,
                partnership=membership.partnership,
                target=membership,
                data={
                    "user_id": membership.user_id,
                    "case_memberships_ended": places,
                    "reason": reason,
                },
            )
            ended["memberships"] += 1
            ended["case_memberships"] += places
        # Case places left with no partnership membership behind them (the policies ignore them, but none
        # may stay open).
        stray = answers(platform_admin_stray_places_end, sender=Membership, reason=reason, now=now)
        ended["case_memberships"] += sum(stray)
    return ended


# --- helpers (private) ------------------------------------------------------------------------------


def _lock_partnership(partnership: Partnership) -> None:
    Partnership.objects.select_for_update(no_key=True).filter(pk=partnership.pk).first()


def _require_manager(actor: User, partnership: Partnership) -> None:
    """Checked inside the transaction, after the lock, against fresh roles (not a cached copy)."""
    forget_cached_roles(actor)
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        raise PermissionDenied("Sign in as an active member")
    if not may_manage_people(actor, partnership):
        raise PermissionDenied("Only the business manager manages people")


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def _clean_roles(
    *, partnership: Partnership, roles: Iterable[str], agency: Agency | None
) -> tuple[list[str], Agency | None]:
    """Shape rules shared by invitations and role changes. Returns sorted codes and the agency to use."""
    codes = sorted(set(roles))
    if not codes:
        raise ValidationError({"roles": "Select at least one role"})
    unknown = [code for code in codes if code not in Role.values]
    if unknown:
        raise ValidationError({"roles": "Select roles from the list"})
    needs_agency = any(code in AGENCY_ROLES for code in codes)
    if needs_agency and agency is None:
        raise ValidationError({"agency": "Select the agency the agency roles act for"})
    if agency is not None and (agency.partnership_id != partnership.pk or not agency.is_active):
        raise ValidationError({"agency": "Select an agency from the list"})
    return codes, agency if needs_agency else None


def _grant_rows(*, membership: Membership, codes: Iterable[str], agency: Agency | None, actor: User) -> None:
    MembershipRole.objects.bulk_create(
        [
            MembershipRole(
                membership=membership,
                role=code,
                agency=agency if code in AGENCY_ROLES else None,
                granted_by=actor,
            )
            for code in codes
        ]
    )


def _other_managers_exist(*, partnership: Partnership, excluding: Membership) -> bool:
    return (
        MembershipRole.objects.filter(
            membership__partnership=partnership,
            membership__ended_at__isnull=True,
            role=Role.BUSINESS_MANAGER,
        )
        .exclude(membership=excluding)
        .exists()
    )


def _end_case_memberships(*, user: User, partnership: Partnership | None, now: dt.datetime) -> int:
    """End the person's place on cases led by `partnership` (every case when None): cases does it
    (organisations.signals.places_end). Returns how many places ended."""
    return sum(answers(places_end, sender=Membership, user=user, partnership=partnership, now=now))


def _new_invitation(
    *,
    actor: User,
    partnership: Partnership,
    email: str,
    full_name: str,
    codes: list[str],
    agency: Agency | None,
) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        partnership=partnership,
        email=email,
        full_name=full_name,
        roles=codes,
        agency=agency,
        token_hash=invitation_token_hash(token),
        invited_by=actor,
        expires_at=clock.now() + INVITATION_LIFETIME,
    )
    return invitation, token


def _email_invitation(*, invitation: Invitation, token: str) -> None:
    email_send(
        to=invitation.email,
        template="invitation",
        context={
            "partnership_name": invitation.partnership.name,
            "link": absolute_url(reverse("organisations:invitation_accept", kwargs={"token": token})),
            "expires_on": clock.london(invitation.expires_at).strftime("%-d %B %Y"),
        },
    )


def _email_person(*, to: str, template: str, partnership: Partnership | None, path: str) -> None:
    context: dict[str, Any] = {"link": absolute_url(path)}
    if partnership is not None:
        context["partnership_name"] = partnership.name
    email_send(to=to, template=template, context=context)


def people_record_view(*, actor: User, partnership: Partnership) -> None:
    """The people list shows names and email addresses: who looked is audited."""
    with transaction.atomic():
        record_event(event_type=EventType.PEOPLE_VIEWED, actor=actor, partnership=partnership)


# --- invitations ------------------------------------------------------------------------------------


def invitation_create(
    *,
    actor: User,
    partnership: Partnership,
    email: str,
    full_name: str,
    roles: Iterable[str],
    agency: Agency | None = None,
) -> tuple[Invitation, str]:
    """Invite a person (new or with an account already) to `partnership` with `roles`; email them a link.

    Returns the invitation and the raw token (only its hash is stored; tests use the token).
    """
    email = _normalise_email(email)
    full_name = full_name.strip()
    codes, agency = _clean_roles(partnership=partnership, roles=roles, agency=agency)
    if may_manage_people(actor, partnership):
        platform_admin_refuse(actor=actor, partnership=partnership, path="invitation", emails=[email])
    with transaction.atomic(durable=True):
        _lock_partnership(partnership)
        _require_manager(actor, partnership)
        return _invitation_insert(
            actor=actor, partnership=partnership, email=email, full_name=full_name, codes=codes, agency=agency
        )


def invitation_create_for_agency_author(
    *, actor: User, partnership: Partnership, email: str, full_name: str, agency: Agency
) -> tuple[Invitation, str]:
    """Invite a new person as the agency author of `agency`, from the form that sends requests to agencies
    (rapid_review.services.agency_requests_send), inside that service's transaction.

    The business unit officer may do this although inviting people is otherwise for business managers: the
    invitation can carry only the agency author role for one of the partnership's agencies, and the
    request it was made for is what the person is given access to (docs/rapid-review.md).

    The caller checks `platform_admin_refuse` before its transaction (so the refusal's audit is kept); the
    check here is the service's own, for any other caller."""
    email = _normalise_email(email)
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": "Enter the author's full name"})
    codes, checked = _clean_roles(partnership=partnership, roles=[Role.AGENCY_AUTHOR], agency=agency)
    _lock_partnership(partnership)
    forget_cached_roles(actor)
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        raise PermissionDenied("Sign in as an active member")
    if not roles_by_partnership(actor).get(partnership.pk, frozenset()) & CASE_RUNNERS:
        raise PermissionDenied("Only the business unit invites an agency author")
    return _invitation_insert(
        actor=actor, partnership=partnership, email=email, full_name=full_name, codes=codes, agency=checked
    )


def invitation_create_for_reviewer(
    *, actor: User, partnership: Partnership, email: str, full_name: str
) -> tuple[Invitation, str]:
    """Invite a new person as an independent reviewer, from the business manager's appointment form
    (reviewers.services.reviewer_appoint), inside that service's transaction. The invitation carries only the
    independent reviewer role; the appointment it was made for is what the person is given (after their
    independence declaration is accepted). The caller checks `platform_admin_refuse` before its
    transaction."""
    email = _normalise_email(email)
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": "Enter the reviewer's full name"})
    codes, _agency = _clean_roles(partnership=partnership, roles=[Role.INDEPENDENT_REVIEWER], agency=None)
    _lock_partnership(partnership)
    forget_cached_roles(actor)
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        raise PermissionDenied("Sign in as an active member")
    if Role.BUSINESS_MANAGER not in roles_by_partnership(actor).get(partnership.pk, frozenset()):
        raise PermissionDenied("Only a business manager appoints a reviewer")
    return _invitation_insert(
        actor=actor, partnership=partnership, email=email, full_name=full_name, codes=codes, agency=None
    )


def _invitation_insert(
    *,
    actor: User,
    partnership: Partnership,
    email: str,
    full_name: str,
    codes: list[str],
    agency: Agency | None,
) -> tuple[Invitation, str]:
    """In the caller's transaction, after its permission check: refuse duplicates, create, audit, email it."""
    if email == actor.email.lower():
        raise ValidationError({"email": "You cannot invite yourself. Ask another business manager."})
    if get_user_model().objects.filter(email__iexact=email, is_platform_admin=True).exists():
        raise PlatformAdminRefused("email")
    if Membership.objects.filter(
        partnership=partnership, ended_at__isnull=True, user__email__iexact=email
    ).exists():
        raise ValidationError(
            {"email": "This person is already a member of the partnership; change their roles instead"}
        )
    if Invitation.objects.filter(
        partnership=partnership,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=clock.now(),
    ).exists():
        raise ValidationError(
            {"email": "An invitation to this email address is waiting; revoke it to send a new one"}
        )
    invitation, token = _new_invitation(
        actor=actor, partnership=partnership, email=email, full_name=full_name, codes=codes, agency=agency
    )
    record_event(
        event_type=EventType.INVITATION_SENT,
        actor=actor,
        partnership=partnership,
        target=invitation,
        data={"roles": codes, "agency_id": agency.pk if agency else None},
    )
    _email_invitation(invitation=invitation, token=token)
    return invitation, token


def _accepted(*, user: User, invitation: Invitation) -> None:
    """Tell the apps that hang work on an invitation (an agency request waiting for its author), inside the
    acceptance's transaction so that both commit or neither does."""
    invitation_accepted.send(sender=Invitation, user=user, invitation=invitation)


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation: its link stops working at once."""
    with transaction.atomic(durable=True):
        _lock_partnership(invitation.partnership)
        _require_manager(actor, invitation.partnership)
        invitation = Invitation.objects.select_for_update(no_key=True).get(pk=invitation.pk)
        if invitation.state != "pending":
            raise InvitationUnavailable(invitation.state)
        invitation.revoked_at = clock.now()
        invitation.save(update_fields=["revoked_at"])
        record_event(
            event_type=EventType.INVITATION_REVOKED,
            actor=actor,
            partnership=invitation.partnership,
            target=invitation,
        )
    return invitation


def _lock_usable_invitation(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(no_key=True, of=("self",))
        .select_related("partnership", "agency")
        .get(pk=invitation.pk)
    )
    if locked.state != "pending":
        raise InvitationUnavailable(locked.state)
    return locked


def _add_membership(*, user: User, invitation: Invitation) -> tuple[Membership, list[str]]:
    """Add the invited roles to the person's active membership (creating it). Returns the roles added."""
    membership = (
        Membership.objects.select_for_update(no_key=True)
        .filter(user=user, partnership=invitation.partnership, ended_at__isnull=True)
        .first()
    )
    if membership is None:
        membership = Membership.objects.create(user=user, partnership=invitation.partnership)
    held = set(membership.roles.values_list("role", flat=True))
    codes = [code for code in invitation.roles if code in Role.values and code not in held]
    agency = invitation.agency if invitation.agency and invitation.agency.is_active else None
    if agency is None:
        codes = [code for code in codes if code not in AGENCY_ROLES]
    _grant_rows(membership=membership, codes=codes, agency=agency, actor=invitation.invited_by)
    return membership, codes


def invitation_accept_new_account(*, invitation: Invitation, full_name: str, password: str) -> Any:
    """A person with no account accepts: create their one account and their membership.

    The password has been through Django's validators in the form. Returns the new user.
    """
    user_model = get_user_model()
    with transaction.atomic(durable=True):
        invitation = _lock_usable_invitation(invitation)
        if user_model.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError("An account with this email address already exists: sign in to accept")
        user = user_model.objects.create_user(invitation.email, password, full_name=full_name.strip())
        membership, codes = _add_membership(user=user, invitation=invitation)
        invitation.accepted_at = clock.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record_event(
            event_type=EventType.INVITATION_ACCEPTED,
            actor=user,
            partnership=invitation.partnership,
            target=invitation,
            data={"membership_id": membership.pk, "roles_added": codes, "new_account": True},
        )
        _accepted(user=user, invitation=invitation)
    return user


def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    """A signed-in person accepts an invitation sent to their own address: one account, more roles."""
    platform_admin_refuse(
        actor=actor, partnership=invitation.partnership, path="acceptance", users=[actor], field=None
    )
    with transaction.atomic(durable=True):
        invitation = _lock_usable_invitation(invitation)
        if not actor.is_active or actor.email.lower() != invitation.email.lower():
            raise PermissionDenied("This invitation was sent to a different email address")
        _lock_partnership(invitation.partnership)
        membership, codes = _add_membership(user=actor, invitation=invitation)
        invitation.accepted_at = clock.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record_event(
            event_type=EventType.INVITATION_ACCEPTED,
            actor=actor,
            partnership=invitation.partnership,
            target=invitation,
            data={"membership_id": membership.pk, "roles_added": codes, "new_account": False},
        )
        _accepted(user=actor, invitation=invitation)
    forget_cached_roles(actor)
    return membership


# --- memberships ------------------------------------------------------------------------------------


def _locked_membership(membership: Membership) -> Membership:
    locked = (
        Membership.objects.select_for_update(no_key=True, of=("self",))
        .select_related("user", "partnership")
        .filter(pk=membership.pk, ended_at__isnull=True)
        .first()
    )
    if locked is None:
        raise ValidationError("This membership has already ended")
    return locked


def membership_roles_set(
    *,
    actor: User,
    membership: Membership,
    roles: Iterable[str],
    agency: Agency | None,
    expected_version: int,
) -> Membership:
    """Replace a person's roles in one partnership. Never your own; a business manager must remain.

    Raises StaleVersionError if someone changed the roles since `expected_version`.
    """
    if membership.user_id == actor.pk:
        raise PermissionDenied(MSG_OWN_ROLES)
    partnership = membership.partnership
    codes, agency = _clean_roles(partnership=partnership, roles=roles, agency=agency)
    if may_manage_people(actor, partnership):
        platform_admin_refuse(
            actor=actor, partnership=partnership, path="role_change", users=[membership.user], field="roles"
        )
    with transaction.atomic(durable=True):
        _lock_partnership(partnership)
        _require_manager(actor, partnership)
        membership = _locked_membership(membership)
        wanted = {(code, agency.pk if agency and code in AGENCY_ROLES else None) for code in codes}
        rows = list(membership.roles.all())
        held = {(row.role, row.agency_id) for row in rows}
        before_codes = {code for code, _ in held}
        if (
            Role.BUSINESS_MANAGER in before_codes
            and Role.BUSINESS_MANAGER not in codes
            and not _other_managers_exist(partnership=partnership, excluding=membership)
        ):
            raise ValidationError({"roles": MSG_LAST_MANAGER})
        if wanted == held:
            if membership.version != expected_version:
                raise StaleVersionError(current=membership)
            return membership
        membership = update_versioned(membership, expected_version=expected_version, changes={})
        MembershipRole.objects.filter(
            pk__in=[row.pk for row in rows if (row.role, row.agency_id) not in wanted]
        ).delete()
        new = sorted(wanted - held)
        _grant_rows(membership=membership, codes=[code for code, _ in new], agency=agency, actor=actor)
        record_event(
            event_type=EventType.ROLES_CHANGED,
            actor=actor,
            partnership=partnership,
            target=membership,
            data={
                "user_id": membership.user_id,
                "added": sorted(set(codes) - before_codes),
                "removed": sorted(before_codes - set(codes)),
                "agency_id": agency.pk if agency else None,
                "version": membership.version,
            },
        )
        _email_person(
            to=membership.user.email, template="roles_changed", partnership=partnership, path=reverse("home")
        )
    return membership


def membership_mfa_reset(*, actor: User, membership: Membership) -> int:
    """Remove a person's authenticator app and recovery codes and sign them out everywhere.

    They set up two-factor authentication again at their next sign-in. Returns authenticators removed.
    """
    from allauth.mfa.models import Authenticator

    if membership.user_id == actor.pk:
        raise PermissionDenied(MSG_SELF)
    partnership = membership.partnership
    with transaction.atomic(durable=True):
        _lock_partnership(partnership)
        _require_manager(actor, partnership)
        membership = _locked_membership(membership)
        removed, _ = Authenticator.objects.filter(user_id=membership.user_id).delete()
        sessions = sessions_end_all(user=membership.user)
        record_event(
            event_type=EventType.MFA_RESET,
            actor=actor,
            partnership=partnership,
            target=membership.user,
            data={
                "membership_id": membership.pk,
                "authenticators_removed": removed,
                "sessions_ended": sessions,
            },
        )
        _email_person(
            to=membership.user.email,
            template="mfa_reset",
            partnership=partnership,
            path=reverse("account_login"),
        )
    return removed


def membership_end(*, actor: User, membership: Membership) -> Membership:
    """A leaver: end their membership (every role there), their place on its cases, and their sessions."""
    if membership.user_id == actor.pk:
        raise PermissionDenied(MSG_SELF)
    partnership = membership.partnership
    with transaction.atomic(durable=True):
        _lock_partnership(partnership)
        _require_manager(actor, partnership)
        membership = _locked_membership(membership)
        if membership.roles.filter(role=Role.BUSINESS_MANAGER).exists() and not _other_managers_exist(
            partnership=partnership, excluding=membership
        ):
            raise ValidationError(MSG_LAST_MANAGER)
        now = clock.now()
        membership.ended_at = now
        membership.save(update_fields=["ended_at"])
        cases_ended = _end_case_memberships(user=membership.user, partnership=partnership, now=now)
        sessions = sessions_end_all(user=membership.user)
        record_event(
            event_type=EventType.MEMBERSHIP_ENDED,
            actor=actor,
            partnership=partnership,
            target=membership,
            data={
                "user_id": membership.user_id,
                "case_memberships_ended": cases_ended,
                "sessions_ended": sessions,
            },
        )
        _email_person(
            to=membership.user.email,
            template="membership_ended",
            partnership=partnership,
            path=reverse("home"),
        )
    return membership


# --- agencies ---------------------------------------------------------------------------------------


def agency_create(
    *, actor: User, partnership: Partnership, name: str, agency_type: str, safeguarding_lead_email: str = ""
) -> Agency:
    """Add an agency to the partnership. Names are unique within a partnership (ignoring case). The
    safeguarding lead's email is where an overdue rapid review return is chased (rapid_review)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the agency's name"})
    if agency_type not in AgencyType.values:
        raise ValidationError({"agency_type": "Select the type of agency"})
    with transaction.atomic(durable=True):
        _lock_partnership(partnership)
        _require_manager(actor, partnership)
        if Agency.objects.filter(partnership=partnership, name__iexact=name).exists():
            raise ValidationError({"name": "An agency with this name is already in the partnership"})
        agency = Agency.objects.create(
            partnership=partnership,
            name=name,
            agency_type=agency_type,
            safeguarding_lead_email=_normalise_email(safeguarding_lead_email),
        )
        record_event(
            event_type=EventType.AGENCY_CREATED,
            actor=actor,
            partnership=partnership,
            target=agency,
            data={"agency_type": agency_type},
        )
    return agency


# --- platform administration ------------------------------------------------------------------------


def _require_platform_admin(actor: User) -> None:
    if not is_platform_admin(actor):
        raise PermissionDenied("Only a platform administrator does this")


def partnership_create(
    *,
    actor: User,
    name: str,
    slug: str,
    local_authority_name: str,
    case_reference_prefix: str,
    manager_email: str,
    manager_name: str,
) -> tuple[Partnership, Invitation, str]:
    """Set up a partnership and invite its first business manager (who then invites everyone else)."""
    _require_platform_admin(actor)
    name = " ".join(name.split())
    slug = slug.strip().lower()
    manager_email = _normalise_email(manager_email)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": "This web address is reserved: choose another"})
    # Before the "yourself" check: the actor is a platform administrator, so naming their own address is a
    # platform administrator refused (and audited) like any other.
    platform_admin_refuse(
        actor=actor,
        partnership=None,
        path="partnership_create",
        emails=[manager_email],
        field="manager_email",
    )
    if manager_email == actor.email.lower():
        raise ValidationError(
            {"manager_email": "You cannot make yourself its business manager: invite the manager"}
        )
    with transaction.atomic(durable=True):
        errors: dict[str, str] = {}
        if Partnership.objects.filter(name__iexact=name).exists():
            errors["name"] = "A partnership with this name already exists"
        if Partnership.objects.filter(slug=slug).exists():
            errors["slug"] = "This web address is already used by another partnership"
        if errors:
            raise ValidationError(errors)
        partnership = Partnership.objects.create(
            name=name,
            slug=slug,
            local_authority_name=local_authority_name.strip(),
            case_reference_prefix=case_reference_prefix.strip().upper(),
        )
        invitation, token = _new_invitation(
            actor=actor,
            partnership=partnership,
            email=manager_email,
            full_name=manager_name.strip(),
            codes=[Role.BUSINESS_MANAGER.value],
            agency=None,
        )
        record_event(
            event_type=EventType.PARTNERSHIP_CREATED,
            actor=actor,
            partnership=partnership,
            target=partnership,
            data={"invitation_id": str(invitation.pk), "roles": [Role.BUSINESS_MANAGER.value]},
        )
        _email_invitation(invitation=invitation, token=token)
    return partnership, invitation, token


def account_deactivate(*, actor: User, user: User) -> Any:
    """A leaver, in one step: the account closes, every membership and case place ends, sessions die."""
    _require_platform_admin(actor)
    if user.pk == actor.pk:
        raise PermissionDenied("You cannot deactivate your own account")
    user_model = get_user_model()
    with transaction.atomic(durable=True):
        user = user_model.objects.select_for_update(no_key=True).get(pk=user.pk)
        if not user.is_active:
            raise ValidationError("This account is already deactivated")
        now = clock.now()
        user.is_active = False
        user.deactivated_at = now
        user.save(update_fields=["is_active", "deactivated_at"])
        memberships = Membership.objects.filter(user=user, ended_at__isnull=True).update(ended_at=now)
        cases_ended = _end_case_memberships(user=user, partnership=None, now=now)
        invitations = Invitation.objects.filter(
            email__iexact=user.email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        sessions = sessions_end_all(user=user)
        record_event(
            event_type=EventType.ACCOUNT_DEACTIVATED,
            actor=actor,
            target=user,
            data={
                "memberships_ended": memberships,
                "case_memberships_ended": cases_ended,
                "invitations_revoked": invitations,
                "sessions_ended": sessions,
            },
        )
        _email_person(to=user.email, template="account_deactivated", partnership=None, path=reverse("home"))
    return user
