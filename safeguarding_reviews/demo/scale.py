"""A synthetic England: one partnership holding N cases over ten years, built with bulk inserts.

Used by `manage.py generate_scale` and by bench/pages.py. Everything comes from one `random.Random(seed)`,
so the same seed on the same day gives the same rows (dates are placed relative to the one clock's today,
so that the dashboard always has cases overdue, due soon and met). Names are synthetic ("Child 00042",
"Scale officer"); nothing here is real.

Rows are written with bulk_create in batches, never through the services: one service call per row would
take hours at N = 5,000. The audit trail is written the same way but chained exactly as
audit.services.record_event chains it (audit.chain is the one definition of a link), so
`manage.py verify_audit` passes afterwards. What the services keep beside the rows they write is then written
by the same functions they call: each case's next due date (clocks.services.case_next_due_refresh), each
chronology's possible-duplicate pairs (chronology.services.duplicate_pairs_store) and each person's alert
counts (alerts.services.alert_counts_refresh). On PostgreSQL it ends with ANALYZE, as autovacuum would.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.action_plans.models import Recommendation, RecommendationOrigin
from safeguarding_reviews.actions.models import ActionSource, ActionStatus, CaseAction
from safeguarding_reviews.alerts.models import Alert, AlertKind
from safeguarding_reviews.alerts.services import alert_counts_refresh
from safeguarding_reviews.audit.chain import GENESIS_HASH, canonical_payload, link_hash
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.chronology.models import ChronologyEntry, ChronologyEventType, PossibleDuplicate
from safeguarding_reviews.chronology.ordering import sort_columns
from safeguarding_reviews.chronology.services import duplicate_pairs_store
from safeguarding_reviews.clocks.models import ClockRule, Deadline, Milestone, MilestoneEvent, RuleSet
from safeguarding_reviews.clocks.services import case_next_due_refresh
from safeguarding_reviews.core import clock
from safeguarding_reviews.meetings.models import MeetingState, RapidReviewMeeting
from safeguarding_reviews.organisations.models import (
    Agency,
    AgencyType,
    Membership,
    MembershipRole,
    Partnership,
)
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.rapid_review.models import AgencyRequest, RequestStatus
from safeguarding_reviews.subjects.models import Sex, Subject, SubjectKind

BATCH = 2000
YEARS = 10
# Share of cases in each stage: most of ten years' cases are closed; the open ones spread over the stages.
STAGE_WEIGHTS: list[tuple[Stage, int]] = [
    (Stage.CLOSED, 70),
    (Stage.REFERRAL, 3),
    (Stage.SCREENING, 4),
    (Stage.NOTIFICATION, 3),
    (Stage.RAPID_REVIEW, 6),
    (Stage.DECISION, 3),
    (Stage.LCSPR, 5),
    (Stage.PUBLICATION, 2),
    (Stage.ACTION_PLAN, 4),
]
# Stages at or after the rapid review: these cases have agency requests, a chronology and a meeting.
REVIEWED = frozenset(
    {Stage.RAPID_REVIEW, Stage.DECISION, Stage.LCSPR, Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED}
)
AGENCIES: list[tuple[str, str]] = [
    ("Scale City Council Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE),
    ("Scale Police", AgencyType.POLICE),
    ("Scale Integrated Care Board", AgencyType.ICB),
    ("Scale General Hospital NHS Trust", AgencyType.ACUTE_TRUST),
    ("Scale Community Health", AgencyType.COMMUNITY_HEALTH),
    ("Scale Academy Trust", AgencyType.EDUCATION),
]
EVENT_TYPES = [
    ChronologyEventType.CONTACT,
    ChronologyEventType.HOME_VISIT,
    ChronologyEventType.REFERRAL,
    ChronologyEventType.ASSESSMENT,
    ChronologyEventType.STRATEGY_DISCUSSION,
    ChronologyEventType.CONFERENCE,
]
# Audit events written per case beyond its creation (views of the case, its chronology, edits).
AUDIT_READS = (
    EventType.CASE_VIEWED,
    EventType.CASE_VIEWED,
    EventType.CASE_VIEWED,
    EventType.CASE_UPDATED,
    EventType.MILESTONE_RECORDED,
)


@dataclass
class ScaleResult:
    partnership: Partnership
    officer: User
    delegate: User
    chair: User
    manager: User
    counts: dict[str, int] = field(default_factory=dict)
    big_case_id: Any = None  # the case with the longest chronology (max_entries entries)


@contextlib.contextmanager
def _keep_given_timestamps(*model_fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """bulk_create runs pre_save, which overwrites auto_now_add fields with now(); ten years of history
    needs the dates it was given."""
    saved: list[tuple[models.DateField, bool]] = []
    for model, name in model_fields:
        f = model._meta.get_field(name)
        assert isinstance(f, models.DateField)  # DateTimeField too: both carry auto_now_add
        saved.append((f, f.auto_now_add))
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _chronology_size(rng: random.Random) -> int:
    """50–5,000 entries: most chronologies are short, a long tail reaches 5,000 (quality targets §3)."""
    return min(5000, max(50, int(rng.lognormvariate(4.3, 0.8))))


class _AuditWriter:
    """Appends events to the chain in bulk, linking each exactly as audit.services.record_event does."""

    def __init__(self) -> None:
        head = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        self.sequence, self.prev_hash = head if head else (0, GENESIS_HASH)
        self.rows: list[AuditEvent] = []
        self.written = 0

    def add(
        self,
        *,
        event_type: str,
        occurred_at: dt.datetime,
        actor_id: int | None,
        partnership_id: int | None,
        case_id: Any = None,
        object_type: str = "",
        object_id: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        self.sequence += 1
        body = data or {}
        payload = canonical_payload(
            sequence=self.sequence,
            occurred_at=occurred_at,
            event_type=event_type,
            actor_id=actor_id,
            partnership_id=partnership_id,
            case_id=case_id,
            object_type=object_type,
            object_id=object_id,
            data=body,
            request_id="",
        )
        hashed = link_hash(self.prev_hash, payload)
        self.rows.append(
            AuditEvent(
                sequence=self.sequence,
                occurred_at=occurred_at,
                event_type=event_type,
                actor_id=actor_id,
                partnership_id=partnership_id,
                case_id=case_id,
                object_type=object_type,
                object_id=object_id,
                data=body,
                request_id="",
                prev_hash=self.prev_hash,
                hash=hashed,
            )
        )
        self.prev_hash = hashed
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        AuditEvent.objects.bulk_create(self.rows, batch_size=BATCH)
        self.written += len(self.rows)
        self.rows = []


def _take_chain_lock() -> None:
    # The same lock record_event takes: no live writer may append between our head read and our rows.
    if connection.vendor == "postgresql":
        from safeguarding_reviews.audit.services import _CHAIN_LOCK_KEY

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _people(partnership: Partnership, agencies: list[Agency], slug: str) -> dict[str, Any]:
    def user(key: str, name: str, *roles: tuple[str, Agency | None]) -> User:
        person = User.objects.create_user(f"{key}@{slug}.scale.example", full_name=name)
        membership = Membership.objects.create(user=person, partnership=partnership, job_title=name)
        for role, agency in roles:
            MembershipRole.objects.create(membership=membership, role=role, agency=agency)
        return person

    people: dict[str, Any] = {
        "officer": user("bu.officer", "Scale business unit officer", (Role.BUSINESS_UNIT_OFFICER, None)),
        "manager": user("bu.manager", "Scale business manager", (Role.BUSINESS_MANAGER, None)),
        "delegate": user("la.delegate", "Scale LA delegate", (Role.DELEGATE_LOCAL_AUTHORITY, None)),
        "police": user("police.delegate", "Scale police delegate", (Role.DELEGATE_POLICE, None)),
        "icb": user("icb.delegate", "Scale ICB delegate", (Role.DELEGATE_ICB, None)),
        "chair": user("chair", "Scale Independent Chair", (Role.INDEPENDENT_CHAIR, None)),
    }
    people["authors"] = [
        user(f"author{i}", f"Scale agency author {i}", (Role.AGENCY_AUTHOR, agency))
        for i, agency in enumerate(agencies)
    ]
    people["reviewers"] = [
        user(f"reviewer{i}", f"Scale independent reviewer {i}", (Role.INDEPENDENT_REVIEWER, None))
        for i in range(3)
    ]
    return people


def generate(*, cases: int, seed: int = 1, max_entries: int = 5000) -> ScaleResult:
    """Build the data set in one new partnership (slug scale-<seed>-<cases>). `max_entries` caps the
    longest chronology (the pytest run uses a small cap)."""
    rng = random.Random(seed)
    today = clock.today()
    # Midnight today rather than now(): the same seed gives the same rows all day.
    now = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    start = today - dt.timedelta(days=365 * YEARS)
    slug = f"scale-{seed}-{cases}"
    # Ids from their own stream named by the partnership, so two data sets in one database never collide.
    ids = random.Random(slug)
    counts: dict[str, int] = {}
    rule_set = RuleSet.objects.filter(is_default=True).first()
    rules = list(ClockRule.objects.filter(rule_set=rule_set).order_by("order")) if rule_set else []

    with transaction.atomic():
        partnership = Partnership.objects.create(
            name=f"Scale partnership {seed}/{cases} (synthetic)",
            slug=slug,
            local_authority_name="Scale City Council",
            case_reference_prefix="SCL",
            is_demo=True,
        )
        agencies = [
            Agency.objects.create(partnership=partnership, name=name, agency_type=kind)
            for name, kind in AGENCIES
        ]
        people = _people(partnership, agencies, slug)
        officer: User = people["officer"]
        chair: User = people["chair"]
        delegate: User = people["delegate"]
        readers = [officer, people["manager"], delegate, people["police"], people["icb"], chair]

        _take_chain_lock()
        audit = _AuditWriter()
        audit.add(
            event_type=EventType.PARTNERSHIP_CREATED,
            occurred_at=dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC),
            actor_id=None,
            partnership_id=partnership.pk,
            object_type="organisations.partnership",
            object_id=str(partnership.pk),
        )

        # Cases, oldest first, spread evenly over ten years (so closed ones are mostly old).
        stages = [s for s, _ in STAGE_WEIGHTS]
        weights = [w for _, w in STAGE_WEIGHTS]
        case_rows: list[Case] = []
        for i in range(cases):
            received = start + dt.timedelta(days=(i * 365 * YEARS) // max(cases, 1) + rng.randint(0, 20))
            received = min(received, today)
            # Cases received in the last year are still open; older ones mostly closed.
            stage = rng.choices(stages, weights)[0]
            if (today - received).days > 730 and rng.random() < 0.9:
                stage = Stage.CLOSED
            elif (today - received).days < 365 and stage == Stage.CLOSED:
                stage = rng.choice(stages[1:])
            created = dt.datetime.combine(received, dt.time(9, rng.randint(0, 59)), tzinfo=dt.UTC)
            case_rows.append(
                Case(
                    id=_uuid(ids),
                    reference=f"SCL-{seed}-{cases}-{i + 1:05d}",
                    pseudonym=f"Child {i + 1:05d}",
                    lead_partnership=partnership,
                    stage=stage,
                    stage_entered_at=min(created + dt.timedelta(days=rng.randint(0, 60)), now),
                    incident_date=received - dt.timedelta(days=rng.randint(1, 10)),
                    referral_received_on=received,
                    summary=f"Synthetic case {i + 1}: a serious incident notified for the scale benchmark.",
                    is_restricted=rng.random() < 0.03,
                    created_at=created,
                    created_by=officer,
                    closed_at=min(created + dt.timedelta(days=300), now) if stage == Stage.CLOSED else None,
                    rule_set=rule_set,
                )
            )
        # The newest case is the measured one: open at the local review, not restricted, at every N and seed.
        bench_case = case_rows[-1]
        bench_case.stage, bench_case.is_restricted, bench_case.closed_at = Stage.LCSPR, False, None
        with _keep_given_timestamps((Case, "created_at")):
            Case.objects.bulk_create(case_rows, batch_size=BATCH)
        counts["cases"] = len(case_rows)

        memberships: list[CaseMembership] = []
        subjects: list[Subject] = []
        milestones: list[Milestone] = []
        deadlines: list[Deadline] = []
        requests: list[AgencyRequest] = []
        meetings: list[RapidReviewMeeting] = []
        alerts: list[Alert] = []
        entry_total = 0
        big: tuple[int, Any] = (0, None)

        def flush(rows: list[Any], model: type[models.Model], name: str) -> None:
            model.objects.bulk_create(rows, batch_size=BATCH)  # type: ignore[attr-defined]
            counts[name] = counts.get(name, 0) + len(rows)
            rows.clear()

        for case in case_rows:
            received = case.referral_received_on or today
            created = case.created_at
            memberships.append(
                CaseMembership(
                    case=case,
                    user=officer,
                    capacity=CaseCapacity.CASE_LEAD,
                    added_by=officer,
                    added_at=created,
                )
            )
            for order in range(rng.randint(1, 3)):
                subjects.append(
                    Subject(
                        case=case,
                        kind=SubjectKind.CHILD if order == 0 else SubjectKind.HOUSEHOLD_MEMBER,
                        label=case.pseudonym
                        if order == 0
                        else f"Adult {order} in {case.pseudonym}'s household",
                        relationship="" if order == 0 else "Parent",
                        sex=rng.choice([Sex.FEMALE, Sex.MALE]),
                        age_years=rng.randint(0, 17) if order == 0 else rng.randint(18, 50),
                        order=order,
                        created_by=officer,
                        created_at=created,
                    )
                )
            milestones.append(
                Milestone(
                    case=case,
                    event=MilestoneEvent.REFERRAL_RECEIVED,
                    occurred_on=received,
                    recorded_by=officer,
                    recorded_at=created,
                )
            )
            # Clocks: open cases have live deadlines around today (some overdue, some due soon); closed
            # ones have all theirs met.
            open_case = case.stage != Stage.CLOSED
            for rule in rules[:4]:
                due = received + dt.timedelta(days=rule.duration + 2)
                met = None
                if not open_case or rng.random() < 0.5:
                    met = due - dt.timedelta(days=rng.randint(-3, 3))
                elif (today - received).days < 60:
                    due = today + dt.timedelta(days=rng.randint(-10, 25))
                deadlines.append(
                    Deadline(
                        case=case,
                        rule=rule,
                        rule_code=rule.code,
                        kind=rule.kind,
                        start_event=rule.start_event,
                        duration=rule.duration,
                        start_on=received,
                        due_on=due,
                        met_on=met,
                        created_at=created,
                    )
                )
            # About 60% of closed cases went through a rapid review; the rest closed after screening.
            if case.stage in REVIEWED and (open_case or rng.random() < 0.6):
                author_pool = people["authors"]
                for agency_index in rng.sample(range(len(agencies)), 3):
                    author = author_pool[agency_index]
                    sent = created + dt.timedelta(days=7)
                    requests.append(
                        AgencyRequest(
                            case=case,
                            agency=agencies[agency_index],
                            author=author,
                            due_on=(sent + dt.timedelta(days=14)).date(),
                            status=RequestStatus.ACCEPTED
                            if not open_case
                            else rng.choice(list(RequestStatus)),
                            sent_by=officer,
                            sent_at=sent,
                        )
                    )
                    memberships.append(
                        CaseMembership(
                            case=case,
                            user=author,
                            capacity=CaseCapacity.AGENCY_AUTHOR,
                            added_by=officer,
                            added_at=sent,
                        )
                    )
                meetings.append(
                    RapidReviewMeeting(
                        case=case,
                        state=MeetingState.HELD if not open_case else rng.choice(list(MeetingState)),
                        held_on=received + dt.timedelta(days=14),
                        created_by=officer,
                        created_at=created,
                    )
                )
                size = min(_chronology_size(rng), max_entries)
                if case is bench_case:
                    # The measured case carries the longest chronology (exactly max_entries), so the case
                    # and chronology pages are measured on the same size of case at every N.
                    size, big = max_entries, (max_entries, case.pk)
                _write_chronology(rng, case, agencies, officer, size, received)
                entry_total += size
            # Alerts: the people who see every case hear about most of them; old ones are read.
            for reader in (officer, delegate, chair):
                if rng.random() < 0.7:
                    at = min(created + dt.timedelta(days=rng.randint(0, 30)), now)
                    alerts.append(
                        Alert(
                            user=reader,
                            case=case,
                            kind=rng.choice(list(AlertKind)),
                            link=f"/cases/{case.pk}/",
                            created_at=at,
                            read_at=None if (today - at.date()).days < 400 and rng.random() < 0.5 else at,
                        )
                    )
            # The audit trail: created, then views and edits over the case's life (about 2 per entry
            # of a small chronology; quality targets §3 expects audit to be the largest table).
            audit.add(
                event_type=EventType.CASE_CREATED,
                occurred_at=created,
                actor_id=officer.pk,
                partnership_id=partnership.pk,
                case_id=case.pk,
                object_type="cases.case",
                object_id=str(case.pk),
            )
            for _ in range(rng.randint(20, 60)):
                reader = rng.choice(readers)
                audit.add(
                    event_type=rng.choice(AUDIT_READS),
                    occurred_at=min(created + dt.timedelta(minutes=rng.randint(1, 60 * 24 * 300)), now),
                    actor_id=reader.pk,
                    partnership_id=partnership.pk,
                    case_id=case.pk,
                    object_type="cases.case",
                    object_id=str(case.pk),
                    data={"page": "case_detail"},
                )
            for rows, model, name in (
                (memberships, CaseMembership, "case memberships"),
                (subjects, Subject, "subjects"),
                (milestones, Milestone, "milestones"),
                (deadlines, Deadline, "deadlines"),
                (requests, AgencyRequest, "agency requests"),
                (meetings, RapidReviewMeeting, "meetings"),
                (alerts, Alert, "alerts"),
            ):
                if len(rows) >= BATCH:
                    with _keep_given_timestamps(*_auto_fields(model)):
                        flush(rows, model, name)
        for rows, model, name in (
            (memberships, CaseMembership, "case memberships"),
            (subjects, Subject, "subjects"),
            (milestones, Milestone, "milestones"),
            (deadlines, Deadline, "deadlines"),
            (requests, AgencyRequest, "agency requests"),
            (meetings, RapidReviewMeeting, "meetings"),
            (alerts, Alert, "alerts"),
        ):
            with _keep_given_timestamps(*_auto_fields(model)):
                flush(rows, model, name)
        counts["chronology entries"] = entry_total
        # Issue 16: each action answers a recommendation of its case's action plan (action_plans); withdrawn
        # and superseded need an approval and a replacement, so the random statuses are the others.
        planned = [
            (case, n)
            for case in case_rows
            if case.stage in (Stage.ACTION_PLAN, Stage.CLOSED) and rng.random() < 0.5
            for n in range(rng.randint(1, 4))
        ]
        recommendations = [
            Recommendation(
                partnership_id=case.lead_partnership_id,
                case=case,
                origin=RecommendationOrigin.RAPID_REVIEW,
                number=n + 1,
                text=f"Synthetic recommendation {n + 1} for {case.pseudonym}.",
                all_partners=True,
                created_by=officer,
                created_at=case.stage_entered_at,
                updated_at=case.stage_entered_at,
            )
            for case, n in planned
        ]
        flush(list(recommendations), Recommendation, "recommendations")  # flush empties the list it is given
        open_statuses = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_EVIDENCE]
        actions = [
            CaseAction(
                case=case,
                partnership_id=case.lead_partnership_id,
                source=ActionSource.RECOMMENDATION,
                recommendation=recommendation,
                description=f"Synthetic action {n + 1} for {case.pseudonym}.",
                owner_role="Designated safeguarding lead",
                owner_agency=agencies[n % len(agencies)],
                due_on=(case.stage_entered_at + dt.timedelta(days=90 * (n + 1))).date(),
                status=ActionStatus.EVIDENCE_ACCEPTED
                if case.stage == Stage.CLOSED
                else rng.choice([*open_statuses, ActionStatus.EVIDENCE_ACCEPTED]),
                added_by=officer,
            )
            for (case, n), recommendation in zip(planned, recommendations, strict=True)
        ]
        flush(actions, CaseAction, "actions")
        audit.flush()
        counts["audit events"] = audit.written
        # What the services keep beside the rows they write (bulk inserts bypass them): each case's next due
        # date, and each person's alert counts (the triggers marked them stale as the rows went in).
        case_next_due_refresh(case_ids=[case.pk for case in case_rows])
        everyone = [p for key, p in people.items() if key not in ("authors", "reviewers")]
        alert_counts_refresh(user_ids=[p.pk for p in [*everyone, *people["authors"], *people["reviewers"]]])
        counts["possible duplicate pairs"] = PossibleDuplicate.objects.filter(case__in=case_rows).count()
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum would have them on a database that grew over ten years.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ScaleResult(
        partnership=partnership,
        officer=officer,
        delegate=delegate,
        chair=chair,
        manager=people["manager"],
        counts=counts,
        big_case_id=big[1],
    )


def _auto_fields(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    return [
        (model, f.name)
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and getattr(f, "auto_now_add", False)
    ]


def _write_chronology(
    rng: random.Random, case: Case, agencies: list[Agency], officer: User, size: int, received: dt.date
) -> None:
    """`size` entries from three or more agencies over the two years before the incident."""
    first = received - dt.timedelta(days=730)
    orders: dict[int, int] = {}
    rows = []
    for i in range(size):
        agency = rng.randrange(len(agencies))
        orders[agency] = orders.get(agency, 0) + 1
        date = first + dt.timedelta(days=(i * 730) // size)
        precision = "month" if i % 97 == 0 else ("approximate" if i % 31 == 0 else "exact")
        time_of_day = dt.time(8 + i % 10, (i * 7) % 60) if i % 3 else None
        rows.append(
            ChronologyEntry(
                case=case,
                agency=agencies[agency],
                date=date.replace(day=1) if precision == "month" else date,
                date_precision=precision,
                time=time_of_day,
                source_record=f"REC-{i:05d}",
                event_type=EVENT_TYPES[(i // 2) % len(EVENT_TYPES)],
                what_happened=f"Synthetic entry {i}: practitioner contact about {case.pseudonym}.",
                practitioner_role="Practitioner",
                is_key_episode=i % 50 == 0,
                analysis="Synthetic analysis." if i % 5 == 0 else "",
                restricted_to_roles=[],
                restricted_roles_key="",
                agency_order=orders[agency],
                created_by=officer,
                **sort_columns(date, precision, time_of_day),
            )
        )
        if len(rows) >= BATCH:
            ChronologyEntry.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    ChronologyEntry.objects.bulk_create(rows, batch_size=BATCH)
    duplicate_pairs_store(case=case)  # the possible-duplicate pairs the services store with each entry


# Past any agency's own numbering within one case: the copies' agency order starts here, k times over.
_COPY_ORDER_STEP = 10_000_000


def grow_largest_tables(*, factor: int, spare_case_id: Any) -> dict[str, int]:
    """A "10× slice" of the two largest tables: `factor` times as many chronology entries and audit events
    as the data set holds, so make bench can show the pages do not grow with them (quality targets §3:
    England's ten years hold millions of entries and tens of millions of events; N = 5,000 holds a tenth).

    Every chronology but the measured case's (`spare_case_id`) is copied factor − 1 times into its own
    case, in SQL (millions of rows), each copy's agency order moved past the originals as the unique
    constraint needs. The audit trail is extended by factor − 1 copies of its events, appended to the
    chain and linked as record_event links them (verify_audit still passes). The measured case's rows are
    not copied, so its own pages show the same rows before and after. Returns the rows added per table."""
    if factor < 2:
        return {"chronology entries": 0, "audit events": 0}
    spare = Case._meta.pk.get_db_prep_value(uuid.UUID(str(spare_case_id)), connection)
    table = ChronologyEntry._meta.db_table
    columns = [str(f.column) for f in ChronologyEntry._meta.concrete_fields if not f.primary_key]
    q = connection.ops.quote_name
    where = f"{q('case_id')} <> %s AND {q('agency_order')} < %s"
    entries = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            for k in range(1, factor):
                select = ", ".join(
                    f"{q(c)} + {k * _COPY_ORDER_STEP}" if c == "agency_order" else q(c) for c in columns
                )
                cursor.execute(
                    f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) "  # noqa: S608 - our own columns
                    f"SELECT {select} FROM {q(table)} WHERE {where}",
                    [spare, _COPY_ORDER_STEP],
                )
                entries += cursor.rowcount
        _take_chain_lock()
        # What _AuditWriter.add takes: the event as recorded, but for its place in the chain.
        copied = [*inspect.signature(_AuditWriter.add).parameters][1:]
        source = list(AuditEvent.objects.exclude(case_id=spare_case_id).order_by("sequence").values(*copied))
        audit = _AuditWriter()
        for _ in range(1, factor):
            for event in source:
                audit.add(**event)
        audit.flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"chronology entries": entries, "audit events": audit.written}
