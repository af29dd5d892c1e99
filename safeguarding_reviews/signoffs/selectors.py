"""Reads for the sign-off page: the outcome's standing sign-offs against its current report, the history
(superseded sign-offs and dissent stay on the record) and the Chair's challenges. Fixed number of queries."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.models import GeneratedReport
from safeguarding_reviews.reports.selectors import current_report

from . import signable
from .models import (
    Challenge,
    DissentResolution,
    DocumentDissentResolution,
    DocumentSignOff,
    Partner,
    SignOff,
    SignOffRecord,
    SignOffRecordBuild,
)
from .rules import Positions, SendFacts, positions_state
from .signable import SignableKind, SignableVersion


@dataclass
class SignOffState:
    outcome: RapidReviewOutcome
    report: GeneratedReport | None
    standing: dict[str, SignOff] = field(default_factory=dict)  # partner -> sign-off on the current report
    history: list[SignOff] = field(default_factory=list)

    @property
    def positions(self) -> Positions:
        return positions_state({p: s.agrees for p, s in self.standing.items()})

    @property
    def complete(self) -> bool:
        """All three partners have recorded their view (agree or disagree) on the current report."""
        return self.positions.complete

    @property
    def all_agree(self) -> bool:
        return self.positions.signed_off

    @property
    def dissents(self) -> list[SignOff]:
        """The standing sign-offs that disagree, in the partners' order."""
        return [s for value, _, s in self.rows if s is not None and not s.agrees]

    @property
    def unresolved(self) -> list[SignOff]:
        return [s for s in self.dissents if resolution_of(s) is None]

    @property
    def basis(self) -> str:
        """Which sign-offs and resolutions a sign-off record is built from (SignOffRecord.basis)."""
        signoffs = ",".join(str(s.pk) for s in sorted(self.standing.values(), key=lambda s: s.pk))
        found = [resolution_of(s) for s in self.dissents]
        resolutions = ",".join(str(pk) for pk in sorted(r.pk for r in found if r is not None))
        return f"s{signoffs};r{resolutions}"

    @property
    def rows(self) -> list[tuple[str, str, SignOff | None]]:
        return [(value, str(label), self.standing.get(value)) for value, label in Partner.choices]


def resolution_of(signoff: SignOff) -> DissentResolution | None:
    """The recorded resolution of a dissenting sign-off, or None (no query: signoff_state joins it)."""
    try:
        return signoff.resolution
    except DissentResolution.DoesNotExist:
        return None


def signoff_state(outcome: RapidReviewOutcome) -> SignOffState:
    report = current_report(outcome=outcome)
    history = list(
        SignOff.objects.filter(outcome=outcome)
        .select_related("signed_by", "resolution", "resolution__recorded_by")
        .order_by("-signed_at", "-pk")
    )
    standing = {}
    for signoff in history:
        if (
            signoff.superseded_at is None
            and report is not None
            and signoff.outcome_version == outcome.version
            and signoff.report_sha256 == report.sha256
        ):
            standing[signoff.partner] = signoff
    return SignOffState(outcome=outcome, report=report, standing=standing, history=history)


def challenges_for(outcome: RapidReviewOutcome) -> list[Challenge]:
    return list(Challenge.objects.filter(outcome=outcome).select_related("raised_by", "answered_by"))


def current_signoff_record(state: SignOffState) -> SignOffRecord | None:
    """The newest sign-off record built from exactly the standing sign-offs and resolutions, or None (not
    complete yet, or its generation has not finished)."""
    if not state.complete or state.report is None:
        return None
    return (
        SignOffRecord.objects.filter(outcome=state.outcome, report=state.report, basis=state.basis)
        .select_related("pdf")
        .order_by("-generated_at", "-pk")
        .first()
    )


# A build still waiting or running after this long is taken as failed (its worker died or never ran): the
# record takes seconds to render, so this leaves a generous margin for a busy queue.
BUILD_STALE_AFTER = dt.timedelta(minutes=15)


