"""Child V's final report record (issue 14 item 4), in preparation: written by the business unit, with the
latest draft of the report if the demo has one, both summaries, two findings and one recommendation to all
the partners collectively. Synthetic text only; called once from panel._local_review_under_way."""

from __future__ import annotations

import datetime as dt
from typing import Any


def final_report_in_preparation(*, people: Any, case: Any) -> None:
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.final_reports import rules, selectors, services
    from safeguarding_reviews.outcomes.selectors import active_themes

    themes = active_themes()
    report = services.summary_save(
        actor=people.officer,
        case=case,
        expected_version=None,
        final_draft_id=selectors.latest_draft_id(case),
        improvements_summary="Demo: earlier joint discussion when a baby's injuries are seen by one agency.",
        systemic_analysis="Demo: each agency read the threshold for a strategy discussion differently.",
    )
    for text in (
        "Demo: the health visitor's concern about bruising was not shared with children's social care.",
        "Demo: no strategy discussion was held after the second injury.",
    ):
        report = services.finding_add(
            actor=people.officer, case=case, expected_version=report.version, text=text
        )
    services.recommendation_add(
        actor=people.officer,
        case=case,
        expected_version=report.version,
        fields=rules.RecommendationFields(
            required="Demo: agree and audit a joint protocol for bruising in non-mobile babies.",
            agency_scope="partners",
            due_on=clock.today() + dt.timedelta(days=120),
            expected_difference="Demo: every non-mobile baby with bruising is discussed across agencies.",
            theme_ids=(themes[0].pk,) if themes else (),
            finding_id=selectors.findings_of(report)[0].pk,
        ),
    )
