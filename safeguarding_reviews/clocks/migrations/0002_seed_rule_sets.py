"""The rule sets: "Working Together 2023 with Panel guidance 2025" (the default for new cases) and
"Working Together 2018" (older cases), from clocks/rule_data.py. Sources are listed in docs/clocks.md."""

from django.db import migrations


def seed(apps, schema_editor):
    from safeguarding_reviews.clocks.seed import seed_rule_sets

    seed_rule_sets(apps.get_model("clocks", "RuleSet"), apps.get_model("clocks", "ClockRule"))


class Migration(migrations.Migration):
    dependencies = [("clocks", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
