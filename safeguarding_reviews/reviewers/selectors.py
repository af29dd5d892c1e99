"""Reads for the reviewer and committee pages. Each list is a fixed number of queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from safeguarding_reviews.cases.models import Case, CaseMembership
from safeguarding_reviews.local_reviews import selectors as local_review_selectors
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.practitioners import selectors as practitioner_selectors
from safeguarding_reviews.practitioners.models import Practitioner, PractitionerIdentity
from safeguarding_reviews.rapid_review.models import AgencyRequest
from safeguarding_reviews.subjects.models import IdentityGrant, Subject, SubjectIdentity

from .models import AppointmentState, Commission, CommitteeComment, ReviewerAppointment

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def appointments_for_case(case: Case) -> list[ReviewerAppointment]:
    return list(
        ReviewerAppointment.objects.filter(case=case).select_related("user", "invitation", "decided_by")
    )


def appointment_for_case(case: Case, appointment_id: int) -> ReviewerAppointment | None:
    return ReviewerAppointment.objects.filter(case=case, pk=appointment_id).select_related("user").first()


def accepted_appointment(case: Case) -> ReviewerAppointment | None:
    return (
        ReviewerAppointment.objects.filter(case=case, state=AppointmentState.ACCEPTED)
        .select_related("user")
        .first()
    )


def latest_appointment(case: Case) -> ReviewerAppointment | None:
    return (
        ReviewerAppointment.objects.filter(case=case)
        .select_related("user", "invitation")
        .order_by("-pk")
        .first()
    )


def commission_for_case(case: Case) -> Commission | None:
    return Commission.objects.filter(case=case).first()


def identity_grant_for(case: Case, user_id: int) -> IdentityGrant | None:
    return IdentityGrant.objects.filter(case=case, user_id=user_id, revoked_at__isnull=True).first()


def possible_reviewers(case: Case) -> list[tuple[int, str]]:
    """Active members of the lead partnership holding the independent reviewer role, not on the case now."""
    on_case = CaseMembership.objects.filter(case=case, ended_at__isnull=True).values("user_id")
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__partnership_id=case.lead_partnership_id,
            memberships__ended_at__isnull=True,
            memberships__roles__role=Role.INDEPENDENT_REVIEWER,
        )
        .exclude(pk__in=on_case)
        .distinct()
        .order_by("full_name", "pk")
    )
    return [(p.pk, f"{p.full_name} ({p.email})") for p in people]


def declaration_people(case: Case) -> list[tuple[Subject, SubjectIdentity | None]]:
    """The case's children then household members, with their identity details: shown to the reviewer on
    the declaration page so they can answer (the caller records the identity read). Two queries."""
    subjects = list(Subject.objects.filter(case=case).order_by("kind", "order", "pk"))
    identities = {i.subject_id: i for i in SubjectIdentity.objects.filter(subject__case=case)}
    return [(s, identities.get(s.pk)) for s in subjects]


def declaration_practitioners(case: Case) -> list[tuple[Practitioner, PractitionerIdentity | None]]:
    """The practitioners on the case's register with their names, by agency and role: shown on the
    declaration page beside the family (the caller records the identity read). Two queries."""
    return practitioner_selectors.declaration_practitioners(case)


def has_local_review(case: Case) -> bool:
    """A reviewer is appointed to a local review: a statutory LCSPR or a local learning review."""
    return local_review_selectors.review_for_case(case) is not None


def agencies_involved(case: Case) -> list[str]:
    """The agencies in scope: those the current terms of reference name when the case's local review has
    terms naming any, else the agencies asked for a return on the case. At most three queries."""
    review = local_review_selectors.review_for_case(case)
    terms = local_review_selectors.terms_current(review) if review is not None else None
    if terms is not None and terms.agency_ids:
        known = local_review_selectors.agency_names(case)
        return sorted({known[pk] for pk in terms.agency_ids if pk in known})
    names = AgencyRequest.objects.filter(case=case).values_list("agency__name", flat=True).distinct()
    return sorted(set(names))


def pending_declarations(user: User) -> list[ReviewerAppointment]:
    """The signed-in reviewer's appointments waiting for their declaration or its decision ("Your cases").
    One query."""
    return list(
        ReviewerAppointment.objects.filter(
            user=user, state__in=[AppointmentState.AWAITING_DECLARATION, AppointmentState.DECLARED]
        ).select_related("case")
    )


def committee_comments(case: Case) -> list[CommitteeComment]:
    return list(CommitteeComment.objects.filter(case=case).select_related("author"))


def active_user(user_id: int) -> User | None:
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()
