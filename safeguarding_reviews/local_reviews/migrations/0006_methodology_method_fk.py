"""The methodology's method is now its record on the managed list (mapped by 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("local_reviews", "0005_seed_review_methods")]

    operations = [
        migrations.RemoveField(model_name="methodology", name="method"),
        migrations.RenameField(model_name="methodology", old_name="method_record", new_name="method"),
        migrations.AlterField(
            model_name="methodology",
            name="method",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="local_reviews.reviewmethod"
            ),
        ),
    ]
