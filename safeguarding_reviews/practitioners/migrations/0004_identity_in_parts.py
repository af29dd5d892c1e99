"""A practitioner's name as first names and last name (issue 15 item 0: the redaction check looks for each).
Schema only: the free-text `full_name` is renamed `name_as_recorded` (kept); 0005 splits it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0003_draft_version")]

    operations = [
        migrations.RenameField("practitioneridentity", "full_name", "name_as_recorded"),
        migrations.AlterField(
            model_name="practitioneridentity",
            name="name_as_recorded",
            field=models.CharField(blank=True, max_length=200, verbose_name="name as first recorded"),
        ),
        migrations.AddField(
            model_name="practitioneridentity",
            name="first_names",
            field=models.CharField(blank=True, max_length=200, verbose_name="first names"),
        ),
        migrations.AddField(
            model_name="practitioneridentity",
            name="last_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="last name"),
        ),
    ]
