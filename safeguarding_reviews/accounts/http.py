"""The request type of views behind `login_required`.

Django types `request.user` as "a user or AnonymousUser"; behind `login_required` it is always a signed-in
`User`, and the services and selectors those views call take a `User`. Annotating such a view with this
type says so once, instead of narrowing `request.user` at every call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
