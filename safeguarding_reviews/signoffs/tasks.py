"""Sign-off work on the task worker: the sign-off record's PDF (services.signoff_record_generate), as the
reports app renders its reports there rather than in a web request."""

from __future__ import annotations

from django_tasks import task


@task()
def signoff_record_build(
    *, build_id: int | None = None, outcome_id: int | None = None, actor_id: int | None = None
) -> str:
    """Run one SignOffRecordBuild. `outcome_id` and `actor_id` are the arguments of tasks queued before
    builds were kept (a queue may still hold some): those generate directly, as they did."""
    from .services import signoff_record_build_run, signoff_record_generate

    if build_id is not None:
        build = signoff_record_build_run(build_id=build_id)
        return "skipped" if build is None or build.record_id is None else "generated"
    assert outcome_id is not None and actor_id is not None
    record = signoff_record_generate(outcome_id=outcome_id, actor_id=actor_id)
    return "generated" if record is not None else "skipped"
