"""The impact-check rule's first version (rule_data.py): loaded by migration 0002, and after a flush.

A flush (`manage.py flush`, or a transactional test: a browser journey) empties every table, the
migration-loaded rows included, and migrations do not run again; closing a recommendation needs the rule, so
it comes back through post_migrate, which a flush sends (as outcomes/seed.py does for the practice themes)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS


def seed_impact_rule(rule_model: Any = None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the first version of the rule when it is missing. Idempotent."""
    from . import rule_data

    if rule_model is None:
        from .models import ImpactCheckRule

        rule_model = ImpactCheckRule
    rule_model.objects.using(using).get_or_create(
        version=rule_data.IMPACT_RULE_VERSION,
        defaults={
            "source": rule_data.IMPACT_RULE_SOURCE,
            "earliest_months": rule_data.EARLIEST_MONTHS,
            "due_months": rule_data.DUE_MONTHS,
            "latest_months": rule_data.LATEST_MONTHS,
            "effective_from": rule_data.EFFECTIVE_FROM,
        },
    )


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from .models import ImpactCheckRule

    if not ImpactCheckRule.objects.using(using).exists():
        seed_impact_rule(using=using)
