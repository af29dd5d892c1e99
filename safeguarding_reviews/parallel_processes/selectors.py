"""Reads of the register. The list costs a fixed number of queries however many processes there are."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case

from .models import ParallelProcess


def processes_for_case(case: Case) -> QuerySet[ParallelProcess]:
    return ParallelProcess.objects.filter(case=case).order_by("created_at", "pk")
