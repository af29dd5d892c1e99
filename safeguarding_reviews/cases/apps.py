from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeguarding_reviews.cases"
    label = "cases"

    def ready(self) -> None:
        from safeguarding_reviews.organisations.signals import places_end, platform_admin_stray_places_end

        from .receivers import case_places_end, platform_admin_case_places_end

        places_end.connect(case_places_end, dispatch_uid="cases.case_places_end")
        platform_admin_stray_places_end.connect(
            platform_admin_case_places_end, dispatch_uid="cases.platform_admin_case_places_end"
        )
