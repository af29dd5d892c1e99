from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safeguarding_reviews.audit"
    label = "audit"

    def ready(self) -> None:
        from safeguarding_reviews.core.signals import job_refused

        from .receivers import record_job_refused

        job_refused.connect(record_job_refused, dispatch_uid="audit.record_job_refused")
