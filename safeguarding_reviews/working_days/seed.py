"""Seed the published bank holidays from the `holidays` package: from the data migration, and again
after `flush` (post_migrate), so an emptied database never runs with weekends as the only holidays."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone


def seed_bank_holidays(model: Any = None, using: str = DEFAULT_DB_ALIAS) -> None:
    from .sources import SEED_YEARS, package_holidays

    if model is None:
        from .models import BankHoliday

        model = BankHoliday
    if model.objects.using(using).exists():
        return
    now = timezone.now()
    model.objects.using(using).bulk_create(
        [
            model(date=day, title=title, source="package", added_at=now)
            for day, title in package_holidays(SEED_YEARS).items()
        ]
    )


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    seed_bank_holidays(using=using)
