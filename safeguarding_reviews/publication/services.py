"""Writes to a case's publication. Keyword-only; each checks the policy, owns its transaction and records one
audit event with ids, codes, dates and checksums only (never the reasons or any text typed).

Three writes use other apps' durable services, which open their own transactions, so they run in steps:
- a new file version is stored (one transaction), then the redaction check runs (the redaction app's), then
  the check's id is kept on the version (one transaction). A version whose check failed to run keeps the
  reason and is never publishable;
- a hold asks the clocks app for a pause of the lcspr_publication clock (clocks' transaction, audited there),
  then records the hold naming that pause; approving and lifting go through clocks' own services first too.
Everything this app decides is checked before the first step, so a refusal leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.clocks import services as clock_services
from safeguarding_reviews.clocks.models import AdjustmentKind, MilestoneEvent
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.documents.inspection import detect
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_record_download, document_store
from safeguarding_reviews.emails.services import absolute_url, email_send
from safeguarding_reviews.final_reports.selectors import report_for_case
from safeguarding_reviews.organisations.roles import CASE_RUNNERS, DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import people_with_roles
from safeguarding_reviews.parallel_processes.models import ParallelProcess
from safeguarding_reviews.reports.models import DocumentGeneration, GenerationStatus
from safeguarding_reviews.reports.services import document_generation_request
from safeguarding_reviews.signoffs.services import document_signoffs_supersede
from safeguarding_reviews.working_days.selectors import statutory_non_working_days

from . import checking, rules, selectors
from .models import (
    FileSource,
    PublicationDecision,
    PublicationFile,
    PublicationHold,
    PublicationNotice,
    PublicationRecord,
    PublicationReminder,
    ReminderKind,
)
from .policies import REFUSALS, PublicationAction, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

KIND = selectors.KIND
PURPOSE = "publication_file"
NOTE_MAX = 2000
TEXT_MAX = 5000


def _check(actor: User, case: Case, action: PublicationAction = PublicationAction.EDIT) -> None:
    if not may(actor, PublicationAction.VIEW, case) or not may(actor, action, case):
        raise PermissionDenied(REFUSALS.get(action, "You may not see this review's publication"))
    if case.stage not in selectors.WRITABLE_STAGES:
        raise ValidationError("Publication is recorded while the case is at the LCSPR stage")


def _lock(case: Case) -> None:
    case_lock(case=case)


def _conflict(actor: User, case: Case, exc: StaleVersionError, part: str, expected: int | None) -> None:
    with transaction.atomic(durable=True):
        record_event(
            event_type=EventType.PUBLICATION_CONFLICT,
            actor=actor,
            case=case,
            target=exc.current,
            data={"part": part, "object_id": exc.current.pk, "expected_version": expected},
        )


# --- publishable files ----------------------------------------------------------------------------------


def _add_version(
    *,
    actor: User,
    case: Case,
    kind: str,
    store: Callable[[], Document],
    source: str,
    generation: DocumentGeneration | None = None,
    note: str = "",
) -> PublicationFile:
    """Store the next version of `kind` (in one transaction: the document, the version, a new version of the
    decision that publishes this kind with its sign-offs superseded), then run the redaction check with the
    previous version's check, then keep the check's id on the version."""
    with transaction.atomic(durable=True):
        _lock(case)
        previous = selectors.latest_file(case, kind)
        number = (
            PublicationFile.objects.filter(case=case, kind=kind).aggregate(n=Max("version"))["n"] or 0
        ) + 1
        document = store()
        file = PublicationFile.objects.create(
            case=case,
            kind=kind,
            version=number,
            document=document,
            sha256=document.sha256,
            source=source,
            generation=generation,
            note=note,
            uploaded_by=actor,
            uploaded_at=clock.now(),
        )
        superseded = 0
        decision = selectors.decision_for(case)
        if decision is not None and rules.published_kind(decision.decision) == kind:
            # The partners sign the decision with this exact file: a new file is a new version of what they
            # sign, so standing sign-offs give way (a redaction fix must be signed again).
            PublicationDecision.objects.filter(pk=decision.pk).update(version=F("version") + 1)
            superseded = document_signoffs_supersede(
                case=case, kind=KIND, document_id=decision.pk, because="new_file_version", actor=actor
            )
        record_event(
            event_type=EventType.PUBLICATION_FILE_ADDED,
            actor=actor,
            case=case,
            target=file,
            data={
                "file_id": file.pk,
                "kind": kind,
                "version": number,
                "source": source,
                "document_id": str(document.pk),
                "sha256": document.sha256,
                "generation_id": str(generation.pk) if generation else None,
                "signoffs_superseded": superseded,
            },
        )
    run = checking.run_check(
        actor=actor, case=case, file=file, previous_check_id=previous.check_id if previous is not None else ""
    )
    with transaction.atomic(durable=True):
        PublicationFile.objects.filter(pk=file.pk).update(check_id=run.check_id, check_error=run.error[:2000])
        record_event(
            event_type=EventType.PUBLICATION_FILE_CHECKED,
            actor=actor,
            case=case,
            target=file,
            data={
                "file_id": file.pk,
                "kind": kind,
                "version": number,
                "check_id": run.check_id or None,
                "checked": not run.error,
                "previous_check_id": (previous.check_id or None) if previous is not None else None,
            },
        )
    file.check_id, file.check_error = run.check_id, run.error[:2000]
    return file


def _final_report_needed(case: Case) -> Any:
    report = report_for_case(case)
    if report is None:
        raise ValidationError("The review has no final report record yet: publication starts from it")
    return report


def file_upload(*, actor: User, case: Case, kind: str, uploaded_file: Any, note: str = "") -> PublicationFile:
    """The business unit uploads the next version of one publishable file: a DOCX or PDF by its content,
    stored with its checksum and put through the redaction check."""
    _check(actor, case)
    if kind not in rules.FileKind.values:
        raise ValidationError("Choose which file this is")
    _final_report_needed(case)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"What changed must be {NOTE_MAX} characters or fewer"})
    if uploaded_file is None:
        raise ValidationError({"file": "Select the file to upload"})
    try:
        file_type = detect(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from exc
    if (error := rules.file_type_error(file_type.code)) is not None:
        raise ValidationError({"file": error})
    return _add_version(
        actor=actor,
        case=case,
        kind=kind,
        store=lambda: document_store(
            actor=actor, case=case, uploaded_file=uploaded_file, purpose=PURPOSE, checked_type=file_type
        ),
        source=FileSource.UPLOADED,
        note=note,
    )


def file_record_download(*, actor: User, case: Case, file: PublicationFile) -> None:
    """The one read event of a version's download (documents' DOCUMENT_DOWNLOADED)."""
    document_record_download(actor=actor, case=case, document=file.document)


# --- the seven-minute briefing --------------------------------------------------------------------------


def briefing_generate(*, actor: User, case: Case, expected_version: int) -> DocumentGeneration:
    """Make the seven-minute briefing in Word from the final report record, as it stands at
    `expected_version`, on the task worker (reports.DocumentGeneration, kind seven_minute_briefing). The
    reports app records the request."""
    _check(actor, case)
    report = _final_report_needed(case)
    if report.version != expected_version:
        raise ValidationError(
            "The final report record has changed since you opened this page. Check it and try again"
        )
    return document_generation_request(
        user=actor,
        case=case,
        kind=selectors.BRIEFING_KIND,
        subject_id=report.pk,
        subject_version=report.version,
        context_builder_name=selectors.BRIEFING_BUILDER,
    )


def briefing_add(*, actor: User, case: Case, generation_id: Any) -> PublicationFile:
    """The made briefing becomes the next version of the briefing file and goes through the redaction check.
    Once per made document."""
    _check(actor, case)
    report = _final_report_needed(case)
    generation = selectors.briefing_generation(case, report)
    if generation is None or str(generation.pk) != str(generation_id):
        raise ValidationError("That briefing is not the latest one made: make it again")
    if generation.status != GenerationStatus.DONE or generation.document_id is None:
        raise ValidationError("The briefing has not been made yet")
    if selectors.generation_added(generation):
        raise ValidationError("That briefing has already been added and checked")
    document = Document.objects.get(pk=generation.document_id)
    try:
        return _add_version(
            actor=actor,
            case=case,
            kind=rules.FileKind.BRIEFING,
            store=lambda: document,
            source=FileSource.GENERATED,
            generation=generation,
            note=f"Made from version {generation.subject_version} of the final report record",
        )
    except IntegrityError as exc:  # two presses at once: the generation is one-to-one with a version
        raise ValidationError("That briefing has already been added and checked") from exc


# --- item 5: the decision -------------------------------------------------------------------------------


def decision_save(
    *, actor: User, case: Case, expected_version: int | None, decision: str, reasons: str
) -> PublicationDecision:
    """The business unit records the partners' decision (publish the report, or the improvements only with
    the reasons). Every change makes a new version, whose standing sign-offs are superseded."""
    _check(actor, case)
    errors = rules.decision_errors(decision=decision, reasons=reasons)
    if errors:
        raise ValidationError(errors)
    _final_report_needed(case)
    reasons = reasons.strip()
    try:
        with transaction.atomic(durable=True):
            _lock(case)
            if PublicationRecord.objects.filter(case=case).exists():
                raise ValidationError("The review has been published: the decision can no longer change")
            current = selectors.decision_for(case)
            now = clock.now()
            if current is None:
                if expected_version is not None:
                    raise ValidationError("Reload the page and try again")
                saved = PublicationDecision.objects.create(
                    case=case,
                    decision=decision,
                    reasons=reasons,
                    written_by=[actor.pk],
                    created_by=actor,
                    created_at=now,
                    updated_at=now,
                )
                changed = ["decision", "reasons"] if reasons else ["decision"]
            else:
                if expected_version is None:
                    raise StaleVersionError(current=current)
                changed = [
                    name
                    for name, value in (("decision", decision), ("reasons", reasons))
                    if getattr(current, name) != value
                ]
                saved = update_versioned(
                    current,
                    expected_version=expected_version,
                    changes={
                        "decision": decision,
                        "reasons": reasons,
                        "written_by": sorted({*current.written_by, actor.pk}),
                        "updated_at": now,
                    },
                )
            superseded = document_signoffs_supersede(
                case=case, kind=KIND, document_id=saved.pk, because="new_version", actor=actor
            )
            record_event(
                event_type=EventType.PUBLICATION_DECISION_SAVED,
                actor=actor,
                case=case,
                target=saved,
                data={
                    "decision_id": saved.pk,
                    "decision": decision,
                    "version": saved.version,
                    "fields": changed,
                    "signoffs_superseded": superseded,
                },
            )
    except StaleVersionError as exc:
        _conflict(actor, case, exc, "decision", expected_version)
        raise
    return saved


# --- item 6: holds --------------------------------------------------------------------------------------


def _hold_process(case: Case, process_id: int | None) -> ParallelProcess | None:
    if process_id is None:
        return None
    process = ParallelProcess.objects.filter(case=case, pk=process_id).first()
    if process is None:
        raise ValidationError({"process": "Select a parallel process of this case"})
    return process


def hold_request(
    *,
    actor: User,
    case: Case,
    process_id: int | None,
    reason: str,
    agreed_by: str,
    review_on: dt.date | None,
) -> PublicationHold:
    """The business unit records a hold on publication while a parallel process runs: a request to pause the
    lcspr_publication clock, which a business manager who did not ask approves (the clocks app's rule)."""
    _check(actor, case)
    errors = rules.hold_errors(reason=reason, agreed_by=agreed_by, review_on=review_on, today=clock.today())
    if len(reason) > TEXT_MAX:
        errors["reason"] = f"The reason must be {TEXT_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    assert review_on is not None
    process = _hold_process(case, process_id)
    if PublicationRecord.objects.filter(case=case).exists():
        raise ValidationError("The review has been published: there is nothing to hold")
    deadline = selectors.publication_deadline(case)
    if deadline is None:
        raise ValidationError(
            "The LCSPR publication clock has not started on this case, so it cannot be held"
        )
    adjustment = clock_services.deadline_adjustment_request(
        actor=actor, case=case, deadline=deadline, kind=AdjustmentKind.PAUSE, reason=reason.strip()
    )
    with transaction.atomic(durable=True):
        hold = PublicationHold.objects.create(
            case=case,
            process=process,
            reason=reason.strip(),
            agreed_by=agreed_by.strip(),
            review_on=review_on,
            adjustment=adjustment,
            requested_by=actor,
            requested_at=clock.now(),
        )
        record_event(
            event_type=EventType.PUBLICATION_HOLD_REQUESTED,
            actor=actor,
            case=case,
            target=hold,
            data={
                "hold_id": hold.pk,
                "adjustment_id": adjustment.pk,
                "process_id": process.pk if process else None,
                "review_on": review_on.isoformat(),
            },
        )
    return hold


def hold_decide(
    *, actor: User, case: Case, hold: PublicationHold, approve: bool, note: str = ""
) -> PublicationHold:
    """A business manager who did not ask approves the hold (the clock is paused from today) or refuses it
    (with a reason), through the clocks app's decision."""
    _check(actor, case, PublicationAction.DECIDE_HOLD)
    if hold.requested_by_id == actor.pk:
        raise PermissionDenied("You asked for this hold, so another business manager must decide it")
    if hold.adjustment is None or selectors.hold_state(hold) != rules.HoldState.REQUESTED:
        raise ValidationError("This hold has already been decided")
    clock_services.deadline_adjustment_decide(
        actor=actor, case=case, adjustment=hold.adjustment, approve=approve, note=note
    )
    with transaction.atomic(durable=True):
        record_event(
            event_type=EventType.PUBLICATION_HOLD_DECIDED,
            actor=actor,
            case=case,
            target=hold,
            data={"hold_id": hold.pk, "adjustment_id": hold.adjustment_id, "approved": approve},
        )
    found = selectors.hold_get(case, hold.pk)
    assert found is not None
    return found


def hold_lift(
    *, actor: User, case: Case, hold: PublicationHold, expected_version: int, note: str = ""
) -> PublicationHold:
    """The business unit lifts a hold that stands: the clock restarts (clocks' restart moves its due date by
    the working days held) and the hold is kept, marked lifted."""
    _check(actor, case)
    if selectors.hold_state(hold) != rules.HoldState.HELD:
        raise ValidationError("Only a hold that stands can be lifted")
    if hold.version != expected_version:
        current = PublicationHold.objects.get(pk=hold.pk)
        _conflict(actor, case, StaleVersionError(current=current), "hold", expected_version)
        raise StaleVersionError(current=current)
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        raise ValidationError({"note": f"The note must be {TEXT_MAX} characters or fewer"})
    deadline = selectors.publication_deadline(case)
    if deadline is not None and deadline.paused_since is not None:
        deadline = clock_services.deadline_resume(actor=actor, case=case, deadline=deadline)
    try:
        with transaction.atomic(durable=True):
            lifted = update_versioned(
                hold,
                expected_version=expected_version,
                changes={"lifted_by": actor, "lifted_at": clock.now(), "lift_note": note},
            )
            record_event(
                event_type=EventType.PUBLICATION_HOLD_LIFTED,
                actor=actor,
                case=case,
                target=lifted,
                data={
                    "hold_id": hold.pk,
                    "adjustment_id": hold.adjustment_id,
                    "clock_due_on": deadline.due_on.isoformat() if deadline is not None else None,
                },
            )
    except StaleVersionError as exc:
        _conflict(actor, case, exc, "hold", expected_version)
        raise
    return lifted


def hold_review_change(
    *, actor: User, case: Case, hold: PublicationHold, expected_version: int, review_on: dt.date | None
) -> PublicationHold:
    """The business unit sets the next date a standing (or requested) hold is reviewed."""
    _check(actor, case)
    if selectors.hold_state(hold) not in selectors.ACTIVE_HOLD_STATES:
        raise ValidationError("This hold is no longer standing")
    if review_on is None:
        raise ValidationError({"review_on": "Enter the date the hold will be reviewed"})
    if review_on <= clock.today():
        raise ValidationError({"review_on": "The review date must be in the future"})
    try:
        with transaction.atomic(durable=True):
            saved = update_versioned(
                hold, expected_version=expected_version, changes={"review_on": review_on}
            )
            record_event(
                event_type=EventType.PUBLICATION_HOLD_REVIEW_CHANGED,
                actor=actor,
                case=case,
                target=saved,
                data={"hold_id": hold.pk, "review_on": review_on.isoformat()},
            )
    except StaleVersionError as exc:
        _conflict(actor, case, exc, "hold", expected_version)
        raise
    return saved


# --- item 7: the notice before publication --------------------------------------------------------------


def _people_to_tell(case: Case, roles: frozenset[str]) -> list[Any]:
    """Active members of the lead partnership with `roles` who can see the case."""
    people = people_with_roles(partnership_id=case.lead_partnership_id, roles=list(roles))
    visible = [p for p in people if visible_cases(p).filter(pk=case.pk).exists()]
    return sorted({p.pk: p for p in visible}.values(), key=lambda p: p.pk)


def _email(case: Case, people: list[Any], template: str) -> int:
    link = absolute_url(reverse("publication:task_list", kwargs={"case_id": case.pk}))
    context = {"case_reference": case.reference, "partnership_name": case.lead_partnership.name, "link": link}
    sent = 0
    for person in people:
        if person.email:
            email_send(to=person.email, template=template, context=context)
            sent += 1
    return sent


def notice_record(
    *, actor: User, case: Case, sent_on: dt.date | None, planned_on: dt.date | None
) -> PublicationNotice:
    """The business unit records the notice before publication, sent to the rule set's recipients with the
    exact version the partners signed: refused until they have all agreed; a planned date too soon is refused
    with the earliest allowed. The partners' delegates and the Chair are told (a reference and a link)."""
    _check(actor, case)
    errors: dict[str, str] = {}
    if sent_on is None:
        errors["sent_on"] = "Enter the date the notice was sent"
    elif error := rules.sent_on_error(sent_on=sent_on, today=clock.today()):
        errors["sent_on"] = error
    if planned_on is None:
        errors["planned_on"] = "Enter the planned publication date"
    if errors:
        raise ValidationError(errors)
    assert sent_on is not None and planned_on is not None
    with transaction.atomic(durable=True):
        _lock(case)
        found = selectors.overview(case)
        reasons = rules.notice_refusals(found.facts)
        if found.record is not None:
            reasons.append("The review has been published")
        if reasons:
            raise ValidationError(reasons)
        signing = found.signing
        assert signing is not None
        rule = found.rules
        error = rules.planned_date_error(
            planned_on=planned_on,
            sent_on=sent_on,
            notice_working_days=rule.notice_working_days,
            non_working=statutory_non_working_days(),
        )
        if error:
            raise ValidationError({"planned_on": error})
        recipients = list(selectors.recipients_of(rule))
        notice = PublicationNotice.objects.create(
            case=case,
            file=signing.file,
            sha256=signing.file.sha256,
            decision=signing.decision.decision,
            decision_version=signing.decision.version,
            sent_on=sent_on,
            planned_on=planned_on,
            recipients=recipients,
            rules=rule,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        told = _email(
            case, _people_to_tell(case, DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR}), "publication_notice"
        )
        record_event(
            event_type=EventType.PUBLICATION_NOTICE_RECORDED,
            actor=actor,
            case=case,
            target=notice,
            data={
                "notice_id": notice.pk,
                "file_id": signing.file.pk,
                "kind": signing.file.kind,
                "file_version": signing.file.version,
                "sha256": signing.file.sha256,
                "decision_version": signing.decision.version,
                "sent_on": sent_on.isoformat(),
                "planned_on": planned_on.isoformat(),
                "recipients": recipients,
                "rules": rule.code,
                "emails": told,
            },
        )
    return notice


# --- item 8: the publication record ---------------------------------------------------------------------


def _url_error(url: str) -> str | None:
    if not url:
        return "Enter the public address of the published review"
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        return "Enter the public address as a full web address, like https://www.example.org/reviews/child-q"
    return None


def record_save(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    published_on: dt.date | None,
    public_url: str,
    available_until: dt.date | None,
    late_reason: str = "",
    panel_told_on: dt.date | None = None,
) -> PublicationRecord:
    """The business unit records the review as published: the file the partners signed and the notice was
    sent with, its checksum and pseudonym, the public address, "available until" (at least the rule set's
    minimum), the LCSPR clock met or late (a reason when late, kept on the clock) and when the Panel was told.
    The first save stops the clock (milestone lcspr_published); later saves correct it (versioned)."""
    _check(actor, case)
    public_url, late_reason = public_url.strip(), (late_reason or "").strip()
    errors: dict[str, str] = {}
    if published_on is None:
        errors["published_on"] = "Enter the date the review was published"
    if available_until is None:
        errors["available_until"] = "Enter the date the review stays available until"
    if url_error := _url_error(public_url):
        errors["public_url"] = url_error
    if len(late_reason) > TEXT_MAX:
        errors["late_reason"] = f"The reason must be {TEXT_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    assert published_on is not None and available_until is not None
    today = clock.today()
    try:
        with transaction.atomic(durable=True):
            _lock(case)
            found = selectors.overview(case)
            current = found.record
            if current is None:
                if expected_version is not None:
                    raise ValidationError("Reload the page and try again")
                reasons = rules.publish_refusals(found.facts)
                if reasons:
                    raise ValidationError(reasons)
                assert found.signing is not None and found.notice is not None
                file, notice = found.signing.file, found.notice
            else:
                if expected_version is None:
                    raise StaleVersionError(current=current)
                file, notice = current.file, current.notice
            earliest = rules.earliest_planned_date(
                sent_on=notice.sent_on,
                notice_working_days=notice.rules.notice_working_days,
                non_working=statutory_non_working_days(),
            )
            deadline = found.deadline
            due_on = current.clock_due_on if current is not None else (deadline.due_on if deadline else None)
            outcome = rules.clock_outcome(due_on=due_on, published_on=published_on)
            for name, error in (
                (
                    "published_on",
                    rules.published_on_error(published_on=published_on, today=today, earliest=earliest),
                ),
                (
                    "available_until",
                    rules.available_until_error(
                        available_until=available_until,
                        published_on=published_on,
                        available_months=notice.rules.available_months,
                    ),
                ),
                ("late_reason", rules.late_reason_error(outcome=outcome, reason=late_reason)),
                (
                    "panel_told_on",
                    rules.panel_told_error(
                        panel_told_on=panel_told_on, published_on=published_on, today=today
                    ),
                ),
            ):
                if error:
                    errors[name] = error
            if errors:
                raise ValidationError(errors)
            values = {
                "published_on": published_on,
                "public_url": public_url,
                "available_until": available_until,
                "clock_outcome": outcome or "",
                "clock_due_on": due_on,
                "late_reason": late_reason if outcome == rules.ClockOutcome.LATE else "",
                "panel_told_on": panel_told_on,
                "updated_at": clock.now(),
            }
            if current is None:
                saved = PublicationRecord.objects.create(
                    case=case,
                    file=file,
                    sha256=file.sha256,
                    notice=notice,
                    pseudonym=case.pseudonym,
                    recorded_by=actor,
                    recorded_at=clock.now(),
                    **values,
                )
                changed = sorted(k for k in values if k != "updated_at")
            else:
                changed = sorted(
                    k for k, v in values.items() if k != "updated_at" and getattr(current, k) != v
                )
                saved = update_versioned(current, expected_version=expected_version or 0, changes=values)
            if deadline is not None:
                # Stops the clock (or corrects its date); a late one keeps its reason on the clock too.
                clock_services.milestone_record(
                    actor=actor, case=case, event=MilestoneEvent.LCSPR_PUBLISHED, occurred_on=published_on
                )
                if outcome == rules.ClockOutcome.LATE:
                    clock_services.deadline_late_reason_record(
                        actor=actor, case=case, rule_code=selectors.CLOCK, reason=late_reason
                    )
            record_event(
                event_type=EventType.PUBLICATION_RECORDED
                if current is None
                else EventType.PUBLICATION_RECORD_CHANGED,
                actor=actor,
                case=case,
                target=saved,
                data={
                    "record_id": saved.pk,
                    "file_id": file.pk,
                    "kind": file.kind,
                    "file_version": file.version,
                    "sha256": file.sha256,
                    "notice_id": notice.pk,
                    "published_on": published_on.isoformat(),
                    "available_until": available_until.isoformat(),
                    "clock_outcome": outcome,
                    "panel_told_on": panel_told_on.isoformat() if panel_told_on else None,
                    "fields": changed,
                    "version": saved.version,
                },
            )
    except StaleVersionError as exc:
        _conflict(actor, case, exc, "record", expected_version)
        raise
    return saved


# --- reminders (the task worker, from `tick`) -----------------------------------------------------------


def _remind(*, case: Case, kind: str, object_id: int, due_on: dt.date, template: str) -> bool:
    """One reminder, once: the row first (unique), then the emails on commit. False if already sent."""
    people = _people_to_tell(case, CASE_RUNNERS)
    try:
        with transaction.atomic(durable=True):
            reminder = PublicationReminder.objects.create(
                case=case,
                kind=kind,
                object_id=object_id,
                due_on=due_on,
                sent_at=clock.now(),
                recipient_count=len(people),
            )
            sent = _email(case, people, template)
            record_event(
                event_type=EventType.PUBLICATION_REMINDER_SENT,
                case=case,
                target=reminder,
                data={
                    "reminder_id": reminder.pk,
                    "kind": kind,
                    "object_id": object_id,
                    "due_on": due_on.isoformat(),
                    "recipient_ids": [p.pk for p in people],
                    "emails": sent,
                },
            )
    except IntegrityError:
        return False
    return True


def reminders_send() -> int:
    """A hold whose review date has arrived, and a published review whose "available until" date is near:
    the case's business unit is emailed (a reference and a link), once per date. Returns how many went."""
    today = clock.today()
    done = {
        (kind, object_id, due_on)
        for kind, object_id, due_on in PublicationReminder.objects.filter(
            due_on__gte=today - dt.timedelta(days=400)
        ).values_list("kind", "object_id", "due_on")
    }
    sent = 0
    for hold in selectors.holds_for_reminders(today=today):
        if (ReminderKind.HOLD_REVIEW, hold.pk, hold.review_on) not in done:
            sent += _remind(
                case=hold.case,
                kind=ReminderKind.HOLD_REVIEW,
                object_id=hold.pk,
                due_on=hold.review_on,
                template="publication_hold_review",
            )
    for record in selectors.records_for_reminders(today=today):
        if (ReminderKind.AVAILABLE_UNTIL, record.pk, record.available_until) not in done:
            sent += _remind(
                case=record.case,
                kind=ReminderKind.AVAILABLE_UNTIL,
                object_id=record.pk,
                due_on=record.available_until,
                template="publication_available_until",
            )
    return sent
