"""The triggers that mark a person's unread-alert count stale whenever their alerts or what decides which
cases they see change (alerts/count_triggers.py says which tables and why), and every existing alert holder
marked stale so `tick` counts them (alerts.services.alert_counts_refresh_stale); until then each page counts
from the alerts themselves, as before."""

from django.db import migrations

from safeguarding_reviews.alerts import count_triggers


def add_triggers(apps, schema_editor):
    count_triggers.create(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    count_triggers.drop(schema_editor.connection)


def mark_alert_holders(apps, schema_editor):
    Alert = apps.get_model("alerts", "Alert")
    AlertCountStale = apps.get_model("alerts", "AlertCountStale")
    holders = Alert.objects.order_by().values_list("user_id", flat=True).distinct()
    AlertCountStale.objects.bulk_create([AlertCountStale(user_id=user_id) for user_id in holders])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_unread_counts"),
        ("organisations", "0004_platform_admin_holds_no_membership"),
        ("cases", "0004_case_next_due_on"),
        ("accounts", "0002_remove_saveddraft"),
    ]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers, elidable=False),
        migrations.RunPython(mark_alert_holders, migrations.RunPython.noop, elidable=False),
    ]
