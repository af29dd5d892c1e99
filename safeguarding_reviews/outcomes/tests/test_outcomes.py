"""The rapid review outcome: services (policy, stage, validation, versions, the outcome_changed signal,
audit), evidence and restricted entries, pages with bad input, and fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology.services import chronology_entry_add
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.outcomes import services
from safeguarding_reviews.outcomes.completeness import outcome_gaps
from safeguarding_reviews.outcomes.models import OutcomeEvidence, PracticeTheme, RapidReviewOutcome
from safeguarding_reviews.outcomes.selectors import outcome_facts, outcome_for_case, visible_evidence
from safeguarding_reviews.outcomes.signals import outcome_changed
from tests.factories import AgencyFactory
from tests.fixtures import sign_in
from tests.outcome_data import (
    a_theme,
    assessment_answers,
    complete_outcome,
    decision_answers,
    to_rapid_review,
)

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def rr_world(world):
    to_rapid_review(world)
    return world


def _current_outcome(case) -> RapidReviewOutcome:
    outcome = outcome_for_case(case)
    assert outcome is not None, "the case has no rapid review outcome yet"
    return outcome


def _start(world, persona="business_unit_officer"):
    outcome = services.outcome_start(actor=world.people[persona], case=world.case)
    outcome.case = world.case
    return outcome


def _entry(world, *, restricted=(), key=True, text="Synthetic: seen at clinic."):
    return chronology_entry_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        agency=world.agency,
        date=dt.date(2026, 1, 5),
        event_type="contact",
        what_happened=text,
        is_key_episode=key,
        restricted_to_roles=restricted,
    )


def test_start_is_for_the_business_unit_and_the_la_delegate_at_the_rapid_review(world):
    with pytest.raises(ValidationError, match="The outcome can be changed only while the case is at the"):
        _start(world)  # still at the referral stage
    to_rapid_review(world)
    for persona in ("delegate_icb", "delegate_police", "independent_chair", "auditor"):
        with pytest.raises(PermissionDenied, match="Only the business unit writes the outcome"):
            _start(world, persona)
    outcome = _start(world, "delegate_local_authority")
    assert outcome.drafted_by == world.people["delegate_local_authority"]
    assert AuditEvent.objects.filter(event_type=EventType.OUTCOME_STARTED, case=world.case).count() == 1
    with pytest.raises(ValidationError, match="The outcome has already been started"):
        _start(world)  # one outcome per case


def test_every_edit_raises_the_version_sends_the_signal_and_audits_field_names_only(rr_world):
    outcome = _start(rr_world)
    seen = []

    def listener(sender, actor, outcome, previous_version, **kwargs):
        seen.append((outcome.version, previous_version))

    outcome_changed.connect(listener)
    try:
        outcome = services.outcome_update(
            actor=rr_world.people["business_unit_officer"],
            outcome=outcome,
            section="facts",
            expected_version=outcome.version,
            changes={"facts_summary": "Synthetic secret words"},
        )
        theme = a_theme()
        outcome = services.learning_point_add(
            actor=rr_world.people["delegate_local_authority"],
            outcome=outcome,
            expected_version=outcome.version,
            text="Synthetic learning",
            theme_ids=[theme.pk],
        )
    finally:
        outcome_changed.disconnect(listener)
    assert seen == [(2, 1), (3, 2)]
    event = AuditEvent.objects.get(event_type=EventType.OUTCOME_UPDATED)
    assert event.data == {
        "outcome_id": outcome.pk,
        "version": 2,
        "section": "facts",
        "fields": ["facts_summary"],
    }
    assert "secret" not in str(AuditEvent.objects.filter(case=rr_world.case).values_list("data", flat=True))
    assert set(outcome.contributors.all()) == {
        rr_world.people["business_unit_officer"],
        rr_world.people["delegate_local_authority"],
    }


def test_a_stale_edit_is_refused_and_changes_nothing(rr_world):
    outcome = _start(rr_world)
    actor = rr_world.people["business_unit_officer"]
    services.outcome_update(
        actor=actor, outcome=outcome, section="facts", expected_version=1, changes={"facts_summary": "First"}
    )
    with pytest.raises(StaleVersionError, match="stale version"):
        services.outcome_update(
            actor=actor,
            outcome=outcome,
            section="facts",
            expected_version=1,
            changes={"facts_summary": "Second"},
        )
    with pytest.raises(StaleVersionError, match="stale version"):
        services.immediate_action_add(
            actor=actor,
            outcome=outcome,
            expected_version=1,
            description="x",
            owner_agency=rr_world.agency,
            due_on=dt.date(2026, 4, 1),
        )
    outcome.refresh_from_db()
    assert outcome.facts_summary == "First"
    assert outcome.immediate_actions.count() == 0


@pytest.mark.parametrize(
    ("section", "changes", "field"),
    [
        ("assessment", {**assessment_answers(), "reg11_a_reason": ""}, "reg11_a_reason"),
        (
            "assessment",
            {**assessment_answers(), "single_agency": "", "single_agency_reason": "x"},
            "single_agency",
        ),
        ("assessment", {**assessment_answers(), "reg11_b": "maybe"}, "reg11_b"),
        ("decision", {**decision_answers(), "rationale": "  "}, "rationale"),
        ("decision", {**decision_answers(), "decision": "other_learning_review"}, "other_learning_review"),
        ("decision", {**decision_answers(), "national_review_reason": ""}, "national_review_reason"),
        ("decision", {**decision_answers(), "decision": "nope"}, "decision"),
    ],
)
def test_section_rules(rr_world, section, changes, field):
    outcome = _start(rr_world)
    with pytest.raises(ValidationError) as caught:
        services.outcome_update(
            actor=rr_world.people["business_unit_officer"],
            outcome=outcome,
            section=section,
            expected_version=1,
            changes=changes,
        )
    assert field in caught.value.error_dict
    outcome.refresh_from_db()
    assert outcome.version == 1


def test_a_decision_other_than_another_review_clears_the_kind(rr_world):
    outcome = _start(rr_world)
    outcome = services.outcome_update(
        actor=rr_world.people["business_unit_officer"],
        outcome=outcome,
        section="decision",
        expected_version=1,
        changes={**decision_answers(), "other_learning_review": "local_learning_event"},
    )
    assert outcome.other_learning_review == ""


def test_immediate_actions_rules(rr_world):
    outcome = _start(rr_world)
    actor = rr_world.people["business_unit_officer"]
    outsider = AgencyFactory.create(partnership=rr_world.other_partnership, name="Betashire Police")
    base = {"actor": actor, "outcome": outcome, "expected_version": 1, "due_on": dt.date(2026, 4, 1)}
    with pytest.raises(ValidationError, match="Select an agency of the case's partnership") as caught:
        services.immediate_action_add(**base, description="x", owner_agency=outsider)
    assert "owner_agency" in caught.value.error_dict
    with pytest.raises(ValidationError, match="Say how other children's safety was confirmed") as caught:
        services.immediate_action_add(
            **base, description="x", owner_agency=rr_world.agency, other_children_safe=True
        )
    assert "other_children_note" in caught.value.error_dict
    outcome = services.immediate_action_add(**base, description="Synthetic", owner_agency=rr_world.agency)
    [action] = outcome.immediate_actions.all()
    assert outcome_facts(_current_outcome(rr_world.case)).actions_missing_safety_check == 1
    outcome = services.immediate_action_update(
        actor=actor,
        outcome=outcome,
        expected_version=outcome.version,
        action_id=action.pk,
        other_children_safe=True,
        other_children_note="Synthetic check",
    )
    action.refresh_from_db()
    assert (action.source, action.other_children_safe) == ("immediate", True)
    assert action.case_id == rr_world.case.pk
    outcome = services.immediate_action_remove(
        actor=actor, outcome=outcome, expected_version=outcome.version, action_id=action.pk
    )
    assert outcome.version == 4 and outcome.immediate_actions.count() == 0


def test_learning_needs_a_theme_from_the_vocabulary(rr_world):
    outcome = _start(rr_world)
    actor = rr_world.people["business_unit_officer"]
    retired = PracticeTheme.objects.create(
        vocabulary_version="t", code="old", label="Old", source="test", is_active=False
    )
    for theme_ids in ([], [retired.pk], [999_999]):
        with pytest.raises(ValidationError) as caught:
            services.learning_point_add(
                actor=actor, outcome=outcome, expected_version=1, text="Synthetic", theme_ids=theme_ids
            )
        assert "themes" in caught.value.error_dict


def test_a_restricted_entry_cannot_be_cited_by_someone_who_cannot_see_it_nor_shows_to_them(rr_world):
    outcome = _start(rr_world)
    restricted = _entry(rr_world, restricted=[Role.DELEGATE_POLICE, Role.BUSINESS_UNIT_OFFICER], text="Intel")
    with pytest.raises(ValidationError, match="Select a chronology entry of this case"):
        services.evidence_add(
            actor=rr_world.people["delegate_local_authority"],
            outcome=outcome,
            expected_version=1,
            entry_id=restricted.pk,
        )
    outcome = services.evidence_add(
        actor=rr_world.people["business_unit_officer"],
        outcome=outcome,
        expected_version=1,
        entry_id=restricted.pk,
    )
    outcome = outcome_for_case(rr_world.case)
    assert outcome is not None
    assert [item.excerpt for item in visible_evidence(outcome, rr_world.people["delegate_police"])] == [
        "Intel"
    ]
    assert visible_evidence(outcome, rr_world.people["delegate_icb"]) == []
    assert OutcomeEvidence.objects.count() == 1


def test_only_submitted_returns_with_text_can_be_cited(rr_world):
    from safeguarding_reviews.rapid_review.models import AgencyReturn
    from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send

    outcome = _start(rr_world)
    [request] = agency_requests_send(
        actor=rr_world.people["business_unit_officer"],
        case=rr_world.case,
        items=[RequestItem(agency=rr_world.agency, author=rr_world.people["agency_author"])],
        due_on=dt.date(2026, 4, 1),
    )
    agency_return = AgencyReturn.objects.get(request=request)
    AgencyReturn.objects.filter(pk=agency_return.pk).update(learning="Synthetic learning paragraph")
    with pytest.raises(ValidationError, match="Select a section of a submitted return"):  # not submitted yet
        services.evidence_add(
            actor=rr_world.people["business_unit_officer"],
            outcome=outcome,
            expected_version=1,
            return_id=agency_return.pk,
            section="learning",
        )
    type(request).objects.filter(pk=request.pk).update(status="submitted")
    for section, message in (
        ("what_went_well", "That section of the return is empty"),
        ("not_a_section", "Select a section of a submitted return"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.evidence_add(
                actor=rr_world.people["business_unit_officer"],
                outcome=outcome,
                expected_version=1,
                return_id=agency_return.pk,
                section=section,
            )
    outcome = services.evidence_add(
        actor=rr_world.people["business_unit_officer"],
        outcome=outcome,
        expected_version=1,
        return_id=agency_return.pk,
        section="learning",
        note="Shows the gap",
    )
    [item] = visible_evidence(_current_outcome(rr_world.case), rr_world.people["independent_chair"])
    assert item.excerpt == "Synthetic learning paragraph" and "Learning" in item.source


def test_complete_outcome_has_no_gaps(world):
    complete_outcome(world)
    assert outcome_gaps(outcome_facts(_current_outcome(world.case))) == []


def test_edits_stop_once_the_case_leaves_the_rapid_review(world):
    from safeguarding_reviews.cases.services import case_stage_advance
    from safeguarding_reviews.cases.stages import Stage

    outcome = complete_outcome(world)
    case_stage_advance(
        actor=world.people["business_unit_officer"], case=world.case, to_stage=Stage.DECISION, reason="t"
    )
    world.case.refresh_from_db()
    outcome.case = world.case
    with pytest.raises(ValidationError, match="The outcome can be changed only while the case is at the"):
        services.outcome_update(
            actor=world.people["business_unit_officer"],
            outcome=outcome,
            section="facts",
            expected_version=outcome.version,
            changes={"facts_summary": "late"},
        )


# --- pages -----------------------------------------------------------------------------------------------


def test_pages_journey_and_bad_input(rr_world, client):
    sign_in(client, rr_world.people["delegate_local_authority"])
    case_id = rr_world.case.pk
    overview = reverse("outcomes:overview", args=[case_id])
    assert "Start the outcome" in client.get(overview).content.decode()
    assert client.post(reverse("outcomes:start", args=[case_id])).status_code == 302
    page = client.get(overview).content.decode()
    assert "Not started" in page and "Version 1" in page

    url = reverse("outcomes:section", args=[case_id, "decision"])
    response = client.post(url, {"version": 1, "decision": "lcspr", "national_review_appropriate": "yes"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the rationale for the decision" in body
    assert "Give the reason for this answer" in body
    assert 'value="lcspr" checked' in body  # what was typed comes back

    response = client.post(url, {"version": 1, **decision_answers()})
    assert response.status_code == 302
    # The same form again on the old version: a conflict, the typed text kept
    response = client.post(url, {"version": 1, **decision_answers(), "rationale": "Mine"})
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()
    assert "Mine" in response.content.decode()

    url = reverse("outcomes:section", args=[case_id, "assessment"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": 2, "reg11_a": "yes"})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    assert client.get(reverse("outcomes:section", args=[case_id, "nope"])).status_code == 404

    actions = reverse("outcomes:actions", args=[case_id])
    response = client.post(actions, {"version": 2, "description": "", "due_on": "31/2/2026"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the action" in body and "Due date must be a real date" in body
    response = client.post(
        actions,
        {
            "version": 2,
            "description": "Synthetic plan",
            "owner_agency": rr_world.agency.pk,
            "due_on": "1/4/2026",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302

    learning = reverse("outcomes:learning", args=[case_id])
    response = client.post(learning, {"version": 3, "text": "Synthetic"})
    assert response.status_code == 400 and "Select at least one practice theme" in response.content.decode()

    evidence = reverse("outcomes:evidence", args=[case_id])
    response = client.post(evidence, {"version": 3})
    assert response.status_code == 400 and "Select a key episode or a section" in response.content.decode()
    entry = _entry(rr_world)
    response = client.post(evidence, {"version": 3, "entry": entry.pk, "note": "Why"})
    assert response.status_code == 302
    assert "Synthetic: seen at clinic." in client.get(overview).content.decode()

    # Readers see the pages but cannot write
    sign_in(client, rr_world.people["independent_chair"])
    assert client.get(overview).status_code == 200
    assert client.post(actions, {"version": 4}).status_code == 403


def test_overview_and_list_pages_run_fixed_queries(world, client):
    outcome = complete_outcome(world)
    sign_in(client, world.people["business_unit_officer"])
    urls = [
        reverse(f"outcomes:{name}", args=[world.case.pk])
        for name in ("overview", "actions", "learning", "evidence")
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx))
        return result

    before = counts()
    actor = world.people["business_unit_officer"]
    a_theme()
    themes = list(PracticeTheme.objects.values_list("pk", flat=True)[:3])
    for n in range(5):
        outcome = services.learning_point_add(
            actor=actor, outcome=outcome, expected_version=outcome.version, text=f"L{n}", theme_ids=themes
        )
        outcome = services.immediate_action_add(
            actor=actor,
            outcome=outcome,
            expected_version=outcome.version,
            description=f"A{n}",
            owner_agency=world.agency,
            due_on=dt.date(2026, 4, 2),
        )
        entry = _entry(world, text=f"E{n}")
        outcome = services.evidence_add(
            actor=actor, outcome=outcome, expected_version=outcome.version, entry_id=entry.pk
        )
    assert counts() == before
