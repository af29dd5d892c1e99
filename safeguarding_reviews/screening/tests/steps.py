"""Test steps that take a case through screening by the services (shared with notification tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding_reviews.core import clock
from safeguarding_reviews.screening import services
from safeguarding_reviews.screening.criteria import Answer, Outcome
from safeguarding_reviews.screening.models import Screening

ALL_YES: dict[str, str] = {
    "abuse_or_neglect": Answer.YES,
    "death_or_serious_harm": Answer.YES,
    "in_area": Answer.YES,
    "looked_after_child_death": Answer.NO,
    "care_leaver_death": Answer.NO,
}


def _version(case: Any) -> int:
    found = Screening.objects.filter(case=case).first()
    return found.version if found else 1


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


def record_awareness(world: Any, case: Any, on: dt.date | None = None) -> Screening:
    return services.screening_awareness_record(
        actor=world.people["business_unit_officer"],
        case=case,
        expected_version=_version(case),
        la_became_aware_on=on or days_ago(3),
    )


def prepare(world: Any, case: Any, answers: dict[str, str] | None = None) -> Screening:
    changes: dict[str, Any] = dict(answers or ALL_YES)
    changes |= {f"{name}_note": "" for name in ALL_YES}
    changes |= {
        "lived_elsewhere": False,
        "other_local_authority": "",
        "other_partnership": None,
        "other_partnership_name": "",
    }
    return services.screening_prepare(
        actor=world.people["business_unit_officer"],
        case=case,
        expected_version=_version(case),
        changes=changes,
    )


def decide(
    world: Any, case: Any, outcome: str = Outcome.NOTIFY, on: dt.date | None = None, **kwargs: Any
) -> Screening:
    return services.screening_decide(
        actor=world.people["delegate_local_authority"],
        case=case,
        expected_version=_version(case),
        outcome=outcome,
        learning_route=kwargs.pop("learning_route", ""),
        rationale=kwargs.pop("rationale", "Synthetic rationale: the criteria are met."),
        decided_on=on or days_ago(2),
        **kwargs,
    )


def to_notification(world: Any, case: Any) -> Any:
    """Awareness, checklist and a decision to notify (idempotent: skips steps already done)."""
    screening = Screening.objects.filter(case=case).first()
    if screening is None or screening.la_became_aware_on is None:
        record_awareness(world, case)
    screening = Screening.objects.get(case=case)
    if not screening.abuse_or_neglect:
        prepare(world, case)
        screening = Screening.objects.get(case=case)
    if not screening.outcome:
        decide(world, case)
    case.refresh_from_db()
    return case
