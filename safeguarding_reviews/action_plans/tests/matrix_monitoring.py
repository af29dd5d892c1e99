"""The monitoring view's and repeated recommendations' matrix objects (docs/roles.md, "Action plans"): one
spreadsheet export of the monitoring view, built and stored, asked for by the business unit officer (only
they see its status page and download it). Called from matrix.py's url_kwargs (the matrix reads only
`<app>/tests/matrix.py`); keeps no state."""

from __future__ import annotations

from safeguarding_reviews.action_plans import exports, monitoring_services
from safeguarding_reviews.action_plans.monitoring_selectors import MonitoringFilters
from safeguarding_reviews.action_plans.policies import PlanAccess


def url_kwargs(world) -> dict[str, object]:
    officer = world.people["business_unit_officer"]
    export = monitoring_services.monitoring_export_request(
        actor=officer,
        access=PlanAccess(officer, world.partnership),
        export_format="xlsx",
        filters=MonitoringFilters(),
    )
    # The world is built in a transaction that never commits: build it here rather than on the worker.
    exports.monitoring_export_run(export_id=export.pk)
    return {"export_id": export.pk}
