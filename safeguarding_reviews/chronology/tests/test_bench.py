"""bench/chronology.py's building and measuring functions at a tiny size, so the script does not rot."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from safeguarding_reviews.chronology.models import ChronologyEntry

BENCH = Path(__file__).resolve().parents[3] / "bench" / "chronology.py"


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("bench_chronology", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_functions_at_50_entries(db, bench):
    case, officer = bench.build(50)
    assert ChronologyEntry.objects.filter(case=case).count() == 50
    page = bench.measure_first_page(case, officer, repeats=1)
    assert page["rows"] == 50 and page["seconds"] > 0
    export = bench.measure_export(case, officer)
    assert export["bytes"] > 0 and export["seconds"] > 0 and export["python_peak_mb"] > 0
    docx = bench.measure_docx(case, officer)
    assert docx["rows"] == 50 and docx["seconds"] > 0
    assert bench._ratio(0.125, bench.O4_SECONDS) == "0.50"
