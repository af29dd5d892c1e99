"""factory_boy factories. Every name is synthetic."""

from __future__ import annotations

import factory
from django.utils import timezone

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.models import (
    Agency,
    AgencyType,
    Membership,
    MembershipRole,
    Partnership,
)

TEST_PASSWORD = "correct-horse-battery-staple-42"


class PartnershipFactory(factory.django.DjangoModelFactory[Partnership]):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Testshire Safeguarding Children Partnership {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    local_authority_name = factory.Sequence(lambda n: f"Testshire Council {n}")
    case_reference_prefix = factory.Sequence(lambda n: f"T{n}")


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Test Agency {n}")
    agency_type = AgencyType.OTHER


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def grant(user: User, partnership: Partnership, role: str, agency: Agency | None = None) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, partnership=partnership, ended_at=None)
    MembershipRole.objects.get_or_create(membership=membership, role=role, agency=agency)
    return membership


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    """Only for data-volume tests; behaviour tests create cases through cases.services."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"TST-2026-{n:05d}")
    pseudonym = factory.Sequence(lambda n: f"Child {n}")
    lead_partnership = factory.SubFactory(PartnershipFactory)
    stage = Stage.REFERRAL
    stage_entered_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)
