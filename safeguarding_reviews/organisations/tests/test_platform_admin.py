"""SEC finding 1: the platform administrator holds no partnership membership and sees no case data, ever.

Every way in is refused and audited (invitation, acceptance, role change, a place on a case, a new
partnership's first manager), the database refuses it by trigger on SQLite and PostgreSQL, and the data
migration's service ends what an administrator already holds.
"""

from __future__ import annotations

import contextlib
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.organisations import services
from safeguarding_reviews.organisations.models import Invitation, Membership, MembershipRole
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "safeguarding_reviews.organisations.migrations.0004_platform_admin_holds_no_membership"
)


def _refusals(path: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(event_type=EventType.PLATFORM_ADMIN_REFUSED, data__path=path).order_by(
            "sequence"
        )
    )


@contextlib.contextmanager
def _triggers_dropped():
    """Drop the triggers inside the test's transaction, to make the state an older database could hold."""

    class _Editor:
        def __init__(self):
            self.connection = connection

        def execute(self, sql, params=None):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    migration.drop_triggers(apps, _Editor())
    try:
        yield
    finally:
        migration.add_triggers(apps, _Editor())


def _tampered_membership(world, user, role=Role.AUDITOR):
    with _triggers_dropped():
        membership = Membership.objects.create(user=user, partnership=world.partnership)
        MembershipRole.objects.create(membership=membership, role=role)
    return membership


# --- the services refuse, and the refusal is audited ----------------------------------------------------


def test_inviting_a_platform_administrator_is_refused_and_audited(world):
    admin = world.people["platform_admin"]
    with pytest.raises(
        services.PlatformAdminRefused,
        match="\\{'email': \\[\"This is a platform administrator's account\\. A",
    ) as caught:
        services.invitation_create(
            actor=world.people["business_manager"],
            partnership=world.partnership,
            email=admin.email.upper(),
            full_name="Someone",
            roles=[Role.AUDITOR],
        )
    assert "email" in caught.value.error_dict
    assert not Invitation.objects.filter(email__iexact=admin.email).exists()
    [event] = _refusals("invitation")
    assert event.actor_id == world.people["business_manager"].pk
    assert event.data["user_ids"] == [admin.pk]


def test_invite_page_shows_the_refusal_as_a_field_error(world, as_user):
    client = as_user(world.people["business_manager"])
    response = client.post(
        reverse("organisations:invite", kwargs={"slug": world.partnership.slug}),
        {"email": world.people["platform_admin"].email, "full_name": "Someone", "roles": [Role.AUDITOR]},
    )
    assert response.status_code == 400
    assert "platform administrator" in response.content.decode()
    assert len(_refusals("invitation")) == 1


def test_accepting_an_invitation_as_platform_administrator_is_refused(world, as_user):
    # The invitation was sent before the account became a platform administrator.
    person = UserFactory.create(email="later.admin@test.example")
    invitation, token = services.invitation_create(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        email=person.email,
        full_name="Later Admin",
        roles=[Role.AUDITOR],
    )
    person.is_platform_admin = True
    person.save(update_fields=["is_platform_admin"])
    with pytest.raises(
        services.PlatformAdminRefused, match="\\[\"This is a platform administrator's account\\. A platform"
    ):
        services.invitation_accept(actor=person, invitation=invitation)
    client = as_user(person)
    url = reverse("organisations:invitation_accept", kwargs={"token": token})
    assert client.get(url).status_code == 403
    response = client.post(url)
    assert response.status_code == 403
    assert "cannot join a partnership" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert len(_refusals("acceptance")) == 3


def test_naming_a_platform_administrator_on_a_case_is_refused(world):
    with pytest.raises(
        services.PlatformAdminRefused, match="\\{'user': \\[\"This is a platform administrator's account\\. A"
    ):
        case_services.case_member_add(
            actor=world.people["business_unit_officer"],
            case=world.case,
            user=world.people["platform_admin"],
            capacity=CaseCapacity.COMMITTEE_MEMBER,
        )
    assert not CaseMembership.objects.filter(user=world.people["platform_admin"]).exists()
    assert len(_refusals("case_member")) == 1


def test_a_new_partnerships_manager_cannot_be_a_platform_administrator(world):
    other_admin = UserFactory.create(email="second.admin@test.example", is_platform_admin=True)
    with pytest.raises(
        services.PlatformAdminRefused, match="\\{'manager_email': \\[\"This is a platform administrator's"
    ) as caught:
        services.partnership_create(
            actor=world.people["platform_admin"],
            name="Gammashire",
            slug="gammashire",
            local_authority_name="Gammashire Council",
            case_reference_prefix="GSCP",
            manager_email=other_admin.email,
            manager_name="Second Admin",
        )
    assert "manager_email" in caught.value.error_dict
    assert len(_refusals("partnership_create")) == 1


