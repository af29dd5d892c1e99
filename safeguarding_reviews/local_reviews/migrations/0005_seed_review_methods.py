"""The national list of review methods (vocabulary version wt2023-1), each with its source, and every existing
methodology's method code mapped to its record. A partnership adds its own on the review methods page."""

from django.db import migrations

VERSION = "wt2023-1"
WT2023 = "Working Together to Safeguard Children 2023, chapter 5 (local child safeguarding practice reviews)"
METHODS = [
    # code, label, description, source, requires a description
    (
        "learning_together",
        "SCIE Learning Together",
        "A systems model: the review looks at why practice made sense at the time and reports findings about "
        "the system, with practitioners and the family taking part.",
        "SCIE, Learning together to safeguard children: a systems model for case reviews (SCIE Guide 24); "
        + WT2023,
        False,
    ),
    (
        "silp",
        "Significant Incident Learning Process (SILP)",
        "A practitioner-led model: agency reports, then learning events with the practitioners and managers "
        "involved, drawn together by the reviewer.",
        "Significant Incident Learning Process (SILP) review model; " + WT2023,
        False,
    ),
    (
        "appreciative_inquiry",
        "Appreciative inquiry",
        "Builds on what worked well as well as what did not, with practitioners and the family.",
        "Cooperrider and Srivastva, Appreciative inquiry in organizational life (1987); " + WT2023,
        False,
    ),
    (
        "hybrid",
        "A hybrid",
        "Parts of more than one method: the methodology says which, and how they fit together.",
        WT2023 + ": the partners choose a method proportionate to the case",
        True,
    ),
    (
        "other",
        "Other",
        "Another method: the methodology describes it.",
        WT2023 + ": the partners choose a method proportionate to the case",
        True,
    ),
]


def seed(apps, schema_editor):
    ReviewMethod = apps.get_model("local_reviews", "ReviewMethod")
    Methodology = apps.get_model("local_reviews", "Methodology")
    by_code = {}
    for order, (code, label, description, source, requires_description) in enumerate(METHODS, start=1):
        by_code[code], _ = ReviewMethod.objects.get_or_create(
            partnership=None,
            vocabulary_version=VERSION,
            code=code,
            defaults={
                "label": label,
                "description": description,
                "source": source,
                "requires_description": requires_description,
                "sort_order": order * 10,
            },
        )
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
