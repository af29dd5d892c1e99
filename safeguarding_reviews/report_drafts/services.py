"""Writes to a case's report drafts: upload a version, comment, respond, ask an agency to check a version for
factual accuracy and the agency's reply. Keyword-only; each owns its transaction and records one audit event
with ids and choice values only (never the comment's or the reason's text)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.documents.inspection import detect
from safeguarding_reviews.documents.services import document_record_download, document_store
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.parallel_processes.constraints import Block
from safeguarding_reviews.parallel_processes.selectors import active_blocks

from . import policies, rules, selectors
from .models import DraftComment, FactualAccuracyRequest, FactualStatus, ReportDraft, Response
from .signals import draft_uploaded

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

PURPOSE = "report_draft"
DRAFT_SHARING = Block.DRAFT_SHARING.value
NOTE_MAX = 2000


def _check(allowed: bool, why: str) -> None:
    if not allowed:
        raise PermissionDenied(why)


def _check_open(case: Case) -> None:
    if case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed: its drafts can no longer be changed")


def draft_upload(*, actor: User, case: Case, uploaded_file: Any, note: str = "") -> ReportDraft:
    """The case's reviewer (or the business unit on their behalf) uploads the next version: a DOCX or PDF by
    its content, stored in the document store with its checksum. Versions number from 1 per case and are
    never replaced."""
    _check(policies.may_upload(actor, case), policies.ACTIONS["upload"][1])
    _check_open(case)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"What changed must be {NOTE_MAX} characters or fewer"})
    if uploaded_file is None:
        raise ValidationError({"file": "Select the draft to upload"})
    try:
        file_type = detect(uploaded_file)  # type, size, emptiness, zip bomb and macros, by content
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from exc
    if (error := rules.file_type_error(file_type.code)) is not None:
        raise ValidationError({"file": error})
    with transaction.atomic(durable=True):
        # Lock the case row so two uploads cannot take the same number.
        case_lock(case=case)
        number = (ReportDraft.objects.filter(case=case).aggregate(n=Max("version"))["n"] or 0) + 1
        document = document_store(
            actor=actor, case=case, uploaded_file=uploaded_file, purpose=PURPOSE, checked_type=file_type
        )
        draft = ReportDraft.objects.create(
            case=case,
            version=number,
            document=document,
            sha256=document.sha256,
            note=note,
            uploaded_by=actor,
            uploaded_at=clock.now(),
        )
        record_event(
            event_type=EventType.REPORT_DRAFT_UPLOADED,
            actor=actor,
            case=case,
            target=draft,
            data={
                "draft_id": draft.pk,
                "version": number,
                "document_id": str(document.pk),
                "sha256": document.sha256,
                "type": file_type.code,
                "on_behalf": not policies.is_case_reviewer(actor, case),
            },
        )
        draft_uploaded.send(sender=ReportDraft, case=case, draft=draft, actor=actor)
    return draft


def draft_record_download(*, actor: User, draft: ReportDraft) -> None:
    """The one read event of a version's download (documents' DOCUMENT_DOWNLOADED)."""
    document_record_download(actor=actor, case=draft.case, document=draft.document)


def _comment_create(
    *, actor: User, draft: ReportDraft, reference: str, text: str, role: str, request: Any = None
) -> DraftComment:
    errors = rules.comment_errors(reference=reference, text=text)
    if errors:
        raise ValidationError(errors)
    comment = DraftComment.objects.create(
        draft=draft,
        reference=reference.strip(),
        text=text.strip(),
        author=actor,
        author_role=role,
        factual_request=request,
        created_at=clock.now(),
    )
    record_event(
        event_type=EventType.REPORT_DRAFT_COMMENTED,
        actor=actor,
        case=draft.case,
        target=comment,
        data={
            "draft_id": draft.pk,
            "version": draft.version,
            "comment_id": comment.pk,
            "role": role,
            "factual_request_id": request.pk if request is not None else None,
        },
    )
    return comment


def comment_add(*, actor: User, draft: ReportDraft, reference: str, text: str) -> DraftComment:
    """The LCPC, a partner's delegate or the business unit comments on the latest version while the case is
    open: the paragraph or section, and the comment."""
    case = draft.case
    _check(policies.may_comment(actor, case), policies.ACTIONS["comment"][1])
    refusal = rules.comment_refusal(
        version=draft.version,
        latest_version=selectors.latest_version(case),
        case_closed=case.stage == Stage.CLOSED,
    )
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic(durable=True):
        return _comment_create(
            actor=actor,
            draft=draft,
            reference=reference,
            text=text,
            role=policies.commenter_role(actor, case),
        )


def comment_respond(
    *, actor: User, comment: DraftComment, expected_version: int, response: str, reason: str = ""
) -> DraftComment:
    """The case's reviewer responds to a comment: accepted, or not accepted with a reason. A response can be
    changed (versioned: StaleVersionError if someone saved one since `expected_version`)."""
    draft = comment.draft
    case = draft.case
    _check(policies.may_respond(actor, case), policies.ACTIONS["respond"][1])
    _check_open(case)
    errors = rules.response_errors(response=response, reason=reason or "")
    if errors:
        raise ValidationError(errors)
    changes = {
        "response": response,
        "response_reason": (reason or "").strip() if response == Response.NOT_ACCEPTED else "",
        "responded_by": actor,
        "responded_at": clock.now(),
    }
    try:
        with transaction.atomic(durable=True):
            current = DraftComment.objects.select_for_update(no_key=True).get(pk=comment.pk)
            comment = update_versioned(current, expected_version=expected_version, changes=changes)
            record_event(
                event_type=EventType.REPORT_DRAFT_RESPONDED,
                actor=actor,
                case=case,
                target=comment,
                data={
                    "draft_id": draft.pk,
                    "comment_id": comment.pk,
                    "response": response,
                    "version": comment.version,
                },
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.REPORT_DRAFT_RESPONSE_CONFLICT,
                actor=actor,
                case=case,
                target=comment,
                data={"comment_id": comment.pk, "expected_version": expected_version},
            )
        raise
    comment.draft = draft
    return comment


def factual_request_send(
    *,
    actor: User,
    draft: ReportDraft,
    recipient_id: int | None,
    agency_id: int | None,
    due_on: dt.date | None,
) -> FactualAccuracyRequest:
    """The business unit asks a named person at an agency (a member with an agency role for it) to check this
    version for factual accuracy by a date after today. Someone not yet named on the case is named as agency
    author: the scoped grant, ended when they reply."""
    case = draft.case
    _check(policies.may_request_factual_check(actor, case), policies.ACTIONS["factual"][1])
    _check_open(case)
    errors: dict[str, str] = {}
    if (due_error := rules.due_on_error(due_on, today=clock.today())) is not None:
        errors["due_on"] = due_error
    people = {(person.pk, agency.pk): (person, agency) for person, agency in selectors.agency_people(case)}
    chosen = people.get((recipient_id or 0, agency_id or 0))
    if chosen is None:
        errors["recipient"] = "Select a person at an agency of the case's partnership"
    if errors:
        raise ValidationError(errors)
    # Sending the draft to an agency shares it: refused while a parallel process blocks sharing the draft.
    blocked = active_blocks(case).get(DRAFT_SHARING, ())
    if blocked:
        raise ValidationError(f"Sharing the draft report is blocked: {blocked[0]}")
    assert chosen is not None and due_on is not None
    recipient, agency = chosen
    with transaction.atomic(durable=True):
        grant = None
        if not CaseMembership.objects.filter(case=case, user=recipient, ended_at__isnull=True).exists():
            grant = CaseMembership.objects.create(
                case=case, user=recipient, capacity=CaseCapacity.AGENCY_AUTHOR, added_by=actor
            )
        request = FactualAccuracyRequest.objects.create(
            draft=draft,
            case=case,
            agency=agency,
            recipient=recipient,
            due_on=due_on,
            sent_by=actor,
            sent_at=clock.now(),
            granted_membership=grant,
        )
        record_event(
            event_type=EventType.REPORT_DRAFT_FACTUAL_REQUESTED,
            actor=actor,
            case=case,
            target=request,
            data={
                "request_id": request.pk,
                "draft_id": draft.pk,
                "version": draft.version,
                "agency_id": agency.pk,
                "recipient_id": recipient.pk,
                "due_on": due_on.isoformat(),
                "granted_membership_id": grant.pk if grant else None,
            },
        )
        _email(request, recipient.email)
    return request


def _email(request: FactualAccuracyRequest, to: str) -> None:
    from django.urls import reverse

    from safeguarding_reviews.emails.services import absolute_url, email_send

    link = reverse(
        "report_drafts:factual_request", kwargs={"case_id": request.case_id, "request_id": request.pk}
    )
    email_send(
        to=to,
        template="report_draft_factual_request",
        context={
            "case_reference": request.case.reference,
            "partnership_name": request.case.lead_partnership.name,
            "link": absolute_url(link),
        },
    )


def _check_recipient(actor: User, request: FactualAccuracyRequest) -> None:
    if request.recipient_id != actor.pk:
        raise PermissionDenied("Only the person asked replies to a factual-accuracy request")
    if request.status != FactualStatus.OPEN:
        raise ValidationError("This request has already been answered")
    _check_open(request.case)


def factual_correction_add(
    *, actor: User, request: FactualAccuracyRequest, reference: str, text: str
) -> DraftComment:
    """The agency's author sends a factual correction: a comment on the request's version (whichever version
    is latest), shown with their agency, for the reviewer's response."""
    _check_recipient(actor, request)
    with transaction.atomic(durable=True):
        # Locked and checked again: a correction never lands after the reply or the withdrawal.
        current = FactualAccuracyRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
        if current.status != FactualStatus.OPEN:
            raise ValidationError("This request has already been answered")
        return _comment_create(
            actor=actor,
            draft=request.draft,
            reference=reference,
            text=text,
            role=Role.AGENCY_AUTHOR.value,
            request=request,
        )


