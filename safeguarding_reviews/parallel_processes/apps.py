from django.apps import AppConfig


class ParallelProcessesConfig(AppConfig):
    name = "safeguarding_reviews.parallel_processes"
    label = "parallel_processes"
