"""Writes for requests to agencies and their returns. Each service owns its transaction and records one
audit event (one per request when several are sent at once). Audit data holds ids and codes only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding_reviews.alerts.models import AlertKind
from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import alert_create, handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.selectors import clock_settings_for
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.emails.services import absolute_url, email_send
from safeguarding_reviews.organisations.models import Agency, Membership
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import people_with_roles
from safeguarding_reviews.organisations.services import (
    invitation_create_for_agency_author,
    platform_admin_refuse,
)
from safeguarding_reviews.working_days import calculator
from safeguarding_reviews.working_days.selectors import local_non_working_days, statutory_non_working_days

from .models import (
    AUTHOR_EDITABLE,
    OPEN_STATUSES,
    RETURN_SECTIONS,
    AgencyRequest,
    AgencyReturn,
    ChaseStep,
    FamilyTold,
    FamilyToldStatus,
    RapidReviewSettings,
    RequestChase,
    RequestStatus,
)
from .policies import REQUEST_STAGES, is_author, is_business_unit
from .request_time import allowed_working_days, restarted_due_on
from .selectors import open_requests_for_author, request_entries

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

SECTION_NAMES = frozenset(name for name, _ in RETURN_SECTIONS)
DEFAULT_CHASE_INTERVAL = 2  # working days between chase steps when the partnership has not set its own


@dataclass(frozen=True)
class RequestItem:
    """One agency to ask, and its author: an existing member (`author`), or a new person to invite
    (`new_name` and `new_email`), who becomes the author when they accept the invitation."""

    agency: Agency
    author: Any = None
    new_name: str = ""
    new_email: str = ""

    @property
    def invites(self) -> bool:
        return self.author is None


def default_due_on(case: Case, *, start: dt.date | None = None) -> dt.date:
    """Today plus the partnership's "agency return working days", on its local calendar (closure days
    skipped: a request is a local clock)."""
    days = clock_settings_for(case.lead_partnership).agency_return_working_days
    return calculator.add_working_days(
        start or clock.today(), days, non_working=local_non_working_days(case.lead_partnership)
    )


def _require_business_unit(actor: User, case: Case) -> None:
    if not is_business_unit(actor, case):
        raise PermissionDenied("Only the business unit does this")


def agency_requests_send(
    *,
    actor: User,
    case: Case,
    items: list[RequestItem],
    due_on: dt.date,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
) -> list[AgencyRequest]:
    """Ask each agency for its return, name its author on the case (agency author) and email them. The
    period (from, to; either may be open) is what each agency is asked to cover: chronology dates outside
    it are warnings at import."""
    _require_business_unit(actor, case)
    if case.stage not in REQUEST_STAGES:
        raise ValidationError("Requests to agencies can be sent once the case is at the rapid review")
    if not items:
        raise ValidationError({"agencies": "Select at least one agency"})
    if due_on < clock.today():
        raise ValidationError({"due_on": "The due date must be today or in the future"})
    if period_from and period_to and period_to < period_from:
        raise ValidationError({"period_to": "The end of the period must be the same as or after its start"})
    agency_ids = [item.agency.pk for item in items]
    author_ids = [item.author.pk for item in items if not item.invites]
    new_emails = [item.new_email.strip().lower() for item in items if item.invites]
    if len(set(agency_ids)) != len(agency_ids):
        raise ValidationError({"agencies": "Select each agency once"})
    if len(set(author_ids)) != len(author_ids) or len(set(new_emails)) != len(new_emails):
        raise ValidationError({"agencies": "Name a different author for each agency"})
    for item in items:
        if item.invites and not (item.new_name.strip() and item.new_email.strip()):
            raise ValidationError(
                {"agencies": f"Enter the name and email address of the new author for {item.agency.name}"}
            )
    for item in items:
        if item.agency.partnership_id != case.lead_partnership_id or not item.agency.is_active:
            raise ValidationError({"agencies": "Select agencies of the case's partnership"})
    members = set(
        Membership.objects.filter(
            partnership_id=case.lead_partnership_id, ended_at__isnull=True, user_id__in=author_ids
        ).values_list("user_id", flat=True)
    )
    if set(author_ids) - members:
        raise ValidationError({"agencies": "Each author must be a member of the case's partnership"})
    platform_admin_refuse(
        actor=actor,
        partnership=case.lead_partnership,
        path="agency_author",
        emails=new_emails,
        users=[item.author for item in items if not item.invites],
        field="agencies",
    )
    open_requests = AgencyRequest.objects.filter(case=case, status__in=OPEN_STATUSES)
    if open_requests.filter(agency_id__in=agency_ids).exists():
        raise ValidationError({"agencies": "An agency you selected already has a request on this case"})
    if open_requests.filter(author_id__in=author_ids).exists():
        raise ValidationError({"agencies": "An author you named already has an open request on this case"})
    named = set(
        CaseMembership.objects.filter(case=case, ended_at__isnull=True, user_id__in=author_ids).values_list(
            "user_id", flat=True
        )
    )
    now, today = clock.now(), clock.today()
    # The working days the request allows, kept so a return sent back restarts with the same number.
    working_days = allowed_working_days(
        stored=None,
        started_on=today,
        due_on=due_on,
        non_working=local_non_working_days(case.lead_partnership),
    )
    created: list[AgencyRequest] = []
    try:
        with transaction.atomic(durable=True):
            for item in items:
                grant = None
                invitation = None
                if item.invites:
                    invitation = _invite_author(actor=actor, case=case, item=item)
                elif item.author.pk not in named:
                    grant = CaseMembership.objects.create(
                        case=case, user=item.author, capacity=CaseCapacity.AGENCY_AUTHOR, added_by=actor
                    )
                request = AgencyRequest.objects.create(
                    case=case,
                    agency=item.agency,
                    author=item.author,
                    invitation=invitation,
                    due_on=due_on,
                    period_from=period_from,
                    period_to=period_to,
                    working_days=working_days,
                    round_started_on=today,
                    sent_by=actor,
                    sent_at=now,
                    granted_membership=grant,
                )
                AgencyReturn.objects.create(request=request)
                record_event(
                    event_type=EventType.AGENCY_REQUEST_SENT,
                    actor=actor,
                    case=case,
                    target=request,
                    data={
                        "request_id": request.pk,
                        "agency_id": item.agency.pk,
                        "author_id": item.author.pk if item.author else None,
                        "invitation_id": str(invitation.pk) if invitation else None,
                        "due_on": due_on.isoformat(),
                        "period_from": period_from.isoformat() if period_from else None,
                        "period_to": period_to.isoformat() if period_to else None,
                        "working_days": working_days,
                        "granted_membership_id": grant.pk if grant else None,
                    },
                )
                if item.author is not None:  # an invited author is told when they accept
                    _email_request(request=request, to=item.author.email)
                created.append(request)
    except IntegrityError as exc:
        raise ValidationError(
            {"agencies": "An agency you selected already has a request on this case"}
        ) from exc
    return created


def _email_request(*, request: AgencyRequest, to: str) -> None:
    case = request.case
    link = reverse("rapid_review:request", kwargs={"case_id": case.pk, "request_id": request.pk})
    email_send(
        to=to,
        template="agency_request",
        context={
            "case_reference": case.reference,
            "partnership_name": case.lead_partnership.name,
            "link": absolute_url(link),
        },
    )


def _invite_author(*, actor: User, case: Case, item: RequestItem) -> Any:
    """Invite the new author as agency author of the item's agency (organisations' invitation, emailed
    with the partnership's name and a link), inside the send's transaction."""
    try:
        invitation, _token = invitation_create_for_agency_author(
            actor=actor,
            partnership=case.lead_partnership,
            email=item.new_email,
            full_name=item.new_name,
            agency=item.agency,
        )
    except ValidationError as exc:
        messages = [str(m) for m in exc.messages]
        if getattr(exc, "error_dict", None) and "email" in exc.error_dict:
            if Membership.objects.filter(
                partnership_id=case.lead_partnership_id,
                ended_at__isnull=True,
                user__email__iexact=item.new_email.strip(),
            ).exists():
                messages = ["this person is already a member: choose them from the list"]
        raise ValidationError(
            {"agencies": f"New author for {item.agency.name}: {'; '.join(messages)}"}
        ) from exc
    return invitation


def pending_author_join(*, user: User, invitation: Any) -> list[AgencyRequest]:
    """The person invited from the send form accepted: they become the author of the requests waiting for
    them, are named on the case as agency author (the grant), and are emailed the link. Runs inside the
    acceptance's transaction (organisations.signals.invitation_accepted)."""
    joined: list[AgencyRequest] = []
    waiting = AgencyRequest.objects.select_related("case__lead_partnership").filter(
        invitation=invitation, author__isnull=True, status__in=OPEN_STATUSES
    )
    for request in waiting:
        case = request.case
        grant = None
        if not CaseMembership.objects.filter(case=case, user=user, ended_at__isnull=True).exists():
            grant = CaseMembership.objects.create(
                case=case, user=user, capacity=CaseCapacity.AGENCY_AUTHOR, added_by=invitation.invited_by
            )
        request = update_versioned(
            request,
            expected_version=request.version,
            changes={"author": user, "granted_membership": grant},
        )
        record_event(
            event_type=EventType.AGENCY_REQUEST_AUTHOR_JOINED,
            actor=user,
            case=case,
            target=request,
            data={
                "request_id": request.pk,
                "author_id": user.pk,
                "granted_membership_id": grant.pk if grant else None,
            },
        )
        _email_request(request=request, to=user.email)
        joined.append(request)
    return joined


