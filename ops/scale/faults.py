"""The scale harness's fault drills (ops/scale/harness.sh faults runs this with the app's environment, on a
private PostgreSQL cluster). Each drill prints what it saw and the script exits 1 if any drill failed.

(d) races: 1,000 pairs of edits of one case at the same moment, one through each app process: every pair
    gives one save and one 409, and the case's version counts every save (no silent overwrite).
(a) a task worker killed in the middle of a Word export: `tick` re-queues it after STALE_JOB_REQUEUE_SECONDS,
    another worker builds it, and the export is stored exactly once.
(c) Redis stopped: pages serve and sign-in works; a Word export asked for meanwhile waits in the database
    outbox, and once Redis is back `tick` relays it and it is built once.
(b) PostgreSQL restarted under load: failed requests get the GOV.UK error page (never a stack trace), the
    service recovers, and every write it acknowledged is in the database.
"""

# The drills run the harness's own fixed commands (pg_ctl, the RQ worker, redis-server, pgrep).
# ruff: noqa: S603, S607

from __future__ import annotations

import concurrent.futures
import datetime as dt
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from client import Client, Form, seed, web_ports

RUN_DIR = Path(os.environ["SR_SCALE_RUN_DIR"])
PY = str(Path(sys.executable))
RESULTS: list[tuple[str, bool, str]] = []


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def record(drill: str, ok: bool, detail: str) -> None:
    RESULTS.append((drill, ok, detail))
    log(f"{'PASS' if ok else 'FAIL'} {drill}: {detail}")


def wait_for(condition: Any, seconds: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def start(command: list[str] | str, log_name: str) -> int:
    """Start a process for the harness to stop at the end (its pid goes in extra.pids)."""
    out = (RUN_DIR / log_name).open("a")
    args = shlex.split(command) if isinstance(command, str) else command
    process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=Path.cwd())
    with (RUN_DIR / "extra.pids").open("a") as pids:
        pids.write(f"{process.pid}\n")
    return process.pid


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by the harness) counts as dead.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ", 1)[1][:1] != "Z"


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


WORKERS: dict[str, int] = {}


def read_workers() -> None:
    for path in RUN_DIR.glob("worker*.pid"):
        WORKERS[path.stem] = int(path.read_text())


def start_worker(name: str) -> None:
    WORKERS[name] = start(
        [
            PY,
            "manage.py",
            "rqworker",
            "default",
            "emails",
            "--job-class",
            "django_tasks_rq.Job",
            "--name",
            name,
        ],
        f"{name}.log",
    )


def ensure_two_workers() -> None:
    """RQ workers exit when Redis goes; start a new one for each that is gone."""
    for name, pid in list(WORKERS.items()):
        if not alive(pid):
            del WORKERS[name]
            start_worker(f"{name}-again-{int(time.time())}")


# --- (d) racing edits -------------------------------------------------------------------------------------


