"""Test steps for the notification: children on the case, and a notification started by the services."""

from __future__ import annotations

from typing import Any

from safeguarding_reviews.notifications import services
from safeguarding_reviews.notifications.models import Notification, NotificationCategory
from safeguarding_reviews.screening.tests.steps import days_ago, to_notification
from safeguarding_reviews.subjects.services import subject_add


def add_child(world: Any, case: Any, n: int) -> Any:
    return subject_add(
        actor=world.people["business_unit_officer"],
        case=case,
        kind="child",
        details={"label": f"Child {chr(64 + n)}", "sex": "female", "age_years": n, "ethnicity": "Synthetic"},
        identity={
            "first_names": "Testchild",
            "last_name": f"Person{n}",
            "known_as": [f"Testy{n}"],
            "address_line_1": f"{n} Example Street",
            "town": "Testtown",
            "postcode": "TT1 1AA",
        },
    )


def start_notification(world: Any, case: Any, *, children: int = 1) -> Notification:
    to_notification(world, case)
    subjects = [add_child(world, case, n) for n in range(1, children + 1)]
    found = Notification.objects.filter(case=case).first()
    return services.notification_save(
        actor=world.people["business_unit_officer"],
        case=case,
        expected_version=found.version if found else 1,
        changes={
            "category": NotificationCategory.SERIOUS_HARM,
            "incident_place": "Family home, Alphashire",
            "incident_date": days_ago(5),
            "incident_time": None,
            "outline": "Synthetic outline about Child A.",
            "further_information": "",
        },
        child_ids=[s.pk for s in subjects[:4]],
    )
