"""Objects the authorization matrix needs for sign-off URLs: a challenge on world.case's outcome (made by the
outcomes matrix module, which runs first), the three partners' sign-offs of the report the reports matrix
module generated (the police disagreeing, so there is a dissent to resolve) and the sign-off record built from
them; and for the sign page of any document, a test-only signable kind (signable_kind.py) with one version
signed by the three partners, the police disagreeing. Rapid review sign-offs are made with the ORM (test
data: the matrix outcome is not complete, so the service would refuse them); the record through this app's
service."""

from __future__ import annotations

from safeguarding_reviews.core import clock
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.models import GeneratedReport
from safeguarding_reviews.signoffs.models import Challenge, SignOff
from safeguarding_reviews.signoffs.services import document_signoff_give, signoff_record_generate
from safeguarding_reviews.signoffs.tests.signable_kind import CODE, KIND, ensure_registered, new_version

DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


def url_kwargs(world) -> dict[str, dict[str, object]]:
    outcome = RapidReviewOutcome.objects.get(case=world.case)
    challenge = Challenge.objects.create(
        case=world.case,
        outcome=outcome,
        outcome_version=outcome.version,
        text="Synthetic challenge",
        raised_by=world.people["independent_chair"],
        raised_at=clock.now(),
    )
    report = GeneratedReport.objects.filter(outcome=outcome, outcome_version=outcome.version).first()
    assert report is not None
    signoffs = {
        partner: SignOff.objects.create(
            case=world.case,
            outcome=outcome,
            outcome_version=outcome.version,
            report=report,
            report_sha256=report.sha256,
            partner=partner,
            signed_by=world.people[persona],
            agrees=partner != "police",
            comments="" if partner != "police" else "Synthetic dissent.",
            signed_at=clock.now(),
        )
        for partner, persona in DELEGATES.items()
    }
    record = signoff_record_generate(outcome_id=outcome.pk, actor_id=world.people["business_unit_officer"].pk)
    assert record is not None
    ensure_registered()
    new_version(world)
    current = KIND.current(world.case)
    assert current is not None
    dissent = None
    for partner, persona in DELEGATES.items():
        dissent = document_signoff_give(
            user=world.people[persona],
            case=world.case,
            kind=CODE,
            partner=partner,
            agrees=partner != "police",
            comments="" if partner != "police" else "Synthetic dissent.",
            version=current.version,
            sha256=current.sha256,
        )
    assert dissent is not None
    return {
        "signoffs": {
            "kind": CODE,
            "document_signoff_id": dissent.pk,
            "challenge_id": challenge.pk,
            "signoff_id": signoffs["police"].pk,
            "record_id": record.pk,
        }
    }
