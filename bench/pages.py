"""Benchmark: the pages at England's scale, as ratios to Django's own floor in the same run. Not a test.

    make bench                                   # N = 1,000 and 5,000, SQLite (+ PostgreSQL if reachable)
    BENCH_SIZES=100,500 make bench               # smaller, quicker
    .venv/bin/python bench/pages.py --sizes 100,500 [--repeats 15] [--pg-url postgres://…/postgres]

For each size N it builds a fresh database (a throwaway SQLite file; on PostgreSQL a throwaway database
sr_perfbench_<random> on the server in PG_TEST_URL, dropped afterwards), fills it with
`safeguarding_reviews.demo.scale.generate(cases=N)` and requests each page through the real views
(middleware, audit events and templates included) with a Django test Client signed in as a business unit
officer, a partner delegate and the Independent Chair. It prints one table: median and p95 in ms, query
count, the ratio to F0 (`/healthz` signed in) and F1 (a static page with the site header) measured in the
same process, the growth ratio largest N ÷ smallest N, and PostgreSQL ÷ SQLite.

It exits 1 when a page that should be flat grows by more than 1.2 between the smallest and the largest N,
when a page is over 10 × F0 at the largest N (the exports and the audit verification are operations, not
pages: reported only), or when a page's query count changes with N. Absolute times are printed, never
enforced. Each (database, size) is built once and measured in its own processes, so the two databases never
share a connection or a cache; the sizes are measured side by side, a sweep of every page at one size, then
at the other (smallest first, then largest first, ...), so the same page at each size is timed seconds apart
and the floors F0 and F1 beside the pages: a machine that slows down or speeds up part way through the run (a
shared VM does) weighs on every size and every page alike instead of on whichever was measured then.
The building and measuring functions are run at a tiny size by safeguarding_reviews/demo/tests/test_scale.py.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1000, 5000)
DEFAULT_REPEATS = 40
GROWTH_LIMIT = 1.2
F0_LIMIT = 10
# Twenty rounds of two sweeps: with ten of three, a process's own luck or a slow spell of the VM over a whole
# round still moved a page's median by a fifth now and then (the alerts page "grew" ×1.22 in one run, 1.04 in
# the next, its SQL the same at both sizes); more rounds average more processes.
ROUNDS = 20
ROLES = ("officer", "delegate", "chair")
SLOW_REPEATS = 1  # an export's runs per round (in its first sweep): twenty in all
# Pages that may grow with N by design (none of the listed pages; the audit verification is linear).
NOT_FLAT = frozenset({"O10 audit verify (rows/s)"})
# Operations rather than pages: not held to 10 × F0 (a whole chronology's export takes a second or so).
NOT_PAGES = ("F0 ", "F1 ", "O5 ", "O10 ")
# The "10× slice": at the largest N, once it has been measured, the two largest tables (chronology entries,
# audit events) are made ten times as large (demo.scale.grow_largest_tables) where the disk has room, and
# the pages measured again beside the smallest N, in SLICE_ROUNDS rounds of two sweeps. Reported, not
# enforced: the bar is the growth from the smallest to the largest N.
SLICE_FACTOR = 10
SLICE_ROUNDS = 4


# --- the parts the test runs too (Django already set up, a database ready) -------------------------------


def build(cases: int, *, seed: int = 1, max_entries: int = 5000) -> Any:
    """The synthetic partnership (demo.scale.generate) and its build time in seconds."""
    from safeguarding_reviews.demo.scale import generate

    started = time.perf_counter()
    result = generate(cases=cases, seed=seed, max_entries=max_entries)
    result.counts["build seconds"] = round(time.perf_counter() - started)
    return result


def settle() -> None:
    """Leave the database as one that has been running, before anything is measured. On PostgreSQL, VACUUM
    (ANALYZE) sets the hint bits and the visibility map that a freshly loaded table lacks, and CHECKPOINT
    writes out the pages that doing so dirtied: otherwise the first reads of each table dirty its pages and
    a checkpoint writes them out in the middle of the measurements, more of them the larger the database,
    which the growth ratio then counts against the pages. On SQLite, the write-ahead log is folded into the
    database. (Neither changes a query plan: ANALYZE ran when the data was built, and SQLite keeps no
    statistics here.)"""
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")
            try:
                cursor.execute("CHECKPOINT")
            except DatabaseError:  # a role without pg_checkpoint: the server checkpoints in its own time
                logging.getLogger(__name__).warning("CHECKPOINT refused: measuring without it")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def signed_in_client(user: Any) -> Any:
    """A test Client signed in as `user`, past the two-factor step (the session flag the middleware reads)."""
    from django.conf import settings
    from django.test import Client

    from safeguarding_reviews.accounts.middleware import MFA_OK_KEY

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_OK_KEY] = True
    session.save()
    return client


def pages(result: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, URL, roles) of every page measured. F0 and F1 first: the floors the others are divided by.
    The case's access record is open to the business manager (and auditor) only, so it is measured as them."""
    from django.urls import reverse

    case_id = result.big_case_id
    dashboard = reverse("business_unit_dashboard")
    everyone = (*ROLES, "manager")
    return [
        ("F0 /healthz", reverse("healthz"), everyone),
        ("F1 static page", reverse("accessibility"), everyone),
        ("O2 case page", reverse("cases:detail", args=[case_id]), ROLES),
        ("O4 chronology page 1", reverse("chronology:merged", args=[case_id]), ROLES),
        (
            "O4 possible duplicates only",
            reverse("chronology:merged", args=[case_id]) + "?duplicates_only=on",
            ROLES,
        ),
        ("O8 case audit page", reverse("audit:case_access", args=[case_id]), ("manager",)),
        ("O1 BU dashboard", dashboard, ("officer",)),
        ("O1 dashboard ?overdue=on", dashboard + "?overdue=on", ("officer",)),
        ("alerts page", reverse("alerts:list"), ROLES),
        ("My tasks (home)", reverse("home"), ROLES),
        ("O5 chronology export xlsx", reverse("chronology:export_xlsx", args=[case_id]), ROLES),
    ]


