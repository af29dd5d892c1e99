"""Reminders and the escalation ladder for the agencies' actions, run by the task worker. `manage.py tick`
enqueues it every minute; ActionChase's unique (action, due date, step) means each step goes once."""

from __future__ import annotations

from django_tasks import task


@task()
def chase_plan_actions() -> int:
    from .services import action_chases_run

    return action_chases_run()
