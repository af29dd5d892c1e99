"""Identity details in parts (issue 15 item 0): names as first names, last name, known-as names and the
initials the family uses; addresses as line 1, town and postcode; several schools with their short forms.

Schema only. The old free-text columns are renamed, not dropped: `full_name`, `other_names` and `address`
become `name_as_recorded`, `other_names_as_recorded` and `address_as_recorded`, so the text as first recorded
is kept. 0004 splits it into the new fields; 0005 drops `school` once 0004 has copied it into `schools`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("subjects", "0002_identitygrant")]

    operations = [
        migrations.RenameField("subjectidentity", "full_name", "name_as_recorded"),
        migrations.AlterField(
            model_name="subjectidentity",
            name="name_as_recorded",
            field=models.CharField(blank=True, max_length=200, verbose_name="name as first recorded"),
        ),
        migrations.RenameField("subjectidentity", "other_names", "other_names_as_recorded"),
        migrations.AlterField(
            model_name="subjectidentity",
            name="other_names_as_recorded",
            field=models.CharField(blank=True, max_length=200, verbose_name="other names as first recorded"),
        ),
        migrations.RenameField("subjectidentity", "address", "address_as_recorded"),
        migrations.AlterField(
            model_name="subjectidentity",
            name="address_as_recorded",
            field=models.TextField(blank=True, verbose_name="address as first recorded"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="first_names",
            field=models.CharField(blank=True, max_length=200, verbose_name="first names"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="last_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="last name"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="known_as",
            field=models.JSONField(blank=True, default=list, verbose_name="known as"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="initials",
            field=models.JSONField(blank=True, default=list, verbose_name="initials the family uses"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="address_line_1",
            field=models.CharField(blank=True, max_length=300, verbose_name="address line 1"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="town",
            field=models.CharField(blank=True, max_length=100, verbose_name="town or city"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="postcode",
            field=models.CharField(blank=True, max_length=8, verbose_name="postcode"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="schools",
            field=models.JSONField(blank=True, default=list, verbose_name="schools or settings"),
        ),
        migrations.AddField(
            model_name="subjectidentity",
            name="school_short_names",
            field=models.JSONField(blank=True, default=list, verbose_name="short forms of the school names"),
        ),
    ]
