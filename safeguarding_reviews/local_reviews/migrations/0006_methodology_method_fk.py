"""The methodology's method is now its record on the managed list (mapped by 0005). Reversible."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("local_reviews", "0005_seed_review_methods")]

    operations = [
        # The old code gets a default first, so that undoing the removal can add the column back to existing
        # rows (0005's reverse then writes each row's code from its record).
        migrations.AlterField(
            model_name="methodology",
            name="method",
            field=models.CharField(default="other", max_length=30),
        ),
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
