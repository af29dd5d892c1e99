from django.apps import AppConfig


class ReportDraftsConfig(AppConfig):
    name = "safeguarding_reviews.report_drafts"
    label = "report_drafts"
