"""Case services: each refusal reason, the version check, and the audit event each write leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services
from safeguarding_reviews.cases.models import CaseCapacity
from safeguarding_reviews.core.versioning import StaleVersionError
from tests.factories import UserFactory


def test_case_create_numbers_references_and_audits(world):
    officer = world.people["business_unit_officer"]
    second = services.case_create(actor=officer, partnership=world.partnership, pseudonym="Child V")
    prefix = world.partnership.case_reference_prefix
    assert world.case.reference.startswith(f"{prefix}-")
    assert second.reference.endswith("-002")
    event = AuditEvent.objects.filter(case=second, event_type=EventType.CASE_CREATED).get()
    assert event.actor_id == officer.pk


@pytest.mark.parametrize("persona", ["delegate_police", "auditor", "independent_chair", "other_partnership"])
def test_case_create_refused_without_business_unit_role(world, persona):
    with pytest.raises(PermissionDenied, match="Only the business unit opens a case in this partnership"):
        services.case_create(actor=world.people[persona], partnership=world.partnership, pseudonym="Child W")


def test_case_update_bumps_version_and_records_field_names_only(world):
    manager = world.people["business_manager"]
    case = services.case_update(
        actor=manager, case=world.case, expected_version=1, changes={"summary": "Canary secret text"}
    )
    assert case.version == 2
    event = AuditEvent.objects.filter(case=case, event_type=EventType.CASE_UPDATED).get()
    assert event.data == {"fields": ["summary"], "version": 2}
    assert "Canary" not in str(event.data)


def test_stale_update_is_refused_and_nothing_is_overwritten(world):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    services.case_update(
        actor=officer, case=world.case, expected_version=1, changes={"summary": "First save"}
    )
    with pytest.raises(StaleVersionError, match="stale version") as refused:
        services.case_update(
            actor=manager, case=world.case, expected_version=1, changes={"summary": "Second"}
        )
    world.case.refresh_from_db()
    assert world.case.summary == "First save"
    changes = refused.value.changes_against({"summary": "Second"})
    assert [(c.field, c.theirs, c.yours) for c in changes] == [("summary", "First save", "Second")]
    assert AuditEvent.objects.filter(event_type=EventType.CASE_UPDATE_CONFLICT, case=world.case).count() == 1


def test_update_refused_for_roles_that_only_read(world):
    with pytest.raises(PermissionDenied, match="You may not change this case's details"):
        services.case_update(
            actor=world.people["delegate_icb"], case=world.case, expected_version=1, changes={"summary": "x"}
        )


def test_member_add_requires_partnership_membership(world):
    stranger = UserFactory.create()
    with pytest.raises(ValidationError, match="This person is not a member of a partnership on this case"):
        services.case_member_add(
            actor=world.people["business_manager"],
            case=world.case,
            user=stranger,
            capacity=CaseCapacity.SCRUTINEER,
        )


def test_member_add_twice_is_a_validation_error(world):
    with pytest.raises(ValidationError, match="This person is already on the case"):
        services.case_member_add(
            actor=world.people["business_manager"],
            case=world.case,
            user=world.people["independent_reviewer"],
            capacity=CaseCapacity.SCRUTINEER,
        )


def test_member_add_refuses_an_independent_reviewer(world):
    """No back door: a reviewer is appointed and accepted (reviewers app), never named here."""
    with pytest.raises(ValidationError, match="Appoint an independent reviewer"):
        services.case_member_add(
            actor=world.people["business_manager"],
            case=world.case,
            user=world.people["agency_representative"],
            capacity=CaseCapacity.INDEPENDENT_REVIEWER,
        )


def test_share_refuses_the_lead_partnership_and_blank_reason(world):
    manager = world.people["business_manager"]
    with pytest.raises(ValidationError, match="This is already the case's lead partnership"):
        services.case_share(actor=manager, case=world.case, partnership=world.partnership, reason="x")
    with pytest.raises(ValidationError, match="Enter why the case is shared"):
        services.case_share(actor=manager, case=world.case, partnership=world.other_partnership, reason="  ")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (None, {"case_ids": ["a", "b"], "list": "alerts"}),
        (2, {"case_ids": ["a", "b"], "page": 2, "list": "dashboard"}),
    ],
)
def test_case_list_record_view_records_one_read_naming_the_cases(world, page, expected):
    officer = world.people["business_unit_officer"]
    before = AuditEvent.objects.filter(event_type=EventType.CASE_LIST_VIEWED).count()
    services.case_list_record_view(actor=officer, case_ids=["a", "b"], list_name=expected["list"], page=page)
    events = AuditEvent.objects.filter(event_type=EventType.CASE_LIST_VIEWED).order_by("sequence")
    assert events.count() == before + 1
    event = events.last()
    assert event is not None
    assert event.actor_id == officer.pk
    assert event.data == expected


def test_case_list_record_view_records_nothing_for_an_empty_list(world):
    before = AuditEvent.objects.count()
    services.case_list_record_view(
        actor=world.people["business_unit_officer"], case_ids=[], list_name="alerts"
    )
    assert AuditEvent.objects.count() == before
