"""The independent reviewer end to end through the pages: appointment, declaration, decision, commission,
identity grant; what a pending, refused and accepted reviewer sees; the audit of every read and write."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.local_reviews import selectors as local_review_selectors
from safeguarding_reviews.local_reviews.services import local_review_open_statutory, terms_save
from safeguarding_reviews.local_reviews.tests.helpers import terms_values
from safeguarding_reviews.organisations.models import Invitation
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.services import invitation_accept_new_account
from safeguarding_reviews.practitioners.services import practitioner_add, practitioner_remove
from safeguarding_reviews.rapid_review.models import AgencyRequest
from safeguarding_reviews.reviewers import services
from safeguarding_reviews.reviewers.models import AppointmentState, Commission, ReviewerAppointment
from safeguarding_reviews.subjects.policies import may_see_identity
from safeguarding_reviews.subjects.services import subject_add
from tests.factories import AgencyFactory, UserFactory, grant
from tests.fixtures import sign_in

NO_CONFLICT = {
    "family": "no",
    "agencies": "no",
    "services": "no",
    "other": "no",
}


def _last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).order_by("-sequence").first()


@pytest.fixture
def review(world):
    """A second case of the partnership at the local review stage, with a child, and a reviewer to appoint."""
    case = case_services.case_create(
        actor=world.people["business_unit_officer"],
        partnership=world.partnership,
        pseudonym="Child R",
        summary="Synthetic.",
    )
    Case.objects.filter(pk=case.pk).update(stage=Stage.LCSPR)
    case.refresh_from_db()
    local_review_open_statutory(actor=world.people["business_manager"], case=case, initiated_on=clock.today())
    subject_add(
        actor=world.people["business_unit_officer"],
        case=case,
        kind="child",
        details={"sex": "female", "age_years": 3},
        identity={"first_names": "Synthetic", "last_name": "Childname"},
    )
    reviewer = UserFactory.create(full_name="Synthetic Reviewer", email="new.reviewer@test.example")
    grant(reviewer, world.partnership, Role.INDEPENDENT_REVIEWER)
    world.review = case
    world.reviewer = reviewer
    return world


def _appoint(world, client, user=None):
    sign_in(client, world.people["business_manager"])
    response = client.post(
        reverse("reviewers:appoint", args=[world.review.pk]), {"user": (user or world.reviewer).pk}
    )
    assert response.status_code == 302, response.content
    return ReviewerAppointment.objects.filter(case=world.review).order_by("-pk").first()


def _declare(world, client, appointment, **answers):
    sign_in(client, appointment.user)
    data = NO_CONFLICT | {"version": appointment.version} | answers
    return client.post(reverse("reviewers:declaration", args=[world.review.pk]), data)


def _decide(world, client, appointment, decision, reason=""):
    sign_in(client, world.people["business_manager"])
    return client.post(
        reverse("reviewers:decide", args=[world.review.pk, appointment.pk]),
        {"decision": decision, "reason": reason},
    )


def test_a_pending_reviewer_sees_only_their_declaration(review, client):
    appointment = _appoint(review, client)
    assert appointment.state == AppointmentState.AWAITING_DECLARATION
    assert _last(EventType.REVIEWER_APPOINTED).case_id == review.review.pk
    sign_in(client, review.reviewer)
    assert client.get(reverse("cases:detail", args=[review.review.pk])).status_code == 404
    assert client.get(reverse("subjects:case_subjects", args=[review.review.pk])).status_code == 404
    assert client.get(reverse("reviewers:committee", args=[review.review.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[review.case.pk])).status_code == 404
    home = client.get(reverse("home"))
    assert "complete your independence and conflicts declaration" in home.content.decode()
    page = client.get(reverse("reviewers:declaration", args=[review.review.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Synthetic Childname" in text
    assert "No practitioners are recorded on this case yet." in text
    identity = _last(EventType.IDENTITY_VIEWED)
    assert identity.actor_id == review.reviewer.pk and identity.data["page"] == "reviewer_declaration"
    assert "practitioner_ids" not in identity.data
    # Another reviewer's declaration page of a case they are not appointed to: 404.
    assert client.get(reverse("reviewers:declaration", args=[review.case.pk])).status_code == 404


def test_declaration_shows_practitioners_names_in_one_identity_read(review, client):
    """The practitioners on the register, with name, role and agency; a removed one is not shown; the family's
    and the practitioners' names are recorded as one identity read (ids only)."""
    officer = review.people["business_unit_officer"]
    kept = practitioner_add(
        actor=officer,
        case=review.review,
        agency_id=review.agency.pk,
        role="Health visitor",
        team="East locality",
        first_names="Synthetic",
        last_name="Practitionername",
    )
    gone = practitioner_add(
        actor=officer,
        case=review.review,
        agency_id=review.agency.pk,
        role="Midwife",
        first_names="Synthetic",
        last_name="Gone",
    )
    practitioner_remove(
        actor=officer, case=review.review, practitioner=gone, expected_version=gone.version, reason="In error"
    )
    _appoint(review, client)
    sign_in(client, review.reviewer)
    before = AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).count()
    text = client.get(reverse("reviewers:declaration", args=[review.review.pk])).content.decode()
    assert "Synthetic Practitionername, Health visitor (East locality), Alphashire Test Hospital" in text
    assert "Synthetic Gone" not in text
    assert "No practitioners are recorded" not in text
    assert AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).count() == before + 1
    identity = _last(EventType.IDENTITY_VIEWED)
    assert identity.data["practitioner_ids"] == [kept.pk]
    assert len(identity.data["subject_ids"]) == 1
    assert "Synthetic" not in str(identity.data)


