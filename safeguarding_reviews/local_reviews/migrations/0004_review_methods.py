"""The managed list of review methods (issue 13 item 6): ReviewMethod, and a place on the methodology for the
method record while the codes are mapped (0005); 0006 makes it the methodology's method."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("local_reviews", "0003_information_requests"),
        ("organisations", "0004_platform_admin_holds_no_membership"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewMethod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("vocabulary_version", models.CharField(max_length=40)),
                ("code", models.SlugField(max_length=60)),
                ("label", models.CharField(max_length=200, verbose_name="name of the method")),
                ("description", models.TextField(blank=True, verbose_name="what the method is")),
                ("source", models.CharField(max_length=400, verbose_name="source")),
                ("requires_description", models.BooleanField(default=False)),
                ("is_active", models.BooleanField(default=True)),
                ("sort_order", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(blank=True, null=True)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "changed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.partnership",
                    ),
                ),
            ],
            options={
                "ordering": ["sort_order", "label", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("partnership__isnull", True)),
                        fields=("vocabulary_version", "code"),
                        name="review_method_national_code",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("partnership__isnull", False)),
                        fields=("partnership", "code"),
                        name="review_method_partnership_code",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="methodology",
            name="method_record",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="local_reviews.reviewmethod",
            ),
        ),
    ]
