import datetime as dt

import pytest

from safeguarding_reviews.subjects.ages import age_on


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2022, 6, 15), dt.date(2026, 6, 14), 3),
        (dt.date(2022, 6, 15), dt.date(2026, 6, 15), 4),
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28), 1),
        (dt.date(2024, 2, 29), dt.date(2026, 3, 1), 2),
        (dt.date(2026, 11, 1), dt.date(2026, 11, 1), 0),
        (dt.date(2026, 12, 1), dt.date(2026, 11, 1), None),
    ],
)
def test_age_on(born, on, age):
    assert age_on(born, on) == age


def test_age_is_worked_out_from_the_date_of_birth_at_the_incident(world):
    from django.db import transaction

    from safeguarding_reviews.subjects.services import subject_insert

    world.case.incident_date = dt.date(2026, 11, 10)
    world.case.save(update_fields=["incident_date"])
    with transaction.atomic():
        subject = subject_insert(
            actor=world.people["business_unit_officer"],
            kind="child",
            details={"label": "Child Q", "age_years": None},
            identity={"date_of_birth": dt.date(2022, 11, 11)},
            case=world.case,
        )
    assert subject.age_years == 3
