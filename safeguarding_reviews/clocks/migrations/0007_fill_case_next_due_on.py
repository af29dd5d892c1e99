"""Fill Case.next_due_on (cases 0004) for the cases that exist: the due date of each case's next open (not met,
not paused) deadline, as clocks.services.case_next_due_refresh writes it from now on. One UPDATE."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("clocks", "Deadline")
    open_deadlines = Deadline.objects.filter(
        case_id=OuterRef("pk"), met_on__isnull=True, paused_since__isnull=True
    ).order_by("due_on")
    Case.objects.update(next_due_on=Subquery(open_deadlines.values("due_on")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("clocks", "0006_clocksettings_print_marking"),
        ("cases", "0004_case_next_due_on"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
