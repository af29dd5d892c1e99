"""Writes for sign-off and scrutiny. Keyword-only; each checks the policy and the rules, owns its transaction
and records one audit event with ids and codes only (never the comments typed).

Who is told at each step is `alerts.rules` (alerts.services.handoff_notify: an alert and an email with only
the case reference and a link, to people who can see the case): a dissent and the third sign-off reach the
business unit, the business manager and the Chair; a challenge the business unit; its answer the Chair who
raised it; a recorded resolution of a dissent the Chair.

After the third sign-off, and after each resolution, the sign-off record (PDF) is generated on the task worker
(tasks.signoff_record_build, signoff_record_build_run, signoff_record_generate): immutable, stored with its
checksum. Each run is a SignOffRecordBuild, so a failed or stuck one shows as failed and the business unit can
ask for it again (signoff_record_retry).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.documents.services import document_path, document_store
from safeguarding_reviews.outcomes.completeness import outcome_gaps
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.outcomes.selectors import outcome_facts, outcome_for_case
from safeguarding_reviews.reports.rendering import render_pdf

from . import signable
from .models import (
    BuildStatus,
    Challenge,
    DissentResolution,
    DocumentDissentResolution,
    DocumentSignOff,
    SignOff,
    SignOffRecord,
    SignOffRecordBuild,
)
from .policies import SignOffAction, may, partners_of
from .record import record_context
from .rules import (
    SignerFacts,
    SignOffFacts,
    refusal,
    resolution_input_errors,
    resolution_refusal,
    sign_input_errors,
    signer_refusal,
)
from .selectors import (
    DocumentSignOffState,
    RecordProgress,
    SignOffState,
    build_is_stuck,
    current_signoff_record,
    document_resolution_of,
    document_signoff_state,
    latest_record_build,
    record_build_state,
    resolution_of,
    signoff_state,
)
from .signals import document_signoff_completed

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

# The stored PDF's purpose: the general document download refuses it (documents/policies.py); it leaves only
# through signoffs:record_download, which applies the sign-off page's readers.
RECORD_PURPOSE = "signoff_record"


def _link(case: Case) -> str:
    return reverse("signoffs:overview", kwargs={"case_id": case.pk})


def _tell(*, actor: User, case: Case, event: Handoff, person: Any = None) -> None:
    handoff_notify(event=event, case=case, actor=actor, person=person, link=_link(case))


def signoff_facts(*, actor: User, outcome: RapidReviewOutcome, partner: str) -> SignOffFacts:
    state = signoff_state(outcome)
    standing = state.standing.get(partner)
    mine = next((s for s in state.standing.values() if s.signed_by_id == actor.pk), None)
    drafted = outcome.drafted_by_id == actor.pk or outcome.contributors.filter(pk=actor.pk).exists()
    return SignOffFacts(
        partner=partner,
        partners_of_user=partners_of(actor, outcome.case),
        drafted_it=drafted,
        partner_signed_by_someone_else=standing is not None and standing.signed_by_id != actor.pk,
        user_signed_for=mine.partner if mine else "",
        outcome_gaps=tuple(outcome_gaps(outcome_facts(outcome))),
        has_current_report=state.report is not None,
    )


def signoff_record(
    *,
    actor: User,
    case: Case,
    partner: str,
    agrees: bool,
    comments: str = "",
    expected_version: int,
    report_sha256: str,
) -> SignOff:
    """Record one partner's agreement or disagreement with the outcome at `expected_version` and the report
    with `report_sha256` (both as the delegate saw them: if either has moved on, nothing is recorded)."""
    if not may(actor, SignOffAction.SIGN, case):
        raise PermissionDenied("Only a partner's delegate signs off")
    errors = sign_input_errors(partner=partner, agrees=agrees, comments=comments)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            # Lock the outcome row so an edit and a sign-off cannot interleave.
            outcome = RapidReviewOutcome.objects.select_for_update(no_key=True).get(case=case)
            outcome = outcome_for_case(case) or outcome
            if outcome.version != expected_version:
                raise ValidationError(
                    "The outcome has changed since you opened this page. Read it again before you sign off."
                )
            reason = refusal(signoff_facts(actor=actor, outcome=outcome, partner=partner))
            if reason:
                raise ValidationError(reason)
            state = signoff_state(outcome)
            assert state.report is not None
            if state.report.sha256 != report_sha256:
                raise ValidationError(
                    "A new report has been generated since you opened this page. Read it before you sign off."
                )
            now = clock.now()
            # The person's or partner's earlier sign-off on an older report gives way to this one.
            SignOff.objects.filter(outcome=outcome, superseded_at__isnull=True).filter(
                partner=partner
            ).update(superseded_at=now, superseded_because="signed_again")
            SignOff.objects.filter(outcome=outcome, superseded_at__isnull=True, signed_by=actor).update(
                superseded_at=now, superseded_because="signed_again"
            )
            signoff = SignOff.objects.create(
                case=case,
                outcome=outcome,
                outcome_version=outcome.version,
                report=state.report,
                report_sha256=state.report.sha256,
                partner=partner,
                signed_by=actor,
                agrees=agrees,
                comments=comments.strip(),
                signed_at=now,
            )
            record_event(
                event_type=EventType.SIGNOFF_RECORDED,
                actor=actor,
                case=case,
                target=signoff,
                data={
                    "signoff_id": signoff.pk,
                    "partner": partner,
                    "agrees": agrees,
                    "outcome_version": outcome.version,
                    "report_id": state.report.pk,
                    "report_sha256": state.report.sha256,
                },
            )
            after = signoff_state(outcome)
            if not agrees:
                _tell(actor=actor, case=case, event=Handoff.SIGNOFF_DISSENT)
            if after.complete:
                _tell(actor=actor, case=case, event=Handoff.SIGNOFF_COMPLETE)
                _queue_record(actor=actor, state=after)
    except IntegrityError as exc:  # two delegates of one partner at the same moment
        raise ValidationError("Another delegate has just signed off for this partner") from exc
    return signoff


def signoffs_supersede(*, actor: User, outcome: RapidReviewOutcome, previous_version: int) -> int:
    """An edit of the outcome supersedes every standing sign-off given before it (outcomes.signals).
    Runs inside the edit's transaction."""
    now = clock.now()
    count = SignOff.objects.filter(
        outcome=outcome, superseded_at__isnull=True, outcome_version__lt=outcome.version
    ).update(superseded_at=now, superseded_because="outcome_changed")
    if count:
        record_event(
            event_type=EventType.SIGNOFF_SUPERSEDED,
            actor=actor,
            case=outcome.case,
            target=outcome,
            data={
                "outcome_id": outcome.pk,
                "from_version": previous_version,
                "to_version": outcome.version,
                "count": count,
            },
        )
    return count


