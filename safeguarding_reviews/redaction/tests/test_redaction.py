"""Issue 15 item 2, the web side of the redaction check: running a check of a stored file (checksum, findings
with their words, not checkable files, audit), fixed in the next version and acceptances carried forward,
decisions (accept with a reason, undo; versioned, audited), publishable, and the pages: who sees the findings'
text and who sees counts only, bad input, and fixed query counts at two sizes.

Most tests use a fake engine (`fake_engine`) that finds fixed words, so they test this app's code and not the
detection engine, which has its own tests; one test runs the real engine on a case's identity."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.services import case_create
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_path, document_store
from safeguarding_reviews.documents.tests import files
from safeguarding_reviews.redaction import engine, rules, selectors, services
from safeguarding_reviews.redaction.models import (
    FindingDecision,
    RedactionCheck,
    RedactionFinding,
)
from safeguarding_reviews.subjects.services import identity_grant_give, subject_add
from tests.fixtures import sign_in

# What the fake engine finds, by kind. Synthetic.
WORDS = {"Jayden": "name", "SW1A 1AA": "postcode", "Oakfield": "school", "ann.test@example.org": "email"}
V1 = (
    "Child J (Jayden) lived at 3 Elm Road, SW1A 1AA, and went to Oakfield nursery. "
    "His mother wrote from ann.test@example.org about Jayden's health."
)
# Version 2: the postcode and the email are gone; the nursery and the name stay.
V2 = "Child J (Jayden) went to Oakfield nursery. His mother wrote about Jayden's health."
REASON = "Synthetic: a public place name"


def _fake_find(identity, text):
    found = []
    for word, kind in WORDS.items():
        for match in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
            found.append(engine.Finding(match.start(), match.end(), kind, match.group()))
    return sorted(found, key=lambda f: (f.start, f.end))


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(engine, "find_identifiers", _fake_find)


def _doc(
    world, text=V1, *, actor="independent_reviewer", name="report.txt", purpose="report_draft", case=None
):
    content = text.encode() if isinstance(text, str) else text
    return document_store(
        actor=world.people[actor],
        case=case or world.case,
        uploaded_file=files.upload(name, content),
        purpose=purpose,
    )


def _run(world, document, *, actor="business_unit_officer", label="final_report", previous=None):
    return services.redaction_check_run(
        actor=world.people[actor], case=world.case, document=document, label=label, previous_check=previous
    )


def _findings(check):
    return list(RedactionFinding.objects.filter(redaction_check=check).order_by("start"))


def _by_kind(check, kind):
    return [f for f in _findings(check) if f.kind == kind]


def _accept(world, finding, actor="business_unit_officer", reason=REASON):
    finding.refresh_from_db()
    return services.finding_accept(
        actor=world.people[actor],
        case=world.case,
        finding=RedactionFinding.objects.select_related("redaction_check__document").get(pk=finding.pk),
        reason=reason,
        expected_version=finding.version,
    )


def _events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


# Running a check


def test_a_check_stores_the_checksum_the_findings_and_their_words(world, fake_engine):
    document = _doc(world)
    check = _run(world, document)
    assert check.status == "checked" and check.reason == ""
    assert check.sha256 == document.sha256 and check.label == "final_report"
    assert check.requested_by == world.people["business_unit_officer"]
    found = _findings(check)
    assert [(f.kind, f.text) for f in found] == [
        ("name", "Jayden"),
        ("postcode", "SW1A 1AA"),
        ("school", "Oakfield"),
        ("email", "ann.test@example.org"),
        ("name", "Jayden"),
    ]
    first = found[0]
    assert (first.start, first.end) == (V1.index("Jayden"), V1.index("Jayden") + 6)
    assert first.context_before == "Child J (" and first.context_after.startswith(") lived at 3 Elm Road,")
    assert found[1].normalised == "sw1a1aa" and found[4].normalised == "jayden"
    assert all(f.decision == "open" and f.fixed_in_id is None for f in found)


def test_a_check_is_audited_with_counts_only_and_as_an_identity_read(world, fake_engine):
    check = _run(world, _doc(world))
    [run] = _events(EventType.REDACTION_CHECK_RUN)
    assert run.case_id == world.case.pk
    assert run.data == {
        "check_id": check.pk,
        "document_id": str(check.document_id),
        "sha256": check.sha256,
        "label": "final_report",
        "status": "checked",
        "findings": 5,
        "by_kind": {"email": 1, "name": 2, "postcode": 1, "school": 1},
        "previous_check_id": None,
        "fixed": 0,
        "carried": 0,
    }
    [read] = _events(EventType.IDENTITY_VIEWED)
    assert read.data["page"] == "redaction_check_run" and read.data["check_id"] == check.pk
    everything = str(list(AuditEvent.objects.values_list("data", flat=True)))
    for secret in ("Jayden", "SW1A", "Oakfield", "ann.test"):
        assert secret not in everything


def test_a_free_label_is_kept_and_audited_as_other(world, fake_engine):
    check = _run(world, _doc(world), label="  Easy-read summary ")
    assert check.label == "Easy-read summary" and check.label_display == "Easy-read summary"
    assert _events(EventType.REDACTION_CHECK_RUN)[0].data["label"] == "other"


def test_the_real_engine_reads_the_cases_identity(world):
    subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind="child",
        details={"sex": "male", "age_years": 4},
        identity={"full_name": "Jayden Testerson"},
    )
    check = _run(world, _doc(world, "Child J was seen. Testerson was not at home; Jayden was."))
    texts = " ".join(f.text for f in _findings(check) if f.kind == "name")
    assert "Testerson" in texts and "Jayden" in texts


def test_a_file_the_reader_cannot_read_is_not_checkable(world, fake_engine):
    check = _run(world, _doc(world, files.PDF, name="scan.pdf"))
    assert check.status == "not_checkable" and check.reason
    assert not _findings(check)
    assert selectors.check_status(check=check) == rules.STATE_NOT_CHECKABLE
    assert not selectors.document_publishable(document=check.document)
    # Nothing was read, so no identity read.
    assert not _events(EventType.IDENTITY_VIEWED)
    assert _events(EventType.REDACTION_CHECK_RUN)[0].data["status"] == "not_checkable"


def test_a_damaged_word_file_is_not_checkable(world, fake_engine, monkeypatch):
    from safeguarding_reviews.redaction import reading

    def broken(*, content, filename):
        raise KeyError("word/document.xml")

    monkeypatch.setattr(reading, "read_text", broken)
    check = _run(world, _doc(world))
    assert check.status == "not_checkable" and "could not be read" in check.reason


def test_a_stored_file_changed_on_disk_or_missing_is_not_checkable(world, fake_engine):
    document = _doc(world)
    document_path(document).write_bytes(b"Something else entirely.")
    check = _run(world, document)
    assert check.status == "not_checkable" and "checksum" in check.reason
    assert check.sha256 != document.sha256
    document_path(document).unlink()
    check = _run(world, document)
    assert check.status == "not_checkable" and "missing" in check.reason


@pytest.mark.parametrize(
    "actor",
    ["delegate_icb", "delegate_local_authority", "review_committee_member", "auditor", "independent_chair"],
)
def test_only_the_business_unit_or_the_reviewer_runs_a_check(world, fake_engine, actor):
    document = _doc(world)
    with pytest.raises(PermissionDenied, match="Only the business unit or the case's independent reviewer"):
        _run(world, document, actor=actor)
    assert _run(world, document, actor="independent_reviewer").status == "checked"


def test_a_check_refuses_what_is_not_the_cases_publishable_file(world, fake_engine):
    other_case = case_create(
        actor=world.people["business_unit_officer"],
        partnership=world.partnership,
        pseudonym="Child Z",
        summary="S.",
    )
    elsewhere = _doc(world, actor="business_unit_officer", case=other_case)
    with pytest.raises(ValidationError, match="Select a file of this case") as exc:
        _run(world, elsewhere)
    assert "document" in exc.value.message_dict
    never = _doc(world, actor="business_unit_officer", purpose="referral")
    with pytest.raises(ValidationError, match="never published"):
        _run(world, never)
    with pytest.raises(ValidationError, match="Enter what the file is") as exc:
        _run(world, _doc(world), label="  ")
    assert "label" in exc.value.message_dict
    other_check = services.redaction_check_run(
        actor=world.people["business_unit_officer"], case=other_case, document=elsewhere, label="final_report"
    )
    with pytest.raises(ValidationError, match="Select a check of this case"):
        _run(world, _doc(world), previous=other_check)
    removed = _doc(world)
    Document.objects.filter(pk=removed.pk).update(removed_at="2026-01-01T00:00:00Z")
    removed.refresh_from_db()
    with pytest.raises(ValidationError, match="Select a file of this case"):
        _run(world, removed)


# The next version: fixed, and acceptances carried forward


def test_the_next_versions_check_marks_what_is_gone_fixed_and_carries_acceptances(world, fake_engine):
    first = _run(world, _doc(world, V1))
    [nursery] = _by_kind(first, "school")
    _accept(world, nursery, actor="independent_reviewer")
    second = _run(world, _doc(world, V2, name="report-v2.txt"), previous=first)

    old = {f.kind: f for f in _findings(first)}
    assert old["postcode"].fixed_in_id == second.pk and old["email"].fixed_in_id == second.pk
    assert all(f.fixed_in_id is None for f in _findings(first) if f.kind in ("name", "school"))
    [carried] = _by_kind(second, "school")
    assert carried.decision == "accepted" and carried.reason == REASON
    assert carried.carried_from_id == nursery.pk
    assert carried.decided_by == world.people["independent_reviewer"]
    assert [d.action for d in FindingDecision.objects.filter(finding=carried)] == ["carried"]
    assert all(f.decision == "open" for f in _by_kind(second, "name"))
    run = _events(EventType.REDACTION_CHECK_RUN)[-1].data
    assert (run["previous_check_id"], run["fixed"], run["carried"]) == (first.pk, 2, 1)
    # The old check is settled by the new one: no decisions there any more.
    assert selectors.is_superseded(first) and not selectors.is_superseded(second)
    name = _by_kind(first, "name")[0]
    with pytest.raises(ValidationError, match="newer version"):
        _accept(world, name)
    with pytest.raises(ValidationError, match="fixed in the next version"):
        services.finding_accept(
            actor=world.people["business_unit_officer"],
            case=world.case,
            finding=RedactionFinding.objects.select_related("redaction_check__document").get(
                pk=old["postcode"].pk
            ),
            reason=REASON,
            expected_version=1,
        )


def test_a_carried_acceptance_can_be_undone_and_then_the_file_is_not_publishable(world, fake_engine):
    first = _run(world, _doc(world, "Oakfield nursery."))
    _accept(world, _findings(first)[0])
    second_doc = _doc(world, "At Oakfield nursery.", name="v2.txt")
    second = _run(world, second_doc, previous=first)
    assert selectors.document_publishable(document=second_doc)
    [carried] = _findings(second)
    undone = services.finding_accept_undo(
        actor=world.people["business_unit_officer"],
        case=world.case,
        finding=RedactionFinding.objects.select_related("redaction_check__document").get(pk=carried.pk),
        expected_version=carried.version,
    )
    assert undone.decision == "open" and undone.reason == "" and undone.carried_from_id is None
    assert not selectors.document_publishable(document=second_doc)
    actions = list(FindingDecision.objects.filter(finding=carried).values_list("action", "reason"))
    assert actions == [("carried", REASON), ("undone", "")]


# Decisions


def test_accepting_needs_a_reason_and_is_versioned_and_audited(world, fake_engine):
    check = _run(world, _doc(world))
    finding = _findings(check)[0]
    for bad in ("", "   "):
        with pytest.raises(ValidationError, match="Enter why this may be published") as exc:
            _accept(world, finding, reason=bad)
        assert "reason" in exc.value.message_dict
    accepted = _accept(world, finding, reason="  " + REASON + " ")
    assert accepted.decision == "accepted" and accepted.reason == REASON and accepted.version == 2
    assert accepted.decided_by == world.people["business_unit_officer"] and accepted.decided_at
    [event] = _events(EventType.REDACTION_FINDING_ACCEPTED)
    assert event.data == {"check_id": check.pk, "finding_id": finding.pk, "kind": "name", "version": 2}
    with pytest.raises(ValidationError, match="already been accepted"):
        _accept(world, finding)
    # A stale decision: someone decided since the page was opened.
    stale = RedactionFinding.objects.select_related("redaction_check__document").get(pk=finding.pk)
    with pytest.raises(StaleVersionError, match="stale version"):
        services.finding_accept_undo(
            actor=world.people["business_unit_officer"], case=world.case, finding=stale, expected_version=1
        )
    assert _events(EventType.REDACTION_DECISION_CONFLICT)[0].data == {
        "finding_id": finding.pk,
        "expected_version": 1,
    }
    undone = services.finding_accept_undo(
        actor=world.people["business_unit_officer"], case=world.case, finding=stale, expected_version=2
    )
    assert undone.decision == "open" and undone.version == 3
    assert _events(EventType.REDACTION_FINDING_UNDONE)[0].data["version"] == 3
    with pytest.raises(ValidationError, match="not accepted"):
        services.finding_accept_undo(
            actor=world.people["business_unit_officer"], case=world.case, finding=undone, expected_version=3
        )
    history = list(FindingDecision.objects.filter(finding=finding).values_list("action", "reason"))
    assert history == [("accepted", REASON), ("undone", "")]
    assert REASON not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_who_decides(world, fake_engine):
    officer_file = _run(world, _doc(world, actor="business_unit_officer"))
    reviewer_file = _run(world, _doc(world, name="mine.txt"))
    for actor in ("delegate_local_authority", "delegate_icb", "review_committee_member", "auditor"):
        with pytest.raises(
            PermissionDenied, match="Only the business unit, or the case's independent reviewer"
        ):
            _accept(world, _findings(reviewer_file)[0], actor=actor)
    # The reviewer without the identity grant decides on their own file, not on another's.
    _accept(world, _findings(reviewer_file)[0], actor="independent_reviewer")
    with pytest.raises(PermissionDenied, match="who may read the findings"):
        _accept(world, _findings(officer_file)[0], actor="independent_reviewer")
    identity_grant_give(
        actor=world.people["business_manager"],
        case=world.case,
        user=world.people["independent_reviewer"],
        reason="Synthetic: to check the report",
    )
    _accept(world, _findings(officer_file)[0], actor="independent_reviewer")
    _accept(world, _findings(officer_file)[1], actor="business_manager")


# Publishable


def test_publishable_only_when_the_latest_check_of_this_file_has_nothing_open(world, fake_engine):
    document = _doc(world)
    assert not selectors.document_publishable(document=document)  # never checked
    check = _run(world, document)
    assert selectors.check_status(check=check) == rules.STATE_OPEN
    assert not selectors.document_publishable(document=document)
    for finding in _findings(check):
        _accept(world, finding)
    assert selectors.check_status(check=check) == rules.STATE_PUBLISHABLE
    assert selectors.document_publishable(document=document)
    # The latest check counts: an open finding there (a re-check without the previous check) undoes it.
    _run(world, document)
    assert not selectors.document_publishable(document=document)
    clean = _doc(world, "Child J was seen at home.", name="clean.txt")
    _run(world, clean)
    assert selectors.document_publishable(document=clean)
    # A check speaks only for the file with the checksum it read.
    Document.objects.filter(pk=clean.pk).update(sha256="0" * 64)
    clean.refresh_from_db()
    assert not selectors.document_publishable(document=clean)


def test_the_summary_include_for_the_publication_pages(world, fake_engine):
    document = _doc(world)
    check = _run(world, document)
    _accept(world, _by_kind(check, "school")[0])
    latest = selectors.latest_check(document=document)
    assert latest is not None and latest.pk == check.pk
    summary = selectors.check_summary(check=latest)
    assert (summary.finding_count, summary.open_count, summary.accepted_count) == (5, 4, 1)
    assert summary.by_kind == [("Name", 2), ("Postcode", 1), ("School or nursery", 1), ("Email address", 1)]
    assert summary.current and not summary.publishable
    html = render_to_string(
        "redaction/_check_summary.html", {"summary": summary, "case": world.case, "link": True}
    )
    assert "Findings to resolve" in html and "4 to resolve, 1 accepted with a reason" in html
    assert reverse("redaction:check", args=[world.case.pk, check.pk]) in html
    assert "Jayden" not in html and "Oakfield" not in html


# Pages: who sees what


def _page(client, world, user_key, check):
    sign_in(client, world.people[user_key])
    return client.get(reverse("redaction:check", args=[world.case.pk, check.pk]))


@pytest.mark.parametrize(
    ("user_key", "sees_text"),
    [
        ("business_unit_officer", True),
        ("business_manager", True),
        ("delegate_local_authority", True),  # may see identity details (the national notification)
        ("delegate_police", True),
        ("independent_reviewer", True),  # uploaded the file
        ("delegate_icb", False),
        ("independent_chair", False),
        ("review_committee_member", False),
        ("auditor", False),
    ],
)
def test_the_findings_text_only_for_identity_access_and_the_uploader(
    client, world, fake_engine, user_key, sees_text
):
    check = _run(world, _doc(world))
    sign_in(client, world.people[user_key])
    before = AuditEvent.objects.count()
    response = client.get(reverse("redaction:check", args=[world.case.pk, check.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Findings by kind" in page and "Postcode: 1" in page
    events = list(AuditEvent.objects.order_by("sequence")[before:].values_list("event_type", flat=True))
    if sees_text:
        assert "<mark>Jayden</mark>" in page and "Oakfield" in page
        assert events == [EventType.CASE_VIEWED, EventType.IDENTITY_VIEWED]
        read = _events(EventType.IDENTITY_VIEWED)[-1]
        assert read.data["finding_ids"] == sorted(f.pk for f in _findings(check))
    else:
        for secret in ("Jayden", "SW1A", "Oakfield", "ann.test", "<mark>", "report.txt"):
            assert secret not in page
        assert 'id="counts-only"' in page
        assert events == [EventType.CASE_VIEWED]


def test_a_reviewer_sees_the_text_of_anothers_file_only_with_the_identity_grant(client, world, fake_engine):
    check = _run(world, _doc(world, actor="business_unit_officer"))
    page = _page(client, world, "independent_reviewer", check).content.decode()
    assert "Jayden" not in page and 'id="counts-only"' in page
    identity_grant_give(
        actor=world.people["business_manager"],
        case=world.case,
        user=world.people["independent_reviewer"],
        reason="Synthetic: to check the report",
    )
    page = _page(client, world, "independent_reviewer", check).content.decode()
    assert "<mark>Jayden</mark>" in page and "Accept with a reason" in page


@pytest.mark.parametrize(
    ("user_key", "status"),
    [("agency_representative", 403), ("agency_author", 404), ("non_member", 404), ("other_partnership", 404)],
)
def test_others_are_refused(client, world, fake_engine, user_key, status):
    check = _run(world, _doc(world))
    assert _page(client, world, user_key, check).status_code == status
    sign_in(client, world.people[user_key])
    assert client.get(reverse("redaction:checks", args=[world.case.pk])).status_code == status


def test_a_check_of_another_case_is_not_found(client, world, fake_engine):
    other_case = case_create(
        actor=world.people["business_unit_officer"],
        partnership=world.partnership,
        pseudonym="Child Z",
        summary="S.",
    )
    check = services.redaction_check_run(
        actor=world.people["business_unit_officer"],
        case=other_case,
        document=_doc(world, actor="business_unit_officer", case=other_case),
        label="final_report",
    )
    sign_in(client, world.people["business_unit_officer"])
    assert client.get(reverse("redaction:check", args=[world.case.pk, check.pk])).status_code == 404
    finding = _findings(check)[0]
    url = reverse("redaction:finding", args=[world.case.pk, check.pk, finding.pk])
    assert client.get(url).status_code == 404


def test_the_check_page_shows_the_previous_versions_findings_fixed_or_accepted(client, world, fake_engine):
    first = _run(world, _doc(world, V1))
    _accept(world, _by_kind(first, "school")[0])
    second = _run(world, _doc(world, V2, name="v2.txt"), previous=first)
    page = _page(client, world, "business_unit_officer", second).content.decode()
    earlier = page.split("The previous version", 1)[1]
    assert earlier.count("Fixed in this version") == 2
    assert "Still in this version" in earlier and REASON in earlier
    current = page.split("The previous version", 1)[0]
    assert "Accepted on an earlier version" in current and current.count("Accept with a reason") == 2
    first_page = _page(client, world, "business_unit_officer", first).content.decode()
    assert 'id="superseded"' in first_page and "Accept with a reason" not in first_page


def test_not_checkable_on_the_page(client, world, fake_engine):
    check = _run(world, _doc(world, files.PDF, name="scan.pdf"))
    page = _page(client, world, "business_unit_officer", check).content.decode()
    assert "Not checkable" in page and check.reason in page


# Pages: running a check


def test_running_a_check_from_the_page(client, world, fake_engine):
    document = _doc(world)
    _doc(world, actor="business_unit_officer", purpose="referral", name="referral-letter.txt")
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("redaction:check_new", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert "report.txt" in page and "referral-letter.txt" not in page
    response = client.post(url, {})
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "govuk-error-summary" in text
        and "Select the file to check" in text
        and "Select what the file is" in text
    )
    assert "Back to redaction checks" in text  # cases/wayfinding.py: the section's first page
    response = client.post(url, {"document": str(document.pk), "label": "other", "other_label": ""})
    assert response.status_code == 400 and "Enter what the file is" in response.content.decode()
    response = client.post(url, {"document": str(document.pk), "label": "final_report"})
    check = RedactionCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("redaction:check", args=[world.case.pk, check.pk])
    # A new version, named as such.
    second = _doc(world, V2, name="v2.txt")
    response = client.post(
        url, {"document": str(second.pk), "label": "final_report", "previous": str(check.pk)}
    )
    assert response.status_code == 302
    assert RedactionCheck.objects.get(document=second).previous_id == check.pk
    # A link from another page can choose the file, what it is and the previous check.
    page = client.get(
        f"{url}?document={second.pk}&label=Easy-read+summary&previous={check.pk}"
    ).content.decode()
    assert 'value="Easy-read summary"' in page


def test_the_reviewer_runs_a_check_others_may_not(client, world, fake_engine):
    _doc(world)
    url = reverse("redaction:check_new", args=[world.case.pk])
    sign_in(client, world.people["independent_reviewer"])
    assert client.get(url).status_code == 200
    sign_in(client, world.people["delegate_icb"])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


# Pages: decisions


def test_accepting_on_the_page(client, world, fake_engine):
    check = _run(world, _doc(world))
    finding = _findings(check)[0]
    url = reverse("redaction:finding", args=[world.case.pk, check.pk, finding.pk])
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(url, {"action": "accept", "reason": "  ", "version": "1"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text and "Enter why this may be published" in text
    response = client.post(url, {"action": "accept", "reason": REASON, "version": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#finding-{finding.pk}")
    finding.refresh_from_db()
    assert finding.decision == "accepted" and finding.reason == REASON
    # A second click on the same form is told, not asked to confirm an undo.
    response = client.post(url, {"action": "accept", "reason": REASON, "version": "2"})
    assert response.status_code == 400 and "already been accepted" in response.content.decode()
    # The page now offers the undo.
    page = client.get(url).content.decode()
    assert "Undo the acceptance" in page and REASON in page and "Decisions so far" in page
    response = client.post(url, {"action": "undo", "confirm": "on", "version": "1"})  # stale
    assert response.status_code == 409 and "Someone else decided" in response.content.decode()
    response = client.post(url, {"action": "undo", "confirm": "on", "version": "2"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.decision == "open"


def test_the_finding_page_is_for_those_who_decide(client, world, fake_engine):
    check = _run(world, _doc(world, actor="business_unit_officer"))
    url = reverse("redaction:finding", args=[world.case.pk, check.pk, _findings(check)[0].pk])
    for user_key in (
        "delegate_icb",
        "delegate_local_authority",
        "review_committee_member",
        "independent_reviewer",
    ):
        sign_in(client, world.people[user_key])
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "accept", "reason": REASON, "version": "1"}).status_code == 403
    assert _findings(check)[0].decision == "open"
    sign_in(client, world.people["business_unit_officer"])
    missing = reverse("redaction:finding", args=[world.case.pk, check.pk, 999999])
    assert client.get(missing).status_code == 404


# Query counts


def _many_findings(check, n):
    RedactionFinding.objects.bulk_create(
        RedactionFinding(
            redaction_check=check,
            start=1000 + i,
            end=1006 + i,
            kind="name",
            text="Jayden",
            normalised="jayden",
            context_before="Synthetic before ",
            context_after=" synthetic after",
        )
        for i in range(n)
    )


def test_the_check_page_and_the_list_have_fixed_query_counts(
    client, world, fake_engine, django_assert_num_queries
):
    first = _run(world, _doc(world))
    _accept(world, _findings(first)[0])
    second = _run(world, _doc(world, V2, name="v2.txt"), previous=first)
    _many_findings(second, 10 - len(_findings(second)))
    sign_in(client, world.people["business_unit_officer"])
    page_url = reverse("redaction:check", args=[world.case.pk, second.pk])
    list_url = reverse("redaction:checks", args=[world.case.pk])
    with CaptureQueriesContext(connection) as small_page:
        assert client.get(page_url).status_code == 200
    with CaptureQueriesContext(connection) as small_list:
        assert client.get(list_url).status_code == 200
    _many_findings(second, 190)
    _many_findings(first, 200)
    for _ in range(20):
        _run(world, _doc(world, V2, name="more.txt"))
    with django_assert_num_queries(len(small_page.captured_queries)):
        response = client.get(page_url)
    assert response.content.decode().count("<mark>") >= 400
    with django_assert_num_queries(len(small_list.captured_queries)):
        response = client.get(list_url)
    assert response.content.decode().count("redaction-checks/") >= 22


@pytest.mark.parametrize(
    "value", ["x", "", "9" * 5000, "\x00", str(10**30), "-1", "final_report", "<b>x</b>"]
)
def test_crafted_values_in_the_run_pages_address_never_fail(client, world, value):
    _doc(world)
    sign_in(client, world.people["business_unit_officer"])
    client.raise_request_exception = True
    url = reverse("redaction:check_new", args=[world.case.pk])
    response = client.get(url, {"document": value, "label": value, "previous": value})
    assert response.status_code == 200
    assert "<b>x</b>" not in response.content.decode()


def test_a_superseded_check_says_so_in_its_summary(world, fake_engine):
    first = _run(world, _doc(world))
    assert not selectors.check_summary(check=first).superseded
    _run(world, _doc(world, V2, name="v2.txt"), previous=first)
    summary = selectors.check_summary(
        check=RedactionCheck.objects.select_related("document").get(pk=first.pk)
    )
    assert summary.superseded
    html = render_to_string("redaction/_check_summary.html", {"summary": summary, "case": world.case})
    assert "Superseded" in html


def test_a_finding_with_offsets_outside_the_text_is_kept_clamped(world, monkeypatch):
    monkeypatch.setattr(
        engine,
        "find_identifiers",
        lambda identity, text: [engine.Finding(-3, len(text) + 50, "name", "Jayden")],
    )
    check = _run(world, _doc(world, "Jayden."))
    [finding] = _findings(check)
    assert (finding.start, finding.end, finding.text) == (0, 7, "Jayden")
