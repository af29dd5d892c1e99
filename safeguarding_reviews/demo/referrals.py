"""A submitted demo referral: an agency representative's online referral with invented people. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding_reviews.core import clock
from safeguarding_reviews.referrals import services
from safeguarding_reviews.referrals.models import Referral

# The demo family's home and the mother's identity, in parts (demo/families.py uses them too).
DEMO_HOME = {"address_line_1": "1 Imaginary Row", "town": "Northbridge", "postcode": "NB1 2AB"}
DEMO_MOTHER = {"first_names": "Demo Mothername", "last_name": "Fictional", **DEMO_HOME}


def seed_referral_demo(*, rep: Any, agency: Any) -> Referral | None:
    if Referral.objects.filter(created_by=rep).exists():
        return None
    referral = referral_demo_draft(rep=rep, agency=agency)
    services.referral_submit(actor=rep, referral=referral)
    return referral


def referral_demo_draft(*, rep: Any, agency: Any) -> Referral:
    """A new draft referral with every section answered, ready to submit (the scale harness's load script
    submits these through the check page)."""
    today = clock.today()
    incident = today - dt.timedelta(days=10)
    referral = services.referral_start(actor=rep, agency=agency)
    answers = {
        "referrer": {
            "referrer_name": "Hal Testperson",
            "referrer_role": "Named nurse for safeguarding",
            "referrer_phone": "01632 960 001",
            "referrer_email": rep.email,
        },
        "safeguarding-lead": {"lead_agreed": "yes", "lead_name": "Dr Nadia Fictional"},
        "incident": {
            "incident_date": incident,
            "aware_date": incident + dt.timedelta(days=1),
            "what_happened": "A 7-month-old was brought to the emergency department with unexplained "
            "fractures. (Synthetic demo data.)",
        },
        "abuse-or-neglect": {
            "abuse_or_neglect": "suspected",
            "abuse_or_neglect_reason": "Injuries inconsistent with the account given. (Synthetic.)",
        },
        "agencies": {"agencies_involved": [agency.pk], "agencies_other": "Health visiting team"},
        "actions": {"immediate_actions": "Strategy discussion held; sibling seen and safe. (Synthetic.)"},
        "parallel-processes": {"parallel_processes": ["police_investigation"], "parallel_details": ""},
        "media": {"media_interest": "no", "media_details": ""},
        "criteria": {"criteria": ["died_or_harmed_in_area"]},
    }
    for section, values in answers.items():
        referral.refresh_from_db()
        services.referral_section_save(
            actor=rep, referral=referral, section=section, values=values, expected_version=referral.version
        )
    services.referral_person_add(
        actor=rep,
        referral=referral,
        kind="child",
        details={"sex": "male", "age_years": 0, "ethnicity": "White British", "disability": ""},
        identity={
            "first_names": "Demo Babyname",
            "last_name": "Fictional",
            "known_as": ["Bubs"],
            "date_of_birth": incident - dt.timedelta(days=213),
            **DEMO_HOME,
            "nhs_number": "9434765919",
        },
    )
    services.referral_person_add(
        actor=rep,
        referral=referral,
        kind="household_member",
        details={"relationship": "mother"},
        identity=DEMO_MOTHER,
    )
    referral.refresh_from_db()
    for section in ("children", "household"):
        services.referral_section_save(
            actor=rep, referral=referral, section=section, values={}, expected_version=referral.version
        )
        referral.refresh_from_db()
    return referral