class Sweeps:
    """Every page for every role, requested once each per sweep: the pages' times are taken side by side
    through the whole measurement (and the floors F0 and F1 with them), so a machine that slows down for a
    while weighs on every page alike instead of on whichever page was being measured then."""

    def __init__(self, result: Any) -> None:
        users = {
            "officer": result.officer,
            "delegate": result.delegate,
            "chair": result.chair,
            "manager": result.manager,
        }
        clients = {role: signed_in_client(user) for role, user in users.items()}
        self.requests = [
            (f"{name}|{role}", clients[role], url, "export" in name)
            for name, url, roles in pages(result)
            for role in roles
        ]
        self.status: dict[str, int] = {}
        self.queries: dict[str, int] = {}
        self.times: dict[str, list[float]] = {key: [] for key, *_ in self.requests}
        self.times_off: dict[str, list[float]] = {key: [] for key, *_ in self.requests}  # audit off
        self.peak_mb: dict[str, float] = {}

    def warm(self) -> None:
        """One untimed request per page (caches, compiled templates, the database's pages); its status
        decides whether the page is measured."""
        for key, client, url, _slow in self.requests:
            response = client.get(url)
            _drain(response)
            self.status[key] = response.status_code

    def sweep(self, *, slow: bool = True, audit: bool = True) -> dict[str, float]:
        """One timed request per page that answered 200 (the full exports only when `slow`: they take
        seconds, and come last). Returns {key: ms} and keeps every time and each page's query count.
        With `audit` false nothing is audited (`audit_off`), and the times are kept apart: audit on ÷ off."""
        if not audit:
            with audit_off():
                return self._sweep(slow=slow, times=self.times_off)
        return self._sweep(slow=slow, times=self.times)

    def _sweep(self, *, slow: bool, times: dict[str, list[float]]) -> dict[str, float]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        out = {}
        # As timeit does: the cyclic garbage collector off while timing, after a full collection, so a
        # collection of whatever earlier pages left behind is not charged to whichever page it happens in.
        gc.collect()
        # One untimed request first: the process has sat idle while the other size was measured, and its
        # first request pays to bring its memory back into the processor's caches (F0 and F1, the first
        # pages of a sweep, measured ×1.17 "growth" on SQLite without it).
        _key, client, url, _slow = self.requests[0]
        _drain(client.get(url))
        gc.disable()
        try:
            for key, client, url, is_slow in self.requests:
                if self.status.get(key) != 200 or (is_slow and not slow):
                    continue
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    _drain(client.get(url))
                    out[key] = (time.perf_counter() - started) * 1000
                if times is self.times:  # audit off runs fewer queries: the page's count is with audit
                    self.queries.setdefault(key, len(captured.captured_queries))
                times[key].append(out[key])
        finally:
            gc.enable()
        return out

    def export_memory(self) -> dict[str, float]:
        """Each full export's peak memory in MB: the most the Python heap held above its starting point
        while the export was produced and read (tracemalloc, so the request is slow: measured apart)."""
        for key, client, url, is_slow in self.requests:
            if not is_slow or self.status.get(key) != 200:
                continue
            gc.collect()
            tracemalloc.start()
            try:
                _drain(client.get(url))
                self.peak_mb[key] = tracemalloc.get_traced_memory()[1] / 1e6
            finally:
                tracemalloc.stop()
        return self.peak_mb

    def stats(self) -> dict[str, dict[str, Any]]:
        return {
            key: _summary(self.times[key], self.queries[key], self.times_off[key], self.peak_mb.get(key))
            if self.status.get(key) == 200 and self.times[key]
            else {"status": self.status.get(key, 0)}
            for key, *_ in self.requests
        }


