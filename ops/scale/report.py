"""The scale harness's figures after the load: requests, failures, p50/p95 per page (from locust's CSV), and
the jobs the RQ workers ran and failed, once the queues have drained. Exits 1 on any failed request or job.

Run by ops/scale/harness.sh with the app's environment (production settings, the run's database and Redis).
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
DRAIN_SECONDS = 90


def page_figures(run_dir: Path) -> int:
    """Print the per-page table; return the number of failed requests."""
    path = run_dir / "locust_stats.csv"
    if not path.exists():
        print("no locust statistics: the load did not run")
        return 1
    rows = list(csv.DictReader(path.open()))
    print(f"\n{'Page':<34} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL PAGES"
        counts = f"{row['Request Count']:>8} {row['Failure Count']:>8}"
        print(f"{name[:34]:<34} {counts} {row['50%']:>7} {row['95%']:>7}")
        if row["Name"] == "Aggregated":
            failures = int(row["Failure Count"])
    return failures


def job_figures() -> int:
    """Wait for the queues to drain; print jobs run and failed; return the number failed."""
    import django

    django.setup()
    from django.conf import settings
    from django_rq import get_queue
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

    from safeguarding_reviews.chronology.models import ChronologyExport, ExportStatus
    from safeguarding_reviews.reports.models import GenerationStatus, ReportGeneration

    queues = [get_queue(name) for name in settings.RQ_QUEUES]
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        waiting = sum(len(q) + StartedJobRegistry(queue=q).count for q in queues)
        in_flight = (
            ChronologyExport.objects.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]).count()
            + ReportGeneration.objects.filter(
                status__in=[GenerationStatus.QUEUED, GenerationStatus.RUNNING]
            ).count()
        )
        if not waiting and not in_flight:
            break
        time.sleep(1)
    ran = sum(FinishedJobRegistry(queue=q).count for q in queues)
    failed = sum(FailedJobRegistry(queue=q).count for q in queues)
    still = sum(len(q) + StartedJobRegistry(queue=q).count for q in queues)
    exports = {s: ChronologyExport.objects.filter(status=s).count() for s in ExportStatus.values}
    reports = {s: ReportGeneration.objects.filter(status=s).count() for s in GenerationStatus.values}
    print(f"\nJobs run: {ran}   jobs failed: {failed}   still waiting or running: {still}")
    print(f"Word exports by status: {exports}")
    print(f"Report generations by status: {reports}")
    domain_failed = exports.get(ExportStatus.FAILED, 0) + reports.get(GenerationStatus.FAILED, 0)
    stuck = exports.get(ExportStatus.QUEUED, 0) + exports.get(ExportStatus.RUNNING, 0)
    stuck += reports.get(GenerationStatus.QUEUED, 0) + reports.get(GenerationStatus.RUNNING, 0)
    return failed + domain_failed + still + stuck


def main() -> None:
    run_dir = Path(os.environ["SR_SCALE_RUN_DIR"])
    failed_requests = page_figures(run_dir)
    failed_jobs = job_figures()
    if failed_requests or failed_jobs:
        print(f"\nFAILED: {failed_requests} failed requests, {failed_jobs} failed or unfinished jobs")
        sys.exit(1)
    print("\nNo failed requests, no failed jobs.")


if __name__ == "__main__":
    main()
