"""Who sees a case: table test over every persona (docs/roles.md, 'Seeing a case')."""

import pytest

from safeguarding_reviews.cases import services
from safeguarding_reviews.cases.policies import case_nav, visible_cases

SEES_UNRESTRICTED_CASE = {
    "business_unit_officer": True,
    "business_manager": True,
    "delegate_local_authority": True,
    "delegate_icb": True,
    "delegate_police": True,
    "independent_chair": True,
    "review_committee_member": True,  # named on the case
    "agency_representative": True,  # named on the case
    "agency_author": False,  # named as agency author: sees only their own request (rapid_review)
    "independent_reviewer": True,  # named on the case
    "auditor": True,
    "non_member": False,
    "other_partnership": False,
    "platform_admin": False,
}


@pytest.mark.parametrize(("persona", "expected"), SEES_UNRESTRICTED_CASE.items())
def test_visible_cases(world, persona, expected):
    assert visible_cases(world.people[persona]).filter(pk=world.case.pk).exists() is expected


SEES_RESTRICTED_CASE = {
    "business_unit_officer": True,  # named as case lead by creating it
    "business_manager": True,
    "delegate_local_authority": False,
    "independent_chair": False,
    "auditor": False,
    "review_committee_member": False,
    "other_partnership": False,
}


@pytest.mark.parametrize(("persona", "expected"), SEES_RESTRICTED_CASE.items())
def test_restricted_case_is_need_to_know(world, persona, expected):
    restricted = services.case_create(
        actor=world.people["business_unit_officer"],
        partnership=world.partnership,
        pseudonym="Child Z",
        is_restricted=True,
    )
    assert visible_cases(world.people[persona]).filter(pk=restricted.pk).exists() is expected


def test_sharing_lets_the_other_partnership_see(world):
    other = world.people["other_partnership"]
    assert not visible_cases(other).filter(pk=world.case.pk).exists()
    services.case_share(
        actor=world.people["business_manager"],
        case=world.case,
        partnership=world.other_partnership,
        reason="Child lived there",
    )
    assert visible_cases(other).filter(pk=world.case.pk).exists()


def test_a_restricted_shared_case_is_not_seen_by_the_other_partnership(world):
    manager = world.people["business_manager"]
    services.case_share(
        actor=manager, case=world.case, partnership=world.other_partnership, reason="Lived there"
    )
    other = world.people["other_partnership"]
    assert visible_cases(other).filter(pk=world.case.pk).exists()
    services.case_update(actor=manager, case=world.case, expected_version=1, changes={"is_restricted": True})
    assert not visible_cases(other).filter(pk=world.case.pk).exists()
    assert visible_cases(manager).filter(pk=world.case.pk).exists()


# The case pages' shared navigation offers only the guarded pages each person may open.
CASE_NAV = {
    "business_unit_officer": (True, True, False),
    "business_manager": (True, True, True),
    "auditor": (False, False, True),
    "delegate_police": (False, False, False),
}


@pytest.mark.parametrize(("persona", "expected"), CASE_NAV.items())
def test_case_nav_offers_only_what_the_person_may_open(world, persona, expected):
    nav = case_nav(world.people[persona], world.case)
    assert nav["case"] is world.case
    assert (nav["may_manage_members"], nav["may_share"], nav["may_view_audit"]) == expected
    assert set(nav) == {"case", "may_manage_members", "may_share", "may_view_audit"}
