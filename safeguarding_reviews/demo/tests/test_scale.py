"""The synthetic England (demo/scale.py, manage.py generate_scale) and bench/pages.py at a tiny size, so
neither rots. No timing assertions: counts, structure and a whole audit chain."""

from __future__ import annotations

import importlib.util
import json
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.audit.verify import verify_chain
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.chronology.models import ChronologyEntry
from safeguarding_reviews.clocks.models import Deadline
from safeguarding_reviews.demo.scale import generate, grow_largest_tables

BENCH = Path(__file__).resolve().parents[3] / "bench" / "pages.py"


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("bench_pages", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generate_builds_counted_rows_and_a_whole_audit_chain(db):
    result = generate(cases=8, seed=3, max_entries=60)
    cases = Case.objects.filter(lead_partnership=result.partnership)
    assert cases.count() == result.counts["cases"] == 8
    assert ChronologyEntry.objects.filter(case__in=cases).count() == result.counts["chronology entries"]
    assert Deadline.objects.filter(case__in=cases).count() == result.counts["deadlines"]
    assert Alert.objects.filter(case__in=cases).count() == result.counts["alerts"]
    assert AuditEvent.objects.count() == result.counts["audit events"] > 8
    # The measured case: open, not restricted, with exactly max_entries entries.
    measured = Case.objects.get(pk=result.big_case_id)
    assert measured.stage == Stage.LCSPR and not measured.is_restricted
    assert ChronologyEntry.objects.filter(case=measured).count() == 60
    # Ten years of history kept (bulk_create would otherwise stamp every case with now).
    assert cases.order_by("created_at").first().created_at.year < measured.created_at.year  # type: ignore[union-attr]
    assert verify_chain().ok
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "verified" in out.getvalue()


def test_generate_appends_to_an_existing_chain(db):
    first = generate(cases=3, seed=5, max_entries=50)
    second = generate(cases=4, seed=5, max_entries=50)
    assert first.counts["cases"] == 3 and second.counts["cases"] == 4
    assert verify_chain().ok


def test_grow_largest_tables_copies_all_but_the_measured_case(db):
    result = generate(cases=4, seed=2, max_entries=40)
    entries, events = ChronologyEntry.objects.count(), AuditEvent.objects.count()
    measured_entries = ChronologyEntry.objects.filter(case_id=result.big_case_id).count()
    measured_events = AuditEvent.objects.filter(case_id=result.big_case_id).count()
    added = grow_largest_tables(factor=3, spare_case_id=result.big_case_id)
    assert added == {
        "chronology entries": 2 * (entries - measured_entries),
        "audit events": 2 * (events - measured_events),
    }
    assert ChronologyEntry.objects.count() == entries + added["chronology entries"]
    # The measured case's own rows are the same; the chain is whole and longer.
    assert ChronologyEntry.objects.filter(case_id=result.big_case_id).count() == measured_entries == 40
    assert AuditEvent.objects.filter(case_id=result.big_case_id).count() == measured_events
    assert AuditEvent.objects.count() == events + added["audit events"]
    assert verify_chain().ok
    assert grow_largest_tables(factor=1, spare_case_id=result.big_case_id) == {
        "chronology entries": 0,
        "audit events": 0,
    }


def _fingerprint() -> list[tuple[object, ...]]:
    return [
        *Case.objects.order_by("reference").values_list("id", "stage", "created_at", "is_restricted"),
        *ChronologyEntry.objects.order_by("case__reference", "agency_order", "date").values_list(
            "case__reference", "agency__name", "date", "event_type"
        ),
        *AuditEvent.objects.order_by("sequence").values_list("event_type", "occurred_at", "case_id"),
    ]


def test_generate_is_deterministic_from_the_seed(db):
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            generate(cases=6, seed=11, max_entries=50)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1] and len(fingerprints[0]) > 50


def test_generate_scale_command_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("generate_scale", "--cases", "2")
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("generate_scale", "--cases", "2", "--max-entries", "50", stdout=out)
    assert "cases" in out.getvalue() and Case.objects.count() == 2


