"""Every action now has its partnership (0004): it becomes required, with the action plans' indexes and
constraints."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_carry_over")]

    operations = [
        migrations.AlterField(
            model_name="caseaction",
            name="partnership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisations.partnership"
            ),
        ),
        migrations.AddIndex(
            model_name="caseaction",
            index=models.Index(
                fields=["partnership", "status", "due_on"], name="case_action_plan_status_due"
            ),
        ),
        migrations.AddIndex(
            model_name="caseaction",
            index=models.Index(fields=["owner_agency", "status"], name="case_action_agency_status"),
        ),
        migrations.AddConstraint(
            model_name="caseaction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("case__isnull", False),
                        ("meeting__isnull", True),
                        ("outcome__isnull", False),
                        ("recommendation__isnull", True),
                        ("source", "immediate"),
                    ),
                    models.Q(
                        ("case__isnull", False),
                        ("meeting__isnull", False),
                        ("outcome__isnull", True),
                        ("recommendation__isnull", True),
                        ("source", "meeting"),
                    ),
                    models.Q(
                        ("meeting__isnull", True),
                        ("outcome__isnull", True),
                        ("recommendation__isnull", False),
                        ("source", "recommendation"),
                    ),
                    _connector="OR",
                ),
                name="case_action_source_matches_link_v2",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseaction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "withdrawn"), _negated=True),
                    ("withdrawal_approved_by__isnull", False),
                    _connector="OR",
                ),
                name="case_action_withdrawn_is_approved",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseaction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "superseded"), _negated=True),
                    ("superseded_by__isnull", False),
                    _connector="OR",
                ),
                name="case_action_superseded_names_replacement",
            ),
        ),
    ]
