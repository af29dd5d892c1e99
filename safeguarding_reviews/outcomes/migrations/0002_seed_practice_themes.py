from django.db import migrations


def seed(apps, schema_editor):
    from safeguarding_reviews.outcomes.themes import SOURCE, THEMES, VOCABULARY_VERSION

    PracticeTheme = apps.get_model("outcomes", "PracticeTheme")
    for order, (code, label) in enumerate(THEMES, start=1):
        PracticeTheme.objects.get_or_create(
            vocabulary_version=VOCABULARY_VERSION,
            code=code,
            defaults={"label": label, "source": SOURCE, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
