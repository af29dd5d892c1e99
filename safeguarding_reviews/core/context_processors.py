from django.conf import settings
from django.http import HttpRequest

from safeguarding_reviews.accounts.activity import keep_alive_interval_seconds


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "SERVICE_NAME": settings.SERVICE_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_TIMEOUT_SECONDS": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        "SESSION_WARNING_SECONDS": settings.SESSION_WARNING_SECONDS,
        "SESSION_KEEP_ALIVE_SECONDS": keep_alive_interval_seconds(
            idle_seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS,
            warning_seconds=settings.SESSION_WARNING_SECONDS,
        ),
    }
