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
        # A migration's historical model may not have every field the data names yet; a later migration
        # (0005_rule_routes_and_adjustments) fills those in.
        known = {f.name for f in rule_model._meta.get_fields()}
        rule_model.objects.using(using).bulk_create(
            [rule_model(rule_set=rule_set, **{k: v for k, v in rule.items() if k in known}) for rule in rules]
        )


ROUTE_FIELDS = (
    "routes",
    "routes_source",
    "adjustable",
    "extension_needs_panel_agreement",
    "adjustable_source",
)


def apply_route_fields(rule_model: Any, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the seeded rules their routes and whether they may be paused or extended (issue 11)."""
    from .rule_data import RULE_SETS

    for spec in RULE_SETS:
        for rule in spec["rules"]:
            values = {name: rule[name] for name in ROUTE_FIELDS if name in rule}
            if values:
                rule_model.objects.using(using).filter(rule_set__code=spec["code"], code=rule["code"]).update(
                    **values
                )


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from .models import RuleSet

    if not RuleSet.objects.using(using).exists():
        seed_rule_sets(using=using)
