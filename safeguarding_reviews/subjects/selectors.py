"""Reads of the people in a case. Identity details only through identities_for (policy-checked)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case

from .models import Subject, SubjectIdentity, SubjectKind
from .policies import may_see_identity

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def case_subjects(case: Case) -> list[Subject]:
    """Children first (in order), then household members. One query."""
    return list(Subject.objects.filter(case=case).order_by("kind", "order", "pk"))


def case_children(case: Case) -> list[Subject]:
    return list(Subject.objects.filter(case=case, kind=SubjectKind.CHILD).order_by("order", "pk"))


def subject_get(case: Case, subject_id: int) -> Subject | None:
    return Subject.objects.filter(case=case, pk=subject_id).first()


def identities_for(user: User, case: Case) -> dict[int, SubjectIdentity]:
    """{subject id: identity} for the case's people, or {} if the user may not see identity details.
    The caller shows them and records identity_record_view with the ids it showed."""
    if not may_see_identity(user, case):
        return {}
    rows = SubjectIdentity.objects.filter(subject__case=case)
    return {identity.subject_id: identity for identity in rows}


def referral_subjects(referral: Any) -> QuerySet[Subject]:
    """The people named in a referral (its draft or its case)."""
    return (
        Subject.objects.filter(referral=referral).select_related("identity").order_by("kind", "order", "pk")
    )


def taken_child_labels(partnership_id: int) -> set[str]:
    """Labels already used for children and case pseudonyms in a partnership (for "Child A", "Child B")."""
    labels = set(
        Subject.objects.filter(case__lead_partnership_id=partnership_id, kind=SubjectKind.CHILD).values_list(
            "label", flat=True
        )
    )
    labels |= set(Case.objects.filter(lead_partnership_id=partnership_id).values_list("pseudonym", flat=True))
    return labels


def identity_of(subject_id: int) -> SubjectIdentity | None:
    """The person's identity record, if one has been recorded (the caller has checked they may see it)."""
    return SubjectIdentity.objects.filter(subject_id=subject_id).first()
