"""Benchmark: the merged chronology at 5,000 entries against quality targets O4 and O5. Not a test.

    DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python bench/chronology.py [N]
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres .venv/bin/python bench/chronology.py

Builds N synthetic entries (default 5,000; three agencies, some possible duplicates and silent periods) in a
throwaway SQLite file, and also in a throwaway PostgreSQL database when DATABASE_URL is given (created on
that server as sr_chron_bench_<random> and dropped afterwards; the database named in the URL is untouched).
Measures, through the real views (middleware, audit event and template included):

- O4: the first keyset page of 200 of the merged chronology (median of several requests), target 250 ms;
- O5: the full streamed XLSX export, target 2 s and peak RSS below 150 MB. It runs in a fresh subprocess so
  the peak resident set size (resource.getrusage) is the export's own, with Django loaded;
- and, for O9, the Word export's build on the task worker (target: done within 30 s).

Each measurement is printed with its ratio to the target named above (below 1.0 meets it). The building
and measuring functions are run at a tiny size by
safeguarding_reviews/chronology/tests/test_bench.py so the script does not rot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
O4_SECONDS = 0.250
O5_SECONDS = 2.0
O5_RSS_MB = 150.0
O9_SECONDS = 30.0
PAGE_REPEATS = 7


# --- the parts the test runs too (Django already set up, a database ready) -------------------------------


def build(entries: int) -> tuple[Any, Any]:
    """A partnership, three agencies, a business unit officer and a case with `entries` synthetic entries.
    Returns (case, officer)."""
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases import services as case_services
    from safeguarding_reviews.chronology.models import ChronologyEntry
    from safeguarding_reviews.chronology.ordering import sort_columns
    from safeguarding_reviews.organisations.models import (
        Agency,
        AgencyType,
        Membership,
        MembershipRole,
        Partnership,
    )

    tag = uuid.uuid4().hex[:8]
    partnership = Partnership.objects.create(
        name=f"Bench partnership {tag}",
        slug=f"bench-{tag}",
        local_authority_name="Bench council",
        case_reference_prefix="BEN",
    )
    agencies = [
        Agency.objects.create(partnership=partnership, name=f"Bench agency {i}", agency_type=AgencyType.OTHER)
        for i in range(3)
    ]
    officer = User.objects.create_user(email=f"bench-{tag}@test.example", full_name="Bench officer")
    membership = Membership.objects.create(user=officer, partnership=partnership)
    MembershipRole.objects.create(membership=membership, role="business_unit_officer")
    case = case_services.case_create(
        actor=officer, partnership=partnership, pseudonym="Child B", summary="Synthetic benchmark case."
    )
    start = dt.date(2018, 1, 1)
    kinds = ["contact", "home_visit", "health_appointment", "education", "police_incident"]
    orders = dict.fromkeys(range(3), 0)
    rows = []
    for i in range(entries):
        agency = i % 3
        orders[agency] += 1
        # about two entries a week, with a six-week silence every 400 entries
        date = start + dt.timedelta(days=(i * 7) // 6 + 45 * (i // 400))
        precision = "month" if i % 97 == 0 else ("approximate" if i % 31 == 0 else "exact")
        time_of_day = dt.time(9 + i % 8, (i * 7) % 60) if i % 3 else None
        rows.append(
            ChronologyEntry(
                case=case,
                agency=agencies[agency],
                date=date.replace(day=1) if precision == "month" else date,
                date_precision=precision,
                time=time_of_day,
                source_record=f"REC-{i:05d}",
                event_type=kinds[(i // 2) % len(kinds)],  # neighbours share a type: some duplicates
                what_happened=f"Synthetic entry {i // 2}: practitioner contact about school attendance.",
                practitioner_role="Practitioner",
                is_key_episode=i % 50 == 0,
                analysis="Synthetic analysis." if i % 5 == 0 else "",
                restricted_to_roles=[],
                restricted_roles_key="",
                agency_order=orders[agency],
                created_by=officer,
                **sort_columns(date, precision, time_of_day),
            )
        )
    ChronologyEntry.objects.bulk_create(rows, batch_size=1000)
    return case, officer


def signed_in_client(user: Any) -> Any:
    from django.conf import settings
    from django.test import Client

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    session = client.session
    session["_sr_mfa_ok"] = True
    session.save()
    return client


def measure_first_page(case: Any, user: Any, repeats: int = PAGE_REPEATS) -> dict[str, Any]:
    """Median seconds for GET of the first merged page (after one warm-up request)."""
    from django.urls import reverse

    client = signed_in_client(user)
    url = reverse("chronology:merged", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {"seconds": statistics.median(times), "rows": response.content.count(b'id="entry-')}


def measure_export(case: Any, user: Any) -> dict[str, Any]:
    """Seconds for the whole streamed XLSX export (response consumed), its size and tracemalloc's peak of
    Python allocations during it. RSS is measured by `export_child` in a fresh process."""
    from django.urls import reverse

    client = signed_in_client(user)
    url = reverse("chronology:export_xlsx", args=[case.pk])
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200
    return {"seconds": seconds, "bytes": size, "python_peak_mb": peak / 2**20}


def measure_docx(case: Any, user: Any) -> dict[str, Any]:
    """Seconds to build and store the Word export (the task worker's part), for O9's "done <= 30 s"."""
    from django.conf import settings

    from safeguarding_reviews.chronology.exports import chronology_export_run
    from safeguarding_reviews.chronology.selectors import Filters
    from safeguarding_reviews.chronology.services import chronology_export_request

    media = tempfile.mkdtemp(prefix="sr-chron-bench-media-")
    previous, settings.MEDIA_ROOT = settings.MEDIA_ROOT, media
    try:
        export = chronology_export_request(actor=user, case=case, filters=Filters())
        started = time.perf_counter()
        done = chronology_export_run(export_id=export.pk)
        seconds = time.perf_counter() - started
    finally:
        settings.MEDIA_ROOT = previous
        for folder, _, files in sorted(os.walk(media), reverse=True):
            for name in files:
                os.unlink(os.path.join(folder, name))
            os.rmdir(folder)
    assert done is not None and done.status == "done", done and done.status
    return {"seconds": seconds, "rows": done.progress_done}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- the script -------------------------------------------------------------------------------------------


def _setup(db: dict[str, str]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEMO_MODE"] = "false"
    os.environ["AUDIT_CHECKPOINT_PATH"] = db["checkpoint"]
    os.environ["DATABASE_URL"] = db.get("url", "")  # empty: SQLite, never var/db.sqlite3 (NAME below)
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = db["name"]  # before any connection is opened
    import django

    django.setup()
    logging.getLogger("safeguarding_reviews.access").setLevel(logging.WARNING)  # one line per request


def _export_child(db: dict[str, str], case_id: str, user_id: int) -> int:
    """Run in a fresh process: one export, then print its measurements and the peak RSS as JSON."""
    _setup(db)
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case

    case, user = Case.objects.get(pk=case_id), User.objects.get(pk=user_id)
    signed_in_client(user)  # sessions and URL loading happen before the baseline
    import openpyxl  # noqa: F401 - a running server has imported it already (the view imports it lazily)

    baseline = _rss_mb()
    started = time.perf_counter()
    from django.urls import reverse

    response = signed_in_client(user).get(reverse("chronology:export_xlsx", args=[case.pk]))
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "bytes": size, "rss_mb": _rss_mb(), "baseline_mb": baseline}))
    return 0


def _ratio(value: float, target: float) -> str:
    return f"{value / target:.2f}"


def _run_backend(kind: str, entries: int) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="sr-chron-bench-"))
    db = {"checkpoint": str(workdir / "checkpoint.json")}
    admin_url = os.environ.get("DATABASE_URL", "")
    if kind == "sqlite":
        db["name"] = str(workdir / "bench.sqlite3")
    else:
        import psycopg

        db["url"] = admin_url
        db["name"] = f"sr_chron_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db["name"]}"')
    try:
        _setup(db)
        from django.core.management import call_command
        from django.db import connection

        assert connection.settings_dict["NAME"] == db["name"]
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        case, officer = build(entries)
        print(f"[{kind}] built {entries:,} entries in {time.perf_counter() - started:.1f} s")
        page = measure_first_page(case, officer)
        print(
            f"[{kind}] O4 first keyset page of {page['rows']}: {page['seconds'] * 1000:.0f} ms "
            f"(target {O4_SECONDS * 1000:.0f} ms, ratio {_ratio(page['seconds'], O4_SECONDS)})"
        )
        child = subprocess.run(  # noqa: S603 - this script, our own arguments
            [sys.executable, __file__, "--export-child", json.dumps(db), str(case.pk), str(officer.pk)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ},
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"[{kind}] O5 streamed XLSX export of {entries:,} rows ({result['bytes'] / 2**20:.1f} MB): "
            f"{result['seconds']:.2f} s (target {O5_SECONDS:.0f} s, ratio "
            f"{_ratio(result['seconds'], O5_SECONDS)}); peak RSS {result['rss_mb']:.0f} MB "
            f"(Django loaded: {result['baseline_mb']:.0f} MB; target < {O5_RSS_MB:.0f} MB, ratio "
            f"{_ratio(result['rss_mb'], O5_RSS_MB)})"
        )
        docx = measure_docx(case, officer)
        print(
            f"[{kind}] O9 Word export built on the worker, {docx['rows']:,} rows: {docx['seconds']:.1f} s "
            f"(target done within {O9_SECONDS:.0f} s, ratio {_ratio(docx['seconds'], O9_SECONDS)})"
        )
        connection.close()
    finally:
        if kind == "postgresql":
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db["name"]}"')
        for path in sorted(workdir.iterdir(), reverse=True):
            path.unlink()
        workdir.rmdir()
    return 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--export-child":
        return _export_child(json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("entries", nargs="?", type=int, default=5_000)
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL") else [])
    for kind in kinds:
        # each backend in its own process: Django's settings are fixed once it is set up
        subprocess.run(  # noqa: S603 - this script, our own arguments
            [sys.executable, __file__, "--backend", kind, str(args.entries)], check=True, env={**os.environ}
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--backend":
        sys.exit(_run_backend(sys.argv[2], int(sys.argv[3])))
    sys.exit(main())