def challenge_raise(*, actor: User, case: Case, text: str) -> Challenge:
    if not may(actor, SignOffAction.CHALLENGE, case):
        raise PermissionDenied("Only the Independent Chair raises a challenge")
    if not text.strip():
        raise ValidationError({"text": "Enter your challenge or question"})
    outcome = RapidReviewOutcome.objects.filter(case=case).first()
    if outcome is None:
        raise ValidationError("There is no outcome to challenge yet")
    with transaction.atomic(durable=True):
        challenge = Challenge.objects.create(
            case=case,
            outcome=outcome,
            outcome_version=outcome.version,
            text=text.strip(),
            raised_by=actor,
            raised_at=clock.now(),
        )
        record_event(
            event_type=EventType.CHALLENGE_RAISED,
            actor=actor,
            case=case,
            target=challenge,
            data={"challenge_id": challenge.pk, "outcome_version": outcome.version},
        )
        _tell(actor=actor, case=case, event=Handoff.CHALLENGE_RAISED)
    return challenge


def challenge_answer(*, actor: User, case: Case, challenge_id: int, answer: str) -> Challenge:
    if not may(actor, SignOffAction.ANSWER, case):
        raise PermissionDenied("Only the business unit answers a challenge")
    if not answer.strip():
        raise ValidationError({"answer": "Enter the business unit's answer"})
    with transaction.atomic(durable=True):
        challenge = (
            Challenge.objects.select_for_update(no_key=True).filter(case=case, pk=challenge_id).first()
        )
        if challenge is None:
            raise ValidationError("That challenge is not on this case")
        if challenge.answered_at is not None:
            raise ValidationError("That challenge has already been answered")
        challenge.answer, challenge.answered_by, challenge.answered_at = answer.strip(), actor, clock.now()
        challenge.save(update_fields=["answer", "answered_by", "answered_at"])
        record_event(
            event_type=EventType.CHALLENGE_ANSWERED,
            actor=actor,
            case=case,
            target=challenge,
            data={"challenge_id": challenge.pk},
        )
        _tell(actor=actor, case=case, event=Handoff.CHALLENGE_ANSWERED, person=challenge.raised_by)
    return challenge


