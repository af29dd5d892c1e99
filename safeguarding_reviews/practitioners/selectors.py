"""Reads of a case's practitioners. Names only through names_for (policy-checked) or, for the reviewer's
declaration page, declaration_practitioners (the reviewers app has checked its own rule)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership

from .models import Practitioner, PractitionerIdentity
from .policies import may_see_practitioner_names

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def case_practitioners(case: Case, *, removed: bool = False) -> list[Practitioner]:
    """The case's practitioners (or, with `removed`, those removed), by agency, role and team. One query."""
    return list(
        Practitioner.objects.filter(case=case, removed_at__isnull=not removed)
        .select_related("agency", "removed_by")
        .order_by("agency__name", "role", "team", "pk")
    )


def active_count(case: Case) -> int:
    """How many practitioners the case's register holds (not removed). One query."""
    return Practitioner.objects.filter(case=case, removed_at__isnull=True).count()


def practitioner_get(case: Case, practitioner_id: int) -> Practitioner | None:
    """A practitioner of this case still on the register (a removed one is not changed again)."""
    return (
        Practitioner.objects.filter(case=case, pk=practitioner_id, removed_at__isnull=True)
        .select_related("agency")
        .first()
    )


def identity_of(practitioner_id: int) -> PractitionerIdentity | None:
    """The practitioner's name and work email (the caller has checked they may see them)."""
    return PractitionerIdentity.objects.filter(practitioner_id=practitioner_id).first()


def names_for(user: User, case: Case) -> dict[int, PractitionerIdentity]:
    """{practitioner id: identity} for the case's practitioners, or {} if the user may not see names. The
    caller shows them and records practitioner_names_record_view with the ids it showed. One query after
    the policy's."""
    if not may_see_practitioner_names(user, case):
        return {}
    return {i.practitioner_id: i for i in PractitionerIdentity.objects.filter(practitioner__case=case)}


def declaration_practitioners(case: Case) -> list[tuple[Practitioner, PractitionerIdentity | None]]:
    """The case's practitioners on the register with their names, by agency and role: shown to an appointed
    reviewer on the declaration page so they can answer (the reviewers app decides when, and records the
    identity read). Two queries."""
    practitioners = case_practitioners(case)
    identities = {
        i.practitioner_id: i
        for i in PractitionerIdentity.objects.filter(practitioner__case=case, practitioner__removed_at=None)
    }
    return [(p, identities.get(p.pk)) for p in practitioners]


def agency_choices(case: Case, *, keep: Agency | None = None) -> list[tuple[int, str]]:
    """(id, name) of the lead partnership's active agencies, plus `keep` (a practitioner's agency that has
    since been made inactive), for the agency select."""
    choices = list(active_agencies_of_partnership(case.lead_partnership_id).values_list("pk", "name"))
    if keep is not None and keep.pk not in {pk for pk, _ in choices}:
        choices.append((keep.pk, keep.name))
    return choices
