"""Objects the authorization matrix needs for screening URLs: world.case taken to a decision to notify."""

from __future__ import annotations

from .steps import to_notification


def url_kwargs(world) -> dict[str, dict[str, object]]:
    to_notification(world, world.case)
    return {}