def drill_races(people: list[Client], case_id: str) -> None:
    from safeguarding_reviews.cases.models import Case

    pairs = int(os.environ.get("SCALE_RACE_PAIRS", "1000"))
    first, second = people[0], people[1]
    assert first.port != second.port
    page = f"/cases/{case_id}/edit/"
    fields = Form.read(first.get(page).text)
    fields.pop("csrfmiddlewaretoken", None)
    version = int(fields["version"])
    start_version = version
    barrier = threading.Barrier(2)
    outcomes = {"saved": 0, "conflict": 0, "silent_overwrite": 0, "other": 0}
    last_saved = ""

    def edit(person: Client, text: str, at_version: int) -> int:
        barrier.wait()
        return person.post(
            page, {**fields, "summary": text, "version": at_version}, allow_redirects=False
        ).status_code

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for number in range(pairs):
            texts = (
                f"Synthetic summary {number} from process 1.",
                f"Synthetic summary {number} from process 2.",
            )
            futures = [pool.submit(edit, p, t, version) for p, t in zip((first, second), texts, strict=True)]
            codes = [f.result() for f in futures]
            saved = [t for t, c in zip(texts, codes, strict=True) if c == 302]
            if sorted(codes) == [302, 409]:
                outcomes["saved"] += 1
                outcomes["conflict"] += 1
            elif codes == [302, 302]:
                outcomes["silent_overwrite"] += 1
            else:
                outcomes["other"] += 1
                log(f"pair {number}: {codes}")
            if saved:
                version += len(saved)
                last_saved = saved[-1]
            else:  # read the version again (an error left it unknown)
                version = int(Form.read(first.get(page).text)["version"])
    seconds = time.monotonic() - started
    case = Case.objects.get(pk=case_id)
    consistent = case.version == start_version + outcomes["saved"] and case.summary == last_saved
    ok = outcomes["saved"] == pairs and outcomes["conflict"] == pairs and consistent and not outcomes["other"]
    record(
        "(d) racing edits",
        ok and outcomes["silent_overwrite"] == 0,
        f"{pairs} pairs in {seconds:.0f} s: {outcomes['saved']} saved, "
        f"{outcomes['conflict']} conflicts (409), "
        f"{outcomes['silent_overwrite']} silent overwrites, {outcomes['other']} other; version "
        f"{start_version} -> {case.version}, last save kept: {case.summary == last_saved}",
    )


# --- (a) a worker killed mid Word export ------------------------------------------------------------------


def big_case(officer_email: str, rows: int) -> str:
    """A case whose merged chronology takes the worker a while to write to Word (rows straight in)."""
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case
    from safeguarding_reviews.chronology.models import ChronologyEntry
    from safeguarding_reviews.chronology.ordering import sort_columns
    from safeguarding_reviews.organisations.models import Agency

    officer = User.objects.get(email=officer_email)
    case = Case.objects.filter(lead_partnership__slug="northbridge", is_restricted=False).order_by(
        "created_at"
    )[2]
    agency = Agency.objects.get(
        partnership=case.lead_partnership, name="Northbridge General Hospital NHS Trust"
    )
    start_day = dt.date(2020, 1, 1)
    top = ChronologyEntry.objects.filter(case=case, agency=agency).order_by("-agency_order").first()
    base = top.agency_order if top else 0
    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                case=case,
                agency=agency,
                date=start_day + dt.timedelta(days=i % 900),
                event_type="contact",
                what_happened=f"Synthetic load entry {i}. " + "Lorem ipsum dolor sit amet. " * 8,
                agency_order=base + i + 1,
                created_by=officer,
                **sort_columns(start_day + dt.timedelta(days=i % 900), "exact", None),
            )
            for i in range(rows)
        ],
        batch_size=500,
    )
    return str(case.pk)


def export_status(export_id: str) -> str:
    from safeguarding_reviews.chronology.models import ChronologyExport

    return ChronologyExport.objects.get(pk=export_id).status


def exports_documents(export_id: str) -> int:
    """Stored Word files of this export's case and requester made since it was asked for."""
    from safeguarding_reviews.chronology.models import ChronologyExport
    from safeguarding_reviews.chronology.services import EXPORT_PURPOSE
    from safeguarding_reviews.documents.models import Document

    export = ChronologyExport.objects.get(pk=export_id)
    return Document.objects.filter(
        case=export.case, purpose=EXPORT_PURPOSE, created_at__gte=export.created_at
    ).count()


def request_export(person: Client, case_id: str) -> str | None:
    response = person.post(
        f"/cases/{case_id}/chronology/export.docx", {}, form_page=f"/cases/{case_id}/chronology/"
    )
    found = re.search(r"/chronology/exports/([0-9a-f-]{36})/", response.url)
    return found.group(1) if found and response.status_code == 200 else None


