"""Personas: one person per role in partnership A, plus outsiders. Cases are made through services."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.db import transaction

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case, CaseCapacity
from safeguarding_reviews.organisations.models import Agency, Partnership
from safeguarding_reviews.organisations.roles import Role

from .factories import AgencyFactory, PartnershipFactory, UserFactory, grant


def tool_missing(message: str) -> None:
    """A test needs something from Debian that this machine lacks (Chromium, pdftotext): skip with how to
    get it, except under CI=true, where .ci/run installs it and its absence is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# Role personas, keyed by the names docs/roles.md uses as matrix columns.
ROLE_PERSONAS = {
    "business_unit_officer": Role.BUSINESS_UNIT_OFFICER,
    "business_manager": Role.BUSINESS_MANAGER,
    "delegate_local_authority": Role.DELEGATE_LOCAL_AUTHORITY,
    "delegate_icb": Role.DELEGATE_ICB,
    "delegate_police": Role.DELEGATE_POLICE,
    "independent_chair": Role.INDEPENDENT_CHAIR,
    "review_committee_member": Role.REVIEW_COMMITTEE_MEMBER,
    "agency_representative": Role.AGENCY_REPRESENTATIVE,
    "agency_author": Role.AGENCY_AUTHOR,
    "independent_reviewer": Role.INDEPENDENT_REVIEWER,
    "auditor": Role.AUDITOR,
    # Issue 16: partnership-wide for the action plans only; never named on a case (matrix column MON).
    "monitoring_committee_member": Role.MONITORING_COMMITTEE_MEMBER,
}


@dataclass
class World:
    """Partnership A with a person in every role and one case; partnership B with its own manager."""

    partnership: Partnership
    other_partnership: Partnership
    agency: Agency
    people: dict[str, User]
    case: Case
    share_case: Case | None = None


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The world's rows, made in the open transaction (the `world` fixture's test, or the authorization
    matrix's module-wide one: tests/test_authorization_matrix.py)."""
    partnership = PartnershipFactory.create(
        name="Alphashire Safeguarding Children Partnership", slug="alphashire"
    )
    other = PartnershipFactory.create(name="Betashire Safeguarding Children Partnership", slug="betashire")
    agency = AgencyFactory.create(partnership=partnership, name="Alphashire Test Hospital")
    people: dict[str, User] = {}
    for key, role in ROLE_PERSONAS.items():
        user = UserFactory.create(full_name=f"Persona {key}", email=f"{key}@test.example")
        grant(user, partnership, role, agency if key.startswith("agency_") else None)
        people[key] = user
    # Same partnership, a review committee member not named on the case, and the case not on the committee's
    # list (reviewers:committee): need-to-know says 404.
    people["non_member"] = UserFactory.create(full_name="Persona non member", email="non_member@test.example")
    grant(people["non_member"], partnership, Role.REVIEW_COMMITTEE_MEMBER)
    # A business manager of another partnership.
    people["other_partnership"] = UserFactory.create(
        full_name="Persona other", email="other_partnership@test.example"
    )
    grant(people["other_partnership"], other, Role.BUSINESS_MANAGER)
    people["platform_admin"] = UserFactory.create(
        full_name="Persona admin", email="platform_admin@test.example", is_platform_admin=True
    )
    case = case_services.case_create(
        actor=people["business_unit_officer"],
        partnership=partnership,
        pseudonym="Child Q",
        summary="Synthetic.",
    )
    for key, capacity in [
        ("review_committee_member", CaseCapacity.COMMITTEE_MEMBER),
        ("agency_representative", CaseCapacity.AGENCY_REPRESENTATIVE),
        ("agency_author", CaseCapacity.AGENCY_AUTHOR),
    ]:
        case_services.case_member_add(
            actor=people["business_unit_officer"], case=case, user=people[key], capacity=capacity
        )
    # The reviewer persona is an accepted reviewer: appointed, declaration accepted, so named on the case
    # (a reviewer cannot be named through "People on this case"; reviewers.services.declaration_accept).
    with transaction.atomic():
        case_services.case_reviewer_join(
            actor=people["business_manager"], case=case, user=people["independent_reviewer"]
        )
    return World(partnership=partnership, other_partnership=other, agency=agency, people=people, case=case)


def sign_in(client, user) -> None:
    """Sign a test client in as `user`, past the MFA requirement (tests of MFA itself do it for real)."""
    client.force_login(user)
    session = client.session
    session["_sr_mfa_ok"] = True
    session.save()


@pytest.fixture
def as_user(client):
    def _as(user):
        client.logout()
        sign_in(client, user)
        return client

    return _as
