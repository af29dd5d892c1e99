"""Objects the authorization matrix needs for reviewer URLs: the reviewer persona's accepted appointment on
world.case (the fixture named them on the case as an accepted reviewer), made with the ORM because it is test
data, not a write path under test. The case is not put on the committee's list: the non-member committee
persona must still get 404 on every page of it."""

from __future__ import annotations

from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.core import clock
from safeguarding_reviews.reviewers.models import AppointmentState, ReviewerAppointment


def url_kwargs(world) -> dict[str, dict[str, object]]:
    reviewer, manager = world.people["independent_reviewer"], world.people["business_manager"]
    membership = CaseMembership.objects.get(
        case=world.case, user=reviewer, capacity=CaseCapacity.INDEPENDENT_REVIEWER, ended_at__isnull=True
    )
    appointment = ReviewerAppointment.objects.create(
        case=world.case,
        user=reviewer,
        appointed_by=manager,
        state=AppointmentState.ACCEPTED,
        family=False,
        agencies=False,
        services=False,
        other=False,
        declared_at=clock.now(),
        decided_by=manager,
        decided_at=clock.now(),
        case_membership=membership,
    )
    return {"reviewers": {"appointment_id": appointment.pk}}
