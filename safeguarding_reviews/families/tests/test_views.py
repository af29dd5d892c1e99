"""The family's pages: who sees names (audited), the letter refused (404) without identity access, made and
downloaded (each download audited) by those with it, the recording pages with bad input and conflicts, the
constraint's reason shown, the task list's row, and fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.families import services
from safeguarding_reviews.families.models import FamilyMember
from safeguarding_reviews.subjects.services import identity_grant_give
from tests.fixtures import sign_in

from .helpers import NAME, add_grandparent, add_subject, approach, block_family_contact, days_ago, fmt


def _url(name, world, member=None):
    args = [world.case.pk] if member is None else [world.case.pk, member.pk]
    return reverse(f"families:{name}", args=args)


def _count(event_type):
    return AuditEvent.objects.filter(event_type=event_type).count()


def test_the_family_page_shows_names_only_with_identity_access_and_audits_them(world, client):
    member = add_grandparent(world)
    sign_in(client, world.people["business_unit_officer"])
    before = _count(EventType.IDENTITY_VIEWED)
    body = client.get(_url("family", world)).content.decode()
    assert NAME in body and "Grandparent" in body and "Add a family member" in body
    event = AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).order_by("-sequence").first()
    assert _count(EventType.IDENTITY_VIEWED) == before + 1
    assert event is not None
    assert event.data == {"subject_ids": [], "family_member_ids": [member.pk], "page": "family"}
    # The reviewer without the identity grant: relationships only, and they may record.
    sign_in(client, world.people["independent_reviewer"])
    before = _count(EventType.IDENTITY_VIEWED)
    body = client.get(_url("family", world)).content.decode()
    assert NAME not in body and "Grandparent" in body and "Add a family member" in body
    assert _count(EventType.IDENTITY_VIEWED) == before
    body = client.get(_url("member", world, member)).content.decode()
    assert NAME not in body and "only people who may see identity details make or download it" in body
    # The LCPC reads only.
    sign_in(client, world.people["review_committee_member"])
    body = client.get(_url("family", world)).content.decode()
    assert NAME not in body and "Add a family member" not in body
    assert "general log of contact" not in body


def test_one_approached_one_not_and_the_letter_refused_to_the_reviewer_without_the_grant(world, client):
    mother = add_subject(world)
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(_url("member_add", world), {"subject": str(mother.pk)})
    first = FamilyMember.objects.get(subject=mother)
    assert response.status_code == 302 and response["Location"] == _url("member", world, first)
    response = client.post(
        _url("member_add", world),
        {
            "subject": "other",
            "relationship": "grandparent",
            "first_names": "Synthetic",
            "last_name": "Grandparentname",
            "address_line_1": "2 Synthetic Lane",
        },
    )
    second = FamilyMember.objects.get(relationship="grandparent")
    response = client.post(
        _url("approach", world, first),
        {"approach": "yes", "approach_method": "letter", "version": first.version},
    )
    assert response.status_code == 302
    response = client.post(
        _url("approach", world, second),
        {
            "approach": "no",
            "approach_reason": "Synthetic: a criminal trial is under way",
            "agreed_with": "Senior investigating officer, police",
            "version": second.version,
        },
    )
    assert response.status_code == 302
    body = client.get(_url("family", world)).content.decode()
    assert "2 members: 1 approached, 1 not approached" in body
    body = client.get(_url("member", world, second)).content.decode()
    assert "Synthetic: a criminal trial is under way" in body and "Senior investigating officer" in body
    # The letter: made by the business unit (on the task worker), downloaded, each download audited.
    assert client.get(_url("letter_generate", world, first)).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url("letter_generate", world, first))
    assert response.status_code == 302 and "/word-documents/" in response["Location"]
    assert "Download the information letter" in client.get(_url("member", world, first)).content.decode()
    before = _count(EventType.DOCUMENT_GENERATION_DOWNLOADED)
    for _ in range(2):
        download = client.get(_url("letter_download", world, first))
        assert download.status_code == 200 and "no-store" in download["Cache-Control"]
        assert download["Content-Disposition"].endswith(f'-member-{first.pk}.docx"')
        b"".join(download.streaming_content)
    assert _count(EventType.DOCUMENT_GENERATION_DOWNLOADED) == before + 2
    job_id = response["Location"].rstrip("/").split("/")[-1]
    generic = reverse("reports:document_generation_download", args=[world.case.pk, job_id])
    # The reports app's own download of the letter is an identity read too.
    identity_reads = _count(EventType.IDENTITY_VIEWED)
    through_reports = client.get(generic)
    assert through_reports.status_code == 200
    b"".join(through_reports.streaming_content)
    assert _count(EventType.IDENTITY_VIEWED) == identity_reads + 1
    read = AuditEvent.objects.filter(event_type=EventType.IDENTITY_VIEWED).latest("pk")
    assert read.data["page"] == "family_letter_download"
    # The reviewer without the identity grant: 404 on every page of the letter.
    sign_in(client, world.people["independent_reviewer"])
    assert client.get(_url("member", world, first)).status_code == 200
    assert client.get(_url("letter_generate", world, first)).status_code == 404
    assert client.post(_url("letter_generate", world, first)).status_code == 404
    assert client.get(_url("letter_download", world, first)).status_code == 404
    assert client.get(generic).status_code == 404
    # Granted, they may make and download it.
    with transaction.atomic():
        identity_grant_give(
            actor=world.people["business_manager"],
            case=world.case,
            user=world.people["independent_reviewer"],
            reason="Synthetic: meets the family",
        )
    assert client.get(_url("letter_download", world, first)).status_code == 200
    assert client.get(_url("letter_generate", world, first)).status_code == 200
    # A police delegate may see identity details and download it, but does not make it.
    sign_in(client, world.people["delegate_police"])
    assert client.get(_url("letter_download", world, first)).status_code == 200
    assert client.get(_url("letter_generate", world, first)).status_code == 403


def test_no_letter_made_yet_is_404(world, client):
    member = add_grandparent(world)
    sign_in(client, world.people["business_manager"])
    assert client.get(_url("letter_download", world, member)).status_code == 404


def test_the_constraints_reason_is_shown_and_the_letter_refused_with_it(world, client):
    member = approach(world, add_grandparent(world))
    block_family_contact(world, reason="Synthetic: no contact until the verdict")
    sign_in(client, world.people["business_unit_officer"])
    body = client.get(_url("family", world)).content.decode()
    assert "Synthetic: no contact until the verdict" in body
    body = client.get(_url("member", world, member)).content.decode()
    assert "Synthetic: no contact until the verdict" in body and "Record a contact attempt" not in body
    response = client.post(_url("letter_generate", world, member))
    assert (
        response.status_code == 400 and "Synthetic: no contact until the verdict" in response.content.decode()
    )
    response = client.post(
        _url("contact_add", world, member),
        {"kind": "attempt", "on": fmt(days_ago(1)), "method": "phone", "result": "no_response"},
    )
    assert response.status_code == 400 and "blocked by a parallel process" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select whether to approach them"),
        ({"approach": "no"}, "Enter the reasons for not approaching them"),
        ({"approach": "yes"}, "Select how they will be approached"),
        ({"approach": "yes", "approach_method": "carrier-pigeon"}, "Select how they will be approached"),
        ({"approach": "no", "approach_reason": "x", "decided_on": "31/02/2026"}, "must be a real date"),
        ({"approach": "no", "approach_reason": "x", "decided_on": "1/1/2999"}, "today or in the past"),
    ],
)
def test_the_approach_page_refuses_bad_input_with_the_data_back(world, client, data, message):
    member = add_grandparent(world)
    sign_in(client, world.people["independent_reviewer"])
    response = client.post(_url("approach", world, member), data | {"version": member.version})
    body = response.content.decode()
    assert response.status_code == 400 and message in body and "There is a problem" in body
    FamilyMember.objects.get(pk=member.pk, version=1)


def test_a_childs_approach_page_asks_for_wishes_and_adaptation(world, client):
    child = add_grandparent(world, relationship="half-sibling", is_child=True, age_years=8)
    sign_in(client, world.people["business_unit_officer"])
    assert "The child&#x27;s wishes" in client.get(_url("approach", world, child)).content.decode()
    response = client.post(
        _url("approach", world, child),
        {"approach": "yes", "approach_method": "advocate", "version": child.version},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Enter the child" in body and "adapted to their age" in body


def test_a_stale_approach_is_refused_with_the_answers_kept(world, client):
    member = add_grandparent(world)
    approach(world, member, approach="no", approach_reason="Synthetic: first")
    sign_in(client, world.people["business_manager"])
    response = client.post(
        _url("approach", world, member),
        {"approach": "no", "approach_reason": "Synthetic: mine", "version": 1},
    )
    body = response.content.decode()
    assert response.status_code == 409 and "Someone else saved changes" in body and "Synthetic: mine" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select who the family member is"),
        ({"subject": "other"}, "Enter their relationship to the child"),
        ({"subject": "other", "relationship": "aunt"}, "Enter their first names or their last name"),
        (
            {"subject": "other", "relationship": "aunt", "last_name": "X", "postcode": "X1"},
            "Enter a real postcode",
        ),
        ({"subject": "999999"}, "Select who the family member is"),
        ({"subject": "other", "relationship": "aunt", "last_name": "X", "age_years": "-4"}, "greater than"),
        (
            {"subject": "other", "relationship": "aunt", "last_name": "X", "age_years": "4"},
            "only for a child",
        ),
    ],
)
def test_the_add_page_refuses_bad_input(world, client, data, message):
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(_url("member_add", world), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not FamilyMember.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "contact_add",
            {"kind": "meeting", "on": "yesterday-ish", "method": "visit", "result": "held"},
            "real date",
        ),
        (
            "contact_add",
            {"kind": "meeting", "on": "1/1/2026", "method": "visit", "result": "held"},
            "Enter who attended, by role",
        ),
        (
            "expectations",
            {"expectations_on": "1/1/2999", "expectations_how": "letter"},
            "today or in the past",
        ),
        ("views_used", {"views_used": "   "}, "Enter how their views were used"),
        (
            "draft",
            {"draft_shared_on": "1/1/2026", "draft_response": "commented", "draft": "77"},
            "from the list",
        ),
        (
            "draft",
            {"draft_shared_on": "2/1/2026", "draft_response": "content", "draft_response_on": "1/1/2026"},
            "after",
        ),
    ],
)
def test_the_recording_pages_refuse_bad_input(world, client, name, data, message):
    member = approach(world, add_grandparent(world))
    sign_in(client, world.people["independent_reviewer"])
    response = client.post(_url(name, world, member), data | {"version": member.version})
    assert response.status_code == 400 and message in response.content.decode()


def test_the_recording_pages_save(world, client):
    member = approach(world, add_grandparent(world))
    sign_in(client, world.people["independent_reviewer"])
    steps = [
        ("contact_add", {"kind": "attempt", "on": fmt(days_ago(5)), "method": "letter", "result": "agreed"}),
        (
            "contact_add",
            {
                "kind": "meeting",
                "on": fmt(days_ago(3)),
                "method": "visit",
                "result": "held",
                "attended_by": "Grandparent, independent reviewer",
                "place": "Family home",
            },
        ),
        ("expectations", {"expectations_on": fmt(days_ago(3)), "expectations_how": "in_person"}),
        ("views_used", {"views_used": "Synthetic: their account shaped finding 1."}),
        (
            "draft",
            {
                "draft_shared_on": fmt(days_ago(1)),
                "draft_response": "commented",
                "draft_response_on": fmt(days_ago(0)),
            },
        ),
    ]
    for name, data in steps:
        member.refresh_from_db()
        assert client.get(_url(name, world, member)).status_code == 200
        response = client.post(_url(name, world, member), data | {"version": member.version})
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    body = client.get(_url("member", world, member)).content.decode()
    for text in (
        "Taking part",
        "Meeting held",
        "Family home",
        "Synthetic: their account shaped",
        "Commented on it",
    ):
        assert text in body


def test_the_task_lists_family_row_leads_to_the_family_page(world, client):
    from safeguarding_reviews.local_reviews.tests.helpers import open_review

    open_review(world)
    add_grandparent(world)
    sign_in(client, world.people["business_unit_officer"])
    body = client.get(reverse("local_reviews:task_list", args=[world.case.pk])).content.decode()
    assert _url("family", world) in body and "1 member: 0 approached, 0 not approached, 1 not decided" in body


def test_the_family_page_has_fixed_query_counts(world, client):
    sign_in(client, world.people["business_manager"])
    first = approach(world, add_grandparent(world))
    with CaptureQueriesContext(connection) as one:
        assert client.get(_url("family", world)).status_code == 200
    with CaptureQueriesContext(connection) as member_one:
        assert client.get(_url("member", world, first)).status_code == 200
    for i in range(5):
        other = approach(
            world,
            add_grandparent(
                world, relationship=f"relative {i}", is_child=i % 2 == 0, age_years=5 if i % 2 == 0 else None
            ),
            **({"child_wishes": "x", "child_adaptation": "y"} if i % 2 == 0 else {}),
        )
        services.contact_add(
            actor=world.people["business_manager"],
            case=world.case,
            member=other,
            kind="attempt",
            on=days_ago(1),
            method="phone",
            result="spoke",
        )
        services.contact_add(
            actor=world.people["business_manager"],
            case=world.case,
            member=first,
            kind="attempt",
            on=days_ago(1),
            method="phone",
            result="spoke",
        )
        subject = add_subject(world, kind="child", relationship="", name=f"Synthetic Child {i}")
        services.member_add(actor=world.people["business_manager"], case=world.case, subject_id=subject.pk)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("family", world)).status_code == 200
    with CaptureQueriesContext(connection) as member_many:
        assert client.get(_url("member", world, first)).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)
    assert len(member_many.captured_queries) == len(member_one.captured_queries)
