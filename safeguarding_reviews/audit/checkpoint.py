"""The checkpoint: the latest chain head, kept outside the audit table so that cutting rows off the
end of the chain is detectable. `manage.py tick` moves it forward every minute; ship the file
(settings.AUDIT_CHECKPOINT_PATH) off the machine daily (docs/operations.md)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings

from .models import AuditEvent

logger = logging.getLogger(__name__)


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def write_checkpoint() -> dict[str, Any] | None:
    """Record the current head, unless that would hide damage: the checkpoint never moves backwards,
    and never moves on while the row it names is missing or has a different hash (otherwise rows cut
    off the end and then overtaken by new writes would go unnoticed). Returns the checkpoint in force."""
    try:
        current = read_checkpoint()
    except ValueError:
        logger.error("Audit checkpoint file is unreadable; not replacing it. Run manage.py verify_audit.")
        return None
    row = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    if row is None:
        return current
    head: dict[str, Any] = {"sequence": row[0], "hash": row[1]}
    if current:
        if current["sequence"] >= head["sequence"]:
            # Never move backwards: a shorter chain than last seen is exactly what the checkpoint detects.
            return current
        still_there = AuditEvent.objects.filter(sequence=current["sequence"], hash=current["hash"]).exists()
        if not still_there:
            logger.error(
                "Audit checkpoint row %s is missing or changed; checkpoint kept. Run manage.py verify_audit.",
                current["sequence"],
            )
            return current
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump({"sequence": head["sequence"], "hash": head["hash"]}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return head


def read_checkpoint(path: Path | str | None = None) -> dict[str, Any] | None:
    """The checkpoint {"sequence": int, "hash": str}, or None if there is none yet. ValueError if the
    file is there but is not a checkpoint."""
    path = Path(path) if path is not None else checkpoint_path()
    if not path.exists():
        return None
    try:
        checkpoint = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise ValueError("the checkpoint file is not valid JSON") from error
    sequence = checkpoint.get("sequence") if isinstance(checkpoint, dict) else None
    hash_ = checkpoint.get("hash") if isinstance(checkpoint, dict) else None
    if type(sequence) is not int or sequence < 1 or not isinstance(hash_, str) or len(hash_) != 64:
        raise ValueError("the checkpoint file does not hold a sequence number and a hash")
    return {"sequence": sequence, "hash": hash_}
