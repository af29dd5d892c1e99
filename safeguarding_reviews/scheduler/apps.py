from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    """`manage.py tick` and the housekeeping it enqueues. It sits above every app whose periodic work it
    starts, so those apps need not know when they run (core keeps only when each job last ran)."""

    name = "safeguarding_reviews.scheduler"
    verbose_name = "Scheduled jobs"