def _end_grant(request: AgencyRequest, now: dt.datetime) -> int | None:
    if request.granted_membership_id is None:
        return None
    CaseMembership.objects.filter(pk=request.granted_membership_id, ended_at__isnull=True).update(
        ended_at=now
    )
    return request.granted_membership_id


def _move(
    request: AgencyRequest, *, expected_version: int, allowed: frozenset[str], changes: dict[str, Any]
) -> AgencyRequest:
    """A conditional status change: StaleVersionError if someone changed the request meanwhile."""
    if request.version != expected_version:
        raise StaleVersionError(current=request)
    if request.status not in allowed:
        raise ValidationError(f"This request is {request.get_status_display().lower()}")
    return update_versioned(request, expected_version=expected_version, changes=changes)


def agency_request_acknowledge(*, actor: User, request: AgencyRequest) -> bool:
    """The author opened the request for the first time. True if this call acknowledged it."""
    if not is_author(actor, request):
        raise PermissionDenied("Only the request's author acknowledges it")
    with transaction.atomic(durable=True):
        updated = AgencyRequest.objects.filter(pk=request.pk, status=RequestStatus.REQUESTED).update(
            status=RequestStatus.ACKNOWLEDGED, acknowledged_at=clock.now()
        )
        if updated:
            record_event(
                event_type=EventType.AGENCY_REQUEST_ACKNOWLEDGED,
                actor=actor,
                case=request.case,
                target=request,
                data={"request_id": request.pk},
            )
    request.refresh_from_db()
    return bool(updated)


