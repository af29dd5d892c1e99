"""An added family member's name and address in parts, as a subject's (issue 15 item 0). Schema only: the
free-text `full_name` and `address` are renamed `name_as_recorded` and `address_as_recorded` (kept); 0004
splits them into the new fields."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("families", "0002_member_removal")]

    operations = [
        migrations.RenameField("familymemberidentity", "full_name", "name_as_recorded"),
        migrations.AlterField(
            model_name="familymemberidentity",
            name="name_as_recorded",
            field=models.CharField(blank=True, max_length=200, verbose_name="name as first recorded"),
        ),
        migrations.RenameField("familymemberidentity", "address", "address_as_recorded"),
        migrations.AlterField(
            model_name="familymemberidentity",
            name="address_as_recorded",
            field=models.TextField(blank=True, verbose_name="address as first recorded"),
        ),
        migrations.AddField(
            model_name="familymemberidentity",
            name="first_names",
            field=models.CharField(blank=True, max_length=200, verbose_name="first names"),
        ),
        migrations.AddField(
            model_name="familymemberidentity",
            name="last_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="last name"),
        ),
        migrations.AddField(
            model_name="familymemberidentity",
            name="known_as",
            field=models.JSONField(blank=True, default=list, verbose_name="known as"),
        ),
        migrations.AddField(
            model_name="familymemberidentity",
            name="initials",
            field=models.JSONField(blank=True, default=list, verbose_name="initials the family uses"),
        ),
        migrations.AddField(
            model_name="familymemberidentity",
            name="address_line_1",
            field=models.CharField(blank=True, max_length=300, verbose_name="address line 1"),
        ),
        migrations.AddField(
            model_name="familymemberidentity",
            name="town",
            field=models.CharField(blank=True, max_length=100, verbose_name="town or city"),
        ),
        migrations.AddField(
            model_name="familymemberidentity",
            name="postcode",
            field=models.CharField(blank=True, max_length=8, verbose_name="postcode"),
        ),
    ]
