"""The outcome follows the chronology it cites (chronology.signals), in the chronology service's
transaction."""

from __future__ import annotations

from typing import Any

from .models import OutcomeEvidence
from .services import outcome_version_raise


def raise_after_chronology_change(
    sender: Any, *, actor: Any, case: Any, cause: str, data: dict[str, Any], **_: Any
) -> int | None:
    outcome = outcome_version_raise(actor=actor, case=case, cause=cause, data=data)
    return outcome.version if outcome is not None else None


def entries_cited_as_evidence(sender: Any, *, entry_ids: list[int], **_: Any) -> set[int]:
    return set(
        OutcomeEvidence.objects.filter(chronology_entry_id__in=entry_ids).values_list(
            "chronology_entry_id", flat=True
        )
    )