def agency_return_save(
    *, actor: User, request: AgencyRequest, expected_version: int, values: dict[str, str]
) -> AgencyReturn:
    """Save the return's sections (save and come back later). Stale versions are refused."""
    if not is_author(actor, request):
        raise PermissionDenied("Only the request's author saves the return")
    if request.status not in AUTHOR_EDITABLE:
        raise ValidationError("This return has been submitted and cannot be changed")
    unknown = set(values) - SECTION_NAMES
    if unknown:
        raise ValueError(f"Not sections: {sorted(unknown)}")
    agency_return = request.agency_return
    with transaction.atomic(durable=True):
        changed = sorted(name for name, value in values.items() if getattr(agency_return, name) != value)
        agency_return = update_versioned(
            agency_return,
            expected_version=expected_version,
            changes={**values, "updated_by": actor, "updated_at": clock.now()},
        )
        record_event(
            event_type=EventType.AGENCY_RETURN_SAVED,
            actor=actor,
            case=request.case,
            target=agency_return,
            data={"request_id": request.pk, "version": agency_return.version, "sections": changed},
        )
    return agency_return


def missing_section_errors(agency_return: AgencyReturn) -> dict[str, str]:
    """{section: message} for each empty section: submitting needs every one. Keyed by section, so the check
    page can link each error to its field on the edit page (and list them before anything is submitted)."""
    labels = dict(RETURN_SECTIONS)
    return {name: f"Complete the section: {labels[name]}" for name in agency_return.missing_sections()}


