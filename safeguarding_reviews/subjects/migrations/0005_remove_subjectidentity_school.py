"""The single school is now the first of `schools` (0004 copied it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("subjects", "0004_split_identity")]

    operations = [migrations.RemoveField(model_name="subjectidentity", name="school")]
