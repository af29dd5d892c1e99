"""Log filters. Log lines carry a request id, never names, emails or query strings."""

from __future__ import annotations

import contextvars
import logging
import re

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


# One-time secrets that travel in paths (invitation links, password reset keys) are masked in the log.
_SECRET_PATHS = re.compile(r"^(/partnerships/invitations/|/accounts/password/reset/key/)[^/]+")


def loggable_path(path: str) -> str:
    return _SECRET_PATHS.sub(r"\1…", path)


class RefusalsAsOneLine(logging.Filter):
    """For Django's own request loggers (django.request, django.security).

    Django logs every 4xx with the raw path, and a PermissionDenied with its whole traceback. A refusal is
    expected traffic (and audited as access.refused), so a 4xx is one line without a traceback (SEC finding
    5); a 5xx keeps its traceback. The path is masked like the access log's, so an invitation token in a
    refused link never reaches the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple):
            record.args = tuple(
                loggable_path(a) if isinstance(a, str) and a == path else a for a in record.args
            )
        return True