def drill_kill_worker(person: Client, case_id: str) -> None:
    from django_rq import get_queue
    from rq import Worker
    from rq.registry import StartedJobRegistry

    export_id = request_export(person, case_id)
    if export_id is None:
        record("(a) worker killed mid export", False, "the export was not accepted")
        return
    if not wait_for(lambda: export_status(export_id) == "running", 60, 0.1):
        record("(a) worker killed mid export", False, f"it never started (status {export_status(export_id)})")
        return
    time.sleep(1)  # well into the build
    registry = StartedJobRegistry(queue=get_queue("default"))
    names = set()
    for job_id in registry.get_job_ids():
        job = registry.job_class.fetch(job_id, connection=registry.connection)
        if job.func_name.endswith("chronology_export_build"):
            names.add(job.worker_name)
    pids = {w.pid for w in Worker.all(connection=registry.connection) if w.name in names}
    victims = [name for name, pid in WORKERS.items() if pid in pids]
    if not victims or export_status(export_id) != "running":
        status = export_status(export_id)
        record("(a) worker killed mid export", False, f"could not catch it mid-build (status {status})")
        return
    name = victims[0]
    pid = WORKERS.pop(name)
    for child in children(pid):  # the work horse building the file, then its worker
        os.kill(child, signal.SIGKILL)
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    log(f"killed worker {name} (pid {pid}) mid-build; export still {export_status(export_id)}")
    start_worker(f"{name}-replacement")
    requeue = int(os.environ.get("STALE_JOB_REQUEUE_SECONDS", "20"))
    done = wait_for(lambda: export_status(export_id) == "done", requeue + 120, 1)
    took = time.monotonic() - killed_at
    documents = exports_documents(export_id)
    download = person.get(f"/cases/{case_id}/chronology/exports/{export_id}/download/")
    from safeguarding_reviews.audit.models import AuditEvent

    requeued = AuditEvent.objects.filter(
        event_type="chronology.export_requeued", data__export_id=export_id
    ).count()
    record(
        "(a) worker killed mid export",
        done and documents == 1 and download.status_code == 200 and requeued == 1,
        f"re-queued by tick {requeued} time(s), done {took:.0f} s after the kill "
        f"(STALE_JOB_REQUEUE_SECONDS={requeue}); stored {documents} time(s); download {download.status_code}",
    )


# --- (c) Redis stopped ------------------------------------------------------------------------------------


def drill_redis_down(people: list[Client], spare: dict[str, Any], case_id: str) -> None:
    from safeguarding_reviews.core.models import TaskOutbox

    redis_pid = int((RUN_DIR / "redis.pid").read_text())
    os.kill(redis_pid, signal.SIGTERM)
    wait_for(lambda: not alive(redis_pid), 10, 0.2)
    log("Redis stopped")
    problems = []
    for person in people[:2]:  # one on each app process
        for path in ("/", f"/cases/{case_id}/", f"/cases/{case_id}/chronology/"):
            response = person.get(path)
            if response.status_code != 200 or response.history:
                problems.append(f"{path} on {person.port}: {response.status_code}")
    fresh = Client(web_ports()[1], spare)
    signed_in = fresh.sign_in() and fresh.get("/").status_code == 200
    export_id = request_export(people[2], case_id)
    kept = TaskOutbox.objects.count()
    status_while_down = export_status(export_id) if export_id else "not accepted"
    time.sleep(3)
    still_queued = export_id is not None and export_status(export_id) == "queued"
    pid = start(shlex.split(os.environ["SR_SCALE_REDIS_CMD"]), "redis.log")
    (RUN_DIR / "redis.pid").write_text(str(pid))
    wait_for(
        lambda: (
            subprocess.run(
                ["redis-cli", "-p", os.environ["SR_SCALE_REDIS_PORT"], "ping"], capture_output=True
            ).returncode
            == 0
        ),
        10,
        0.2,
    )
    log("Redis started again")
    ensure_two_workers()
    relayed = wait_for(lambda: TaskOutbox.objects.count() == 0, 60, 1)
    done = export_id is not None and wait_for(lambda: export_status(export_id) == "done", 90, 1)
    documents = exports_documents(export_id) if export_id else 0
    record(
        "(c) Redis stopped",
        not problems and signed_in and kept >= 1 and still_queued and relayed and done and documents == 1,
        f"pages while down: {'all 200' if not problems else problems}; sign-in with MFA: "
        f"{'worked' if signed_in else 'FAILED'}; export asked for while down: {status_while_down}, "
        f"{kept} job(s) kept in the outbox; relayed by tick after Redis came back: {relayed}; "
        f"built: {done}, stored {documents} time(s)",
    )


