from django.http import HttpRequest

from .selectors import unread_alert_count


def alerts(request: HttpRequest) -> dict[str, object]:
    """The unread count for the "Alerts (N)" navigation link: one query per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_alert_count": unread_alert_count(user)}
