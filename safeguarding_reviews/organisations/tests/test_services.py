"""organisations.services: each rule and each refusal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding_reviews.accounts.models import User, UserSession
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import CaseMembership
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.organisations import services
from safeguarding_reviews.organisations.models import Agency, Invitation, Membership, MembershipRole
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import invitation_token_hash
from tests.factories import AgencyFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def _invite(world, email="new.person@test.example", roles=(Role.REVIEW_COMMITTEE_MEMBER,), **kwargs):
    kwargs.setdefault("actor", world.people["business_manager"])
    kwargs.setdefault("partnership", world.partnership)
    kwargs.setdefault("full_name", "New Person")
    return services.invitation_create(email=email, roles=list(roles), **kwargs)


def _membership(world, key):
    return Membership.objects.get(user=world.people[key], partnership=world.partnership, ended_at=None)


def _last_event():
    return AuditEvent.objects.order_by("-sequence").first()


# --- invitations ------------------------------------------------------------------------------------


def test_invitation_stores_only_the_token_hash_and_expires_in_14_days(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(world, email=" New.Person@Test.Example ")
    assert invitation.email == "new.person@test.example"
    assert invitation.token_hash == invitation_token_hash(token)
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invitation.expires_at - clock.now() > dt.timedelta(days=13, hours=23)
    assert invitation.expires_at - clock.now() <= dt.timedelta(days=14)
    event = _last_event()
    assert event.event_type == EventType.INVITATION_SENT
    assert event.data == {"roles": [Role.REVIEW_COMMITTEE_MEMBER], "agency_id": None}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@test.example"]
    assert token in mail.outbox[0].body


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"roles": []}, "roles", "Select at least one role"),
        ({"roles": ["emperor"]}, "roles", "Select roles from the list"),
        ({"roles": [Role.AGENCY_AUTHOR]}, "agency", "Select the agency the agency roles act for"),
        ({"email": "business_manager@test.example"}, "email", "You cannot invite yourself"),
        (
            {"email": "AUDITOR@test.example"},
            "email",
            "already a member of the partnership; change their roles",
        ),
    ],
)
def test_invitation_refusals(world, kwargs, field, message):
    with pytest.raises(ValidationError) as exc:
        _invite(world, **kwargs)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Invitation.objects.exists()


def test_invitation_refuses_an_agency_of_another_partnership(world):
    elsewhere = AgencyFactory.create(partnership=world.other_partnership)
    with pytest.raises(ValidationError, match="Select an agency from the list") as exc:
        _invite(world, roles=[Role.AGENCY_AUTHOR], agency=elsewhere)
    assert "agency" in exc.value.message_dict


def test_invitation_refused_while_one_is_pending_but_not_after_it_expires(world):
    _invite(world)
    with pytest.raises(
        ValidationError, match="An invitation to this email address is waiting; revoke it"
    ) as exc:
        _invite(world, email="NEW.person@test.example")
    assert "waiting" in exc.value.message_dict["email"][0]
    with time_machine.travel(clock.now() + dt.timedelta(days=15)):
        _invite(world)
    assert Invitation.objects.count() == 2


@pytest.mark.parametrize("key", ["business_unit_officer", "delegate_police", "auditor", "other_partnership"])
def test_only_a_business_manager_of_the_partnership_may_invite(world, key):
    with pytest.raises(PermissionDenied, match="Only the business manager manages people"):
        _invite(world, actor=world.people[key])


def test_platform_admin_may_not_invite_into_a_partnership(world):
    with pytest.raises(PermissionDenied, match="Only the business manager manages people"):
        _invite(world, actor=world.people["platform_admin"])


def test_accepting_as_a_new_person_creates_one_account_with_the_roles(world):
    invitation, _ = _invite(world, roles=[Role.AGENCY_AUTHOR], agency=world.agency)
    user = services.invitation_accept_new_account(
        invitation=invitation, full_name="New Person", password="a-long-synthetic-password-1"
    )
    assert user.email == "new.person@test.example"
    assert user.check_password("a-long-synthetic-password-1")
    rows = list(MembershipRole.objects.filter(membership__user=user).values_list("role", "agency_id"))
    assert rows == [(Role.AGENCY_AUTHOR, world.agency.pk)]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.state == "accepted"
    assert _last_event().data["new_account"] is True
    with pytest.raises(services.InvitationUnavailable, match="accepted"):
        services.invitation_accept_new_account(
            invitation=invitation, full_name="X", password="whatever-it-is-1"
        )


def test_inviting_an_existing_account_from_another_partnership_adds_a_membership(world):
    person = world.people["other_partnership"]
    invitation, _ = _invite(world, email=person.email, roles=[Role.INDEPENDENT_CHAIR])
    membership = services.invitation_accept(actor=person, invitation=invitation)
    assert User.objects.filter(email=person.email).count() == 1
    assert membership.partnership == world.partnership
    assert set(
        Membership.objects.filter(user=person, ended_at=None).values_list("partnership", flat=True)
    ) == {
        world.partnership.pk,
        world.other_partnership.pk,
    }
    assert list(membership.roles.values_list("role", flat=True)) == [Role.INDEPENDENT_CHAIR]


def test_accepting_adds_roles_to_an_existing_active_membership(world):
    person = world.people["auditor"]
    invitation = Invitation.objects.create(
        partnership=world.partnership,
        email=person.email,
        full_name="x",
        roles=[Role.AUDITOR, Role.INDEPENDENT_REVIEWER],
        token_hash="0" * 64,
        invited_by=world.people["business_manager"],
        expires_at=clock.now() + dt.timedelta(days=1),
    )
    membership = services.invitation_accept(actor=person, invitation=invitation)
    assert Membership.objects.filter(user=person, partnership=world.partnership).count() == 1
    assert sorted(membership.roles.values_list("role", flat=True)) == [
        Role.AUDITOR,
        Role.INDEPENDENT_REVIEWER,
    ]
    assert _last_event().data["roles_added"] == [Role.INDEPENDENT_REVIEWER]


def test_accepting_as_someone_else_is_refused(world):
    invitation, _ = _invite(world)
    with pytest.raises(PermissionDenied, match="This invitation was sent to a different email address"):
        services.invitation_accept(actor=world.people["auditor"], invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_expired_and_revoked_invitations_cannot_be_accepted(world):
    invitation, _ = _invite(world)
    with time_machine.travel(clock.now() + dt.timedelta(days=14, minutes=1)):
        with pytest.raises(services.InvitationUnavailable, match="expired") as exc:
            services.invitation_accept_new_account(
                invitation=invitation, full_name="N", password="long-password-x1"
            )
        assert exc.value.state == "expired"
    services.invitation_revoke(actor=world.people["business_manager"], invitation=invitation)
    assert _last_event().event_type == EventType.INVITATION_REVOKED
    with pytest.raises(services.InvitationUnavailable, match="revoked") as exc:
        services.invitation_accept_new_account(
            invitation=invitation, full_name="N", password="long-password-x1"
        )
    assert exc.value.state == "revoked"


def test_revoke_requires_a_manager(world):
    invitation, _ = _invite(world)
    with pytest.raises(PermissionDenied, match="Only the business manager manages people"):
        services.invitation_revoke(actor=world.people["other_partnership"], invitation=invitation)


# --- roles ------------------------------------------------------------------------------------------


def test_nobody_can_change_their_own_roles(world):
    manager = world.people["business_manager"]
    membership = _membership(world, "business_manager")
    with pytest.raises(PermissionDenied, match="own roles"):
        services.membership_roles_set(
            actor=manager,
            membership=membership,
            roles=[Role.BUSINESS_MANAGER, Role.DELEGATE_POLICE],
            agency=None,
            expected_version=membership.version,
        )
    assert list(membership.roles.values_list("role", flat=True)) == [Role.BUSINESS_MANAGER]


def test_roles_change_is_audited_with_codes_and_the_person_is_emailed(
    world, django_capture_on_commit_callbacks
):
    membership = _membership(world, "auditor")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_roles_set(
            actor=world.people["business_manager"],
            membership=membership,
            roles=[Role.AGENCY_REPRESENTATIVE, Role.REVIEW_COMMITTEE_MEMBER],
            agency=world.agency,
            expected_version=1,
        )
    rows = set(membership.roles.values_list("role", "agency_id"))
    assert rows == {(Role.AGENCY_REPRESENTATIVE, world.agency.pk), (Role.REVIEW_COMMITTEE_MEMBER, None)}
    event = _last_event()
    assert event.event_type == EventType.ROLES_CHANGED
    assert event.data["added"] == [Role.AGENCY_REPRESENTATIVE, Role.REVIEW_COMMITTEE_MEMBER]
    assert event.data["removed"] == [Role.AUDITOR]
    assert [m.to for m in mail.outbox] == [["auditor@test.example"]]
    membership.refresh_from_db()
    assert membership.version == 2


def test_roles_change_on_a_stale_version_is_refused(world):
    membership = _membership(world, "auditor")
    kwargs = {"actor": world.people["business_manager"], "membership": membership, "agency": None}
    services.membership_roles_set(roles=[Role.INDEPENDENT_CHAIR], expected_version=1, **kwargs)
    with pytest.raises(StaleVersionError, match="stale version"):
        services.membership_roles_set(roles=[Role.INDEPENDENT_REVIEWER], expected_version=1, **kwargs)
    assert list(membership.roles.values_list("role", flat=True)) == [Role.INDEPENDENT_CHAIR]


def test_roles_change_needs_a_role_and_an_agency_for_agency_roles(world):
    membership = _membership(world, "auditor")
    kwargs = {"actor": world.people["business_manager"], "membership": membership, "expected_version": 1}
    with pytest.raises(ValidationError, match="Select at least one role") as exc:
        services.membership_roles_set(roles=[], agency=None, **kwargs)
    assert "roles" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Select the agency the agency roles act for") as exc:
        services.membership_roles_set(roles=[Role.AGENCY_AUTHOR], agency=None, **kwargs)
    assert "agency" in exc.value.message_dict


def test_another_manager_can_be_demoted_because_the_actor_remains(world):
    second = UserFactory.create()
    membership = grant(second, world.partnership, Role.BUSINESS_MANAGER)
    services.membership_roles_set(
        actor=world.people["business_manager"],
        membership=membership,
        roles=[Role.AUDITOR],
        agency=None,
        expected_version=1,
    )
    assert not services._other_managers_exist(
        partnership=world.partnership, excluding=_membership(world, "business_manager")
    )


def test_a_manager_who_lost_the_role_cannot_change_roles(world):
    manager = world.people["business_manager"]
    _membership(world, "business_manager").roles.update(role=Role.AUDITOR)
    with pytest.raises(PermissionDenied, match="Only the business manager manages people"):
        services.membership_roles_set(
            actor=manager,
            membership=_membership(world, "auditor"),
            roles=[Role.BUSINESS_MANAGER],
            agency=None,
            expected_version=1,
        )


# --- MFA reset, ending a membership -----------------------------------------------------------------


def _sessions(user, n=2):
    from django.contrib.sessions.backends.db import SessionStore

    for _ in range(n):
        store = SessionStore()
        store["x"] = 1
        store.create()
        assert store.session_key is not None
        UserSession.objects.create(user=user, session_key=store.session_key)


def test_mfa_reset_removes_authenticators_and_sessions(world, django_capture_on_commit_callbacks):
    person = world.people["auditor"]
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "synthetic"})
    Authenticator.objects.create(user=person, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    _sessions(person)
    with django_capture_on_commit_callbacks(execute=True):
        removed = services.membership_mfa_reset(
            actor=world.people["business_manager"], membership=_membership(world, "auditor")
        )
    assert removed == 2
    assert not Authenticator.objects.filter(user=person).exists()
    assert not UserSession.objects.filter(user=person).exists()
    event = _last_event()
    assert event.event_type == EventType.MFA_RESET
    assert event.data["sessions_ended"] == 2
    assert mail.outbox[0].to == [person.email]


def test_mfa_reset_of_yourself_is_refused(world):
    with pytest.raises(PermissionDenied, match="You cannot do this to your own membership\\. Ask another"):
        services.membership_mfa_reset(
            actor=world.people["business_manager"], membership=_membership(world, "business_manager")
        )


def test_membership_end_removes_cases_of_this_partnership_and_sessions(
    world, django_capture_on_commit_callbacks
):
    person = world.people["review_committee_member"]
    assert CaseMembership.objects.filter(user=person, ended_at=None).count() == 1
    _sessions(person, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_end(
            actor=world.people["business_manager"], membership=_membership(world, "review_committee_member")
        )
    assert not Membership.objects.filter(user=person, ended_at=None).exists()
    assert not CaseMembership.objects.filter(user=person, ended_at=None).exists()
    assert not UserSession.objects.filter(user=person).exists()
    event = _last_event()
    assert event.event_type == EventType.MEMBERSHIP_ENDED
    assert event.data == {"user_id": person.pk, "case_memberships_ended": 1, "sessions_ended": 1}
    assert mail.outbox[0].to == [person.email]


def test_membership_end_of_yourself_is_refused(world):
    with pytest.raises(PermissionDenied, match="You cannot do this to your own membership\\. Ask another"):
        services.membership_end(
            actor=world.people["business_manager"], membership=_membership(world, "business_manager")
        )


# --- agencies ---------------------------------------------------------------------------------------


def test_agency_names_are_unique_in_a_partnership(world):
    actor = world.people["business_manager"]
    services.agency_create(
        actor=actor, partnership=world.partnership, name="Alpha Police", agency_type="police"
    )
    assert _last_event().event_type == EventType.AGENCY_CREATED
    with pytest.raises(
        ValidationError, match="An agency with this name is already in the partnership"
    ) as exc:
        services.agency_create(
            actor=actor, partnership=world.partnership, name="alpha  police", agency_type="police"
        )
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Select the type of agency"):
        services.agency_create(
            actor=actor, partnership=world.partnership, name="Other", agency_type="wizards"
        )
    with pytest.raises(PermissionDenied, match="Only the business manager manages people"):
        services.agency_create(
            actor=world.people["auditor"], partnership=world.partnership, name="Other", agency_type="police"
        )
    assert Agency.objects.filter(partnership=world.partnership).count() == 2


# --- platform ---------------------------------------------------------------------------------------


def _create_partnership(actor, **overrides):
    kwargs = {
        "name": "Gammashire Safeguarding Children Partnership",
        "slug": "gammashire",
        "local_authority_name": "Gammashire Council",
        "case_reference_prefix": "GSCP",
        "manager_email": "gamma.manager@test.example",
        "manager_name": "Gamma Manager",
    } | overrides
    return services.partnership_create(actor=actor, **kwargs)


def test_platform_admin_creates_a_partnership_and_invites_its_manager(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partnership, invitation, token = _create_partnership(world.people["platform_admin"])
    assert invitation.partnership == partnership and invitation.roles == [Role.BUSINESS_MANAGER]
    assert _last_event().event_type == EventType.PARTNERSHIP_CREATED
    assert mail.outbox[0].to == ["gamma.manager@test.example"] and token in mail.outbox[0].body
    # The platform administrator did not become a member.
    assert not Membership.objects.filter(user=world.people["platform_admin"]).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slug": "alphashire"}, "slug"),
        ({"slug": "invitations"}, "slug"),
        ({"name": "alphashire safeguarding children partnership"}, "name"),
        ({"manager_email": "platform_admin@test.example"}, "manager_email"),
    ],
)
def test_partnership_create_refusals(world, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _create_partnership(world.people["platform_admin"], **overrides)
    assert field in exc.value.message_dict


def test_only_the_platform_admin_creates_partnerships(world):
    with pytest.raises(PermissionDenied, match="Only a platform administrator does this"):
        _create_partnership(world.people["business_manager"])


def test_deactivation_ends_everything_at_once(world, django_capture_on_commit_callbacks):
    person = world.people["agency_author"]
    grant(person, world.other_partnership, Role.AUDITOR)
    _sessions(person, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_deactivate(actor=world.people["platform_admin"], user=person)
    person.refresh_from_db()
    assert person.is_active is False and person.deactivated_at is not None
    assert not Membership.objects.filter(user=person, ended_at=None).exists()
    assert not CaseMembership.objects.filter(user=person, ended_at=None).exists()
    assert not UserSession.objects.filter(user=person).exists()
    event = _last_event()
    assert event.event_type == EventType.ACCOUNT_DEACTIVATED
    assert event.data["memberships_ended"] == 2 and event.data["sessions_ended"] == 3
    assert mail.outbox[0].to == [person.email]
    with pytest.raises(ValidationError, match="This account is already deactivated"):
        services.account_deactivate(actor=world.people["platform_admin"], user=person)


def test_deactivation_refusals(world):
    admin = world.people["platform_admin"]
    with pytest.raises(PermissionDenied, match="You cannot deactivate your own account"):
        services.account_deactivate(actor=admin, user=admin)
    with pytest.raises(PermissionDenied, match="Only a platform administrator does this"):
        services.account_deactivate(actor=world.people["business_manager"], user=world.people["auditor"])
