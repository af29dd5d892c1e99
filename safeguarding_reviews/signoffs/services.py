"""Writes for sign-off and scrutiny. Keyword-only; each checks the policy and the rules, owns its transaction
and records one audit event with ids and codes only (never the comments typed).

Who is told at each step is `alerts.rules` (alerts.services.handoff_notify: an alert and an email with only
the case reference and a link, to people who can see the case): a dissent and the third sign-off reach the
business unit, the business manager and the Chair; a challenge the business unit; its answer the Chair who
raised it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.outcomes.completeness import outcome_gaps
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.outcomes.selectors import outcome_facts, outcome_for_case

from .models import Challenge, Partner, SignOff
from .policies import SignOffAction, may, partners_of
from .rules import SignOffFacts, refusal
from .selectors import signoff_state


def _link(case: Case) -> str:
    return reverse("signoffs:overview", kwargs={"case_id": case.pk})


def _tell(*, actor: Any, case: Case, event: Handoff, person: Any = None) -> None:
    handoff_notify(event=event, case=case, actor=actor, person=person, link=_link(case))


def signoff_facts(*, actor: Any, outcome: RapidReviewOutcome, partner: str) -> SignOffFacts:
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
    actor: Any,
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
        raise PermissionDenied
    if partner not in Partner.values:
        raise ValidationError({"partner": "Select the partner you are signing for"})
    if not agrees and not comments.strip():
        raise ValidationError({"comments": "Say why your partner disagrees"})
    try:
        with transaction.atomic(durable=True):
            # Lock the outcome row so an edit and a sign-off cannot interleave.
            outcome = RapidReviewOutcome.objects.select_for_update().get(case=case)
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
    except IntegrityError as exc:  # two delegates of one partner at the same moment
        raise ValidationError("Another delegate has just signed off for this partner") from exc
    return signoff


def signoffs_supersede(*, actor: Any, outcome: RapidReviewOutcome, previous_version: int) -> int:
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


def challenge_raise(*, actor: Any, case: Case, text: str) -> Challenge:
    if not may(actor, SignOffAction.CHALLENGE, case):
        raise PermissionDenied
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


def challenge_answer(*, actor: Any, case: Case, challenge_id: int, answer: str) -> Challenge:
    if not may(actor, SignOffAction.ANSWER, case):
        raise PermissionDenied
    if not answer.strip():
        raise ValidationError({"answer": "Enter the business unit's answer"})
    with transaction.atomic(durable=True):
        challenge = Challenge.objects.select_for_update().filter(case=case, pk=challenge_id).first()
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