def agency_return_submit(*, actor: User, request: AgencyRequest, expected_version: int) -> AgencyRequest:
    """Submit the return to the business unit. Every section must be filled in."""
    if not is_author(actor, request):
        raise PermissionDenied("Only the request's author submits the return")
    missing = missing_section_errors(request.agency_return)
    if missing:
        raise ValidationError(missing)
    with transaction.atomic(durable=True):
        request = _move(
            request,
            expected_version=expected_version,
            allowed=AUTHOR_EDITABLE,
            changes={"status": RequestStatus.SUBMITTED, "submitted_at": clock.now()},
        )
        record_event(
            event_type=EventType.AGENCY_RETURN_SUBMITTED,
            actor=actor,
            case=request.case,
            target=request,
            data={
                "request_id": request.pk,
                "return_version": request.agency_return.version,
                # A return may be submitted without chronology entries once the author has confirmed it.
                "chronology_entries": request_entries(request).count(),
            },
        )
        handoff_notify(
            event=Handoff.RETURN_SUBMITTED, case=request.case, actor=actor, link=_request_link(request)
        )
    return request


def agency_return_accept(*, actor: User, request: AgencyRequest, expected_version: int) -> AgencyRequest:
    """The business unit accepts the return; the author's access through this request ends."""
    _require_business_unit(actor, request.case)
    now = clock.now()
    with transaction.atomic(durable=True):
        request = _move(
            request,
            expected_version=expected_version,
            allowed=frozenset({RequestStatus.SUBMITTED}),
            changes={"status": RequestStatus.ACCEPTED, "closed_at": now},
        )
        ended = _end_grant(request, now)
        record_event(
            event_type=EventType.AGENCY_RETURN_ACCEPTED,
            actor=actor,
            case=request.case,
            target=request,
            data={"request_id": request.pk, "ended_membership_id": ended},
        )
    return request


def agency_return_send_back(
    *, actor: User, request: AgencyRequest, expected_version: int, questions: str
) -> AgencyRequest:
    """The business unit returns the return to its author with questions (shown to the author). The request's
    time restarts (request_time.restarted_due_on): a new due date the same number of working days after
    today on the partnership's local calendar, and a new round of the chase ladder."""
    _require_business_unit(actor, request.case)
    if not questions.strip():
        raise ValidationError({"questions": "Enter the questions for the author"})
    today = clock.today()
    non_working = local_non_working_days(request.case.lead_partnership)
    started_on = request.round_started_on or request.sent_at.date()
    working_days = allowed_working_days(
        stored=request.working_days, started_on=started_on, due_on=request.due_on, non_working=non_working
    )
    due_on = restarted_due_on(sent_back_on=today, working_days=working_days, non_working=non_working)
    with transaction.atomic(durable=True):
        request = _move(
            request,
            expected_version=expected_version,
            allowed=frozenset({RequestStatus.SUBMITTED}),
            changes={
                "status": RequestStatus.RETURNED,
                "questions": questions.strip(),
                "due_on": due_on,
                "working_days": working_days,
                "round": request.round + 1,
                "round_started_on": today,
            },
        )
        record_event(
            event_type=EventType.AGENCY_RETURN_SENT_BACK,
            actor=actor,
            case=request.case,
            target=request,
            data={
                "request_id": request.pk,
                "due_on": due_on.isoformat(),
                "working_days": working_days,
                "round": request.round,
            },
        )
        if request.author is not None:
            handoff_notify(
                event=Handoff.RETURN_SENT_BACK,
                case=request.case,
                actor=actor,
                person=request.author,
                request_open_to=lambda who: open_requests_for_author(who).filter(pk=request.pk).exists(),
                link=_request_link(request),
            )
    return request


def _request_link(request: AgencyRequest) -> str:
    return reverse("rapid_review:request", kwargs={"case_id": request.case_id, "request_id": request.pk})


