"""Chronology work on the task worker: the Word export (chronology.exports)."""

from __future__ import annotations

from django_tasks import task


@task()
def chronology_export_build(*, export_id: str) -> str:
    from .exports import chronology_export_run

    export = chronology_export_run(export_id=export_id)
    return export.status if export is not None else "skipped"