def _queue_record(*, actor: User, state: SignOffState) -> SignOffRecordBuild:
    """Queue the sign-off record of `state` on the task worker once this transaction commits: a build row,
    written in the caller's transaction, tracks it."""
    from .tasks import signoff_record_build

    build = SignOffRecordBuild.objects.create(
        case_id=state.outcome.case_id,
        outcome=state.outcome,
        basis=state.basis,
        requested_by=actor,
        created_at=clock.now(),
    )
    build_id = build.pk
    transaction.on_commit(lambda: signoff_record_build.enqueue(build_id=build_id))
    return build


def dissent_resolve(
    *, actor: User, case: Case, signoff_id: int, resolution: str, explanation: str
) -> DissentResolution:
    """The business manager records how one partner's standing disagreement was resolved, or that it stands
    and is reported to the Panel as such. The Chair is told, and the sign-off record is generated again."""
    if not may(actor, SignOffAction.RESOLVE, case):
        raise PermissionDenied("Only the business manager records how a disagreement was resolved")
    errors = resolution_input_errors(resolution=resolution, explanation=explanation)
    if errors:
        raise ValidationError(errors)
    if case.stage != Stage.RAPID_REVIEW:
        raise ValidationError("The rapid review has been sent: its sign-offs can no longer change")
    try:
        with transaction.atomic(durable=True):
            outcome = RapidReviewOutcome.objects.select_for_update(no_key=True).get(case=case)
            state = signoff_state(outcome)
            dissent = next((s for s in state.dissents if s.pk == signoff_id), None)
            reason = resolution_refusal(
                standing_dissent=dissent is not None,
                already_resolved=dissent is not None and resolution_of(dissent) is not None,
                current="current report",
            )
            if reason:
                raise ValidationError(reason)
            assert dissent is not None
            recorded = DissentResolution.objects.create(
                case=case,
                signoff=dissent,
                resolution=resolution,
                explanation=explanation.strip(),
                recorded_by=actor,
                recorded_at=clock.now(),
            )
            record_event(
                event_type=EventType.DISSENT_RESOLVED,
                actor=actor,
                case=case,
                target=recorded,
                data={
                    "resolution_id": recorded.pk,
                    "signoff_id": dissent.pk,
                    "partner": dissent.partner,
                    "resolution": resolution,
                    "outcome_version": outcome.version,
                    "report_sha256": dissent.report_sha256,
                },
            )
            _tell(actor=actor, case=case, event=Handoff.DISSENT_RESOLVED)
            if state.complete:
                # The basis now includes this resolution: read the state again.
                _queue_record(actor=actor, state=signoff_state(outcome))
    except IntegrityError as exc:  # two business managers at the same moment
        raise ValidationError("A resolution of that disagreement has already been recorded") from exc
    return recorded


def signoff_record_generate(*, outcome_id: int, actor_id: int) -> SignOffRecord | None:
    """Generate the sign-off record of the outcome's standing sign-offs and resolutions (the task worker
    calls this). Nothing when they are not complete, or when a record of exactly them already exists (a
    task run twice makes one record). Stored as the person whose action asked for it."""
    outcome = (
        RapidReviewOutcome.objects.select_related("case", "case__lead_partnership")
        .filter(pk=outcome_id)
        .first()
    )
    actor = get_user_model().objects.filter(pk=actor_id).first()
    if outcome is None or actor is None:
        return None
    case = outcome.case
    state = signoff_state(outcome)
    if not state.complete or state.report is None or current_signoff_record(state) is not None:
        return None
    generated_at = clock.now()
    pdf_bytes = render_pdf(
        record_context(case=case, state=state, generated_at=generated_at),
        template="signoffs/signoff_record_pdf.html",
    )
    pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    name = f"signoff-record-{case.reference}-v{outcome.version}.pdf"
    document = None
    try:
        with transaction.atomic(durable=True):
            document = document_store(
                actor=actor,
                case=case,
                uploaded_file=ContentFile(pdf_bytes, name=name),
                purpose=RECORD_PURPOSE,
                partnership=case.lead_partnership,
            )
            if document.sha256 != pdf_sha256:
                raise RuntimeError("the stored sign-off record does not match what was rendered")
            record = SignOffRecord.objects.create(
                case=case,
                outcome=outcome,
                outcome_version=outcome.version,
                report=state.report,
                report_sha256=state.report.sha256,
                basis=state.basis,
                pdf=document,
                pdf_sha256=pdf_sha256,
                generated_by=actor,
                generated_at=generated_at,
            )
            record_event(
                event_type=EventType.SIGNOFF_RECORD_GENERATED,
                actor=actor,
                case=case,
                target=record,
                data={
                    "record_id": record.pk,
                    "document_id": str(document.pk),
                    "pdf_sha256": pdf_sha256,
                    "report_id": state.report.pk,
                    "report_sha256": state.report.sha256,
                    "outcome_version": outcome.version,
                    "signoff_ids": sorted(s.pk for s in state.standing.values()),
                },
            )
    except BaseException:
        if document is not None:
            document_path(document).unlink(missing_ok=True)
        raise
    return record