@contextlib.contextmanager
def audit_off() -> Iterator[None]:
    """Nothing audited while inside: audit.services.record_event (the only writer of audit events) replaced,
    in every module that imported it, by a stand-in that writes nothing. For the bench's "audit on ÷ off":
    what auditing every read and write costs a page."""
    from safeguarding_reviews.audit import services
    from safeguarding_reviews.audit.models import AuditEvent

    original = services.record_event

    def unrecorded(*, event_type: Any, **_ignored: Any) -> AuditEvent:
        return AuditEvent(event_type=str(event_type))

    holders = [
        module
        for module in list(sys.modules.values())
        if getattr(module, "__dict__", {}).get("record_event") is original
    ]
    for module in holders:
        setattr(module, "record_event", unrecorded)  # noqa: B010 - a module found at run time
    try:
        yield
    finally:
        for module in holders:
            setattr(module, "record_event", original)  # noqa: B010 - as above


def _summary(
    times: list[float], queries: int, off: list[float] | None = None, peak_mb: float | None = None
) -> dict[str, Any]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    out = {"status": 200, "median": statistics.median(times), "p95": p95, "queries": queries, "times": times}
    if off:
        out["off"] = sorted(off)
        out["off_median"] = statistics.median(off)
    if peak_mb is not None:
        out["peak_mb"] = peak_mb
    return out