# --- (b) PostgreSQL restarted under load ------------------------------------------------------------------


def drill_postgres_restart(people: list[Client]) -> None:
    from safeguarding_reviews.organisations.models import Agency
    from safeguarding_reviews.referrals.models import Referral

    hospital = Agency.objects.get(name="Northbridge General Hospital NHS Trust").pk
    acknowledged: list[str] = []
    failures: list[tuple[int, bool, bool]] = []  # status, GOV.UK page, stack trace
    other: list[str] = []
    stop = threading.Event()
    restarted = threading.Event()
    after_restart_ok = threading.Event()
    lock = threading.Lock()

    def writer(person: Client) -> None:
        while not stop.is_set():
            try:
                response = person.post("/referrals/", {"agency": hospital}, allow_redirects=False)
            except Exception as exc:  # a connection refused by gunicorn itself would be a finding too
                with lock:
                    other.append(type(exc).__name__)
                time.sleep(0.2)
                continue
            found = re.search(r"/referrals/([0-9a-f-]{36})/", response.headers.get("Location", ""))
            with lock:
                if response.status_code == 302 and found:
                    acknowledged.append(found.group(1))
                    if restarted.is_set():
                        after_restart_ok.set()
                elif response.status_code >= 500:
                    body = response.text
                    failures.append(
                        (
                            response.status_code,
                            "govuk-template" in body,
                            "Traceback" in body or 'File "' in body,
                        )
                    )
                else:
                    other.append(str(response.status_code))
            time.sleep(0.05)

    threads = [threading.Thread(target=writer, args=(p,)) for p in people[:4]]
    for thread in threads:
        thread.start()
    time.sleep(5)
    before = len(acknowledged)
    log(f"{before} referrals started; restarting PostgreSQL")
    restart = subprocess.run(
        shlex.split(os.environ["SR_SCALE_PG_CTL"]) + ["restart", "-m", "fast"], capture_output=True, text=True
    )
    restarted.set()
    recovered = wait_for(after_restart_ok.is_set, 60, 0.5)
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()
    from django.db import connection

    connection.close()  # this process's connection died with the server
    rows = set(str(pk) for pk in Referral.objects.filter(pk__in=acknowledged).values_list("pk", flat=True))
    lost = len(set(acknowledged) - rows)
    clean = all(govuk and not trace for _, govuk, trace in failures)
    record(
        "(b) PostgreSQL restarted under load",
        restart.returncode == 0 and recovered and lost == 0 and clean and not other,
        f"{len(acknowledged)} writes acknowledged, {len(rows)} found, {lost} lost; {len(failures)} failed "
        f"requests, all the GOV.UK error page without a stack trace: {clean}; recovered: {recovered}; "
        f"other answers: {other or 'none'}",
    )


def main() -> None:
    import django

    django.setup()
    data = seed()
    accounts = data["accounts"]
    ports = web_ports()
    read_workers()
    people = [Client(ports[i % 2], account) for i, account in enumerate(accounts[:4])]
    for person in people:
        if not person.sign_in():
            record("sign in", False, f"{person.account['email']} could not sign in")
            sys.exit(1)
    started = time.monotonic()
    drill_races(people, data["cases"][1])
    case_id = big_case(people[2].account["email"], int(os.environ.get("SCALE_EXPORT_ROWS", "3000")))
    drill_kill_worker(people[2], case_id)
    drill_redis_down(people, accounts[4], data["cases"][0])
    drill_postgres_restart(people)
    log(f"drills took {time.monotonic() - started:.0f} s")
    print()
    for drill, ok, detail in RESULTS:
        print(f"{'PASS' if ok else 'FAIL'}  {drill}: {detail}")
    if not all(ok for _, ok, _ in RESULTS):
        sys.exit(1)


if __name__ == "__main__":
    main()
