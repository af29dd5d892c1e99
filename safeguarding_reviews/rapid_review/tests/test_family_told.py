"""Whether and how the family has been told of the review: the rule (table), the service (policy, versions,
audit, closed case) and the page (typed data kept on bad input and on a stale save; readers see, not
write)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.rapid_review.models import FamilyTold
from safeguarding_reviews.rapid_review.services import family_told_record
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
TOLD = {"status": "told", "told_on": dt.date(2026, 3, 10), "method": "phone", "told_by": "", "notes": ""}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": ""}, "status"),
        ({"status": "told", "told_on": None, "method": "phone"}, "told_on"),
        ({"status": "told", "told_on": dt.date(2026, 3, 17), "method": "phone"}, "told_on"),
        ({"status": "told", "told_on": dt.date(2026, 3, 10), "method": ""}, "method"),
        ({"status": "not_telling", "notes": " "}, "notes"),
    ],
)
def test_refusals(world, values, field):
    with pytest.raises(ValidationError) as caught:
        family_told_record(
            actor=world.people["business_unit_officer"], case=world.case, expected_version=None, values=values
        )
    assert field in caught.value.message_dict
    assert not FamilyTold.objects.exists()


def test_record_then_change_versioned_and_audited(world):
    officer = world.people["business_unit_officer"]
    family = family_told_record(
        actor=officer,
        case=world.case,
        expected_version=None,
        values={"status": "not_yet", "told_on": dt.date(2026, 3, 1), "method": "letter", "notes": ""},
    )
    assert (family.status, family.told_on, family.method, family.version) == ("not_yet", None, "", 1)
    family = family_told_record(actor=officer, case=world.case, expected_version=1, values=TOLD)
    assert (family.status, family.told_on, family.version) == ("told", dt.date(2026, 3, 10), 2)
    with pytest.raises(StaleVersionError, match="stale version"):
        family_told_record(actor=officer, case=world.case, expected_version=1, values=TOLD)
    with pytest.raises(
        StaleVersionError, match="stale version"
    ):  # a second "first record" from another window
        family_told_record(actor=officer, case=world.case, expected_version=None, values=TOLD)
    events = AuditEvent.objects.filter(event_type=EventType.FAMILY_TOLD_RECORDED).order_by("sequence")
    assert [e.data for e in events] == [
        {"family_told_id": family.pk, "version": 1, "status": "not_yet"},
        {"family_told_id": family.pk, "version": 2, "status": "told"},
    ]


@pytest.mark.parametrize("persona", ["delegate_local_authority", "independent_chair", "auditor"])
def test_only_the_business_unit_records(world, persona):
    with pytest.raises(PermissionDenied, match="Only the business unit does this"):
        family_told_record(actor=world.people[persona], case=world.case, expected_version=None, values=TOLD)


def test_a_closed_case_refuses(world):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        family_told_record(
            actor=world.people["business_manager"], case=world.case, expected_version=None, values=TOLD
        )


def test_the_page(world, client):
    url = reverse("rapid_review:family_told", kwargs={"case_id": world.case.pk})
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(url, {"status": "told", "told_on": "", "told_by": "Typed role"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the date the family was told" in page and "Typed role" in page
    response = client.post(url, {"status": "told", "told_on": "10/3/2026", "method": "in_person"})
    assert response.status_code == 302
    FamilyTold.objects.update(version=3)  # someone else saved meanwhile
    response = client.post(url, {"status": "not_telling", "notes": "Typed reason", "version": "1"})
    assert response.status_code == 409 and "Typed reason" in response.content.decode()
    client.logout()
    sign_in(client, world.people["delegate_police"])
    page = client.get(url).content.decode()
    assert "Yes, the family has been told" in page and "Change the record" not in page
    assert client.post(url, {"status": "not_yet"}).status_code == 403
