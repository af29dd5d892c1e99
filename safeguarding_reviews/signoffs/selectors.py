"""Reads for the sign-off page: the outcome's standing sign-offs against its current report, the history
(superseded sign-offs and dissent stay on the record) and the Chair's challenges. Fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.models import GeneratedReport
from safeguarding_reviews.reports.selectors import current_report

from .models import Challenge, Partner, SignOff


@dataclass
class SignOffState:
    outcome: RapidReviewOutcome
    report: GeneratedReport | None
    standing: dict[str, SignOff] = field(default_factory=dict)  # partner -> sign-off on the current report
    history: list[SignOff] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """All three partners have recorded their view (agree or disagree) on the current report."""
        return set(self.standing) == set(Partner.values)

    @property
    def all_agree(self) -> bool:
        return self.complete and all(s.agrees for s in self.standing.values())

    @property
    def rows(self) -> list[tuple[str, str, SignOff | None]]:
        return [(value, str(label), self.standing.get(value)) for value, label in Partner.choices]


def signoff_state(outcome: RapidReviewOutcome) -> SignOffState:
    report = current_report(outcome=outcome)
    history = list(
        SignOff.objects.filter(outcome=outcome).select_related("signed_by").order_by("-signed_at", "-pk")
    )
    standing = {}
    for signoff in history:
        if (
            signoff.superseded_at is None
            and report is not None
            and signoff.outcome_version == outcome.version
            and signoff.report_sha256 == report.sha256
        ):
            standing[signoff.partner] = signoff
    return SignOffState(outcome=outcome, report=report, standing=standing, history=history)


def challenges_for(outcome: RapidReviewOutcome) -> list[Challenge]:
    return list(Challenge.objects.filter(outcome=outcome).select_related("raised_by", "answered_by"))
