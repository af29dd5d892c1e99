"""The monitoring view's spreadsheet export on the task worker (exports.py). The Word committee report is
made by reports' own task (reports.tasks.document_generation_build). Kept apart from tasks.py (the chase)."""

from __future__ import annotations

from django_tasks import task


@task()
def monitoring_export_build(*, export_id: int) -> str:
    from .exports import monitoring_export_run

    export = monitoring_export_run(export_id=export_id)
    return export.status if export is not None else "skipped"
