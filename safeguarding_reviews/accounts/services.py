"""Writes about accounts and sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.sessions.models import Session
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock

from .models import UserSession

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

# Session key under which the session remembers the session key it was registered as (see middleware).
REGISTERED_KEY = "_sr_registered_as"


def sessions_end_all(*, user: User) -> int:
    """Kill every server-side session of `user` at once (sign out everywhere, deactivation)."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def sign_out_everywhere(*, actor: User) -> int:
    with transaction.atomic(durable=True):
        count = sessions_end_all(user=actor)
        record_event(event_type=EventType.SIGNED_OUT_EVERYWHERE, actor=actor, data={"sessions": count})
    return count


def sessions_clear_expired() -> int:
    """Housekeeping on `tick` (scheduler.tasks.housekeeping): delete the server-side sessions past their
    expiry date, and their registrations. One system audit event with the count."""
    with transaction.atomic(durable=True):
        expired = Session.objects.filter(expire_date__lt=clock.now())
        keys = list(expired.values_list("session_key", flat=True))
        UserSession.objects.filter(session_key__in=keys).delete()
        deleted, _ = Session.objects.filter(session_key__in=keys).delete()
        record_event(event_type=EventType.SESSIONS_CLEARED, data={"deleted": deleted})
    return deleted


def session_register(*, user: User, session_key: str) -> None:
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


# --- Audit of sign-in security events -----------------------------------------------------------------
# These run from allauth/axes signal receivers, inside whatever flow sent the signal (allauth may hold
# its own transaction), so they join the caller's transaction rather than demanding a durable one.
# Audit data is ids and codes only: never the email address, a hash of it, or a code that was typed.


def lockout_record(*, attempt_while_locked: bool) -> None:
    """axes locked an identifier (or refused an attempt while it was locked). No identifier is kept."""
    with transaction.atomic():
        record_event(event_type=EventType.LOCKED_OUT, data={"attempt_while_locked": attempt_while_locked})


def mfa_failure_record(*, user: User, reauthentication: bool) -> None:
    with transaction.atomic():
        record_event(
            event_type=EventType.MFA_FAILED,
            actor=user,
            target=user,
            data={"reauthentication": reauthentication},
        )


def mfa_enabled_record(*, user: User, authenticator: Any) -> None:
    with transaction.atomic():
        record_event(
            event_type=EventType.MFA_ENABLED,
            actor=user,
            target=user,
            data={"authenticator_id": authenticator.pk, "type": str(authenticator.type)},
        )


def mfa_removed_record(*, user: User, authenticator: Any) -> None:
    with transaction.atomic():
        record_event(
            event_type=EventType.MFA_RESET,
            actor=user,
            target=user,
            data={"authenticator_id": authenticator.pk, "type": str(authenticator.type), "by": "self"},
        )


def password_changed_record(*, user: User, via: str) -> None:
    """via: "change" (signed in, knew the old password) or "reset" (emailed link)."""
    with transaction.atomic():
        record_event(event_type=EventType.PASSWORD_CHANGED, actor=user, target=user, data={"via": via})


def password_reset_requested_record(*, user: User) -> None:
    """Only for addresses that belong to an account; unknown addresses leave no trace at all."""
    with transaction.atomic():
        record_event(event_type=EventType.PASSWORD_RESET_REQUESTED, target=user)


def mfa_reset(*, actor: User, user: User) -> int:
    """Remove every authenticator (app and recovery codes) of `user` and end their sessions.

    For someone who has lost their phone and their recovery codes. They set up a new authenticator
    app the next time they sign in (RequireMFAMiddleware). `actor` is the person doing it (a platform
    administrator, or None from the command line)."""
    from allauth.mfa.models import Authenticator

    with transaction.atomic(durable=True):
        removed, _ = Authenticator.objects.filter(user=user).delete()
        sessions = sessions_end_all(user=user)
        record_event(
            event_type=EventType.MFA_RESET,
            actor=actor,
            target=user,
            data={"authenticators_removed": removed, "sessions_ended": sessions, "by": "administrator"},
        )
    return removed


def session_expire(*, request: Any) -> None:
    """End the signed-in session because it ran out of time (the timeout warning's last step)."""
    from django.contrib.auth import logout

    with transaction.atomic(durable=True):
        record_event(event_type=EventType.SESSION_EXPIRED, actor=request.user)
    logout(request)