def factual_reply(
    *, actor: User, request: FactualAccuracyRequest, expected_version: int, reply: str
) -> FactualAccuracyRequest:
    """The agency's author replies: factual corrections sent (as comments), or none. The request is answered
    and the place on the case it granted ends."""
    _check_recipient(actor, request)
    corrections = DraftComment.objects.filter(factual_request=request).count()
    if (error := rules.reply_error(reply=reply, corrections=corrections)) is not None:
        raise ValidationError({"reply": error})
    now = clock.now()
    with transaction.atomic(durable=True):
        current = FactualAccuracyRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
        if current.status != FactualStatus.OPEN:
            raise ValidationError("This request has already been answered")
        answered = update_versioned(
            current,
            expected_version=expected_version,
            changes={
                "status": FactualStatus.ANSWERED,
                "reply": reply,
                "answered_by": actor,
                "answered_at": now,
            },
        )
        _end_grant(answered, now)
        record_event(
            event_type=EventType.REPORT_DRAFT_FACTUAL_ANSWERED,
            actor=actor,
            case=request.case,
            target=answered,
            data={
                "request_id": answered.pk,
                "reply": reply,
                "corrections": corrections,
                "granted_membership_id": answered.granted_membership_id,
            },
        )
    return answered


def _end_grant(request: FactualAccuracyRequest, now: dt.datetime) -> None:
    """The request is answered or withdrawn: the place on the case it granted ends, unless the same person
    has another open request on the case (sent while they held this place, so it granted none): the place
    then passes to that request and ends with it."""
    if request.granted_membership_id is None:
        return
    other = (
        FactualAccuracyRequest.objects.filter(
            case_id=request.case_id, recipient_id=request.recipient_id, status=FactualStatus.OPEN
        )
        .exclude(pk=request.pk)
        .order_by("pk")
        .first()
    )
    if other is not None:
        FactualAccuracyRequest.objects.filter(pk=other.pk).update(
            granted_membership_id=request.granted_membership_id
        )
        return
    CaseMembership.objects.filter(pk=request.granted_membership_id, ended_at__isnull=True).update(
        ended_at=now
    )


def factual_withdraw(
    *, actor: User, request: FactualAccuracyRequest, expected_version: int
) -> FactualAccuracyRequest:
    """The business unit withdraws an open request (sent to the wrong person, or no longer needed): the place
    on the case it granted ends. Corrections already sent stay on the draft."""
    _check(policies.may_request_factual_check(actor, request.case), policies.ACTIONS["factual"][1])
    _check_open(request.case)
    with transaction.atomic(durable=True):
        current = FactualAccuracyRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
        if current.status != FactualStatus.OPEN:
            raise ValidationError("This request is no longer open")
        withdrawn = update_versioned(
            current, expected_version=expected_version, changes={"status": FactualStatus.WITHDRAWN}
        )
        _end_grant(withdrawn, clock.now())
        record_event(
            event_type=EventType.REPORT_DRAFT_FACTUAL_WITHDRAWN,
            actor=actor,
            case=request.case,
            target=withdrawn,
            data={"request_id": withdrawn.pk, "granted_membership_id": withdrawn.granted_membership_id},
        )
    return withdrawn