def merge(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """One page's measurements from several rounds as one: every round's times together (the median and
    p95 of all of them), the first round's query count, and the first failing status if any round failed."""
    merged: dict[str, dict[str, Any]] = {}
    for key in rounds[0]:
        stats = [one[key] for one in rounds if key in one]
        failed = [s for s in stats if s.get("status") != 200]
        if failed:
            merged[key] = failed[0]
        elif "times" in stats[0]:
            peaks = [s["peak_mb"] for s in stats if "peak_mb" in s]
            merged[key] = _summary(
                [t for s in stats for t in s["times"]],
                stats[0]["queries"],
                [t for s in stats for t in s.get("off", [])],
                max(peaks) if peaks else None,
            )
        else:  # measured once (the audit verification)
            merged[key] = stats[0]
    return merged


def _drain(response: Any) -> None:
    # A streamed export is only produced when it is read.
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass


def measure_all(result: Any, repeats: int, *, verify: bool = True) -> dict[str, dict[str, Any]]:
    """Every page for every role ({"page|role": stats}) over `repeats` sweeps (the full exports in the first
    SLOW_REPEATS only) and as many with audit off, the exports' peak memory, plus O10 (the whole audit
    chain verified) when `verify`."""
    sweeps = Sweeps(result)
    sweeps.warm()
    for i in range(repeats):
        sweeps.sweep(slow=i < SLOW_REPEATS)
        sweeps.sweep(slow=False, audit=False)
    sweeps.export_memory()
    out = sweeps.stats()
    if verify:
        out["O10 audit verify (rows/s)|-"] = audit_verify()
    return out


def audit_verify() -> dict[str, Any]:
    """O10: the whole audit chain verified once, in rows per second."""
    from safeguarding_reviews.audit.verify import verify_chain

    verified = verify_chain()
    return {
        "status": 200 if verified.ok else 500,
        "median": verified.rows_per_second,
        "p95": verified.rows_per_second,
        "queries": 0,
        "rows": verified.rows_checked,
    }


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


def _child(db: dict[str, str], cases: int, mode: str) -> int:
    """In a fresh process. "build": migrate, build N cases, print the counts as JSON and keep the ids of the
    people and the case measured beside the checkpoint. "grow" (the database built): the 10× slice of the
    largest tables, its counts printed as JSON. "serve" (the database built): measure on command
    (`_serve`)."""
    _setup(db)
    ids_path = Path(db["checkpoint"]).with_name("ids.json")
    if mode == "build":
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        result = build(cases)
        settle()
        ids = {role: getattr(result, role).pk for role in (*ROLES, "manager")}
        ids_path.write_text(json.dumps({**ids, "big_case_id": str(result.big_case_id)}))
        print(json.dumps({"counts": result.counts}))
        return 0
    from types import SimpleNamespace

    from django.contrib.auth import get_user_model

    stored = json.loads(ids_path.read_text())
    if mode == "grow":
        from safeguarding_reviews.demo.scale import grow_largest_tables

        started = time.perf_counter()
        added = grow_largest_tables(factor=SLICE_FACTOR, spare_case_id=stored["big_case_id"])
        settle()
        print(json.dumps({"added": added, "seconds": round(time.perf_counter() - started)}))
        return 0
    users = get_user_model().objects.in_bulk([stored[role] for role in (*ROLES, "manager")])
    result = SimpleNamespace(
        big_case_id=stored["big_case_id"], **{role: users[stored[role]] for role in (*ROLES, "manager")}
    )
    return _serve(result)


REPLY = "bench-reply "  # marks the lines that answer a command (anything else on stdout is ignored)


def _serve(result: Any) -> int:
    """Warm every page, then answer commands on stdin, one line each, with one REPLY line: "sweep" (every
    page once), "sweep slow" (the full exports too), "sweep noaudit" (every page once, nothing audited),
    "memory" (each full export's peak memory), "stats" (every page's measurements so far), "verify" (O10);
    anything else (or the end of stdin) ends the process."""
    sweeps = Sweeps(result)
    sweeps.warm()
    print(REPLY + "{}", flush=True)
    for line in sys.stdin:
        command = line.split()
        reply: dict[str, Any] = {}
        if command[:1] == ["sweep"]:
            sweeps.sweep(slow="slow" in command, audit="noaudit" not in command)
        elif command == ["memory"]:
            sweeps.export_memory()
        elif command == ["stats"]:
            reply = sweeps.stats()
        elif command == ["verify"]:
            reply = {"O10 audit verify (rows/s)|-": audit_verify()}
        else:
            break
        print(REPLY + json.dumps(reply), flush=True)
    return 0


class _Server:
    """A measuring process for one (database, size): `_serve` at the other end of a pipe."""

    def __init__(self, db: dict[str, str], cases: int) -> None:
        self.label = f"{db['name']} N={cases}"
        self.stderr = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: it can never fill and block
        self.proc = subprocess.Popen(  # noqa: S603 - this script, our own arguments
            [sys.executable, __file__, "--child", json.dumps(db), str(cases), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )

    def reply(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(REPLY):
                return dict(json.loads(line[len(REPLY) :]))
        self.proc.wait()
        self.stderr.seek(0)
        raise RuntimeError(f"{self.label} measuring failed:\n{self.stderr.read()[-4000:]}")

    def ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.reply()

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()


def _server_url(url: str) -> str:
    """The server's own `postgres` database: where throwaway databases are created and dropped (the
    database named in PG_TEST_URL is never touched)."""
    from urllib.parse import urlsplit

    return urlsplit(url)._replace(path="/postgres").geturl()


def _pg_reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(_server_url(url), connect_timeout=3).close()
        return True
    except Exception:
        return False


def _child_build(db: dict[str, str], cases: int, mode: str = "build") -> dict[str, Any]:
    proc = subprocess.run(  # noqa: S603 - this script, our own arguments
        [sys.executable, __file__, "--child", json.dumps(db), str(cases), mode],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{db['name']} N={cases} {mode} failed:\n{proc.stderr[-4000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _slice_refused(kind: str, db: dict[str, str], pg_url: str) -> str | None:
    """Why the 10× slice cannot be built here, or None when the disk has room. The copies take up to
    SLICE_FACTOR − 1 times the database's present size (the two tables are most of it); twice that is asked
    for, for the write-ahead log and the indexes' growth."""
    from urllib.parse import urlsplit

    if kind == "sqlite":
        path = Path(db["name"])
        size, free = path.stat().st_size, shutil.disk_usage(path.parent).free
    else:
        import psycopg

        host = urlsplit(pg_url).hostname or "localhost"
        if host not in ("localhost", "127.0.0.1", "::1"):
            return f"PostgreSQL is on {host}: its free disk cannot be read from here"
        with psycopg.connect(db["url"]) as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # type: ignore[index]
            try:
                data_dir = conn.execute("SHOW data_directory").fetchone()[0]  # type: ignore[index]
            except psycopg.Error:
                return "the PostgreSQL server's data directory is not readable by this role"
        free = shutil.disk_usage(data_dir).free
    need = 2 * (SLICE_FACTOR - 1) * size
    if free < need:
        return f"it needs about {need / 1e9:.1f} GB free and the disk has {free / 1e9:.1f} GB"
    return None


def _rounds(
    dbs: dict[int, dict[str, str]], sizes: list[int], rounds: int, per_round: int, *, main: bool
) -> dict[int, list[dict[str, dict[str, Any]]]]:
    """`rounds` rounds of `per_round` sweeps per size, the sizes side by side. In the main measurement
    (`main`) the first sweep of each round takes the full exports too, each round ends with one sweep with
    audit off, and the first round measures the exports' peak memory and verifies the audit chain."""
    measured: dict[int, list[dict[str, dict[str, Any]]]] = {n: [] for n in sizes}
    for i in range(rounds):
        servers = {n: _Server(dbs[n], n) for n in sizes}  # they start (and warm up) together
        try:
            for n in sizes:
                servers[n].reply()  # warmed up
            for j in range(per_round):
                for n in sizes if (i + j) % 2 == 0 else list(reversed(sizes)):
                    servers[n].ask("sweep slow" if main and j < SLOW_REPEATS else "sweep")
            if main:
                for n in sizes if i % 2 == 0 else list(reversed(sizes)):
                    servers[n].ask("sweep noaudit")
            for n in sizes:
                if main and i == 0:
                    servers[n].ask("memory")
                stats = servers[n].ask("stats")
                if main and i == 0:  # the audit chain verified once per size
                    stats.update(servers[n].ask("verify"))
                measured[n].append(stats)
        finally:
            for server in servers.values():
                server.close()
    return measured


def _run(
    kind: str, sizes: list[int], repeats: int, pg_url: str, *, slices: bool = True
) -> tuple[dict[int, dict[str, Any]], float]:
    """Build each size's database, measure the sizes side by side, then (with `slices`, disk allowing) the
    largest with its 10× slice beside the smallest, and drop the databases. Returns each size's counts and
    pages (the largest's slice under "slice"), and the seconds the main measuring took.

    The sizes are measured together, sweep by sweep (every page once), in turn: smallest first, then largest
    first, and so on, so the same page at each size is timed seconds apart and a machine that slows down
    for a while weighs on every size alike. Each of ROUNDS rounds starts a fresh process per size (a
    process's own luck, where its memory lies, is averaged over the rounds) and takes a share of the
    repeats."""
    workdirs: dict[int, Path] = {}
    dbs: dict[int, dict[str, str]] = {}
    for n in sizes:
        workdirs[n] = Path(tempfile.mkdtemp(prefix=f"sr-perfbench-{n}-"))
        db = {"checkpoint": str(workdirs[n] / "checkpoint.json")}
        if kind == "sqlite":
            db["name"] = str(workdirs[n] / "bench.sqlite3")
        else:
            from urllib.parse import urlsplit

            import psycopg

            name = f"sr_perfbench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(_server_url(pg_url), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            db["name"] = name
            db["url"] = urlsplit(pg_url)._replace(path=f"/{name}").geturl()
        dbs[n] = db
    out: dict[int, dict[str, Any]] = {}
    try:
        for n in sizes:
            out[n] = _child_build(dbs[n], n)
        started = time.perf_counter()
        per_round = max(1, -(-repeats // ROUNDS))
        rounds = _rounds(dbs, sizes, ROUNDS, per_round, main=True)
        for n in sizes:
            out[n]["pages"] = merge(rounds[n])
        seconds = time.perf_counter() - started
        if slices and len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            refused = _slice_refused(kind, dbs[large], pg_url)
            if refused:
                out[large]["slice"] = {"refused": refused}
            else:
                grown = _child_build(dbs[large], large, "grow")
                again = _rounds(dbs, [small, large], SLICE_ROUNDS, 2, main=False)
                out[large]["slice"] = {
                    **grown,
                    "pages": merge(again[large]),
                    "small_pages": merge(again[small]),
                }
        return out, seconds
    finally:
        for n in sizes:
            if kind == "postgresql" and "url" in dbs.get(n, {}):
                import psycopg

                with psycopg.connect(_server_url(pg_url), autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{dbs[n]["name"]}" WITH (FORCE)')
            for path in workdirs[n].glob("*"):
                path.unlink()
            workdirs[n].rmdir()


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(runs: dict[tuple[str, int], dict[str, Any]], sizes: list[int]) -> tuple[list[str], list[str]]:
    """The printed table's lines and the failures (growth over the limit, query counts changing)."""
    small, large = sizes[0], sizes[-1]
    kinds = sorted({kind for kind, _ in runs}, key=lambda k: k != "sqlite")
    head = (
        f"{'db':<10} {'page':<28} {'role':<8} "
        + " ".join(f"{'med@' + str(n):>9} {'p95':>7} {'q':>4}" for n in sizes)
        + f" {'×F0':>6} {'×F1':>6} {'growth':>7} {'PG÷SQL':>7} {'aud÷off':>7} {'peakMB':>6} {'10×slc':>7}"
    )
    lines = [head, "-" * len(head)]
    failures: list[str] = []
    for kind in kinds:
        largest = runs[(kind, large)]["pages"]
        sliced = runs[(kind, large)].get("slice", {})
        for key in largest:
            name, role = key.split("|")
            cells = []
            for n in sizes:
                stats = runs[(kind, n)]["pages"].get(key, {})
                if stats.get("status") != 200:
                    cells.append(f"{'HTTP ' + str(stats.get('status', '?')):>9} {'':>7} {'':>4}")
                else:
                    cells.append(f"{stats['median']:>9.1f} {stats['p95']:>7.1f} {stats['queries']:>4}")
            big = largest[key]
            if big.get("status") != 200:
                lines.append(f"{kind:<10} {name:<28} {role:<8} " + " ".join(cells))
                continue
            f0 = largest.get(f"F0 /healthz|{role}", {}).get("median")
            f1 = largest.get(f"F1 static page|{role}", {}).get("median")
            low = runs[(kind, small)]["pages"].get(key, {})
            growth = big["median"] / low["median"] if low.get("median") else None
            if name in NOT_FLAT and growth:
                growth = 1 / growth  # rows/s: a fall in speed is the growth
            pg_ratio = None
            if kind == "postgresql" and ("sqlite", large) in runs:
                lite = runs[("sqlite", large)]["pages"].get(key, {})
                pg_ratio = big["median"] / lite["median"] if lite.get("median") else None
            floor = name.startswith("O10")
            audit_ratio = big["median"] / big["off_median"] if big.get("off_median") else None
            slice_growth = None
            if sliced.get("pages", {}).get(key, {}).get("median"):
                beside = sliced["small_pages"].get(key, {}).get("median")
                slice_growth = sliced["pages"][key]["median"] / beside if beside else None
            lines.append(
                f"{kind:<10} {name:<28} {role:<8} "
                + " ".join(cells)
                + f" {_fmt(None if floor else big['median'] / f0 if f0 else None):>6}"
                + f" {_fmt(None if floor else big['median'] / f1 if f1 else None):>6}"
                + f" {_fmt(growth, 2):>7} {_fmt(pg_ratio, 2):>7} {_fmt(audit_ratio, 2):>7}"
                + f" {_fmt(big.get('peak_mb'), 0):>6} {_fmt(slice_growth, 2):>7}"
            )
            if name not in NOT_FLAT and growth is not None and growth > GROWTH_LIMIT and small != large:
                failures.append(f"{kind} {name} ({role}): grows ×{growth:.2f} from N={small} to N={large}")
            if not name.startswith(NOT_PAGES) and f0 and big["median"] / f0 > F0_LIMIT:
                failures.append(
                    f"{kind} {name} ({role}): {big['median'] / f0:.1f} × F0 at N={large} (over {F0_LIMIT})"
                )
            if low.get("status") == 200 and low["queries"] != big["queries"]:
                failures.append(
                    f"{kind} {name} ({role}): {low['queries']} queries at N={small}, "
                    f"{big['queries']} at N={large}"
                )
    return lines, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", ",".join(map(str, DEFAULT_SIZES))))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", DEFAULT_REPEATS)))
    parser.add_argument("--pg-url", default=os.environ.get("PG_TEST_URL", ""))
    parser.add_argument(
        "--no-slices", action="store_true", help=f"skip the {SLICE_FACTOR}× slice of the largest tables"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(json.loads(args.child[0]), int(args.child[1]), args.child[2])

    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    kinds = ["sqlite"]
    if args.pg_url and _pg_reachable(args.pg_url):
        kinds.append("postgresql")
    else:
        print(f"PostgreSQL not reachable at PG_TEST_URL={args.pg_url or '(unset)'}: SQLite only.")
    runs: dict[tuple[str, int], dict[str, Any]] = {}
    for kind in kinds:
        measured, seconds = _run(kind, sizes, args.repeats, args.pg_url, slices=not args.no_slices)
        for n, run in measured.items():
            runs[(kind, n)] = run
            counts = run["counts"]
            print(
                f"{kind} N={n}: built in {counts['build seconds']} s; "
                + ", ".join(f"{k} {v:,}" for k, v in counts.items() if k != "build seconds"),
                flush=True,
            )
        print(f"{kind}: the sizes measured side by side in {seconds:.0f} s", flush=True)
        sliced = measured[sizes[-1]].get("slice")
        if sliced is None:
            print(f"{kind}: no {SLICE_FACTOR}× slice (--no-slices, or one size only)", flush=True)
        elif "refused" in sliced:
            print(f"{kind}: no {SLICE_FACTOR}× slice of the largest tables: {sliced['refused']}", flush=True)
        else:
            print(
                f"{kind} N={sizes[-1]} with a {SLICE_FACTOR}× slice: "
                + ", ".join(f"{k} +{v:,}" for k, v in sliced["added"].items())
                + f" in {sliced['seconds']} s (the measured case's own rows not copied)",
                flush=True,
            )
    lines, failures = table(runs, sizes)
    print()
    print(
        f"Times in ms (median, p95 of {ROUNDS} rounds × {max(1, -(-args.repeats // ROUNDS))} sweeps, the "
        f"sizes side by side); q = queries in one request; ×F0/×F1 at N={sizes[-1]};"
    )
    print(
        f"growth = median at N={sizes[-1]} ÷ at N={sizes[0]} "
        f"(O10: rows/s at N={sizes[0]} ÷ at N={sizes[-1]}); aud÷off = median at N={sizes[-1]} audited ÷ "
        f"with nothing audited; peakMB = an export's peak Python memory (tracemalloc) at N={sizes[-1]};"
    )
    print(
        f"10×slc = median at N={sizes[-1]} with its chronology entries and audit events ×{SLICE_FACTOR} ÷ "
        f"at N={sizes[0]}, {SLICE_ROUNDS} rounds × 2 sweeps side by side (reported, not enforced)."
    )
    print("\n".join(lines))
    if failures:
        print("\nNOT FLAT:")
        print("\n".join(f"  {f}" for f in failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
