"""Sign-off work on the task worker: the sign-off record's PDF (services.signoff_record_generate), as the
reports app renders its reports there rather than in a web request."""

from __future__ import annotations

from django_tasks import task


@task()
def signoff_record_build(*, outcome_id: int, actor_id: int) -> str:
    from .services import signoff_record_generate

    record = signoff_record_generate(outcome_id=outcome_id, actor_id=actor_id)
    return "generated" if record is not None else "skipped"
