"""The parallel-process register: services (policy, dates, closed case, versions, audit), the seed from the
referral's answers, the pages with bad input and a stale save, and fixed queries on the register page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.parallel_processes import services
from safeguarding_reviews.parallel_processes.models import ParallelProcess, ProcessStatus
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _values(**changes):
    values = {
        "kind": "police_investigation",
        "status": "under_way",
        "led_by": "Synthetic major crime team",
        "reference": "OP-SYN-1",
        "notes": "",
        "started_on": dt.date(2026, 3, 1),
        "next_date": None,
        "concluded_on": None,
    }
    return values | changes


def test_the_business_unit_adds_a_process_and_it_is_audited(world):
    process = services.parallel_process_add(
        actor=world.people["business_unit_officer"], case=world.case, values=_values(reference="  OP-SYN-1 ")
    )
    assert (process.kind, process.status, process.reference, process.version) == (
        "police_investigation",
        "under_way",
        "OP-SYN-1",
        1,
    )
    event = AuditEvent.objects.get(event_type=EventType.PARALLEL_PROCESS_ADDED)
    assert event.case_id == world.case.pk
    assert event.data == {"process_id": process.pk, "kind": "police_investigation", "status": "under_way"}


@pytest.mark.parametrize("persona", ["delegate_police", "independent_chair", "auditor", "agency_author"])
def test_only_the_business_unit_writes(world, persona):
    with pytest.raises(PermissionDenied, match="Only the business unit keeps the parallel-process register"):
        services.parallel_process_add(actor=world.people[persona], case=world.case, values=_values())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"status": ""}, "status"),
        ({"kind": "other", "notes": ""}, "notes"),
        ({"started_on": TODAY + dt.timedelta(days=1)}, "started_on"),
        ({"status": "concluded", "concluded_on": TODAY + dt.timedelta(days=1)}, "concluded_on"),
        ({"status": "concluded", "concluded_on": dt.date(2026, 2, 1)}, "concluded_on"),  # before it started
        ({"concluded_on": dt.date(2026, 3, 10)}, "status"),  # a concluded date needs "Concluded"
    ],
)
def test_refusals_name_the_field(world, changes, field):
    with pytest.raises(ValidationError) as caught:
        services.parallel_process_add(
            actor=world.people["business_unit_officer"], case=world.case, values=_values(**changes)
        )
    assert field in caught.value.message_dict
    assert not ParallelProcess.objects.exists()


def test_a_future_next_date_is_allowed_and_a_closed_case_refuses(world):
    officer = world.people["business_unit_officer"]
    services.parallel_process_add(
        actor=officer, case=world.case, values=_values(next_date=TODAY + dt.timedelta(days=60))
    )
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.parallel_process_add(actor=officer, case=world.case, values=_values())


def test_update_is_versioned_and_audited(world):
    officer = world.people["business_unit_officer"]
    process = services.parallel_process_add(actor=officer, case=world.case, values=_values())
    process = services.parallel_process_update(
        actor=officer,
        process=process,
        expected_version=1,
        values=_values(status="concluded", concluded_on=dt.date(2026, 3, 12)),
    )
    assert (process.status, process.version, process.updated_by) == ("concluded", 2, officer)
    with pytest.raises(StaleVersionError, match="stale version"):
        services.parallel_process_update(actor=officer, process=process, expected_version=1, values=_values())
    event = AuditEvent.objects.get(event_type=EventType.PARALLEL_PROCESS_UPDATED)
    assert event.data == {
        "process_id": process.pk,
        "version": 2,
        "status": "concluded",
        "fields": ["concluded_on", "status"],
    }


def test_the_referral_starts_the_register(world):
    from types import SimpleNamespace

    officer = world.people["business_unit_officer"]
    referral = SimpleNamespace(
        parallel_processes=["police_investigation", "coroner", "not-a-code", "coroner"],
        parallel_details="Synthetic: the inquest opens next month.",
    )
    created = services.parallel_processes_from_referral(actor=officer, case=world.case, referral=referral)
    assert [(p.kind, p.status, p.from_referral) for p in created] == [
        ("police_investigation", ProcessStatus.REPORTED, True),
        ("coroner", ProcessStatus.REPORTED, True),
    ]
    assert created[0].notes == "Synthetic: the inquest opens next month."
    event = AuditEvent.objects.get(event_type=EventType.PARALLEL_PROCESSES_FROM_REFERRAL)
    assert event.data["kinds"] == ["police_investigation", "coroner"]
    # Run again (a recorded referral submitted later): nothing the case already holds is added twice.
    assert services.parallel_processes_from_referral(actor=officer, case=world.case, referral=referral) == []


def test_submitting_a_referral_starts_the_register(world, as_user):
    from safeguarding_reviews.referrals.models import Referral
    from safeguarding_reviews.referrals.tests.steps import fill_referral

    with time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False):
        client = as_user(world.people["agency_representative"])
        assert client.post(reverse("referrals:start"), {}).status_code == 302
        referral = Referral.objects.get()
        fill_referral(client, referral, world.agency.pk)  # ticks "Police investigation"
        referral.refresh_from_db()
        response = client.post(reverse("referrals:check", args=[referral.pk]), {"version": referral.version})
        assert response.status_code == 302
    referral.refresh_from_db()
    case = referral.case
    assert list(ParallelProcess.objects.filter(case=case).values_list("kind", "from_referral")) == [
        ("police_investigation", True)
    ]


def test_pages_keep_typed_data_on_bad_input_and_on_a_stale_save(world, client):
    officer = world.people["business_unit_officer"]
    sign_in(client, officer)
    add = reverse("parallel_processes:add", kwargs={"case_id": world.case.pk})
    response = client.post(add, {"kind": "police_investigation", "status": "", "reference": "OP-TYPED"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Select the status" in page and "OP-TYPED" in page
    response = client.post(
        add, {"kind": "police_investigation", "status": "under_way", "started_on": "31/2/2026"}
    )
    assert response.status_code == 400 and "Date started must be a real date" in response.content.decode()
    response = client.post(add, {"kind": "coroner", "status": "under_way", "reference": "INQ-1"})
    assert response.status_code == 302
    process = ParallelProcess.objects.get()
    edit = reverse("parallel_processes:edit", kwargs={"case_id": world.case.pk, "process_id": process.pk})
    assert client.get(edit).status_code == 200
    ParallelProcess.objects.filter(pk=process.pk).update(version=5)  # someone else saved meanwhile
    response = client.post(
        edit, {"kind": "coroner", "status": "on_hold", "reference": "INQ-TYPED", "version": "1"}
    )
    assert response.status_code == 409
    assert "INQ-TYPED" in response.content.decode()
    register = client.get(reverse("parallel_processes:register", kwargs={"case_id": world.case.pk}))
    assert "Coroner" in register.content.decode()


def test_the_register_page_runs_a_fixed_number_of_queries(world, client):
    """The same number at 1 process and at 41 (the number itself differs between SQLite and PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = world.people["business_unit_officer"]

    def add(n: int, start: int) -> None:
        ParallelProcess.objects.bulk_create(
            [
                ParallelProcess(
                    case=world.case,
                    kind="other",
                    notes=f"Synthetic {i}",
                    from_referral=bool(i % 2),
                    created_by=officer,
                    created_at=timezone.now(),
                )
                for i in range(start, start + n)
            ]
        )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    sign_in(client, officer)
    url = reverse("parallel_processes:register", kwargs={"case_id": world.case.pk})
    add(1, 0)
    client.get(url)  # warm the session
    small = count()
    add(40, 1)
    assert count() == small
