"""What a case holds that a published report must not reveal, in the JSON structure of issue 15 item 3.

`identity_for_case(case) -> dict` is the structure `manage.py redaction_check --identity` reads, built from
the case (redaction.engine.identity_from_json reads both):

    {"pseudonym": str,
     "people": [{"role", "first_names", "last_name", "known_as": [str], "initials": [str],
                 "date_of_birth": "YYYY-MM-DD" | None, "nhs_number": str | None}],
     "addresses": [{"line1", "town", "postcode"}],
     "schools": [str],
     "incident_date": "YYYY-MM-DD" | None,
     "safe_terms": [str]}

- people: the case's children and household members (subjects.SubjectIdentity; role is their label, "Child
  J", "Mother of Child J"), the family members added during the review (families.FamilyMemberIdentity; role
  is their relationship, "Maternal grandparent") and the practitioners on the register, removed ones too
  (practitioners.PractitionerIdentity; role is theirs, "Health visitor"). A name recorded in error is still a
  name someone may have written.
- addresses: each person's address in parts (line 1, town, postcode), once each.
- schools: the children's schools and settings, then the short forms people write ("St Mary's").
- incident_date: the case's, else the notification's, else the referral's.
- safe_terms: what is never a finding on its own: the lead partnership's name and its agencies' names, the
  independent reviewer's name (on the report as its author) and the other children's and household members'
  labels (pseudonyms themselves).

**No audit event is recorded here.** The structure is identity details, so reading it is an identity read:
the caller (the redaction check's service) records it with `subjects.services.identity_record_view(actor=,
case=, page=, **identity_read_ids(case))`, in its own transaction, as every page that shows identity details
does. The task worker building a check for a person records it on that person's behalf.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.families.models import FamilyMemberIdentity
from safeguarding_reviews.notifications.models import Notification
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.practitioners.models import PractitionerIdentity
from safeguarding_reviews.referrals.models import Referral
from safeguarding_reviews.reviewers.models import AppointmentState, ReviewerAppointment
from safeguarding_reviews.subjects.identity_parts import clean_list
from safeguarding_reviews.subjects.models import Subject, SubjectIdentity

if TYPE_CHECKING:
    import datetime as dt

    from safeguarding_reviews.cases.models import Case


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _person(role: str, identity: Any, *, date_of_birth: dt.date | None = None, nhs_number: str = "") -> dict:
    return {
        "role": role,
        "first_names": identity.first_names,
        "last_name": identity.last_name,
        "known_as": clean_list(getattr(identity, "known_as", None)),
        "initials": clean_list(getattr(identity, "initials", None)),
        "date_of_birth": _iso(date_of_birth),
        "nhs_number": nhs_number or None,
    }


def _subject_identities(case: Case) -> list[SubjectIdentity]:
    return list(
        SubjectIdentity.objects.filter(subject__case=case)
        .select_related("subject")
        .order_by("subject__kind", "subject__order", "subject__pk")
    )


def _member_identities(case: Case) -> list[FamilyMemberIdentity]:
    return list(
        FamilyMemberIdentity.objects.filter(member__case=case).select_related("member").order_by("member__pk")
    )


def _practitioner_identities(case: Case) -> list[PractitionerIdentity]:
    return list(
        PractitionerIdentity.objects.filter(practitioner__case=case)
        .select_related("practitioner")
        .order_by("practitioner__pk")
    )


def _incident_date(case: Case) -> dt.date | None:
    if case.incident_date is not None:
        return case.incident_date
    for model in (Notification, Referral):
        found = model.objects.filter(case=case, incident_date__isnull=False).values_list(
            "incident_date", flat=True
        )
        day = found.first()
        if day is not None:
            return day
    return None


def _reviewer_names(case: Case) -> list[str]:
    """The independent reviewers named on the case (now or before) and any accepted appointment's."""
    named = CaseMembership.objects.filter(case=case, capacity=CaseCapacity.INDEPENDENT_REVIEWER).values_list(
        "user__full_name", flat=True
    )
    accepted = ReviewerAppointment.objects.filter(
        case=case, state=AppointmentState.ACCEPTED, user__isnull=False
    ).values_list("user__full_name", flat=True)
    return [*named, *accepted]


def identity_for_case(case: Case) -> dict[str, Any]:
    """The case's protected identifiers and safe terms (module docstring). A fixed number of queries
    (nine at most), however many people the case holds. Records no audit event: the caller does."""
    people: list[dict[str, Any]] = []
    addresses: list[dict[str, str]] = []
    schools: list[str] = []
    labels: list[str] = []
    for identity in _subject_identities(case):
        subject = identity.subject
        labels.append(subject.label)
        people.append(
            _person(
                subject.label, identity, date_of_birth=identity.date_of_birth, nhs_number=identity.nhs_number
            )
        )
        addresses.append(_address(identity))
        schools += [*(identity.schools or []), *(identity.school_short_names or [])]
    for member_identity in _member_identities(case):
        people.append(_person(member_identity.member.label, member_identity))
        addresses.append(_address(member_identity))
    for practitioner_identity in _practitioner_identities(case):
        people.append(_person(practitioner_identity.practitioner.role, practitioner_identity))
    partnership = case.lead_partnership
    agencies = (
        Agency.objects.filter(partnership_id=partnership.pk).order_by("name").values_list("name", flat=True)
    )
    return {
        "pseudonym": case.pseudonym,
        "people": people,
        "addresses": _distinct_addresses(addresses),
        "schools": clean_list(schools),
        "incident_date": _iso(_incident_date(case)),
        "safe_terms": clean_list(
            [
                partnership.name,
                *agencies,
                *_reviewer_names(case),
                *(label for label in labels if label != case.pseudonym),
            ]
        ),
    }


def _address(identity: Any) -> dict[str, str]:
    return {"line1": identity.address_line_1, "town": identity.town, "postcode": identity.postcode}


def _distinct_addresses(addresses: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each address once (ignoring case and spacing), without empty ones, in the order met."""
    seen: set[tuple[str, ...]] = set()
    result = []
    for address in addresses:
        key = tuple(" ".join(value.split()).casefold() for value in address.values())
        if any(key) and key not in seen:
            seen.add(key)
            result.append(address)
    return result


def identity_read_ids(case: Case) -> dict[str, list[int]]:
    """The ids of the identity records identity_for_case reads, for the caller's audit event
    (`subjects.services.identity_record_view(..., **identity_read_ids(case))`). Three queries."""
    return {
        "subject_ids": list(
            Subject.objects.filter(case=case, identity__isnull=False).values_list("pk", flat=True)
        ),
        "family_member_ids": list(
            FamilyMemberIdentity.objects.filter(member__case=case).values_list("member_id", flat=True)
        ),
        "practitioner_ids": list(
            PractitionerIdentity.objects.filter(practitioner__case=case).values_list(
                "practitioner_id", flat=True
            )
        ),
    }
