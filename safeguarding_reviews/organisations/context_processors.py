from django.http import HttpRequest

from .models import Partnership
from .roles import PLAN_ROLES, Role
from .selectors import partnerships_where


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    managed = partnerships_where(user, {Role.BUSINESS_MANAGER})
    return {
        # From the roles already read for this request (cached on the user): no query of its own.
        "nav_action_plans": bool(partnerships_where(user, PLAN_ROLES)),
        "nav_partnerships": list(Partnership.objects.filter(pk__in=managed).only("name", "slug"))
        if managed
        else [],
    }
