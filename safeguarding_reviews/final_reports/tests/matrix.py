"""Objects the authorization matrix needs for final_reports URLs: a final report record on world.case with a
draft, one finding and one recommendation of the report (in preparation)."""

from __future__ import annotations


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.final_reports import selectors, services

    from .factories import make_draft, recommendation_values

    actor = world.people["independent_reviewer"]
    draft = make_draft(world, version=1)
    report = services.summary_save(
        actor=actor,
        case=world.case,
        expected_version=None,
        final_draft_id=draft.pk,
        improvements_summary="Synthetic improvements.",
        systemic_analysis="Synthetic analysis.",
    )
    report = services.finding_add(
        actor=actor, case=world.case, expected_version=report.version, text="Synthetic finding."
    )
    report = services.recommendation_add(
        actor=actor, case=world.case, expected_version=report.version, fields=recommendation_values(world)
    )
    (finding,) = selectors.findings_of(report)
    (recommendation,) = selectors.recommendations_of(report)
    return {"final_reports": {"finding_id": finding.pk, "recommendation_id": recommendation.pk}}
