"""Reads for the requests pages. The list costs a fixed number of queries however many requests there are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency, Membership
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership

from .models import AgencyRequest, RequestStatus

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def requests_for_case(case: Case) -> QuerySet[AgencyRequest]:
    return (
        AgencyRequest.objects.filter(case=case)
        .select_related("agency", "author", "invitation")
        .order_by("agency__name", "sent_at", "pk")
    )


def active_agencies(case: Case) -> list[Agency]:
    return list(active_agencies_of_partnership(case.lead_partnership_id))


def possible_authors(case: Case) -> list[tuple[int, str]]:
    """Existing members of the case's partnership (id, "Name – agency, role"), for naming an agency's author.
    Two queries however many members."""
    from django.db.models import Prefetch

    from safeguarding_reviews.organisations.models import MembershipRole
    from safeguarding_reviews.organisations.roles import Role

    from .author_labels import author_label

    order = {code: i for i, code in enumerate(Role.values)}
    memberships = (
        Membership.objects.filter(partnership_id=case.lead_partnership_id, ended_at__isnull=True)
        .select_related("user")
        .prefetch_related(Prefetch("roles", queryset=MembershipRole.objects.select_related("agency")))
        .order_by("user__full_name", "user_id")
    )
    rows: list[tuple[int, str]] = []
    for membership in memberships:
        roles = sorted(membership.roles.all(), key=lambda r: order.get(r.role, len(order)))
        rows.append(
            (
                membership.user_id,
                author_label(
                    membership.user.full_name,
                    agencies=[r.agency.name for r in roles if r.agency is not None],
                    job_title=membership.job_title,
                    roles=[r.get_role_display() for r in roles],
                ),
            )
        )
    return rows


def suggested_agency_ids(case: Case) -> list[int]:
    """The agencies the referral said were involved (none if the case has no referral)."""
    from safeguarding_reviews.referrals.models import Referral

    found: Any = Referral.objects.filter(case=case).values_list("agencies_involved", flat=True).first()
    ids: list[int] = []
    for value in found or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def open_requests_for_author(user: User) -> QuerySet[AgencyRequest]:
    """The open requests this person is the author of, as `policies.request_get` lets them open: they are
    still a member of the case's partnership and still named on the case. One query however many."""
    from django.db.models import Exists, OuterRef

    from safeguarding_reviews.cases.models import CaseMembership
    from safeguarding_reviews.organisations.selectors import roles_by_partnership

    from .models import OPEN_STATUSES

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return AgencyRequest.objects.none()
    named = CaseMembership.objects.filter(case_id=OuterRef("case_id"), user=user, ended_at__isnull=True)
    return (
        AgencyRequest.objects.filter(
            author=user,
            status__in=OPEN_STATUSES,
            case__lead_partnership_id__in=list(roles_by_partnership(user)),
        )
        .filter(Exists(named))
        .select_related("case__lead_partnership", "agency")
        .order_by("due_on", "pk")
    )


def request_people(case: Case, *, with_identity: bool) -> list[tuple[Any, Any]]:
    """(subject, identity or None) for the case's children then household members. One query (two with
    identity). The caller has checked `policies.may_see_request_identity` and records the showing."""
    from safeguarding_reviews.subjects.models import Subject, SubjectIdentity

    subjects = list(Subject.objects.filter(case=case).order_by("kind", "order", "pk"))
    identities: dict[int, Any] = {}
    if with_identity and subjects:
        identities = {i.subject_id: i for i in SubjectIdentity.objects.filter(subject__case=case)}
    return [(subject, identities.get(subject.pk)) for subject in subjects]


def request_entries(request: AgencyRequest) -> QuerySet[Any]:
    """The request's agency's own chronology entries on the case, in the written merge order: never another
    agency's, never a restricted entry (the author may not see those), never a withdrawn one."""
    from safeguarding_reviews.chronology.models import ChronologyEntry
    from safeguarding_reviews.chronology.ordering import ORDER_BY

    return ChronologyEntry.objects.filter(
        case_id=request.case_id,
        agency_id=request.agency_id,
        restricted_roles_key="",
        withdrawn_at__isnull=True,
    ).order_by(*ORDER_BY)


def request_chases(request: AgencyRequest) -> list[Any]:
    return list(request.chases.order_by("chased_at", "pk"))


def agency_window(case: Case, agency_id: int | None) -> tuple[Any, Any] | None:
    """The period the case's request to this agency asks it to cover, (from, to), or None: no live request
    (withdrawn ones ask nothing) or no dates set. For the business unit's chronology import, which is not
    made through a request. One query."""
    if agency_id is None:
        return None
    request = (
        AgencyRequest.objects.filter(case=case, agency_id=agency_id)
        .exclude(status=RequestStatus.WITHDRAWN)
        .only("period_from", "period_to")
        .order_by("-sent_at", "-pk")
        .first()
    )
    return request.window if request is not None else None


def with_time_states(requests: Any, *, case: Case, today: Any) -> list[AgencyRequest]:
    """The requests, each with its own time for `today` (request_time) in `.time_state` (so `.time_label` and
    `.time_tag` work), on the partnership's local calendar. A fixed number of queries however many."""
    from safeguarding_reviews.clocks.selectors import clock_settings_for
    from safeguarding_reviews.working_days.selectors import local_non_working_days

    from . import request_time

    rows = list(requests)
    if not rows:
        return rows
    non_working = local_non_working_days(case.lead_partnership)
    lead = clock_settings_for(case.lead_partnership).reminder_lead_working_days
    for row in rows:
        row.time_state = request_time.request_state(
            status=row.status,
            due_on=row.due_on,
            today=today,
            non_working=non_working,
            due_soon_days=lead,
            submitted_on=row.submitted_at.date() if row.submitted_at else None,
        )
    return rows


def family_told_for_case(case: Case) -> Any:
    """The case's record of the family being told of the review (FamilyTold), or None if none is kept."""
    from .models import FamilyTold

    return FamilyTold.objects.filter(case=case).select_related("updated_by").first()


def return_draft_open(*, user: User, case_id: Any, request_id: int) -> Any:
    """drafts.registry opener for the agency return page: its author, while the return can be changed."""
    from django.core.exceptions import PermissionDenied

    from safeguarding_reviews.drafts.registry import OpenForm

    from .policies import may_write_return, request_get

    case, req, _ = request_get(user=user, case_id=case_id, request_id=request_id)
    if not may_write_return(user, req):
        raise PermissionDenied
    return OpenForm(case=case, partnership=case.lead_partnership, version=req.agency_return.version)
