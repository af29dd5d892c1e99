"""Helpers for the audit tests: a chain of events, and tampering as the table's owner would."""

from __future__ import annotations

import pytest
from django.db import connection

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from tests.factories import CaseFactory, UserFactory


@pytest.fixture
def chain(db):
    """Ten events with actors, a case, a target and nested data: returns the recorded events."""
    actor = UserFactory.create()
    case = CaseFactory.create()
    events = []
    for i in range(10):
        events.append(
            record_event(
                event_type=EventType.CASE_VIEWED if i % 2 else EventType.CASE_UPDATED,
                actor=actor if i % 3 else None,
                case=case if i % 4 else None,
                target=case if i == 5 else None,
                data={"page": "case_detail", "i": i, "fields": ["a", "b"], "nested": {"z": 1, "a": None}},
            )
        )
    return events


@pytest.fixture
def tamper(db):
    """A cursor that can change audit rows as the table owner can. On SQLite the UPDATE trigger is
    dropped first (inside the test's transaction, so it comes back afterwards): anyone with the file
    can do the same, which is why verify_audit does not trust the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
        yield cursor
