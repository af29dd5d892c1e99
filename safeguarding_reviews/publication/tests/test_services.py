"""Publication's services with the database: file versions and their redaction checks, the decision signed
with the exact file (a new version supersedes), holds on the clock, the notice, the publication record, the
seven-minute briefing, the reminders and the rule data; audit with ids only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks import services as clock_services
from safeguarding_reviews.clocks.models import Deadline, RuleSet
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.parallel_processes.services import parallel_process_add, process_constraint_add
from safeguarding_reviews.publication import checking, selectors, services, wiring
from safeguarding_reviews.publication.models import PublicationFile, PublicationReminder, PublicationRules
from safeguarding_reviews.publication.rules import long_date
from safeguarding_reviews.publication.seed import seed_rules
from safeguarding_reviews.redaction.models import RedactionCheck
from safeguarding_reviews.reports.services import document_generation_run
from safeguarding_reviews.signoffs.models import DocumentSignOff
from safeguarding_reviews.signoffs.services import document_signoff_give
from safeguarding_reviews.working_days.calculator import add_working_days
from safeguarding_reviews.working_days.selectors import statutory_non_working_days

from . import helpers as h

pytestmark = pytest.mark.django_db


def _last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).order_by("-sequence").first()


def _back(days: int) -> dt.date:
    """The date `days` working days before today, so that a notice sent then allows publishing today."""
    day = clock.today()
    non_working = statutory_non_working_days()
    while add_working_days(day, days, non_working=non_working) > clock.today():
        day -= dt.timedelta(days=1)
    return day


@pytest.fixture
def case(world):
    return h.at_lcspr(world)


# Files and their checks


def test_each_version_is_stored_with_its_checksum_and_checked_against_the_one_before(world, case):
    first = h.upload(world, text=h.LEAKY)
    assert (first.version, first.kind, first.source) == (1, "report", "uploaded")
    assert first.sha256 == first.document.sha256 and len(first.sha256) == 64
    assert first.check_id and not first.check_error
    assert not checking.publishable(first)
    check = RedactionCheck.objects.get(pk=first.check_id)
    found = list(check.findings.values_list("text", flat=True))
    assert len(found) == 3
    assert all(any(text.startswith(name) for text in found) for name in (h.FIRST, h.LAST, h.KNOWN_AS))
    second = h.upload(world)
    assert second.version == 2
    assert RedactionCheck.objects.get(pk=second.check_id).previous_id == check.pk
    # The names version 2 no longer has are fixed in its check; the surname is found again, still open.
    assert check.findings.filter(fixed_in__isnull=False).count() == 3
    assert checking.publishable(second)
    added, checked = _last(EventType.PUBLICATION_FILE_ADDED), _last(EventType.PUBLICATION_FILE_CHECKED)
    assert added.data == {
        "file_id": second.pk,
        "kind": "report",
        "version": 2,
        "source": "uploaded",
        "document_id": str(second.document_id),
        "sha256": second.sha256,
        "generation_id": None,
        "signoffs_superseded": 0,
    }
    assert checked.data == {
        "file_id": second.pk,
        "kind": "report",
        "version": 2,
        "check_id": second.check_id,
        "checked": True,
        "previous_check_id": first.check_id,
    }
    # Versions of each kind number on their own.
    assert h.upload(world, kind="improvements").version == 1


def test_a_file_that_cannot_be_checked_is_kept_but_never_publishable(world, case):
    pdf = SimpleUploadedFile(
        "scan.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    )
    stored = services.file_upload(actor=h.officer(world), case=case, kind="report", uploaded_file=pdf)
    assert stored.check_error and stored.check_id  # the check says why: not checkable
    assert RedactionCheck.objects.get(pk=stored.check_id).status == "not_checkable"
    assert not checking.publishable(stored)
    assert _last(EventType.PUBLICATION_FILE_CHECKED).data["checked"] is False


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"Plain text notes.", "must be a Word document (DOCX) or a PDF"),
        ("empty.docx", b"", "empty"),
    ],
)
def test_bad_files_are_refused_on_the_field(world, case, name, content, message):
    with pytest.raises(ValidationError) as refused:
        services.file_upload(
            actor=h.officer(world), case=case, kind="report", uploaded_file=SimpleUploadedFile(name, content)
        )
    assert message in " ".join(refused.value.message_dict["file"])
    assert not PublicationFile.objects.exists()


@pytest.mark.parametrize("persona", ["delegate_police", "independent_chair", "independent_reviewer"])
def test_only_the_business_unit_uploads(world, case, persona):
    with pytest.raises(PermissionDenied, match="Only the business unit"):
        h.upload(world, by=persona)


def test_uploads_need_the_lcspr_stage_and_a_final_report_record(world):
    with pytest.raises(ValidationError, match="LCSPR stage"):
        h.upload(world)
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.LCSPR)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="no final report record"):
        h.upload(world)


# The decision and its sign-off


def test_improvements_only_needs_the_reasons(world, case):
    with pytest.raises(ValidationError) as refused:
        h.decide(world, "improvements_only", " ")
    assert "reasons" in refused.value.message_dict
    decision = h.decide(world, "improvements_only", "Synthetic: a surviving sibling could be identified.")
    assert decision.version == 1
    event = _last(EventType.PUBLICATION_DECISION_SAVED)
    assert event.data["fields"] == ["decision", "reasons"]
    assert "sibling" not in str(event.data)


def test_a_stale_decision_is_refused_and_audited(world, case):
    decision = h.decide(world)
    h.decide(world, "improvements_only", "Synthetic reasons.", expected=decision.version)
    with pytest.raises(StaleVersionError, match="stale version"):
        h.decide(world, "publish_report", expected=decision.version)
    assert _last(EventType.PUBLICATION_CONFLICT).data["part"] == "decision"


def test_signing_is_refused_while_the_file_is_not_publishable(world, case):
    h.upload(world, text=h.LEAKY)
    h.decide(world)
    assert wiring.decision_signable(case) is None
    with pytest.raises(ValidationError, match="no version of this document to sign"):
        document_signoff_give(
            user=world.people["delegate_police"],
            case=case,
            kind=wiring.KIND,
            partner="police",
            agrees=True,
            version=2,
            sha256="0" * 64,
        )


def test_the_partners_sign_the_decision_with_the_exact_file_and_a_fix_supersedes(world, case):
    decision = h.signed(world)
    state = selectors.signing_state(case)
    assert state.signed_off
    current = wiring.decision_signable(case)
    assert current is not None and current.document_id == decision.pk
    signing = selectors.signing_version(case)
    assert signing is not None and signing.file.version == 1
    # A new version of another kind changes nothing; a fix of the published file supersedes the sign-offs.
    h.upload(world, kind="briefing")
    assert selectors.signing_state(case).signed_off
    h.upload(world, text=h.CLEAN + " A redaction fix.")
    assert not selectors.signing_state(case).signed_off
    assert DocumentSignOff.objects.filter(kind=wiring.KIND, superseded_at__isnull=True).count() == 0
    assert _last(EventType.PUBLICATION_FILE_ADDED).data["signoffs_superseded"] == 3
    again = wiring.decision_signable(case)
    assert again is not None and again.version == current.version + 1 and again.sha256 != current.sha256


def test_whoever_uploaded_or_wrote_it_may_not_sign(world, case):
    h.upload(world, by="business_unit_officer")
    h.decide(world)
    current = wiring.decision_signable(case)
    assert current is not None
    assert world.people["business_unit_officer"].pk in current.drafted_by


# The notice


def test_the_notice_waits_for_the_partners(world, case):
    h.upload(world)
    h.decide(world)
    h.sign(world, ("local_authority", "icb"))
    with pytest.raises(ValidationError, match="have not all signed"):
        h.notice(world, sent_on=clock.today(), planned_on=clock.today() + dt.timedelta(days=30))


def test_a_planned_date_too_soon_is_refused_with_the_earliest_date(world, case):
    h.signed(world)
    sent = clock.today()
    earliest = add_working_days(sent, 7, non_working=statutory_non_working_days())
    with pytest.raises(ValidationError) as refused:
        h.notice(world, sent_on=sent, planned_on=earliest - dt.timedelta(days=1))
    assert refused.value.message_dict["planned_on"] == [
        "The planned publication date must be at least 7 working days after the notice is sent: "
        f"the earliest is {long_date(earliest)}"
    ]
    with pytest.raises(ValidationError, match="today or in the past"):
        h.notice(world, sent_on=sent + dt.timedelta(days=1), planned_on=earliest + dt.timedelta(days=10))


def test_the_notice_keeps_the_file_checksum_and_the_recipients_and_tells_the_partners(
    world, case, django_capture_on_commit_callbacks
):
    h.signed(world)
    sent = clock.today()
    planned = add_working_days(sent, 7, non_working=statutory_non_working_days())
    with django_capture_on_commit_callbacks(execute=True):
        notice = h.notice(world, sent_on=sent, planned_on=planned)
    signing = selectors.signing_version(case)
    assert signing is not None
    assert (notice.file_id, notice.sha256) == (signing.file.pk, signing.file.sha256)
    assert notice.recipients == ["panel", "secretary_of_state", "ofsted"]
    assert notice.rules.code == "wt2023-publication"
    told = sorted(address for m in mail.outbox for address in m.to)
    assert told == sorted(
        f"{p}@test.example"
        for p in ["delegate_local_authority", "delegate_icb", "delegate_police", "independent_chair"]
    )
    assert all(case.reference in m.body and "Rowan" not in m.body for m in mail.outbox)
    event = _last(EventType.PUBLICATION_NOTICE_RECORDED)
    assert event.data["sha256"] == signing.file.sha256 and event.data["recipients"] == notice.recipients


def test_ofsted_only_when_the_rule_set_says_so(world, case):
    PublicationRules.objects.filter(rule_set_code="wt2023-panel-2025").update(ofsted_when="never")
    h.signed(world)
    notice = h.notice(world, sent_on=clock.today(), planned_on=clock.today() + dt.timedelta(days=30))
    assert notice.recipients == ["panel", "secretary_of_state"]


def test_a_case_publishes_under_the_rules_of_its_rule_set(world, case):
    assert selectors.rules_for_case(case).code == "wt2023-publication"
    Case.objects.filter(pk=case.pk).update(rule_set=RuleSet.objects.get(code="wt2018"))
    case.refresh_from_db()
    assert selectors.rules_for_case(case).code == "wt2018-publication"
    PublicationRules.objects.filter(code="wt2018-publication").delete()
    assert selectors.rules_for_case(case).code == "wt2023-publication"  # the default


def test_the_rules_come_back_after_a_flush(db):
    PublicationRules.objects.all().delete()
    seed_rules()
    seed_rules()
    assert PublicationRules.objects.count() == 2
    assert PublicationRules.objects.filter(is_default=True).count() == 1


# Holds


def _hold(world, case, **changes: Any) -> Any:
    process = parallel_process_add(
        actor=h.officer(world),
        case=case,
        values={"kind": "criminal_proceedings", "status": "under_way", "reference": "Synthetic T2027"},
    )
    values: dict[str, Any] = {
        "process_id": process.pk,
        "reason": "Synthetic: the criminal trial must end first.",
        "agreed_by": "Senior investigating officer",
        "review_on": clock.today() + dt.timedelta(days=28),
    } | changes
    return services.hold_request(actor=h.officer(world), case=case, **values)


def _deadline(case):
    return Deadline.objects.get(case=case, rule_code="lcspr_publication")


def test_a_hold_is_an_approved_pause_of_the_publication_clock(world, case):
    hold = _hold(world, case)
    assert selectors.hold_state(hold) == "requested" and _deadline(case).paused_since is None
    with pytest.raises(PermissionDenied, match="Only a business manager"):
        services.hold_decide(actor=h.officer(world), case=case, hold=hold, approve=True)
    held = services.hold_decide(actor=world.people["business_manager"], case=case, hold=hold, approve=True)
    assert selectors.hold_state(held) == "held"
    assert _deadline(case).paused_since == clock.today()
    found = selectors.overview(case)
    assert found.held == [held] and found.facts.holds_active == 1
    assert selectors.held_reviews(
        user=world.people["business_manager"], partnership_ids=[world.partnership.pk]
    ) == [held]
    lifted = services.hold_lift(actor=h.officer(world), case=case, hold=held, expected_version=held.version)
    assert selectors.hold_state(lifted) == "lifted" and _deadline(case).paused_since is None
    assert lifted.lifted_by == h.officer(world)
    kinds = list(
        AuditEvent.objects.filter(event_type__startswith="publication.hold").values_list(
            "event_type", flat=True
        )
    )
    assert kinds == ["publication.hold_requested", "publication.hold_decided", "publication.hold_lifted"]
    assert "trial" not in str(_last(EventType.PUBLICATION_HOLD_REQUESTED).data)


def test_the_manager_who_recorded_a_hold_may_not_approve_it(world, case):
    hold = services.hold_request(
        actor=world.people["business_manager"],
        case=case,
        process_id=None,
        reason="Synthetic: the inquest.",
        agreed_by="The coroner",
        review_on=clock.today() + dt.timedelta(days=10),
    )
    with pytest.raises(PermissionDenied, match="another business manager"):
        services.hold_decide(actor=world.people["business_manager"], case=case, hold=hold, approve=True)


def test_a_pause_ended_on_the_clocks_page_ends_the_hold(world, case):
    hold = _hold(world, case)
    clock_services.deadline_adjustment_decide(
        actor=world.people["business_manager"], case=case, adjustment=hold.adjustment, approve=True
    )
    assert selectors.hold_state(_reload(case, hold)) == "held"
    clock_services.deadline_resume(actor=h.officer(world), case=case, deadline=_deadline(case))
    assert selectors.hold_state(_reload(case, hold)) == "lifted"


def _reload(case, hold):
    found = selectors.hold_get(case, hold.pk)
    assert found is not None
    return found


def test_hold_input_and_refusals(world, case):
    with pytest.raises(ValidationError) as refused:
        _hold(world, case, reason=" ", agreed_by="", review_on=clock.today())
    assert set(refused.value.message_dict) == {"reason", "agreed_by", "review_on"}
    hold = _hold(world, case)
    with pytest.raises(ValidationError, match="Only a hold that stands"):
        services.hold_lift(actor=h.officer(world), case=case, hold=hold, expected_version=hold.version)
    with pytest.raises(ValidationError, match="already waiting"):
        _hold(world, case)
    refused_hold = services.hold_decide(
        actor=world.people["business_manager"], case=case, hold=hold, approve=False, note="Synthetic: no."
    )
    assert selectors.hold_state(refused_hold) == "refused"


def test_the_review_date_is_versioned(world, case):
    hold = _hold(world, case)
    read = hold.version
    later = clock.today() + dt.timedelta(days=90)
    changed = services.hold_review_change(
        actor=h.officer(world), case=case, hold=hold, expected_version=read, review_on=later
    )
    assert (changed.review_on, changed.version) == (later, read + 1)
    with pytest.raises(StaleVersionError, match="stale version"):
        services.hold_review_change(
            actor=h.officer(world), case=case, hold=changed, expected_version=read, review_on=later
        )


# The publication record


def _ready_to_publish(world, case, *, sent_days_ago=7):
    h.signed(world)
    sent = _back(sent_days_ago)
    return h.notice(world, sent_on=sent, planned_on=clock.today())


def _publish(world, case, **changes):
    values = {
        "expected_version": None,
        "published_on": clock.today(),
        "public_url": "https://www.example.org/reviews/child-q",
        "available_until": clock.today() + dt.timedelta(days=400),
        "late_reason": "",
        "panel_told_on": None,
    } | changes
    return services.record_save(actor=h.officer(world), case=case, **values)


def test_publication_needs_the_notice_for_the_signed_version(world, case):
    h.signed(world)
    with pytest.raises(ValidationError, match="notice before publication has not been sent"):
        _publish(world, case)


def test_a_fix_after_the_notice_needs_signing_and_a_new_notice(world, case):
    _ready_to_publish(world, case)
    h.upload(world, text=h.CLEAN + " Fixed again.")
    with pytest.raises(ValidationError, match="have not all signed"):
        _publish(world, case)


def test_the_record_keeps_the_file_checksum_and_pseudonym_and_meets_the_clock(world, case):
    notice = _ready_to_publish(world, case)
    record = _publish(world, case, panel_told_on=clock.today())
    assert (record.file_id, record.sha256, record.notice_id) == (notice.file_id, notice.sha256, notice.pk)
    assert record.pseudonym == "Child Q"
    assert record.clock_outcome == "met"
    deadline = _deadline(case)
    assert deadline.met_on == clock.today() and record.clock_due_on == deadline.due_on
    event = _last(EventType.PUBLICATION_RECORDED)
    assert event.data["sha256"] == notice.sha256 and event.data["clock_outcome"] == "met"
    # Later corrections are versioned.
    changed = _publish(
        world,
        case,
        expected_version=record.version,
        public_url="https://www.example.org/reviews/child-q-2",
        panel_told_on=clock.today(),
    )
    assert changed.version == record.version + 1
    assert _last(EventType.PUBLICATION_RECORD_CHANGED).data["fields"] == ["public_url"]
    with pytest.raises(StaleVersionError, match="stale version"):
        _publish(world, case, expected_version=record.version)


def test_published_before_the_notice_period_ended_is_refused(world, case):
    h.signed(world)
    sent = _back(3)
    h.notice(
        world, sent_on=sent, planned_on=add_working_days(sent, 7, non_working=statutory_non_working_days())
    )
    with pytest.raises(ValidationError) as refused:
        _publish(world, case)
    assert "notice period ended" in refused.value.message_dict["published_on"][0]


def test_available_for_at_least_a_year(world, case):
    _ready_to_publish(world, case)
    with pytest.raises(ValidationError) as refused:
        _publish(world, case, available_until=clock.today() + dt.timedelta(days=200))
    assert "at least one year" in refused.value.message_dict["available_until"][0]


@pytest.mark.parametrize("url", ["", "not a web address", "ftp://example.org/x", "javascript:alert(1)"])
def test_the_public_address_must_be_a_web_address(world, case, url):
    with pytest.raises(ValidationError) as refused:
        _publish(world, case, public_url=url)
    assert "public_url" in refused.value.message_dict


def test_late_needs_a_reason_kept_on_the_clock(world):
    case = h.at_lcspr(world, started_on=clock.today() - dt.timedelta(days=250))
    _ready_to_publish(world, case)
    with pytest.raises(ValidationError) as refused:
        _publish(world, case)
    assert "late_reason" in refused.value.message_dict
    record = _publish(world, case, late_reason="Synthetic: the trial ended late.")
    assert record.clock_outcome == "late"
    assert _deadline(case).delay_reason == "Synthetic: the trial ended late."


def test_publication_is_refused_while_held_or_blocked(world, case):
    _ready_to_publish(world, case)
    hold = _hold(world, case)
    with pytest.raises(ValidationError, match="Publication is held"):
        _publish(world, case)
    services.hold_decide(
        actor=world.people["business_manager"], case=case, hold=hold, approve=False, note="No."
    )
    process = _reload(case, hold).process
    assert process is not None
    process_constraint_add(actor=h.officer(world), process=process, blocks="publication", reason="Synthetic.")
    with pytest.raises(ValidationError, match="A parallel process blocks publication"):
        _publish(world, case)


# The seven-minute briefing


def test_the_briefing_is_made_from_the_final_report_record_and_checked(world, case):
    report = selectors.report_for_case(case)
    assert report is not None
    context = wiring.briefing_context(case, report.pk)
    assert context is not None
    assert context["review_name"] == "Child Q"
    assert len(context["learning_points"]) == 2 and len(context["questions_for_practitioners"]) == 1
    with pytest.raises(ValidationError, match="has changed"):
        services.briefing_generate(actor=h.officer(world), case=case, expected_version=report.version - 1)
    generation = services.briefing_generate(
        actor=h.officer(world), case=case, expected_version=report.version
    )
    with pytest.raises(ValidationError, match="not been made"):
        services.briefing_add(actor=h.officer(world), case=case, generation_id=generation.pk)
    document_generation_run(generation_id=generation.pk)
    added = services.briefing_add(actor=h.officer(world), case=case, generation_id=generation.pk)
    assert (added.kind, added.version, added.source, added.generation_id) == (
        "briefing",
        1,
        "generated",
        generation.pk,
    )
    assert added.check_id and checking.publishable(added)
    with pytest.raises(ValidationError, match="already been added"):
        services.briefing_add(actor=h.officer(world), case=case, generation_id=generation.pk)


# Reminders


def test_reminders_go_once(world, case, django_capture_on_commit_callbacks):
    hold = _hold(world, case, review_on=clock.today() + dt.timedelta(days=1))
    services.hold_decide(actor=world.people["business_manager"], case=case, hold=hold, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
    type(hold).objects.filter(pk=hold.pk).update(review_on=clock.today())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
        assert services.reminders_send() == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "business_manager@test.example",
        "business_unit_officer@test.example",
    ]
    assert PublicationReminder.objects.get().kind == "hold_review"
    assert _last(EventType.PUBLICATION_REMINDER_SENT).data["kind"] == "hold_review"


def test_a_reminder_before_available_until(world, case):
    _ready_to_publish(world, case)
    record = _publish(world, case)
    assert services.reminders_send() == 0
    type(record).objects.filter(pk=record.pk).update(available_until=clock.today() + dt.timedelta(days=10))
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert PublicationReminder.objects.get().kind == "available_until"
