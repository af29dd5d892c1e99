from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "safeguarding_reviews.screening"
    label = "screening"

    def ready(self) -> None:
        from safeguarding_reviews.clocks.signals import case_route_wanted

        from .receivers import route_for_clocks

        case_route_wanted.connect(route_for_clocks, dispatch_uid="screening.route_for_clocks")
