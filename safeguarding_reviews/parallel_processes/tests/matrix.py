"""Objects the authorization matrix needs for register URLs: one process on world.case, made with the ORM
(test data, not a write path under test)."""

from __future__ import annotations

from django.utils import timezone

from safeguarding_reviews.parallel_processes.models import ParallelProcess, ProcessConstraint, ProcessKind


def url_kwargs(world) -> dict[str, dict[str, object]]:
    process = ParallelProcess.objects.create(
        case=world.case,
        kind=ProcessKind.POLICE,
        created_by=world.people["business_unit_officer"],
        created_at=timezone.now(),
    )
    constraint = ProcessConstraint.objects.create(
        process=process,
        blocks="family_contact",
        reason="Synthetic: no contact until the verdict",
        added_by=world.people["business_unit_officer"],
        added_at=timezone.now(),
    )
    return {"parallel_processes": {"process_id": process.pk, "constraint_id": constraint.pk}}
