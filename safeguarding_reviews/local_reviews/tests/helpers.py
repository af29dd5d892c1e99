"""Test helpers: a case's review opened through the service, terms written and agreed, a method agreed."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.local_reviews import services
from safeguarding_reviews.local_reviews.selectors import national_method

INITIATED = dt.date(2026, 3, 2)


def open_review(world, initiated_on=INITIATED):
    return services.local_review_open_statutory(
        actor=world.people["business_unit_officer"], case=world.case, initiated_on=initiated_on
    )


def terms_values(world, **changes):
    return {
        "scope_from": dt.date(2025, 1, 1),
        "scope_to": dt.date(2026, 1, 31),
        "lines_of_enquiry": ["How agencies shared information", "How the child's voice was heard"],
        "agency_ids": [world.agency.pk],
        "child_perspective": "Synthetic: through the records of what the child said.",
        "family_context": "Synthetic: the household's circumstances over the period.",
        "proportionality": "Synthetic: focused on two lines of enquiry.",
    } | changes


def write_terms(world, review, expected_version=0, **changes):
    return services.terms_save(
        actor=world.people["business_unit_officer"],
        review=review,
        expected_version=expected_version,
        **terms_values(world, **changes),
    )


def agree_terms(world, terms, agreed_on=dt.date(2026, 3, 16)):
    return services.terms_agreement_record(
        actor=world.people["business_unit_officer"],
        terms=terms,
        agreed_on=agreed_on,
        meeting="LCPC meeting",
        members_present="Member A\nMember B",
    )


def agree_method(world, review):
    methodology = services.methodology_save(
        actor=world.people["business_unit_officer"],
        review=review,
        expected_version=0,
        method=national_method("learning_together"),
        other_description="",
        analysis_rationale="Synthetic analysis.",
        participation_rationale="Synthetic participation.",
    )
    return services.methodology_agreement_record(
        actor=world.people["business_unit_officer"],
        methodology=methodology,
        expected_version=methodology.version,
        agreed_on=dt.date(2026, 3, 16),
        meeting="LCPC meeting",
        members_present="Member A",
    )
