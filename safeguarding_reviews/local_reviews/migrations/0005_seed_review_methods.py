"""The national list of review methods (vocabulary version wt2023-1), each with its source, and every existing
methodology's method code mapped to its record. A partnership adds its own on the review methods page."""

from django.db import migrations

# The list's text lives in local_reviews/seed.py, which also puts it back after a flush.
from safeguarding_reviews.local_reviews.seed import VERSION, seed_national_methods


def seed(apps, schema_editor):
    ReviewMethod = apps.get_model("local_reviews", "ReviewMethod")
    Methodology = apps.get_model("local_reviews", "Methodology")
    by_code = seed_national_methods(ReviewMethod)
    for methodology in Methodology.objects.filter(method_record__isnull=True):
        methodology.method_record = by_code.get(methodology.method, by_code["other"])
        methodology.save(update_fields=["method_record"])


def unseed(apps, schema_editor):
    Methodology = apps.get_model("local_reviews", "Methodology")
    for methodology in Methodology.objects.select_related("method_record"):
        methodology.method = methodology.method_record.code if methodology.method_record_id else "other"
        methodology.method_record = None
        methodology.save(update_fields=["method", "method_record"])
    apps.get_model("local_reviews", "ReviewMethod").objects.filter(
        partnership=None, vocabulary_version=VERSION
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("local_reviews", "0004_review_methods")]

    operations = [migrations.RunPython(seed, unseed)]
