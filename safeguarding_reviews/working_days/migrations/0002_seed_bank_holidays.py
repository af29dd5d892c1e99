"""Seed the published England and Wales bank holidays 2015-2035 from the installed `holidays` package
(country_holidays("GB", subdiv="ENG")), weekdays only, as GOV.UK lists them. Later changes come from
`manage.py sync_bank_holidays --apply` or `manage.py import_bank_holidays FILE`."""

from django.db import migrations


def seed(apps, schema_editor):
    from safeguarding_reviews.working_days.seed import seed_bank_holidays

    seed_bank_holidays(apps.get_model("working_days", "BankHoliday"))


class Migration(migrations.Migration):
    dependencies = [("working_days", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
