"""Reads of a case's publication. Each costs a fixed number of queries however many file versions, holds
and notices there are. `signing_version` is the interface for signoffs (wiring.py); `held_reviews` is the
business unit dashboard's section; `overview` is the task list page's."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Case as Cases
from django.db.models import F, IntegerField, Q, QuerySet, Subquery, Value, When

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_case_q
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline, RuleSet
from safeguarding_reviews.clocks.selectors import deadline_for
from safeguarding_reviews.core.compiled_query import CompiledQueries, instance, model_values
from safeguarding_reviews.final_reports.models import FinalReport
from safeguarding_reviews.final_reports.selectors import report_for_case
from safeguarding_reviews.organisations.selectors import roles_key
from safeguarding_reviews.parallel_processes.models import ParallelProcess
from safeguarding_reviews.parallel_processes.selectors import active_blocks
from safeguarding_reviews.reports.models import DocumentGeneration
from safeguarding_reviews.reports.selectors import latest_document_generation
from safeguarding_reviews.signoffs import signable
from safeguarding_reviews.signoffs.selectors import DocumentSignOffState, document_signoff_state
from safeguarding_reviews.working_days.selectors import statutory_non_working_days

from . import checking, rules
from .models import (
    PublicationDecision,
    PublicationFile,
    PublicationHold,
    PublicationNotice,
    PublicationRecord,
    PublicationRules,
)
from .rules import PublicationFacts

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

KIND = "publication_decision"
BRIEFING_BUILDER = "publication_seven_minute_briefing"
BRIEFING_KIND = "seven_minute_briefing"
CLOCK = "lcspr_publication"
# Stages at which a case's publication may be written: the LCSPR, and "Publication" should a later step move
# the case there.
WRITABLE_STAGES = frozenset({Stage.LCSPR, Stage.PUBLICATION})
ACTIVE_HOLD_STATES = frozenset({rules.HoldState.REQUESTED, rules.HoldState.HELD})


# --- rule data -----------------------------------------------------------------------------------------


def rules_for_case(case: Case) -> PublicationRules:
    """The publication rules of the clock rule set the case runs under, else the default. One query."""
    code = Subquery(RuleSet.objects.filter(pk=case.rule_set_id or 0).values("code")[:1])
    chosen = (
        PublicationRules.objects.filter(Q(rule_set_code=code) | Q(is_default=True))
        .annotate(
            own=Cases(When(rule_set_code=code, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("own", "-effective_from", "pk")
        .first()
    )
    if chosen is None:
        raise PublicationRules.DoesNotExist("No publication rules are seeded")
    return chosen


def recipients_of(rule: PublicationRules) -> tuple[str, ...]:
    return rules.notice_recipients(recipients=rule.notice_recipients, ofsted_when=rule.ofsted_when)


def recipient_labels(codes: list[str] | tuple[str, ...]) -> list[str]:
    return [str(rules.Recipient(code).label) for code in codes if code in rules.Recipient.values]


# --- files ---------------------------------------------------------------------------------------------


def files_of(case: Case, kind: str | None = None) -> list[PublicationFile]:
    """Every version (of one kind, or all), newest first, with its document and uploader. One query."""
    rows = PublicationFile.objects.filter(case=case).select_related("document", "uploaded_by")
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("kind", "-version"))


def latest_by_kind(files: list[PublicationFile]) -> dict[str, PublicationFile]:
    latest: dict[str, PublicationFile] = {}
    for file in files:
        if file.kind not in latest or file.version > latest[file.kind].version:
            latest[file.kind] = file
    return latest


def latest_file(case: Case, kind: str) -> PublicationFile | None:
    return (
        PublicationFile.objects.filter(case=case, kind=kind)
        .select_related("document", "uploaded_by")
        .order_by("-version")
        .first()
    )


def file_get(case: Case, kind: str, version: int) -> PublicationFile | None:
    return (
        PublicationFile.objects.filter(case=case, kind=kind, version=version)
        .select_related("document")
        .first()
    )


@dataclass(frozen=True)
class VersionRow:
    file: PublicationFile
    check: Any  # the redaction check with its counts, or None
    state: str  # the check's state (checking.state), "" when not checked
    check_url: str | None
    publishable: bool | None  # asked of the redaction app for the latest version only


def version_rows(case: Case, files: list[PublicationFile]) -> list[VersionRow]:
    """The versions of one kind as the file page lists them. A fixed number of queries: one for the checks
    with their counts, and the latest version's publishable state."""
    checks = checking.checks_by_id(case, (f.check_id for f in files))
    latest = max(files, key=lambda f: f.version) if files else None
    rows = []
    for file in files:
        check = checks.get(file.check_id)
        rows.append(
            VersionRow(
                file=file,
                check=check,
                state=checking.state(check) if check is not None else "",
                check_url=checking.check_url(case, file.check_id) if check is not None else None,
                publishable=checking.publishable(file) if file is latest else None,
            )
        )
    return rows