def signoff_record_record_download(*, actor: User, record: SignOffRecord) -> None:
    """The one read event of a sign-off record download (document.downloaded, with its purpose)."""
    with transaction.atomic():
        record_event(
            event_type=EventType.DOCUMENT_DOWNLOADED,
            actor=actor,
            case=record.case,
            target=record,
            data={"purpose": RECORD_PURPOSE, "record_id": record.pk, "document_id": str(record.pdf_id)},
        )


def _build_finish(build: SignOffRecordBuild, *, status: str, record: SignOffRecord | None = None) -> None:
    SignOffRecordBuild.objects.filter(pk=build.pk).update(
        status=status, record=record, finished_at=clock.now()
    )


def signoff_record_build_run(*, build_id: int) -> SignOffRecordBuild | None:
    """Run one queued build (the task worker calls this): generate the record and mark the build done, or
    failed (recorded as signoff.record_failed, ids only) before the error goes on to the worker. A build no
    longer queued is left alone (None), so a task run twice generates once."""
    claimed = SignOffRecordBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING, started_at=clock.now()
    )
    if not claimed:
        return None
    build = SignOffRecordBuild.objects.select_related("case", "outcome").get(pk=build_id)
    try:
        record = signoff_record_generate(outcome_id=build.outcome_id, actor_id=build.requested_by_id)
        if record is None:  # already generated, or the sign-offs have moved on since this was queued
            record = current_signoff_record(signoff_state(build.outcome))
        _build_finish(build, status=BuildStatus.DONE, record=record)
    except Exception:
        with transaction.atomic(durable=True):
            _build_finish(build, status=BuildStatus.FAILED)
            record_event(
                event_type=EventType.SIGNOFF_RECORD_FAILED,
                actor=build.requested_by,
                case=build.case,
                target=build,
                data={"build_id": build.pk, "outcome_id": build.outcome_id, "basis": build.basis},
            )
        raise  # the worker keeps the task as failed, with its traceback
    build.refresh_from_db()
    return build


def signoff_record_retry(*, actor: User, case: Case) -> SignOffRecordBuild | None:
    """The business unit asks again for a sign-off record whose generation failed or is stuck. Idempotent:
    when the record exists or a build is already under way, nothing is queued and None is returned; otherwise
    one new build is queued (a stuck one is marked failed first) and signoff.record_retried is recorded."""
    if not may(actor, SignOffAction.REGENERATE, case):
        raise PermissionDenied("Only the business unit generates the sign-off record again")
    with transaction.atomic(durable=True):
        # Lock the outcome row: two presses at once queue one build.
        outcome = RapidReviewOutcome.objects.select_for_update(no_key=True).filter(case=case).first()
        if outcome is None:
            raise ValidationError("There is no rapid review outcome on this case")
        state = signoff_state(outcome)
        progress = record_build_state(state)
        if progress is None:
            raise ValidationError("The sign-off record is generated once all three partners have signed off")
        if progress.progress != RecordProgress.FAILED:
            return None
        previous = latest_record_build(state)
        if previous is not None and build_is_stuck(previous):
            SignOffRecordBuild.objects.filter(
                pk=previous.pk, status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING]
            ).update(status=BuildStatus.FAILED, finished_at=clock.now())
        build = _queue_record(actor=actor, state=state)
        record_event(
            event_type=EventType.SIGNOFF_RECORD_RETRIED,
            actor=actor,
            case=case,
            target=build,
            data={
                "build_id": build.pk,
                "previous_build_id": previous.pk if previous else None,
                "previous_status": previous.status if previous else "",
                "stuck": progress.stuck,
                "outcome_version": outcome.version,
                "basis": state.basis,
            },
        )
    return build


