"""Objects the working_days URLs need in the authorization matrix (tests/test_authorization_matrix.py)."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.working_days import services


def url_kwargs(world) -> dict[str, dict[str, object]]:
    override = services.bank_holiday_override_add(
        actor=world.people["platform_admin"],
        date=dt.date(2030, 6, 12),
        kind="add",
        title="One-off test holiday",
        reason="Matrix",
    )
    closure = services.closure_day_add(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        date=dt.date(2030, 6, 13),
        reason="Office move",
    )
    return {"working_days": {"override_id": override.pk, "closure_id": closure.pk}}