class RecordProgress(enum.StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"


@dataclass(frozen=True)
class RecordBuildState:
    """Where the current sign-off record is: generated (`record`), being generated, or failed. `stuck` says
    the failure is a build that has waited or run too long; `build` is the newest build of this basis."""

    progress: RecordProgress
    record: SignOffRecord | None
    build: SignOffRecordBuild | None
    stuck: bool = False

    @property
    def finished(self) -> bool:
        return self.progress != RecordProgress.IN_PROGRESS


def latest_record_build(state: SignOffState) -> SignOffRecordBuild | None:
    return (
        SignOffRecordBuild.objects.filter(outcome=state.outcome, basis=state.basis)
        .order_by("-created_at", "-pk")
        .first()
    )


def build_is_stuck(build: SignOffRecordBuild, *, now: dt.datetime | None = None) -> bool:
    now = now or clock.now()
    return build.in_flight and (build.started_at or build.created_at) < now - BUILD_STALE_AFTER


def record_build_state(state: SignOffState) -> RecordBuildState | None:
    """The sign-off record's progress for the standing sign-offs and resolutions; None until all three
    partners have signed. No build of this basis at all (lost before the builds were kept, or never queued)
    counts as failed, so it can be generated again. Two queries."""
    if not state.complete or state.report is None:
        return None
    record = current_signoff_record(state)
    build = latest_record_build(state)
    if record is not None:
        return RecordBuildState(RecordProgress.DONE, record, build)
    if build is not None and build.in_flight:
        if build_is_stuck(build):
            return RecordBuildState(RecordProgress.FAILED, None, build, stuck=True)
        return RecordBuildState(RecordProgress.IN_PROGRESS, None, build)
    return RecordBuildState(RecordProgress.FAILED, None, build)


def signoff_records_for(outcome: RapidReviewOutcome) -> list[SignOffRecord]:
    """Every sign-off record of the outcome, newest first: one query."""
    return list(SignOffRecord.objects.filter(outcome=outcome).order_by("-generated_at", "-pk"))


def open_challenges(outcome: RapidReviewOutcome) -> int:
    return Challenge.objects.filter(outcome=outcome, answered_at__isnull=True).count()


def send_facts(*, case: Case, outcome: RapidReviewOutcome | None) -> SendFacts:
    """The facts rules.send_refusal and rules.send_warnings need to decide whether the report may be sent to
    the Panel now. A fixed number of queries."""
    from safeguarding_reviews.cases.stages import Stage

    at_rapid_review = case.stage == Stage.RAPID_REVIEW
    if outcome is None:
        return SendFacts(
            at_rapid_review=at_rapid_review,
            has_current_report=False,
            waiting_for=tuple(Partner.values),
            unresolved_dissents=(),
            record_is_current=False,
            open_challenges=0,
        )
    state = signoff_state(outcome)
    return SendFacts(
        at_rapid_review=at_rapid_review,
        has_current_report=state.report is not None,
        waiting_for=tuple(value for value, _, signoff in state.rows if signoff is None),
        unresolved_dissents=tuple(s.partner for s in state.unresolved),
        record_is_current=current_signoff_record(state) is not None,
        open_challenges=open_challenges(outcome),
    )


# --- sign-off of any registered document (signable.py) --------------------------------------------------


@dataclass
class DocumentSignOffState:
    """The sign-offs of one kind of document on one case: `current` is the version to sign now (None when
    there is none), `standing` each partner's sign-off of exactly that version and checksum, `history` every
    sign-off of the kind, newest first (superseded ones and dissent stay on the record)."""

    kind: SignableKind
    current: SignableVersion | None
    standing: dict[str, DocumentSignOff] = field(default_factory=dict)
    history: list[DocumentSignOff] = field(default_factory=list)

    @property
    def positions(self) -> Positions:
        return positions_state(
            {p: s.agrees for p, s in self.standing.items()},
            frozenset(p for p, s in self.standing.items() if document_resolution_of(s) is not None),
        )

    @property
    def complete(self) -> bool:
        return self.positions.complete

    @property
    def signed_off(self) -> bool:
        """All three partners have signed the current version in agreement."""
        return self.positions.signed_off

    @property
    def outstanding(self) -> tuple[str, ...]:
        return self.positions.outstanding

    @property
    def dissents(self) -> list[DocumentSignOff]:
        return [self.standing[p] for p in self.positions.dissenting]

    @property
    def unresolved(self) -> list[DocumentSignOff]:
        return [self.standing[p] for p in self.positions.unresolved]

    @property
    def rows(self) -> list[tuple[str, str, DocumentSignOff | None]]:
        return [(value, str(label), self.standing.get(value)) for value, label in Partner.choices]


def document_resolution_of(signoff: DocumentSignOff) -> DocumentDissentResolution | None:
    """The recorded resolution of a dissenting sign-off, or None (no query: the state joins it)."""
    try:
        return signoff.resolution
    except DocumentDissentResolution.DoesNotExist:
        return None


def document_signoff_state(*, case: Case, kind: SignableKind) -> DocumentSignOffState:
    """The kind's current version (what its `current` costs) and one query for the sign-offs."""
    current = kind.current(case)
    history = list(
        DocumentSignOff.objects.filter(case=case, kind=kind.code)
        .select_related("signed_by", "resolution", "resolution__recorded_by")
        .order_by("-signed_at", "-pk")
    )
    standing: dict[str, DocumentSignOff] = {}
    if current is not None:
        for signoff in history:
            if (
                signoff.superseded_at is None
                and signoff.document_id == current.document_id
                and signoff.document_version == current.version
                and signoff.document_sha256 == current.sha256
            ):
                standing[signoff.partner] = signoff
    return DocumentSignOffState(kind=kind, current=current, standing=standing, history=history)


def document_standing_signoffs(*, case: Case, kind: str) -> dict[str, DocumentSignOff]:
    """Each partner's standing sign-off of the current version of `kind` (a registered code)."""
    return document_signoff_state(case=case, kind=signable.get(kind)).standing


def document_signed_off(*, case: Case, kind: str) -> bool:
    """Whether all three partners have signed the current version of `kind` in agreement."""
    return document_signoff_state(case=case, kind=signable.get(kind)).signed_off


def document_outstanding_partners(*, case: Case, kind: str) -> tuple[str, ...]:
    """The partners (rules.PARTNERS values) with no standing sign-off of the current version of `kind`."""
    return document_signoff_state(case=case, kind=signable.get(kind)).outstanding
