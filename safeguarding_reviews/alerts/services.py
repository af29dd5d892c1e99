"""Writes to alerts. Each records one audit event naming ids and the kind code only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership, CaseShare
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.core import clock
from safeguarding_reviews.emails.services import absolute_url, email_send
from safeguarding_reviews.organisations.selectors import people_with_roles

from .models import Alert, AlertCountStale, UnreadAlertCount
from .rules import EMAIL_TEMPLATES, Audience, Handoff, who_is_told

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def alert_create(*, user: User, case: Case | None, kind: str, link: str) -> Alert:
    """Alert `user` about `case` (or None) with a link (a path inside the service, from reverse()).

    Runs inside the caller's transaction when there is one (a decision and the alerts it raises commit
    together); on its own it opens one. The alert says only what kind of thing happened."""
    if not _KIND.match(kind):
        raise ValueError("An alert kind is a lower-case code")
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError("An alert links to a path inside the service")
    with transaction.atomic():
        alert = Alert.objects.create(user=user, case=case, kind=kind, link=link, created_at=clock.now())
        record_event(
            event_type=EventType.ALERT_CREATED,
            case=case,
            target=alert,
            data={"kind": kind, "user_id": user.pk},
        )
        _count_again_after_commit(user.pk)
    return alert


def alert_mark_read(*, actor: User, alert: Alert) -> Alert:
    """Mark one of the actor's own alerts read. Marking an already-read alert does nothing."""
    if alert.user_id != actor.pk:
        raise PermissionError("Only the person alerted marks an alert read")
    with transaction.atomic(durable=True):
        updated = Alert.objects.filter(pk=alert.pk, read_at__isnull=True).update(read_at=clock.now())
        if updated:
            record_event(
                event_type=EventType.ALERT_READ,
                actor=actor,
                target=alert,
                data={"kind": alert.kind},
            )
            _count_again_after_commit(actor.pk)
    alert.refresh_from_db()
    return alert


# --- the stored counts (UnreadAlertCount) ----------------------------------------------------------------


def _count_again_after_commit(user_id: int) -> None:
    # The trigger has marked the count stale in this transaction; counting again once it commits (outside
    # it, holding no lock it holds) means the person's next page reads a stored count again.
    transaction.on_commit(lambda: alert_counts_refresh(user_ids=[user_id]))


def alert_counts_refresh(*, user_ids: Iterable[int]) -> int:
    """Count each person's alerts again and store the counts (UnreadAlertCount), each person in their own
    short transaction: take their count row (created if missing) FOR NO KEY UPDATE, so two recounts of one
    person run one after the other; delete the stale marks the triggers left; then count and store. A change
    that commits after the marks were deleted leaves a new mark, so the stored count is not trusted until it
    is counted again. No audit event: a count is not case data and changes nothing anyone sees.
    Returns how many people were counted."""
    from safeguarding_reviews.accounts.models import User

    from .selectors import alert_counts_now

    done = 0
    for user_id in sorted(set(user_ids)):
        with transaction.atomic():
            if not User.objects.filter(pk=user_id).exists():
                AlertCountStale.objects.filter(user_id=user_id).delete()  # nobody to count
                continue
            UnreadAlertCount.objects.bulk_create([UnreadAlertCount(user_id=user_id)], ignore_conflicts=True)
            UnreadAlertCount.objects.select_for_update(no_key=True).filter(user_id=user_id).first()
            AlertCountStale.objects.filter(user_id=user_id).delete()
            # The person and their roles as they are now, read after the marks were taken.
            person = User.objects.get(pk=user_id)
            unread, total = alert_counts_now(person)
            UnreadAlertCount.objects.filter(user_id=user_id).update(
                unread=unread, total=total, counted_at=clock.now()
            )
            done += 1
    return done


def alert_counts_refresh_stale(*, limit: int = 500) -> int:
    """Count again everyone whose count is marked stale (at most `limit` people a run). `tick` runs it every
    minute (alerts.tasks.alert_counts_refresh_task): after a change of access, a person's pages count from
    the alerts until then, so they are right, only slower."""
    stale = AlertCountStale.objects.order_by().values_list("user_id", flat=True).distinct()[:limit]
    return alert_counts_refresh(user_ids=list(stale))


