"""No silent overwrites: every edit is a conditional UPDATE on the version the user started from.

A save based on a stale version is refused with StaleVersionError carrying the current record, so
the page can show what changed and keep the user's input (DEVELOPERS.md, "Nothing lost").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import F

from .models import VersionedModel

M = TypeVar("M", bound=VersionedModel)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    theirs: Any
    yours: Any


class StaleVersionError(Exception):
    def __init__(self, current: VersionedModel):
        super().__init__("stale version")
        self.current = current

    def changes_against(self, yours: dict[str, Any]) -> list[FieldChange]:
        """What the other person saved that differs from what this user typed."""
        result = []
        for name, value in yours.items():
            theirs = getattr(self.current, name)
            if theirs != value:
                label = str(getattr(self.current._meta.get_field(name), "verbose_name", name))
                result.append(FieldChange(field=name, label=label, theirs=theirs, yours=value))
        return result


def update_versioned(instance: M, *, expected_version: int, changes: dict[str, Any]) -> M:
    """Apply `changes` only if the row is still at `expected_version`; bump the version."""
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise StaleVersionError(current=model._default_manager.get(pk=instance.pk))
    instance.refresh_from_db()
    return instance