# --- sign-off of any registered document (signable.py) --------------------------------------------------
# The same rules as the rapid review's (rules.py); who is told is the same people, through the same apps.


def _document_link(case: Case, kind: str) -> str:
    return reverse("signoffs:document", kwargs={"case_id": case.pk, "kind": kind})


def _document_facts(
    *, user: User, case: Case, state: DocumentSignOffState, partner: str, drafted_by: frozenset[int]
) -> SignerFacts:
    standing = state.standing.get(partner)
    mine = next((s for s in state.standing.values() if s.signed_by_id == user.pk), None)
    return SignerFacts(
        partner=partner,
        partners_of_user=partners_of(user, case),
        drafted_it=user.pk in drafted_by,
        partner_signed_by_someone_else=standing is not None and standing.signed_by_id != user.pk,
        user_signed_for=mine.partner if mine else "",
    )


def document_signer_refusal(
    *, user: User, case: Case, state: DocumentSignOffState, partner: str
) -> str | None:
    """Why `user` may not sign the current version for `partner` (rules.signer_refusal), or None."""
    if state.current is None:
        return "There is no version of this document to sign yet"
    return signer_refusal(
        _document_facts(
            user=user, case=case, state=state, partner=partner, drafted_by=state.current.drafted_by
        )
    )


def document_signoff_give(
    *,
    user: User,
    case: Case,
    kind: str,
    partner: str,
    agrees: bool,
    comments: str = "",
    version: int,
    sha256: str,
) -> DocumentSignOff:
    """Record one partner's agreement or disagreement with the current version of a registered kind of
    document, as the delegate read it (`version` and `sha256`): if a new version has been made since,
    nothing is recorded. Refused (ValidationError) for anyone who is not that partner's delegate, who drafted
    it, or who already stands for another partner. Tells the same people as the rapid review's sign-off."""
    found = signable.get(kind)
    if not may(user, SignOffAction.SIGN, case):
        raise PermissionDenied("Only a partner's delegate signs off")
    errors = sign_input_errors(partner=partner, agrees=agrees, comments=comments)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            # Lock the case row so two sign-offs of one case cannot interleave.
            case_lock(case=case)
            state = document_signoff_state(case=case, kind=found)
            current = state.current
            if current is None:
                raise ValidationError("There is no version of this document to sign yet")
            if current.version != version or current.sha256 != sha256:
                raise ValidationError(
                    "A new version of this document has been made since you opened this page. "
                    "Read it again before you sign off."
                )
            reason = document_signer_refusal(user=user, case=case, state=state, partner=partner)
            if reason:
                raise ValidationError(reason)
            now = clock.now()
            same_document = DocumentSignOff.objects.filter(
                case=case, kind=found.code, document_id=current.document_id, superseded_at__isnull=True
            )
            # A standing sign-off of an older version left behind (a new version made without superseding)
            # gives way; so do this partner's and this person's earlier ones.
            same_document.exclude(document_version=current.version, document_sha256=current.sha256).update(
                superseded_at=now, superseded_because="new_version"
            )
            same_document.filter(Q(partner=partner) | Q(signed_by=user)).update(
                superseded_at=now, superseded_because="signed_again"
            )
            signoff = DocumentSignOff.objects.create(
                case=case,
                kind=found.code,
                document_id=current.document_id,
                document_version=current.version,
                document_sha256=current.sha256,
                partner=partner,
                signed_by=user,
                agrees=agrees,
                comments=comments.strip(),
                signed_at=now,
            )
            record_event(
                event_type=EventType.DOCUMENT_SIGNOFF_RECORDED,
                actor=user,
                case=case,
                target=signoff,
                data={
                    "signoff_id": signoff.pk,
                    "kind": found.code,
                    "document_id": current.document_id,
                    "document_version": current.version,
                    "document_sha256": current.sha256,
                    "partner": partner,
                    "agrees": agrees,
                },
            )
            link = _document_link(case, found.code)
            if not agrees:
                handoff_notify(event=Handoff.DOCUMENT_SIGNOFF_DISSENT, case=case, actor=user, link=link)
            now_state = document_signoff_state(case=case, kind=found)
            if now_state.complete:
                handoff_notify(event=Handoff.DOCUMENT_SIGNOFF_COMPLETE, case=case, actor=user, link=link)
            # Only a sign-off by all three in agreement completes the document for the apps above: a standing
            # dissent leaves it unsigned (it is resolved, or the document changes and is signed again).
            if now_state.signed_off:
                document_signoff_completed.send(
                    sender=DocumentSignOff,
                    case=case,
                    kind=found.code,
                    document_id=current.document_id,
                    version=current.version,
                    actor=user,
                )
    except IntegrityError as exc:  # two delegates of one partner at the same moment
        raise ValidationError("Another delegate has just signed off for this partner") from exc
    return signoff


