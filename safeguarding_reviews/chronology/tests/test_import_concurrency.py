"""Imports into one case at the same moment (the scale harness found a 500 here): both succeed, numbered
one after the other per agency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from safeguarding_reviews.chronology.importer import ParsedRow
from safeguarding_reviews.chronology.models import ChronologyEntry
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


def test_an_import_numbers_after_the_entries_already_there(world):
    officer = world.people["business_unit_officer"]
    chronology_import(actor=officer, case=world.case, rows=_rows(world, 2), file_name="a.csv")
    chronology_import(actor=officer, case=world.case, rows=_rows(world, 3), file_name="b.csv")
    orders = sorted(ChronologyEntry.objects.filter(case=world.case).values_list("agency_order", flat=True))
    assert orders == [1, 2, 3, 4, 5]
