"""How often the page may tell the server the person is active. Pure; table-tested (test_activity.py)."""

from __future__ import annotations

KEEP_ALIVE_MAX_PER_SECONDS = 60


def keep_alive_interval_seconds(*, idle_seconds: int, warning_seconds: int) -> int:
    """How often, at most, the page tells the server that the person is typing or clicking: once a minute,
    never more often. Only when the warning would come less than two minutes after the last activity (the
    browser tests' short settings) is it brought down, to half that time, so that continuous typing always
    reaches the server before the warning."""
    before_warning = max(1, idle_seconds - min(warning_seconds, idle_seconds))
    return max(1, min(KEEP_ALIVE_MAX_PER_SECONDS, before_warning // 2))
