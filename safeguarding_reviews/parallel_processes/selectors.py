"""Reads of the register. The list costs a fixed number of queries however many processes there are."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case

from .models import ParallelProcess, ProcessConstraint


def processes_for_case(case: Case) -> QuerySet[ParallelProcess]:
    return ParallelProcess.objects.filter(case=case).order_by("created_at", "pk")


def constraints_for_case(case: Case) -> QuerySet[ProcessConstraint]:
    return (
        ProcessConstraint.objects.filter(process__case=case)
        .select_related("process")
        .order_by("added_at", "pk")
    )


def active_constraints_for_case(case: Case) -> QuerySet[ProcessConstraint]:
    """The constraints on the case's local review not yet lifted (local_reviews reads these)."""
    return constraints_for_case(case).filter(lifted_on__isnull=True)


def active_blocks(case: Case) -> dict[str, tuple[str, ...]]:
    """Block code -> the reasons of the case's active constraints, in the order added: what the local review's
    steps, the family's and the practitioners' involvement, and the drafts' sharing are refused with. One
    query."""
    blocks: dict[str, tuple[str, ...]] = {}
    for code, reason in active_constraints_for_case(case).values_list("blocks", "reason"):
        blocks[code] = (*blocks.get(code, ()), reason)
    return blocks