def document_ready_for_signoff(*, case: Case, kind: str, actor: User) -> list[Any]:
    """The owning app has sent a version of its document to the partners (e.g. the final report record
    submitted): the partners' delegates are told, with a link to the sign page. Call it inside the transaction
    that sends it; the hand-off records who was told. Returns who was told."""
    found = signable.get(kind)
    return handoff_notify(
        event=Handoff.DOCUMENT_READY, case=case, actor=actor, link=_document_link(case, found.code)
    )


def document_signoffs_supersede(
    *, case: Case, kind: str, document_id: int, because: str, actor: User | None = None
) -> int:
    """The owning app made a new version of the document: every standing sign-off of it is superseded
    (kept on the record, `superseded_because` = `because`, e.g. "new_version"). Call it inside the
    transaction that makes the new version. Returns how many were superseded; audited when any were."""
    found = signable.get(kind)
    because = (because or "new_version")[:40]
    with transaction.atomic():
        count = DocumentSignOff.objects.filter(
            case=case, kind=found.code, document_id=document_id, superseded_at__isnull=True
        ).update(superseded_at=clock.now(), superseded_because=because)
        if count:
            record_event(
                event_type=EventType.DOCUMENT_SIGNOFF_SUPERSEDED,
                actor=actor,
                case=case,
                object_type="signoffs.documentsignoff",
                object_id=str(document_id),
                data={"kind": found.code, "document_id": document_id, "because": because, "count": count},
            )
    return count


def document_dissent_resolve(
    *, user: User, signoff: DocumentSignOff, resolution: str, explanation: str
) -> DocumentDissentResolution:
    """The business manager records how one partner's standing disagreement with the current version was
    resolved, or that it stands. The Independent Chair is told."""
    case = signoff.case
    if not may(user, SignOffAction.RESOLVE, case):
        raise PermissionDenied("Only the business manager records how a disagreement was resolved")
    errors = resolution_input_errors(resolution=resolution, explanation=explanation)
    if errors:
        raise ValidationError(errors)
    found = signable.get(signoff.kind)
    try:
        with transaction.atomic(durable=True):
            case_lock(case=case)
            state = document_signoff_state(case=case, kind=found)
            dissent = next((s for s in state.dissents if s.pk == signoff.pk), None)
            reason = resolution_refusal(
                standing_dissent=dissent is not None,
                already_resolved=dissent is not None and document_resolution_of(dissent) is not None,
                current="current version",
            )
            if reason:
                raise ValidationError(reason)
            assert dissent is not None
            recorded = DocumentDissentResolution.objects.create(
                case=case,
                signoff=dissent,
                resolution=resolution,
                explanation=explanation.strip(),
                recorded_by=user,
                recorded_at=clock.now(),
            )
            record_event(
                event_type=EventType.DOCUMENT_DISSENT_RESOLVED,
                actor=user,
                case=case,
                target=recorded,
                data={
                    "resolution_id": recorded.pk,
                    "signoff_id": dissent.pk,
                    "kind": found.code,
                    "partner": dissent.partner,
                    "resolution": resolution,
                    "document_version": dissent.document_version,
                    "document_sha256": dissent.document_sha256,
                },
            )
            handoff_notify(
                event=Handoff.DOCUMENT_DISSENT_RESOLVED,
                case=case,
                actor=user,
                link=_document_link(case, found.code),
            )
    except IntegrityError as exc:  # two business managers at the same moment
        raise ValidationError("A resolution of that disagreement has already been recorded") from exc
    return recorded
