"""The pages that change a family member's details and remove one recorded in error: identity fields only
with identity access, field errors on bad input, the stale version (409, answers kept), removal's effects on
the family page, the member's page and the letter, and the family page's fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.families import services
from safeguarding_reviews.families.models import FamilyMember, FamilyMemberIdentity
from safeguarding_reviews.subjects.services import identity_grant_give
from tests.fixtures import sign_in

from .helpers import ADDRESS_LINES, NAME, add_grandparent, add_subject, approach, days_ago

REASON = "Synthetic: recorded in error"


def _url(name, world, member=None):
    args = [world.case.pk] if member is None else [world.case.pk, member.pk]
    return reverse(f"families:{name}", args=args)


def _count(event_type):
    return AuditEvent.objects.filter(event_type=event_type).count()


def _remove(world, member, actor=None):
    return services.member_remove(
        actor=actor or world.people["business_unit_officer"],
        case=world.case,
        member=member,
        expected_version=member.version,
        reason=REASON,
    )


def test_the_business_unit_changes_the_name_and_address_and_its_showing_is_audited(world, client):
    member = add_grandparent(world)
    sign_in(client, world.people["business_unit_officer"])
    before = _count(EventType.IDENTITY_VIEWED)
    response = client.get(_url("member_edit", world, member))
    body = response.content.decode()
    assert response.status_code == 200 and 'value="Grandparentname"' in body and "2 Synthetic Lane" in body
    assert 'name="first_names"' in body and 'name="postcode"' in body and 'value="grandparent"' in body
    assert _count(EventType.IDENTITY_VIEWED) == before + 1
    response = client.post(
        _url("member_edit", world, member),
        {
            "relationship": "maternal grandparent",
            "first_names": "Synthetic",
            "last_name": "Newname",
            "initials": "S.N.",
            "address_line_1": "5 Synthetic Row",
            "town": "Testtown",
            "postcode": "tt15ab",
            "version": member.version,
        },
    )
    assert response.status_code == 302 and response["Location"] == _url("member", world, member)
    identity = FamilyMemberIdentity.objects.get(member=member)
    assert (identity.display_name, identity.initials) == ("Synthetic Newname", ["S.N."])
    assert identity.address_lines == ["5 Synthetic Row", "Testtown", "TT1 5AB"]
    assert FamilyMember.objects.get(pk=member.pk).relationship == "maternal grandparent"
    event = AuditEvent.objects.filter(event_type=EventType.FAMILY_MEMBER_CHANGED).get()
    assert "Synthetic" not in str(event.data) and set(event.data["fields"]) == {
        "relationship",
        "last_name",
        "initials",
        "address_line_1",
        "postcode",
    }


def test_without_identity_access_the_name_and_address_are_never_shown_or_changed(world, client):
    member = add_grandparent(world)
    sign_in(client, world.people["independent_reviewer"])
    before = _count(EventType.IDENTITY_VIEWED)
    body = client.get(_url("member_edit", world, member)).content.decode()
    assert "Grandparentname" not in body and "Synthetic Lane" not in body
    assert 'name="first_names"' not in body and 'name="address_line_1"' not in body
    assert 'name="relationship"' in body and "only people who may see identity details" in body
    response = client.post(
        _url("member_edit", world, member),
        {
            "relationship": "grandparent (paternal)",
            "is_child": "",
            "first_names": "Synthetic",
            "last_name": "Smuggled",
            "address_line_1": "Nowhere",
            "version": member.version,
        },
    )
    assert response.status_code == 302
    identity = FamilyMemberIdentity.objects.get(member=member)
    assert (identity.display_name, identity.address_lines) == (NAME, ADDRESS_LINES)
    assert FamilyMember.objects.get(pk=member.pk).relationship == "grandparent (paternal)"
    assert _count(EventType.IDENTITY_VIEWED) == before
    # Granted the identity details, the same reviewer sees and changes them.
    with transaction.atomic():
        identity_grant_give(
            actor=world.people["business_manager"],
            case=world.case,
            user=world.people["independent_reviewer"],
            reason="Synthetic: meets the family",
        )
    body = client.get(_url("member_edit", world, member)).content.decode()
    assert 'value="Grandparentname"' in body and 'name="last_name"' in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"relationship": ""}, "relationship", "Enter their relationship to the child"),
        ({"age_years": "4"}, "age_years", "Enter an age only for a child"),
        ({"is_child": "on", "age_years": "-4"}, "age_years", "greater than"),
        ({"is_child": "on", "age_years": "four"}, "age_years", "whole number"),
        ({"is_child": "on", "age_years": "18"}, "age_years", "less than"),
        ({"first_names": " ", "last_name": ""}, "first_names", "Enter their first names or their last name"),
        ({"postcode": "TT1"}, "postcode", "Enter a real postcode"),
        ({"relationship": "x" * 101}, "relationship", "at most 100"),
        ({"version": "abc"}, None, None),
    ],
)
def test_the_change_page_refuses_bad_input_with_field_errors_and_the_data_back(
    world, client, data, field, message
):
    member = add_grandparent(world)
    sign_in(client, world.people["business_unit_officer"])
    values = {
        "relationship": "aunt",
        "first_names": "Synthetic",
        "last_name": "Grandparentname",
        "version": member.version,
    } | data
    response = client.post(_url("member_edit", world, member), values)
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body
    if field is not None:
        assert f'id="id_{field}-error"' in body and message in body
    assert FamilyMember.objects.get(pk=member.pk).version == member.version


def test_a_stale_change_is_refused_with_the_answers_kept(world, client):
    member = add_grandparent(world)
    services.member_update(
        actor=world.people["business_manager"],
        case=world.case,
        member=member,
        expected_version=member.version,
        relationship="aunt",
    )
    sign_in(client, world.people["independent_reviewer"])
    response = client.post(
        _url("member_edit", world, member),
        {"relationship": "Synthetic step-uncle", "version": member.version},
    )
    body = response.content.decode()
    assert response.status_code == 409 and "Someone else saved changes" in body
    assert "Synthetic step-uncle" in body
    assert FamilyMember.objects.get(pk=member.pk).relationship == "aunt"
    # Saving again (the form now carries the current version) is a knowing choice.
    response = client.post(
        _url("member_edit", world, member),
        {"relationship": "Synthetic step-uncle", "version": member.version + 1},
    )
    assert response.status_code == 302


def test_one_of_the_cases_people_is_changed_on_the_subject_pages(world, client):
    mother = add_subject(world)
    member = services.member_add(
        actor=world.people["business_manager"], case=world.case, subject_id=mother.pk
    )
    sign_in(client, world.people["business_unit_officer"])
    body = client.get(_url("member_edit", world, member)).content.decode()
    assert (
        "one of the case's people" in body and reverse("subjects:case_subjects", args=[world.case.pk]) in body
    )
    assert 'name="relationship"' not in body and "Synthetic Mothername" not in body
    response = client.post(_url("member_edit", world, member), {"relationship": "x", "version": 1})
    assert response.status_code == 400 and "change their details on the case" in response.content.decode()


def test_the_member_page_links_change_and_remove_with_context_for_those_who_record(world, client):
    member = add_grandparent(world)
    sign_in(client, world.people["independent_reviewer"])
    body = client.get(_url("member", world, member)).content.decode()
    assert f'href="{_url("member_edit", world, member)}">Change<span class="govuk-visually-hidden">' in body
    assert f'href="{_url("member_remove", world, member)}">Remove<span class="govuk-visually-hidden">' in body
    assert "the details of Grandparent" in body and "Grandparent from the family list" in body
    sign_in(client, world.people["review_committee_member"])
    body = client.get(_url("member", world, member)).content.decode()
    assert _url("member_edit", world, member) not in body and _url("member_remove", world, member) not in body
    assert client.get(_url("member_edit", world, member)).status_code == 403
    assert client.post(_url("member_remove", world, member), {"reason": REASON}).status_code == 403


def test_removal_needs_a_reason(world, client):
    member = add_grandparent(world)
    sign_in(client, world.people["business_unit_officer"])
    assert client.get(_url("member_remove", world, member)).status_code == 200
    response = client.post(_url("member_remove", world, member), {"reason": "  ", "version": member.version})
    body = response.content.decode()
    assert response.status_code == 400 and "Enter why you are removing this family member" in body
    assert not FamilyMember.objects.get(pk=member.pk).is_removed


def test_a_stale_removal_is_refused_with_the_reason_kept(world, client):
    member = add_grandparent(world)
    approach(world, member)
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(
        _url("member_remove", world, member), {"reason": REASON, "version": member.version}
    )
    body = response.content.decode()
    assert response.status_code == 409 and "confirm again" in body and REASON in body
    assert not FamilyMember.objects.get(pk=member.pk).is_removed


def test_a_removed_member_is_listed_apart_out_of_the_counts_and_their_pages_refuse_writes(world, client):
    from safeguarding_reviews.local_reviews.tests.helpers import open_review

    open_review(world)
    kept = approach(world, add_grandparent(world, relationship="aunt", name="Synthetic Auntname"))
    member = approach(world, add_grandparent(world))
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(
        _url("member_remove", world, member), {"reason": REASON, "version": member.version}
    )
    assert response.status_code == 302 and response["Location"] == _url("family", world)
    body = client.get(_url("family", world)).content.decode()
    assert "Removed family members (1)" in body and REASON in body and NAME in body
    assert "1 member: 1 approached, 0 not approached" in body
    table = body.split('id="family-members"')[1].split("</table>")[0]
    assert "Aunt" in table and "Grandparent" not in table
    task_list = client.get(reverse("local_reviews:task_list", args=[world.case.pk])).content.decode()
    assert "1 member: 1 approached, 0 not approached" in task_list
    # The removed member's page stays readable, with no way to record anything.
    body = client.get(_url("member", world, member)).content.decode()
    assert "Removed from the review" in body and REASON in body
    for name in ("member_edit", "member_remove", "approach", "contact_add", "views_used", "letter_generate"):
        assert _url(name, world, member) not in body
        assert client.get(_url(name, world, member)).status_code == 403, name
    assert client.post(_url("letter_generate", world, member)).status_code == 403
    assert (
        client.post(_url("member_remove", world, member), {"reason": REASON, "version": 9}).status_code == 403
    )
    # The one kept is still written to.
    assert client.get(_url("member_edit", world, kept)).status_code == 200
    assert client.get(_url("letter_generate", world, kept)).status_code == 200
    # The reviewer without the identity grant sees the removed list without names.
    sign_in(client, world.people["independent_reviewer"])
    body = client.get(_url("family", world)).content.decode()
    assert "Removed family members (1)" in body and NAME not in body


def _add_many(world, n, offset):
    officer = world.people["business_manager"]
    for i in range(n):
        other = approach(world, add_grandparent(world, relationship=f"relative {offset + i}"))
        services.contact_add(
            actor=officer,
            case=world.case,
            member=other,
            kind="attempt",
            on=days_ago(1),
            method="phone",
            result="spoke",
        )
        gone = add_grandparent(world, relationship=f"duplicate {offset + i}")
        _remove(world, gone, actor=officer)
        subject = add_subject(world, kind="child", relationship="", name=f"Synthetic Child {offset + i}")
        in_error = services.member_add(actor=officer, case=world.case, subject_id=subject.pk)
        _remove(world, in_error, actor=officer)


@pytest.mark.parametrize("persona", ["business_manager", "independent_reviewer"])
def test_the_family_page_has_fixed_query_counts_with_removed_members(world, client, persona):
    sign_in(client, world.people[persona])
    approach(world, add_grandparent(world))
    with CaptureQueriesContext(connection) as none_removed:
        assert client.get(_url("family", world)).status_code == 200
    _add_many(world, 1, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("family", world)).status_code == 200
    _add_many(world, 6, 1)
    with CaptureQueriesContext(connection) as many:
        body = client.get(_url("family", world)).content.decode()
    assert "Removed family members (14)" in body
    assert len(few.captured_queries) == len(none_removed.captured_queries)
    assert len(many.captured_queries) == len(few.captured_queries)
