"""The impact-check rule's first version (rule data, with its source): loaded by migration 0002 and after a
flush (seed.py). A later version is added by a new migration citing its source, never by editing this one:
checks already scheduled keep the version they were scheduled under."""

from __future__ import annotations

import datetime as dt

IMPACT_RULE_VERSION = "2026-1"
IMPACT_RULE_SOURCE = (
    "Working Together to Safeguard Children 2023, chapter 5 (partners assure themselves that learning "
    "improves practice) and the Child Safeguarding Practice Review Panel's guidance on impact: a check "
    "between six and twelve months after an action plan's recommendation is closed"
)
EARLIEST_MONTHS = 6
DUE_MONTHS = 9
LATEST_MONTHS = 12
EFFECTIVE_FROM = dt.date(2026, 1, 1)
