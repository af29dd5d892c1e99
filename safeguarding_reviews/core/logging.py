"""Log filters. Log lines carry a request id, never names, emails or query strings."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import traceback

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


class JsonFormatter(logging.Formatter):
    """Production's log format: one JSON object per line, for a log shipper. A fixed set of fields only: the
    time, level, logger, request id, the message (already free of personal data: paths masked, no query
    strings), an HTTP status when there is one, and for an exception its type and the stack as file, line
    and function. Never the exception's message (a database error can quote the row it refused: an email
    address in a duplicate key), never the record's args or the request object."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(record.exc_info[2])
            ]
        return json.dumps(entry, ensure_ascii=False)
