from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send
from tests.factories import AgencyFactory, UserFactory, grant

DUE = dt.date(2099, 1, 15)


def to_rapid_review(world) -> None:
    for stage in (Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW):
        case_stage_advance(
            actor=world.people["business_unit_officer"], case=world.case, to_stage=stage, reason="test"
        )


def new_author(world, agency, n: int) -> Any:
    user = UserFactory.create(full_name=f"Synthetic Author {n}", email=f"author{n}@test.example")
    grant(user, world.partnership, Role.AGENCY_AUTHOR, agency)
    return user


@dataclass
class RR:
    world: Any
    agencies: list[Any]
    authors: list[Any]

    def send(self, *indexes: int, due_on: dt.date = DUE) -> list[Any]:
        return agency_requests_send(
            actor=self.world.people["business_unit_officer"],
            case=self.world.case,
            items=[RequestItem(agency=self.agencies[i], author=self.authors[i]) for i in indexes],
            due_on=due_on,
        )


@pytest.fixture
def rr(world) -> RR:
    to_rapid_review(world)
    second = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    agencies = [world.agency, second]
    authors = [new_author(world, agency, i) for i, agency in enumerate(agencies)]
    return RR(world=world, agencies=agencies, authors=authors)
