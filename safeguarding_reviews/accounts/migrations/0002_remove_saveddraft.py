"""Answers sent after the session ran out are drafts.Draft rows now (moved by drafts 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("drafts", "0002_one_draft_model"),
    ]

    operations = [
        migrations.DeleteModel(name="SavedDraft"),
    ]
