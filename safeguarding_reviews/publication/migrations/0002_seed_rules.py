from django.db import migrations


def seed(apps, schema_editor):
    from safeguarding_reviews.publication.seed import seed_rules

    seed_rules(apps.get_model("publication", "PublicationRules"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("publication", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
