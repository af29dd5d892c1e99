"""Seed the rule sets: from the data migration, and again after `flush` (post_migrate), so a database
emptied by `manage.py flush` or a transactional test never runs without rules."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS


def seed_rule_sets(rule_set_model: Any = None, rule_model: Any = None, using: str = DEFAULT_DB_ALIAS) -> None:
    from .rule_data import RULE_SETS

    if rule_set_model is None:
        from .models import ClockRule, RuleSet

        rule_set_model, rule_model = RuleSet, ClockRule
    for spec in RULE_SETS:
        spec = dict(spec)
        rules = spec.pop("rules")
        if rule_set_model.objects.using(using).filter(code=spec["code"]).exists():
            continue
        if spec.get("is_default") and rule_set_model.objects.using(using).filter(is_default=True).exists():
            spec["is_default"] = False
        rule_set = rule_set_model.objects.using(using).create(**spec)
        rule_model.objects.using(using).bulk_create([rule_model(rule_set=rule_set, **rule) for rule in rules])


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from .models import RuleSet

    if not RuleSet.objects.using(using).exists():
        seed_rule_sets(using=using)
