"""Imports into one case at the same moment (the scale harness found a 500 here): both succeed, numbered
one after the other per agency."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.chronology.importer import ParsedRow
from safeguarding_reviews.chronology.models import ChronologyEntry, ChronologyImportBatch
from safeguarding_reviews.chronology.services import chronology_import


def _rows(world, count: int) -> list[ParsedRow]:
    return [
        ParsedRow(
            row=number + 2,
            date=dt.date(2025, 3, 1) + dt.timedelta(days=number),
            precision="exact",
            time=None,
            agency_id=world.agency.pk,
            source_record="",
            event_type="home_visit",
            what_happened=f"Synthetic visit {number}.",
            practitioner_role="",
            is_key_episode=False,
            analysis="",
        )
        for number in range(count)
    ]


@pytest.mark.django_db(transaction=True)
def test_two_imports_into_one_case_at_once_both_succeed(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    officer = world.people["business_unit_officer"]
    barrier = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(
                chronology_import(actor=officer, case=world.case, rows=_rows(world, 20), file_name="a.csv")
            )
        except Exception as exc:  # reported by the assertion below
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [20, 20]
    orders = sorted(ChronologyEntry.objects.filter(case=world.case).values_list("agency_order", flat=True))
    assert orders == list(range(1, 41))


@pytest.mark.django_db(transaction=True)
def test_an_import_and_another_write_in_the_case_at_once_both_succeed(world):
    """The scale harness's 500: an import holds the case row, then waits for the audit chain's lock; another
    write in the case already holds that lock and, at its commit, checks its new row's foreign key to the
    case (a FOR KEY SHARE lock on the case row). Under FOR UPDATE the two waited on each other until
    PostgreSQL killed one (deadlock detected); the services lock FOR NO KEY UPDATE, which a foreign-key check
    does not wait for."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    officer = world.people["business_unit_officer"]
    other_has_chain_lock = threading.Event()
    results: dict[str, object] = {}

    def import_waits_on_the_chain() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            row = cursor.fetchone()
        assert row is not None
        return bool(row[0])

    def other_write() -> None:
        try:
            with transaction.atomic():
                record_event(
                    event_type=EventType.CHRONOLOGY_IMPORTED,
                    actor=officer,
                    case=world.case,
                    target=world.case,
                )
                ChronologyImportBatch.objects.create(case=world.case, file_name="b.csv", created_by=officer)
                other_has_chain_lock.set()
                for _ in range(200):  # up to 10 s for the import to reach the chain lock
                    if import_waits_on_the_chain():
                        break
                    time.sleep(0.05)
                else:
                    raise AssertionError("the import never waited for the chain lock")
            results["other"] = "committed"
        except Exception as exc:  # reported by the assertion below
            results["other"] = exc
        finally:
            connections.close_all()

    def importer() -> None:
        try:
            other_has_chain_lock.wait(10)
            results["import"] = chronology_import(
                actor=officer, case=world.case, rows=_rows(world, 5), file_name="a.csv"
            )
        except Exception as exc:  # reported by the assertion below
            results["import"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=other_write), threading.Thread(target=importer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"other": "committed", "import": 5}


def test_an_import_numbers_after_the_entries_already_there(world):
    officer = world.people["business_unit_officer"]
    chronology_import(actor=officer, case=world.case, rows=_rows(world, 2), file_name="a.csv")
    chronology_import(actor=officer, case=world.case, rows=_rows(world, 3), file_name="b.csv")
    orders = sorted(ChronologyEntry.objects.filter(case=world.case).values_list("agency_order", flat=True))
    assert orders == [1, 2, 3, 4, 5]
