from django.http import HttpRequest

from .models import Partnership
from .roles import Role
from .selectors import partnerships_where


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    managed = partnerships_where(user, {Role.BUSINESS_MANAGER})
    return {
        "nav_partnerships": list(Partnership.objects.filter(pk__in=managed).only("name", "slug"))
        if managed
        else []
    }
