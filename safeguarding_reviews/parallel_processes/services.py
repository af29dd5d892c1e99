"""Writes for the parallel-process register. Each service checks the policy, owns its transaction (or, for the
referral's seed, runs inside the referral's) and records one audit event holding ids and codes only (never
the reference or notes typed)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import update_versioned

from .constraints import Block
from .models import ParallelProcess, ProcessConstraint, ProcessKind, ProcessStatus
from .policies import RegisterAction, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

FIELDS = frozenset(
    {"kind", "status", "led_by", "reference", "notes", "started_on", "next_date", "concluded_on"}
)


def _check(actor: User, case: Case) -> None:
    if not may(actor, RegisterAction.WRITE, case):
        raise PermissionDenied("Only the business unit keeps the parallel-process register")
    if case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed: its register can no longer be changed")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed text and the date rules: started and concluded dates are not in the future, a process
    concludes on or after it started, and a concluded date goes with the status "Concluded"."""
    unknown = set(values) - FIELDS
    if unknown:
        raise ValueError(f"Not register fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    if cleaned.get("kind") not in ProcessKind.values:
        raise ValidationError({"kind": "Select the kind of process"})
    if cleaned.get("status") not in ProcessStatus.values:
        raise ValidationError({"status": "Select the status"})
    if cleaned["kind"] == ProcessKind.OTHER and not cleaned.get("notes"):
        raise ValidationError({"notes": "Enter what the other process is"})
    today = clock.today()
    errors: dict[str, str] = {}
    started: dt.date | None = cleaned.get("started_on")
    concluded: dt.date | None = cleaned.get("concluded_on")
    if started and started > today:
        errors["started_on"] = "The date started must be today or in the past"
    if concluded and concluded > today:
        errors["concluded_on"] = "The date concluded must be today or in the past"
    elif concluded and started and concluded < started:
        errors["concluded_on"] = "The date concluded must be the same as or after the date started"
    elif concluded and cleaned["status"] != ProcessStatus.CONCLUDED:
        errors["status"] = "Select Concluded, or leave the date concluded empty"
    if errors:
        raise ValidationError(errors)
    return cleaned


def parallel_process_add(*, actor: User, case: Case, values: dict[str, Any]) -> ParallelProcess:
    """Add a process to the case's register."""
    _check(actor, case)
    cleaned = _clean(values)
    with transaction.atomic(durable=True):
        process = ParallelProcess.objects.create(
            case=case, created_by=actor, created_at=clock.now(), **cleaned
        )
        record_event(
            event_type=EventType.PARALLEL_PROCESS_ADDED,
            actor=actor,
            case=case,
            target=process,
            data={"process_id": process.pk, "kind": process.kind, "status": process.status},
        )
    return process


def parallel_process_update(
    *, actor: User, process: ParallelProcess, expected_version: int, values: dict[str, Any]
) -> ParallelProcess:
    """Change a process (every field at once, as the form sends it). A stale version raises
    StaleVersionError."""
    case = process.case
    _check(actor, case)
    cleaned = _clean(values)
    with transaction.atomic(durable=True):
        changed = sorted(name for name, value in cleaned.items() if getattr(process, name) != value)
        process = update_versioned(
            process,
            expected_version=expected_version,
            changes={**cleaned, "updated_by": actor, "updated_at": clock.now()},
        )
        record_event(
            event_type=EventType.PARALLEL_PROCESS_UPDATED,
            actor=actor,
            case=case,
            target=process,
            data={
                "process_id": process.pk,
                "version": process.version,
                "status": process.status,
                "fields": changed,
            },
        )
    process.case = case
    return process


def parallel_processes_from_referral(*, actor: User, case: Case, referral: Any) -> list[ParallelProcess]:
    """Start the register from the referral's answers: one row per process the referrer ticked that the case
    does not hold yet, status "reported", the referrer's details as its notes. Runs inside the referral's
    submission (referrals.services.referral_submit) and records one event when it adds anything."""
    codes = [code for code in (referral.parallel_processes or []) if code in ProcessKind.values]
    held = set(ParallelProcess.objects.filter(case=case).values_list("kind", flat=True))
    details = (referral.parallel_details or "").strip()
    now = clock.now()
    created = [
        ParallelProcess.objects.create(
            case=case,
            kind=code,
            status=ProcessStatus.REPORTED,
            notes=details,
            from_referral=True,
            created_by=actor,
            created_at=now,
        )
        for code in dict.fromkeys(codes)
        if code not in held
    ]
    if created:
        record_event(
            event_type=EventType.PARALLEL_PROCESSES_FROM_REFERRAL,
            actor=actor,
            case=case,
            data={"process_ids": [p.pk for p in created], "kinds": [p.kind for p in created]},
        )
    return created


def process_constraint_add(
    *, actor: User, process: ParallelProcess, blocks: str, reason: str
) -> ProcessConstraint:
    """Put a constraint on the local review from this process, e.g. "no contact with the family until the
    verdict". Active until lifted; the local review refuses the steps it blocks."""
    case = process.case
    _check(actor, case)
    if blocks not in Block.values:
        raise ValidationError({"blocks": "Select what the constraint blocks"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the constraint"})
    with transaction.atomic(durable=True):
        constraint = ProcessConstraint.objects.create(
            process=process, blocks=blocks, reason=reason, added_by=actor, added_at=clock.now()
        )
        record_event(
            event_type=EventType.PARALLEL_CONSTRAINT_ADDED,
            actor=actor,
            case=case,
            target=constraint,
            data={"constraint_id": constraint.pk, "process_id": process.pk, "blocks": blocks},
        )
    return constraint


def process_constraint_lift(
    *, actor: User, constraint: ProcessConstraint, lifted_on: dt.date
) -> ProcessConstraint:
    """Lift a constraint on `lifted_on` (today or in the past, not before it was added)."""
    case = constraint.process.case
    _check(actor, case)
    if lifted_on > clock.today():
        raise ValidationError({"lifted_on": "The date lifted must be today or in the past"})
    if lifted_on < clock.london(constraint.added_at).date():
        raise ValidationError({"lifted_on": "The date lifted cannot be before the constraint was added"})
    with transaction.atomic(durable=True):
        updated = ProcessConstraint.objects.filter(pk=constraint.pk, lifted_on__isnull=True).update(
            lifted_on=lifted_on, lifted_by=actor
        )
        if not updated:
            raise ValidationError("This constraint has already been lifted")
        constraint.lifted_on, constraint.lifted_by = lifted_on, actor
        record_event(
            event_type=EventType.PARALLEL_CONSTRAINT_LIFTED,
            actor=actor,
            case=case,
            target=constraint,
            data={
                "constraint_id": constraint.pk,
                "process_id": constraint.process_id,
                "blocks": constraint.blocks,
                "lifted_on": lifted_on.isoformat(),
            },
        )
    return constraint
