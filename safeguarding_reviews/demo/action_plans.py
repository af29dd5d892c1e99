"""The demo partnership's action plans (issue 16), so a newcomer sees the stage at once: Child V's final
report recommendation taken into the plan and answered by five agencies with actions in every status (not
started, in progress and overdue, completed awaiting evidence with an audit file, evidence accepted, withdrawn
with the business manager's approval, superseded by a new action), and two recommendations adopted from
elsewhere: a national review's, open, with an overdue action; a thematic review's, closed by the monitoring
committee with its impact check scheduled. Synthetic text only; written through action_plans.services.
Idempotent: nothing is added once the partnership has a recommendation."""

from __future__ import annotations

import datetime as dt
from typing import Any

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_action_plan_demo(
    *, partnership: Any, users: dict[str, Any], agencies: dict[tuple[str, str], Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safeguarding_reviews.action_plans import services
    from safeguarding_reviews.action_plans.models import Recommendation, RecommendationOrigin
    from safeguarding_reviews.cases.models import Case
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.demo.panel import LCSPR_CASE

    if Recommendation.objects.filter(partnership=partnership).exists():
        return
    case = Case.objects.filter(lead_partnership=partnership, pseudonym=LCSPR_CASE).first()
    if case is None:
        return
    officer, manager = users["bu.officer@demo.example"], users["bu.manager@demo.example"]
    rep, committee = users["agency.rep@demo.example"], users["committee.member@demo.example"]
    today = clock.today()

    def agency(name: str) -> Any:
        return agencies[(partnership.slug, name)]

    hospital = agency("Northbridge General Hospital NHS Trust")
    council = agency("Northbridge City Council Children's Services")
    icb = agency("Northbridge and Eastmere ICB")
    schools = agency("Northbridge Education Services")
    housing = agency("Northbridge Housing Options")

    def add(
        recommendation: Any, owner: Any, text: str, due_in_days: int, role: str, actor: Any = officer
    ) -> Any:
        return services.plan_action_add(
            actor=actor,
            recommendation=recommendation,
            fields=services.ActionFields(
                description=f"Demo: {text}",
                owner_agency_id=owner.pk,
                due_on=today + dt.timedelta(days=due_in_days),
                owner_role=role,
            ),
        )

    def complete(action: Any, actor: Any) -> Any:
        services.plan_action_complete(
            actor=actor,
            action=action,
            expected_version=action.version,
            completed_on=today,
            text="Demo: done.",
        )
        action.refresh_from_db()
        services.evidence_add(
            actor=actor,
            action=action,
            uploaded_file=SimpleUploadedFile("demo-audit.pdf", PDF, content_type="application/pdf"),
            kind="audit",
            description="Demo: audit of 20 cases.",
        )
        action.refresh_from_db()
        return action

    def accept(action: Any) -> None:
        services.evidence_decide(
            actor=committee,
            action=action,
            expected_version=action.version,
            outcome="accepted",
            decided_on=today,
            meeting="Monitoring committee (demo)",
        )

    taken = services.recommendations_take_in(actor=officer, case=case)
    if taken:
        recommendation = taken[0]
        overdue = add(
            recommendation,
            hospital,
            "audit the bruising protocol on the children's ward.",
            -12,
            "Named nurse",
            actor=rep,
        )
        services.plan_action_update(
            actor=rep,
            action=overdue,
            expected_version=1,
            happened_on=today,
            text="Demo: audit tool agreed.",
            status="in_progress",
        )
        add(
            recommendation,
            council,
            "brief every team on strategy discussions for non-mobile babies.",
            60,
            "Head of service",
        )
        complete(
            add(
                recommendation, icb, "add the protocol to GP safeguarding training.", 30, "Designated doctor"
            ),
            officer,
        )
        accept(
            complete(
                add(
                    recommendation,
                    schools,
                    "share the protocol with nursery settings.",
                    20,
                    "Education safeguarding lead",
                ),
                officer,
            )
        )
        withdrawn = add(
            recommendation, housing, "check bruising guidance in housing visits.", 45, "Housing manager"
        )
        services.withdrawal_request(
            actor=officer,
            action=withdrawn,
            expected_version=1,
            reason="Demo: housing officers do not see babies.",
        )
        withdrawn.refresh_from_db()
        services.withdrawal_decide(
            actor=manager, action=withdrawn, expected_version=withdrawn.version, approve=True
        )
        replaced = add(recommendation, council, "write a local procedure.", 40, "Practice lead")
        services.plan_action_supersede(
            actor=officer,
            action=replaced,
            expected_version=1,
            fields=services.ActionFields(
                description="Demo: adopt the regional procedure instead of writing one.",
                owner_agency_id=council.pk,
                due_on=today + dt.timedelta(days=50),
                owner_role="Practice lead",
            ),
            reason="Demo: the region published one.",
        )
    national = services.recommendation_adopt(
        actor=officer,
        partnership=partnership,
        origin=RecommendationOrigin.NATIONAL,
        fields=services.RecommendationFields(
            text="Demo: agencies share information with GPs when a child is subject to a plan.",
            all_partners=True,
            expected_difference="Demo: GPs know which children have a plan.",
            measured_by="Demo: a six-monthly sample of GP records.",
            due_on=today + dt.timedelta(days=90),
            source_title="Child Protection in England (national review, May 2022)",
            source_detail="Recommendation 7",
        ),
    )
    add(national, hospital, "notify GPs of every child protection plan.", -5, "Safeguarding lead", actor=rep)
    thematic = services.recommendation_adopt(
        actor=officer,
        partnership=partnership,
        origin=RecommendationOrigin.THEMATIC,
        fields=services.RecommendationFields(
            text="Demo: supervision records show reflective discussion of cases with neglect.",
            lead_agency_id=council.pk,
            due_on=today,
            source_title="Thematic review of neglect (demo)",
        ),
    )
    accept(
        complete(
            add(
                thematic,
                council,
                "add a reflective prompt to supervision records.",
                10,
                "Principal social worker",
            ),
            officer,
        )
    )
    services.recommendation_close(
        actor=committee,
        recommendation=thematic,
        expected_version=thematic.version,
        meeting="Monitoring committee (demo)",
        decided_on=today,
        note="Demo: supervision audit shows the prompt in use.",
    )