def test_bench_functions_at_five_cases(db, bench):
    result = bench.build(5, max_entries=50)
    measured = bench.measure_all(result, repeats=1)
    names = {name for name, _, _ in bench.pages(result)}
    assert {key.split("|")[0] for key in measured} == names | {"O10 audit verify (rows/s)"}
    # Every page answers 200 for each role it is measured as, with a query count.
    assert all(stats["status"] == 200 for stats in measured.values()), {
        k: v["status"] for k, v in measured.items() if v["status"] != 200
    }
    assert all(stats["queries"] > 0 for key, stats in measured.items() if not key.startswith("O10"))
    # Each page measured with audit off as well; each full export's peak memory.
    pages_measured = [s for key, s in measured.items() if not key.startswith("O10") and "export" not in key]
    assert all(len(stats["off"]) == 1 and stats["off_median"] > 0 for stats in pages_measured)
    exports = [stats for key, stats in measured.items() if "export" in key]
    assert exports and all(stats["peak_mb"] > 0 for stats in exports)
    run = {"counts": result.counts, "pages": measured}
    sliced = {**run, "slice": {"added": {}, "seconds": 0, "pages": measured, "small_pages": measured}}
    lines, failures = bench.table({("sqlite", 5): run, ("sqlite", 6): sliced}, [5, 6])
    # The same run at both sizes: nothing grows and no query count changes (at five cases a page may still be
    # over 10 × F0: that bar is for the largest N). Audit on ÷ off, peak memory and the slice's growth shown.
    assert len(lines) == len(measured) + 2
    assert "aud÷off" in lines[0] and "peakMB" in lines[0] and "10×slc" in lines[0]
    case_line = next(line for line in lines if line.startswith("sqlite     O2 case page"))
    assert case_line.split()[-1] == "1.00"  # the slice's growth: the same times
    assert [f for f in failures if "grows" in f or "queries" in f] == []
    # Rounds merge into one measurement per page: every time kept, one query count.
    merged = bench.merge([measured, bench.measure_all(result, repeats=1, verify=False)])
    case_page = next(key for key in merged if key.startswith("O2 "))
    assert (
        len(merged[case_page]["times"]) == 2
        and merged[case_page]["queries"] == measured[case_page]["queries"]
    )
    assert merged["O10 audit verify (rows/s)|-"] == measured["O10 audit verify (rows/s)|-"]
    assert verify_chain().ok


def test_bench_measures_on_command(db, bench, monkeypatch, capsys):
    # make bench's measuring processes: one reply line per command, every page's times kept across sweeps.
    result = bench.build(3, max_entries=30)
    monkeypatch.setattr(
        sys, "stdin", StringIO("sweep slow\nsweep\nsweep noaudit\nmemory\nstats\nverify\nstop\nsweep\n")
    )
    assert bench._serve(result) == 0
    replies = [
        json.loads(line.removeprefix(bench.REPLY))
        for line in capsys.readouterr().out.splitlines()
        if line.startswith(bench.REPLY)
    ]
    ready, first, second, unaudited, memory, stats, verified = replies  # nothing after "stop"
    assert ready == first == second == unaudited == memory == {}
    assert {key.split("|")[0] for key in stats} == {name for name, _, _ in bench.pages(result)}
    assert all(s["status"] == 200 and s["queries"] > 0 for s in stats.values())
    # Two sweeps; the full exports only in the slow one.
    assert {len(s["times"]) for key, s in stats.items() if "export" not in key} == {2}
    assert {len(s["times"]) for key, s in stats.items() if "export" in key} == {1}
    # One sweep with audit off (no exports); the exports' peak memory.
    assert {len(s["off"]) for key, s in stats.items() if "export" not in key} == {1}
    assert all(s["peak_mb"] > 0 and "off" not in s for key, s in stats.items() if "export" in key)
    assert verified["O10 audit verify (rows/s)|-"]["status"] == 200


def test_bench_audit_off_writes_nothing_and_puts_everything_back(db, bench):
    from safeguarding_reviews.audit import services
    from safeguarding_reviews.audit.event_types import EventType

    original = services.record_event
    before = AuditEvent.objects.count()
    with bench.audit_off():
        assert services.record_event is not original
        services.record_event(event_type=EventType.CASE_VIEWED)
        assert AuditEvent.objects.count() == before
    assert services.record_event is original


def test_bench_slice_refused_without_room(db, bench, tmp_path, monkeypatch):
    database = tmp_path / "bench.sqlite3"
    database.write_bytes(b"x" * 1000)
    db = {"name": str(database)}
    assert bench._slice_refused("sqlite", db, "") is None
    monkeypatch.setattr(bench.shutil, "disk_usage", lambda _path: bench.shutil._ntuple_diskusage(1, 1, 10))
    assert "needs about" in bench._slice_refused("sqlite", db, "")
    assert "other-host" in bench._slice_refused("postgresql", db, "postgres://u:p@other-host:5432/x")


def test_bench_settles_the_database_outside_a_transaction(transactional_db, bench):
    # VACUUM cannot run inside a transaction block: the bench calls it with Django in autocommit, as here.
    bench.settle()
