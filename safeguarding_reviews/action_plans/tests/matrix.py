"""Objects the authorization matrix needs for the action plan URLs (docs/roles.md, "Action plans"): on
world.case, a recommendation addressed to world.agency (the agency representative's), closed by the
committee with its impact check open, and its one action (evidence accepted, with one evidence file). The
agency author is not its owner, so every action page is 404 to them. Made through the services (the write
paths the matrix does not test), with world.agency's representative as the agency's voice."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding_reviews.action_plans import services
from safeguarding_reviews.action_plans.models import RecommendationOrigin
from safeguarding_reviews.core import clock

from .matrix_monitoring import url_kwargs as monitoring_url_kwargs

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url_kwargs(world) -> dict[str, dict[str, object]]:
    officer = world.people["business_unit_officer"]
    rep = world.people["agency_representative"]
    today = clock.today()
    recommendation = services.recommendation_adopt(
        actor=officer,
        partnership=world.partnership,
        origin=RecommendationOrigin.THEMATIC,
        fields=services.RecommendationFields(
            text="Synthetic matrix recommendation",
            lead_agency_id=world.agency.pk,
            source_title="Thematic review",
        ),
    )
    action = services.plan_action_add(
        actor=rep,
        recommendation=recommendation,
        fields=services.ActionFields(
            description="Synthetic matrix action",
            owner_agency_id=world.agency.pk,
            due_on=today + dt.timedelta(days=30),
            owner_role="Head of safeguarding",
        ),
    )
    services.plan_action_complete(actor=rep, action=action, expected_version=1, completed_on=today)
    evidence = services.evidence_add(
        actor=rep,
        action=action,
        uploaded_file=SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf"),
        kind="audit",
    )
    services.evidence_decide(
        actor=officer, action=action, expected_version=2, outcome="accepted", decided_on=today
    )
    services.recommendation_close(
        actor=officer,
        recommendation=recommendation,
        expected_version=1,
        meeting="Committee",
        decided_on=today,
    )
    return {
        "action_plans": {
            "recommendation_id": recommendation.pk,
            "action_id": action.pk,
            "evidence_id": evidence.pk,
            # The monitoring view's export (issue 16 items 5 and 6: matrix_monitoring.py).
            **monitoring_url_kwargs(world),
        }
    }
