"""The managed list of review methods: the national list the migration seeds, the business manager's services
and page (add, retire, reinstate), and what a review's methodology may choose from it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.local_reviews import methods, selectors, services
from safeguarding_reviews.local_reviews.models import Methodology, ReviewMethod
from safeguarding_reviews.local_reviews.selectors import national_method

from .helpers import open_review

NATIONAL_CODES = ["learning_together", "silp", "appreciative_inquiry", "hybrid", "other"]


def _add(world, label="Rapid learning workshop", *, partnership=None, actor=None, describe=False):
    return services.review_method_add(
        actor=actor or world.people["business_manager"],
        partnership=partnership or world.partnership,
        label=label,
        description="Synthetic: one facilitated workshop.",
        source="Synthetic: LCPC minute, March 2026",
        requires_description=describe,
    )


def _save(world, review, method, *, version=0, description=""):
    return services.methodology_save(
        actor=world.people["business_unit_officer"],
        review=review,
        expected_version=version,
        method=method,
        other_description=description,
        analysis_rationale="Synthetic.",
        participation_rationale="Synthetic.",
    )


def _url(world, name="methods", **kwargs):
    return reverse(f"local_reviews:{name}", kwargs={"slug": world.partnership.slug, **kwargs})


# The national list and the services.


def test_the_national_list_is_seeded_with_its_sources(db):
    national = list(ReviewMethod.objects.filter(partnership=None).order_by("sort_order"))
    assert [m.code for m in national] == NATIONAL_CODES
    assert {m.vocabulary_version for m in national} == {methods.NATIONAL_VERSION}
    assert all(m.is_active and "Working Together to Safeguard Children 2023" in m.source for m in national)
    assert [m.code for m in national if m.requires_description] == ["hybrid", "other"]


def test_the_business_manager_adds_retires_and_reinstates_a_method(world):
    method = _add(world)
    assert (method.partnership, method.code, method.vocabulary_version, method.is_active) == (
        world.partnership,
        "rapid-learning-workshop",
        methods.PARTNERSHIP_VERSION,
        True,
    )
    method = services.review_method_retire(actor=world.people["business_manager"], method=method)
    assert not ReviewMethod.objects.get(pk=method.pk).is_active
    with pytest.raises(ValidationError, match="already retired"):
        services.review_method_retire(actor=world.people["business_manager"], method=method)
    services.review_method_reinstate(actor=world.people["business_manager"], method=method)
    assert ReviewMethod.objects.get(pk=method.pk).is_active
    events = list(
        AuditEvent.objects.filter(event_type__startswith="review_method.")
        .order_by("sequence")
        .values_list("event_type", "partnership_id", "case_id", "data")
    )
    assert [e[0] for e in events] == [
        EventType.REVIEW_METHOD_ADDED,
        EventType.REVIEW_METHOD_RETIRED,
        EventType.REVIEW_METHOD_REINSTATED,
    ]
    assert {(e[1], e[2]) for e in events} == {(world.partnership.pk, None)}
    assert events[0][3] == {"method_id": method.pk, "code": "rapid-learning-workshop"}


@pytest.mark.parametrize(
    ("persona", "partnership"),
    [("business_unit_officer", "own"), ("auditor", "own"), ("other_partnership", "own")],
)
def test_only_the_partnerships_business_manager_changes_its_list(world, persona, partnership):
    with pytest.raises(PermissionDenied, match="business manager manages its review methods"):
        _add(world, actor=world.people[persona])
    method = _add(world)
    with pytest.raises(PermissionDenied, match="business manager manages its review methods"):
        services.review_method_retire(actor=world.people[persona], method=method)


def test_the_national_list_cannot_be_changed_and_names_do_not_clash(world):
    manager = world.people["business_manager"]
    with pytest.raises(ValidationError, match="national list comes from its source"):
        services.review_method_retire(actor=manager, method=national_method("silp"))
    with pytest.raises(ValidationError, match="already a method with this name") as caught:
        _add(world, label="scie learning together")
    assert caught.value.message_dict == {"label": ["There is already a method with this name on the list"]}
    _add(world, label="Workshop")
    with pytest.raises(ValidationError, match="already a method with this name"):
        _add(world, label="WORKSHOP")
    # Another partnership may use the same name for its own.
    assert _add(
        world, label="Workshop", partnership=world.other_partnership, actor=world.people["other_partnership"]
    )
    with pytest.raises(ValidationError, match="Enter where the method is described"):
        services.review_method_add(
            actor=manager,
            partnership=world.partnership,
            label="Another",
            description="Synthetic.",
            source=" ",
            requires_description=False,
        )
    with pytest.raises(ValidationError, match="in 200 characters or fewer"):
        _add(world, label="x" * 201)


def test_a_review_chooses_from_the_national_list_and_its_partnerships_own(world):
    review = open_review(world)
    theirs = _add(
        world, "Theirs", partnership=world.other_partnership, actor=world.people["other_partnership"]
    )
    with pytest.raises(ValidationError, match="from your partnership's list") as caught:
        _save(world, review, theirs)
    assert caught.value.message_dict == {"method": [methods.NOT_ON_LIST]}
    ours = _add(world, describe=True)
    with pytest.raises(ValidationError, match="Rapid learning workshop needs a description"):
        _save(world, review, ours)
    methodology = _save(world, review, ours, description="Synthetic: one workshop, then the report.")
    assert methodology.method_id == ours.pk
    choices = list(selectors.method_choices(world.partnership.pk))
    assert [m.code for m in choices] == [*NATIONAL_CODES, "rapid-learning-workshop"]


def test_a_retired_method_is_not_offered_but_stays_on_the_review_that_chose_it(world):
    review = open_review(world)
    ours = _add(world)
    methodology = _save(world, review, ours)
    services.review_method_retire(actor=world.people["business_manager"], method=ours)
    ours.refresh_from_db()
    assert ours not in selectors.method_choices(world.partnership.pk)
    assert ours in selectors.method_choices(world.partnership.pk, current_id=ours.pk)
    # The review keeps it when the rest of its methodology changes ...
    methodology = services.methodology_save(
        actor=world.people["business_unit_officer"],
        review=review,
        expected_version=methodology.version,
        method=ours,
        other_description="",
        analysis_rationale="Synthetic: changed.",
        participation_rationale="Synthetic.",
    )
    assert Methodology.objects.get(pk=methodology.pk).method_id == ours.pk
    # ... but once it moves to another method it cannot go back.
    methodology = _save(world, review, national_method("silp"), version=methodology.version)
    with pytest.raises(ValidationError, match="has been retired"):
        _save(world, review, ours, version=methodology.version)


def test_a_method_in_use_cannot_be_deleted(world):
    from django.db.models import ProtectedError

    review = open_review(world)
    ours = _add(world)
    _save(world, review, ours)
    with pytest.raises(ProtectedError, match="protected foreign key"):
        ours.delete()


# The page.


def test_the_methods_page_lists_the_national_list_and_the_partnerships_own(world, as_user):
    _add(world)
    text = as_user(world.people["business_manager"]).get(_url(world)).content.decode()
    assert "SCIE Learning Together" in text and "SCIE Guide 24" in text
    assert "Rapid learning workshop" in text and "Synthetic: LCPC minute, March 2026" in text
    # The national list has no actions; the partnership's own has one each.
    assert text.count("/retire/") == 1 and "/reinstate/" not in text
    people = as_user(world.people["business_manager"]).get(
        reverse("organisations:people", kwargs={"slug": world.partnership.slug})
    )
    assert _url(world) in people.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("business_unit_officer", 403),
        ("auditor", 403),
        ("independent_chair", 403),
        ("other_partnership", 404),
    ],
)
def test_the_methods_page_is_refused_to_other_roles(world, as_user, persona, status):
    client = as_user(world.people[persona])
    assert client.get(_url(world)).status_code == status
    assert client.post(_url(world), {"label": "X", "description": "Y", "source": "Z"}).status_code == status
    assert not ReviewMethod.objects.filter(partnership__isnull=False).exists()


def test_adding_a_method_shows_errors_and_keeps_what_was_typed(world, as_user):
    client = as_user(world.people["business_manager"])
    response = client.post(_url(world), {"label": "", "description": "Typed description", "source": ""})
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text and "Enter the name of the method" in text
    assert "Enter where the method is described" in text and "Typed description" in text
    response = client.post(_url(world), {"label": "Appreciative Inquiry", "description": "D", "source": "S"})
    assert response.status_code == 400 and "already a method with this name" in response.content.decode()
    response = client.post(_url(world), {"label": "L" * 5000, "description": "D", "source": "S"})
    assert response.status_code == 400
    response = client.post(
        _url(world), {"label": "Workshop", "description": "D", "source": "S", "requires_description": "on"}
    )
    assert response.status_code == 302
    method = ReviewMethod.objects.get(partnership=world.partnership)
    assert method.requires_description and method.label == "Workshop"


def test_retiring_and_reinstating_on_the_page(world, as_user):
    client = as_user(world.people["business_manager"])
    ours = _add(world)
    assert client.get(_url(world, "method_retire", method_id=ours.pk)).status_code == 405
    assert client.post(_url(world, "method_retire", method_id=ours.pk)).status_code == 302
    text = client.get(_url(world)).content.decode()
    assert "Retired" in text and "/reinstate/" in text
    response = client.post(_url(world, "method_retire", method_id=ours.pk))
    assert response.status_code == 400 and "already retired" in response.content.decode()
    assert client.post(_url(world, "method_reinstate", method_id=ours.pk)).status_code == 302
    response = client.post(_url(world, "method_retire", method_id=national_method("silp").pk))
    assert response.status_code == 400 and "cannot be changed here" in response.content.decode()
    theirs = _add(
        world, "Theirs", partnership=world.other_partnership, actor=world.people["other_partnership"]
    )
    assert client.post(_url(world, "method_retire", method_id=theirs.pk)).status_code == 404
    for big in (999_999, 2**63, 10**30):
        assert client.post(_url(world, "method_retire", method_id=big)).status_code == 404


def test_the_methods_page_runs_a_fixed_number_of_queries(world, as_user):
    client = as_user(world.people["business_manager"])
    _add(world, "Method 0")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(world)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(1, 12):
        method = _add(world, f"Method {i}")
        if i % 2:
            services.review_method_retire(actor=world.people["business_manager"], method=method)
    assert count() == small


def test_the_methodology_page_offers_the_list_and_keeps_a_retired_choice(world, as_user):
    review = open_review(world)
    ours = _add(world)
    theirs = _add(
        world, "Theirs", partnership=world.other_partnership, actor=world.people["other_partnership"]
    )
    url = reverse("local_reviews:methodology", kwargs={"case_id": world.case.pk})
    client = as_user(world.people["business_unit_officer"])
    text = client.get(url).content.decode()
    assert "Rapid learning workshop" in text and "Theirs" not in text
    assert "Manage your partnership" not in text
    data = {
        "analysis_rationale": "A",
        "participation_rationale": "B",
        "other_description": "",
        "version": "0",
    }
    response = client.post(url, data | {"method": str(theirs.pk)})
    assert response.status_code == 400 and "Select the methodology" in response.content.decode()
    response = client.post(url, data | {"method": "not-a-number"})
    assert response.status_code == 400
    assert client.post(url, data | {"method": str(ours.pk)}).status_code == 302
    services.review_method_retire(actor=world.people["business_manager"], method=ours)
    text = client.get(url).content.decode()
    assert "Rapid learning workshop (retired since it was chosen)" in text
    assert "Rapid learning workshop (retired)" in text  # still offered to this review, marked
    task_list = client.get(reverse("local_reviews:task_list", kwargs={"case_id": world.case.pk}))
    assert "Rapid learning workshop" in task_list.content.decode()
    manager_text = as_user(world.people["business_manager"]).get(url).content.decode()
    assert "Manage your partnership's review methods" in manager_text
    assert review.methodology.method_id == ours.pk


@pytest.mark.django_db(transaction=True)
def test_the_national_list_comes_back_after_a_flush():
    # A transactional test (a browser journey, a migration test) flushes the database; the next test on the
    # same worker must still find the national list, as a partnership would after `manage.py flush`.
    from django.core.management import call_command

    from safeguarding_reviews.local_reviews.seed import METHODS

    call_command("flush", interactive=False, verbosity=0)
    national = ReviewMethod.objects.filter(partnership=None, is_active=True)
    assert sorted(national.values_list("code", flat=True)) == sorted(code for code, *_ in METHODS)
