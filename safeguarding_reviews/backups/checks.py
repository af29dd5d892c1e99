"""A backup key that cannot be read would only show on the night of the first backup: refuse at start."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from .sealing import key_from_text


@checks.register(checks.Tags.security)
def backup_key_readable(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    text = getattr(settings, "BACKUP_ENCRYPTION_KEY", "")
    if not text:
        return []
    try:
        key_from_text(text)
    except ValueError as error:
        return [checks.Error(str(error), id="backups.E001")]
    return []
