"""Sign-off of any registered document (issue 13 item 2), with a test-only kind (signable_kind.py): the
rapid review's rules on the generic path, superseding by a new version, dissent and its resolution, who is
told, and the sign page: who may see it and sign, bad input, fixed queries."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.signoffs import services, signable
from safeguarding_reviews.signoffs.models import DocumentDissentResolution, DocumentSignOff
from safeguarding_reviews.signoffs.selectors import (
    document_outstanding_partners,
    document_signed_off,
    document_signoff_state,
    document_standing_signoffs,
)
from tests.factories import UserFactory, grant
from tests.fixtures import sign_in

from .signable_kind import CODE, KIND, new_version

pytestmark = pytest.mark.django_db
DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


def _current(world):
    current = KIND.current(world.case)
    assert current is not None
    return current


def _give(world, partner, *, agrees=True, comments="", user=None, version=None, sha256=None):
    current = _current(world)
    return services.document_signoff_give(
        user=user or world.people[DELEGATES[partner]],
        case=world.case,
        kind=CODE,
        partner=partner,
        agrees=agrees,
        comments=comments,
        version=current.version if version is None else version,
        sha256=current.sha256 if sha256 is None else sha256,
    )


def _url(world, kind=CODE):
    return reverse("signoffs:document", kwargs={"case_id": world.case.pk, "kind": kind})


# --- services and selectors ---------------------------------------------------------------------------------


def test_three_partners_sign_the_version_and_checksum_they_read(
    signable_doc, django_capture_on_commit_callbacks
):
    world = signable_doc
    current = _current(world)
    assert document_outstanding_partners(case=world.case, kind=CODE) == ("local_authority", "icb", "police")
    for partner in DELEGATES:
        with django_capture_on_commit_callbacks(execute=True):
            signoff = _give(world, partner)
        assert (signoff.document_id, signoff.document_version, signoff.document_sha256) == (
            current.document_id,
            current.version,
            current.sha256,
        )
    assert document_signed_off(case=world.case, kind=CODE)
    assert document_outstanding_partners(case=world.case, kind=CODE) == ()
    assert set(document_standing_signoffs(case=world.case, kind=CODE)) == set(DELEGATES)
    event = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_SIGNOFF_RECORDED).last()
    assert event is not None and event.data["document_sha256"] == current.sha256
    assert event.data["kind"] == CODE and "comments" not in event.data
    # The Chair and the business unit are told, by alert and by an email holding a reference and a link only.
    chair = world.people["independent_chair"]
    assert Alert.objects.filter(user=chair, kind="document_signoff_complete").count() == 1
    assert Alert.objects.filter(
        user=world.people["business_manager"], kind="document_signoff_complete"
    ).exists()
    [message] = [m for m in mail.outbox if chair.email in m.to]
    assert world.case.reference in message.subject and "Child Q" not in message.body
    assert _url(world) in message.body


def test_a_new_version_supersedes_every_standing_signoff(signable_doc):
    world = signable_doc
    first = _current(world)
    for partner in DELEGATES:
        _give(world, partner)
    new_version(world)
    state = document_signoff_state(case=world.case, kind=KIND)
    assert state.standing == {} and state.current is not None and state.current.version == 2
    assert DocumentSignOff.objects.filter(superseded_because="new_version").count() == 3
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_SIGNOFF_SUPERSEDED)
    assert event.data == {"kind": CODE, "document_id": 1, "because": "new_version", "count": 3}
    with pytest.raises(ValidationError, match="new version of this document has been made"):
        _give(world, "police", version=first.version, sha256=first.sha256)
    for partner in DELEGATES:
        _give(world, partner)
    assert document_signed_off(case=world.case, kind=CODE)
    assert DocumentSignOff.objects.count() == 6  # nothing deleted: the first three stay on the record


def test_superseding_nothing_records_nothing(signable_doc):
    world = signable_doc
    count = services.document_signoffs_supersede(
        case=world.case, kind=CODE, document_id=1, because="new_version"
    )
    assert count == 0
    assert not AuditEvent.objects.filter(event_type=EventType.DOCUMENT_SIGNOFF_SUPERSEDED).exists()


def test_a_stale_page_signs_nothing(signable_doc):
    world = signable_doc
    current = _current(world)
    with pytest.raises(ValidationError, match="new version"):
        _give(world, "icb", version=current.version + 1)
    with pytest.raises(ValidationError, match="new version"):
        _give(world, "icb", sha256="0" * 64)
    assert DocumentSignOff.objects.count() == 0


def test_nothing_to_sign_until_a_version_exists(world, test_kind):
    with pytest.raises(ValidationError, match="no version of this document"):
        services.document_signoff_give(
            user=world.people["delegate_icb"],
            case=world.case,
            kind=CODE,
            partner="icb",
            agrees=True,
            version=1,
            sha256="0" * 64,
        )


def test_an_unknown_kind_is_an_error(signable_doc):
    with pytest.raises(signable.UnknownKindError, match="nope"):
        services.document_signoffs_supersede(case=signable_doc.case, kind="nope", document_id=1, because="x")


@pytest.mark.parametrize(
    ("who", "partner", "error", "match"),
    [
        ("business_unit_officer", "icb", PermissionDenied, "delegate"),
        ("independent_chair", "icb", PermissionDenied, "delegate"),
        ("delegate_icb", "police", ValidationError, "Only that partner's delegate"),
        ("delegate_icb", "fire", ValidationError, "Select the partner"),
    ],
)
def test_only_that_partners_delegate_signs(signable_doc, who, partner, error, match):
    world = signable_doc
    with pytest.raises(error, match=match):
        _give(world, partner, user=world.people[who])
    assert DocumentSignOff.objects.count() == 0


def test_a_drafter_never_signs(signable_doc):
    world = signable_doc
    new_version(world, actor=world.people["delegate_police"])  # the police delegate wrote version 2
    with pytest.raises(ValidationError, match="You wrote part of this document"):
        _give(world, "police")
    # ...and stays a drafter of every later version: another police delegate signs instead.
    new_version(world)
    with pytest.raises(ValidationError, match="You wrote part"):
        _give(world, "police")
    other = UserFactory.create(full_name="Second police delegate")
    grant(other, world.partnership, Role.DELEGATE_POLICE)
    assert _give(world, "police", user=other).partner == "police"


def test_nobody_signs_for_two_partners_and_one_stands_per_partner(signable_doc):
    world = signable_doc
    both = UserFactory.create(full_name="Two-role delegate")
    grant(both, world.partnership, Role.DELEGATE_ICB)
    grant(both, world.partnership, Role.DELEGATE_POLICE)
    _give(world, "icb", user=both)
    with pytest.raises(ValidationError, match="nobody signs for two partners"):
        _give(world, "police", user=both)
    with pytest.raises(ValidationError, match="Another delegate has already"):
        _give(world, "icb")  # the ICB's own delegate: the ICB already stands
    # Signing again for the same partner replaces the person's own sign-off.
    _give(world, "icb", user=both, agrees=False, comments="Synthetic second thoughts.")
    assert DocumentSignOff.objects.filter(superseded_because="signed_again").count() == 1
    assert document_standing_signoffs(case=world.case, kind=CODE)["icb"].agrees is False


def test_dissent_is_kept_and_resolved_by_the_business_manager(signable_doc):
    world = signable_doc
    with pytest.raises(ValidationError) as excinfo:
        _give(world, "police", agrees=False, comments="  ")
    assert "comments" in excinfo.value.error_dict
    for partner in ("local_authority", "icb"):
        _give(world, partner)
    dissent = _give(world, "police", agrees=False, comments="Synthetic reasons to disagree.")
    state = document_signoff_state(case=world.case, kind=KIND)
    assert state.complete and not state.signed_off and state.unresolved == [dissent]
    chair, manager = world.people["independent_chair"], world.people["business_manager"]
    assert Alert.objects.filter(user=manager, kind="document_signoff_dissent").count() == 1
    assert Alert.objects.filter(user=chair, kind="document_signoff_dissent").count() == 1
    for who in ("business_unit_officer", "delegate_police", "independent_chair"):
        with pytest.raises(
            PermissionDenied, match="Only the business manager records how a disagreement was resolved"
        ):
            services.document_dissent_resolve(
                user=world.people[who], signoff=dissent, resolution="stands", explanation="Synthetic."
            )
    with pytest.raises(ValidationError) as excinfo:
        services.document_dissent_resolve(user=manager, signoff=dissent, resolution="", explanation="")
    assert set(excinfo.value.error_dict) == {"resolution", "explanation"}
    recorded = services.document_dissent_resolve(
        user=manager, signoff=dissent, resolution="stands", explanation="Synthetic: the police view stands."
    )
    assert recorded.signoff == dissent and recorded.case == world.case
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_DISSENT_RESOLVED)
    assert event.data["resolution"] == "stands" and "explanation" not in event.data
    assert Alert.objects.filter(user=chair, kind="document_dissent_resolved").count() == 1
    assert not document_signoff_state(case=world.case, kind=KIND).unresolved
    with pytest.raises(ValidationError, match="already been recorded"):
        services.document_dissent_resolve(
            user=manager, signoff=dissent, resolution="resolved", explanation="x"
        )
    # A new version supersedes the dissent; it stays on the record with its resolution.
    new_version(world)
    dissent.refresh_from_db()
    assert dissent.superseded_because == "new_version" and dissent.resolution == recorded


def test_a_superseded_dissent_cannot_be_resolved(signable_doc):
    world = signable_doc
    dissent = _give(world, "police", agrees=False, comments="Synthetic reasons.")
    new_version(world)
    with pytest.raises(ValidationError, match="no longer standing on the current version"):
        services.document_dissent_resolve(
            user=world.people["business_manager"], signoff=dissent, resolution="resolved", explanation="x"
        )
    assert not DocumentDissentResolution.objects.exists()


# --- the sign page -----------------------------------------------------------------------------------------

# Who may read the page (200), who sees the case but may not (403), who cannot see the case (404).
READ = {
    "business_unit_officer": 200,
    "business_manager": 200,
    "delegate_local_authority": 200,
    "delegate_icb": 200,
    "delegate_police": 200,
    "independent_chair": 200,
    "auditor": 200,
    "review_committee_member": 403,
    "agency_representative": 403,
    "independent_reviewer": 403,
    "agency_author": 404,
    "non_member": 404,
    "other_partnership": 404,
}
# An empty sign-off: a delegate reaches the form (400); anyone else who sees the case 403.
SIGN = READ | {
    "business_unit_officer": 403,
    "business_manager": 403,
    "delegate_local_authority": 400,
    "delegate_icb": 400,
    "delegate_police": 400,
    "independent_chair": 403,
    "auditor": 403,
}
RESOLVE = SIGN | {
    "delegate_local_authority": 403,
    "delegate_icb": 403,
    "delegate_police": 403,
    "business_manager": 400,
}


@pytest.mark.parametrize(("persona", "expected"), READ.items())
def test_who_may_read_the_sign_page(signable_doc, client, persona, expected):
    world = signable_doc
    sign_in(client, world.people[persona])
    before = AuditEvent.objects.count()
    response = client.get(_url(world))
    assert response.status_code == expected
    events = list(AuditEvent.objects.order_by("sequence")[before:])
    if expected == 200:
        [event] = events
        assert event.event_type == EventType.CASE_VIEWED and event.case_id == world.case.pk
        assert event.data["page"] == f"signoffs_document:{CODE}"
    else:
        assert [e.event_type for e in events] == [EventType.ACCESS_REFUSED]


@pytest.mark.parametrize(("persona", "expected"), SIGN.items())
def test_who_may_sign(signable_doc, client, persona, expected):
    world = signable_doc
    sign_in(client, world.people[persona])
    assert client.post(_url(world), {}).status_code == expected
    assert DocumentSignOff.objects.count() == 0


@pytest.mark.parametrize(("persona", "expected"), RESOLVE.items())
def test_who_may_resolve(signable_doc, client, persona, expected):
    world = signable_doc
    dissent = _give(world, "police", agrees=False, comments="Synthetic reasons.")
    sign_in(client, world.people[persona])
    url = reverse("signoffs:document_resolve", args=[world.case.pk, CODE, dissent.pk])
    assert client.post(url, {}).status_code == expected
    assert not DocumentDissentResolution.objects.exists()


def test_an_unknown_kind_or_an_invisible_case_is_404(signable_doc, client):
    world = signable_doc
    sign_in(client, world.people["business_manager"])
    assert client.get(_url(world, kind="not_registered")).status_code == 404
    assert client.post(_url(world, kind="not_registered"), {}).status_code == 404
    sign_in(client, world.people["other_partnership"])
    assert client.get(_url(world, kind="not_registered")).status_code == 404


def test_the_page_shows_what_is_signed_and_each_partners_position(signable_doc, client):
    world = signable_doc
    current = _current(world)
    _give(world, "local_authority")
    _give(world, "police", agrees=False, comments="Synthetic reasons to disagree.")
    sign_in(client, world.people["delegate_icb"])
    body = client.get(_url(world)).content.decode()
    assert "Synthetic document for sign-off" in body and current.sha256 in body
    assert current.url in body and current.download_url in body
    assert "Agreed</strong> by Persona delegate_local_authority" in body
    assert (
        "Disagreed</strong> by Persona delegate_police" in body and "Synthetic reasons to disagree." in body
    )
    # One partner to sign for: said in words, the value travels hidden.
    assert 'id="signing-for">Integrated care board' in body
    assert 'type="radio" value="icb"' not in body and 'name="partner" value="icb"' in body
    assert "Record the resolution" not in body  # the business manager's form only
    sign_in(client, world.people["business_manager"])
    body = client.get(_url(world)).content.decode()
    assert "Record the resolution" in body and "Your sign-off" not in body


def test_a_drafter_sees_why_they_cannot_sign(signable_doc, client):
    world = signable_doc
    new_version(world, actor=world.people["delegate_icb"])
    sign_in(client, world.people["delegate_icb"])
    body = client.get(_url(world)).content.decode()
    assert 'id="sign-refusals"' in body and "You wrote part of this document" in body
    assert 'name="agrees"' not in body


def test_signing_through_the_page(signable_doc, client):
    world = signable_doc
    current = _current(world)
    sign_in(client, world.people["delegate_police"])
    response = client.post(
        _url(world),
        {"version": current.version, "sha256": current.sha256, "partner": "police", "agrees": "yes"},
    )
    assert response.status_code == 302 and response["Location"] == _url(world)
    assert document_standing_signoffs(case=world.case, kind=CODE)["police"].agrees


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"agrees": "no", "comments": ""}, "comments", "Say why your partner disagrees"),
        ({"comments": "Synthetic typed comment."}, "agrees", "Select whether your partner agrees"),
        ({"agrees": "maybe"}, "agrees", ""),
        ({"agrees": "yes", "partner": "icb"}, "partner", ""),
    ],
)
def test_bad_input_gives_field_errors_and_the_typed_data_back(signable_doc, client, data, field, message):
    world = signable_doc
    current = _current(world)
    sign_in(client, world.people["delegate_police"])
    posted = {"version": current.version, "sha256": current.sha256, "partner": "police"} | data
    response = client.post(_url(world), posted)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and field in response.context["sign_form"].errors
    assert message in body
    if posted.get("comments"):
        assert posted["comments"] in body
    assert DocumentSignOff.objects.count() == 0


def test_a_stale_page_shows_the_new_version_error(signable_doc, client):
    world = signable_doc
    current = _current(world)
    new_version(world)
    sign_in(client, world.people["delegate_police"])
    response = client.post(
        _url(world),
        {
            "version": current.version,
            "sha256": current.sha256,
            "partner": "police",
            "agrees": "no",
            "comments": "Synthetic typed comment.",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "A new version of this document has been made" in body and "Synthetic typed comment." in body
    assert DocumentSignOff.objects.count() == 0


def test_resolving_through_the_page(signable_doc, client):
    world = signable_doc
    dissent = _give(world, "police", agrees=False, comments="Synthetic reasons.")
    url = reverse("signoffs:document_resolve", args=[world.case.pk, CODE, dissent.pk])
    sign_in(client, world.people["business_manager"])
    prefix = f"dissent-{dissent.pk}"
    response = client.post(url, {f"{prefix}-resolution": "resolved", f"{prefix}-explanation": ""})
    assert response.status_code == 400
    assert "Say how the disagreement was resolved" in response.content.decode()
    response = client.post(
        url, {f"{prefix}-resolution": "resolved", f"{prefix}-explanation": "Synthetic: agreed."}
    )
    assert response.status_code == 302
    assert DocumentDissentResolution.objects.get().resolution == "resolved"
    # Resolved: it is no longer an open disagreement to resolve; an unknown one is 404.
    assert client.post(url, {}).status_code == 400
    missing = reverse("signoffs:document_resolve", args=[world.case.pk, CODE, dissent.pk + 1000])
    assert client.post(missing, {}).status_code == 404


def _history(world, rounds):
    for _ in range(rounds):
        for partner in DELEGATES:
            _give(
                world,
                partner,
                agrees=partner != "police",
                comments="Synthetic." if partner == "police" else "",
            )
        services.document_dissent_resolve(
            user=world.people["business_manager"],
            signoff=document_standing_signoffs(case=world.case, kind=CODE)["police"],
            resolution="stands",
            explanation="Synthetic.",
        )
        new_version(world)
    for partner in DELEGATES:
        _give(
            world, partner, agrees=partner != "police", comments="Synthetic." if partner == "police" else ""
        )


@pytest.mark.parametrize("persona", ["business_manager", "delegate_icb"])
def test_the_sign_page_has_a_fixed_number_of_queries(
    signable_doc, client, django_assert_num_queries, persona
):
    world = signable_doc
    sign_in(client, world.people[persona])
    _history(world, 1)
    client.get(_url(world))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(world)).status_code == 200
    _history(world, 3)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(_url(world)).status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"version": "10" * 15, "sha256": "x", "partner": "police", "agrees": "no", "comments": "a\x00b"},
        {"version": "-1", "sha256": "0" * 65, "partner": ["police", "icb"], "agrees": ["yes", "no"]},
        {"version": "abc", "partner": "\u202epolice", "agrees": "yes", "comments": "x" * 100_001},
        {"version": "", "partner": "police", "agrees": "no", "comments": "\u0301"},
    ],
)
def test_hostile_input_is_a_form_error_never_a_500(signable_doc, client, payload):
    world = signable_doc
    current = _current(world)
    sign_in(client, world.people["delegate_police"])
    posted = {"version": current.version, "sha256": current.sha256} | payload
    assert client.post(_url(world), posted).status_code == 400
    assert DocumentSignOff.objects.count() == 0


def test_hostile_resolution_is_a_form_error(signable_doc, client):
    world = signable_doc
    dissent = _give(world, "police", agrees=False, comments="Synthetic reasons.")
    url = reverse("signoffs:document_resolve", args=[world.case.pk, CODE, dissent.pk])
    sign_in(client, world.people["business_manager"])
    prefix = f"dissent-{dissent.pk}"
    for payload in (
        {f"{prefix}-resolution": "both", f"{prefix}-explanation": "x" * 100_001},
        {f"{prefix}-resolution": ["resolved", "stands"], f"{prefix}-explanation": "a\x00b"},
        {"resolution": "resolved", "explanation": "Not prefixed."},
    ):
        assert client.post(url, payload).status_code == 400
    assert not DocumentDissentResolution.objects.exists()
