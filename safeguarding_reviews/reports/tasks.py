"""Report work on the task worker: the test render of an uploaded template and the generation of a report
(reports.services). Neither ever runs in a web request; both render the Word template in a separate,
limited process (reports.rendering)."""

from __future__ import annotations

from django_tasks import task


@task()
def report_template_test_render(*, template_id: int) -> str:
    from .services import report_template_check_run

    template = report_template_check_run(template_id=template_id)
    return template.status if template is not None else "skipped"


@task()
def report_generation_build(*, generation_id: str) -> str:
    from .services import report_generation_run

    generation = report_generation_run(generation_id=generation_id)
    return generation.status if generation is not None else "skipped"


@task()
def document_generation_build(*, generation_id: str) -> str:
    from .services import document_generation_run

    generation = document_generation_run(generation_id=generation_id)
    return generation.status if generation is not None else "skipped"
