"""Issue 14 item 3: drafts (upload, every version with its checksum, downloads audited), comments with the
reviewer's responses, and factual-accuracy requests to an agency's author. Services (who, what, audit,
versions), the pages per role, bad uploads and inputs, and fixed query counts at 10 and 1,000 comments."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.documents.tests import files
from safeguarding_reviews.report_drafts import selectors, services
from safeguarding_reviews.report_drafts.models import DraftComment, FactualAccuracyRequest, ReportDraft
from tests.factories import UserFactory, grant
from tests.fixtures import sign_in

COMMENT_TEXT = "Synthetic comment: the timeline in this section needs the date of the strategy meeting."


def _last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).order_by("-sequence").first()


def _upload(world, actor="independent_reviewer", content=None, name="draft.docx", note=""):
    return services.draft_upload(
        actor=world.people[actor],
        case=world.case,
        uploaded_file=files.upload(name, content if content is not None else files.docx_bytes()),
        note=note,
    )


def _comment(world, draft, actor="delegate_icb", reference="Paragraph 2.1", text=COMMENT_TEXT):
    return services.comment_add(actor=world.people[actor], draft=draft, reference=reference, text=text)


def _factual(world, draft, days=10, recipient="agency_author"):
    return services.factual_request_send(
        actor=world.people["business_unit_officer"],
        draft=draft,
        recipient_id=world.people[recipient].pk,
        agency_id=world.agency.pk,
        due_on=clock.today() + dt.timedelta(days=days),
    )


def _url(name, world, *extra):
    return reverse(f"report_drafts:{name}", args=[world.case.pk, *extra])


# Services: upload


def test_versions_number_from_one_and_keep_their_checksums(world):
    docx = files.docx_bytes()
    first = _upload(world, content=docx, note="First full draft")
    second = _upload(world, actor="business_unit_officer", content=files.PDF, name="v2.pdf")
    assert (first.version, second.version) == (1, 2)
    assert first.sha256 == hashlib.sha256(docx).hexdigest() == first.document.sha256
    assert second.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert first.document.purpose == "report_draft"
    assert [d.version for d in selectors.versions_of(world.case)] == [2, 1]
    event = _last(EventType.REPORT_DRAFT_UPLOADED)
    assert event.data == {
        "draft_id": second.pk,
        "version": 2,
        "document_id": str(second.document.pk),
        "sha256": second.sha256,
        "type": "pdf",
        "on_behalf": True,
    }
    assert AuditEvent.objects.filter(event_type=EventType.REPORT_DRAFT_UPLOADED).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.xlsx", "xlsx", r"must be a Word document \(DOCX\) or PDF"),
        ("draft.png", files.PNG, r"must be a Word document \(DOCX\) or PDF"),
        ("draft.docx", files.MZ, "The selected file must be a"),
        ("draft.pdf", files.HTML, "web page or script code"),
        ("draft.docx", b"", "empty"),
        ("draft.docm", "docm", "macros"),
        ("draft.docx", "bomb", "The selected file"),
    ],
)
def test_upload_refuses_other_types_and_fake_files(world, name, content, message):
    content = {"xlsx": files.xlsx_bytes, "docm": files.docm_bytes, "bomb": files.zip_bomb_docx}.get(
        content, lambda: content
    )()
    with pytest.raises(ValidationError, match=message) as exc:
        _upload(world, content=content, name=name)
    assert "file" in exc.value.message_dict
    assert not ReportDraft.objects.exists()


def test_upload_refuses_oversize(world, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="smaller than"):
        _upload(world)


@pytest.mark.parametrize("actor", ["delegate_icb", "review_committee_member", "auditor", "independent_chair"])
def test_only_the_reviewer_or_business_unit_uploads(world, actor):
    with pytest.raises(PermissionDenied, match="independent reviewer or the business unit"):
        _upload(world, actor=actor)


def test_no_upload_or_comment_on_a_closed_case(world):
    draft = _upload(world)
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    world.case.refresh_from_db()
    draft.case = world.case
    with pytest.raises(ValidationError, match="closed"):
        _upload(world)
    with pytest.raises(ValidationError, match="closed"):
        _comment(world, draft)


# Services: comments and responses


def test_comment_on_latest_only_audited_without_text(world):
    first = _upload(world)
    comment = _comment(world, first, actor="review_committee_member")
    assert comment.author_role == "review_committee_member"
    event = _last(EventType.REPORT_DRAFT_COMMENTED)
    assert event.data == {
        "draft_id": first.pk,
        "version": 1,
        "comment_id": comment.pk,
        "role": "review_committee_member",
        "factual_request_id": None,
    }
    assert COMMENT_TEXT not in str(event.data)
    _upload(world)
    with pytest.raises(ValidationError, match="latest draft only"):
        _comment(world, first)


@pytest.mark.parametrize(
    ("actor", "role"),
    [
        ("business_unit_officer", "business_unit_officer"),
        ("business_manager", "business_manager"),
        ("delegate_local_authority", "delegate_local_authority"),
        ("delegate_icb", "delegate_icb"),
        ("delegate_police", "delegate_police"),
        ("review_committee_member", "review_committee_member"),
    ],
)
def test_commenters_and_their_roles(world, actor, role):
    assert _comment(world, _upload(world), actor=actor).author_role == role


@pytest.mark.parametrize(
    "actor", ["independent_reviewer", "auditor", "independent_chair", "agency_representative"]
)
def test_others_do_not_comment(world, actor):
    draft = _upload(world)
    with pytest.raises(PermissionDenied, match="Only the LCPC"):
        _comment(world, draft, actor=actor)


@pytest.mark.parametrize(
    ("reference", "text", "field"), [("", COMMENT_TEXT, "reference"), ("2.1", "  ", "text")]
)
def test_comment_needs_reference_and_text(world, reference, text, field):
    draft = _upload(world)
    with pytest.raises(ValidationError, match="Enter") as exc:
        _comment(world, draft, reference=reference, text=text)
    assert field in exc.value.message_dict


def test_reviewer_responds_not_accepted_needs_reason_and_versioned(world):
    draft = _upload(world)
    comment = _comment(world, draft)
    reviewer = world.people["independent_reviewer"]
    with pytest.raises(ValidationError, match="Enter why") as exc:
        services.comment_respond(
            actor=reviewer, comment=comment, expected_version=comment.version, response="not_accepted"
        )
    assert "reason" in exc.value.message_dict
    saved = services.comment_respond(
        actor=reviewer,
        comment=comment,
        expected_version=comment.version,
        response="not_accepted",
        reason="The chronology dates the meeting differently.",
    )
    assert (saved.response, saved.responded_by) == ("not_accepted", reviewer)
    assert _last(EventType.REPORT_DRAFT_RESPONDED).data == {
        "draft_id": draft.pk,
        "comment_id": comment.pk,
        "response": "not_accepted",
        "version": saved.version,
    }
    with pytest.raises(StaleVersionError) as stale:
        services.comment_respond(
            actor=reviewer, comment=comment, expected_version=comment.version, response="accepted"
        )
    assert getattr(stale.value.current, "response", None) == "not_accepted"
    assert _last(EventType.REPORT_DRAFT_RESPONSE_CONFLICT).data["comment_id"] == comment.pk
    changed = services.comment_respond(
        actor=reviewer, comment=saved, expected_version=saved.version, response="accepted", reason="kept?"
    )
    assert (changed.response, changed.response_reason) == ("accepted", "")


@pytest.mark.parametrize("actor", ["business_unit_officer", "business_manager", "delegate_icb"])
def test_only_the_reviewer_responds(world, actor):
    comment = _comment(world, _upload(world))
    with pytest.raises(PermissionDenied, match="independent reviewer"):
        services.comment_respond(
            actor=world.people[actor], comment=comment, expected_version=comment.version, response="accepted"
        )


def test_a_reviewer_no_longer_named_does_not_respond_or_upload(world):
    comment = _comment(world, _upload(world))
    CaseMembership.objects.filter(case=world.case, capacity=CaseCapacity.INDEPENDENT_REVIEWER).update(
        ended_at=clock.now()
    )
    with pytest.raises(PermissionDenied, match="independent reviewer"):
        services.comment_respond(
            actor=world.people["independent_reviewer"],
            comment=comment,
            expected_version=comment.version,
            response="accepted",
        )


# Services: factual accuracy


def test_factual_request_grants_scoped_place_and_ends_it_on_reply(world):
    draft = _upload(world)
    outsider = UserFactory.create(full_name="Synthetic Author", email="author2@test.example")
    grant(outsider, world.partnership, "agency_author", world.agency)
    request = services.factual_request_send(
        actor=world.people["business_manager"],
        draft=draft,
        recipient_id=outsider.pk,
        agency_id=world.agency.pk,
        due_on=clock.today() + dt.timedelta(days=5),
    )
    granted = request.granted_membership
    assert granted is not None and granted.capacity == CaseCapacity.AGENCY_AUTHOR
    event = _last(EventType.REPORT_DRAFT_FACTUAL_REQUESTED)
    assert event.data["recipient_id"] == outsider.pk
    assert event.data["granted_membership_id"] == request.granted_membership_id
    correction = services.factual_correction_add(
        actor=outsider, request=request, reference="Paragraph 3.4", text="The referral was on a Tuesday."
    )
    assert (correction.author_role, correction.factual_request) == ("agency_author", request)
    with pytest.raises(ValidationError, match="You have added corrections"):
        services.factual_reply(
            actor=outsider, request=request, expected_version=request.version, reply="no_corrections"
        )
    answered = services.factual_reply(
        actor=outsider, request=request, expected_version=request.version, reply="corrections"
    )
    assert answered.status == "answered"
    granted.refresh_from_db()
    assert granted.ended_at is not None
    assert _last(EventType.REPORT_DRAFT_FACTUAL_ANSWERED).data == {
        "request_id": request.pk,
        "reply": "corrections",
        "corrections": 1,
        "granted_membership_id": request.granted_membership_id,
    }
    with pytest.raises(ValidationError, match="already been answered"):
        services.factual_correction_add(actor=outsider, request=answered, reference="1", text="more")


@pytest.mark.parametrize(
    ("days", "recipient", "fields"),
    [(0, "agency_author", {"due_on"}), (-3, "agency_author", {"due_on"}), (5, "delegate_icb", {"recipient"})],
)
def test_factual_request_bad_inputs(world, days, recipient, fields):
    draft = _upload(world)
    with pytest.raises(ValidationError, match="after today|Select a person") as exc:
        _factual(world, draft, days=days, recipient=recipient)
    assert set(exc.value.message_dict) == fields


def test_only_the_business_unit_asks_for_a_factual_check(world):
    draft = _upload(world)
    with pytest.raises(PermissionDenied, match="business unit"):
        services.factual_request_send(
            actor=world.people["independent_reviewer"],
            draft=draft,
            recipient_id=world.people["agency_author"].pk,
            agency_id=world.agency.pk,
            due_on=clock.today() + dt.timedelta(days=3),
        )


def test_factual_status_overdue_by_date(world):
    draft = _upload(world)
    request = _factual(world, draft)
    FactualAccuracyRequest.objects.filter(pk=request.pk).update(due_on=clock.today() - dt.timedelta(days=1))
    [row] = selectors.factual_rows(draft, today=clock.today())
    assert (row.status, row.status_label) == ("overdue", "Overdue")


# Pages


def test_reviewer_uploads_through_the_page_and_readers_download_audited(client, world):
    sign_in(client, world.people["independent_reviewer"])
    response = client.post(
        _url("upload", world), {"file": files.upload("draft.docx", files.docx_bytes()), "note": "First"}
    )
    assert response.status_code == 302
    draft = ReportDraft.objects.get()
    sign_in(client, world.people["delegate_police"])
    page = client.get(_url("drafts", world))
    assert draft.sha256 in page.content.decode()
    download = client.get(_url("download", world, 1))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == draft.sha256
    assert download["Content-Disposition"].startswith('attachment; filename="draft-v1-')
    event = _last(EventType.DOCUMENT_DOWNLOADED)
    assert (event.actor_id, event.data["document_id"]) == (
        world.people["delegate_police"].pk,
        str(draft.document.pk),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.xlsx", "xlsx", "must be a Word document (DOCX) or PDF"),
        ("draft.exe", files.MZ, "The selected file must be a"),
        ("draft.pdf", b"", "empty"),
    ],
)
def test_upload_page_shows_a_field_error(client, world, name, content, message):
    content = files.xlsx_bytes() if content == "xlsx" else content
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(_url("upload", world), {"file": files.upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportDraft.objects.exists()


def test_upload_page_without_a_file(client, world):
    sign_in(client, world.people["independent_reviewer"])
    response = client.post(_url("upload", world), {"note": "x" * 3000})
    assert response.status_code == 400
    assert "Select the draft to upload" in response.content.decode()


def test_comment_and_respond_pages(client, world):
    draft = _upload(world)
    sign_in(client, world.people["delegate_local_authority"])
    bad = client.post(_url("comment_add", world, 1), {"reference": "", "text": ""})
    assert bad.status_code == 400
    assert "Enter the paragraph or section" in bad.content.decode()
    assert (
        client.post(_url("comment_add", world, 1), {"reference": "4.2", "text": COMMENT_TEXT}).status_code
        == 302
    )
    comment = DraftComment.objects.get(draft=draft)
    sign_in(client, world.people["independent_reviewer"])
    url = _url("respond", world, 1, comment.pk)
    missing = client.post(url, {"response": "not_accepted", "reason": "", "version": comment.version})
    assert missing.status_code == 400
    assert "Enter why you do not accept the comment" in missing.content.decode()
    assert client.post(url, {"response": "nonsense", "version": "x"}).status_code == 400
    ok = client.post(url, {"response": "not_accepted", "reason": "Out of scope.", "version": comment.version})
    assert ok.status_code == 302
    stale = client.post(url, {"response": "accepted", "reason": "", "version": comment.version})
    assert stale.status_code == 409
    assert "Someone else saved a response" in stale.content.decode()
    page = client.get(_url("version", world, 1)).content.decode()
    assert (
        "Out of scope." in page
        and "Not accepted" in page
        and "Safeguarding partner delegate: local authority" in page
    )


def test_old_version_has_no_comment_form(client, world):
    _upload(world)
    _upload(world)
    sign_in(client, world.people["business_unit_officer"])
    assert client.get(_url("comment_add", world, 1)).status_code == 403
    assert "latest draft only" in client.get(_url("version", world, 1)).content.decode()
    assert client.get(_url("version", world, 9)).status_code == 404


def test_factual_request_pages_for_the_recipient(client, world):
    draft = _upload(world)
    sign_in(client, world.people["business_unit_officer"])
    new = _url("factual_new", world, 1)
    bad = client.post(new, {"recipient": "", "due_on": "1/1/2020"})
    assert bad.status_code == 400
    assert "Select a person" in bad.content.decode()
    choice = f"{world.people['agency_author'].pk}:{world.agency.pk}"
    due = clock.today() + dt.timedelta(days=7)
    assert (
        client.post(new, {"recipient": choice, "due_on": f"{due.day}/{due.month}/{due.year}"}).status_code
        == 302
    )
    request = FactualAccuracyRequest.objects.get(draft=draft)
    sign_in(client, world.people["agency_author"])
    assert client.get(_url("drafts", world)).status_code == 404  # the case stays invisible
    page = _url("factual_request", world, request.pk)
    assert client.get(page).status_code == 200
    assert client.get(_url("factual_download", world, request.pk)).status_code == 200
    empty = client.post(page, {"reply": "corrections", "version": request.version})
    assert empty.status_code == 400
    assert "Add your factual corrections" in empty.content.decode()
    correction = _url("factual_correction", world, request.pk)
    assert client.post(correction, {"reference": "", "text": ""}).status_code == 400
    assert client.post(correction, {"reference": "5.1", "text": "Wrong team named."}).status_code == 302
    assert client.post(page, {"reply": "corrections", "version": request.version}).status_code == 302
    assert client.get(page).status_code == 404  # answered: their access ended
    sign_in(client, world.people["independent_reviewer"])
    version_page = client.get(_url("version", world, 1)).content.decode()
    assert "Wrong team named." in version_page and "(factual accuracy)" in version_page


def test_every_get_page_records_one_read(client, world):
    draft = _upload(world)
    comment = _comment(world, draft)
    sign_in(client, world.people["business_unit_officer"])
    for name, args in [
        ("drafts", []),
        ("upload", []),
        ("version", [1]),
        ("comment_add", [1]),
        ("factual_new", [1]),
    ]:
        before = AuditEvent.objects.filter(event_type=EventType.CASE_VIEWED).count()
        assert client.get(_url(name, world, *args)).status_code == 200
        assert AuditEvent.objects.filter(event_type=EventType.CASE_VIEWED).count() == before + 1
    sign_in(client, world.people["independent_reviewer"])
    before = AuditEvent.objects.filter(event_type=EventType.CASE_VIEWED).count()
    assert client.get(_url("respond", world, 1, comment.pk)).status_code == 200
    assert AuditEvent.objects.filter(event_type=EventType.CASE_VIEWED).count() == before + 1


# Query counts: fixed at 10 and 1,000 comments


def _many_comments(world, draft, n):
    author = world.people["delegate_icb"]
    DraftComment.objects.bulk_create(
        DraftComment(
            draft=draft,
            reference=f"Paragraph {i}",
            text="Synthetic bulk comment.",
            author=author,
            author_role="delegate_icb",
            created_at=clock.now(),
            response="accepted" if i % 3 == 0 else "awaiting",
            responded_by=world.people["independent_reviewer"] if i % 3 == 0 else None,
        )
        for i in range(n)
    )


def test_version_and_list_pages_have_fixed_query_counts(client, world, django_assert_num_queries):
    draft = _upload(world)
    _factual(world, draft)
    _many_comments(world, draft, 10)
    sign_in(client, world.people["independent_reviewer"])
    with CaptureQueriesContext(connection) as small_page:
        assert client.get(_url("version", world, 1)).status_code == 200
    with CaptureQueriesContext(connection) as small_list:
        assert client.get(_url("drafts", world)).status_code == 200
    _many_comments(world, draft, 990)
    second = _upload(world)
    _many_comments(world, second, 10)
    with django_assert_num_queries(len(small_page.captured_queries)):
        response = client.get(_url("version", world, 1))
    assert response.content.decode().count("Paragraph ") >= 1000
    with django_assert_num_queries(len(small_list.captured_queries)):
        assert client.get(_url("drafts", world)).status_code == 200


def test_the_local_review_task_list_has_a_drafts_row(client, world):
    from safeguarding_reviews.local_reviews.tests.helpers import open_review

    open_review(world)
    sign_in(client, world.people["delegate_icb"])
    task_list = reverse("local_reviews:task_list", args=[world.case.pk])
    text = client.get(task_list).content.decode()
    assert "Drafts of the report" in text and "None uploaded" in text
    assert reverse("report_drafts:drafts", args=[world.case.pk]) in text
    _comment(world, _upload(world))
    text = client.get(task_list).content.decode()
    assert "Version 1" in text and "1 comment on the latest version awaiting" in text


# Practitioners: the draft shared with them names a version


def test_practitioner_saw_a_named_version(client, world):
    from safeguarding_reviews.practitioners import services as practitioners

    draft = _upload(world)
    practitioner = practitioners.practitioner_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        agency_id=world.agency.pk,
        role="Health visitor",
        first_names="Synthetic",
        last_name="Practitionername",
    )
    url = reverse("practitioners:draft", args=[world.case.pk, practitioner.pk])
    sign_in(client, world.people["business_unit_officer"])
    form_page = client.get(url).content.decode()
    assert "Version 1 (uploaded" in form_page
    today = clock.today()
    day = f"{today.day}/{today.month}/{today.year}"
    bad = client.post(url, {"shared_on": day, "draft_id": "999999", "commented": "not_yet"})
    assert bad.status_code == 400
    assert "Select a version from the list" in bad.content.decode()
    ok = client.post(url, {"shared_on": day, "draft_id": str(draft.pk), "commented": "not_yet"})
    assert ok.status_code == 302
    assert practitioner.draft_sharing.draft == draft
    page = client.get(reverse("practitioners:involvement", args=[world.case.pk, practitioner.pk]))
    assert "Version 1" in page.content.decode()
    with pytest.raises(ValidationError, match="Select a version") as exc:
        practitioners.draft_record(
            actor=world.people["business_unit_officer"],
            case=world.case,
            practitioner=practitioner,
            expected_version=1,
            shared_on=today,
            commented="not_yet",
            draft_id=draft.pk + 1000,
        )
    assert "draft_id" in exc.value.message_dict


@pytest.mark.parametrize(
    ("path", "persona"),
    [
        ("/cases/{case}/drafts/{big}/", "business_unit_officer"),
        ("/cases/{case}/drafts/{big}/download/", "business_unit_officer"),
        ("/cases/{case}/drafts/1/comments/{big}/respond/", "independent_reviewer"),
        ("/cases/{case}/drafts/factual-accuracy/{big}/", "business_unit_officer"),
        ("/cases/{case}/drafts/factual-accuracy/{big}/", "agency_author"),
        ("/cases/{case}/drafts/factual-accuracy/{big}/download/", "agency_author"),
    ],
)
def test_out_of_range_ids_in_paths_are_not_found(client, world, path, persona):
    _upload(world)
    sign_in(client, world.people[persona])
    client.raise_request_exception = True
    for big in ("99999999999999999999", str(2**63), str(10**30)):
        url = path.format(case=world.case.pk, big=big)
        assert client.get(url).status_code == 404, url


def test_no_factual_check_while_a_parallel_process_blocks_sharing_the_draft(world):
    from safeguarding_reviews.parallel_processes import services as register

    draft = _upload(world)
    process = register.parallel_process_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        values={
            "kind": "coroner",
            "status": "under_way",
            "led_by": "",
            "reference": "",
            "notes": "",
            "started_on": None,
            "next_date": None,
            "concluded_on": None,
        },
    )
    register.process_constraint_add(
        actor=world.people["business_unit_officer"],
        process=process,
        blocks="draft_sharing",
        reason="Synthetic: not before the inquest",
    )
    with pytest.raises(ValidationError, match="Sharing the draft report is blocked: Synthetic"):
        _factual(world, draft)
    assert not FactualAccuracyRequest.objects.exists()


def test_business_unit_withdraws_an_open_check_and_the_place_ends(client, world):
    draft = _upload(world)
    outsider = UserFactory.create(full_name="Synthetic Author", email="author3@test.example")
    grant(outsider, world.partnership, "agency_author", world.agency)
    request = services.factual_request_send(
        actor=world.people["business_unit_officer"],
        draft=draft,
        recipient_id=outsider.pk,
        agency_id=world.agency.pk,
        due_on=clock.today() + dt.timedelta(days=5),
    )
    page = _url("factual_request", world, request.pk)
    sign_in(client, world.people["delegate_icb"])
    assert client.post(page, {"confirm": "on", "version": request.version}).status_code == 403
    sign_in(client, world.people["business_manager"])
    unconfirmed = client.post(page, {"version": request.version})
    assert unconfirmed.status_code == 400
    assert "Confirm that you want to withdraw" in unconfirmed.content.decode()
    assert client.post(page, {"confirm": "on", "version": request.version}).status_code == 302
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert request.granted_membership is not None and request.granted_membership.ended_at is not None
    assert _last(EventType.REPORT_DRAFT_FACTUAL_WITHDRAWN).data == {
        "request_id": request.pk,
        "granted_membership_id": request.granted_membership_id,
    }
    assert "Withdrawn" in client.get(_url("version", world, 1)).content.decode()
    assert client.post(page, {"confirm": "on", "version": request.version}).status_code == 403
    sign_in(client, outsider)
    assert client.get(page).status_code == 404
    with pytest.raises(ValidationError, match="no longer open"):
        services.factual_withdraw(
            actor=world.people["business_manager"], request=request, expected_version=request.version
        )


def test_a_second_open_request_to_the_same_person_keeps_their_place_until_it_is_answered(world):
    draft = _upload(world)
    outsider = UserFactory.create(full_name="Synthetic Author", email="author3@test.example")
    grant(outsider, world.partnership, "agency_author", world.agency)

    def send():
        return services.factual_request_send(
            actor=world.people["business_manager"],
            draft=draft,
            recipient_id=outsider.pk,
            agency_id=world.agency.pk,
            due_on=clock.today() + dt.timedelta(days=5),
        )

    first, second = send(), send()
    granted = first.granted_membership
    assert granted is not None and second.granted_membership is None
    services.factual_reply(
        actor=outsider, request=first, expected_version=first.version, reply="no_corrections"
    )
    granted.refresh_from_db()
    second.refresh_from_db()
    # Still named on the case for the second request, which now carries the place and ends it.
    assert granted.ended_at is None and second.granted_membership_id == granted.pk
    services.factual_correction_add(actor=outsider, request=second, reference="Paragraph 1", text="A date.")
    services.factual_reply(
        actor=outsider, request=second, expected_version=second.version, reply="corrections"
    )
    granted.refresh_from_db()
    assert granted.ended_at is not None
