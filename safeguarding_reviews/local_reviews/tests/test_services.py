"""The local review's services: opening (statutory and local learning), the plan, versioned terms of reference
and their agreement, the methodology, progress reviews, family contact and the constraints that block steps.
Each write is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from typing import Any

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline, Milestone
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.local_reviews import plan, selectors, services
from safeguarding_reviews.local_reviews.models import LocalReview, PlanTarget
from safeguarding_reviews.local_reviews.selectors import national_method
from safeguarding_reviews.parallel_processes import services as register
from safeguarding_reviews.parallel_processes.models import ParallelProcess

from .helpers import INITIATED, agree_method, agree_terms, open_review, terms_values, write_terms

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _process(world):
    return register.parallel_process_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        values={
            "kind": "criminal_proceedings",
            "status": "under_way",
            "led_by": "",
            "reference": "",
            "notes": "",
            "started_on": None,
            "next_date": None,
            "concluded_on": None,
        },
    )


def _target(review, code):
    return PlanTarget.objects.get(review=review, target=code)


def _achieve(world, review, code, on=TODAY):
    target = _target(review, code)
    return services.plan_target_update(
        actor=world.people["business_unit_officer"],
        target=target,
        expected_version=target.version,
        due_on=target.due_on,
        achieved_on=on,
    )


def test_the_statutory_review_opens_once_with_its_plan(world):
    review = open_review(world)
    assert open_review(world, initiated_on=TODAY).pk == review.pk  # idempotent
    assert review.is_statutory
    dues = {t.target: t.due_on for t in review.targets.all()}
    assert dues["terms_agreed"] == dt.date(2026, 3, 30)
    assert dues["publication"] == dt.date(2026, 9, 2)
    event = AuditEvent.objects.get(event_type=EventType.LOCAL_REVIEW_OPENED)
    assert (event.case_id, event.data["kind"]) == (world.case.pk, "lcspr")


def test_a_business_manager_starts_a_local_learning_review_without_a_statutory_clock(world):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.DECISION)
    world.case.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Only the business manager starts a local learning review"):
        services.local_learning_review_start(
            actor=world.people["business_unit_officer"], case=world.case, initiated_on=TODAY
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        services.local_learning_review_start(
            actor=world.people["business_manager"], case=world.case, initiated_on=TODAY + dt.timedelta(days=1)
        )
    review = services.local_learning_review_start(
        actor=world.people["business_manager"], case=world.case, initiated_on=TODAY
    )
    assert review.kind == "local_learning" and not review.is_statutory
    assert review.targets.count() == 7
    assert not Milestone.objects.filter(case=world.case, event="lcspr_initiated").exists()
    assert not Deadline.objects.filter(case=world.case, rule_code="lcspr_publication").exists()
    with pytest.raises(ValidationError, match="already has a local review"):
        services.local_learning_review_start(
            actor=world.people["business_manager"], case=world.case, initiated_on=TODAY
        )


def test_a_learning_review_is_only_for_a_case_that_did_not_go_to_an_lcspr(world):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.LCSPR)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="did not go to an LCSPR"):
        services.local_learning_review_start(
            actor=world.people["business_manager"], case=world.case, initiated_on=TODAY
        )


def test_plan_targets_are_versioned_and_checked(world):
    review = open_review(world)
    target = _target(review, "terms_agreed")
    officer = world.people["business_unit_officer"]
    with pytest.raises(PermissionDenied, match="Only the business unit runs the local review"):
        services.plan_target_update(
            actor=world.people["delegate_icb"],
            target=target,
            expected_version=1,
            due_on=TODAY,
            achieved_on=None,
        )
    with pytest.raises(ValidationError, match="before the review started"):
        services.plan_target_update(
            actor=officer,
            target=target,
            expected_version=1,
            due_on=INITIATED - dt.timedelta(days=1),
            achieved_on=None,
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        services.plan_target_update(
            actor=officer,
            target=target,
            expected_version=1,
            due_on=TODAY,
            achieved_on=TODAY + dt.timedelta(days=1),
        )
    saved = services.plan_target_update(
        actor=officer, target=target, expected_version=1, due_on=dt.date(2026, 4, 20), achieved_on=None
    )
    assert saved.version == 2
    with pytest.raises(StaleVersionError, match="stale version"):
        services.plan_target_update(
            actor=officer, target=target, expected_version=1, due_on=TODAY, achieved_on=None
        )
    event = AuditEvent.objects.get(event_type=EventType.LOCAL_REVIEW_TARGET_UPDATED)
    assert event.data["fields"] == ["due_on"]


def test_terms_of_reference_are_versioned_and_each_version_needs_its_own_agreement(world):
    review = open_review(world)
    _process(world)
    with pytest.raises(ValidationError) as caught:
        write_terms(
            world,
            review,
            scope_from=dt.date(2026, 2, 1),
            scope_to=dt.date(2026, 1, 1),
            lines_of_enquiry=[" "],
        )
    assert set(caught.value.message_dict) == {"scope_to", "lines_of_enquiry"}
    with pytest.raises(ValidationError, match="agencies of the partnership"):
        write_terms(world, review, agency_ids=[999_999])
    first = write_terms(world, review)
    assert first.version == 1
    assert [p["kind"] for p in first.parallel_processes] == ["criminal_proceedings"]
    with pytest.raises(StaleVersionError, match="stale version"):
        write_terms(world, review, expected_version=0)
    signing = selectors.terms_current_for_signing(world.case)
    assert signing is not None
    assert signing[:2] == (first.pk, 1)
    assert signing[2] == hashlib.sha256(selectors.terms_canonical(first)).hexdigest()
    assert signing[3] == [world.people["business_unit_officer"].pk]
    agree_terms(world, first)
    with pytest.raises(ValidationError, match="already been agreed"):
        agree_terms(world, first)
    second = write_terms(world, review, expected_version=1, proportionality="Synthetic: narrower.")
    assert second.version == 2
    assert (selectors.terms_current_for_signing(world.case) or signing)[2] != signing[2]
    assert not selectors.terms_agreed(selectors.terms_current(review))
    with pytest.raises(ValidationError, match="Only the current version"):
        agree_terms(world, selectors.terms_version_get(review, 1))
    # The earlier version stays readable, with its agreement.
    assert selectors.terms_agreed(selectors.terms_version_get(review, 1))
    with pytest.raises(ValidationError, match="today or in the past"):
        agree_terms(world, second, agreed_on=TODAY + dt.timedelta(days=1))
    agree_terms(world, second)
    assert selectors.terms_agreed(selectors.terms_current(review))
    assert AuditEvent.objects.filter(event_type=EventType.LOCAL_REVIEW_TERMS_SAVED).count() == 2


def test_the_methodology_needs_a_description_for_other_and_agreed_terms_first(world):
    review = open_review(world)
    officer = world.people["business_unit_officer"]
    values: dict[str, Any] = {
        "method": national_method("other"),
        "other_description": " ",
        "analysis_rationale": "Synthetic.",
        "participation_rationale": "Synthetic.",
    }
    with pytest.raises(ValidationError, match="Other needs a description"):
        services.methodology_save(actor=officer, review=review, expected_version=0, **values)
    methodology = services.methodology_save(
        actor=officer,
        review=review,
        expected_version=0,
        **(values | {"other_description": "A review workshop"}),
    )
    agreement: dict[str, Any] = {"agreed_on": TODAY, "meeting": "LCPC", "members_present": "Member A"}
    with pytest.raises(ValidationError, match="terms of reference first"):
        services.methodology_agreement_record(
            actor=officer, methodology=methodology, expected_version=methodology.version, **agreement
        )
    agree_terms(world, write_terms(world, review))
    methodology = services.methodology_agreement_record(
        actor=officer, methodology=methodology, expected_version=methodology.version, **agreement
    )
    assert methodology.agreed
    # A change clears the agreement; saving the same again does not.
    methodology = services.methodology_save(
        actor=officer,
        review=review,
        expected_version=methodology.version,
        **(values | {"other_description": "A review workshop"}),
    )
    assert methodology.agreed
    methodology = services.methodology_save(
        actor=officer,
        review=review,
        expected_version=methodology.version,
        **(values | {"method": national_method("silp")}),
    )
    assert not methodology.agreed and methodology.other_description == ""
    with pytest.raises(StaleVersionError, match="stale version"):
        services.methodology_save(
            actor=officer, review=review, expected_version=1, **(values | {"method": national_method("silp")})
        )


def test_a_progress_review_records_time_against_plan(world):
    review = open_review(world)
    officer = world.people["business_unit_officer"]
    target = _target(review, "terms_agreed")
    services.plan_target_update(
        actor=officer, target=target, expected_version=1, due_on=dt.date(2026, 3, 10), achieved_on=None
    )
    with pytest.raises(ValidationError, match="Enter the comments on quality"):
        services.progress_review_record(
            actor=officer, review=review, held_on=TODAY, quality_comments=" ", actions_agreed=""
        )
    progress = services.progress_review_record(
        actor=officer, review=review, held_on=TODAY, quality_comments="Synthetic: good.", actions_agreed=""
    )
    assert progress.late_targets == ["terms_agreed"]
    early = services.progress_review_record(
        actor=officer,
        review=review,
        held_on=dt.date(2026, 3, 9),
        quality_comments="Synthetic.",
        actions_agreed="",
    )
    assert early.late_targets == []


def test_constraints_block_family_contact_practitioner_event_draft_and_publication_until_lifted(world):
    review = open_review(world)
    officer = world.people["business_unit_officer"]
    agree_terms(world, write_terms(world, review))
    agree_method(world, review)
    process = _process(world)
    with pytest.raises(PermissionDenied, match="Only the business unit keeps the parallel-process register"):
        register.process_constraint_add(
            actor=world.people["delegate_police"], process=process, blocks="family_contact", reason="Trial"
        )
    with pytest.raises(ValidationError, match="Enter the reason"):
        register.process_constraint_add(actor=officer, process=process, blocks="family_contact", reason=" ")
    constraints = {
        block: register.process_constraint_add(
            actor=officer, process=process, blocks=block, reason=f"Synthetic: no {block} until the verdict"
        )
        for block in ("family_contact", "practitioner_event", "draft_sharing", "publication")
    }
    with pytest.raises(ValidationError, match="no family_contact until the verdict"):
        services.local_review_record_family_contact(
            actor=officer, review=review, contacted_on=TODAY, summary="Synthetic."
        )
    for code, block in (
        ("practitioner_event", "practitioner_event"),
        ("first_draft", "draft_sharing"),
    ):
        with pytest.raises(ValidationError, match=f"no {block} until the verdict"):
            _achieve(world, review, code)
    _achieve(world, review, "final_report")
    _achieve(world, review, "sign_off")
    with pytest.raises(ValidationError, match="no publication until the verdict"):
        _achieve(world, review, "publication")
    for constraint in constraints.values():
        with pytest.raises(ValidationError, match="today or in the past"):
            register.process_constraint_lift(
                actor=officer, constraint=constraint, lifted_on=TODAY + dt.timedelta(days=1)
            )
        register.process_constraint_lift(actor=officer, constraint=constraint, lifted_on=TODAY)
    with pytest.raises(ValidationError, match="already been lifted"):
        register.process_constraint_lift(
            actor=officer, constraint=constraints["publication"], lifted_on=TODAY
        )
    contact = services.local_review_record_family_contact(
        actor=officer, review=review, contacted_on=TODAY, summary="Synthetic: first meeting."
    )
    assert contact.pk
    for code in ("practitioner_event", "first_draft", "publication"):
        assert _achieve(world, review, code).achieved_on == TODAY
    assert AuditEvent.objects.filter(event_type=EventType.PARALLEL_CONSTRAINT_LIFTED).count() == 4
    assert AuditEvent.objects.filter(event_type=EventType.LOCAL_REVIEW_FAMILY_CONTACT).count() == 1


def test_family_contact_waits_for_the_agreed_terms(world):
    review = open_review(world)
    with pytest.raises(ValidationError, match="agree the terms of reference first"):
        services.local_review_record_family_contact(
            actor=world.people["business_unit_officer"],
            review=review,
            contacted_on=TODAY,
            summary="Synthetic.",
        )


def test_the_data_migration_opens_a_review_for_a_case_already_at_the_lcspr_stage(world):
    migration = importlib.import_module(
        "safeguarding_reviews.local_reviews.migrations.0002_open_reviews_for_lcspr_cases"
    )
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.LCSPR)
    Milestone.objects.create(
        case=world.case, event="lcspr_initiated", occurred_on=dt.date(2026, 2, 27), recorded_at=NOW
    )
    migration.forwards(django_apps, None)
    migration.forwards(django_apps, None)  # once only
    review = LocalReview.objects.get(case=world.case)
    assert (review.kind, review.initiated_on, review.created_by) == ("lcspr", dt.date(2026, 2, 27), None)
    assert {t.target: t.due_on for t in review.targets.all()} == plan.default_targets(dt.date(2026, 2, 27))


def test_parallel_processes_in_the_terms_come_from_the_register(world):
    review = open_review(world)
    assert write_terms(world, review).parallel_processes == []
    process = _process(world)
    terms = write_terms(world, review, expected_version=1)
    assert terms.parallel_processes == [
        {"id": process.pk, "kind": "criminal_proceedings", "status": "under_way"}
    ]
    assert ParallelProcess.objects.count() == 1
    assert terms_values(world)["agency_ids"] == terms.agency_ids
