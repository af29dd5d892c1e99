"""The session engine: Django's database sessions, with a lost database answered as an outage, not a 400."""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError


class SessionStore(DatabaseSessionStore):
    """Django's database session backend turns any database error while updating the session row into
    UpdateError, which SessionMiddleware answers with 400 "the session was deleted before the request
    completed". That is right when the row has gone (another tab signed out); when the database itself is
    unreachable (a restart, a failover) it is an outage, and the person should see the service's 500 page
    and try again, not a bad-request page. So the connection's own errors pass through as they are."""

    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            cause = error.__context__
            if isinstance(cause, OperationalError | InterfaceError):
                raise cause from None
            raise