def test_declaration_needs_details_when_yes(review, client):
    appointment = _appoint(review, client)
    response = _declare(review, client, appointment, family="yes", agencies="", family_details="")
    assert response.status_code == 400
    form = response.context["form"]
    assert "family_details" in form.errors and "agencies" in form.errors
    assert "Give details" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.AWAITING_DECLARATION


def test_a_conflict_refused_then_a_second_reviewer_accepted(review, client):
    first = _appoint(review, client)
    assert _declare(review, client, first, family="yes", family_details="Taught the child").status_code == 302
    first.refresh_from_db()
    assert first.state == AppointmentState.DECLARED and first.declares_conflict
    assert _last(EventType.REVIEWER_DECLARED).data == {"conflict_declared": True}
    # The manager decides; a refusal needs a reason.
    no_reason = _decide(review, client, first, "refuse")
    assert no_reason.status_code == 400 and "reason" in no_reason.context["form"].errors
    assert _decide(review, client, first, "refuse", "Knows the family").status_code == 302
    first.refresh_from_db()
    assert first.state == AppointmentState.REFUSED and first.refusal_reason == "Knows the family"
    # A refused reviewer sees nothing more.
    sign_in(client, review.reviewer)
    assert client.get(reverse("reviewers:declaration", args=[review.review.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[review.review.pk])).status_code == 404
    assert "independence" not in client.get(reverse("home")).content.decode()
    # A second reviewer can now be appointed, and accepted.
    second_person = UserFactory.create(full_name="Synthetic Second", email="second@test.example")
    grant(second_person, review.partnership, Role.INDEPENDENT_REVIEWER)
    second = _appoint(review, client, second_person)
    assert _declare(review, client, second).status_code == 302
    assert _decide(review, client, second, "accept").status_code == 302
    second.refresh_from_db()
    assert second.state == AppointmentState.ACCEPTED
    assert CaseMembership.objects.filter(
        case=review.review, user=second_person, capacity=CaseCapacity.INDEPENDENT_REVIEWER, ended_at=None
    ).exists()
    assert _last(EventType.REVIEWER_ACCEPTED).data["user_id"] == second_person.pk
    sign_in(client, second_person)
    assert client.get(reverse("cases:detail", args=[review.review.pk])).status_code == 200
    # A reviewer of one case gets 404 on every other case.
    assert client.get(reverse("cases:detail", args=[review.case.pk])).status_code == 404
    # They work from pseudonyms until the business manager grants identity details.
    subjects_page = client.get(reverse("subjects:case_subjects", args=[review.review.pk])).content.decode()
    assert "Synthetic Childname" not in subjects_page and "Child" in subjects_page


def test_a_second_appointment_is_refused_while_one_stands(review, client):
    _appoint(review, client)
    other = UserFactory.create(email="other.rev@test.example")
    grant(other, review.partnership, Role.INDEPENDENT_REVIEWER)
    response = client.post(reverse("reviewers:appoint", args=[review.review.pk]), {"user": other.pk})
    assert response.status_code == 400
    assert "already has a reviewer" in response.content.decode()


def test_appointment_needs_a_local_review_and_the_business_manager(review, client):
    sign_in(client, review.people["business_manager"])
    response = client.post(reverse("reviewers:appoint", args=[review.case.pk]), {"user": review.reviewer.pk})
    assert response.status_code == 400
    assert "once the case has a local review" in response.content.decode()
    # At the LCSPR stage without its review, still refused: the review, not the stage, is what counts.
    Case.objects.filter(pk=review.case.pk).update(stage=Stage.LCSPR)
    response = client.post(reverse("reviewers:appoint", args=[review.case.pk]), {"user": review.reviewer.pk})
    assert response.status_code == 400
    sign_in(client, review.people["business_unit_officer"])
    assert client.post(reverse("reviewers:appoint", args=[review.review.pk]), {}).status_code == 403
    assert client.get(reverse("reviewers:case_reviewer", args=[review.review.pk])).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "user"),
        ({"user": "999999"}, "user"),
        ({"user": "abc"}, "user"),
        ({"new_name": "Synthetic Invitee"}, "new_email"),
        ({"new_name": "Synthetic Invitee", "new_email": "not-an-email"}, "new_email"),
        ({"new_email": "invitee@test.example"}, "new_name"),
    ],
)
def test_appoint_form_errors(review, client, data, field):
    sign_in(client, review.people["business_manager"])
    response = client.post(reverse("reviewers:appoint", args=[review.review.pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_an_invited_reviewer_joins_when_they_accept(review, client):
    sign_in(client, review.people["business_manager"])
    response = client.post(
        reverse("reviewers:appoint", args=[review.review.pk]),
        {"new_name": "Synthetic Invitee", "new_email": "invitee.reviewer@test.example"},
    )
    assert response.status_code == 302
    appointment = ReviewerAppointment.objects.get(case=review.review)
    assert appointment.state == AppointmentState.INVITED and appointment.user is None
    invitation = Invitation.objects.get(email="invitee.reviewer@test.example")
    assert invitation.roles == [Role.INDEPENDENT_REVIEWER]
    user = invitation_accept_new_account(
        invitation=invitation, full_name="Synthetic Invitee", password="a long synthetic passphrase 42"
    )
    appointment.refresh_from_db()
    assert appointment.user == user and appointment.state == AppointmentState.AWAITING_DECLARATION
    assert not CaseMembership.objects.filter(case=review.review, user=user).exists()


def test_people_on_this_case_is_not_a_back_door(review, client):
    sign_in(client, review.people["business_manager"])
    response = client.post(
        reverse("cases:members", args=[review.review.pk]),
        {"user": review.reviewer.pk, "capacity": CaseCapacity.INDEPENDENT_REVIEWER},
    )
    assert response.status_code == 400
    assert not CaseMembership.objects.filter(case=review.review, user=review.reviewer).exists()


def _accepted(review, client):
    appointment = _appoint(review, client)
    _declare(review, client, appointment)
    _decide(review, client, appointment, "accept")
    appointment.refresh_from_db()
    return appointment


def test_identity_details_only_by_grant_and_revocable(review, client):
    _accepted(review, client)
    assert not may_see_identity(review.reviewer, review.review)
    sign_in(client, review.people["business_manager"])
    url = reverse("reviewers:identity_grant", args=[review.review.pk])
    empty = client.post(url, {"reason": " "})
    assert empty.status_code == 400 and "reason" in empty.context["form"].errors
    assert client.post(url, {"reason": "Needs to meet the family"}).status_code == 302
    assert _last(EventType.IDENTITY_GRANTED).data == {"user_id": review.reviewer.pk}
    assert may_see_identity(review.reviewer, review.review)
    sign_in(client, review.reviewer)
    page = client.get(reverse("subjects:case_subjects", args=[review.review.pk])).content.decode()
    assert "Synthetic Childname" in page
    sign_in(client, review.people["business_manager"])
    revoke = client.post(reverse("reviewers:identity_revoke", args=[review.review.pk]), {"reason": "Done"})
    assert revoke.status_code == 302
    assert _last(EventType.IDENTITY_GRANT_REVOKED) is not None
    assert not may_see_identity(review.reviewer, review.review)


def test_nobody_who_saw_identity_before_loses_it(review):
    for persona in (
        "business_unit_officer",
        "business_manager",
        "delegate_local_authority",
        "delegate_police",
    ):
        assert may_see_identity(review.people[persona], review.review)
    for persona in ("delegate_icb", "independent_chair", "review_committee_member", "auditor"):
        assert not may_see_identity(review.people[persona], review.review)


def test_commission_dates_deliverables_and_conflicts(review, client):
    sign_in(client, review.people["business_manager"])
    url = reverse("reviewers:commission", args=[review.review.pk])
    data = {"start_date": "1/2/2026", "end_date": "1/8/2026", "deliverables": "Draft and final report"}
    before_accept = client.post(url, data)
    assert before_accept.status_code == 400
    assert "once a reviewer is accepted" in before_accept.content.decode()
    _accepted(review, client)
    sign_in(client, review.people["business_manager"])
    backwards = client.post(url, data | {"end_date": "1/1/2026"})
    assert backwards.status_code == 400 and "end_date" in backwards.context["form"].errors
    assert client.post(url, data | {"start_date": "not a date"}).status_code == 400
    assert client.post(url, data).status_code == 302
    commission = Commission.objects.get(case=review.review)
    assert commission.version == 1 and commission.deliverables == "Draft and final report"
    assert client.post(url, data | {"deliverables": "Changed", "version": "1"}).status_code == 302
    stale = client.post(url, data | {"deliverables": "Mine", "version": "1"})
    assert stale.status_code == 409
    assert "Mine" in stale.content.decode()
    commission.refresh_from_db()
    assert commission.deliverables == "Changed"
    assert _last(EventType.REVIEWER_COMMISSION_RECORDED).data == {"version": 2}


def test_every_get_is_a_read_of_the_case(review, client):
    appointment = _accepted(review, client)
    sign_in(client, review.people["business_manager"])
    for name, args in [
        ("reviewers:case_reviewer", [review.review.pk]),
        ("reviewers:appoint", [review.review.pk]),
        ("reviewers:decide", [review.review.pk, appointment.pk]),
        ("reviewers:commission", [review.review.pk]),
        ("reviewers:identity_grant", [review.review.pk]),
        ("reviewers:committee", [review.review.pk]),
    ]:
        before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
        assert client.get(reverse(name, args=args)).status_code == 200
        events = list(AuditEvent.objects.filter(sequence__gt=before).values_list("event_type", "case_id"))
        assert events == [(EventType.CASE_VIEWED, review.review.pk)], name


def test_decide_service_refuses_other_roles(review, client):
    appointment = _appoint(review, client)
    with pytest.raises(
        PermissionDenied, match="Only the business manager appoints and decides on the reviewer"
    ):
        services.declaration_decide(
            actor=review.people["business_unit_officer"],
            case=review.review,
            appointment=appointment,
            accept=True,
        )


def _queries(client, url):
    client.get(url)  # warm: the session and the roles cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _refused_reviewers(review, client, start, count):
    for i in range(start, start + count):
        person = UserFactory.create(email=f"refused{i}@test.example")
        grant(person, review.partnership, Role.INDEPENDENT_REVIEWER)
        appointment = _appoint(review, client, person)
        _declare(review, client, appointment, other="yes", other_details="Synthetic")
        _decide(review, client, appointment, "refuse", "Synthetic reason")


def test_reviewer_page_query_count_is_fixed(review, client):
    """The reviewer page runs the same queries with 1 and with 5 appointments."""
    url = reverse("reviewers:case_reviewer", args=[review.review.pk])
    _refused_reviewers(review, client, 0, 1)
    sign_in(client, review.people["business_manager"])
    small = _queries(client, url)
    _refused_reviewers(review, client, 1, 4)
    sign_in(client, review.people["business_manager"])
    assert _queries(client, url) == small


def test_declaration_agencies_come_from_the_current_terms_of_reference(review, client):
    """Agencies asked for a return stand in until the terms of reference name the agencies in scope; then
    the current version's agencies are shown (test data made with the ORM for the request)."""
    asked = AgencyFactory.create(partnership=review.partnership, name="Synthetic Asked Agency")
    AgencyRequest.objects.create(
        case=review.review,
        agency=asked,
        due_on=clock.today(),
        sent_at=clock.now(),
        sent_by=review.people["business_unit_officer"],
    )
    appointment = _appoint(review, client)
    sign_in(client, appointment.user)
    url = reverse("reviewers:declaration", args=[review.review.pk])
    text = client.get(url).content.decode()
    assert "Synthetic Asked Agency" in text and review.agency.name not in text
    local_review = local_review_selectors.review_for_case(review.review)
    assert local_review is not None
    terms_save(
        actor=review.people["business_unit_officer"],
        review=local_review,
        expected_version=0,
        **terms_values(review, agency_ids=[review.agency.pk]),
    )
    text = client.get(url).content.decode()
    assert review.agency.name in text and "Synthetic Asked Agency" not in text


def test_the_local_review_task_list_shows_the_reviewer_state(review, client):
    task_list = reverse("local_reviews:task_list", args=[review.review.pk])
    reviewer_page = reverse("reviewers:case_reviewer", args=[review.review.pk])

    def row():
        sign_in(client, review.people["business_manager"])
        return client.get(task_list).content.decode()

    assert "No reviewer appointed yet" in row()
    first = _appoint(review, client)
    assert "Synthetic Reviewer appointed: waiting for their independence declaration" in row()
    _declare(review, client, first, family="yes", family_details="Synthetic: knows the family")
    assert "Synthetic Reviewer has declared: waiting for the business manager&#x27;s decision" in row()
    _decide(review, client, first, "refuse", "Knows the family")
    assert "Synthetic Reviewer was refused: appoint another reviewer" in row()
    other = UserFactory.create(full_name="Synthetic Second", email="second.rev@test.example")
    grant(other, review.partnership, Role.INDEPENDENT_REVIEWER)
    second = _appoint(review, client, other)
    _declare(review, client, second)
    _decide(review, client, second, "accept")
    text = row()
    assert "Accepted: Synthetic Second" in text and f'href="{reviewer_page}"' in text
    # A reader who may not see the reviewer page gets the row without the link.
    sign_in(client, review.people["delegate_icb"])
    response = client.get(task_list)
    if response.status_code == 200:
        assert f'href="{reviewer_page}"' not in response.content.decode()
