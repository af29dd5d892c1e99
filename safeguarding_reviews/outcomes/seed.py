"""The practice-theme vocabulary's first version (themes.py): loaded by migration 0002, and after a flush.

A flush (`manage.py flush`, or a transactional test: a browser journey or a migration test) empties every
table, the migration-loaded rows included, and migrations do not run again. The vocabulary is reference data
every case needs (learning points, recommendations), so it comes back through post_migrate, which a flush
sends, as the rule sets and the national review methods do (working_days/seed.py, local_reviews/seed.py)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS


def seed_themes(theme_model: Any = None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the first version's themes that are missing. Idempotent."""
    from .themes import SOURCE, THEMES, VOCABULARY_VERSION

    if theme_model is None:
        from .models import PracticeTheme

        theme_model = PracticeTheme
    for order, (code, label) in enumerate(THEMES, start=1):
        theme_model.objects.using(using).get_or_create(
            vocabulary_version=VOCABULARY_VERSION,
            code=code,
            defaults={"label": label, "source": SOURCE, "sort_order": order},
        )


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from .models import PracticeTheme

    if not PracticeTheme.objects.using(using).exists():
        seed_themes(using=using)
