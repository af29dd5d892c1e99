"""The national list of review methods, each with its source: seeded by the data migration (0005) and again
after `flush` (post_migrate), so a database emptied by `manage.py flush` or a transactional test still offers
the national list (as clocks/seed.py does for the rule sets)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS

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


def seed_national_methods(review_method_model: Any = None, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Create the national methods that are missing; return them by code. Idempotent."""
    if review_method_model is None:
        from .models import ReviewMethod

        review_method_model = ReviewMethod
    by_code = {}
    for order, (code, label, description, source, requires_description) in enumerate(METHODS, start=1):
        by_code[code], _ = review_method_model.objects.using(using).get_or_create(
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
    return by_code


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from .models import ReviewMethod

    if not ReviewMethod.objects.using(using).filter(partnership=None).exists():
        seed_national_methods(using=using)
