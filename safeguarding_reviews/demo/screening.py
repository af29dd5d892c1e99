"""Demo data for screening and the notification: the demo cases at different points. Idempotent: a case
whose screening has been started is left as it is. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.screening import services
from safeguarding_reviews.screening.criteria import Answer, Outcome
from safeguarding_reviews.screening.models import Screening

YES: dict[str, str] = {
    "abuse_or_neglect": Answer.YES,
    "death_or_serious_harm": Answer.YES,
    "in_area": Answer.YES,
}
NOT_CATEGORIES: dict[str, str] = {"looked_after_child_death": Answer.NO, "care_leaver_death": Answer.NO}


def _on(day: dt.date) -> dt.date:
    return min(day, clock.today())


def _version(case: Case) -> int:
    found = Screening.objects.filter(case=case).first()
    return found.version if found else 1


def _prepare(officer: Any, case: Case, answers: dict[str, str], **elsewhere: Any) -> None:
    changes: dict[str, Any] = answers | {f"{name}_note": "" for name in answers}
    changes |= {
        "lived_elsewhere": bool(elsewhere),
        "other_local_authority": elsewhere.get("other_local_authority", ""),
        "other_partnership": elsewhere.get("other_partnership"),
        "other_partnership_name": "",
    }
    services.screening_prepare(actor=officer, case=case, expected_version=_version(case), changes=changes)


def _aware(officer: Any, case: Case, aware_on: dt.date | None = None) -> dt.date:
    aware = _on(aware_on or case.referral_received_on or clock.today())
    services.screening_awareness_record(
        actor=officer, case=case, expected_version=_version(case), la_became_aware_on=aware
    )
    return aware


def _decide(
    delegate: Any,
    case: Case,
    aware: dt.date,
    outcome: str,
    rationale: str,
    route: str = "",
    decided_on: dt.date | None = None,
) -> dt.date:
    decided = _on(decided_on or aware + dt.timedelta(days=1))
    services.screening_decide(
        actor=delegate,
        case=case,
        expected_version=_version(case),
        outcome=outcome,
        learning_route=route,
        rationale=rationale,
        decided_on=decided,
    )
    return decided


def _notify(
    officer: Any, case: Case, decided: dt.date, *, send: bool, sent_on: dt.date | None = None
) -> None:
    from safeguarding_reviews.notifications import services as notification_services
    from safeguarding_reviews.notifications.models import NotificationCategory
    from safeguarding_reviews.subjects.selectors import case_children
    from safeguarding_reviews.subjects.services import subject_add

    children = case_children(case)
    if not children:
        children = [
            subject_add(
                actor=officer,
                case=case,
                kind="child",
                details={"label": case.pseudonym, "sex": "not_known", "ethnicity": "Not recorded"},
                identity={
                    "first_names": "Demo Person",
                    "last_name": "Fictional",
                    "address_line_1": "1 Imaginary Road",
                    "town": "Northbridge",
                    "schools": ["Demo Imaginary Primary School"],
                    "school_short_names": ["Imaginary Primary"],
                },
            )
        ]
    notification = notification_services.notification_save(
        actor=officer,
        case=case,
        expected_version=1,
        changes={
            "category": NotificationCategory.SERIOUS_HARM
            if "harm" in case.summary.lower() or "injury" in case.summary.lower()
            else NotificationCategory.DEATH,
            "incident_place": "Family home, Northbridge (demo)",
            "incident_date": case.incident_date,
            "incident_time": None,
            "outline": f"Demo outline. {case.summary}",
            "further_information": "",
        },
        child_ids=[child.pk for child in children[:4]],
    )
    if send:
        sent = _on(sent_on or decided + dt.timedelta(days=1))
        notification = notification_services.notification_sent_record(
            actor=officer,
            case=case,
            expected_version=notification.version,
            sent_on=sent,
            panel_reference="DEMO-0001",
        )
        notification_services.notification_local_partners_told_record(
            actor=officer, case=case, expected_version=notification.version, told_on=sent
        )


def seed_screening_demo(*, partnership: Any, officer: Any, delegate: Any, eastmere: Any) -> None:
    """Child N: notified and sent (rapid review). Child P: decided to notify, notification being drafted.
    Child R: checklist prepared, waiting for the delegate's decision. Children T and U: awareness recorded,
    lived in Eastmere. Child S (restricted) stays at referral."""
    cases = {c.pseudonym: c for c in Case.objects.filter(lead_partnership=partnership)}
    started = set(Screening.objects.filter(case__in=cases.values()).values_list("case__pseudonym", flat=True))
    if "Child N" in cases and "Child N" not in started:
        case = cases["Child N"]
        aware = _aware(officer, case)
        _prepare(officer, case, YES | NOT_CATEGORIES)
        decided = _decide(
            delegate, case, aware, Outcome.NOTIFY, "Demo: serious injury, neglect suspected, in area."
        )
        _notify(officer, case, decided, send=True)
    if "Child P" in cases and "Child P" not in started:
        case = cases["Child P"]
        aware = _aware(officer, case)
        _prepare(officer, case, YES | NOT_CATEGORIES)
        decided = _decide(delegate, case, aware, Outcome.NOTIFY, "Demo: death with suspected neglect.")
        _notify(officer, case, decided, send=False)
    if "Child R" in cases and "Child R" not in started:
        case = cases["Child R"]
        _aware(officer, case)
        _prepare(officer, case, YES | {"abuse_or_neglect": Answer.NOT_KNOWN} | NOT_CATEGORIES)
    if "Children T and U" in cases and "Children T and U" not in started:
        case = cases["Children T and U"]
        _aware(officer, case)
        _prepare(
            officer,
            case,
            YES | NOT_CATEGORIES,
            other_local_authority="Eastmere County Council",
            other_partnership=eastmere,
        )


def seed_notified_case(
    *, officer: Any, delegate: Any, case: Case, aware_on: dt.date, decided_on: dt.date, sent_on: dt.date
) -> None:
    """Take a new demo case through screening (all three criteria met) to the notification sent on the
    dates given (the caller chooses working days), so it reaches the rapid review. For the demo cases
    past the rapid review (panel/demo.py)."""
    aware = _aware(officer, case, aware_on)
    _prepare(officer, case, YES | NOT_CATEGORIES)
    decided = _decide(
        delegate,
        case,
        aware,
        Outcome.NOTIFY,
        "Demo: serious harm, neglect suspected, in area.",
        decided_on=decided_on,
    )
    _notify(officer, case, decided, send=True, sent_on=sent_on)
