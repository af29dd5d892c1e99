"""Sign-in events become audit events (ids only) and sessions are linked to their user."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.drafts.signals import drafts_expire

from . import services
from .models import SavedDraft
from .services import session_register

MFA_OK_KEY = "_sr_mfa_ok"  # same key as middleware.MFA_OK_KEY (imported there from here would cycle)


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        if request is not None and request.session.session_key is None:
            request.session.save()
        if request is not None:
            session_register(user=user, session_key=request.session.session_key)
            request.session[services.REGISTERED_KEY] = request.session.session_key
        record_event(event_type=EventType.SIGN_IN, actor=user)
    if request is not None:
        _count_fresh_sign_in_as_recent_authentication(request, user)


FRESH_SIGN_IN_SECONDS = 60


def _count_fresh_sign_in_as_recent_authentication(request: Any, user: Any) -> None:
    """allauth 65 asks for the password again before any MFA change unless the user has
    *re*-authenticated in the last 5 minutes; a sign-in does not count. Someone who typed their
    password (and code) a moment ago would then be asked for it again on the very next page, the
    authenticator set-up we send them to. So a password sign-in within the last minute counts as
    recent authentication. A session resumed later (or made by force_login) still has to confirm."""
    from allauth.account.internal.flows.login import get_authentication_records, record_authentication

    records = get_authentication_records(request, user)
    if any(
        record.get("method") == "password" and time.time() - record.get("at", 0) < FRESH_SIGN_IN_SECONDS
        for record in records
    ):
        record_authentication(request, user, method="password", reauthenticated=True)


@receiver(user_logged_out)
def on_signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        record_event(event_type=EventType.SIGN_OUT, actor=user)


@receiver(user_login_failed)
def on_sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # No identifier is written: not the email, not a hash of it. The count of failures is what matters.
    with transaction.atomic():
        record_event(event_type=EventType.SIGN_IN_FAILED)


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any = None, username: Any = None, **kwargs: Any) -> None:
    # `username` is axes' hash of the address (lockout.hashed_username): deliberately not recorded.
    # axes sends this signal when it locks (it counted a failure in this request) and again for every
    # attempt refused while locked (it counted nothing).
    counted = getattr(request, "axes_failures_since_start", None) is not None
    services.lockout_record(attempt_while_locked=not counted)


@receiver(authentication_failed)
def on_mfa_failed(sender: Any, user: Any, reauthentication: bool = False, **kwargs: Any) -> None:
    services.mfa_failure_record(user=user, reauthentication=bool(reauthentication))


@receiver(authenticator_added)
def on_authenticator_added(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    if authenticator.type == Authenticator.Type.TOTP:
        services.mfa_enabled_record(user=user, authenticator=authenticator)


@receiver(authenticator_removed)
def on_authenticator_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    if authenticator.type == Authenticator.Type.TOTP:
        services.mfa_removed_record(user=user, authenticator=authenticator)
        # Outside demo mode the next page outside /accounts/ sends them to set up a new app at once.
        if request is not None:
            request.session.pop(MFA_OK_KEY, None)


@receiver(password_changed)
def on_password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.password_changed_record(user=user, via="change")


@receiver(password_reset)
def on_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.password_changed_record(user=user, via="reset")


@receiver(drafts_expire, dispatch_uid="accounts.late_posts_expire")
def late_posts_expire(sender: Any, *, cutoff: Any, **kwargs: Any) -> int:
    """The answers of a form posted after the session ran out are kept as long as typed drafts
    (drafts.services.drafts_tidy records one event for both)."""
    deleted, _ = SavedDraft.objects.filter(saved_at__lte=cutoff).delete()
    return deleted
