from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "safeguarding_reviews.dashboards"
    label = "dashboards"
