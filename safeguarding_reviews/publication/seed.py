"""Seed the publication rules (rule_data.py): from the data migration 0002, and again after a flush.

A flush (`manage.py flush`, or a transactional test: a browser journey) empties every table, the
migration-loaded rows included, and migrations do not run again; the rules are reference data every notice and
record needs, so they come back through post_migrate, as the clock rule sets and the practice themes do."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS


def seed_rules(rules_model: Any = None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the entries of rule_data.RULES that are missing (by code). Idempotent; never edits one."""
    from .rule_data import RULES

    if rules_model is None:
        from .models import PublicationRules

        rules_model = PublicationRules
    for spec in RULES:
        spec = dict(spec)
        code = spec.pop("code")
        if (
            spec.get("is_default")
            and rules_model.objects.using(using).filter(is_default=True).exclude(code=code).exists()
        ):
            spec["is_default"] = False
        rules_model.objects.using(using).get_or_create(code=code, defaults=spec)


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from .models import PublicationRules

    if not PublicationRules.objects.using(using).exists():
        seed_rules(using=using)