def agency_request_withdraw(
    *, actor: User, request: AgencyRequest, expected_version: int, reason: str
) -> AgencyRequest:
    """The business unit withdraws a request, saying why: the author's access through it ends at once. A
    submitted return is refused (issue 18 item 7): the business unit accepts it or returns it for more
    information instead. The reason is kept on the request (it is case data: the audit event only records
    that one was given)."""
    _require_business_unit(actor, request.case)
    if request.status == RequestStatus.SUBMITTED:
        raise ValidationError(
            "A submitted return cannot be withdrawn: accept it or return it for more information"
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for withdrawing the request"})
    now = clock.now()
    with transaction.atomic(durable=True):
        request = _move(
            request,
            expected_version=expected_version,
            allowed=AUTHOR_EDITABLE,
            changes={"status": RequestStatus.WITHDRAWN, "closed_at": now, "withdrawal_reason": reason},
        )
        ended = _end_grant(request, now)
        record_event(
            event_type=EventType.AGENCY_REQUEST_WITHDRAWN,
            actor=actor,
            case=request.case,
            target=request,
            data={"request_id": request.pk, "ended_membership_id": ended, "reason_given": True},
        )
    return request


# The chase ladder (rapid_review.chasing), run by the task worker from `manage.py tick`.


def chase_interval(partnership_id: int) -> int:
    found = (
        RapidReviewSettings.objects.filter(partnership_id=partnership_id)
        .values_list("chase_interval_working_days", flat=True)
        .first()
    )
    return DEFAULT_CHASE_INTERVAL if found is None else found


def request_chase(*, request: AgencyRequest, step: str) -> bool:
    """Take one step for a request: the reminder before its due date, or a step of the ladder once it is
    overdue. The step is recorded first (unique per request, round and step) and its emails go only once
    that record commits, so it is never sent twice, even by two workers at once. False if it was already
    taken or the request is no longer open (or, for a chase, no longer overdue)."""
    today, now = clock.today(), clock.now()
    case = request.case
    context = {"case_reference": case.reference, "partnership_name": case.lead_partnership.name}
    request_link = reverse("rapid_review:request", kwargs={"case_id": case.pk, "request_id": request.pk})
    author_address = request.author.email if request.author else getattr(request.invitation, "email", "")
    try:
        with transaction.atomic(durable=True):
            timing = {"due_on__gte": today} if step == ChaseStep.DUE_SOON else {"due_on__lt": today}
            still_open = AgencyRequest.objects.filter(
                pk=request.pk, status__in=AUTHOR_EDITABLE, round=request.round, **timing
            ).exists()
            if not still_open:
                return False
            managers: list[Any] = []
            author_alert: AlertKind | None = None
            if step == ChaseStep.DUE_SOON:
                to = [author_address]
                template, link = "agency_request_due_soon", request_link
                author_alert = AlertKind.AGENCY_RETURN_DUE_SOON
            elif step == ChaseStep.AUTHOR:
                to = [author_address]
                template, link = "agency_request_chase", request_link
                author_alert = AlertKind.AGENCY_RETURN_OVERDUE
            elif step == ChaseStep.SAFEGUARDING_LEAD:
                to = [request.agency.safeguarding_lead_email]
                template, link = "agency_request_chase_lead", reverse("home")
            elif step == ChaseStep.BUSINESS_MANAGER:
                # Only managers who can see the case: a restricted case is never announced to others.
                managers = [
                    person
                    for person in people_with_roles(
                        partnership_id=case.lead_partnership_id, roles=[Role.BUSINESS_MANAGER]
                    )
                    if visible_cases(person).filter(pk=case.pk).exists()
                ]
                to = [user.email for user in managers]
                template, link = "agency_request_chase_manager", request_link
            else:
                raise ValueError(f"Not a chase step: {step}")
            to = [address for address in to if address]
            RequestChase.objects.create(
                request=request,
                step=step,
                round=request.round,
                chased_at=now,
                chased_on=today,
                emailed=bool(to),
            )
            record_event(
                event_type=EventType.AGENCY_REQUEST_CHASED,
                case=case,
                target=request,
                data={"request_id": request.pk, "step": step, "round": request.round, "emails": len(to)},
            )
            for address in to:
                email_send(to=address, template=template, context={**context, "link": absolute_url(link)})
            for user in managers:
                alert_create(user=user, case=case, kind=AlertKind.AGENCY_RETURN_OVERDUE, link=request_link)
            if author_alert is not None and request.author is not None:
                # The author's own alert, beside the email (an invited author not yet joined has only the
                # email). Not tied to the case, which an author cannot see: the request's page checks access.
                alert_create(user=request.author, case=None, kind=author_alert, link=request_link)
    except IntegrityError:
        return False  # another run took this step first
    return True


def _add_working_days(start: dt.date, n: int, *, non_working: frozenset[dt.date]) -> dt.date:
    return calculator.add_working_days(start, n, non_working=non_working)


def chases_run() -> int:
    """Take today's step for every open request: the reminder when it falls due soon, the chase ladder once
    it is overdue, each on the request's own time and the partnership's local calendar. Safe to run from
    several workers at once."""
    from safeguarding_reviews.clocks.selectors import clock_settings_for
    from safeguarding_reviews.working_days.selectors import closure_days_by_partnership

    from .chasing import next_step

    today = clock.today()
    # Every open request (a partnership has tens at a time): the rule decides which are due soon or overdue.
    open_requests = list(
        AgencyRequest.objects.filter(status__in=AUTHOR_EDITABLE)
        .select_related("case__lead_partnership", "agency", "author", "invitation")
        .prefetch_related("chases")
        .order_by("pk")
    )
    if not open_requests:
        return 0
    statutory = statutory_non_working_days()
    partnerships = {r.case.lead_partnership_id: r.case.lead_partnership for r in open_requests}
    closures = closure_days_by_partnership(sorted(partnerships))
    intervals = {pid: chase_interval(pid) for pid in partnerships}
    leads = {pid: clock_settings_for(p).reminder_lead_working_days for pid, p in partnerships.items()}
    taken = 0
    for request in open_requests:
        pid = request.case.lead_partnership_id
        non_working = statutory | closures.get(pid, frozenset())
        step = next_step(
            due_on=request.due_on,
            today=today,
            done={
                chase.step: chase.chased_on for chase in request.chases.all() if chase.round == request.round
            },
            interval=intervals[pid],
            add_working_days=partial(_add_working_days, non_working=non_working),
            due_soon_days=leads[pid],
            started_on=request.round_started_on or request.sent_at.date(),
        )
        if step is not None and request_chase(request=request, step=step):
            taken += 1
    return taken


# Whether and how the family has been told of the review (FamilyTold), kept by the business unit.

FAMILY_FIELDS = frozenset({"status", "told_on", "method", "told_by", "notes"})


def _family_clean(values: dict[str, Any]) -> dict[str, Any]:
    """ "Told" needs the date (not in the future) and how; "not telling" needs the reason (notes); a date or
    a way told goes only with "told"."""
    unknown = set(values) - FAMILY_FIELDS
    if unknown:
        raise ValueError(f"Not family-told fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    status = cleaned.get("status")
    errors: dict[str, str] = {}
    if status not in FamilyToldStatus.values:
        raise ValidationError({"status": "Select whether the family has been told"})
    if status == FamilyToldStatus.TOLD:
        told_on = cleaned.get("told_on")
        if told_on is None:
            errors["told_on"] = "Enter the date the family was told"
        elif told_on > clock.today():
            errors["told_on"] = "The date told must be today or in the past"
        if not cleaned.get("method"):
            errors["method"] = "Select how the family was told"
    else:
        cleaned.update(told_on=None, method="")
        if status == FamilyToldStatus.NOT_TELLING and not cleaned.get("notes"):
            errors["notes"] = "Enter why the partners decided not to tell the family for now"
    if errors:
        raise ValidationError(errors)
    return cleaned


def family_told_record(
    *, actor: User, case: Case, expected_version: int | None, values: dict[str, Any]
) -> FamilyTold:
    """Record (or change) whether and how the family has been told of the review. `expected_version` is None
    for the first record; a later save on a stale version raises StaleVersionError."""
    _require_business_unit(actor, case)
    if case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed")
    cleaned = _family_clean(values)
    now = clock.now()
    with transaction.atomic(durable=True):
        current = FamilyTold.objects.select_for_update(no_key=True).filter(case=case).first()
        if current is None:
            if expected_version is not None:
                raise ValidationError("This record no longer exists: reload the page")
            family = FamilyTold.objects.create(case=case, updated_by=actor, updated_at=now, **cleaned)
        else:
            if expected_version is None:
                raise StaleVersionError(current=current)
            family = update_versioned(
                current,
                expected_version=expected_version,
                changes={**cleaned, "updated_by": actor, "updated_at": now},
            )
        record_event(
            event_type=EventType.FAMILY_TOLD_RECORDED,
            actor=actor,
            case=case,
            target=family,
            data={"family_told_id": family.pk, "version": family.version, "status": family.status},
        )
    return family
