"""One draft model: typed drafts and the answers of a form sent after the session ran out (accounts.SavedDraft,
removed by accounts 0002) become drafts.Draft."""

from django.conf import settings
from django.db import migrations, models
from django.urls import Resolver404, resolve


def _base_version(data):
    values = data.get("version") or []
    try:
        return int(values[0]) if values else None
    except (TypeError, ValueError):
        return None


def _form_key(path):
    try:
        return resolve(path).view_name[:100]
    except Resolver404:
        return ""


def move_saved_drafts(apps, schema_editor):
    """Each SavedDraft becomes that person's draft of that page. Where they also have a typed draft of the same
    page, the later of the two is kept."""
    saved_draft = apps.get_model("accounts", "SavedDraft")
    draft = apps.get_model("drafts", "Draft")
    for old in saved_draft.objects.order_by("pk").iterator():
        existing = draft.objects.filter(user_id=old.user_id, path=old.path).first()
        if existing is not None and existing.saved_at >= old.saved_at:
            continue
        draft.objects.update_or_create(
            user_id=old.user_id,
            path=old.path,
            defaults={
                "form_key": _form_key(old.path),
                "data": old.data,
                "base_version": _base_version(old.data),
                "saved_at": old.saved_at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("drafts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="TypedDraft", new_name="Draft"),
        migrations.RemoveConstraint(model_name="draft", name="one_typed_draft_per_user_path"),
        migrations.AddConstraint(
            model_name="draft",
            constraint=models.UniqueConstraint(fields=("user", "path"), name="one_draft_per_user_and_path"),
        ),
        migrations.RenameIndex(
            model_name="draft", new_name="draft_saved_at", old_name="typed_draft_saved_at"
        ),
        migrations.AlterField(
            model_name="draft", name="form_key", field=models.CharField(blank=True, max_length=100)
        ),
        migrations.AlterField(
            model_name="draft",
            name="user",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="drafts", to=settings.AUTH_USER_MODEL
            ),
        ),
        # Drafts are short-lived: going back, what was moved stays a draft (the old table comes back empty).
        migrations.RunPython(move_saved_drafts, migrations.RunPython.noop),
    ]
