"""The impact-check rule's first version (rule_data.py), with its source. seed.py loads it again after a flush."""

from django.db import migrations


def seed(apps, schema_editor):
    from safeguarding_reviews.action_plans.seed import seed_impact_rule

    seed_impact_rule(apps.get_model("action_plans", "ImpactCheckRule"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
