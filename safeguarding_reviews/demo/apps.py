from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The synthetic demo partnership (`make run`): it sits above every domain app and writes only through
    their services, so no domain app knows the demo exists. Production settings refuse DEMO_MODE."""

    name = "safeguarding_reviews.demo"
    verbose_name = "Demo partnership (synthetic)"
