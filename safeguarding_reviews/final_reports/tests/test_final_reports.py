"""The final report record: services (who, what, versions, audit with ids only), sign-off by the three
partners through signoffs (the Chair told, dissent kept, a change supersedes), the pages per role, bad input
per form, conflicts, and the record page's fixed query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.versioning import StaleVersionError
from safeguarding_reviews.final_reports import selectors, services, wiring
from safeguarding_reviews.final_reports.models import FinalReport, Finding, Recommendation
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.outcomes.models import PracticeTheme
from safeguarding_reviews.signoffs import services as signoff_services
from safeguarding_reviews.signoffs.models import DocumentSignOff
from safeguarding_reviews.signoffs.selectors import document_signed_off, document_signoff_state
from tests.factories import AgencyFactory
from tests.fixtures import sign_in
from tests.outcome_data import a_theme

from .factories import make_draft, ready_report, recommendation_values

DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}
READERS = [
    "business_unit_officer",
    "business_manager",
    "delegate_local_authority",
    "delegate_icb",
    "delegate_police",
    "independent_chair",
    "review_committee_member",
    "independent_reviewer",
    "auditor",
]
NOT_WRITERS = [
    "delegate_local_authority",
    "delegate_icb",
    "delegate_police",
    "independent_chair",
    "review_committee_member",
    "agency_representative",
    "auditor",
]


def _last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).order_by("-sequence").first()


def _url(world, name, **kwargs):
    return reverse(f"final_reports:{name}", kwargs={"case_id": world.case.pk, **kwargs})


def _sign(world, partner, *, agrees=True):
    current = wiring.report_signable(world.case)
    assert current is not None
    return signoff_services.document_signoff_give(
        user=world.people[DELEGATES[partner]],
        case=world.case,
        kind=wiring.KIND,
        partner=partner,
        agrees=agrees,
        comments="" if agrees else "Synthetic: recommendation 1 is not achievable by then.",
        version=current.version,
        sha256=current.sha256,
    )


def _sha(world):
    current = wiring.report_signable(world.case)
    assert current is not None
    return current.sha256


def _submit(world, report):
    return services.report_submit(
        actor=world.people["business_unit_officer"], case=world.case, expected_version=report.version
    )


# Services


def test_first_save_makes_the_record_and_audits_ids_only(world):
    draft = make_draft(world)
    report = services.summary_save(
        actor=world.people["independent_reviewer"],
        case=world.case,
        expected_version=None,
        final_draft_id=draft.pk,
        improvements_summary="  Synthetic improvements.  ",
        systemic_analysis="",
    )
    assert (report.version, report.status, report.final_draft_id) == (2, "in_preparation", draft.pk)
    assert report.improvements_summary == "Synthetic improvements."
    assert report.written_by == [world.people["independent_reviewer"].pk]
    event = _last(EventType.FINAL_REPORT_SAVED)
    assert event.case_id == world.case.pk
    assert event.data == {
        "report_id": report.pk,
        "part": "summary",
        "fields": ["improvements_summary"],  # the latest draft is the default
        "final_draft_id": draft.pk,
        "version": 2,
        "withdrawn_from_signoff": False,
        "signoffs_superseded": 0,
    }


def test_a_draft_of_another_case_is_refused(world):
    draft = make_draft(world)
    with pytest.raises(ValidationError, match="Select a draft of this review's report"):
        services.summary_save(
            actor=world.people["business_unit_officer"],
            case=world.case,
            expected_version=None,
            final_draft_id=draft.pk + 1000,
            improvements_summary="",
            systemic_analysis="",
        )


def test_a_stale_version_is_refused_and_the_conflict_audited(world):
    report = ready_report(world)
    with pytest.raises(StaleVersionError) as exc:
        services.finding_add(
            actor=world.people["business_unit_officer"],
            case=world.case,
            expected_version=report.version - 1,
            text="Synthetic.",
        )
    assert exc.value.current.pk == report.pk
    assert _last(EventType.FINAL_REPORT_CONFLICT).data == {
        "report_id": report.pk,
        "part": "finding",
        "expected_version": report.version - 1,
    }
    # An existing record is never saved over from a form that did not know it existed.
    with pytest.raises(StaleVersionError) as exc:
        services.response_save(
            actor=world.people["business_unit_officer"],
            case=world.case,
            expected_version=None,
            partners_response="x",
        )
    assert exc.value.current.version == report.version


def test_findings_are_numbered_and_renumbered_and_a_removed_findings_recommendations_stay(world):
    actor = world.people["independent_reviewer"]
    report = ready_report(world)
    first, second = selectors.findings_of(report)
    report = services.recommendation_add(
        actor=actor,
        case=world.case,
        expected_version=report.version,
        fields=recommendation_values(world, finding_id=first.pk),
    )
    linked = Recommendation.objects.get(finding=first)
    report = services.finding_remove(
        actor=actor, case=world.case, expected_version=report.version, finding_id=first.pk
    )
    assert [(f.pk, f.number) for f in selectors.findings_of(report)] == [(second.pk, 1)]
    linked.refresh_from_db()
    assert linked.finding_id is None
    assert _last(EventType.FINAL_REPORT_SAVED).data["unlinked"] == [linked.pk]
    report = services.finding_update(
        actor=actor, case=world.case, expected_version=report.version, finding_id=second.pk, text="Changed."
    )
    assert Finding.objects.get(pk=second.pk).text == "Changed."
    with pytest.raises(ValidationError, match="Enter the finding"):
        services.finding_add(actor=actor, case=world.case, expected_version=report.version, text="  ")


def test_recommendations_may_be_saved_incomplete_but_their_agencies_and_themes_are_checked(world):
    actor = world.people["independent_reviewer"]
    report = ready_report(world, recommendations=0)
    report = services.recommendation_add(
        actor=actor,
        case=world.case,
        expected_version=report.version,
        fields=recommendation_values(world, agency_scope="", agency_ids=(), due_on=None, theme_ids=()),
    )
    (incomplete,) = selectors.recommendations_of(report)
    assert selectors.recommendation_gaps(incomplete) == ["the agencies", "the date", "a practice theme"]
    other = AgencyFactory.create(partnership=world.other_partnership, name="Betashire agency")
    with pytest.raises(ValidationError, match="Select agencies from the list"):
        services.recommendation_add(
            actor=actor,
            case=world.case,
            expected_version=report.version,
            fields=recommendation_values(world, agency_ids=(other.pk,)),
        )
    retired = PracticeTheme.objects.create(
        vocabulary_version="old", code="retired-theme", label="Retired", source="test", is_active=False
    )
    with pytest.raises(ValidationError, match="Select practice themes from the list"):
        services.recommendation_add(
            actor=actor,
            case=world.case,
            expected_version=report.version,
            fields=recommendation_values(world, theme_ids=(retired.pk,)),
        )
    with pytest.raises(ValidationError, match="Select at least one agency"):
        services.recommendation_add(
            actor=actor,
            case=world.case,
            expected_version=report.version,
            fields=recommendation_values(world, agency_ids=()),
        )
    # A retired agency already on the recommendation may stay.
    report = services.recommendation_update(
        actor=actor,
        case=world.case,
        expected_version=report.version,
        recommendation_id=incomplete.pk,
        fields=recommendation_values(world),
    )
    Agency.objects.filter(pk=world.agency.pk).update(is_active=False)
    report = services.recommendation_update(
        actor=actor,
        case=world.case,
        expected_version=report.version,
        recommendation_id=incomplete.pk,
        fields=recommendation_values(world, required="Changed."),
    )
    assert _last(EventType.FINAL_REPORT_SAVED).data["fields"] == ["required"]


@pytest.mark.parametrize("persona", NOT_WRITERS)
def test_only_the_reviewer_and_the_business_unit_write(world, persona):
    with pytest.raises(PermissionDenied, match="Only the case's independent reviewer and the business unit"):
        services.finding_add(
            actor=world.people[persona], case=world.case, expected_version=None, text="Synthetic."
        )


def test_a_reviewer_no_longer_named_on_the_case_may_not_write(world):
    from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
    from safeguarding_reviews.core import clock

    CaseMembership.objects.filter(case=world.case, capacity=CaseCapacity.INDEPENDENT_REVIEWER).update(
        ended_at=clock.now()
    )
    with pytest.raises(PermissionDenied, match="Only the case's independent reviewer"):
        services.finding_add(
            actor=world.people["independent_reviewer"], case=world.case, expected_version=None, text="x"
        )


def test_the_partners_response_and_its_recommendations_are_the_business_units(world):
    report = ready_report(world, recommendations=0)
    reviewer = world.people["independent_reviewer"]
    with pytest.raises(PermissionDenied, match="Only the business unit records the partners' response"):
        services.response_save(
            actor=reviewer, case=world.case, expected_version=report.version, partners_response="x"
        )
    with pytest.raises(PermissionDenied, match="Only the business unit records the partners' response"):
        services.recommendation_add(
            actor=reviewer,
            case=world.case,
            expected_version=report.version,
            fields=recommendation_values(world, source="partners_response"),
        )
    officer = world.people["business_unit_officer"]
    report = services.recommendation_add(
        actor=officer,
        case=world.case,
        expected_version=report.version,
        fields=recommendation_values(world, source="partners_response"),
    )
    (from_response,) = selectors.recommendations_of(report)
    with pytest.raises(PermissionDenied, match="Only the business unit records the partners' response"):
        services.recommendation_update(
            actor=reviewer,
            case=world.case,
            expected_version=report.version,
            recommendation_id=from_response.pk,
            fields=recommendation_values(world),
        )


def test_learning_together_findings_without_recommendations_need_the_partners_response(world):
    report = ready_report(world, recommendations=0)
    officer = world.people["business_unit_officer"]
    with pytest.raises(ValidationError) as exc:
        _submit(world, report)
    assert exc.value.messages == [
        "The findings have no recommendations from the report: the business unit records the "
        "partners' response"
    ]
    report = services.response_save(
        actor=officer,
        case=world.case,
        expected_version=report.version,
        partners_response="The partners accept both findings and set the recommendation below.",
    )
    report = services.recommendation_add(
        actor=officer,
        case=world.case,
        expected_version=report.version,
        fields=recommendation_values(
            world, source="partners_response", agency_scope="partners", agency_ids=()
        ),
    )
    report = _submit(world, report)
    assert report.status == "submitted"
    assert _last(EventType.FINAL_REPORT_SUBMITTED).data == {
        "report_id": report.pk,
        "version": report.version,
        "final_draft_id": report.final_draft_id,
    }


def test_a_record_started_from_a_finding_takes_the_latest_draft(world):
    make_draft(world, version=1)
    latest = make_draft(world, version=2)
    report = services.finding_add(
        actor=world.people["independent_reviewer"], case=world.case, expected_version=None, text="Synthetic."
    )
    assert report.final_draft_id == latest.pk


def test_submitting_is_refused_with_every_reason(world):
    report = services.finding_add(
        actor=world.people["independent_reviewer"], case=world.case, expected_version=None, text="Synthetic."
    )
    report = services.recommendation_add(
        actor=world.people["independent_reviewer"],
        case=world.case,
        expected_version=report.version,
        fields=recommendation_values(world, due_on=None, expected_difference=""),
    )
    with pytest.raises(ValidationError) as exc:
        _submit(world, report)
    assert exc.value.messages == [
        "Choose the final draft of the report",
        "Write the summary of recommended improvements",
        "Write the analysis of systemic or underlying reasons",
        "Recommendation 1 needs the date and the expected difference for children",
    ]
    with pytest.raises(PermissionDenied, match="Only the business unit submits"):
        services.report_submit(
            actor=world.people["independent_reviewer"], case=world.case, expected_version=report.version
        )


def test_nothing_to_sign_until_submitted(world):
    report = ready_report(world)
    assert wiring.report_signable(world.case) is None
    _submit(world, report)
    current = wiring.report_signable(world.case)
    assert current is not None
    assert (current.document_id, current.version) == (report.pk, report.version)
    assert current.url == _url(world, "record")
    assert report.final_draft is not None
    # Drafts are downloaded only through report_drafts (documents:download refuses their purpose).
    assert current.download_url == reverse(
        "report_drafts:download", kwargs={"case_id": world.case.pk, "version": report.final_draft.version}
    )
    # The reviewer who uploaded the draft and wrote the record may not sign it.
    assert world.people["independent_reviewer"].pk in current.drafted_by


def test_signed_by_the_three_partners_the_chair_is_told_and_the_record_is_locked(world):
    report = _submit(world, ready_report(world, recommendations=3))
    for partner in ("local_authority", "icb"):
        _sign(world, partner)
    assert not document_signed_off(case=world.case, kind=wiring.KIND)
    chair = world.people["independent_chair"]
    assert not Alert.objects.filter(user=chair, kind="document_signoff_complete").exists()
    _sign(world, "police")
    assert document_signed_off(case=world.case, kind=wiring.KIND)
    alert = Alert.objects.get(user=chair, kind="document_signoff_complete")
    assert alert.link == reverse(
        "signoffs:document", kwargs={"case_id": world.case.pk, "kind": "final_report"}
    )
    with pytest.raises(ValidationError, match="signed off this final report: it can no longer be changed"):
        services.finding_add(
            actor=world.people["business_unit_officer"],
            case=world.case,
            expected_version=report.version,
            text="Too late.",
        )


def test_a_change_supersedes_the_signoffs_and_dissent_is_kept(world):
    report = _submit(world, ready_report(world))
    signed_sha = _sha(world)
    _sign(world, "local_authority")
    dissent = _sign(world, "icb", agrees=False)
    report = services.summary_save(
        actor=world.people["business_unit_officer"],
        case=world.case,
        expected_version=report.version,
        final_draft_id=report.final_draft_id,
        improvements_summary="Changed after the partners' comments.",
        systemic_analysis=report.systemic_analysis,
    )
    assert report.status == "in_preparation"
    assert wiring.report_signable(world.case) is None
    assert _last(EventType.FINAL_REPORT_SAVED).data["signoffs_superseded"] == 2
    dissent.refresh_from_db()
    assert (dissent.superseded_because, dissent.agrees) == ("new_version", False)
    assert DocumentSignOff.objects.filter(kind="final_report").count() == 2  # kept on the record
    _submit(world, report)
    assert _sha(world) != signed_sha
    assert document_signoff_state(case=world.case, kind=wiring.SIGNABLE).standing == {}


def test_a_new_final_draft_changes_the_checksum(world):
    report = _submit(world, ready_report(world))
    before = _sha(world)
    newer = make_draft(world, version=2)
    report = services.summary_save(
        actor=world.people["independent_reviewer"],
        case=world.case,
        expected_version=report.version,
        final_draft_id=newer.pk,
        improvements_summary=report.improvements_summary,
        systemic_analysis=report.systemic_analysis,
    )
    _submit(world, report)
    assert _sha(world) != before


def test_a_closed_case_refuses_changes(world):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="The case is closed"):
        services.finding_add(
            actor=world.people["business_unit_officer"], case=world.case, expected_version=None, text="x"
        )


# Pages


def _reads(world):
    return AuditEvent.objects.filter(event_type=EventType.CASE_VIEWED, case=world.case).count()


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_record_and_each_view_is_recorded(client, world, persona):
    ready_report(world)
    sign_in(client, world.people[persona])
    before = _reads(world)
    response = client.get(_url(world, "record"))
    assert response.status_code == 200
    assert b"Health visiting did not escalate missed contacts." in response.content
    assert _reads(world) == before + 1
    assert _last(EventType.CASE_VIEWED).data == {"page": "final_report"}


def test_the_record_not_started(client, world):
    sign_in(client, world.people["independent_reviewer"])
    response = client.get(_url(world, "record"))
    assert response.status_code == 200
    assert b"Start the final report" in response.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("delegate_icb", 403),
        ("independent_chair", 403),
        ("review_committee_member", 403),
        ("non_member", 404),
    ],
)
def test_writing_pages_are_refused(client, world, persona, status):
    ready_report(world)
    sign_in(client, world.people[persona])
    assert client.get(_url(world, "finding_add")).status_code == status
    assert client.post(_url(world, "summary"), {}).status_code == status


def test_the_reviewer_may_not_open_the_partners_response_or_submit(client, world):
    ready_report(world)
    sign_in(client, world.people["independent_reviewer"])
    assert client.get(_url(world, "response")).status_code == 403
    assert client.get(_url(world, "submit")).status_code == 403
    form = client.get(_url(world, "recommendation_add"))
    assert form.status_code == 200 and b'name="source"' not in form.content


def test_summary_page_starts_the_record_with_the_latest_draft(client, world):
    make_draft(world, version=1)
    latest = make_draft(world, version=2)
    sign_in(client, world.people["independent_reviewer"])
    page = client.get(_url(world, "summary"))
    assert page.status_code == 200
    assert f'<option value="{latest.pk}" selected>'.encode() in page.content
    response = client.post(
        _url(world, "summary"),
        {
            "final_draft": str(latest.pk),
            "improvements_summary": "Synthetic.",
            "systemic_analysis": "",
            "version": "",
        },
    )
    assert response.status_code == 302
    assert FinalReport.objects.get(case=world.case).final_draft_id == latest.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"final_draft": "999999"}, b"Select a draft from the list"),
        ({"final_draft": "abc"}, b"Select a draft from the list"),
        ({"improvements_summary": "x" * 20_001}, b"Ensure this value has at most"),
        ({"version": "-3"}, b"Ensure this value is greater than or equal to 1"),
    ],
)
def test_summary_bad_input(client, world, data, message):
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(_url(world, "summary"), data)
    assert response.status_code == 400
    assert message in response.content
    assert not FinalReport.objects.exists()


def test_finding_bad_input_and_a_conflict(client, world):
    report = ready_report(world)
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(_url(world, "finding_add"), {"text": "  ", "version": str(report.version)})
    assert response.status_code == 400 and b"Enter the finding" in response.content
    stale = client.post(_url(world, "finding_add"), {"text": "Mine.", "version": str(report.version - 1)})
    assert stale.status_code == 409
    assert b"Someone else changed the final report" in stale.content and b"Mine." in stale.content
    assert client.get(_url(world, "finding_edit", finding_id=999999)).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"required": ""}, b"Enter what is required"),
        ({"agency_scope": "agencies", "agencies": []}, b"Select at least one agency"),
        ({"agency_scope": "partners"}, b"Leave the agencies unticked"),
        ({"agencies": ["999999"]}, b"Select agencies from the list"),
        ({"themes": ["999999"]}, b"Select practice themes from the list"),
        ({"due_on": "31/02/2027"}, b"The date must be a real date"),
        ({"due_on": "1/3/2020"}, b"The date must be today or in the future"),
        ({"agency_scope": "everyone"}, b"Select who the recommendation is for"),
        ({"finding": "999999"}, b"Select a finding from the list"),
        ({"source": "nobody"}, b"Select where the recommendation comes from"),
    ],
)
def test_recommendation_bad_input(client, world, changes, message):
    report = ready_report(world, recommendations=0)
    sign_in(client, world.people["business_unit_officer"])
    data = {
        "source": "report",
        "required": "Synthetic requirement.",
        "agency_scope": "agencies",
        "agencies": [str(world.agency.pk)],
        "due_on": "1/3/2027",
        "expected_difference": "Synthetic difference.",
        "themes": [str(a_theme().pk)],
        "version": str(report.version),
    } | changes
    response = client.post(_url(world, "recommendation_add"), data)
    assert response.status_code == 400
    assert message in response.content
    assert not Recommendation.objects.exists()


def test_recommendation_pages_add_change_and_remove(client, world):
    report = ready_report(world, recommendations=0)
    sign_in(client, world.people["independent_reviewer"])
    theme = a_theme()
    data = {
        "required": "Synthetic requirement.",
        "agency_scope": "partners",
        "due_on": "1/3/2027",
        "expected_difference": "Synthetic difference.",
        "themes": [str(theme.pk)],
        "version": str(report.version),
    }
    assert client.post(_url(world, "recommendation_add"), data).status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.source, recommendation.due_on) == ("report", dt.date(2027, 3, 1))
    report.refresh_from_db()
    page = client.get(_url(world, "recommendation_edit", recommendation_id=recommendation.pk))
    assert page.status_code == 200 and b"Synthetic requirement." in page.content
    changed = data | {"required": "Changed.", "version": str(report.version)}
    assert (
        client.post(
            _url(world, "recommendation_edit", recommendation_id=recommendation.pk), changed
        ).status_code
        == 302
    )
    report.refresh_from_db()
    remove = _url(world, "recommendation_remove", recommendation_id=recommendation.pk)
    assert client.get(remove).status_code == 200
    assert client.post(remove, {"version": ""}).status_code == 400
    assert client.post(remove, {"version": str(report.version)}).status_code == 302
    assert not Recommendation.objects.exists()


def test_submit_page_shows_the_reasons_and_submits_when_ready(client, world):
    report = ready_report(world, recommendations=0)
    sign_in(client, world.people["business_unit_officer"])
    page = client.get(_url(world, "submit"))
    assert b"the business unit records the partners&#x27; response" in page.content
    refused = client.post(_url(world, "submit"), {"version": str(report.version)})
    assert refused.status_code == 400
    report = services.recommendation_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        expected_version=report.version,
        fields=recommendation_values(world),
    )
    assert client.post(_url(world, "submit"), {"version": str(report.version)}).status_code == 302
    record = client.get(_url(world, "record"))
    assert b"Submitted for sign-off" in record.content


def test_the_task_list_has_the_final_report_row(client, world):
    from safeguarding_reviews.local_reviews.tests.helpers import open_review

    open_review(world)
    ready_report(world)
    sign_in(client, world.people["business_unit_officer"])
    page = client.get(reverse("local_reviews:task_list", kwargs={"case_id": world.case.pk}))
    assert page.status_code == 200
    assert _url(world, "record").encode() in page.content
    assert b"2 findings, 1 recommendation" in page.content


def test_the_task_list_row_follows_the_signing(client, world):
    from safeguarding_reviews.local_reviews.tests.helpers import open_review

    open_review(world)
    _submit(world, ready_report(world))
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("local_reviews:task_list", kwargs={"case_id": world.case.pk})

    def row():
        page = client.get(url).content.decode()
        return page.split('id="task-final-report-status"', 1)[1].split("</div>", 1)[0]

    assert "Submitted for sign-off" in row()
    _sign(world, "local_authority")
    _sign(world, "icb", agrees=False)
    _sign(world, "police")
    assert "Signed, with disagreement" in row()


def test_the_final_draft_download_is_offered_only_to_those_who_may_read_the_drafts(client, world):
    report = ready_report(world)
    assert report.final_draft is not None
    download = reverse(
        "report_drafts:download", kwargs={"case_id": world.case.pk, "version": report.final_draft.version}
    )
    sign_in(client, world.people["business_unit_officer"])
    assert download.encode() in client.get(_url(world, "record")).content
    sign_in(client, world.people["agency_representative"])
    page = client.get(_url(world, "record"))
    assert page.status_code == 200
    assert download.encode() not in page.content


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["business_unit_officer", "delegate_police"])
def test_the_record_page_costs_the_same_however_many_findings_and_recommendations(client, world, persona):
    report = _submit(world, ready_report(world, recommendations=1))
    sign_in(client, world.people[persona])
    url = _url(world, "record")
    _queries(client, url)  # warm the session and caches
    small = _queries(client, url)
    officer = world.people["business_unit_officer"]
    second = AgencyFactory.create(partnership=world.partnership, name="Alphashire Second Agency")
    for n in range(4):
        report = services.finding_add(
            actor=officer, case=world.case, expected_version=report.version, text=f"Finding {n}."
        )
        report = services.recommendation_add(
            actor=officer,
            case=world.case,
            expected_version=report.version,
            fields=recommendation_values(world, agency_ids=(world.agency.pk, second.pk)),
        )
    report = _submit(world, report)
    assert _queries(client, url) == small


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("summary", {"improvements_summary": "Mine."}, b"This page is out of date"),
        ("response", {"partners_response": "Ours."}, b"This page is out of date"),
        ("response", {"partners_response": "x" * 20_001, "version": "2"}, b"Ensure this value has at most"),
        ("response", {"partners_response": "Ours.", "version": "ten"}, b"Enter a whole number"),
        ("submit", {}, b"Reload the page and try again"),
        ("finding_add", {"text": "x" * 20_001, "version": "2"}, b"Ensure this value has at most"),
    ],
)
def test_a_form_that_did_not_know_the_record_or_bad_input_changes_nothing(client, world, name, data, message):
    report = ready_report(world)
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(_url(world, name), data)
    assert response.status_code == 400
    assert message in response.content
    report.refresh_from_db()
    assert FinalReport.objects.get().version == report.version


def test_the_partners_response_page_saves(client, world):
    report = ready_report(world, recommendations=0)
    sign_in(client, world.people["business_manager"])
    response = client.post(
        _url(world, "response"), {"partners_response": "The partners accept.", "version": str(report.version)}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.partners_response == "The partners accept."
    record = client.get(_url(world, "record"))
    assert b"The partners accept." in record.content


def test_the_three_delegates_sign_on_the_sign_page_and_the_record_shows_it(client, world):
    _submit(world, ready_report(world, recommendations=3))
    sign_page = reverse("signoffs:document", kwargs={"case_id": world.case.pk, "kind": "final_report"})
    for partner, persona in DELEGATES.items():
        sign_in(client, world.people[persona])
        page = client.get(sign_page)
        assert page.status_code == 200
        assert b"Final report record version" in page.content
        current = wiring.report_signable(world.case)
        assert current is not None
        response = client.post(
            sign_page,
            {
                "partner": partner,
                "agrees": "yes",
                "comments": "",
                "version": str(current.version),
                "sha256": current.sha256,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert document_signed_off(case=world.case, kind=wiring.KIND)
    sign_in(client, world.people["independent_chair"])
    assert b"Signed off" in client.get(_url(world, "record")).content
    sign_in(client, world.people["business_unit_officer"])
    record = client.get(_url(world, "record"))
    assert b"Signed off" in record.content
    assert b"Add a finding" not in record.content  # the record is locked once signed off
    assert Alert.objects.filter(
        user=world.people["independent_chair"], kind="document_signoff_complete"
    ).exists()


@pytest.mark.parametrize(
    "name",
    ["finding_edit", "finding_remove", "recommendation_edit", "recommendation_remove"],
)
def test_out_of_range_ids_are_not_found(client, world, name):
    ready_report(world)
    sign_in(client, world.people["business_unit_officer"])
    client.raise_request_exception = True
    key = "finding_id" if name.startswith("finding") else "recommendation_id"
    for big in (99999999999999999999, 2**63, 10**30):
        assert client.get(_url(world, name, **{key: big})).status_code == 404
