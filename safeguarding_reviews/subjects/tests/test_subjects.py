"""People in a case: labels, who sees identity details, audited showings, versioned edits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.subjects.forms import nhs_number_valid
from safeguarding_reviews.subjects.labels import household_label, next_child_labels
from safeguarding_reviews.subjects.policies import may_see_identity
from safeguarding_reviews.subjects.selectors import case_children, identities_for
from safeguarding_reviews.subjects.services import subject_add


def _child(world, name="Synthetic Person", **details):
    return subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind="child",
        details={"sex": "male", "age_years": 4} | details,
        identity={"full_name": name},
    )


def test_labels():
    assert next_child_labels(set()) == ["Child A"]
    assert next_child_labels({"Child A", "Child C"}, 3) == ["Child B", "Child D", "Child E"]
    taken = {f"Child {chr(65 + i)}" for i in range(26)}
    assert next_child_labels(taken) == ["Child AA"]
    assert household_label("mother's partner", "Child A", 1) == "Mother's partner of Child A"
    assert household_label("", "Child A", 2) == "Household member 2 of Child A"


def test_nhs_number_check_digit():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("123")


def test_first_child_takes_the_case_pseudonym_then_next_letters(world):
    first, second = _child(world), _child(world)
    assert [first.label, second.label] == ["Child Q", "Child A"]
    assert case_children(world.case) == [first, second]


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("business_unit_officer", True),
        ("business_manager", True),
        ("delegate_local_authority", True),
        ("delegate_police", True),
        ("agency_representative", True),  # named on the case as agency representative
        ("delegate_icb", False),
        ("independent_chair", False),
        ("review_committee_member", False),
        ("agency_author", False),
        ("independent_reviewer", False),
        ("auditor", False),
    ],
)
def test_who_may_see_identity(world, persona, allowed):
    child = _child(world)
    assert may_see_identity(world.people[persona], world.case) is allowed
    assert (child.pk in identities_for(world.people[persona], world.case)) is allowed


def test_people_page_shows_identity_only_when_allowed_and_audits_it(world, as_user):
    child = _child(world, name="Synthetic Hidden")
    url = reverse("subjects:case_subjects", args=[world.case.pk])
    before = AuditEvent.objects.count()
    page = as_user(world.people["delegate_local_authority"]).get(url).content.decode()
    assert "Synthetic Hidden" in page and "Child Q" in page
    event = AuditEvent.objects.get(sequence__gt=before, event_type=EventType.IDENTITY_VIEWED)
    assert event.data == {"subject_ids": [child.pk], "page": "case_subjects"}
    before = AuditEvent.objects.count()
    page = as_user(world.people["independent_chair"]).get(url).content.decode()
    assert "Synthetic Hidden" not in page and "Child Q" in page
    assert not AuditEvent.objects.filter(sequence__gt=before, event_type=EventType.IDENTITY_VIEWED).exists()


def test_people_page_runs_the_same_queries_for_1_and_10_people(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    url = reverse("subjects:case_subjects", args=[world.case.pk])
    _child(world)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(9):
        _child(world)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


def _edit_data(subject, **overrides):
    data = {
        "label": subject.label,
        "full_name": "Synthetic Person",
        "sex": "male",
        "age_years": "4",
        "version": str(subject.version),
    }
    return data | overrides


def test_edit_is_versioned(world, as_user):
    child = _child(world)
    url = reverse("subjects:subject_edit", args=[world.case.pk, child.pk])
    client = as_user(world.people["business_unit_officer"])
    assert client.post(url, _edit_data(child, label="Child N")).status_code == 302
    child.refresh_from_db()
    assert child.label == "Child N" and child.version == 2
    stale = client.post(url, _edit_data(child, version="1", full_name="Synthetic Typed"))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else saved changes" in page and "Synthetic Typed" in page
    assert AuditEvent.objects.filter(event_type=EventType.SUBJECT_UPDATE_CONFLICT).count() == 1


def test_edit_bad_input_is_400_with_input_kept(world, as_user):
    child = _child(world)
    url = reverse("subjects:subject_edit", args=[world.case.pk, child.pk])
    response = as_user(world.people["business_manager"]).post(
        url, _edit_data(child, label="", nhs_number="12", full_name="Synthetic Kept")
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Enter a label" in page and "Synthetic Kept" in page
    assert "Enter a valid 10-digit NHS number" in page


def test_add_household_member_labels_from_relationship(world, as_user):
    _child(world)
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        reverse("subjects:subject_add", args=[world.case.pk, "household-member"]),
        {"relationship": "stepfather", "full_name": "Synthetic Adult"},
    )
    assert response.status_code == 302
    assert world.case.subjects.get(kind="household_member").label == "Stepfather of Child Q"
