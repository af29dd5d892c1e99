"""An agency representative refers online; the business unit records phone referrals."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Milestone
from safeguarding_reviews.referrals.models import Referral, ReferralStatus
from safeguarding_reviews.subjects.models import Subject, SubjectIdentity

from .steps import CHILD, fill_referral, post_section

NOW = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)  # a Friday


def _start(client):
    response = client.post(reverse("referrals:start"), {})
    assert response.status_code == 302
    return Referral.objects.get()


@time_machine.travel(NOW, tick=False)
def test_online_referral_opens_the_case_in_screening(world, as_user, django_capture_on_commit_callbacks):
    rep = world.people["agency_representative"]
    client = as_user(rep)
    referral = _start(client)
    assert client.get(reverse("referrals:task_list", args=[referral.pk])).status_code == 200
    fill_referral(client, referral, world.agency.pk, children=2)
    client.post(
        reverse("referrals:person_add", args=[referral.pk, "household-member"]),
        {
            "relationship": "mother",
            "first_names": "Synthetic",
            "last_name": "Mother",
            "address_line_1": "",
            "known_as": "",
            "date_of_birth": "",
            "sex": "",
        },
    )
    check = client.get(reverse("referrals:check", args=[referral.pk]))
    assert check.status_code == 200 and "Synthetic Child0" in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals:check", args=[referral.pk]), {"version": "1"})
    assert response.status_code == 302
    referral.refresh_from_db()
    case = referral.case
    assert referral.status == ReferralStatus.SUBMITTED
    assert case.stage == Stage.SCREENING
    assert case.pseudonym == "Child A"  # world.case is "Child Q"
    assert case.incident_date == dt.date(2026, 11, 20)
    assert case.referral_received_on == dt.date(2026, 11, 27)
    assert CaseMembership.objects.filter(
        case=case, user=rep, capacity=CaseCapacity.AGENCY_REPRESENTATIVE
    ).exists()
    labels = list(Subject.objects.filter(case=case).order_by("kind", "order").values_list("label", flat=True))
    assert labels == ["Child A", "Child B", "Mother of Child A"]
    assert Milestone.objects.get(case=case, event="referral_received").occurred_on == dt.date(2026, 11, 27)
    # The business unit officer is emailed a reference and a link, nothing else.
    assert [m.to for m in mail.outbox] == [[world.people["business_unit_officer"].email]]
    body = str(mail.outbox[0].subject) + str(mail.outbox[0].body)
    assert case.reference in body and "Synthetic" not in body and "Child A" not in body
    assert reverse("referrals:case_referral", args=[case.pk]) in body
    # Confirmation: reference and the 5-working-day decision date (Fri 27 Nov + 5 = Fri 4 Dec 2026).
    page = client.get(response["Location"]).content.decode()
    assert "govuk-panel--confirmation" in page and case.reference in page
    assert "4 December 2026" in page
    # No names or free text in the audit trail.
    for data in AuditEvent.objects.values_list("data", flat=True):
        assert "Synthetic" not in str(data) and "Rep Example" not in str(data)
    # The draft pages now lead to the confirmation.
    assert client.get(reverse("referrals:task_list", args=[referral.pk])).status_code == 302


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"incident_date": "28/11/2026"}, "incident_date", "must be today or in the past"),
        ({"aware_date": "19/11/2026"}, "aware_date", "cannot be before the incident"),
        ({"what_happened": ""}, "what_happened", "Enter what happened"),
        ({"incident_date": "31/02/2026"}, "incident_date", "Date of the incident must be a real date"),
    ],
)
def test_incident_bad_input(world, as_user, data, field, message):
    client = as_user(world.people["agency_representative"])
    referral = _start(client)
    good = {"incident_date": "20/11/2026", "aware_date": "21/11/2026", "what_happened": "Typed text kept"}
    response = post_section(client, referral, "incident", good | data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'href="#id_{field}"' in page and "<title>Error:" in page
    if field != "what_happened":
        assert "Typed text kept" in page
    referral.refresh_from_db()
    assert referral.incident_date is None and "incident" not in referral.completed_sections


@time_machine.travel(NOW, tick=False)
def test_missing_answers_and_no_child_block_submission(world, as_user):
    client = as_user(world.people["agency_representative"])
    referral = _start(client)
    response = post_section(client, referral, "children", {})
    assert response.status_code == 400 and "Add at least one child" in response.content.decode()
    response = client.post(reverse("referrals:check", args=[referral.pk]), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Complete the section: Your details" in page and "Add at least one child" in page
    assert not Case.objects.exclude(pk=world.case.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_child_needs_a_name_and_an_age(world, as_user):
    client = as_user(world.people["agency_representative"])
    referral = _start(client)
    data = CHILD | {"first_names": "", "last_name": "", "age_years": "", "nhs_number": "1234567890"}
    response = client.post(reverse("referrals:person_add", args=[referral.pk, "child"]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter their first names or their last name" in page and "Enter the child&#x27;s age" in page
    assert "Enter a valid 10-digit NHS number" in page
    assert not Subject.objects.exists() and not SubjectIdentity.objects.exists()


@pytest.mark.parametrize(
    "persona", ["business_unit_officer", "business_manager", "delegate_local_authority", "agency_author"]
)
def test_a_draft_is_its_authors_alone(world, as_user, persona):
    referral = _start(as_user(world.people["agency_representative"]))
    client = as_user(world.people[persona])
    for name in ("referrals:task_list", "referrals:check"):
        assert client.get(reverse(name, args=[referral.pk])).status_code == 404
    assert client.get(reverse("referrals:section", args=[referral.pk, "incident"])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_business_unit_records_a_phone_referral_and_written_confirmation(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        reverse("referrals:record"),
        {
            "agency": world.agency.pk,
            "channel": "phone",
            "received_on": "27/11/2026",
            "received_time": "09:15",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    case = referral.case
    assert case is not None
    assert case.stage == Stage.REFERRAL and case.pseudonym == "Child A"
    milestone = Milestone.objects.get(case=case, event="referral_received")
    assert milestone.occurred_at == dt.datetime(2026, 11, 27, 9, 15, tzinfo=dt.UTC)
    page = client.get(response["Location"]).content.decode()
    assert "Referral recorded" in page and case.reference in page and "29 November 2026 at 09:15" in page
    # Written confirmation: not before the referral, then recorded.
    url = reverse("referrals:written_confirmation", args=[case.pk])
    bad = client.post(url, {"received_on": "26/11/2026", "received_time": "10:00"})
    assert bad.status_code == 400 and "before the referral itself" in bad.content.decode()
    assert client.post(url, {"received_on": "27/11/2026", "received_time": "11:00"}).status_code == 302
    referral.refresh_from_db()
    assert referral.written_confirmation_at is not None
    assert Milestone.objects.filter(case=case, event="written_confirmation_received").exists()
    # The business unit completes the referral on the case and submits it.
    fill_referral(client, referral, world.agency.pk)
    assert client.post(reverse("referrals:check", args=[referral.pk]), {}).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.SCREENING and case.incident_date == dt.date(2026, 11, 20)
    assert Subject.objects.get(case=case).label == "Child A"
    # docs/roles.md: the confirmation is for whoever started or submitted the referral and the business
    # unit; an agency representative who can see the case but whose referral it is not gets 403.
    rep = world.people["agency_representative"]
    CaseMembership.objects.create(
        case=case,
        user=rep,
        capacity=CaseCapacity.AGENCY_REPRESENTATIVE,
        added_by=world.people["business_manager"],
    )
    confirmation = reverse("referrals:confirmation", args=[case.pk])
    assert as_user(rep).get(confirmation).status_code == 403
    assert as_user(world.people["business_manager"]).get(confirmation).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_record_refuses_a_future_time(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        reverse("referrals:record"),
        {
            "agency": world.agency.pk,
            "channel": "email",
            "received_on": "27/11/2026",
            "received_time": "23:00",
        },
    )
    assert response.status_code == 400 and "must be in the past" in response.content.decode()
    assert not Referral.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_identity_shown_only_to_those_who_need_it_and_audited(world, as_user):
    client = as_user(world.people["agency_representative"])
    referral = _start(client)
    fill_referral(client, referral, world.agency.pk)
    client.post(reverse("referrals:check", args=[referral.pk]), {})
    referral.refresh_from_db()
    url = reverse("referrals:case_referral", args=[referral.case_id])
    for persona, sees in [
        ("delegate_local_authority", True),
        ("delegate_police", True),
        ("business_manager", True),
        ("independent_chair", False),
        ("delegate_icb", False),
        ("auditor", False),
    ]:
        before = AuditEvent.objects.count()
        page = as_user(world.people[persona]).get(url).content.decode()
        assert ("Synthetic Child0" in page) is sees, persona
        assert "Child A" in page
        identity_events = AuditEvent.objects.filter(sequence__gt=before, event_type=EventType.IDENTITY_VIEWED)
        assert identity_events.count() == (1 if sees else 0), persona
        if sees:
            assert identity_events.get().data["subject_ids"] == [Subject.objects.get(case=referral.case).pk]
