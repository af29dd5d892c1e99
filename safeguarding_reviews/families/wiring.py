"""The family information letter, wired into reports (registered in apps.FamiliesConfig.ready): the context
builder `family_information_letter` makes the letter to one family member (`subject_id` is the FamilyMember's
id) on the task worker, from the partnership's template of the kind (reports.kinds), through
reports.DocumentGeneration.

The letter names the member and their address, so its context comes from the identity details (the case's
subject identity, or the added member's FamilyMemberIdentity), never from the review's text. Only those who
may see identity details read it (`may_read`), and anyone else who can see the case is answered 404
(`refused_as_not_found`). `build` runs on the task worker and records no read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.core import clock
from safeguarding_reviews.reports import builders
from safeguarding_reviews.subjects.policies import may_see_identity

from . import selectors
from .models import FamilyMember
from .policies import may_record_family
from .services import LETTER_BUILDER, LETTER_KIND, family_names_record_view

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

WHAT_THE_REVIEW_IS = (
    "{partnership} is holding a local child safeguarding practice review about {review}. The review looks at "
    "how the agencies that worked with your family worked together, so that children can be better protected "
    "in future. It is not about blaming anyone. If you take part, the independent reviewer will meet you "
    "at a time and place that suits you, listen to your views and explain how they are used. Before the "
    "report is published you will be offered the chance to see it. The report does not use your name."
)


def _member_named(case: Case, capacity: str) -> Any:
    membership = (
        CaseMembership.objects.filter(
            case=case, capacity=capacity, ended_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("added_at", "pk")
        .first()
    )
    return membership.user if membership is not None else None


def letter_context(case: Case, member_id: int) -> dict[str, Any] | None:
    """The `family_information_letter` kind's variables for one member of the case's family, or None if they
    are not on this case, were removed from it or have no name recorded."""
    member = (
        FamilyMember.objects.filter(case=case, pk=member_id, removed_at__isnull=True)
        .select_related("subject")
        .first()
    )
    if member is None:
        return None
    identity = selectors.letter_identity(case, member)
    if identity is None:
        return None
    reviewer = _member_named(case, CaseCapacity.INDEPENDENT_REVIEWER)
    lead = _member_named(case, CaseCapacity.CASE_LEAD)
    partnership = case.lead_partnership.name
    return {
        "partnership_name": partnership,
        "generated_on": clock.today(),
        "addressee_name": identity.name,
        "addressee_address": identity.address_lines,
        "review_name": case.pseudonym,
        "reviewer_name": reviewer.full_name if reviewer is not None else "not yet appointed",
        "what_the_review_is": WHAT_THE_REVIEW_IS.format(partnership=partnership, review=case.pseudonym),
        "contact": {
            "name": lead.full_name if lead is not None else "The business unit",
            "role": "Safeguarding partnership business unit",
            "telephone": "",
            "email": lead.email if lead is not None else "",
        },
    }


def _may_request(user: User, case: Case) -> bool:
    return may_record_family(user, case) and may_see_identity(user, case)


def _member_url(case: Case, member_id: int, version: int) -> str:
    return reverse("families:member", kwargs={"case_id": case.pk, "member_id": member_id})


def _downloaded(user: User, case: Case, member_id: int) -> None:
    """A download of the letter through the reports app's generic download is an identity read, as through
    families:letter_download."""
    member = FamilyMember.objects.filter(case=case, pk=member_id).first()
    if member is not None:
        family_names_record_view(actor=user, case=case, members=[member], page="family_letter_download")


def _filename(case: Case, version: int) -> str:
    return f"family-information-letter-{case.reference}"


BUILDER = builders.ContextBuilder(
    name=LETTER_BUILDER,
    kind=LETTER_KIND,
    purpose=LETTER_KIND,
    build=letter_context,
    may_request=_may_request,
    may_read=may_see_identity,
    subject_url=_member_url,
    filename=_filename,
    label="the information letter",
    refused_as_not_found=True,
    on_download=_downloaded,
)


def register() -> None:
    builders.register(BUILDER)
