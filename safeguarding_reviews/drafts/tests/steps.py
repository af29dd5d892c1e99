"""Steps the typed-draft tests share: what the page's script sends."""

from __future__ import annotations

import json
from typing import Any

SAVE = "/drafts/save/"
TYPED = "Synthetic: the health visitor saw the child twice in March."


def post_draft(client: Any, path: str, fields: Any) -> Any:
    return client.post(SAVE, json.dumps({"path": path, "fields": fields}), content_type="application/json")


def typed_fields(version: int, **typed: str) -> dict[str, list[str]]:
    return {"version": [str(version)], **{name: [value] for name, value in typed.items()}}