def briefing_generation(case: Case, report: FinalReport | None) -> DocumentGeneration | None:
    """The newest seven-minute briefing made from the case's final report record, any status."""
    if report is None:
        return None
    return latest_document_generation(case, builder=BRIEFING_BUILDER, subject_id=report.pk)


def generation_added(generation: DocumentGeneration | None) -> bool:
    return generation is not None and PublicationFile.objects.filter(generation=generation).exists()


# --- the decision and its signing ------------------------------------------------------------------------


def decision_for(case: Case) -> PublicationDecision | None:
    return PublicationDecision.objects.filter(case=case).first()


def canonical(decision: PublicationDecision, file: PublicationFile) -> bytes:
    """What the partners sign: the decision, its reasons and the exact file version (kind, version,
    checksum), in a fixed order and encoding. A change to any of them changes these bytes."""
    content = {
        "decision": decision.decision,
        "reasons": decision.reasons,
        "file": {"kind": file.kind, "version": file.version, "sha256": file.sha256},
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class SigningVersion:
    decision: PublicationDecision
    file: PublicationFile
    sha256: str
    drafted_by: frozenset[int] = field(default_factory=frozenset)


def signing_version(case: Case) -> SigningVersion | None:
    """The decision and the file it publishes, as the partners sign them: None until decided, while there is
    no such file, or while the file's latest version is not publishable (signing is refused then). Records no
    read; a fixed number of queries."""
    decision = decision_for(case)
    if decision is None:
        return None
    file = latest_file(case, rules.published_kind(decision.decision))
    if file is None or not checking.publishable(file):
        return None
    return SigningVersion(
        decision=decision,
        file=file,
        sha256=hashlib.sha256(canonical(decision, file)).hexdigest(),
        drafted_by=frozenset({decision.created_by_id, *decision.written_by, file.uploaded_by_id}),
    )


def signing_state(case: Case) -> DocumentSignOffState:
    return document_signoff_state(case=case, kind=signable.get(KIND))


# --- holds, notices, the record --------------------------------------------------------------------------


def holds_of(case: Case) -> list[PublicationHold]:
    """Newest first, with the clock pause each is and its parallel process. One query."""
    return list(
        PublicationHold.objects.filter(case=case)
        .select_related("adjustment", "process", "requested_by")
        .order_by("-requested_at", "-pk")
    )


def hold_state(hold: PublicationHold) -> str:
    status = hold.adjustment.status if hold.adjustment is not None else "ended"
    return rules.hold_state(adjustment_status=status, lifted=hold.lifted_at is not None)


def hold_get(case: Case, hold_id: int) -> PublicationHold | None:
    return (
        PublicationHold.objects.filter(case=case, pk=hold_id)
        .select_related("adjustment", "process", "requested_by")
        .first()
    )


def notices_of(case: Case) -> list[PublicationNotice]:
    return list(
        PublicationNotice.objects.filter(case=case)
        .select_related("file", "rules")
        .order_by("-recorded_at", "-pk")
    )


def record_for(case: Case) -> PublicationRecord | None:
    return PublicationRecord.objects.filter(case=case).select_related("file", "notice").first()


def publication_deadline(case: Case) -> Deadline | None:
    """The case's lcspr_publication clock, decorated with its state; None before it starts."""
    return deadline_for(case, CLOCK)


def matching_notice(
    notices: list[PublicationNotice], signing: SigningVersion | None
) -> PublicationNotice | None:
    """The newest notice sent for exactly the version the partners signed."""
    if signing is None:
        return None
    return next(
        (
            n
            for n in notices
            if n.file_id == signing.file.pk and n.decision_version == signing.decision.version
        ),
        None,
    )


def earliest_publication(notice: PublicationNotice) -> Any:
    return rules.earliest_planned_date(
        sent_on=notice.sent_on,
        notice_working_days=notice.rules.notice_working_days,
        non_working=statutory_non_working_days(),
    )


@dataclass
class Overview:
    """Everything the task list shows, read once."""

    case: Case
    rules: PublicationRules
    report: FinalReport | None
    files: dict[str, PublicationFile]
    publishable: dict[str, bool]
    decision: PublicationDecision | None
    signing: SigningVersion | None
    signoff: DocumentSignOffState
    holds: list[tuple[PublicationHold, str]]
    notices: list[PublicationNotice]
    notice: PublicationNotice | None
    record: PublicationRecord | None
    deadline: Deadline | None
    blocked: tuple[str, ...]
    facts: PublicationFacts

    @property
    def active_holds(self) -> list[tuple[PublicationHold, str]]:
        return [(h, s) for h, s in self.holds if s in ACTIVE_HOLD_STATES]

    @property
    def held(self) -> list[PublicationHold]:
        return [h for h, s in self.holds if s == rules.HoldState.HELD]


def overview(case: Case) -> Overview:
    """Where the case's publication stands. A fixed number of queries; records no read."""
    report = report_for_case(case)
    latest = latest_by_kind(files_of(case))
    publishable = {kind: checking.publishable(file) for kind, file in latest.items()}
    decision = decision_for(case)
    signing = signing_version(case)
    signoff = signing_state(case)
    holds = [(h, hold_state(h)) for h in holds_of(case)]
    notices = notices_of(case)
    notice = matching_notice(notices, signing)
    record = record_for(case)
    blocked = active_blocks(case).get("publication", ())
    kind = rules.published_kind(decision.decision) if decision else ""
    file = latest.get(kind) if kind else None
    facts = PublicationFacts(
        at_lcspr=case.stage in WRITABLE_STAGES,
        has_final_report=report is not None,
        decision=decision.decision if decision else "",
        file_version=file.version if file else None,
        file_publishable=publishable.get(kind, False),
        signed_off=signing is not None and signoff.current is not None and signoff.signed_off,
        notice_matches=notice is not None,
        holds_active=sum(1 for _, s in holds if s in ACTIVE_HOLD_STATES),
        publication_blocked=blocked,
        published=record is not None,
    )
    return Overview(
        case=case,
        rules=rules_for_case(case),
        report=report,
        files=latest,
        publishable=publishable,
        decision=decision,
        signing=signing,
        signoff=signoff,
        holds=holds,
        notices=notices,
        notice=notice,
        record=record,
        deadline=publication_deadline(case),
        blocked=blocked,
        facts=facts,
    )


# --- the business unit dashboard ------------------------------------------------------------------------


def held_reviews(*, user: User, partnership_ids: list[int]) -> list[PublicationHold]:
    """Holds on publication that stand (approved, not lifted) on the cases of these partnerships the user
    may see, soonest review date first. One query. The visibility rule is checked on each standing hold's
    case (a few rows), never as the list of every case the user may see, which grows with the years held."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    compiled = _HELD_REVIEWS.get(
        ("held reviews", user.pk, roles_key(user), tuple(partnership_ids)),
        lambda: (
            # The lead partnership compared as `lead_partnership_id + 0`, so that no index on it tempts
            # SQLite (which keeps no statistics) to walk every case of the partnership looking for a hold
            # (5,000 cases at England's scale for none): the holds, always few, are read first.
            PublicationHold.objects.alias(lead_any=F("case__lead_partnership_id") + 0)
            .filter(
                visible_case_q(user, through="case__"),
                lead_any__in=partnership_ids,
                adjustment__status="approved",
                lifted_at__isnull=True,
            )
            .order_by("review_on", "pk")
            .values(*_HOLD_VALUES)
        ),
    )
    holds = []
    for row in compiled.rows():
        hold = instance(PublicationHold, row)
        hold.case = instance(Case, row, "case__")
        hold.process = instance(ParallelProcess, row, "process__") if row["process__id"] is not None else None
        holds.append(hold)
    return holds


# The dashboard's held reviews, compiled once per person, roles and partnerships (core.compiled_query).
_HELD_REVIEWS = CompiledQueries()
_HOLD_VALUES = (
    *model_values(PublicationHold),
    *model_values(Case, "case__"),
    *model_values(ParallelProcess, "process__"),
)


def holds_for_reminders(*, today: Any) -> QuerySet[PublicationHold]:
    return PublicationHold.objects.filter(
        adjustment__status="approved", lifted_at__isnull=True, review_on__lte=today
    ).select_related("case", "case__lead_partnership")


def records_for_reminders(*, today: Any) -> list[PublicationRecord]:
    return [
        record
        for record in PublicationRecord.objects.filter(available_until__gte=today).select_related(
            "case", "case__lead_partnership"
        )
        if rules.available_until_reminder_on(record.available_until) <= today
    ]
