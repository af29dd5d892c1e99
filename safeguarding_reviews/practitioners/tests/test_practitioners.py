"""The practitioners register: services (who, what, audit), the pages (invalid input, data back, conflicts),
who sees names (identity details), the fixed query count of the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.practitioners import selectors, services
from safeguarding_reviews.practitioners.models import Practitioner, PractitionerIdentity
from safeguarding_reviews.practitioners.policies import may_see_practitioner_names
from tests.factories import AgencyFactory
from tests.fixtures import sign_in

NAME = "Synthetic Practitionername"


def _last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).order_by("-sequence").first()


def _add(world, role="Health visitor", name=NAME, **extra):
    return services.practitioner_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        agency_id=extra.pop("agency_id", world.agency.pk),
        role=role,
        first_names=name.rpartition(" ")[0],
        last_name=name.rpartition(" ")[2],
        **extra,
    )


def _form(world, **overrides):
    return {
        "agency": str(world.agency.pk),
        "role": "Social worker",
        "team": "Assessment team",
        "involved_from": "3/3/2025",
        "involved_to": "",
        "first_names": "Synthetic",
        "last_name": "Practitionername",
        "work_email": "sw@agency.example",
    } | overrides


# Services


def test_add_keeps_the_name_apart_and_audits_ids_only(world):
    practitioner = _add(
        world, team="0-19 team", work_email="hv@agency.example", involved_from=dt.date(2025, 1, 2)
    )
    assert practitioner.role == "Health visitor" and practitioner.team == "0-19 team"
    identity = PractitionerIdentity.objects.get(practitioner=practitioner)
    assert (identity.first_names, identity.last_name) == ("Synthetic", "Practitionername")
    assert (identity.display_name, identity.work_email) == (NAME, "hv@agency.example")
    event = _last(EventType.PRACTITIONER_ADDED)
    assert event.case_id == world.case.pk
    assert event.data == {"practitioner_id": practitioner.pk, "agency_id": world.agency.pk}


@pytest.mark.parametrize(
    "persona",
    [
        "delegate_local_authority",
        "delegate_icb",
        "delegate_police",
        "independent_chair",
        "review_committee_member",
        "agency_representative",
        "agency_author",
        "independent_reviewer",
        "auditor",
        "other_partnership",
    ],
)
def test_only_the_business_unit_adds(world, persona):
    with pytest.raises(PermissionDenied, match="Only the business unit"):
        services.practitioner_add(
            actor=world.people[persona], case=world.case, agency_id=world.agency.pk, role="GP", last_name=NAME
        )
    assert not Practitioner.objects.exists()


def test_business_manager_adds(world):
    services.practitioner_add(
        actor=world.people["business_manager"],
        case=world.case,
        agency_id=world.agency.pk,
        role="GP",
        first_names="Synthetic",
        last_name="Practitionername",
    )
    assert Practitioner.objects.count() == 1


def test_add_refuses_an_agency_of_another_partnership_and_says_why(world):
    elsewhere = AgencyFactory.create(partnership=world.other_partnership, name="Betashire Agency")
    with pytest.raises(ValidationError) as exc:
        _add(world, agency_id=elsewhere.pk)
    assert exc.value.message_dict == {"agency": ["Choose an agency from the list"]}


def test_add_refuses_blank_role_name_and_a_reversed_period(world):
    with pytest.raises(ValidationError) as exc:
        _add(world, role=" ", name="", involved_from=dt.date(2025, 5, 1), involved_to=dt.date(2025, 4, 1))
    assert set(exc.value.message_dict) == {"role", "first_names", "involved_to"}


def test_a_closed_case_refuses_changes(world):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="The case is closed"):
        _add(world)


def test_update_is_versioned_and_audits_field_names(world):
    practitioner = _add(world)
    updated = services.practitioner_update(
        actor=world.people["business_manager"],
        case=world.case,
        practitioner=practitioner,
        expected_version=1,
        changes={"role": "Senior health visitor"},
        identity_changes={"first_names": "Synthetic", "last_name": " Renamed "},
    )
    assert updated.version == 2 and updated.role == "Senior health visitor"
    assert PractitionerIdentity.objects.get(practitioner=practitioner).display_name == "Synthetic Renamed"
    event = _last(EventType.PRACTITIONER_UPDATED)
    assert event.data == {"practitioner_id": practitioner.pk, "fields": ["role", "last_name"], "version": 2}
    with pytest.raises(StaleVersionError, match="stale version"):
        services.practitioner_update(
            actor=world.people["business_manager"],
            case=world.case,
            practitioner=practitioner,
            expected_version=1,
            changes={"role": "Stale"},
            identity_changes={},
        )
    assert _last(EventType.PRACTITIONER_UPDATE_CONFLICT).data["expected_version"] == 1
    assert Practitioner.objects.get(pk=practitioner.pk).role == "Senior health visitor"


def test_update_refuses_a_practitioner_of_another_case(world):
    from safeguarding_reviews.cases import services as case_services

    other = case_services.case_create(
        actor=world.people["business_unit_officer"],
        partnership=world.partnership,
        pseudonym="Child Z",
        summary="S",
    )
    practitioner = _add(world)
    with pytest.raises(PermissionDenied, match="not on this case"):
        services.practitioner_update(
            actor=world.people["business_manager"],
            case=other,
            practitioner=practitioner,
            expected_version=1,
            changes={"role": "X"},
            identity_changes={},
        )


def test_remove_needs_a_reason_keeps_the_row_and_happens_once(world):
    practitioner = _add(world)
    with pytest.raises(ValidationError) as exc:
        services.practitioner_remove(
            actor=world.people["business_manager"],
            case=world.case,
            practitioner=practitioner,
            expected_version=1,
            reason="  ",
        )
    assert exc.value.message_dict == {"reason": ["Enter why you are removing this practitioner"]}
    removed = services.practitioner_remove(
        actor=world.people["business_manager"],
        case=world.case,
        practitioner=practitioner,
        expected_version=1,
        reason="Recorded in error",
    )
    assert removed.is_removed and removed.removal_reason == "Recorded in error" and removed.version == 2
    assert removed.removed_by == world.people["business_manager"]
    assert _last(EventType.PRACTITIONER_REMOVED).data == {"practitioner_id": practitioner.pk, "version": 2}
    assert selectors.case_practitioners(world.case) == []
    assert selectors.case_practitioners(world.case, removed=True) == [removed]
    with pytest.raises(ValidationError, match="already been removed"):
        services.practitioner_remove(
            actor=world.people["business_manager"],
            case=world.case,
            practitioner=practitioner,
            expected_version=2,
            reason="Again",
        )


def test_list_is_by_agency_then_role(world):
    second = AgencyFactory.create(partnership=world.partnership, name="Alphashire Children's Services")
    a = _add(world, role="Midwife")
    b = _add(world, role="Consultant")
    c = _add(world, role="Social worker", agency_id=second.pk)
    assert selectors.case_practitioners(world.case) == [c, b, a]
    assert selectors.active_count(world.case) == 3


# Who sees names


@pytest.mark.parametrize(
    ("persona", "sees_names"),
    [
        ("business_unit_officer", True),
        ("business_manager", True),
        ("delegate_local_authority", True),
        ("delegate_police", True),
        ("agency_representative", True),  # named on the case as agency representative
        ("delegate_icb", False),
        ("independent_chair", False),
        ("review_committee_member", False),
        ("independent_reviewer", False),  # no identity grant
        ("auditor", False),
    ],
)
def test_names_only_for_identity_roles(world, client, persona, sees_names):
    practitioner = _add(world, team="0-19 team")
    user = world.people[persona]
    assert may_see_practitioner_names(user, world.case) is sees_names
    sign_in(client, user)
    before = AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).count()
    response = client.get(reverse("practitioners:register", args=[world.case.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Health visitor" in text and "Alphashire Test Hospital" in text and "0-19 team" in text
    assert (NAME in text) is sees_names
    events = AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).order_by("sequence")
    if sees_names:
        assert events.count() == before + 1
        last = events.last()
        assert last is not None
        assert last.data == {
            "subject_ids": [],
            "practitioner_ids": [practitioner.pk],
            "page": "practitioners",
        }
    else:
        assert events.count() == before
        assert "never by name" not in text


def test_agency_author_cannot_see_the_register(world, client):
    _add(world)
    sign_in(client, world.people["agency_author"])
    assert client.get(reverse("practitioners:register", args=[world.case.pk])).status_code == 404


def test_a_granted_reviewer_sees_names(world, client):
    from safeguarding_reviews.subjects.services import identity_grant_give

    _add(world)
    identity_grant_give(
        actor=world.people["business_manager"],
        case=world.case,
        user=world.people["independent_reviewer"],
        reason="To speak with practitioners",
    )
    sign_in(client, world.people["independent_reviewer"])
    assert NAME in client.get(reverse("practitioners:register", args=[world.case.pk])).content.decode()


# Pages


def test_add_page_saves_and_lists(world, client):
    sign_in(client, world.people["business_unit_officer"])
    page = client.get(reverse("practitioners:add", args=[world.case.pk]))
    assert page.status_code == 200 and "Alphashire Test Hospital" in page.content.decode()
    response = client.post(reverse("practitioners:add", args=[world.case.pk]), _form(world))
    assert response.status_code == 302
    practitioner = Practitioner.objects.get()
    assert (practitioner.role, practitioner.team, practitioner.involved_from) == (
        "Social worker",
        "Assessment team",
        dt.date(2025, 3, 3),
    )
    text = client.get(reverse("practitioners:register", args=[world.case.pk])).content.decode()
    assert "Practitioner added" in text and NAME in text and "From 3 March 2025" in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"role": ""}, "Enter their role or job title"),
        ({"first_names": "", "last_name": ""}, "Enter their first names or their last name"),
        ({"agency": ""}, "Select the agency"),
        ({"agency": "999999"}, "Select an agency from the list"),
        ({"agency": "not-a-number"}, "Select an agency from the list"),
        ({"involved_from": "31/2/2025"}, "Involved from must be a real date"),
        (
            {"involved_from": "1/5/2025", "involved_to": "1/4/2025"},
            "must be the same as or after the date from",
        ),
        ({"work_email": "not an email"}, "Enter a work email address in the correct format"),
    ],
)
def test_add_page_refuses_bad_input_with_the_data_back(world, client, overrides, message):
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(reverse("practitioners:add", args=[world.case.pk]), _form(world, **overrides))
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text and message in text
    assert "Assessment team" in text  # what they typed is kept
    assert not Practitioner.objects.exists()


def test_an_inactive_agency_is_refused_on_add_but_kept_on_edit(world, client):
    practitioner = _add(world)
    type(world.agency).objects.filter(pk=world.agency.pk).update(is_active=False)
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(reverse("practitioners:add", args=[world.case.pk]), _form(world))
    assert response.status_code == 400
    edit_url = reverse("practitioners:edit", args=[world.case.pk, practitioner.pk])
    data = _form(world, version="1", role="Lead health visitor")
    assert client.post(edit_url, data).status_code == 302
    assert Practitioner.objects.get(pk=practitioner.pk).role == "Lead health visitor"


def test_edit_page_shows_the_name_audited_and_saves(world, client):
    practitioner = _add(world)
    sign_in(client, world.people["business_manager"])
    url = reverse("practitioners:edit", args=[world.case.pk, practitioner.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'value="Practitionername"' in page.content.decode()
    assert _last(EventType.IDENTITY_VIEWED).data["practitioner_ids"] == [practitioner.pk]
    response = client.post(url, _form(world, version="1", last_name="Changed"))
    assert response.status_code == 302
    assert PractitionerIdentity.objects.get(practitioner=practitioner).display_name == "Synthetic Changed"


def test_edit_conflict_keeps_the_users_answers_and_shows_what_changed(world, client):
    practitioner = _add(world)
    services.practitioner_update(
        actor=world.people["business_manager"],
        case=world.case,
        practitioner=practitioner,
        expected_version=1,
        changes={"role": "Their role"},
        identity_changes={},
    )
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("practitioners:edit", args=[world.case.pk, practitioner.pk])
    response = client.post(url, _form(world, version="1", role="My role"))
    assert response.status_code == 409
    text = response.content.decode()
    assert (
        "Someone else saved changes" in text and "Saved now: Their role" in text and 'value="My role"' in text
    )
    assert 'name="version" value="2"' in text
    assert Practitioner.objects.get(pk=practitioner.pk).role == "Their role"


def test_edit_after_someone_removed_them_says_so(world, client):
    practitioner = _add(world)
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("practitioners:edit", args=[world.case.pk, practitioner.pk])
    services.practitioner_remove(
        actor=world.people["business_manager"],
        case=world.case,
        practitioner=practitioner,
        expected_version=1,
        reason="Recorded in error",
    )
    assert client.get(url).status_code == 404
    remove_url = reverse("practitioners:remove", args=[world.case.pk, practitioner.pk])
    assert client.post(remove_url, {"version": "2", "reason": "x"}).status_code == 404


def test_edit_of_an_unknown_or_other_case_practitioner_is_404(world, client):
    sign_in(client, world.people["business_unit_officer"])
    assert client.get(reverse("practitioners:edit", args=[world.case.pk, 999999])).status_code == 404


def test_remove_page_needs_a_reason_then_lists_it_as_removed(world, client):
    practitioner = _add(world)
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("practitioners:remove", args=[world.case.pk, practitioner.pk])
    page = client.get(url)
    assert page.status_code == 200 and NAME in page.content.decode()
    refused = client.post(url, {"version": "1", "reason": ""})
    assert (
        refused.status_code == 400
        and "Enter why you are removing this practitioner" in refused.content.decode()
    )
    stale = client.post(url, {"version": "7", "reason": "Wrong family"})
    assert stale.status_code == 409 and "Wrong family" in stale.content.decode()
    assert client.post(url, {"version": "1", "reason": "Wrong family"}).status_code == 302
    text = client.get(reverse("practitioners:register", args=[world.case.pk])).content.decode()
    assert "No practitioners are recorded on this case." in text
    assert "Removed practitioners (1)" in text and "Reason: Wrong family" in text


def test_the_register_has_a_fixed_query_count(world, client):
    sign_in(client, world.people["business_manager"])
    url = reverse("practitioners:register", args=[world.case.pk])
    _add(world)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(8):
        agency = AgencyFactory.create(partnership=world.partnership, name=f"Agency {i}")
        practitioner = _add(world, role=f"Role {i}", agency_id=agency.pk)
        if i % 3 == 0:
            services.practitioner_remove(
                actor=world.people["business_manager"],
                case=world.case,
                practitioner=practitioner,
                expected_version=1,
                reason="In error",
            )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_case_nav_links_the_register(world, client):
    sign_in(client, world.people["delegate_icb"])
    text = client.get(reverse("subjects:case_subjects", args=[world.case.pk])).content.decode()
    assert reverse("practitioners:register", args=[world.case.pk]) in text


def test_involvement_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _add(world, involved_from=clock.today() + dt.timedelta(days=1))
    assert "involved_from" in exc.value.message_dict


def test_changing_one_date_is_checked_against_the_other_as_recorded(world):
    practitioner = _add(world, involved_from=dt.date(2025, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.practitioner_update(
            actor=world.people["business_manager"],
            case=world.case,
            practitioner=practitioner,
            expected_version=1,
            changes={"involved_to": dt.date(2025, 4, 1)},
            identity_changes={},
        )
    assert set(exc.value.message_dict) == {"involved_to"}