def _may_see(person: Any, case: Case) -> bool:
    return visible_cases(person).filter(pk=case.pk).exists()


def handoff_recipients(
    *,
    audience: Audience,
    case: Case,
    actor: User | None = None,
    person: Any = None,
    request_open_to: Callable[[Any], bool] | None = None,
) -> list[Any]:
    """The people `audience` names for `case`, each once, keeping only those who can see the case (a
    restricted case is seen only by the people named on it and the business manager), never the actor.
    For a hand-off about an agency request, `request_open_to(person)` says whether the request is still open
    to its named author, who is kept while it is (an author never sees the case itself)."""
    found: dict[int, Any] = {}
    if audience.lead_roles:
        for user in people_with_roles(partnership_id=case.lead_partnership_id, roles=audience.lead_roles):
            found.setdefault(user.pk, user)
    if audience.case_leads:
        leads = CaseMembership.objects.filter(
            case=case, capacity=CaseCapacity.CASE_LEAD, ended_at__isnull=True, user__is_active=True
        ).select_related("user")
        for membership in leads:
            found.setdefault(membership.user_id, membership.user)
    if audience.shared_roles:
        shared = CaseShare.objects.filter(case=case, ended_at__isnull=True).values_list(
            "partnership_id", flat=True
        )
        for partnership_id in shared:
            for user in people_with_roles(partnership_id=partnership_id, roles=audience.shared_roles):
                found.setdefault(user.pk, user)
    people = [user for user in found.values() if _may_see(user, case)]
    if audience.named_person and person is not None and person.is_active and person.pk not in found:
        if request_open_to is not None:
            if request_open_to(person):
                people.append(person)
        elif _may_see(person, case):
            people.append(person)
    actor_id = getattr(actor, "pk", None)
    return [user for user in people if user.pk != actor_id]


def handoff_notify(
    *,
    event: Handoff,
    case: Case,
    link: str,
    actor: User | None = None,
    person: Any = None,
    request_open_to: Callable[[Any], bool] | None = None,
    clock_rule: str = "",
) -> list[Any]:
    """Tell the people who must act on `event` (alerts.rules): an in-app alert and an email with the case
    reference and a link only, and one audit event naming who was told. Runs inside the caller's
    transaction when there is one, so the hand-off and its alerts commit together. Returns who was told.

    An alert to an agency author is not tied to the case (they cannot see it); their request's page, where
    the link goes, checks their access again."""
    audience = who_is_told(event, clock_rule=clock_rule)
    people = handoff_recipients(
        audience=audience, case=case, actor=actor, person=person, request_open_to=request_open_to
    )
    context = {
        "case_reference": case.reference,
        "partnership_name": case.lead_partnership.name,
        "link": absolute_url(link),
    }
    with transaction.atomic():
        for user in people:
            about = None if request_open_to is not None and user is person else case
            alert_create(user=user, case=about, kind=event.value, link=link)
            if user.email:
                email_send(to=user.email, template=EMAIL_TEMPLATES[event], context=context)
        record_event(
            event_type=EventType.HANDOFF_NOTIFIED,
            actor=actor,
            case=case,
            data={
                "event": event.value,
                "clock_rule": clock_rule,
                "recipient_ids": [user.pk for user in people],
            },
        )
    return people


def alerts_prune(*, older_than_days: int) -> int:
    """Housekeeping on `tick` (scheduler.tasks.housekeeping): delete alerts, read or not, raised more than
    `older_than_days` ago. An alert is only a pointer to a page; the case keeps its own record. One system
    audit event with the count."""
    cutoff = clock.now() - dt.timedelta(days=older_than_days)
    with transaction.atomic(durable=True):
        deleted, _ = Alert.objects.filter(created_at__lt=cutoff).delete()
        record_event(
            event_type=EventType.ALERTS_PRUNED, data={"deleted": deleted, "older_than_days": older_than_days}
        )
    return deleted
