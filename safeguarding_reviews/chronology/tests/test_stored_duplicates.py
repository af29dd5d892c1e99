"""The stored possible-duplicate pairs (PossibleDuplicate): kept by every write that adds or changes an entry
(add, import, correction), they give each viewer exactly the flags the rule (duplicates.py) gives over the
entries that viewer is shown, restricted, withdrawn, folded and decided ones included; "possible duplicates
only" is a database filter with them; the migration fills them for chronologies that already exist."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from safeguarding_reviews.chronology import services
from safeguarding_reviews.chronology.duplicates import DuplicateCandidate, duplicate_flags
from safeguarding_reviews.chronology.importer import ParsedRow
from safeguarding_reviews.chronology.models import ChronologyEntry, PossibleDuplicate
from safeguarding_reviews.chronology.selectors import (
    Filters,
    case_decisions,
    duplicate_map,
    entry_text,
    folded_into_primary,
    merged_entries,
    merged_page_with_flags,
    visible_entries,
)
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = dt.date
VISIT = "Health visitor home visit: bruise seen on the arm of Child Q, mother present"
SAME = "Home visit by the health visitor, bruise on Child Q arm seen, mother there"
OTHER = "School nurse phone call about attendance and lunch money"


def _by_the_rule(world, user) -> dict[int, list[int]]:
    """The flags computed now, over the entries `user` is shown, as the merged page did before."""
    case = world.case
    shown = visible_entries(user, case).exclude(folded_into_primary(user, case))
    candidates = [
        DuplicateCandidate(
            id=e.pk,
            agency_id=e.agency_id,
            date=e.date,
            date_to=e.date_to,
            precision=e.date_precision,
            time=e.time,
            text=entry_text(e),
        )
        for e in shown
    ]
    flags = duplicate_flags(candidates, case_decisions(case).decided)
    return {entry_id: [f.other_id for f in found] for entry_id, found in flags.items()}


def _stored(world, user) -> dict[int, list[int]]:
    flags, _ = duplicate_map(world.case, user)
    return {entry_id: [f.other_id for f in found] for entry_id, found in flags.items()}


def _page(world, user, **filters) -> tuple[list[int], dict[int, list[int]]]:
    page = merged_page_with_flags(world.case, user, Filters(**filters), "", 28)
    return [e.pk for e in page.entries], {
        entry_id: [o.entry_id for o in others] for entry_id, others in page.duplicates.items()
    }


def _agree(world, *people) -> None:
    for user in people:
        expected = _by_the_rule(world, user)
        assert _stored(world, user) == expected
        shown, flags = _page(world, user)
        assert flags == {i: ids for i, ids in expected.items() if i in shown}
        only, only_flags = _page(world, user, duplicates_only=True)
        assert only == [i for i in shown if i in expected]
        assert only_flags == {i: expected[i] for i in only}


def test_stored_pairs_match_the_rule_for_every_viewer_after_every_write(world):
    officer = world.people["business_unit_officer"]
    police_delegate, icb = world.people["delegate_police"], world.people["delegate_icb"]
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    school = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test School")
    viewers = (officer, police_delegate, icb)

    def add(agency, **kwargs):
        values = {"actor": officer, "case": world.case, "agency": agency, "date": D(2025, 2, 3)}
        return services.chronology_entry_add(
            **({"event_type": "home_visit", "what_happened": VISIT} | values | kwargs)
        )

    add(world.agency)
    b = add(police, what_happened=SAME)
    assert PossibleDuplicate.objects.count() == 1
    _agree(world, *viewers)
    # A restricted entry is flagged only for those who hold its role; an approximate date reaches 3 days.
    c = add(police, restricted_to_roles=["delegate_police"], date=D(2025, 2, 5), date_precision="approximate")
    add(school, what_happened=OTHER)  # the same day, other words: not flagged
    _agree(world, *viewers)
    # An import: entries on nearby days, one of them the same visit, one a season span over them all.
    rows = [
        ParsedRow(
            row=n,
            date=date,
            precision=precision,
            time=None,
            agency_id=school.pk,
            source_record="",
            event_type="contact",
            what_happened=text,
            practitioner_role="",
            is_key_episode=False,
            analysis="",
        )
        for n, (date, precision, text) in enumerate(
            [
                (D(2025, 2, 4), "exact", SAME),
                (D(2025, 2, 10), "exact", "Unrelated dental appointment"),
                (D(2025, 1, 1), "year", SAME),
            ],
            start=1,
        )
    ]
    services.chronology_import(actor=officer, case=world.case, rows=rows)
    _agree(world, *viewers)
    # A correction moves an entry away from its twin (its pairs go) and another onto a twin.
    entry_b = ChronologyEntry.objects.get(pk=b.pk)
    services.chronology_entry_correct(
        actor=officer,
        entry=entry_b,
        expected_version=entry_b.version,
        changes={"date": D(2025, 6, 1)},
        reason="Wrong date",
    )
    _agree(world, *viewers)
    unrelated = ChronologyEntry.objects.get(what_happened="Unrelated dental appointment")
    services.chronology_entry_correct(
        actor=officer,
        entry=unrelated,
        expected_version=unrelated.version,
        changes={"what_happened": VISIT, "date": D(2025, 2, 3)},
        reason="Wrong text",
    )
    _agree(world, *viewers)
    # Withdrawn, decided different, decided the same (one folded into its primary).
    services.chronology_entry_withdraw(
        actor=officer, entry=ChronologyEntry.objects.get(pk=c.pk), reason="Wrong"
    )
    _agree(world, *viewers)
    for decision in ("different", "same"):
        first, second = next((i, ids[0]) for i, ids in sorted(_stored(world, officer).items()))
        services.chronology_duplicate_decide(
            actor=officer,
            case=world.case,
            entry_a=ChronologyEntry.objects.get(pk=first),
            entry_b=ChronologyEntry.objects.get(pk=second),
            decision=decision,
        )
        _agree(world, *viewers)
    assert (
        len(list(merged_entries(world.case, officer)))
        < ChronologyEntry.objects.filter(withdrawn_at__isnull=True).count()
    )  # one entry is folded into its primary


def test_the_whole_case_again_gives_the_same_pairs(world):
    officer = world.people["business_unit_officer"]
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    for day in range(1, 20):
        for agency, text in ((world.agency, VISIT), (police, SAME)):
            services.chronology_entry_add(
                actor=officer,
                case=world.case,
                agency=agency,
                date=D(2025, 3, day),
                event_type="contact",
                what_happened=text,
            )
    kept = set(PossibleDuplicate.objects.values_list("entry_low", "entry_high", "why", "words"))
    assert kept
    assert services.duplicate_pairs_store(case=world.case) == len(kept)
    assert set(PossibleDuplicate.objects.values_list("entry_low", "entry_high", "why", "words")) == kept


def test_the_migration_fills_existing_chronologies(world):
    officer = world.people["business_unit_officer"]
    police = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")
    for agency, text in ((world.agency, VISIT), (police, SAME)):
        services.chronology_entry_add(
            actor=officer,
            case=world.case,
            agency=agency,
            date=D(2025, 2, 3),
            event_type="contact",
            what_happened=text,
        )
    kept = set(PossibleDuplicate.objects.values_list("entry_low", "entry_high", "why", "words"))
    PossibleDuplicate.objects.all().delete()
    migration = importlib.import_module(
        "safeguarding_reviews.chronology.migrations.0008_fill_possible_duplicates"
    )
    migration.fill(apps, None)
    assert len(kept) == 1
    assert set(PossibleDuplicate.objects.values_list("entry_low", "entry_high", "why", "words")) == kept
