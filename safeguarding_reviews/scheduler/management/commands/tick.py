"""The one scheduled command: cron or a systemd timer runs it every minute in production;
`make run` runs it for you. Each step is idempotent."""

from typing import Any

from django.core.management.base import BaseCommand

from safeguarding_reviews.core.schedule import tick_stamp
from safeguarding_reviews.core.tasks import worker_heartbeat
from safeguarding_reviews.scheduler.tasks import housekeeping


class Command(BaseCommand):
    help = (
        "Run the once-a-minute jobs: relay tasks kept while Redis was down, re-queue Word exports left "
        "running by a dead worker, worker heartbeat, deadline reminders, chasing overdue agency returns and "
        "action plans' actions, deleting old chronology exports and typed drafts, housekeeping (finished "
        "task records, expired sessions, old alerts) and audit checkpoint."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from safeguarding_reviews.core.outbox import outbox_relay

        # First: jobs asked for while Redis was down (with RQ; nothing to do with the database queue).
        outbox_relay()
        from safeguarding_reviews.chronology.services import chronology_exports_requeue_stale

        chronology_exports_requeue_stale()  # builds left running by a dead worker, after a set time
        worker_heartbeat.enqueue()
        from safeguarding_reviews.clocks.tasks import send_deadline_reminders

        send_deadline_reminders.enqueue()  # each reminder goes once (ReminderSent's unique constraint)
        from safeguarding_reviews.rapid_review.tasks import chase_overdue_requests

        chase_overdue_requests.enqueue()  # each chase step goes once (RequestChase's unique constraint)
        from safeguarding_reviews.local_reviews.tasks import chase_information_requests

        chase_information_requests.enqueue()  # each step once (InformationRequestChase's unique constraint)
        from safeguarding_reviews.action_plans.tasks import chase_plan_actions

        chase_plan_actions.enqueue()  # each step once per due date (ActionChase's unique constraint)
        from safeguarding_reviews.chronology.tasks import chronology_exports_tidy

        chronology_exports_tidy.enqueue()  # each export expires once (a conditional UPDATE claims it)
        from safeguarding_reviews.drafts.tasks import drafts_tidy

        drafts_tidy.enqueue()  # a plain DELETE of what has expired: safe to repeat
        housekeeping.enqueue()  # each job runs once per its period (core.schedule.claim_run)
        from safeguarding_reviews.audit.checkpoint import write_checkpoint

        write_checkpoint()
        tick_stamp()  # last: /healthz reports when a tick last got all the way through
        self.stdout.write("tick done")
