"""A partner's "disagree" is not a completed sign-off (issue 11 item 5): the business manager records how it
was resolved or that it stands, the Chair is told, the sign-off record (PDF) is generated after the third
sign-off and again after each resolution, it goes to the Panel with the report, and an open challenge asks
for confirmation before sending. Services, pages, the PDF's content and fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.panel import services as panel_services
from safeguarding_reviews.reports.tests.test_reports import _pdf_text
from safeguarding_reviews.signoffs import services
from safeguarding_reviews.signoffs.models import (
    DissentResolution,
    SignOffRecord,
    SignOffRecordImmutableError,
)
from safeguarding_reviews.signoffs.selectors import current_signoff_record, signoff_state
from tests.fixtures import sign_in

from .test_signoffs import DELEGATES, _sign

pytestmark = pytest.mark.django_db
SENT_ON = dt.date(2026, 3, 16)
DISSENT = "Synthetic: the police think criterion (b) is met."
RESOLVED = "Synthetic: the partners met and the police accept the decision, noting their view."


@pytest.fixture
def dissented(ready, django_capture_on_commit_callbacks):
    """All three partners have signed the current report; the police disagree. The record is built."""
    world, outcome, report = ready
    with django_capture_on_commit_callbacks(execute=True):
        _sign(world, "local_authority")
        _sign(world, "icb")
        police = _sign(world, "police", agrees=False, comments=DISSENT)
    return world, outcome, report, police


def _resolve(world, police, *, persona="business_manager", resolution="resolved", explanation=RESOLVED):
    return services.dissent_resolve(
        actor=world.people[persona],
        case=world.case,
        signoff_id=police.pk,
        resolution=resolution,
        explanation=explanation,
    )


def test_a_disagreement_stops_sending_until_the_business_manager_records_its_resolution(
    dissented, django_capture_on_commit_callbacks
):
    world, outcome, report, police = dissented
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    first = SignOffRecord.objects.get()  # generated after the third sign-off
    assert first.report_id == report.pk and first.pdf_sha256
    with pytest.raises(ValidationError, match="A partner disagrees"):
        panel_services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT_ON)
    # Only the business manager records the resolution
    for persona in ("business_unit_officer", "independent_chair", "delegate_police"):
        with pytest.raises(
            PermissionDenied, match="Only the business manager records how a disagreement was"
        ):
            _resolve(world, police, persona=persona)
    with pytest.raises(
        ValidationError, match="Select whether the disagreement was resolved or stands"
    ) as caught:
        _resolve(world, police, resolution="maybe", explanation=" ")
    assert set(caught.value.error_dict) == {"resolution", "explanation"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resolution = _resolve(world, police, resolution="stands", explanation="Synthetic: the view stands.")
    assert resolution.recorded_by == manager
    event = AuditEvent.objects.get(event_type=EventType.DISSENT_RESOLVED)
    assert event.data["partner"] == "police" and event.data["resolution"] == "stands"
    assert "Synthetic" not in str(event.data)  # the explanation is on the record, not in the audit data
    # The Chair is told, in the app and by an email holding a reference and a link only
    chair = world.people["independent_chair"]
    assert Alert.objects.filter(user=chair, kind="dissent_resolved").count() == 1
    [message] = [m for m in mail.outbox if chair.email in m.to]
    assert world.case.reference in message.subject and "Synthetic" not in message.body
    # The record is generated again, with the resolution; the first stays, superseded by the newer basis
    assert SignOffRecord.objects.count() == 2
    current = current_signoff_record(signoff_state(outcome))
    assert current is not None and current.pk != first.pk
    with pytest.raises(ValidationError, match="already been recorded"):
        _resolve(world, police)
    submission = panel_services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT_ON)
    assert submission.signoff_record == current
    assert (
        AuditEvent.objects.get(event_type=EventType.PANEL_SUBMISSION_RECORDED).data["signoff_record_id"]
        == current.pk
    )
    world.case.refresh_from_db()
    assert world.case.stage == Stage.LCSPR  # the outcome decided on an LCSPR (cases/routes.py)
    with pytest.raises(ValidationError, match="has been sent"):
        services.dissent_resolve(
            actor=manager, case=world.case, signoff_id=police.pk, resolution="resolved", explanation="x"
        )


def test_a_new_dissent_needs_its_own_resolution(dissented, django_capture_on_commit_callbacks):
    world, outcome, _, police = dissented
    with django_capture_on_commit_callbacks(execute=True):
        _resolve(world, police)
        # The ICB delegate changes their view: a new dissent, not covered by the police's resolution
        icb = _sign(world, "icb", agrees=False, comments="Synthetic: the ICB now disagrees.")
    state = signoff_state(outcome)
    assert [s.partner for s in state.unresolved] == ["icb"]
    assert current_signoff_record(state) is not None  # the record of the sign-offs as they stand now
    with pytest.raises(ValidationError, match="A partner disagrees"):
        panel_services.panel_submission_record(
            actor=world.people["business_unit_officer"], case=world.case, sent_on=SENT_ON
        )
    with pytest.raises(ValidationError, match="no longer standing"):
        services.dissent_resolve(
            actor=world.people["business_manager"],
            case=world.case,
            signoff_id=icb.pk + 1000,
            resolution="resolved",
            explanation="x",
        )
    _resolve(world, icb)
    assert DissentResolution.objects.count() == 2


def test_a_restricted_case_is_never_announced_to_a_chair_who_cannot_see_it(dissented):
    world, _, _, police = dissented
    Case.objects.filter(pk=world.case.pk).update(is_restricted=True)
    world.case.refresh_from_db()
    _resolve(world, police)
    assert not Alert.objects.filter(user=world.people["independent_chair"], kind="dissent_resolved").exists()


def test_the_record_pdf_names_roles_dates_positions_dissent_and_resolution_never_people(
    dissented, django_capture_on_commit_callbacks
):
    world, outcome, report, police = dissented
    with django_capture_on_commit_callbacks(execute=True):
        _resolve(world, police)
    record = current_signoff_record(signoff_state(outcome))
    assert record is not None
    data = document_path(record.pdf).read_bytes()
    assert record.pdf_sha256 == record.pdf.sha256
    text = " ".join(_pdf_text(data).split())
    for expected in (
        "Sign-off record: Child Q",
        world.case.reference,
        "Safeguarding partner delegate: local authority",
        "Safeguarding partner delegate: integrated care board",
        "Safeguarding partner delegate: police",
        "16 March 2026",
        "Agrees with the rapid review outcome and report",
        "Position: Disagrees",
        DISSENT,
        "The disagreement was resolved",
        RESOLVED,
    ):
        assert expected in text, expected
    assert report.sha256 in "".join(text.split())  # the checksum may wrap at the end of a line
    for persona in (*DELEGATES.values(), "business_manager"):
        assert world.people[persona].full_name not in text
    with pytest.raises(
        SignOffRecordImmutableError, match="A sign-off record cannot be changed; generate a new one"
    ):
        record.save()


def test_the_record_is_generated_once_for_one_set_of_signoffs(dissented):
    world, outcome, _, _ = dissented
    again = services.signoff_record_generate(
        outcome_id=outcome.pk, actor_id=world.people["business_manager"].pk
    )
    assert again is None and SignOffRecord.objects.count() == 1


# --- pages ----------------------------------------------------------------------------------------------


def test_the_resolution_page(dissented, client):
    world, _, _, police = dissented
    url = reverse("signoffs:resolve", args=[world.case.pk, police.pk])
    overview = reverse("signoffs:overview", args=[world.case.pk])
    for persona in ("business_unit_officer", "delegate_police", "independent_chair", "auditor"):
        sign_in(client, world.people[persona])
        assert client.get(url).status_code == 403
        assert client.post(url, {"resolution": "resolved", "explanation": "x"}).status_code == 403
        assert "Record the resolution" not in client.get(overview).content.decode()
    sign_in(client, world.people["non_member"])
    assert client.get(url).status_code == 404
    sign_in(client, world.people["business_manager"])
    assert client.get(reverse("signoffs:resolve", args=[world.case.pk, police.pk + 99])).status_code == 404
    assert "Record the resolution" in client.get(overview).content.decode()
    page = client.get(url).content.decode()
    assert DISSENT in page and "How did the disagreement end?" in page
    response = client.post(url, {"explanation": "Synthetic typed text kept"})
    body = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in body
    assert "Select whether the disagreement was resolved or stands" in body
    assert "Synthetic typed text kept" in body
    response = client.post(url, {"resolution": "resolved", "explanation": RESOLVED})
    assert response.status_code == 302 and response["Location"] == overview
    page = client.get(overview).content.decode()
    assert "The disagreement was resolved" in page and RESOLVED in page


def test_the_record_downloads_for_readers_and_is_audited(dissented, client):
    world, _, _, _ = dissented
    record = SignOffRecord.objects.get()
    url = reverse("signoffs:record_download", args=[world.case.pk, record.pk])
    sign_in(client, world.people["delegate_icb"])
    assert url in client.get(reverse("signoffs:overview", args=[world.case.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_DOWNLOADED).last()
    assert event is not None
    assert event.data == {
        "purpose": "signoff_record",
        "record_id": record.pk,
        "document_id": str(record.pdf_id),
    }
    sign_in(client, world.people["review_committee_member"])
    assert client.get(url).status_code == 403
    sign_in(client, world.people["other_partnership"])
    assert client.get(url).status_code == 404
    # Never through the general document download
    sign_in(client, world.people["business_manager"])
    general = client.get(reverse("documents:download", args=[world.case.pk, record.pdf_id]))
    assert general.status_code in (403, 404)


def test_an_open_challenge_warns_and_asks_to_confirm_before_sending(
    ready, client, django_capture_on_commit_callbacks
):
    world, _, _ = ready
    with django_capture_on_commit_callbacks(execute=True):
        for partner in DELEGATES:
            _sign(world, partner)
    services.challenge_raise(
        actor=world.people["independent_chair"], case=world.case, text="Synthetic question"
    )
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("panel:submission", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert "govuk-warning-text" in page and "a challenge that has not been answered" in page
    assert "sign-off record (PDF)" in page
    response = client.post(url, {"sent_on": "16/3/2026"})
    assert response.status_code == 400 and "Confirm that you are sending" in response.content.decode()
    assert not world.case.__class__.objects.filter(pk=world.case.pk, stage=Stage.DECISION).exists()
    response = client.post(url, {"sent_on": "16/3/2026", "confirm": "on"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(event_type=EventType.PANEL_SUBMISSION_RECORDED)
    assert event.data["open_challenges"] == 1


def test_the_signoff_page_runs_fixed_queries_however_many_records(
    dissented, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The sign-off page (standing sign-offs, dissents with resolutions, the records list) after 1 and after
    8 rounds of re-signing, each round adding a dissent, a resolution and a record."""
    world, _, _, police = dissented
    sign_in(client, world.people["business_manager"])
    url = reverse("signoffs:overview", args=[world.case.pk])

    def one_round(n):
        nonlocal police
        with django_capture_on_commit_callbacks(execute=True):
            _resolve(world, police)
            police = _sign(world, "police", agrees=False, comments=f"Synthetic dissent {n}")

    one_round(0)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(1, 8):
        one_round(n)
    assert SignOffRecord.objects.count() == 9  # both tasks of a round meet the same state: one record
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200