def test_a_platform_administrator_cannot_make_themselves_a_partnerships_manager(world):
    admin = world.people["platform_admin"]
    with pytest.raises(
        services.PlatformAdminRefused, match="\\{'manager_email': \\[\"This is a platform administrator's"
    ):
        services.partnership_create(
            actor=admin,
            name="Deltashire",
            slug="deltashire",
            local_authority_name="Deltashire Council",
            case_reference_prefix="DSCP",
            manager_email=admin.email,
            manager_name="Admin",
        )
    [event] = _refusals("partnership_create")
    assert event.data["user_ids"] == [admin.pk]


def test_changing_a_platform_administrators_roles_is_refused(world):
    membership = _tampered_membership(world, world.people["platform_admin"])
    with pytest.raises(
        services.PlatformAdminRefused,
        match="\\{'roles': \\[\"This is a platform administrator's account\\. A",
    ):
        services.membership_roles_set(
            actor=world.people["business_manager"],
            membership=membership,
            roles=[Role.BUSINESS_UNIT_OFFICER],
            agency=None,
            expected_version=membership.version,
        )
    assert list(membership.roles.values_list("role", flat=True)) == [Role.AUDITOR]
    assert len(_refusals("role_change")) == 1


# --- whatever the tables say, a platform administrator has no role and sees no case ----------------------


def test_a_tampered_membership_gives_no_role_and_no_case(world, as_user):
    admin = world.people["platform_admin"]
    _tampered_membership(world, admin)
    assert roles_by_partnership(admin) == {}
    client = as_user(admin)
    assert client.get(reverse("cases:detail", kwargs={"case_id": world.case.pk})).status_code == 404


# --- the database refuses it, on SQLite and PostgreSQL ------------------------------------------------------


def test_database_refuses_a_membership_for_a_platform_administrator(world):
    admin = world.people["platform_admin"]
    with (
        pytest.raises(IntegrityError, match="a platform administrator cannot hold a partnership"),
        transaction.atomic(),
    ):
        Membership.objects.create(user=admin, partnership=world.partnership)
    with (
        pytest.raises(IntegrityError, match="a platform administrator cannot hold a partnership"),
        transaction.atomic(),
    ):
        CaseMembership.objects.create(
            case=world.case, user=admin, capacity=CaseCapacity.COMMITTEE_MEMBER, added_by=admin
        )
    # An ended membership holds nothing and is allowed (the data migration ends them).
    Membership.objects.create(user=admin, partnership=world.partnership, ended_at=world.case.created_at)


def test_database_refuses_making_a_member_a_platform_administrator(world):
    auditor = world.people["auditor"]
    auditor.is_platform_admin = True
    with (
        pytest.raises(IntegrityError, match="a platform administrator cannot hold a partnership"),
        transaction.atomic(),
    ):
        auditor.save(update_fields=["is_platform_admin"])
    # Once the membership has ended the account may become a platform administrator.
    Membership.objects.filter(user=auditor).update(ended_at=world.case.created_at)
    CaseMembership.objects.filter(user=auditor).update(ended_at=world.case.created_at)
    auditor.save(update_fields=["is_platform_admin"])


def test_database_refuses_reopening_an_ended_membership(world):
    admin = world.people["platform_admin"]
    ended = Membership.objects.create(
        user=admin, partnership=world.partnership, ended_at=world.case.created_at
    )
    with (
        pytest.raises(IntegrityError, match="a platform administrator cannot hold a partnership"),
        transaction.atomic(),
    ):
        Membership.objects.filter(pk=ended.pk).update(ended_at=None)


# --- the data migration ends what a platform administrator already holds -----------------------------------


def test_data_migration_ends_existing_memberships_audited(world):
    admin = world.people["platform_admin"]
    membership = _tampered_membership(world, admin)
    with _triggers_dropped():
        place = CaseMembership.objects.create(
            case=world.case, user=admin, capacity=CaseCapacity.COMMITTEE_MEMBER, added_by=admin
        )
    migration.end_platform_admin_memberships(apps, None)
    membership.refresh_from_db()
    place.refresh_from_db()
    assert membership.ended_at is not None
    assert place.ended_at is not None
    ended = AuditEvent.objects.get(event_type=EventType.MEMBERSHIP_ENDED, object_id=str(membership.pk))
    assert ended.data == {
        "user_id": admin.pk,
        "case_memberships_ended": 1,
        "reason": "platform_administrator",
    }
    # Nothing else was touched, and running it again changes nothing.
    assert Membership.objects.filter(ended_at__isnull=False).count() == 1
    assert services.platform_admin_memberships_end(reason="again") == {
        "memberships": 0,
        "case_memberships": 0,
    }
