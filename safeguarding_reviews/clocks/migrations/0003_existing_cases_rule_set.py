"""Cases opened before the clocks app run under the default rule set."""

from django.db import migrations


def backfill(apps, schema_editor):
    RuleSet = apps.get_model("clocks", "RuleSet")
    Case = apps.get_model("cases", "Case")
    default = RuleSet.objects.filter(is_default=True).first()
    if default is not None:
        Case.objects.filter(rule_set__isnull=True).update(rule_set=default)


class Migration(migrations.Migration):
    dependencies = [("clocks", "0002_seed_rule_sets"), ("cases", "0002_case_rule_set")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
