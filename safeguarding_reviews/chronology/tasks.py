"""Chronology work on the task worker: the Word export and its retention (chronology.exports), and the
files of draft imports once imported or expired (chronology.services)."""

from __future__ import annotations

from django_tasks import task


@task()
def chronology_export_build(*, export_id: str) -> str:
    from .exports import chronology_export_run

    export = chronology_export_run(export_id=export_id)
    return export.status if export is not None else "skipped"


@task()
def chronology_exports_tidy() -> dict[str, int]:
    """`tick` enqueues this every minute: delete exports older than the retention period (their files;
    the records stay, expired) and fail exports stuck in flight; erase the files of draft imports that were
    imported or have expired (the mapping pages). Idempotent; safe on two workers."""
    from .exports import chronology_exports_tidy as tidy
    from .services import chronology_import_drafts_tidy

    return tidy() | {"drafts_erased": chronology_import_drafts_tidy()}
