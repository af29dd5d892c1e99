"""Reads of a case's practitioners. Names only through names_for (policy-checked) or, for the reviewer's
declaration page, declaration_practitioners (the reviewers app has checked its own rule)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership

from . import rules
from .models import DraftSharing, NoBlameStatement, Practitioner, PractitionerIdentity, PractitionerInvitation
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


def involvement_statuses(case: Case, practitioners: list[Practitioner]) -> dict[int, rules.InvolvementStatus]:
    """{practitioner id: compact involvement status} for these practitioners of the case (those with nothing
    recorded included). Three queries, however many practitioners."""
    on_register = {"practitioner__case": case, "practitioner__removed_at__isnull": True}
    if not practitioners:
        return {}
    invitations: dict[int, list[tuple[str, str]]] = {}
    first_invited: dict[int, dt.date] = {}
    for pid, response, attended, invited_on in PractitionerInvitation.objects.filter(
        **on_register
    ).values_list("practitioner_id", "response", "attended", "invited_on"):
        invitations.setdefault(pid, []).append((response, attended))
        first_invited[pid] = min(invited_on, first_invited.get(pid, invited_on))
    statements = dict(
        NoBlameStatement.objects.filter(**on_register).values_list("practitioner_id", "given_on")
    )
    drafts = {
        pid: (shared_on, commented)
        for pid, shared_on, commented in DraftSharing.objects.filter(**on_register).values_list(
            "practitioner_id", "shared_on", "commented"
        )
    }
    return {p.pk: _status(p.pk, invitations, statements, drafts, first_invited) for p in practitioners}


def _status(
    pid: int,
    invitations: dict[int, list[tuple[str, str]]],
    statements: dict[int, dt.date],
    drafts: dict[int, tuple[dt.date, str]],
    first_invited: dict[int, dt.date],
) -> rules.InvolvementStatus:
    shared_on, commented = drafts.get(pid, (None, ""))
    return rules.involvement_status(
        statement_on=statements.get(pid),
        invitations=invitations.get(pid, []),
        draft_shared_on=shared_on,
        draft_commented=commented,
        first_invited_on=first_invited.get(pid),
    )


class Involvement:
    """One practitioner's involvement: their invitations (oldest first), the statement and the draft's
    sharing (None if not recorded), and the compact status."""

    def __init__(
        self,
        invitations: list[PractitionerInvitation],
        statement: NoBlameStatement | None,
        draft: DraftSharing | None,
    ) -> None:
        self.invitations = invitations
        self.statement = statement
        self.draft = draft
        self.status = rules.involvement_status(
            statement_on=statement.given_on if statement else None,
            invitations=[(i.response, i.attended) for i in invitations],
            draft_shared_on=draft.shared_on if draft else None,
            draft_commented=draft.commented if draft else "",
            first_invited_on=min((i.invited_on for i in invitations), default=None),
        )


def involvement_of(practitioner: Practitioner) -> Involvement:
    """The practitioner's involvement. Three queries."""
    return Involvement(
        invitations=list(PractitionerInvitation.objects.filter(practitioner=practitioner)),
        statement=NoBlameStatement.objects.filter(practitioner=practitioner).first(),
        draft=DraftSharing.objects.filter(practitioner=practitioner).select_related("draft").first(),
    )


def invitation_get(practitioner: Practitioner, invitation_id: int) -> PractitionerInvitation | None:
    """One of the practitioner's invitations (with the practitioner already loaded), or None."""
    invitation = PractitionerInvitation.objects.filter(practitioner=practitioner, pk=invitation_id).first()
    if invitation is not None:
        invitation.practitioner = practitioner
    return invitation
