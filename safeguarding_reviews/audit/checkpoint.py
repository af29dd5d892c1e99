"""The checkpoint: the latest chain head, kept outside the audit table so that cutting rows off the
end of the chain is detectable. Ship the file (or AUDIT_CHECKPOINT_PATH) off the machine daily."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings

from .models import AuditEvent


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def write_checkpoint() -> dict[str, Any] | None:
    head = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
    if head is None:
        return None
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    current = read_checkpoint()
    if current and current["sequence"] > head["sequence"]:
        # Never move the checkpoint backwards: a shorter chain than last seen is exactly what it detects.
        return current
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(head))
    os.replace(tmp, path)
    return head


def read_checkpoint() -> dict[str, Any] | None:
    path = checkpoint_path()
    if not path.exists():
        return None
    return json.loads(path.read_text())
