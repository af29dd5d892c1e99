"""Open the statutory local review for each case already at the LCSPR stage (before this app existed): started
on the case's `lcspr_initiated` milestone (else the day the case reached the stage, else today), with the plan's
default targets as they were when this migration was written (frozen here, not read from plan.py)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import migrations
from django.utils import timezone

WEEKS = {
    "terms_agreed": 4,
    "reviewer_appointed": 4,
    "practitioner_event": 10,
    "first_draft": 16,
    "final_report": 20,
    "sign_off": 22,
}


def _six_months(start: dt.date) -> dt.date:
    month_index = start.month - 1 + 6
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Milestone = apps.get_model("clocks", "Milestone")
    LocalReview = apps.get_model("local_reviews", "LocalReview")
    PlanTarget = apps.get_model("local_reviews", "PlanTarget")
    now = timezone.now()
    for case in Case.objects.filter(stage="lcspr", local_review__isnull=True):
        milestone = (
            Milestone.objects.filter(case=case, event="lcspr_initiated").order_by("occurred_on").first()
        )
        initiated_on = milestone.occurred_on if milestone else timezone.localdate(now)
        review = LocalReview.objects.create(
            case=case, kind="lcspr", initiated_on=initiated_on, created_by=None, created_at=now
        )
        targets = {code: initiated_on + dt.timedelta(weeks=weeks) for code, weeks in WEEKS.items()}
        targets["publication"] = _six_months(initiated_on)
        PlanTarget.objects.bulk_create(
            PlanTarget(review=review, target=code, due_on=due) for code, due in targets.items()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("local_reviews", "0001_initial"),
        ("clocks", "0006_clocksettings_print_marking"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
