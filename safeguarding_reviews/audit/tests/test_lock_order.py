"""The order writes take their locks, so that no two wait on each other (docs/audit.md, "Lock order").

Every test on PostgreSQL also checks that no write locks a case row after the audit chain's lock
(`tests/lock_order.py`, used by conftest.py); these tests check the rule's other half and the checker itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock
from tests.lock_order import LockOrderWatcher

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def _lock_order():
    """The suite's own check (conftest.py) stays off here: a test below breaks the order on purpose."""
    yield


def _is_true(keyword: ast.keyword, name: str) -> bool:
    return keyword.arg == name and isinstance(keyword.value, ast.Constant) and keyword.value.value is True


def row_locks_without_no_key(source: str) -> list[int]:
    """Line numbers of `select_for_update(...)` calls that do not pass `no_key=True`."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "select_for_update"
        and not any(
            keyword.arg == "no_key"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value is True
            for keyword in node.keywords
        )
    ]


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("Case.objects.select_for_update(no_key=True).get(pk=1)", []),
        ("Case.objects.select_for_update(no_key=True, of=('self',)).get(pk=1)", []),
        ("Case.objects.select_for_update().get(pk=1)", [1]),
        ("Case.objects.select_for_update(of=('self',)).get(pk=1)", [1]),
        ("x = 1\nCase.objects.select_for_update(no_key=False).first()", [2]),
    ],
)
def test_the_rule_finds_a_row_lock_that_would_block_foreign_key_checks(source, lines):
    assert row_locks_without_no_key(source) == lines


def test_every_row_lock_lets_foreign_key_checks_through():
    """FOR UPDATE blocks the FOR KEY SHARE lock a commit takes to check a new row's foreign key to the locked
    row: a write that holds the audit chain's lock and created a row naming the case then waits for the
    lock holder, which waits for the chain (the scale harness's deadlock). No code here changes a key."""
    found = {
        str(path.relative_to(ROOT)): lines
        for directory in ("safeguarding_reviews", "bench", "config")
        for path in sorted(ROOT.joinpath(directory).rglob("*.py"))
        if (lines := row_locks_without_no_key(path.read_text()))
    }
    assert found == {}


def test_the_watcher_reports_a_case_row_locked_after_the_chain(world):
    if connection.vendor != "postgresql":
        pytest.skip("the chain's advisory lock and row locks are PostgreSQL's")
    case = world.case
    other = Case.objects.exclude(pk=case.pk).first() or case
    watcher = LockOrderWatcher()
    with connection.execute_wrapper(watcher):
        with transaction.atomic():
            case_lock(case=case)
            record_event(event_type=EventType.CASE_VIEWED, case=case, target=case)
            case_lock(case=case)  # held already: in order
        assert watcher.violations == []
        with transaction.atomic():
            record_event(event_type=EventType.CASE_VIEWED, case=case, target=case)
            case_lock(case=other)
    assert len(watcher.violations) == 1
    assert "case_lock" in watcher.violations[0]
