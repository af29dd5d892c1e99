"""How often the page may send the keep-alive: once a minute at most (a table)."""

from __future__ import annotations

import pytest

from safeguarding_reviews.accounts.activity import keep_alive_interval_seconds


@pytest.mark.parametrize(
    ("idle", "warning", "interval"),
    [
        (15 * 60, 2 * 60, 60),  # the service's settings: once a minute
        (60 * 60, 5 * 60, 60),  # never more often than once a minute, however long the idle limit
        (3 * 60, 60, 60),  # two minutes before the warning: still once a minute
        (150, 60, 45),  # the warning 90 s after activity: half that
        (20, 8, 6),  # browser tests' short settings
        (10, 10, 1),  # the warning at once: as often as once a second, never zero
        (5, 30, 1),  # a warning longer than the idle limit: warned at once, so once a second
    ],
)
def test_keep_alive_interval(idle, warning, interval):
    assert keep_alive_interval_seconds(idle_seconds=idle, warning_seconds=warning) == interval
