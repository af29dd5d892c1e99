"""The review committee's (LCPC's) view: the business unit lists a review; the partnership's committee members
then read its pages (never identity details) and comment; removing it from the list ends that."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.reviewers.models import CommitteeComment
from safeguarding_reviews.subjects.policies import may_see_identity
from safeguarding_reviews.subjects.services import subject_add
from tests.factories import PartnershipFactory, UserFactory, grant
from tests.fixtures import sign_in


def _last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).order_by("-sequence").first()


@pytest.fixture
def listed_world(world):
    subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind="child",
        details={"sex": "female", "age_years": 3},
        identity={"first_names": "Synthetic", "last_name": "Listedname"},
    )
    return world


def test_listing_shows_the_review_to_the_committee_read_only(listed_world, client):
    world = listed_world
    outsider = world.people["non_member"]  # a committee member not named on the case
    sign_in(client, outsider)
    detail = reverse("cases:detail", args=[world.case.pk])
    committee = reverse("reviewers:committee", args=[world.case.pk])
    assert client.get(detail).status_code == 404
    assert client.get(committee).status_code == 404

    sign_in(client, world.people["business_unit_officer"])
    assert client.post(reverse("reviewers:committee_list", args=[world.case.pk])).status_code == 302
    assert _last(EventType.CASE_COMMITTEE_LISTED).case_id == world.case.pk

    sign_in(client, outsider)
    assert client.get(detail).status_code == 200
    assert client.get(committee).status_code == 200
    subjects = client.get(reverse("subjects:case_subjects", args=[world.case.pk])).content.decode()
    assert "Synthetic Listedname" not in subjects
    assert not may_see_identity(outsider, world.case)
    # Read-only: no edits, no people.
    assert client.get(reverse("cases:edit", args=[world.case.pk])).status_code == 403
    assert client.get(reverse("cases:members", args=[world.case.pk])).status_code == 403
    # They comment, and the business unit and the partners see it.
    empty = client.post(committee, {"text": "  "})
    assert empty.status_code == 400 and "text" in empty.context["form"].errors
    assert client.post(committee, {"text": "Synthetic comment"}).status_code == 302
    assert _last(EventType.COMMITTEE_COMMENTED).actor_id == outsider.pk
    for persona in ("business_manager", "delegate_icb", "review_committee_member"):
        sign_in(client, world.people[persona])
        assert "Synthetic comment" in client.get(committee).content.decode()
    for persona in ("independent_chair", "auditor", "independent_reviewer", "agency_representative"):
        sign_in(client, world.people[persona])
        assert client.get(committee).status_code == 403

    sign_in(client, world.people["business_manager"])
    assert client.post(reverse("reviewers:committee_unlist", args=[world.case.pk])).status_code == 302
    assert _last(EventType.CASE_COMMITTEE_UNLISTED).case_id == world.case.pk
    sign_in(client, outsider)
    assert client.get(detail).status_code == 404


def test_comments_only_while_listed(world, client):
    sign_in(client, world.people["review_committee_member"])  # named on the case: sees it, unlisted
    url = reverse("reviewers:committee", args=[world.case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Synthetic"})
    assert response.status_code == 400
    assert not CommitteeComment.objects.exists()


def test_a_restricted_listed_case_still_needs_naming(world):
    Case.objects.filter(pk=world.case.pk).update(is_restricted=True)
    world.case.refresh_from_db()
    case_services.committee_listing_add(actor=world.people["business_manager"], case=world.case)
    assert not visible_cases(world.people["non_member"]).filter(pk=world.case.pk).exists()


def test_listing_is_the_business_units(world):
    with pytest.raises(
        PermissionDenied, match="Only the business unit puts a review on the committee's list"
    ):
        case_services.committee_listing_add(actor=world.people["delegate_icb"], case=world.case)
    case_services.committee_listing_add(actor=world.people["business_unit_officer"], case=world.case)
    with pytest.raises(ValidationError, match="already on the committee's list"):
        case_services.committee_listing_add(actor=world.people["business_manager"], case=world.case)


def test_listing_is_only_for_the_lead_partnerships_committee(world):
    elsewhere = PartnershipFactory.create(name="Deltashire Partnership", slug="deltashire")
    member = UserFactory.create(email="delta.lcpc@test.example")
    grant(member, elsewhere, "review_committee_member")
    case_services.committee_listing_add(actor=world.people["business_manager"], case=world.case)
    assert not visible_cases(member).exists()


def _queries(client, url):
    client.get(url)  # warm: the session and the roles cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_committee_page_query_count_is_fixed(world, client):
    """The committee page runs the same queries with 1 and with 6 comments."""
    case_services.committee_listing_add(actor=world.people["business_manager"], case=world.case)
    CommitteeComment.objects.create(case=world.case, author=world.people["delegate_icb"], text="c0")
    sign_in(client, world.people["non_member"])
    url = reverse("reviewers:committee", args=[world.case.pk])
    small = _queries(client, url)
    for i in range(5):
        CommitteeComment.objects.create(case=world.case, author=world.people["auditor"], text=f"c{i}")
    assert _queries(client, url) == small


def test_the_case_page_links_to_the_pages_each_person_may_open(world, client):
    detail = reverse("cases:detail", args=[world.case.pk])
    reviewer_url = reverse("reviewers:case_reviewer", args=[world.case.pk])
    committee_url = reverse("reviewers:committee", args=[world.case.pk])
    expected = {
        "business_manager": (True, True),
        "delegate_icb": (False, True),
        "review_committee_member": (False, True),
        "agency_representative": (False, False),
        "independent_reviewer": (False, False),
    }
    for persona, (reviewer, committee) in expected.items():
        sign_in(client, world.people[persona])
        text = client.get(detail).content.decode()
        assert (reviewer_url in text, committee_url in text) == (reviewer, committee), persona
