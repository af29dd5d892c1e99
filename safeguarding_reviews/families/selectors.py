"""Reads of a case's family members. Names and addresses only through names_for (policy-checked) or, for
the information letter, letter_identity (the caller has checked may_see_identity)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.report_drafts.models import ReportDraft
from safeguarding_reviews.subjects.ages import age_on
from safeguarding_reviews.subjects.identity_parts import address_lines, display_name
from safeguarding_reviews.subjects.models import Subject, SubjectIdentity, SubjectKind

from . import rules
from .models import FamilyMember, FamilyMemberContact, FamilyMemberIdentity
from .policies import may_see_family_names

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def case_members(case: Case) -> list[FamilyMember]:
    """The case's family members (not removed) with their subjects, in the order added. One query."""
    return list(
        FamilyMember.objects.filter(case=case, removed_at__isnull=True)
        .select_related("subject")
        .order_by("pk")
    )


def family_list(case: Case) -> tuple[list[FamilyMember], list[FamilyMember]]:
    """The family page's members: (current, removed), each in the order added. One query for both."""
    rows = list(FamilyMember.objects.filter(case=case).select_related("subject", "removed_by").order_by("pk"))
    return [m for m in rows if not m.is_removed], [m for m in rows if m.is_removed]


def member_get(case: Case, member_id: int) -> FamilyMember | None:
    """One member of the case, removed or not (a removed member's pages stay readable)."""
    return (
        FamilyMember.objects.filter(case=case, pk=member_id)
        .select_related("subject", "draft", "removed_by")
        .first()
    )


def statuses(members: list[FamilyMember]) -> dict[int, str]:
    """{member id: status code} (rules.Status). One query, however many members."""
    if not members:
        return {}
    contacts: dict[int, list[tuple[str, str]]] = {}
    rows = FamilyMemberContact.objects.filter(member__in=[m.pk for m in members]).order_by("on", "pk")
    for member_id, kind, result in rows.values_list("member_id", "kind", "result"):
        contacts.setdefault(member_id, []).append((kind, result))
    return {m.pk: rules.member_status(approach=m.approach, contacts=contacts.get(m.pk, [])) for m in members}


def summary(case: Case) -> str:
    """The task list's words for the family row. Two queries."""
    return rules.summary(list(statuses(case_members(case)).values()))


def ages(case: Case, members: list[FamilyMember]) -> dict[int, int | None]:
    """{member id: age in years today} for the child members: from the subject's date of birth where known
    (the age, not the date, is shown), else the age recorded. One query (the case's children's dates of
    birth), however many members."""
    if not members:
        return {}
    births = dict(
        SubjectIdentity.objects.filter(
            subject__case=case, subject__kind=SubjectKind.CHILD, date_of_birth__isnull=False
        ).values_list("subject_id", "date_of_birth")
    )
    today = clock.today()
    result: dict[int, int | None] = {}
    for member in members:
        if not member.is_child:
            continue
        born = births.get(member.subject_id) if member.subject_id is not None else None
        if born is not None:
            result[member.pk] = age_on(born, today)
        elif member.subject is not None:
            result[member.pk] = member.subject.age_years
        else:
            result[member.pk] = member.age_years
    return result


def contacts_of(member: FamilyMember) -> list[FamilyMemberContact]:
    return list(FamilyMemberContact.objects.filter(member=member).order_by("on", "pk"))


def subject_choices(case: Case) -> list[tuple[int, str]]:
    """(id, label) of the case's people not yet in the family list, children first."""
    taken = FamilyMember.objects.filter(case=case, subject__isnull=False, removed_at__isnull=True).values(
        "subject_id"
    )
    return list(
        Subject.objects.filter(case=case)
        .exclude(pk__in=taken)
        .order_by("kind", "order", "pk")
        .values_list("pk", "label")
    )


def subject_is_child(case: Case, subject_id: int) -> bool | None:
    """Whether the case's subject is a child; None if it is not one of the case's people."""
    kind = Subject.objects.filter(case=case, pk=subject_id).values_list("kind", flat=True).first()
    return None if kind is None else kind == SubjectKind.CHILD


def draft_choices(case_id: Any) -> list[tuple[int, str]]:
    """(id, "Version N") of the case's report drafts, newest first."""
    rows = ReportDraft.objects.filter(case_id=case_id).order_by("-version").values_list("pk", "version")
    return [(pk, f"Version {version}") for pk, version in rows]


@dataclass(frozen=True)
class Identity:
    """What the screens and the letter show of a member's identity: the name and address in parts (from
    the subject's identity or the added member's), with the text first recorded before the split."""

    first_names: str
    last_name: str
    known_as: tuple[str, ...]
    initials: tuple[str, ...]
    address_line_1: str
    town: str
    postcode: str
    name_as_recorded: str = ""
    address_as_recorded: str = ""

    @classmethod
    def of(cls, row: SubjectIdentity | FamilyMemberIdentity) -> Identity:
        return cls(
            first_names=row.first_names,
            last_name=row.last_name,
            known_as=tuple(row.known_as or ()),
            initials=tuple(row.initials or ()),
            address_line_1=row.address_line_1,
            town=row.town,
            postcode=row.postcode,
            name_as_recorded=row.name_as_recorded,
            address_as_recorded=row.address_as_recorded,
        )

    @property
    def name(self) -> str:
        """First names and last name, as a letter is addressed."""
        return display_name(self.first_names, self.last_name)

    @property
    def display_name(self) -> str:
        """'Jayden Smith (known as Jay)', as screens show it."""
        return display_name(self.first_names, self.last_name, self.known_as)

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.address_line_1, self.town, self.postcode)


def _identities(case: Case, members: list[FamilyMember]) -> dict[int, Identity]:
    # The identities of the case's people in its family list (one query whoever the members are).
    in_family = FamilyMember.objects.filter(case=case, subject__isnull=False).values("subject_id")
    by_subject = {i.subject_id: i for i in SubjectIdentity.objects.filter(subject_id__in=in_family)}
    added = {i.member_id: i for i in FamilyMemberIdentity.objects.filter(member__case=case)}
    result: dict[int, Identity] = {}
    for member in members:
        row: SubjectIdentity | FamilyMemberIdentity | None = (
            by_subject.get(member.subject_id) if member.subject_id is not None else added.get(member.pk)
        )
        if row is not None:
            result[member.pk] = Identity.of(row)
    return result


def names_for(user: User, case: Case, members: list[FamilyMember]) -> dict[int, Identity]:
    """{member id: identity} for these members, or {} if the user may not see identity details. The caller
    shows them and records the identity read with the ids it showed. Two queries after the policy's."""
    if not members or not may_see_family_names(user, case):
        return {}
    return _identities(case, members)


def letter_identity(case: Case, member: FamilyMember) -> Identity | None:
    """The member's name and address for the information letter (the task worker or a caller that checked
    may_see_identity)."""
    return _identities(case, [member]).get(member.pk)
