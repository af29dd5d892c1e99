"""The task rules written as a condition (case_tasks.task_condition, has_task_condition) agree with
tasks_for over every combination of facts and roles: My tasks asks the database for the cases the condition
holds of, so a disagreement would hide a task, or read cases for nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.dashboards.case_tasks import (
    ACTORS,
    PARTNER_OF_ROLE,
    All,
    AnyOf,
    CaseFacts,
    Condition,
    Fact,
    Not,
    OneOf,
    TaskKey,
    has_task_condition,
    holds,
    task_condition,
    tasks_for,
)
from safeguarding_reviews.organisations.roles import Role

_BOOLS = (
    "referral_online",
    "written_confirmation",
    "la_aware",
    "screening_started",
    "decided",
    "chair_commented",
    "notification_sent",
    "local_partners_told",
    "returns_requested",
    "report_current",
    "report_generated",
    "rapid_review_sent",
    "learning_route_due",
    "follow_up_due",
    "after_sending_done",
)

facts_strategy = st.builds(
    CaseFacts,
    stage=st.sampled_from(list(Stage)),
    referral_status=st.sampled_from(["", "draft", "submitted"]),
    returns_waiting=st.integers(min_value=0, max_value=2),
    partners_signed=st.frozensets(st.sampled_from(sorted(PARTNER_OF_ROLE.values()))),
    **{name: st.booleans() for name in _BOOLS},
)
roles_strategy = st.frozensets(st.sampled_from(sorted(Role)))


@settings(max_examples=3000, deadline=None)
@given(facts=facts_strategy, roles=roles_strategy)
def test_the_condition_holds_exactly_when_the_person_has_a_task(
    facts: CaseFacts, roles: frozenset[str]
) -> None:
    tasks = tasks_for(facts, roles)
    assert holds(has_task_condition(roles), facts) == bool(tasks)
    for key in TaskKey:
        if roles & ACTORS[key]:
            assert holds(task_condition(key, roles), facts) == (key in tasks), key


def test_no_task_role_means_a_condition_that_never_holds() -> None:
    condition = has_task_condition(frozenset({Role.AUDITOR}))
    assert condition == AnyOf(())
    assert not holds(condition, CaseFacts(stage=Stage.REFERRAL, referral_status="draft"))


def test_holds_reads_each_kind_of_term() -> None:
    facts = CaseFacts(stage=Stage.SCREENING, returns_waiting=2, partners_signed=frozenset({"icb"}))
    assert holds(Fact("stage", Stage.SCREENING), facts)
    assert holds(OneOf("stage", frozenset({Stage.REFERRAL, Stage.SCREENING})), facts)
    assert holds(Fact("returns_waiting"), facts)
    assert holds(All((Fact("signed_icb"), Not(Fact("signed_police")))), facts)
    assert not holds(AnyOf((Fact("decided"), Fact("signed_police"))), facts)


# --- the condition in SQL (dashboards.selectors.condition_q) against its Python reading, on real rows ------

_ATOMS: list[Condition] = [
    *(Fact(name) for name in _BOOLS if name not in ("returns_requested", "after_sending_done")),
    Fact("returns_waiting"),
    *(Fact(f"signed_{partner}") for partner in sorted(PARTNER_OF_ROLE.values())),
    *(Fact("referral_status", status) for status in ("", "draft", "submitted")),
    *(Fact("stage", stage) for stage in Stage),
    OneOf("stage", frozenset({Stage.REFERRAL, Stage.SCREENING})),
]
_ROLE_SETS = [
    frozenset({Role.BUSINESS_UNIT_OFFICER}),
    frozenset({Role.DELEGATE_LOCAL_AUTHORITY}),
    frozenset({Role.DELEGATE_ICB}),
    frozenset({Role.DELEGATE_POLICE, Role.DELEGATE_ICB}),
    frozenset({Role.INDEPENDENT_CHAIR}),
    frozenset({Role.BUSINESS_MANAGER, Role.DELEGATE_LOCAL_AUTHORITY, Role.INDEPENDENT_CHAIR}),
    frozenset({Role.AUDITOR}),
]


def _vary(early_cases) -> None:
    """What the demo and the synthetic England do not hold: draft referrals by phone, email and online form,
    a Chair's comment, a return waiting, and the Panel's responses that leave something to record."""
    from django.utils import timezone

    from safeguarding_reviews.cases.routes import LCSPR
    from safeguarding_reviews.organisations.models import Agency
    from safeguarding_reviews.outcomes.models import RapidReviewOutcome
    from safeguarding_reviews.panel.models import PanelResponse, PanelSubmission
    from safeguarding_reviews.rapid_review.models import AgencyRequest, RequestStatus
    from safeguarding_reviews.referrals.models import Channel, Referral
    from safeguarding_reviews.screening.models import Screening, ScrutinyComment

    agency = Agency.objects.order_by("pk").first()
    assert agency is not None
    without_referral = [case for case in early_cases if not Referral.objects.filter(case=case).exists()]
    for case, channel in zip(without_referral, [Channel.PHONE, Channel.EMAIL, Channel.ONLINE], strict=False):
        Referral.objects.create(
            partnership_id=case.lead_partnership_id,
            agency=Agency.objects.filter(partnership_id=case.lead_partnership_id).order_by("pk").first()
            or agency,
            status="draft",
            channel=channel,
            case=case,
            created_by_id=case.created_by_id,
        )
    decided = Screening.objects.exclude(outcome="").select_related("case").order_by("pk").first()
    assert decided is not None
    ScrutinyComment.objects.create(
        case=decided.case,
        author_id=decided.case.created_by_id,
        from_chair=True,
        body="Synthetic comment.",
        created_at=timezone.now(),
    )
    first_request = AgencyRequest.objects.order_by("pk").values("pk")[:1]
    assert AgencyRequest.objects.filter(pk__in=first_request).update(status=RequestStatus.SUBMITTED) == 1
    sent = list(PanelSubmission.objects.filter(superseded_at__isnull=True).order_by("pk")[:2])
    assert len(sent) == 2
    # The learning route still to record: waiting at "Decision" with no LCSPR decided.
    PanelSubmission.objects.filter(pk=sent[0].pk).update(learning_route="", follow_up="")
    Case.objects.filter(pk=sent[0].case_id).update(stage=Stage.DECISION)
    RapidReviewOutcome.objects.filter(case_id=sent[0].case_id, decision=LCSPR).update(decision="no_lcspr")
    # The Panel disagrees and what follows is not recorded.
    PanelSubmission.objects.filter(pk=sent[1].pk).update(response=PanelResponse.DISAGREES, follow_up="")
    # Every stage held by some case.
    for stage in Stage:
        if not Case.objects.filter(stage=stage).exists():
            last_lcspr = Case.objects.filter(stage=Stage.LCSPR).order_by("-reference").values("pk")[:1]
            Case.objects.filter(pk__in=last_lcspr).update(stage=stage)


def _db_matches(condition) -> set:
    from safeguarding_reviews.dashboards.selectors import _with_facts, condition_q

    return set(_with_facts(Case.objects.all()).filter(condition_q(condition)).values_list("pk", flat=True))


def test_the_database_reads_every_condition_as_python_does(db) -> None:
    from safeguarding_reviews.dashboards.selectors import case_facts
    from safeguarding_reviews.demo.partnership import seed_demo
    from safeguarding_reviews.demo.scale import generate

    # The demo partnership's cases went through the services to every point of the process; the synthetic
    # England adds cases at every stage with their agency requests.
    seed_demo()
    generate(cases=30, seed=11, max_entries=50)
    _vary(Case.objects.filter(stage__in=[Stage.REFERRAL, Stage.SCREENING]).order_by("reference"))
    facts = case_facts(Case.objects.all())
    for atom in _ATOMS:  # every term is true of some case and false of another
        assert 0 < sum(holds(atom, case) for case in facts.values()) < len(facts), atom
    for atom in _ATOMS:
        for condition in (atom, Not(atom)):
            expected = {pk for pk, case in facts.items() if holds(condition, case)}
            assert _db_matches(condition) == expected, condition
    for roles in _ROLE_SETS:
        condition = has_task_condition(roles)
        expected = {pk for pk, case in facts.items() if tasks_for(case, roles)}
        assert _db_matches(condition) == expected, roles
    # The data set is varied enough for this to mean something: some cases with tasks, some without.
    officer = has_task_condition(frozenset({Role.BUSINESS_UNIT_OFFICER}))
    assert 0 < len(_db_matches(officer)) < len(facts)
