from django.conf import settings
from django.http import HttpRequest

from .activity import keep_alive_interval_seconds


def session_timeout(request: HttpRequest) -> dict[str, object]:
    """The idle timeout's numbers for the warning and the keep-alive (static/app/timeout.js)."""
    return {
        "SESSION_IDLE_TIMEOUT_SECONDS": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        "SESSION_WARNING_SECONDS": settings.SESSION_WARNING_SECONDS,
        "SESSION_KEEP_ALIVE_SECONDS": keep_alive_interval_seconds(
            idle_seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS,
            warning_seconds=settings.SESSION_WARNING_SECONDS,
        ),
    }
