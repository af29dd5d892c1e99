"""Reads of a case's chronology that depend on who is asking. Every list starts from visible_entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.compiled_query import CompiledQueries, instance, model_values
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.organisations.selectors import roles_key

from .cursor import MergeKey, format_cursor, parse_cursor
from .duplicates import TEXT_FIELDS, Flag
from .models import (
    IN_FLIGHT,
    ChronologyEntry,
    ChronologyEntryVersion,
    ChronologyExport,
    ChronologyImportBatch,
    DuplicateDecision,
    DuplicateDecisionKind,
    ExportStatus,
    PossibleDuplicate,
)
from .ordering import ORDER_BY
from .policies import lead_roles
from .silence import SilentPeriod, silent_periods

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from safeguarding_reviews.accounts.models import User

PAGE_SIZE = 100
# An entry shows its first few possible duplicates with their decision buttons and counts the rest, which
# take their place as these are decided: an entry that looks like dozens of others (a routine visit written
# the same way each week) would otherwise fill the page with forms (a 5,000-entry chronology's first page
# reached 5 MB).
DUPLICATES_SHOWN = 3


def _allowed(user: User | AnonymousUser, case: Case, prefix: str = "") -> Q:
    allowed = Q(**{f"{prefix}restricted_roles_key": ""})
    for role in lead_roles(user, case):
        allowed |= Q(**{f"{prefix}restricted_roles_key__contains": f",{role},"})
    return allowed


def visible_entries_with_withdrawn(user: User | AnonymousUser, case: Case) -> QuerySet[ChronologyEntry]:
    """Every entry of the case this user may see by its restriction, withdrawn ones included (the business
    unit's "show withdrawn" filter and an entry's history)."""
    return ChronologyEntry.objects.filter(case=case).filter(_allowed(user, case))


def visible_entries(user: User | AnonymousUser, case: Case) -> QuerySet[ChronologyEntry]:
    """The case's entries this user may see: restricted entries only for holders of a named role, and never
    a withdrawn entry (left out of the merged chronology, exports and reports)."""
    return visible_entries_with_withdrawn(user, case).filter(withdrawn_at__isnull=True)


def folded_into_primary(user: User | AnonymousUser, case: Case, entry: str = "pk") -> Exists:
    """The entry (the outer row's `entry` column) was marked the same event as another entry that is its
    primary, still active and visible to this user: the merged view shows the primary with "also recorded by"
    instead of both."""
    same = DuplicateDecision.objects.filter(
        decision=DuplicateDecisionKind.SAME, primary__withdrawn_at__isnull=True
    )
    same = same.filter(Q(entry_low=OuterRef(entry)) | Q(entry_high=OuterRef(entry))).exclude(
        primary=OuterRef(entry)
    )
    return Exists(same.filter(_allowed(user, case, "primary__")))


def merged_entries(case: Case, user: User | AnonymousUser) -> QuerySet[ChronologyEntry]:
    """All visible entries in the written merge order (chronology.ordering), sorted by the database, with an
    entry folded into its primary (a "same event" decision) left out."""
    return (
        visible_entries(user, case)
        .exclude(folded_into_primary(user, case))
        .select_related("agency")
        .order_by(*ORDER_BY)
    )


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_type: str = ""
    key_only: bool = False
    duplicates_only: bool = False

    def as_data(self) -> dict[str, Any]:
        """Ids, codes and ISO dates only (stored on an export job)."""
        return {
            "agency_id": self.agency_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "event_type": self.event_type,
            "key_only": self.key_only,
            "duplicates_only": self.duplicates_only,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Filters:
        def day(value: Any) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        return cls(
            agency_id=data.get("agency_id") or None,
            date_from=day(data.get("date_from")),
            date_to=day(data.get("date_to")),
            event_type=str(data.get("event_type") or ""),
            key_only=bool(data.get("key_only")),
            duplicates_only=bool(data.get("duplicates_only")),
        )


def filtered(qs: QuerySet[ChronologyEntry], filters: Filters) -> QuerySet[ChronologyEntry]:
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.date_from:
        qs = qs.filter(sort_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(sort_date__lte=filters.date_to)
    if filters.event_type:
        qs = qs.filter(event_type=filters.event_type)
    if filters.key_only:
        qs = qs.filter(is_key_episode=True)
    return qs


def cursor_for(entry: ChronologyEntry) -> str:
    return format_cursor(
        (entry.sort_date, entry.has_time, entry.sort_time, entry.agency_id, entry.agency_order, entry.pk)
    )


def after(qs: QuerySet[ChronologyEntry], key: MergeKey) -> QuerySet[ChronologyEntry]:
    """Keyset: entries strictly after `key` in ORDER_BY (a row comparison spelled out for every database)."""
    condition = Q()
    for i, name in enumerate(ORDER_BY):
        step = Q(**{f"{name}__gt": key[i]})
        for j in range(i):
            step &= Q(**{ORDER_BY[j]: key[j]})
        condition |= step
    return qs.filter(condition)


# A page of the merged chronology, compiled once per person, roles, lead partnership, filters and page
# (core.compiled_query), the case's id bound: building and compiling its conditions (visibility by
# restriction, entries folded into a primary, possible duplicates) cost more than running them.
_MERGED_PAGES = CompiledQueries()
_ENTRY_VALUES = (*model_values(ChronologyEntry), *model_values(Agency, "agency__"))


def _entry(row: dict[str, Any]) -> ChronologyEntry:
    entry = instance(ChronologyEntry, row)
    entry.agency = instance(Agency, row, "agency__")
    return entry


def _named(case: Case, case_id: UUID) -> Case:
    """The case as a compiled query names it: its id (bound) and its lead partnership (whose roles the
    restrictions read, so it is part of the key)."""
    return Case(id=case_id, lead_partnership_id=case.lead_partnership_id)


def _page_entries(
    user: User, case: Case, filters: Filters, key: MergeKey | None
) -> QuerySet[ChronologyEntry]:
    """The entries of a page and after it, in merge order: "possible duplicates only" is one more condition
    on the same query (an EXISTS over the stored pairs)."""
    qs = filtered(merged_entries(case, user), filters)
    if filters.duplicates_only:
        qs = qs.filter(_flagged(user, case))
    if key is not None:
        qs = after(qs, key)
    return qs


def merged_page(
    case: Case, user: User, filters: Filters, cursor: str = ""
) -> tuple[list[ChronologyEntry], str | None]:
    """One page of PAGE_SIZE entries and the cursor of the next page (None on the last page)."""
    key = parse_cursor(cursor) if cursor else None

    def build(case_id: UUID) -> QuerySet[ChronologyEntry, dict[str, Any]]:
        return _page_entries(user, _named(case, case_id), filters, key).values(*_ENTRY_VALUES)[
            : PAGE_SIZE + 1
        ]

    compiled = _MERGED_PAGES.get(
        ("merged page", user.pk, roles_key(user), case.lead_partnership_id, filters, key),
        build,
        {"case_id": UUID},
    )
    rows = [_entry(row) for row in compiled.rows(case_id=case.pk)]
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (cursor_for(rows[-1]) if more and rows else None)


# --- flags: possible duplicates and silent periods -------------------------------------------------------

_CANDIDATE_FIELDS = (
    "id",
    "agency_id",
    "agency__name",
    "agency_order",
    "event_type",
    "date",
    "date_to",
    "date_precision",
    "time",
    "what_happened",
    "action_taken",
    "outcome",
    "sort_date",
    "has_time",
    "sort_time",
    "is_key_episode",
)


def _shown_q(user: User | AnonymousUser, case: Case, side: str, *, name_case: bool = True) -> Q:
    """A stored pair's entry on `side` ("entry_low" or "entry_high") is on the merged page for this user:
    visible by its restriction, not withdrawn, not folded into a same-event primary. With `name_case` it
    also names the entry as this case's (always true: pairs never cross cases) so that PostgreSQL, when it
    hashes the entries a query joins, hashes this case's (by the index on case) rather than every entry in
    the database; a query that reaches the pairs from a page's ids leaves it out (_page_flags)."""
    return (
        (Q(**{f"{side}__case": case}) if name_case else Q())
        & Q(**{f"{side}__withdrawn_at__isnull": True})
        & _allowed(user, case, f"{side}__")
        & ~Q(folded_into_primary(user, case, entry=side))
    )


def _undecided() -> Q:
    return ~Q(
        Exists(
            DuplicateDecision.objects.filter(
                entry_low=OuterRef("entry_low"), entry_high=OuterRef("entry_high")
            )
        )
    )


def _flagged(user: User | AnonymousUser, case: Case) -> Q:
    """The entry (the outer row) has a stored possible-duplicate pair with an entry shown to this user, not
    decided: what the rule flags among the entries they see. The pair is named as this case's (always true)
    as its other entry is (_shown_q): PostgreSQL may run an EXISTS as one hashed pass over every row the
    subquery can reach, and without the case that was every pair and every entry of every case, growing with
    the deployment rather than the chronology.

    Each also says that the other entry's id is on its side of the outer one (always true: the check
    constraint orders a pair's ids). That is for PostgreSQL: with the outer row named only by equality it
    ran each EXISTS as one hashed pass over every pair of the case (39,000 on a 5,000-entry chronology) before
    reading the page; named in an inequality too, the EXISTS cannot be hashed and is probed by index for
    each entry the page walks, which stops at the page's end."""
    as_low = PossibleDuplicate.objects.filter(
        case=case, entry_low=OuterRef("pk"), entry_high__gt=OuterRef("pk")
    ).filter(_shown_q(user, case, "entry_high"))
    as_high = PossibleDuplicate.objects.filter(
        case=case, entry_high=OuterRef("pk"), entry_low__lt=OuterRef("pk")
    ).filter(_shown_q(user, case, "entry_low"))
    return Q(Exists(as_low.filter(_undecided()))) | Q(Exists(as_high.filter(_undecided())))


class DuplicateOf(NamedTuple):
    """What the page says about the other entry: "Possible duplicate of Police entry 3 (same time, 7 words
    in common)". A named tuple, its reason worded when read: a page of a long chronology holds a thousand
    flags or so, of which it shows three an entry."""

    entry_id: int
    agency_name: str
    agency_order: int
    why: str = ""
    words: int = 0

    @property
    def reason(self) -> str:
        return Flag(other_id=self.entry_id, why=self.why, words=self.words).reason


@dataclass(frozen=True)
class AlsoRecorded:
    """A "same event" decision seen from its primary: "Also recorded by Police entry 3"."""

    entry_id: int
    agency_name: str
    agency_order: int
    restricted_roles_key: str = ""

    def visible_to(self, roles: frozenset[str]) -> bool:
        return not self.restricted_roles_key or any(
            f",{role}," in self.restricted_roles_key for role in roles
        )


@dataclass
class Decisions:
    """The business unit's decisions on flagged pairs of one case (one query)."""

    decided: set[tuple[int, int]]
    also_recorded: dict[int, list[AlsoRecorded]]


def case_decisions(case: Case) -> Decisions:
    decided: set[tuple[int, int]] = set()
    also: dict[int, list[AlsoRecorded]] = {}
    rows = DuplicateDecision.objects.filter(case=case).values(
        "decision",
        "entry_low_id",
        "entry_high_id",
        "primary_id",
        "entry_low__agency__name",
        "entry_low__agency_order",
        "entry_high__agency__name",
        "entry_high__agency_order",
        "entry_low__withdrawn_at",
        "entry_high__withdrawn_at",
        "entry_low__restricted_roles_key",
        "entry_high__restricted_roles_key",
    )
    for found in rows:
        row: dict[str, Any] = dict(found)
        low, high = row["entry_low_id"], row["entry_high_id"]
        decided.add((low, high))
        if row["decision"] != DuplicateDecisionKind.SAME or row["primary_id"] is None:
            continue
        other = "high" if row["primary_id"] == low else "low"
        if row[f"entry_{other}__withdrawn_at"] is not None:
            continue
        also.setdefault(row["primary_id"], []).append(
            AlsoRecorded(
                entry_id=row[f"entry_{other}_id"],
                agency_name=row[f"entry_{other}__agency__name"],
                agency_order=row[f"entry_{other}__agency_order"],
                restricted_roles_key=row[f"entry_{other}__restricted_roles_key"],
            )
        )
    return Decisions(decided=decided, also_recorded=also)


def also_recorded_for(decisions: Decisions, roles: frozenset[str]) -> dict[int, list[AlsoRecorded]]:
    """ "Also recorded by" for someone holding `roles`: a restricted entry they may not see is not named."""
    found = {}
    for entry_id, others in decisions.also_recorded.items():
        shown = [other for other in others if other.visible_to(roles)]
        if shown:
            found[entry_id] = shown
    return found


@dataclass
class MergedPage:
    entries: list[ChronologyEntry]
    next_cursor: str | None
    duplicates: dict[int, list[DuplicateOf]]
    silent_periods: list[SilentPeriod]
    silences_before: dict[int, list[SilentPeriod]]
    also_recorded: dict[int, list[AlsoRecorded]] | None = None


def entry_text(row: Any) -> str:
    """The words the duplicate rule compares: what happened, the action taken and the outcome."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return " ".join(filter(None, (get(name) for name in TEXT_FIELDS)))


def row_matches(row: dict[str, Any], filters: Filters) -> bool:
    """The Python twin of `filtered`, for an export's "possible duplicates only" (rows already in memory)."""
    return not (
        (filters.agency_id and row["agency_id"] != filters.agency_id)
        or (filters.date_from and row["sort_date"] < filters.date_from)
        or (filters.date_to and row["sort_date"] > filters.date_to)
        or (filters.event_type and row["event_type"] != filters.event_type)
        or (filters.key_only and not row["is_key_episode"])
    )


# A page's possible-duplicate flags, compiled once per side of a pair and per everything the page's own query
# is compiled for (merged_page), the case's id bound.
_PAGE_FLAGS = CompiledQueries()
_SIDES = (("entry_low", "entry_high"), ("entry_high", "entry_low"))


def _page_flags(
    user: User, case: Case, filters: Filters, key: MergeKey | None
) -> dict[int, list[DuplicateOf]]:
    """The flags of the page's entries: their stored pairs whose other entry is shown to this user and which
    are undecided, each with the other entry's agency and number. Two queries, one for each side of a pair
    the page's entry is on, each naming the page by the page's own query (its first PAGE_SIZE ids) so that
    it is compiled once like the page: built afresh with the page's ids, the pairs and then the other entries
    shown cost about 7 ms of the page's time in building queries and binding a thousand ids. The pairs are
    found by the index on the page entry's side, and neither they nor the other entries name the case (always
    true: a pair never crosses cases): naming it let SQLite walk every pair, or every entry, of the case
    (34 ms, 105 ms on a 5,000-entry chronology) instead of starting from the page's hundred ids."""
    found: dict[int, list[DuplicateOf]] = {}
    for side, other in _SIDES:

        def build(case_id: UUID, side: str = side, other: str = other) -> QuerySet[Any, Any]:
            named = _named(case, case_id)
            page = _page_entries(user, named, filters, key).values("pk")[:PAGE_SIZE]
            return (
                PossibleDuplicate.objects.filter(**{f"{side}__in": page})
                .filter(_shown_q(user, named, other, name_case=False))
                .filter(_undecided())
                .values(
                    "why",
                    "words",
                    entry=F(side),
                    other_entry=F(other),
                    other_agency=F(f"{other}__agency__name"),
                    other_order=F(f"{other}__agency_order"),
                )
            )

        compiled = _PAGE_FLAGS.get(
            ("page flags", side, user.pk, roles_key(user), case.lead_partnership_id, filters, key),
            build,
            {"case_id": UUID},
        )
        for row in compiled.rows(case_id=case.pk):
            found.setdefault(row["entry"], []).append(
                DuplicateOf(
                    row["other_entry"], row["other_agency"], row["other_order"], row["why"], row["words"]
                )
            )
    for flags in found.values():
        flags.sort()  # by the other entry's id first
    return found


def duplicate_map(
    case: Case, user: User, decisions: Decisions | None = None
) -> tuple[dict[int, list[Flag]], dict[int, dict[str, Any]]]:
    """Possible duplicates among every entry this user is shown (two queries, and one for the decisions unless
    given): (flags by entry id, rows by id), from the stored pairs. A decided pair is never flagged, and an
    entry folded into its same-event primary (not shown) is left out, so it is never a flag's target."""
    decided = (decisions or case_decisions(case)).decided
    shown = visible_entries(user, case).exclude(folded_into_primary(user, case))
    rows = {row["id"]: row for row in shown.order_by().values(*_CANDIDATE_FIELDS)}
    flags: dict[int, list[Flag]] = {}
    stored = PossibleDuplicate.objects.filter(case=case).values_list(
        "entry_low_id", "entry_high_id", "why", "words"
    )
    for low, high, why, words in stored:
        if low in rows and high in rows and (low, high) not in decided:
            flags.setdefault(low, []).append(Flag(other_id=high, why=why, words=words))
            flags.setdefault(high, []).append(Flag(other_id=low, why=why, words=words))
    return {entry_id: sorted(found, key=lambda f: f.other_id) for entry_id, found in flags.items()}, rows


# The distinct dates of the entries a person may see, compiled once per person, roles and lead partnership
# (the restrictions read the roles held there), the case's id bound (core.compiled_query).
_SILENT_DATES = CompiledQueries()


def case_silent_periods(case: Case, user: User, silence_days: int) -> list[SilentPeriod]:
    """Silent periods among the entries this user may see (one query over the distinct dates and spans,
    index chronology_dates_by_case)."""

    def build(case_id: UUID) -> QuerySet[ChronologyEntry, Any]:
        named = Case(id=case_id, lead_partnership_id=case.lead_partnership_id)
        return visible_entries(user, named).order_by().values("date", "date_precision", "date_to").distinct()

    compiled = _SILENT_DATES.get(
        ("silent dates", user.pk, roles_key(user), case.lead_partnership_id), build, {"case_id": UUID}
    )
    dates = [(row["date"], row["date_precision"], row["date_to"]) for row in compiled.rows(case_id=case.pk)]
    return silent_periods(dates, silence_days)


def _silences_before(
    entries: list[ChronologyEntry], periods: list[SilentPeriod], previous: dt.date | None
) -> dict[int, list[SilentPeriod]]:
    """Each silent period that lies wholly between two neighbouring rows goes before the later one."""
    found: dict[int, list[SilentPeriod]] = {}
    for entry in entries:
        if previous is not None:
            between = [p for p in periods if previous <= p.start and p.end <= entry.sort_date]
            if between:
                found[entry.pk] = between
        previous = entry.sort_date
    return found


def merged_page_with_flags(
    case: Case, user: User, filters: Filters, cursor: str, silence_days: int
) -> MergedPage:
    """One page with its possible-duplicate flags and silent periods, in a fixed number of queries whatever
    the filters: the page (with "possible duplicates only", an EXISTS over the stored pairs), the page's
    flags from the stored pairs, the decisions, and the distinct dates for silences."""
    key = parse_cursor(cursor) if cursor else None
    decisions = case_decisions(case)
    entries, next_cursor = merged_page(case, user, filters, cursor)
    periods = case_silent_periods(case, user, silence_days)
    return MergedPage(
        entries=entries,
        next_cursor=next_cursor,
        duplicates=_page_flags(user, case, filters, key),
        silent_periods=periods,
        silences_before=_silences_before(entries, periods, key[0] if key else None),
        also_recorded=also_recorded_for(decisions, lead_roles(user, case)),
    )


# --- corrections, withdrawals and imports ------------------------------------------------------------------

LIST_LIMIT = 500


def withdrawn_entries(case: Case, user: User) -> list[ChronologyEntry]:
    """The withdrawn entries this user may see by restriction, in merge order (one query)."""
    qs = visible_entries_with_withdrawn(user, case).filter(withdrawn_at__isnull=False)
    return list(qs.select_related("agency", "withdrawn_by").order_by(*ORDER_BY)[:LIST_LIMIT])


def entry_history(entry: ChronologyEntry) -> list[ChronologyEntryVersion]:
    """The entry's earlier versions, newest first (one query)."""
    return list(entry.versions.select_related("changed_by").order_by("-version")[:LIST_LIMIT])


def case_imports(case: Case) -> list[Any]:
    """The case's spreadsheet imports, newest first, each with how many of its entries are still active
    (one query)."""
    from django.db.models import Count

    return list(
        ChronologyImportBatch.objects.filter(case=case)
        .annotate(active=Count("entries", filter=Q(entries__withdrawn_at__isnull=True)))
        .select_related("created_by", "undone_by", "agency_request__agency")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )


def entry_for_change(*, user: User, case_id: Any, entry_id: int) -> tuple[Case, ChronologyEntry, Any]:
    """(case, entry, agency_request) for correcting or withdrawing an entry. The business unit may change any
    entry of a case it sees (withdrawn ones are found, and refused by the service); the agency author, through
    their own request while their return is open, only their agency's unrestricted entries (agency_request
    is then that request). 404 if the case or the entry is not visible to the user; 403 if they may read the
    chronology but not change it."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from safeguarding_reviews.cases.selectors import case_get_for_user

    from .policies import ChronologyAction, author_request_for, may

    def as_author() -> tuple[Case, ChronologyEntry, Any] | None:
        entry = (
            ChronologyEntry.objects.select_related("agency", "case__lead_partnership")
            .filter(pk=entry_id, case_id=case_id, restricted_roles_key="")
            .first()
        )
        if entry is None:
            return None
        request = author_request_for(user, case_id, entry.agency_id)
        return (entry.case, entry, request) if request is not None else None

    try:
        case = case_get_for_user(user=user, case_id=case_id)
    except Http404:
        found = as_author()
        if found is None:
            raise
        return found
    if not may(user, ChronologyAction.WRITE, case):
        found = as_author()
        if found is not None:
            return found
        raise PermissionDenied
    entry = visible_entries_with_withdrawn(user, case).select_related("agency").filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No entry found")
    entry.case = case
    return case, entry, None


def entries_changed_since(case: Case, user: User, since: dt.datetime) -> int:
    """How many entries this user may see (by restriction) were corrected or withdrawn after `since`: the
    report page's "Entries changed since this report was sent" (one query)."""
    return (
        visible_entries_with_withdrawn(user, case)
        .filter(Q(corrected_at__gt=since) | Q(withdrawn_at__gt=since))
        .order_by()
        .count()
    )


# --- what the exports carry beside each entry (the same flags and silences as the page) -------------------


@dataclass
class ExportNotes:
    """Everything an export says about entries besides their own fields, built in a fixed number of queries
    (the candidates, the decisions, the distinct dates): flags, decisions and silent periods."""

    flags: dict[int, list[Flag]]
    rows: dict[int, dict[str, Any]]
    also_recorded: dict[int, list[AlsoRecorded]]
    silent_periods: list[SilentPeriod]

    def notes(self, entry: Any) -> list[str]:
        found = []
        if entry.is_key_episode:
            found.append("Key episode")
        for other in self.also_recorded.get(entry.pk, []):
            found.append(f"Same event: also recorded by {other.agency_name} entry {other.agency_order}")
        for flag in self.flags.get(entry.pk, []):
            row = self.rows[flag.other_id]
            found.append(
                f"Possible duplicate of {row['agency__name']} entry {row['agency_order']} ({flag.reason})"
            )
        if entry.corrected_at:
            found.append(f"Corrected on {entry.corrected_at:%d %B %Y} because {entry.correction_reason}")
        return found

    def silences_between(self, previous: dt.date | None, current: dt.date) -> list[SilentPeriod]:
        """The silent periods to write as rows between two neighbouring entries (by their sort dates)."""
        if previous is None:
            return []
        return [p for p in self.silent_periods if previous <= p.start and p.end <= current]


def export_notes(case: Case, user: User, silence_days: int) -> ExportNotes:
    decisions = case_decisions(case)
    flags, rows = duplicate_map(case, user, decisions)
    return ExportNotes(
        flags=flags,
        rows=rows,
        also_recorded=also_recorded_for(decisions, lead_roles(user, case)),
        silent_periods=case_silent_periods(case, user, silence_days),
    )


def silence_text(period: SilentPeriod) -> str:
    return (
        f"No agency contact for {period.days} days: {period.start.day} {period.start:%B %Y} to "
        f"{period.end.day} {period.end:%B %Y}"
    )


# --- Mapping any layout: a draft import and its check ---------------------------------------------------


def import_draft_get(*, user: User, case: Case, draft_id: Any, agency_request: Any = None) -> Any:
    """The user's own draft import for this case (and request): anyone else's, an imported or an expired
    one is 404. The document, agency and request come with it (one query)."""
    from django.http import Http404

    from safeguarding_reviews.core import clock

    from .models import ChronologyImportDraft

    draft = (
        ChronologyImportDraft.objects.select_related("document", "agency", "saved_mapping", "case")
        .filter(
            pk=draft_id,
            case=case,
            uploaded_by_id=getattr(user, "pk", None),
            agency_request=agency_request,
            import_batch__isnull=True,
            expires_at__gt=clock.now(),
        )
        .first()
    )
    if draft is None:
        raise Http404("No such upload")
    if agency_request is not None:
        draft.agency_request = agency_request
    return draft


@dataclass
class DraftCheck:
    """A draft's file checked with its choices: what the mapping and preview pages show."""

    result: Any  # validation.CheckResult
    rows: list[Any]  # mapped.MappedRow, as they will be stored
    problems: list[Any]  # every problem (reading.Problem), in row order
    headings: list[str]
    mapping: dict[str, str]  # {"heading": "field"}: the draft's, the saved one or the suggestion
    type_values: list[str]
    type_codes: dict[str, str]  # {"type as written": code}: the value table for this file
    saved: Any  # the ChronologyLayoutMapping offered, or None

    @property
    def listed_problems(self) -> list[Any]:
        from .validation import MAX_LISTED_PROBLEMS

        return self.problems[:MAX_LISTED_PROBLEMS]

    @property
    def problem_count(self) -> int:
        return len(self.problems)

    @property
    def listed_date_warnings(self) -> list[Any]:
        """Dates outside the period the agency was asked to cover (reading.Problem), at most 200."""
        from .validation import MAX_LISTED_PROBLEMS

        return self.result.date_warnings[:MAX_LISTED_PROBLEMS]

    @property
    def date_warning_count(self) -> int:
        return len(self.result.date_warnings)


def import_draft_check(
    draft: Any, *, today: Any, agencies: dict[str, int], window: tuple[Any, Any] | None = None
) -> DraftCheck:
    """Read the draft's stored file and check it with the draft's sheet, agency, mapping and value table;
    `window` (from, to: the period the agency was asked to cover) makes dates outside it warnings.
    Before the person confirms a mapping, the mapping saved for this agency and layout (same headings) is
    used when there is one, else the suggestion. Queries: the saved mapping (at most one), whatever the
    file's size."""
    from safeguarding_reviews.documents.services import document_path

    from . import layout, mapped, validation
    from .models import ChronologyLayoutMapping

    data = document_path(draft.document).read_bytes()
    sheet = draft.sheet or None
    overrides: dict[str, str] = dict(draft.event_types or {})
    mapping: dict[str, str] | None = dict(draft.mapping) if draft.mapping_confirmed else None
    saved = None
    result = validation.check_file(
        draft.file_name,
        data,
        today=today,
        sheet=sheet,
        mapping=mapping,
        window=window,
        event_types=mapped.value_table(overrides),
    )
    headings = [column.heading for column in result.layout.columns] if result.layout else []
    if not draft.mapping_confirmed and draft.agency_id is not None and headings:
        saved = ChronologyLayoutMapping.objects.filter(
            partnership_id=draft.case.lead_partnership_id,
            agency_id=draft.agency_id,
            signature=layout.heading_signature(headings),
        ).first()
        if saved is not None:
            normal = {layout.normalise(h): h for h in headings}
            mapping = {
                normal[layout.normalise(h)]: name
                for h, name in saved.mapping.items()
                if layout.normalise(h) in normal
            }
            overrides = dict(saved.event_types)
            result = validation.check_file(
                draft.file_name,
                data,
                today=today,
                sheet=sheet,
                mapping=mapping,
                window=window,
                event_types=mapped.value_table(overrides),
            )
            headings = [column.heading for column in result.layout.columns] if result.layout else headings
    rows, more = mapped.mapped_rows(result, agency_id=draft.agency_id, agencies=agencies)
    problems = sorted([*result.all_problems, *more], key=lambda p: (p.row is not None, p.row or 0))
    table = layout.keyed_values(mapped.value_table(overrides))
    type_codes = {value: layout.event_type_for(value, keyed=table)[0] for value in result.event_type_values}
    current = result.layout.heading_mapping() if result.layout else {}
    return DraftCheck(
        result=result,
        rows=rows,
        problems=problems,
        headings=headings,
        mapping={heading: current.get(heading, "ignore") for heading in headings},
        type_values=list(result.event_type_values),
        type_codes=type_codes,
        saved=saved,
    )


def visible_entry(user: Any, case: Case, entry_id: int, *, with_withdrawn: bool) -> ChronologyEntry | None:
    """One entry this user may see, with its agency and who withdrew it (withdrawn ones only if asked)."""
    entries = visible_entries_with_withdrawn(user, case) if with_withdrawn else visible_entries(user, case)
    return entries.select_related("agency", "withdrawn_by").filter(pk=entry_id).first()


def visible_entries_by_id(user: Any, case: Case, entry_ids: list[int]) -> dict[int, ChronologyEntry]:
    """The entries of these ids that this user may see (withdrawn ones not), with their agencies."""
    return {e.pk: e for e in visible_entries(user, case).select_related("agency").filter(pk__in=entry_ids)}


def entry_with_agency(entry_id: int) -> ChronologyEntry:
    """The entry as it is now, e.g. after someone else changed it."""
    return ChronologyEntry.objects.select_related("agency").get(pk=entry_id)


def import_batch_get(*, case: Case, batch_id: int) -> ChronologyImportBatch | None:
    return (
        ChronologyImportBatch.objects.filter(case=case, pk=batch_id)
        .select_related("created_by", "agency_request__agency")
        .first()
    )


def import_batch_active_count(batch: ChronologyImportBatch) -> int:
    """How many of the import's entries are not withdrawn: what undoing it would withdraw."""
    return batch.entries.filter(withdrawn_at__isnull=True).count()


def export_of_requester(*, case: Case, export_id: Any, user: Any) -> ChronologyExport | None:
    """The user's own export of this case (None for anyone else's), with its document."""
    return (
        ChronologyExport.objects.filter(pk=export_id, case=case, requested_by_id=user.pk)
        .select_related("document")
        .first()
    )


def export_in_flight(user: Any, case: Case) -> ChronologyExport | None:
    """The user's export of this case that is waiting or being built, if any (at most one: a constraint)."""
    return (
        ChronologyExport.objects.filter(requested_by_id=user.pk, case=case, status__in=IN_FLIGHT)
        .order_by("created_at")
        .first()
    )


def latest_export(user: Any, case: Case) -> ChronologyExport | None:
    return ChronologyExport.objects.filter(requested_by_id=user.pk, case=case).order_by("-created_at").first()


def export_for_build(export_id: Any) -> ChronologyExport:
    """The export the worker builds, with its case and the person it is built for."""
    return ChronologyExport.objects.select_related("case", "requested_by").get(pk=export_id)


def exports_due(*, finished_before: Any) -> list[Any]:
    """The ids of finished exports whose stored file the retention period has run out on."""
    due = ChronologyExport.objects.filter(status=ExportStatus.DONE, finished_at__lt=finished_before)
    return list(due.values_list("pk", flat=True))


def exports_stuck(*, created_before: Any) -> list[Any]:
    """The ids of exports still waiting or being built that were asked for before `created_before`."""
    stuck = ChronologyExport.objects.filter(status__in=IN_FLIGHT, created_at__lt=created_before)
    return list(stuck.values_list("pk", flat=True))
