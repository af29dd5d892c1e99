"""Repeated recommendations (issue 16 item 6): earlier recommendations with similar text or the same themes
are shown on a new recommendation's page, the business unit links them (a group; audited), and the monitoring
view shows the linked groups."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safeguarding_reviews.action_plans import monitoring_services
from safeguarding_reviews.action_plans.models import (
    ImpactCheck,
    ImpactCheckRule,
    RecommendationClosure,
    RecommendationGroup,
    RecommendationLink,
)
from safeguarding_reviews.action_plans.policies import PlanAccess
from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.clock import LONDON
from tests.fixtures import sign_in

from . import monitoring_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON), tick=False):
        yield


def _close_with_impact(world, rec, result: str) -> None:
    """Closed by the committee, its impact check recorded (ORM: the services' own tests cover the steps)."""
    now = clock.now()
    closure = RecommendationClosure.objects.create(
        recommendation=rec,
        meeting="Synthetic committee",
        decided_on=clock.today(),
        recorded_by=world.people["business_manager"],
        recorded_at=now,
    )
    rec.status, rec.closed_on = "closed", clock.today()
    rec.save(update_fields=["status", "closed_on"])
    ImpactCheck.objects.create(
        recommendation=rec,
        closure=closure,
        rule=ImpactCheckRule.objects.get(),
        earliest_on=clock.today(),
        due_on=clock.today(),
        latest_on=clock.today(),
        result=result,
        what_changed="Synthetic",
        evidence="Synthetic",
        reason="Synthetic",
        recorded_by=world.people["business_manager"],
        recorded_on=clock.today(),
    )


@pytest.fixture
def earlier(world):
    """A new recommendation on world.case and three earlier ones on information sharing in other reviews."""
    sharing = data.themes("information_sharing")
    older = case_services.case_create(
        actor=world.people["business_unit_officer"], partnership=world.partnership, pseudonym="Child E"
    )
    world.older_case = older
    world.first = data.recommendation(
        world,
        "GPs should share information with children's social care when a parent is in crisis",
        case=older,
        themes=sharing,
    )
    world.second = data.recommendation(
        world, "Health visitors record fathers' details", case=older, number=2, themes=sharing
    )
    world.third = data.recommendation(world, "Share information with GPs in a crisis", case=False)
    world.unrelated = data.recommendation(
        world, "Schools follow up absence the same day", case=older, number=3
    )
    world.same_case = data.recommendation(world, "GPs share information with social care", number=2)
    _close_with_impact(world, world.first, "not_shown")
    _close_with_impact(world, world.second, "shown")
    world.new = data.recommendation(
        world, "The ICB should ensure GPs share information with social care in a crisis", themes=sharing
    )
    data.actions(world, world.first, [(ActionStatus.EVIDENCE_ACCEPTED, -30, world.agency)])
    return world


def _as(client, user):
    client.logout()
    sign_in(client, user)
    return client


def _repeats_url(world, rec):
    return reverse("action_plans:recommendation_repeats", args=[world.partnership.slug, rec.pk])


def test_the_new_recommendations_page_says_how_many_earlier_ones_look_like_it(earlier, client):
    _as(client, earlier.people["business_unit_officer"])
    body = client.get(
        reverse("action_plans:recommendation", args=[earlier.partnership.slug, earlier.new.pk])
    ).content.decode()
    assert (
        "3 earlier recommendations on information sharing and seeking, 2 closed, impact not shown for 1, "
        "impact shown for 1." in body
    )
    assert _repeats_url(earlier, earlier.new) in body


def test_the_earlier_recommendations_page_lists_them_closest_first(earlier, client):
    _as(client, earlier.people["business_unit_officer"])
    body = client.get(_repeats_url(earlier, earlier.new)).content.decode()
    found = re.search(r'id="repeats-table">(.*?)</table>', body, re.S)
    assert found is not None
    table = found.group(1)
    # Not the unrelated one, nor the one from the same review; the adopted one matches on its words alone.
    assert "Schools follow up" not in table and "GPs share information with social care</" not in table
    order = [
        table.index(text) for text in ("Share information with GPs", "GPs should share", "Health visitors")
    ]
    assert order == sorted(order)
    assert "Similar wording, same theme" in table and "Impact not shown" in table
    assert 'name="recommendations"' in body


def test_the_business_unit_links_them_and_the_monitoring_view_shows_the_group(earlier, client):
    _as(client, earlier.people["business_unit_officer"])
    url = _repeats_url(earlier, earlier.new)
    response = client.post(url, {"recommendations": [earlier.first.pk, earlier.third.pk]})
    assert response.status_code == 302
    (group,) = RecommendationGroup.objects.all()
    assert set(group.links.values_list("recommendation_id", flat=True)) == {
        earlier.new.pk,
        earlier.first.pk,
        earlier.third.pk,
    }
    (event,) = AuditEvent.objects.filter(event_type=EventType.RECOMMENDATIONS_LINKED)
    assert event.case_id == earlier.case.pk and event.data["group_id"] == group.pk
    assert sorted(event.data["added_ids"]) == sorted([earlier.new.pk, earlier.first.pk, earlier.third.pk])
    body = client.get(url).content.decode()
    assert 'id="linked-list"' in body and "Child E" in body
    monitoring = client.get(
        reverse("action_plans:monitoring", args=[earlier.partnership.slug])
    ).content.decode()
    section = monitoring.split('id="linked-groups"', 1)[1]
    assert "3 linked recommendations, 1 closed, impact not shown for 1" in section
    assert f"Child E ({earlier.older_case.reference}), recommendation 1" in section
    # Filtered to another review with no member in the group: not shown.
    other = client.get(
        reverse("action_plans:monitoring", args=[earlier.partnership.slug])
        + f"?theme={data.themes('supervision')[0].pk}"
    ).content.decode()
    assert "No recommendations are linked as repeats" in other


def test_linking_two_groups_merges_them_into_the_older(earlier):
    user = earlier.people["business_unit_officer"]
    access = PlanAccess(user, earlier.partnership)
    first = monitoring_services.recommendations_link(
        actor=user, access=access, recommendation=earlier.first, others=[earlier.second]
    )
    second = monitoring_services.recommendations_link(
        actor=user, access=access, recommendation=earlier.third, others=[earlier.unrelated]
    )
    merged = monitoring_services.recommendations_link(
        actor=user, access=access, recommendation=earlier.new, others=[earlier.second, earlier.third]
    )
    assert merged.pk == first.pk
    assert not RecommendationGroup.objects.filter(pk=second.pk).exists()
    assert RecommendationLink.objects.filter(group=first).count() == 5
    events = AuditEvent.objects.filter(event_type=EventType.RECOMMENDATIONS_LINKED).order_by("sequence")
    last = events.last()
    assert last is not None and last.data["merged_group_ids"] == [second.pk]


def test_unlinking_and_a_group_of_one_goes(earlier):
    user = earlier.people["business_manager"]
    access = PlanAccess(user, earlier.partnership)
    group = monitoring_services.recommendations_link(
        actor=user, access=access, recommendation=earlier.new, others=[earlier.first]
    )
    monitoring_services.recommendation_unlink(actor=user, access=access, recommendation=earlier.first)
    assert not RecommendationGroup.objects.filter(pk=group.pk).exists()
    assert not RecommendationLink.objects.exists()
    (event,) = AuditEvent.objects.filter(event_type=EventType.RECOMMENDATION_UNLINKED)
    assert event.data == {"group_id": group.pk, "recommendation_id": earlier.first.pk, "group_removed": True}
    with pytest.raises(ValidationError, match="not linked"):
        monitoring_services.recommendation_unlink(actor=user, access=access, recommendation=earlier.first)


def test_only_the_business_unit_links(earlier, client):
    chair = earlier.people["independent_chair"]
    with pytest.raises(PermissionDenied, match="Only the business unit"):
        monitoring_services.recommendations_link(
            actor=chair,
            access=PlanAccess(chair, earlier.partnership),
            recommendation=earlier.new,
            others=[earlier.first],
        )
    _as(client, chair)
    url = _repeats_url(earlier, earlier.new)
    assert client.get(url).status_code == 200
    assert 'name="recommendations"' not in client.get(url).content.decode()
    assert client.post(url, {"recommendations": [earlier.first.pk]}).status_code == 403
    unlink = reverse("action_plans:recommendation_unlink", args=[earlier.partnership.slug, earlier.new.pk])
    assert client.post(unlink).status_code == 403


def test_a_link_form_without_a_choice_or_with_a_stranger_gives_field_errors(earlier, client):
    _as(client, earlier.people["business_unit_officer"])
    url = _repeats_url(earlier, earlier.new)
    response = client.post(url, {})
    assert (
        response.status_code == 400
        and "Select the earlier recommendations to link" in response.content.decode()
    )
    response = client.post(url, {"recommendations": [earlier.unrelated.pk]})
    assert response.status_code == 400 and "Select recommendations from the list" in response.content.decode()
    assert not RecommendationGroup.objects.exists()


def test_an_agency_representative_sees_only_the_recommendations_they_may(earlier, client):
    police = data.second_agency(earlier)
    earlier.third.lead_agency = police
    earlier.third.save(update_fields=["lead_agency"])
    _as(client, earlier.people["agency_representative"])
    body = client.get(_repeats_url(earlier, earlier.new)).content.decode()
    assert "Share information with GPs in a crisis" not in body
    assert "GPs should share information" in body
