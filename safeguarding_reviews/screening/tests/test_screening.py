"""Screening: the awareness date, the checklist, the decision and the Chair's scrutiny."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert, AlertKind
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Milestone, MilestoneEvent
from safeguarding_reviews.core.dates import format_date
from safeguarding_reviews.screening.criteria import Answer, LearningRoute, Outcome, assess, inconsistency
from safeguarding_reviews.screening.models import Screening, ScrutinyComment

from .steps import ALL_YES, days_ago, prepare, record_awareness, to_notification


def _url(name, case):
    return reverse(f"screening:{name}", kwargs={"case_id": case.pk})


def _date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _checklist_post(version=1, **overrides):
    data = {name: value for name, value in ALL_YES.items()} | {"version": str(version)}
    data.update(overrides)
    return data


# --- pure rules -------------------------------------------------------------------------------------


def test_criteria_met_only_when_every_s16c_answer_is_yes():
    assert assess(ALL_YES).notifiable
    assert not assess(ALL_YES | {"in_area": Answer.NOT_KNOWN}).notifiable
    care_leaver: dict[str, str] = {name: Answer.NO for name in ALL_YES}
    care_leaver["care_leaver_death"] = Answer.YES
    assert assess(care_leaver).notifiable  # notified whether or not abuse or neglect is suspected
    assert inconsistency(Outcome.NOTIFY, assess({})) is not None
    assert inconsistency(Outcome.OTHER_LEARNING_ROUTE, assess(ALL_YES)) is not None
    assert inconsistency(Outcome.NOTIFY, assess(ALL_YES)) is None


# --- the date the local authority became aware ------------------------------------------------------


def test_awareness_defaults_to_referral_date_and_starts_the_clock(world, as_user):
    case = world.case
    case_services.case_update(
        actor=world.people["business_unit_officer"],
        case=case,
        expected_version=case.version,
        changes={"incident_date": days_ago(6), "referral_received_on": days_ago(4)},
    )
    client = as_user(world.people["business_unit_officer"])
    page = client.get(_url("awareness", case))
    assert page.status_code == 200
    assert f'value="{format_date(days_ago(4))}"' in page.content.decode()  # as the hint shows dates
    response = client.post(
        _url("awareness", case), {"la_became_aware_on": _date(days_ago(3)), "version": "1"}
    )
    assert response.status_code == 302
    screening = Screening.objects.get(case=case)
    assert screening.la_became_aware_on == days_ago(3)
    assert Milestone.objects.get(case=case, event=MilestoneEvent.LA_BECAME_AWARE).occurred_on == days_ago(3)
    case.refresh_from_db()
    assert case.stage == Stage.SCREENING


def test_awareness_before_the_incident_is_a_field_error_and_saves_nothing(world, as_user):
    case = world.case
    case_services.case_update(
        actor=world.people["business_unit_officer"],
        case=case,
        expected_version=case.version,
        changes={"incident_date": days_ago(5)},
    )
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        _url("awareness", case), {"la_became_aware_on": _date(days_ago(8)), "version": "1"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot become aware before the date of the incident" in body
    assert "<title>Error: " in body
    assert _date(days_ago(8)) in body  # input kept
    assert not Screening.objects.filter(case=case).exists()
    assert not Milestone.objects.filter(case=case).exists()


def test_awareness_stale_version_is_a_conflict(world, as_user):
    record_awareness(world, world.case, on=days_ago(3))
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        _url("awareness", world.case), {"la_became_aware_on": _date(days_ago(2)), "version": "1"}
    )
    assert response.status_code == 409
    assert "What the other person changed" in response.content.decode()
    assert Screening.objects.get(case=world.case).la_became_aware_on == days_ago(3)


# --- the checklist ----------------------------------------------------------------------------------


def test_checklist_saves_and_lived_elsewhere_needs_the_other_area(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(_url("checklist", world.case), _checklist_post(lived_elsewhere="on"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the local authority where the child lived" in body
    assert not Screening.objects.filter(case=world.case).exists()
    response = client.post(
        _url("checklist", world.case),
        _checklist_post(
            lived_elsewhere="on",
            other_local_authority="Betashire Council",
            other_partnership=str(world.other_partnership.pk),
        ),
    )
    assert response.status_code == 302
    screening = Screening.objects.get(case=world.case)
    assert screening.abuse_or_neglect == Answer.YES
    assert screening.other_partnership_id == world.other_partnership.pk
    event = AuditEvent.objects.filter(event_type=EventType.SCREENING_PREPARED).get()
    assert "Betashire" not in str(event.data)  # codes and ids only


def test_checklist_free_text_partnership(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        _url("checklist", world.case),
        _checklist_post(
            lived_elsewhere="on", other_local_authority="Far Council", other_partnership_name="Far SCP"
        ),
    )
    assert response.status_code == 302
    assert Screening.objects.get(case=world.case).other_partnership_name == "Far SCP"


def test_checklist_questions_are_fieldsets_with_their_reason_inside(world, as_user):
    """Each question is a fieldset whose legend is the question; its reason sits inside the same fieldset,
    labelled with the question's letter, and a new checklist has no answer chosen."""
    import re

    client = as_user(world.people["business_unit_officer"])
    body = client.get(_url("checklist", world.case)).content.decode()
    fieldsets = re.findall(r'<fieldset class="govuk-fieldset".*?</fieldset>', body, re.S)
    assert len(fieldsets) == 5
    for letter, fieldset in zip("abcde", fieldsets, strict=True):
        assert f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">({letter}) ' in fieldset
        assert f"Reason for your answer to ({letter})" in fieldset
        assert "<textarea" in fieldset and "data-reveal-when-answered" in fieldset
    assert "Is abuse or neglect known or suspected?</legend>" in fieldsets[0]
    assert "checked" not in "".join(fieldsets)  # nothing pre-selected: no answer is not an answer
    assert "Not answered" not in "".join(fieldsets)
    assert "govuk-radios__conditional--hidden" not in body  # without JavaScript every reason shows


