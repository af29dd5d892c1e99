"""Shared by the Word export tests (throttle, re-queue)."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.chronology.services import chronology_entry_add


@pytest.fixture
def officer(world):
    """The business unit officer, with one entry in the case's chronology to export."""
    officer = world.people["business_unit_officer"]
    chronology_entry_add(
        actor=officer,
        case=world.case,
        agency=world.agency,
        date=dt.date(2025, 3, 4),
        event_type="home_visit",
        what_happened="Synthetic home visit.",
    )
    return officer
