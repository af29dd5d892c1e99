"""The stored unread-alert counts (UnreadAlertCount): after each kind of change to a person's alerts or to
what decides which cases they see, the trigger marks their count stale in the same transaction, the count
served meanwhile is still right (made from the alerts), and once counted again the stored count equals the
plain rule (every visible case) and is trusted again. The header stays one query either way."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.alerts import count_triggers
from safeguarding_reviews.alerts.apps import after_migrate
from safeguarding_reviews.alerts.models import Alert, AlertCountStale, AlertKind, UnreadAlertCount
from safeguarding_reviews.alerts.selectors import alert_counts, unread_alert_count
from safeguarding_reviews.alerts.services import (
    alert_counts_refresh,
    alert_counts_refresh_stale,
    alert_create,
    alert_mark_read,
    alerts_prune,
)
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case, CaseCapacity
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.organisations.models import Membership
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from safeguarding_reviews.organisations.services import (
    account_deactivate,
    membership_end,
    membership_roles_set,
)
from tests.factories import UserFactory, grant


def _fresh(user):
    # A new request loads the person and their roles again.
    return type(user).objects.get(pk=user.pk)


def _oracle(user) -> tuple[int, int]:
    """(unread, all) by the plain rule: every case the person may see."""
    user = _fresh(user)
    mine = Alert.objects.filter(user=user).filter(
        Q(case__isnull=True) | Q(case__in=visible_cases(user).values("pk"))
    )
    return mine.filter(read_at__isnull=True).count(), mine.count()


def _alert(user, case, kind=AlertKind.SCREENING_DECISION):
    return alert_create(user=user, case=case, kind=kind, link=reverse("home"))


def _counted(*people) -> None:
    """Count everyone named again and check what is stored and trusted."""
    alert_counts_refresh(user_ids=[p.pk for p in people])
    for person in people:
        stored = UnreadAlertCount.objects.get(user=person)
        assert (stored.unread, stored.total) == _oracle(person)
        assert not AlertCountStale.objects.filter(user_id=person.pk).exists()
        assert alert_counts(_fresh(person)) == _oracle(person)


def _change(change: Callable[[], object], *, affects, spares=()) -> None:
    """Make `change` after counting everyone; the people it affects are marked stale and served the right
    count at once; the people it spares keep a trusted, right count; counted again, all are right."""
    everyone = [*affects, *spares]
    _counted(*everyone)
    change()
    for person in affects:
        assert AlertCountStale.objects.filter(user_id=person.pk).exists(), person
        assert alert_counts(_fresh(person)) == _oracle(person)
    for person in spares:
        assert not AlertCountStale.objects.filter(user_id=person.pk).exists(), person
        assert alert_counts(_fresh(person)) == _oracle(person)
    assert alert_counts_refresh_stale() >= len(affects)
    _counted(*everyone)


def test_every_kind_of_change_marks_the_count_and_counting_again_matches_the_rule(world):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    outsider = world.people["other_partnership"]  # business manager of the other partnership
    reviewer, chair = world.people["independent_reviewer"], world.people["independent_chair"]
    committee = world.people["non_member"]  # a committee member not named on the case
    delegate = world.people["delegate_icb"]
    people = (outsider, reviewer, chair, committee, delegate)
    for person in people:
        _alert(person, world.case)
        alert_create(user=person, case=None, kind="clock_due_soon", link="/")
    _counted(*people)
    assert UnreadAlertCount.objects.get(user=outsider).unread == 1  # only the alert with no case
    assert UnreadAlertCount.objects.get(user=chair).unread == 2

    # Alerts raised and read.
    _change(lambda: _alert(chair, world.case), affects=[chair], spares=[reviewer])
    _change(
        lambda: alert_mark_read(actor=chair, alert=Alert.objects.filter(user=chair).earliest("pk")),
        affects=[chair],
        spares=[reviewer],
    )
    # A share given and ended: the other partnership's manager sees the case, then not.
    shares: list = []
    _change(
        lambda: shares.append(
            case_services.case_share(
                actor=officer, case=world.case, partnership=world.other_partnership, reason="Synthetic."
            )
        ),
        affects=[outsider, chair],
    )
    assert UnreadAlertCount.objects.get(user=outsider).unread == 2
    _change(
        lambda: case_services.case_share_end(actor=officer, case=world.case, share=shares[0]),
        affects=[outsider],
    )

    # The case restricted and unrestricted: the Chair (partnership-wide) loses and regains it.
    def restrict(restricted: bool) -> Callable[[], object]:
        case = Case.objects.get(pk=world.case.pk)
        return lambda: case_services.case_update(
            actor=officer, case=case, expected_version=case.version, changes={"is_restricted": restricted}
        )

    _change(restrict(True), affects=[chair, reviewer], spares=[UserFactory.create(email="by1@test.example")])
    _change(restrict(False), affects=[chair, reviewer], spares=[UserFactory.create(email="by2@test.example")])
    # An edit that changes nothing about who sees the case marks nobody.
    _change(
        lambda: case_services.case_update(
            actor=officer,
            case=Case.objects.get(pk=world.case.pk),
            expected_version=Case.objects.get(pk=world.case.pk).version,
            changes={"summary": "A synthetic summary, edited."},
        ),
        affects=[],
        spares=[chair, reviewer],
    )
    # The review on the committee's list and off it.
    _change(lambda: case_services.committee_listing_add(actor=officer, case=world.case), affects=[committee])
    assert UnreadAlertCount.objects.get(user=committee).unread == 2
    _change(
        lambda: case_services.committee_listing_remove(actor=officer, case=world.case), affects=[committee]
    )
    assert UnreadAlertCount.objects.get(user=committee).unread == 1
    # A place on the case added and ended.
    place: list = []
    _change(
        lambda: place.append(
            case_services.case_member_add(
                actor=officer, case=world.case, user=committee, capacity=CaseCapacity.COMMITTEE_MEMBER
            )
        ),
        affects=[committee],
        spares=[chair],
    )
    _change(
        lambda: case_services.case_member_remove(actor=officer, case=world.case, membership=place[0]),
        affects=[committee],
    )
    # A partnership role changed (the ICB delegate made an auditor: still sees the case) and a membership
    # ended (sees nothing).
    membership = Membership.objects.get(user=delegate, partnership=world.partnership, ended_at__isnull=True)
    _change(
        lambda: membership_roles_set(
            actor=manager,
            membership=membership,
            roles=[Role.AUDITOR],
            agency=None,
            expected_version=membership.version,
        ),
        affects=[delegate],
        spares=[chair],
    )
    _change(
        lambda: membership_end(actor=manager, membership=Membership.objects.get(pk=membership.pk)),
        affects=[delegate],
    )
    assert UnreadAlertCount.objects.get(user=delegate).unread == 1
    # An account deactivated.
    _change(lambda: account_deactivate(actor=world.people["platform_admin"], user=chair), affects=[chair])
    # Alerts deleted by housekeeping.
    Alert.objects.filter(user=reviewer).update(created_at=world.case.created_at.replace(year=2000))
    _change(lambda: alerts_prune(older_than_days=1), affects=[reviewer], spares=[outsider])
    assert UnreadAlertCount.objects.get(user=reviewer).unread == 0


def test_a_new_role_holder_sees_the_partnerships_alerts_once_granted(world):
    helper = UserFactory.create(full_name="Persona helper", email="helper@test.example")
    grant(helper, world.partnership, Role.BUSINESS_UNIT_OFFICER)
    _alert(helper, world.case)
    membership = Membership.objects.get(user=helper, ended_at__isnull=True)
    _change(
        lambda: membership_roles_set(
            actor=world.people["business_manager"],
            membership=membership,
            roles=[Role.AGENCY_REPRESENTATIVE],
            agency=world.agency,
            expected_version=membership.version,
        ),
        affects=[helper],
    )
    assert (
        UnreadAlertCount.objects.get(user=helper).unread == 0
    )  # not named on the case, not partnership-wide


def test_the_header_is_one_query_while_trusted_and_two_when_counted(world):
    """The stored count is read first; the count itself (whose building alone costs milliseconds of ORM
    work) only runs when the stored one is missing or marked stale."""
    chair = world.people["independent_chair"]
    _alert(chair, world.case)
    for trusted in (False, True):
        if trusted:
            alert_counts_refresh(user_ids=[chair.pk])
        user = _fresh(chair)
        roles_by_partnership(user)  # the navigation context processor has loaded them
        with CaptureQueriesContext(connection) as ctx:
            assert unread_alert_count(user) == 1
        assert len(ctx.captured_queries) == (1 if trusted else 2)
        assert AlertCountStale.objects.filter(user_id=chair.pk).exists() is not trusted


def test_a_raised_alert_is_counted_again_after_its_commit(world, django_capture_on_commit_callbacks):
    chair = world.people["independent_chair"]
    with django_capture_on_commit_callbacks(execute=True):
        _alert(chair, world.case)
    assert UnreadAlertCount.objects.get(user=chair).unread == 1
    assert not AlertCountStale.objects.filter(user_id=chair.pk).exists()


def test_the_alerts_page_uses_the_stored_counts(world, as_user):
    chair = world.people["independent_chair"]
    for _ in range(3):
        _alert(chair, world.case)
    alert_counts_refresh(user_ids=[chair.pk])
    body = as_user(chair).get(reverse("alerts:list")).content.decode()
    assert "New (3)" in body and "Alerts (3)" in body


def test_every_trigger_is_in_the_database_and_put_back_after_a_rebuild(world):
    assert count_triggers.missing(connection) == []
    chair = world.people["independent_chair"]
    _alert(chair, world.case)
    alert_counts_refresh(user_ids=[chair.pk])
    if connection.vendor == "sqlite":  # a table rebuild drops its triggers on SQLite only
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER sr_alertcount_cases_caseshare_ins")
        assert count_triggers.missing(connection) == ["sr_alertcount_cases_caseshare_ins"]
        after_migrate(sender=None, using="default")
        assert count_triggers.missing(connection) == []
        # A change may have gone unmarked while it was missing: every stored count is distrusted.
        assert AlertCountStale.objects.filter(user_id=chair.pk).exists()


@pytest.mark.parametrize("bulk", [False, True], ids=["update", "bulk update"])
def test_a_change_made_without_the_services_is_marked_too(world, bulk):
    """The triggers catch a change however it is made: here a raw UPDATE of the case's restriction."""
    chair = world.people["independent_chair"]
    _alert(chair, world.case)
    _counted(chair)
    rows = Case.objects.filter(pk=world.case.pk) if not bulk else Case.objects.all()
    rows.update(is_restricted=True)
    assert AlertCountStale.objects.filter(user_id=chair.pk).exists()
    assert alert_counts(_fresh(chair)) == _oracle(chair) == (0, 0)
