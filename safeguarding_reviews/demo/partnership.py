"""The synthetic demo partnership. Every name is invented and obviously so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case, CaseCapacity
from safeguarding_reviews.core import clock
from safeguarding_reviews.demo.action_plans import seed_action_plan_demo
from safeguarding_reviews.demo.monitoring import seed_monitoring_demo
from safeguarding_reviews.demo.panel import DemoPeople, seed_after_rapid_review_demo
from safeguarding_reviews.demo.referrals import seed_referral_demo
from safeguarding_reviews.demo.screening import seed_screening_demo
from safeguarding_reviews.organisations.models import (
    Agency,
    AgencyType,
    Membership,
    MembershipRole,
    Partnership,
)
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.reviewers.models import AppointmentState, ReviewerAppointment

DEMO_PASSWORD = "demo-password-2026"


def _lead_email(slug: str, agency_name: str) -> str:
    """A synthetic shared mailbox for the agency's safeguarding lead (the chase ladder's second step)."""
    local = "".join(c if c.isalnum() else "-" for c in agency_name.lower()).strip("-")
    return f"safeguarding.{'-'.join(filter(None, local.split('-')))}@{slug}.demo.example"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    job_title: str
    roles: tuple[tuple[str, str, str | None], ...]  # (partnership slug, role, agency name)


NORTHBRIDGE = "northbridge"
EASTMERE = "eastmere"

AGENCIES: dict[str, list[tuple[str, str]]] = {
    NORTHBRIDGE: [
        ("Northbridge City Council Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE),
        ("Wessex Vale Police", AgencyType.POLICE),
        ("Northbridge and Eastmere ICB", AgencyType.ICB),
        ("Northbridge General Hospital NHS Trust", AgencyType.ACUTE_TRUST),
        ("Vale Community Health Services", AgencyType.COMMUNITY_HEALTH),
        ("Vale Mental Health Partnership", AgencyType.MENTAL_HEALTH),
        ("Harbour Lane Surgery", AgencyType.GP),
        ("Northbridge Education Services", AgencyType.EDUCATION),
        ("Little Acorns Nursery", AgencyType.EARLY_YEARS),
        ("Northbridge Housing Options", AgencyType.HOUSING),
        ("Vale Youth Justice Service", AgencyType.YOUTH_JUSTICE),
    ],
    EASTMERE: [
        ("Eastmere County Council Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE),
        ("Wessex Vale Police", AgencyType.POLICE),
        ("Northbridge and Eastmere ICB", AgencyType.ICB),
    ],
}


def _person(key: str, name: str, title: str, *roles: tuple[str, str, str | None]) -> DemoPerson:
    return DemoPerson(f"{key}@demo.example", name, title, tuple(roles))


PEOPLE = [
    _person(
        "bu.officer", "Ada Example", "Business unit officer", (NORTHBRIDGE, Role.BUSINESS_UNIT_OFFICER, None)
    ),
    _person(
        "bu.manager",
        "Bram Sample",
        "Partnership business manager",
        (NORTHBRIDGE, Role.BUSINESS_MANAGER, None),
    ),
    _person(
        "la.delegate",
        "Cleo Placeholder",
        "Director of Children's Services (delegate)",
        (NORTHBRIDGE, Role.DELEGATE_LOCAL_AUTHORITY, None),
    ),
    _person(
        "icb.delegate",
        "Dev Fictional",
        "Designated Nurse (ICB delegate)",
        (NORTHBRIDGE, Role.DELEGATE_ICB, None),
    ),
    _person(
        "police.delegate",
        "Eve Madeup",
        "Detective Superintendent (police delegate)",
        (NORTHBRIDGE, Role.DELEGATE_POLICE, None),
    ),
    _person(
        "chair",
        "Fen Invented",
        "Independent Chair",
        (NORTHBRIDGE, Role.INDEPENDENT_CHAIR, None),
        (EASTMERE, Role.INDEPENDENT_CHAIR, None),
    ),
    _person("lcpc.member", "Gus Pretend", "LCPC member", (NORTHBRIDGE, Role.REVIEW_COMMITTEE_MEMBER, None)),
    _person(
        "agency.rep",
        "Hal Testperson",
        "Named nurse (agency representative)",
        (NORTHBRIDGE, Role.AGENCY_REPRESENTATIVE, "Northbridge General Hospital NHS Trust"),
    ),
    _person(
        "agency.author",
        "Ivy Dummy",
        "Safeguarding lead (agency author)",
        (NORTHBRIDGE, Role.AGENCY_AUTHOR, "Northbridge Education Services"),
    ),
    _person("reviewer", "Jo Notreal", "Independent reviewer", (NORTHBRIDGE, Role.INDEPENDENT_REVIEWER, None)),
    _person("auditor", "Kit Synthetic", "Information governance auditor", (NORTHBRIDGE, Role.AUDITOR, None)),
    _person(
        "committee.member",
        "Nia Fabricated",
        "Monitoring committee member",
        (NORTHBRIDGE, Role.MONITORING_COMMITTEE_MEMBER, None),
    ),
    _person("eastmere.manager", "Lou Imaginary", "Business manager", (EASTMERE, Role.BUSINESS_MANAGER, None)),
    _person("platform.admin", "Max Admin", "Platform administrator"),
]

CASES = [
    ("Child N", dt.date(2026, 10, 12), "Serious injury to a 4-month-old; hospital referral.", False),
    ("Child P", dt.date(2026, 10, 30), "Death of a 15-year-old; suspected neglect.", False),
    (
        "Child R",
        dt.date(2026, 11, 9),
        "Serious harm to a 2-year-old in a family with previous involvement.",
        False,
    ),
    ("Child S", dt.date(2026, 11, 18), "Serious harm to a 9-year-old; parallel police investigation.", True),
    (
        "Children T and U",
        dt.date(2026, 11, 23),
        "Two siblings harmed; the family moved from Eastmere.",
        False,
    ),
]


def _demo_accepted_reviewer(manager: User, case: Case, reviewer: User) -> None:
    """An independent reviewer whose declaration (no conflicts) the business manager accepted: the only way a
    reviewer is named on a case (reviewers app)."""
    with transaction.atomic():
        membership = case_services.case_reviewer_join(actor=manager, case=case, user=reviewer)
        ReviewerAppointment.objects.create(
            case=case,
            user=reviewer,
            appointed_by=manager,
            state=AppointmentState.ACCEPTED,
            family=False,
            agencies=False,
            services=False,
            other=False,
            declared_at=clock.now(),
            decided_by=manager,
            decided_at=clock.now(),
            case_membership=membership,
        )


def seed_demo() -> list[DemoPerson]:
    """Create (or leave as they are) the demo partnerships, people and cases. Idempotent."""
    with transaction.atomic():
        partnerships = {
            NORTHBRIDGE: Partnership.objects.get_or_create(
                slug=NORTHBRIDGE,
                defaults={
                    "name": "Northbridge Safeguarding Children Partnership (demo)",
                    "local_authority_name": "Northbridge City Council",
                    "case_reference_prefix": "NSCP",
                    "is_demo": True,
                },
            )[0],
            EASTMERE: Partnership.objects.get_or_create(
                slug=EASTMERE,
                defaults={
                    "name": "Eastmere Safeguarding Children Partnership (demo)",
                    "local_authority_name": "Eastmere County Council",
                    "case_reference_prefix": "ESCP",
                    "is_demo": True,
                },
            )[0],
        }
        agencies: dict[tuple[str, str], Agency] = {}
        for slug, rows in AGENCIES.items():
            for name, agency_type in rows:
                agencies[(slug, name)] = Agency.objects.get_or_create(
                    partnership=partnerships[slug],
                    name=name,
                    defaults={"agency_type": agency_type, "safeguarding_lead_email": _lead_email(slug, name)},
                )[0]
        users: dict[str, User] = {}
        for person in PEOPLE:
            user = User.objects.filter(email=person.email).first()
            if user is None:
                user = User.objects.create_user(
                    person.email,
                    DEMO_PASSWORD,
                    full_name=person.full_name,
                    is_platform_admin=person.email.startswith("platform.admin"),
                )
            users[person.email] = user
            for slug, role, agency_name in person.roles:
                membership, _ = Membership.objects.get_or_create(
                    user=user,
                    partnership=partnerships[slug],
                    ended_at=None,
                    defaults={"job_title": person.job_title},
                )
                MembershipRole.objects.get_or_create(
                    membership=membership,
                    role=role,
                    agency=agencies[(slug, agency_name)] if agency_name else None,
                )
    officer = users["bu.officer@demo.example"]
    northbridge = partnerships[NORTHBRIDGE]
    if not Case.objects.filter(lead_partnership=northbridge).exists():
        named = {
            "Child N": [
                ("agency.rep@demo.example", CaseCapacity.AGENCY_REPRESENTATIVE),
                ("agency.author@demo.example", CaseCapacity.AGENCY_AUTHOR),
                ("lcpc.member@demo.example", CaseCapacity.COMMITTEE_MEMBER),
            ],
            "Child P": [("reviewer@demo.example", CaseCapacity.INDEPENDENT_REVIEWER)],
        }
        for pseudonym, incident, summary, restricted in CASES:
            case = case_services.case_create(
                actor=officer,
                partnership=northbridge,
                pseudonym=pseudonym,
                incident_date=incident,
                referral_received_on=min(incident + dt.timedelta(days=2), clock.today()),
                summary=summary,
                is_restricted=restricted,
            )
            for email, capacity in named.get(pseudonym, []):
                if capacity == CaseCapacity.INDEPENDENT_REVIEWER:
                    _demo_accepted_reviewer(users["bu.manager@demo.example"], case, users[email])
                    continue
                case_services.case_member_add(actor=officer, case=case, user=users[email], capacity=capacity)
            if pseudonym == "Children T and U":
                case_services.case_share(
                    actor=officer,
                    case=case,
                    partnership=partnerships[EASTMERE],
                    reason="The family lived in Eastmere until September.",
                )
    # Screening and the notification at different points (idempotent; demo/screening.py).
    seed_screening_demo(
        partnership=northbridge,
        officer=officer,
        delegate=users["la.delegate@demo.example"],
        eastmere=partnerships[EASTMERE],
    )
    # A submitted online referral with synthetic children (idempotent; demo/referrals.py).
    seed_referral_demo(
        rep=users["agency.rep@demo.example"],
        agency=agencies[(NORTHBRIDGE, "Northbridge General Hospital NHS Trust")],
    )
    # Clock milestones the stages above do not record (idempotent; clocks).
    _demo_milestones(officer, northbridge)
    # Two cases past the rapid review: at the LCSPR stage, and at "Action plan" (idempotent; demo/panel.py).
    seed_after_rapid_review_demo(
        partnership=northbridge,
        people=DemoPeople(
            officer=officer,
            delegates={
                "local_authority": users["la.delegate@demo.example"],
                "icb": users["icb.delegate@demo.example"],
                "police": users["police.delegate@demo.example"],
            },
            agency=agencies[(NORTHBRIDGE, "Northbridge City Council Children's Services")],
            manager=users["bu.manager@demo.example"],
            reviewer=users["reviewer@demo.example"],
        ),
        screening_delegate=users["la.delegate@demo.example"],
    )
    seed_action_plan_demo(partnership=northbridge, users=users, agencies=agencies)  # demo/action_plans.py
    seed_monitoring_demo(partnership=northbridge, users=users, agencies=agencies)  # demo/monitoring.py
    return PEOPLE


# Milestones for the demo cases, as (event, days after the referral was received), recorded only where
# the case has none for that event yet (screening and notifications record their own first), so the
# Clocks page and the dashboard show clocks met, met late, due and upcoming.
DEMO_MILESTONES: dict[str, list[tuple[str, int]]] = {
    "Child N": [
        ("referral_received", 0),
        ("written_confirmation_received", 1),
        ("la_became_aware", 0),
        ("notification_sent", 5),
        ("local_partners_told", 5),
    ],
    # P is waiting for its notification to be sent, R for the decision (screening/demo.py): no "sent" here.
    "Child P": [("referral_received", 0), ("written_confirmation_received", 1), ("la_became_aware", 0)],
    "Child R": [("referral_received", 0), ("written_confirmation_received", 1), ("la_became_aware", 0)],
    "Child S": [("referral_received", 0), ("la_became_aware", 0)],
    # S shows a missed 48-hour confirmation; T and U had theirs on time.
    "Children T and U": [
        ("referral_received", 0),
        ("written_confirmation_received", 0),
        ("la_became_aware", 0),
    ],
}


def _demo_milestones(officer: User, partnership: Partnership) -> None:
    from safeguarding_reviews.clocks.models import Milestone
    from safeguarding_reviews.clocks.services import milestone_record

    today = clock.today()
    for case in Case.objects.filter(lead_partnership=partnership, referral_received_on__isnull=False):
        received = case.referral_received_on
        if received is None:
            continue
        have = set(Milestone.objects.filter(case=case).values_list("event", flat=True))
        for event, offset in DEMO_MILESTONES.get(case.pseudonym, []):
            on: dt.date = received + dt.timedelta(days=offset)
            if event in have or on > today:
                continue
            at = None
            if event == "referral_received":  # a phone referral at 10:00 starts the 48-hour clock
                at = dt.datetime.combine(on, dt.time(10, 0), tzinfo=clock.LONDON)
            with transaction.atomic():
                milestone_record(actor=officer, case=case, event=event, occurred_on=on, occurred_at=at)
