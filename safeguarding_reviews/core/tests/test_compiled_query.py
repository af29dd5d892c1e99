"""core.compiled_query: a values() query compiled once and run again gives what the ORM gives on every run,
with the bound dates of that run, the columns converted as Django converts them (a UUID, a boolean), and a
date the query works out from a stand-in is refused rather than left in the SQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef, Q, signals

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.chronology.models import ChronologyEntry
from safeguarding_reviews.chronology.ordering import sort_columns
from safeguarding_reviews.core.compiled_query import CompiledQueries, _attnames, instance, model_values
from tests.factories import AgencyFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

DATES = [dt.date(2026, 1, 10), dt.date(2026, 2, 20), dt.date(2026, 3, 30)]


def _cases(*, since: dt.date, moment: dt.datetime):
    return (
        Case.objects.filter(Q(incident_date__gte=since) | Q(stage_entered_at__gt=moment))
        .annotate(restricted_too=Exists(Case.objects.filter(pk=OuterRef("pk"), is_restricted=True)))
        .order_by("incident_date", "pk")
        .values("pk", "reference", "incident_date", "restricted_too")
    )


def test_each_run_binds_its_own_dates_and_matches_the_orm() -> None:
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    for when, restricted in zip(DATES, (False, True, False), strict=True):
        CaseFactory(incident_date=when, is_restricted=restricted, stage_entered_at=old)
    queries = CompiledQueries()
    bound = {"since": dt.date, "moment": dt.datetime}
    built = []

    def build(**values):
        built.append(values)
        return _cases(**values)

    for since in [dt.date(2026, 1, 1), *DATES, dt.date(2027, 1, 1)]:
        for moment in (dt.datetime(2019, 6, 1, 12, tzinfo=dt.UTC), dt.datetime(2030, 1, 1, tzinfo=dt.UTC)):
            rows = queries.get("cases", build, bound).rows(since=since, moment=moment)
            assert rows == list(_cases(since=since, moment=moment))
    assert len(built) == 1  # compiled once, run twelve times
    first = queries.get("cases", build, bound).rows(since=DATES[0], moment=old)
    assert isinstance(first[0]["pk"], uuid.UUID)
    assert [row["restricted_too"] for row in first] == [False, True, False]


def test_a_date_worked_out_from_a_stand_in_is_refused() -> None:
    queries = CompiledQueries()

    def build(*, since):
        return _cases(since=since - dt.timedelta(days=7), moment=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    with pytest.raises(ImproperlyConfigured, match="was not bound"):
        queries.get("week before", build, {"since": dt.date})


def test_the_cache_starts_again_when_full() -> None:
    queries = CompiledQueries(limit=2)
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for key in range(5):
        queries.get(key, lambda: _cases(since=DATES[0], moment=moment))
    assert len(queries._found) <= 2


def test_a_bound_case_id_reads_that_case() -> None:
    cases = [CaseFactory.create() for _ in range(3)]
    queries = CompiledQueries()
    for case in cases:
        compiled = queries.get(
            "one",
            lambda case_id: Case.objects.filter(pk=case_id).values("pk", "reference"),
            {"case_id": uuid.UUID},
        )
        assert compiled.rows(case_id=case.pk) == [{"pk": case.pk, "reference": case.reference}]
    assert compiled.rows(case_id=uuid.uuid4()) == []


def test_a_query_that_holds_for_no_row_reads_nothing() -> None:
    CaseFactory.create()
    compiled = CompiledQueries().get("none", lambda: Case.objects.filter(pk__in=[]).values("pk"))
    assert compiled.rows() == []


def _made_both_ways(model, queryset):
    """`instance` from a values() row, and the same record read by the queryset itself."""
    row = queryset.values(*model_values(model)).get()
    return instance(model, row), queryset.get()


@pytest.mark.parametrize("fast", [True, False], ids=["columns stored directly", "through from_db"])
def test_instance_is_the_record_a_queryset_reads(fast: bool) -> None:
    # A case (a foreign key, a stored generated column, dates, a UUID) and a chronology entry: made by
    # `instance` they hold the same values and state as read by the ORM, save as it would, and compare equal.
    # A post_init receiver (as an ImageField would connect) sends `instance` through Model.from_db.
    case = CaseFactory.create()
    entry = ChronologyEntry.objects.create(
        case=case,
        agency=AgencyFactory.create(partnership=case.lead_partnership),
        date=dt.date(2026, 1, 10),
        event_type="contact",
        what_happened="A home visit",
        agency_order=1,
        created_by=UserFactory.create(),
        **sort_columns(dt.date(2026, 1, 10), "exact", None),
    )

    def listener(**kwargs: object) -> None:
        pass

    # Both models take the direct way unless a receiver listens.
    assert _attnames(Case) is not None and _attnames(ChronologyEntry) is not None
    if not fast:
        signals.post_init.connect(listener, sender=Case)
        signals.post_init.connect(listener, sender=ChronologyEntry)
    try:
        for model, queryset in (
            (Case, Case.objects.filter(pk=case.pk)),
            (ChronologyEntry, ChronologyEntry.objects.filter(pk=entry.pk)),
        ):
            made, read = _made_both_ways(model, queryset)
            assert type(made) is model and made == read
            assert {k: v for k, v in vars(made).items() if k != "_state"} == {
                k: v for k, v in vars(read).items() if k != "_state"
            }
            assert (
                (made._state.adding, made._state.db)
                == (read._state.adding, read._state.db)
                == (False, "default")
            )
    finally:
        signals.post_init.disconnect(listener, sender=Case)
        signals.post_init.disconnect(listener, sender=ChronologyEntry)
    made, _ = _made_both_ways(Case, Case.objects.filter(pk=case.pk))
    made.pseudonym = "Child R"
    made.save(update_fields=["pseudonym"])
    assert Case.objects.get(pk=case.pk).pseudonym == "Child R" and made.is_open
    assert made.lead_partnership == case.lead_partnership  # the foreign key reads through as usual
