"""Corrections with a trail, withdrawal, undoing an import and duplicate decisions, with the database: the
services (old versions kept, the outcome's version raised and its sign-offs superseded without the corrector
becoming a drafter, nothing raised once the report has been sent to the Panel, a cited entry kept, an import
undone in one step, a decided pair never flagged again, withdrawn entries out of the page, the exports and the
report, an audit event for every write holding no text), the pages (GOV.UK errors, 400, 409, access) and the
fixed query counts of the new list pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology import services
from safeguarding_reviews.chronology.importer import ParsedRow
from safeguarding_reviews.chronology.models import (
    ChronologyEntryVersion,
    ChronologyImportBatch,
    DuplicateDecision,
)
from safeguarding_reviews.chronology.selectors import (
    Filters,
    case_silent_periods,
    duplicate_map,
    merged_entries,
    merged_page_with_flags,
)
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.outcomes import services as outcome_services
from safeguarding_reviews.panel import services as panel_services
from safeguarding_reviews.reports.context import report_context
from safeguarding_reviews.reports.services import report_generate
from safeguarding_reviews.signoffs import services as signoff_services
from safeguarding_reviews.signoffs.models import SignOff
from safeguarding_reviews.signoffs.selectors import signoff_state
from safeguarding_reviews.signoffs.tests.helpers import report_to_sign
from tests.factories import AgencyFactory
from tests.fixtures import sign_in
from tests.outcome_data import complete_outcome

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}
TEXT = "Health visitor home visit: bruise seen on the arm of Child Q, mother present"
SAME = "Home visit by the health visitor, bruise on Child Q arm seen, mother there"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def police(world):
    return AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")


def _add(world, agency=None, **kwargs):
    values = {
        "actor": world.people["business_unit_officer"],
        "case": world.case,
        "agency": agency or world.agency,
        "date": dt.date(2025, 2, 3),
        "event_type": "home_visit",
        "what_happened": TEXT,
    }
    return services.chronology_entry_add(**(values | kwargs))


def _events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


def _row(agency, n, **kwargs):
    values = {
        "row": n + 1,
        "date": dt.date(2025, 1, n),
        "precision": "exact",
        "time": None,
        "agency_id": agency.pk,
        "source_record": "",
        "event_type": "contact",
        "what_happened": f"Imported contact number {n}.",
        "practitioner_role": "",
        "is_key_episode": False,
        "analysis": "",
    }
    return ParsedRow(**(values | kwargs))


# --- the new fields and spans -------------------------------------------------------------------------------


def test_new_fields_and_spans_are_stored(world):
    officer = world.people["business_unit_officer"]
    entry = _add(
        world,
        date=dt.date(2024, 3, 1),
        date_precision="season",
        date_to=dt.date(2024, 5, 31),
        date_as_written="Spring 2024",
        action_taken="Referred to children's social care.",
        outcome="Strategy discussion held.",
        who_seen="Child Q, mother",
    )
    assert (entry.date, entry.date_to, entry.date_as_written) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 5, 31),
        "Spring 2024",
    )
    month = _add(world, date=dt.date(2024, 7, 9), date_precision="month")
    assert (month.date, month.date_to) == (dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    year = _add(world, date=dt.date(2023, 1, 1), date_precision="year")
    assert year.date_to == dt.date(2023, 12, 31)
    exact = _add(world, date=dt.date(2024, 8, 1), date_to=dt.date(2024, 8, 9))
    assert exact.date_to is None  # an exact date has no span
    with pytest.raises(ValidationError, match="Enter the last day the date could be, for example") as caught:
        _add(world, date=dt.date(2024, 3, 1), date_precision="part_year")
    assert "date_to" in caught.value.error_dict
    with pytest.raises(
        ValidationError, match="The end of the date must be the same as or after its start"
    ) as caught:
        _add(world, date=dt.date(2024, 3, 1), date_precision="season", date_to=dt.date(2024, 2, 1))
    assert "date_to" in caught.value.error_dict
    with pytest.raises(ValidationError, match="Who was seen must be") as caught:
        _add(world, who_seen="x" * 101)
    assert "who_seen" in caught.value.error_dict
    # Spring 2024 makes no silence inside it; an exact date in it is no duplicate unless the words agree.
    _add(world, date=dt.date(2024, 1, 20), what_happened="School contact about attendance.")
    periods = case_silent_periods(world.case, officer, 28)
    assert all(not (p.start < dt.date(2024, 5, 31) and p.end > dt.date(2024, 3, 1)) for p in periods)


def test_merged_page_and_add_form_show_the_new_fields(world, client):
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:add", args=[world.case.pk])
    response = client.post(
        url,
        {
            "agency": world.agency.pk,
            "date": "1/3/2024",
            "date_precision": "season",
            "date_to": "31/5/2024",
            "date_as_written": "Spring 2024",
            "event_type": "home_visit",
            "what_happened": "Visit to the family home.",
            "action_taken": "Safety plan agreed.",
            "outcome": "Case stays open.",
            "who_seen": "Child Q, MGM",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    body = client.get(reverse("chronology:merged", args=[world.case.pk])).content.decode()
    for text in (
        "Written as: Spring 2024",
        "1 March 2024 to 31 May 2024",
        "Safety plan agreed.",
        "Case stays open.",
        "Child Q, MGM",
    ):
        assert text in body


# --- corrections --------------------------------------------------------------------------------------------


def test_correction_keeps_the_old_version_and_is_audited_without_text(world):
    officer = world.people["business_unit_officer"]
    entry = _add(world)
    corrected = services.chronology_entry_correct(
        actor=officer,
        entry=entry,
        expected_version=1,
        changes={"what_happened": "Home visit: Child Q seen, no bruise.", "who_seen": "Child Q"},
        reason="The hospital's record had the wrong visit",
    )
    assert corrected.version == 2 and corrected.what_happened == "Home visit: Child Q seen, no bruise."
    assert corrected.correction_reason == "The hospital's record had the wrong visit"
    [old] = ChronologyEntryVersion.objects.filter(entry=entry)
    assert (old.version, old.kind, old.values["what_happened"]) == (1, "corrected", TEXT)
    assert old.changed_fields == ["what_happened", "who_seen"] and old.changed_by == officer
    [event] = _events(EventType.CHRONOLOGY_ENTRY_CORRECTED)
    assert event.data == {
        "entry_id": entry.pk,
        "version": 2,
        "fields": ["what_happened", "who_seen"],
        "outcome_version": None,
    }
    assert "wrong visit" not in str(event.data) and "bruise" not in str(event.data)
    with pytest.raises(StaleVersionError, match="stale version"):
        services.chronology_entry_correct(
            actor=officer, entry=entry, expected_version=1, changes={"outcome": "x"}, reason="again"
        )
    with pytest.raises(ValidationError, match="Enter why you are correcting this entry") as caught:
        services.chronology_entry_correct(
            actor=officer, entry=corrected, expected_version=2, changes={"outcome": "x"}, reason="  "
        )
    assert "reason" in caught.value.error_dict
    with pytest.raises(PermissionDenied, match="You may not write this case's chronology"):
        services.chronology_entry_correct(
            actor=world.people["delegate_icb"],
            entry=corrected,
            expected_version=2,
            changes={"outcome": "x"},
            reason="no",
        )


def _sign_all(world):
    outcome = world.case.rapid_review_outcome
    outcome.refresh_from_db()
    # The third sign-off queues the sign-off record's build after commit: run it, as the worker would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        for partner, persona in DELEGATES.items():
            signoff_services.signoff_record(
                actor=world.people[persona],
                case=world.case,
                partner=partner,
                agrees=True,
                comments="",
                expected_version=outcome.version,
                report_sha256=report_to_sign(outcome).sha256,
            )


def test_correction_at_the_rapid_review_raises_the_outcome_and_supersedes_signoffs(world):
    entry = _add(world, is_key_episode=True)
    complete_outcome(world)  # drafted by the business unit officer
    report_generate(actor=world.people["business_unit_officer"], case=world.case)
    _sign_all(world)
    assert SignOff.objects.filter(superseded_at__isnull=True).count() == 3
    outcome = world.case.rapid_review_outcome
    outcome.refresh_from_db()
    before = outcome.version
    manager = world.people["business_manager"]  # not a drafter: correcting must not make them one
    services.chronology_entry_correct(
        actor=manager, entry=entry, expected_version=1, changes={"outcome": "Seen by GP."}, reason="Added"
    )
    outcome.refresh_from_db()
    assert outcome.version == before + 1
    assert not outcome.contributors.filter(pk=manager.pk).exists() and outcome.drafted_by_id != manager.pk
    assert SignOff.objects.filter(superseded_at__isnull=True).count() == 0
    [raised] = _events(EventType.OUTCOME_VERSION_RAISED)
    assert raised.data["cause"] == "chronology.entry_corrected" and raised.data["entry_id"] == entry.pk
    [event] = _events(EventType.CHRONOLOGY_ENTRY_CORRECTED)
    assert event.data["outcome_version"] == before + 1
    # The report made before it is out of date: sign-off needs a report of the current version.
    report = signoff_state(outcome).report
    assert report is None or report.outcome_version != outcome.version


def test_after_the_panel_has_the_report_nothing_is_raised_and_the_page_says_entries_changed(world, client):
    entry = _add(world)
    other = _add(world, what_happened="School contact.", date=dt.date(2025, 2, 10))
    complete_outcome(world)
    report_generate(actor=world.people["business_unit_officer"], case=world.case)
    _sign_all(world)
    officer = world.people["business_unit_officer"]
    panel_services.panel_submission_record(actor=officer, case=world.case, sent_on=dt.date(2026, 3, 16))
    outcome = world.case.rapid_review_outcome
    outcome.refresh_from_db()
    version = outcome.version
    with time_machine.travel(TODAY + dt.timedelta(hours=1), tick=False):
        world.case.refresh_from_db()
        entry.case = world.case
        other.case = world.case
        services.chronology_entry_correct(
            actor=officer, entry=entry, expected_version=1, changes={"outcome": "Late detail"}, reason="Late"
        )
        services.chronology_entry_withdraw(actor=officer, entry=other, reason="Not this child")
    outcome.refresh_from_db()
    assert outcome.version == version
    assert SignOff.objects.filter(superseded_at__isnull=True).count() == 3
    assert not _events(EventType.OUTCOME_VERSION_RAISED)
    sign_in(client, officer)
    body = client.get(reverse("reports:case_reports", args=[world.case.pk])).content.decode()
    assert "Entries changed since this report was sent" in body
    assert "2 chronology entries were corrected or withdrawn" in body


# --- withdrawal ---------------------------------------------------------------------------------------------


def test_withdrawn_entries_leave_the_page_exports_and_report_and_are_shown_with_the_reason(world, client):
    officer = world.people["business_unit_officer"]
    kept = _add(world, is_key_episode=True, what_happened="Kept key episode.")
    gone = _add(world, is_key_episode=True, what_happened="Withdrawn key episode.", date=dt.date(2025, 2, 4))
    services.chronology_entry_withdraw(actor=officer, entry=gone, reason="Recorded against the wrong child")
    gone.refresh_from_db()
    assert gone.is_withdrawn and gone.version == 2
    [event] = _events(EventType.CHRONOLOGY_ENTRY_WITHDRAWN)
    assert event.data == {"entry_id": gone.pk, "version": 2, "outcome_version": None}
    assert [e.pk for e in merged_entries(world.case, officer)] == [kept.pk]
    outcome = complete_outcome(world)
    episodes = _report(world, outcome)["key_episodes"]
    assert [e["what_happened"] for e in episodes] == ["Kept key episode."]
    world.case.refresh_from_db()
    sign_in(client, officer)
    url = reverse("chronology:merged", args=[world.case.pk])
    assert "Withdrawn key episode." not in client.get(url).content.decode()
    shown = client.get(url, {"show_withdrawn": "on"}).content.decode()
    assert "Withdrawn key episode." in shown and "Recorded against the wrong child" in shown
    xlsx = client.get(reverse("chronology:export_xlsx", args=[world.case.pk]))
    assert b"Withdrawn key episode." not in b"".join(xlsx.streaming_content)
    # A delegate neither sees withdrawn entries nor has the filter.
    sign_in(client, world.people["delegate_icb"])
    delegate = client.get(url, {"show_withdrawn": "on"}).content.decode()
    assert "Withdrawn key episode." not in delegate and "Show withdrawn entries" not in delegate


def _report(world, outcome):
    from safeguarding_reviews.core import clock

    world.case.refresh_from_db()
    outcome.refresh_from_db()
    return report_context(case=world.case, outcome=outcome, generated_at=clock.now(), template_version=0)


def test_report_context_leaves_withdrawn_out_and_says_also_recorded_by(world, police):
    officer = world.people["business_unit_officer"]
    primary = _add(world, is_key_episode=True)
    second = _add(world, police, is_key_episode=True, what_happened=SAME)
    gone = _add(world, is_key_episode=True, what_happened="Withdrawn visit.", date=dt.date(2025, 3, 1))
    outcome = complete_outcome(world)
    world.case.refresh_from_db()
    for e in (primary, second, gone):
        e.case = world.case
    services.chronology_duplicate_decide(
        actor=officer, case=world.case, entry_a=primary, entry_b=second, decision="same"
    )
    services.chronology_entry_withdraw(actor=officer, entry=gone, reason="Duplicate of an earlier record")
    episodes = _report(world, outcome)["key_episodes"]
    assert [e["agency"] for e in episodes] == [
        "Alphashire Test Hospital (also recorded by Alphashire Test Police)"
    ]
    assert episodes[0]["also_recorded_by"] == "Alphashire Test Police"


def test_a_cited_entry_cannot_be_withdrawn(world):
    officer = world.people["business_unit_officer"]
    entry = _add(world, is_key_episode=True)
    outcome = complete_outcome(world)
    outcome = outcome_services.evidence_add(
        actor=officer, outcome=outcome, expected_version=outcome.version, entry_id=entry.pk
    )
    world.case.refresh_from_db()
    entry.case = world.case
    with pytest.raises(
        ValidationError, match="This entry is cited as evidence in the rapid review"
    ) as caught:
        services.chronology_entry_withdraw(actor=officer, entry=entry, reason="Wrong child")
    assert "cited as evidence" in str(caught.value.error_dict["reason"])
    entry.refresh_from_db()
    assert not entry.is_withdrawn and not _events(EventType.CHRONOLOGY_ENTRY_WITHDRAWN)


# --- undoing an import --------------------------------------------------------------------------------------


def test_undo_import_withdraws_the_batch_still_active(world):
    officer = world.people["business_unit_officer"]
    services.chronology_import(
        actor=officer, case=world.case, rows=[_row(world.agency, n) for n in (1, 2, 3)], file_name="a.csv"
    )
    batch = ChronologyImportBatch.objects.get()
    first = batch.entries.order_by("pk").first()
    assert first is not None
    services.chronology_entry_withdraw(actor=officer, entry=first, reason="One wrong row")
    by_hand = _add(world)
    withdrawn = services.chronology_import_undo(actor=officer, batch=batch, reason="Wrong agency's file")
    assert withdrawn == 2
    assert not batch.entries.filter(withdrawn_at__isnull=True).exists()
    assert list(merged_entries(world.case, officer)) == [by_hand]
    batch.refresh_from_db()
    assert batch.undone_by == officer and batch.undo_reason == "Wrong agency's file"
    assert ChronologyEntryVersion.objects.filter(entry__import_batch=batch, kind="withdrawn").count() == 3
    [event] = _events(EventType.CHRONOLOGY_IMPORT_UNDONE)
    assert event.data == {"batch_id": batch.pk, "withdrawn": 2, "outcome_version": None}
    with pytest.raises(ValidationError, match="This import has already been undone"):
        services.chronology_import_undo(actor=officer, batch=batch, reason="again")
    with pytest.raises(PermissionDenied, match="You may not write this case's chronology"):
        services.chronology_import_undo(actor=world.people["auditor"], batch=batch, reason="no")


# --- duplicate decisions ------------------------------------------------------------------------------------


def test_decided_pairs_are_never_flagged_again_and_same_event_folds(world, police):
    officer = world.people["business_unit_officer"]
    a = _add(world)
    b = _add(world, police, what_happened=SAME)
    c = _add(
        world,
        AgencyFactory.create(partnership=world.partnership, name="Alphashire Test School"),
        what_happened=SAME,
    )
    pairs, _ = duplicate_map(world.case, officer)
    assert [f.other_id for f in pairs[a.pk]] == [b.pk, c.pk]
    services.chronology_duplicate_decide(
        actor=officer, case=world.case, entry_a=a, entry_b=c, decision="different"
    )
    services.chronology_duplicate_decide(
        actor=officer, case=world.case, entry_a=b, entry_b=a, decision="same"
    )
    decision = DuplicateDecision.objects.get(decision="same")
    assert (decision.entry_low_id, decision.entry_high_id, decision.primary_id) == (a.pk, b.pk, b.pk)
    pairs, _ = duplicate_map(world.case, officer)
    assert a.pk not in pairs  # both of a's pairs are decided
    with pytest.raises(ValidationError, match="This pair has already been decided"):
        services.chronology_duplicate_decide(
            actor=officer, case=world.case, entry_a=a, entry_b=b, decision="same"
        )
    page = merged_page_with_flags(world.case, officer, Filters(), "", 28)
    assert page.also_recorded is not None
    assert [e.pk for e in page.entries] == [b.pk, c.pk]  # a is folded into its primary b
    assert [o.agency_name for o in page.also_recorded[b.pk]] == ["Alphashire Test Hospital"]
    events = _events(EventType.CHRONOLOGY_DUPLICATE_DECIDED)
    assert [e.data["decision"] for e in events] == ["different", "same"]
    # An entry folded into its primary is never a flag's target: d (a fourth agency) is flagged against the
    # primary b and c, never against the folded a.
    school2 = AgencyFactory.create(partnership=world.partnership, name="Alphashire Test GP")
    d = _add(world, school2, what_happened=SAME)
    pairs, _ = duplicate_map(world.case, officer)
    assert [f.other_id for f in pairs[d.pk]] == [b.pk, c.pk] and a.pk not in pairs
    page = merged_page_with_flags(world.case, officer, Filters(), "", 28)
    assert [o.entry_id for o in page.duplicates[d.pk]] == [b.pk, c.pk]
    with pytest.raises(ValidationError, match="Entries of one agency are never duplicates of each other"):
        services.chronology_duplicate_decide(
            actor=officer, case=world.case, entry_a=a, entry_b=_add(world), decision="same"
        )


def test_merged_page_queries_are_fixed_with_decisions(world, client, police):
    officer = world.people["business_unit_officer"]

    def bulk(n):
        for i in range(n):
            _add(world, date=dt.date(2025, 1, 1) + dt.timedelta(days=i % 300), what_happened=f"Entry {i}")

    sign_in(client, officer)
    url = reverse("chronology:merged", args=[world.case.pk])
    a = _add(world)
    b = _add(world, police, what_happened=SAME)
    services.chronology_duplicate_decide(
        actor=officer, case=world.case, entry_a=a, entry_b=b, decision="same"
    )
    bulk(8)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    bulk(990)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


# --- the pages ----------------------------------------------------------------------------------------------


def test_correct_page_prefills_keeps_typed_data_and_answers_409_on_a_stale_version(world, client):
    officer = world.people["business_unit_officer"]
    entry = _add(world, who_seen="Child Q")
    sign_in(client, officer)
    url = reverse("chronology:entry_correct", args=[world.case.pk, entry.pk])
    page = client.get(url)
    assert page.status_code == 200 and TEXT in page.content.decode()
    data = {
        "date": "3/2/2025",
        "date_precision": "exact",
        "event_type": "home_visit",
        "what_happened": "Corrected account typed by the officer.",
        "version": "1",
        "reason": "",
    }
    missing = client.post(url, data)
    assert missing.status_code == 400
    body = missing.content.decode()
    assert (
        "Enter why you are correcting this entry" in body
        and "Corrected account typed by the officer." in body
    )
    services.chronology_entry_correct(
        actor=world.people["business_manager"],
        entry=entry,
        expected_version=1,
        changes={"outcome": "x"},
        reason="y",
    )
    stale = client.post(url, data | {"reason": "Wrong visit"})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Someone else changed this entry" in body and "Corrected account typed by the officer." in body
    assert 'name="version" value="2"' in body
    done = client.post(url, data | {"reason": "Wrong visit", "version": "2"})
    assert done.status_code == 302
    merged = client.get(reverse("chronology:merged", args=[world.case.pk])).content.decode()
    assert "Corrected account typed by the officer." in merged and "because Wrong visit" in merged
    history = client.get(reverse("chronology:entry_history", args=[world.case.pk, entry.pk])).content.decode()
    assert TEXT in history and "Wrong visit" in history


def test_withdraw_page_needs_a_reason_and_says_when_cited(world, client):
    officer = world.people["business_unit_officer"]
    entry = _add(world, is_key_episode=True)
    sign_in(client, officer)
    url = reverse("chronology:entry_withdraw", args=[world.case.pk, entry.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": "1", "reason": ""}).status_code == 400
    outcome = complete_outcome(world)
    outcome_services.evidence_add(
        actor=officer, outcome=outcome, expected_version=outcome.version, entry_id=entry.pk
    )
    cited = client.post(url, {"version": "1", "reason": "Wrong child"})
    assert cited.status_code == 400 and "cited as evidence" in cited.content.decode()
    other = _add(world, date=dt.date(2025, 2, 9))
    done = client.post(
        reverse("chronology:entry_withdraw", args=[world.case.pk, other.pk]),
        {"version": "1", "reason": "Wrong"},
    )
    assert done.status_code == 302
    assert client.get(reverse("chronology:entry_withdraw", args=[world.case.pk, other.pk])).status_code == 404


def test_author_corrects_their_own_agency_entries_only_while_open(world, client, police):
    from safeguarding_reviews.rapid_review.models import RequestStatus
    from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send
    from tests.outcome_data import to_rapid_review

    to_rapid_review(world)
    author = world.people["agency_author"]
    [request] = agency_requests_send(
        actor=world.people["business_unit_officer"],
        case=world.case,
        items=[RequestItem(agency=world.agency, author=author)],
        due_on=dt.date(2099, 1, 1),
    )
    own = _add(world)
    theirs = _add(world, police, what_happened="Police visit.")
    restricted = _add(world, restricted_to_roles=["delegate_police"])
    sign_in(client, author)
    own_url = reverse("chronology:entry_correct", args=[world.case.pk, own.pk])
    assert client.get(own_url).status_code == 200
    response = client.post(
        own_url,
        {
            "date": "3/2/2025",
            "date_precision": "exact",
            "event_type": "home_visit",
            "what_happened": "Author's corrected account.",
            "version": "1",
            "reason": "Typo in our record",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "rapid_review:request_chronology", args=[world.case.pk, request.pk]
    )
    [event] = _events(EventType.CHRONOLOGY_ENTRY_CORRECTED)
    assert event.data["request_id"] == request.pk
    for entry in (theirs, restricted):
        assert (
            client.get(reverse("chronology:entry_correct", args=[world.case.pk, entry.pk])).status_code == 404
        )
    assert client.get(reverse("chronology:imports", args=[world.case.pk])).status_code == 404
    request.status = RequestStatus.SUBMITTED
    request.save(update_fields=["status"])
    assert client.get(own_url).status_code == 404


def test_imports_page_undo_and_decision_views(world, client, police):
    officer = world.people["business_unit_officer"]
    services.chronology_import(
        actor=officer, case=world.case, rows=[_row(world.agency, 1)], file_name="x.csv"
    )
    batch = ChronologyImportBatch.objects.get()
    sign_in(client, officer)
    imports = client.get(reverse("chronology:imports", args=[world.case.pk])).content.decode()
    assert "x.csv" in imports and "Undo this import" in imports
    undo = reverse("chronology:import_undo", args=[world.case.pk, batch.pk])
    assert client.get(undo).status_code == 200
    assert client.post(undo, {"reason": ""}).status_code == 400
    assert client.post(undo, {"reason": "Wrong file"}).status_code == 302
    assert "Undone on" in client.get(reverse("chronology:imports", args=[world.case.pk])).content.decode()
    a, b = _add(world), _add(world, police, what_happened=SAME)
    decide = reverse("chronology:duplicate_decide", args=[world.case.pk])
    assert client.post(decide, {"entry": a.pk, "other": b.pk, "decision": "maybe"}).status_code == 400
    assert client.post(decide, {"entry": a.pk, "other": a.pk, "decision": "same"}).status_code == 400
    assert client.post(decide, {"entry": a.pk, "other": 999999, "decision": "same"}).status_code == 400
    assert client.post(decide, {"entry": a.pk, "other": b.pk, "decision": "same"}).status_code == 302
    assert client.post(decide, {"entry": a.pk, "other": b.pk, "decision": "same"}).status_code == 400
    merged = client.get(reverse("chronology:merged", args=[world.case.pk])).content.decode()
    assert "Also recorded by Alphashire Test Police (entry 1)" in merged
    sign_in(client, world.people["delegate_icb"])
    assert client.post(decide, {"entry": a.pk, "other": b.pk, "decision": "same"}).status_code == 403


@pytest.mark.parametrize("page", ["history", "imports"])
def test_new_list_pages_run_fixed_queries(world, client, page):
    officer = world.people["business_unit_officer"]
    entry = _add(world)
    sign_in(client, officer)

    def grow(n):
        nonlocal entry
        for i in range(n):
            if page == "history":
                entry = services.chronology_entry_correct(
                    actor=officer,
                    entry=entry,
                    expected_version=entry.version,
                    changes={"outcome": f"Outcome {entry.version}"},
                    reason=f"Correction {i}",
                )
            else:
                services.chronology_import(actor=officer, case=world.case, rows=[_row(world.agency, 1)])

    url = (
        reverse("chronology:entry_history", args=[world.case.pk, entry.pk])
        if page == "history"
        else reverse("chronology:imports", args=[world.case.pk])
    )
    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


def test_exports_carry_numbers_flags_silences_and_new_fields(world, client, police):
    from openpyxl import load_workbook

    officer = world.people["business_unit_officer"]
    a = _add(world, date_as_written="3rd Feb 25", who_seen="Child Q", action_taken="Referred.")
    _add(world, police, what_happened=SAME)
    _add(world, date=dt.date(2025, 3, 20), what_happened="Phone call.", event_type="contact")
    gone = _add(world, date=dt.date(2025, 3, 21), what_happened="Withdrawn row.")
    _add(
        world,
        date=dt.date(2025, 3, 22),
        what_happened="Police intelligence.",
        restricted_to_roles=["delegate_police"],
    )
    services.chronology_entry_withdraw(actor=officer, entry=gone, reason="Wrong")
    sign_in(client, world.people["delegate_icb"])
    response = client.get(reverse("chronology:export_xlsx", args=[world.case.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [[c for c in row] for row in book.active.iter_rows(values_only=True)]
    heading = rows[0]
    for name in (
        "Agency entry number",
        "Date as written",
        "Action taken",
        "Outcome",
        "Who was seen",
        "Notes",
    ):
        assert name in heading
    text = "\n".join(" ".join(str(c) for c in row if c is not None) for row in rows)
    assert "Withdrawn row." not in text and "Police intelligence." not in text
    assert "Possible duplicate of Alphashire Test Police entry 1 (same date" in text
    assert "No agency contact for 45 days" in text
    assert "3rd Feb 25" in text and "Referred." in text
    silent = next(i for i, row in enumerate(rows) if any("No agency contact" in str(c) for c in row if c))
    assert rows[silent + 1][heading.index("What happened")] == "Phone call."
    assert a.pk
