"""Shared by the sign-off tests: a fixed "today" and a case whose complete outcome has a report to sign."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.reports.services import report_generate
from tests.outcome_data import complete_outcome

TODAY = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def ready(world):
    """A complete outcome written by the business unit officer and a report generated from it."""
    outcome = complete_outcome(world)
    report = report_generate(actor=world.people["business_unit_officer"], case=world.case)
    outcome.refresh_from_db()
    outcome.case = world.case
    return world, outcome, report


@pytest.fixture
def test_kind():
    """A test-only signable kind, registered as an app would at AppConfig.ready."""
    from .signable_kind import KIND, ensure_registered

    ensure_registered()
    yield KIND


@pytest.fixture
def signable_doc(world, test_kind):
    """The test kind with a first version written by the business unit officer."""
    from .signable_kind import new_version

    new_version(world)
    return world