def test_checklist_stored_blank_answers_show_as_no_selection(world, as_user):
    prepare(world, world.case, {**ALL_YES, "in_area": ""})
    client = as_user(world.people["business_unit_officer"])
    body = client.get(_url("checklist", world.case)).content.decode()
    assert body.count(" checked") == 4  # (c) was saved unanswered: it shows no radio chosen


def test_checklist_errors_name_the_question_and_keep_the_reasons(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    data = _checklist_post() | {"in_area": "", "in_area_note": "Synthetic: address not confirmed"}
    data["care_leaver_death"] = "maybe"
    response = client.post(_url("checklist", world.case), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select an answer to (c) Did it happen in the local authority&#x27;s area" in body
    assert "Select an answer to (e) Is this the death of a care leaver" in body
    assert 'href="#id_in_area_0"' in body  # the summary links to the question's first radio
    assert "Synthetic: address not confirmed</textarea>" in body
    assert not Screening.objects.filter(case=world.case).exists()


def test_checklist_reason_is_saved_and_shown_with_its_answer(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    data = _checklist_post() | {"abuse_or_neglect_note": "Synthetic: injuries unexplained"}
    assert client.post(_url("checklist", world.case), data).status_code == 302
    assert Screening.objects.get(case=world.case).abuse_or_neglect_note == "Synthetic: injuries unexplained"
    detail = client.get(reverse("screening:detail", args=[world.case.pk])).content.decode()
    assert "(a) Is abuse or neglect known or suspected?" in detail
    assert "Reason: Synthetic: injuries unexplained" in detail


def test_checklist_stale_save_keeps_the_version_check(world, as_user):
    prepare(world, world.case)
    client = as_user(world.people["business_unit_officer"])
    response = client.post(_url("checklist", world.case), _checklist_post(version=1) | {"in_area": "no"})
    assert response.status_code == 409
    assert Screening.objects.get(case=world.case).in_area == Answer.YES


# --- the decision -----------------------------------------------------------------------------------


def _decision_post(**overrides):
    data = {
        "outcome": Outcome.NOTIFY,
        "rationale": "Synthetic: the criteria are met.",
        "decided_on": _date(days_ago(1)),
        "version": "3",
    }
    data.update(overrides)
    return data


@pytest.fixture
def prepared(world):
    record_awareness(world, world.case, on=days_ago(3))
    prepare(world, world.case)
    return world


def test_only_the_local_authority_delegate_decides(prepared, as_user):
    for persona in ("business_unit_officer", "business_manager", "delegate_icb", "independent_chair"):
        client = as_user(prepared.people[persona])
        assert client.post(_url("decide", prepared.case), _decision_post()).status_code == 403
    assert not Screening.objects.get(case=prepared.case).outcome


def test_a_decision_with_no_rationale_is_a_field_error_and_saves_nothing(prepared, as_user):
    client = as_user(prepared.people["delegate_local_authority"])
    response = client.post(_url("decide", prepared.case), _decision_post(rationale="   "))
    assert response.status_code == 400
    assert "Enter the rationale for the decision" in response.content.decode()
    screening = Screening.objects.get(case=prepared.case)
    assert not screening.outcome
    prepared.case.refresh_from_db()
    assert prepared.case.stage == Stage.SCREENING
    assert not Alert.objects.exists()


def test_notify_moves_the_case_on_and_tells_the_chair(prepared, as_user, django_capture_on_commit_callbacks):
    client = as_user(prepared.people["delegate_local_authority"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("decide", prepared.case), _decision_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:detail", kwargs={"case_id": prepared.case.pk})
    prepared.case.refresh_from_db()
    assert prepared.case.stage == Stage.NOTIFICATION
    screening = Screening.objects.get(case=prepared.case)
    assert (
        screening.outcome == Outcome.NOTIFY
        and screening.decided_by == prepared.people["delegate_local_authority"]
    )
    assert Milestone.objects.filter(case=prepared.case, event=MilestoneEvent.DECISION_RECORDED).exists()
    chair = prepared.people["independent_chair"]
    alert = Alert.objects.get(user=chair)
    assert alert.kind == AlertKind.SCREENING_DECISION and alert.case_id == prepared.case.pk
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [chair.email]
    assert prepared.case.reference in message.subject
    assert "Child Q" not in str(message.subject) + str(message.body)  # never the pseudonym or any detail
    assert "Synthetic" not in message.body
    assert _url("detail", prepared.case) in message.body
    decided = AuditEvent.objects.get(event_type=EventType.SCREENING_DECIDED)
    assert decided.data["outcome"] == "notify"
    assert "rationale" not in decided.data


def test_notify_against_the_checklist_needs_confirmation(world, as_user):
    record_awareness(world, world.case, on=days_ago(3))
    prepare(world, world.case, answers=ALL_YES | {"abuse_or_neglect": Answer.NOT_KNOWN})
    client = as_user(world.people["delegate_local_authority"])
    response = client.post(_url("decide", world.case), _decision_post())
    assert response.status_code == 400
    assert "Confirm that you still decide to notify the Panel" in response.content.decode()
    assert not Screening.objects.get(case=world.case).outcome
    response = client.post(_url("decide", world.case), _decision_post(confirm_inconsistent="on"))
    assert response.status_code == 302
    screening = Screening.objects.get(case=world.case)
    assert screening.outcome == Outcome.NOTIFY and screening.inconsistency_confirmed


def test_does_not_meet_closes_the_case_with_the_learning_route(world, as_user):
    record_awareness(world, world.case, on=days_ago(3))
    prepare(world, world.case, answers={name: Answer.NO for name in ALL_YES})
    client = as_user(world.people["delegate_local_authority"])
    response = client.post(_url("decide", world.case), _decision_post(outcome=Outcome.OTHER_LEARNING_ROUTE))
    assert response.status_code == 400
    assert "Select the other learning route" in response.content.decode()
    response = client.post(
        _url("decide", world.case),
        _decision_post(
            outcome=Outcome.OTHER_LEARNING_ROUTE, learning_route=LearningRoute.LOCAL_LEARNING_REVIEW
        ),
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.stage == Stage.CLOSED
    assert Screening.objects.get(case=world.case).learning_route == LearningRoute.LOCAL_LEARNING_REVIEW


def test_decision_needs_the_awareness_date_and_not_before_it(world, as_user):
    prepare(world, world.case)
    client = as_user(world.people["delegate_local_authority"])
    response = client.post(_url("decide", world.case), _decision_post(version="2"))
    assert response.status_code == 400
    assert "Record the date the local authority became aware" in response.content.decode()
    record_awareness(world, world.case, on=days_ago(3))
    response = client.post(_url("decide", world.case), _decision_post(decided_on=_date(days_ago(5))))
    assert response.status_code == 400
    assert "cannot be before the local authority became aware" in response.content.decode()


def test_detail_page_shows_the_decision_to_viewers_and_not_to_agency_people(world, as_user):
    to_notification(world, world.case)
    for persona in ("business_unit_officer", "delegate_police", "independent_chair", "auditor"):
        page = as_user(world.people[persona]).get(_url("detail", world.case))
        assert page.status_code == 200
        assert "Notify the Panel" in page.content.decode()
    for persona in ("agency_representative", "review_committee_member", "independent_reviewer"):
        assert as_user(world.people[persona]).get(_url("detail", world.case)).status_code == 403
    assert as_user(world.people["other_partnership"]).get(_url("detail", world.case)).status_code == 404


# --- scrutiny ---------------------------------------------------------------------------------------


def test_chair_comments_and_business_unit_answers(world, as_user):
    to_notification(world, world.case)
    chair, officer = world.people["independent_chair"], world.people["business_unit_officer"]
    Alert.objects.all().delete()
    client = as_user(chair)
    assert client.post(_url("scrutiny", world.case), {"body": ""}).status_code == 400
    assert client.post(_url("scrutiny", world.case), {"body": "Why not a local review?"}).status_code == 302
    comment = ScrutinyComment.objects.get()
    assert comment.from_chair
    assert Alert.objects.get(user=officer).kind == AlertKind.SCRUTINY_COMMENT  # officer is the case lead
    client = as_user(officer)
    page = client.get(_url("scrutiny", world.case))
    assert "Why not a local review?" in page.content.decode()
    response = client.post(_url("scrutiny", world.case), {"body": "Because ...", "reply_to": str(comment.pk)})
    assert response.status_code == 302
    reply = ScrutinyComment.objects.exclude(pk=comment.pk).get()
    assert not reply.from_chair and reply.reply_to_id == comment.pk
    assert Alert.objects.get(user=chair).kind == AlertKind.SCRUTINY_REPLY
    # The LA delegate reads the thread but does not write in it.
    client = as_user(world.people["delegate_local_authority"])
    assert client.get(_url("scrutiny", world.case)).status_code == 200
    assert client.post(_url("scrutiny", world.case), {"body": "x"}).status_code == 403


def test_chair_who_cannot_see_a_restricted_case_is_not_alerted(prepared, as_user):
    case_services.case_update(
        actor=prepared.people["business_manager"],
        case=prepared.case,
        expected_version=prepared.case.version,
        changes={"is_restricted": True},
    )
    case_services.case_member_add(
        actor=prepared.people["business_manager"],
        case=prepared.case,
        user=prepared.people["delegate_local_authority"],
        capacity="partner_delegate",
    )
    client = as_user(prepared.people["delegate_local_authority"])
    assert client.post(_url("decide", prepared.case), _decision_post()).status_code == 302
    assert not Alert.objects.filter(user=prepared.people["independent_chair"]).exists()
