# ruff: noqa: E501  (sources are long citations with addresses)
"""The seeded rule sets, as data: the clocks migration and the post-migrate check (seed.py) read this.

A change of rules is a NEW entry with a new code, never an edit of an existing one: cases keep the
rule set they started with until a business manager re-bases them."""

import datetime as dt

GOVUK_REPORT = "gov.uk, Report a serious child safeguarding incident (https://www.gov.uk/guidance/report-a-serious-child-safeguarding-incident)"
PANEL_FAQS = "Child Safeguarding Practice Review Panel FAQs (https://childsafeguarding.independent-panel.uk/about/faqs/)"
S16C = "Children Act 2004 s.16C(1), inserted by the Children and Social Work Act 2017 (https://www.legislation.gov.uk/ukpga/2004/31/section/16C)"
CAMBS = "Cambridgeshire and Peterborough SCP, following the Panel's June 2025 guidance (https://www.safeguardingcambspeterborough.org.uk/children-board/serious-case-reviews)"
TRAFFORD = "Trafford Strategic Safeguarding Partnership, WT2018-era procedure (https://www.traffordsafeguardingpartnership.org.uk/safeguarding-children-and-young-people/Child-Safeguarding-Practice-Reviews/Child-safeguarding-practice-reviews.aspx)"
SEED = "Local rule from the partnership's own referral procedure (the PSCP seed document); not national. Comparable local forms: Swindon RF1 (48 hours), Suffolk (24 hours)."
AGENCY = "Local practice: partnerships set agency return dates inside the 15-day rapid review (for example Devon's day plan, https://www.devonscp.org.uk/training-and-resources/child-safeguarding-practice-reviews/rapid-review-process-flowchart/). The number of working days is each partnership's setting."
WT2023_NOTIFY_ONLY = "Working Together 2023, chapter 5: the death of a care leaver (up to and including 24) and the death of a looked-after child are notified within 5 working days (the Panel, the Secretary of State and Ofsted) whether or not abuse or neglect is suspected; a rapid review follows only when the serious-incident criteria (s16C) are also met (https://www.gov.uk/government/publications/working-together-to-safeguard-children--2)"
NO_PAUSE = "Children Act 2004 s.16C(1) and Working Together: the duty is to notify within 5 working days; the law provides no pause or extension, so a late notification is recorded as late with its reason"
PANEL_EXTENSION = "The Panel's practice guidance: the rapid review may take longer than 15 working days only where the Panel agrees (https://www.gov.uk/government/publications/child-safeguarding-practice-review-panel-practice-guidance)"
# Which routes a clock runs on (cases/routes.py): empty for every route.
FULL_ROUTE = "full"
CPS = "CPS / NPCC / safeguarding partnerships liaison protocol (https://cps.gov.uk/node/13469); Trafford SP news, 30 March 2020"


def _rules(wt: str, rapid_start: str, rapid_source: str, lcspr_source: str):
    return [
        dict(
            code="written_confirmation",
            name="Written confirmation of a phone or email referral",
            order=10,
            start_event="referral_received",
            stop_event="written_confirmation_received",
            duration=48,
            unit="hours",
            kind="local",
            applies_to="Referrals received by phone or email and recorded by the business unit on an agency's behalf",
            source=SEED,
        ),
        dict(
            code="notification",
            name="Notify the Panel (serious incident notification)",
            order=20,
            start_event="la_became_aware",
            stop_event="notification_sent",
            duration=5,
            unit="working_days",
            kind="statutory",
            applies_to="Every serious child safeguarding incident, the death of a looked-after child"
            + (" and the death of a care leaver aged up to 24" if wt == "2023" else ""),
            source=f"{S16C}; Working Together {wt}; {GOVUK_REPORT}; {PANEL_FAQS}",
            routes="",
            routes_source=WT2023_NOTIFY_ONLY,
            adjustable=False,
            adjustable_source=NO_PAUSE,
        ),
        dict(
            code="local_partners_told",
            name="Tell the local safeguarding partners",
            order=30,
            start_event="la_became_aware",
            stop_event="local_partners_told",
            duration=5,
            unit="working_days",
            kind="statutory",
            applies_to="Every notified incident; partners in other areas where relevant",
            source=f"Working Together {wt}; {GOVUK_REPORT}; HIPS Procedures 7.6 (https://hipsprocedures.org.uk)",
            routes=FULL_ROUTE,
            routes_source=WT2023_NOTIFY_ONLY,
            adjustable=False,
            adjustable_source=NO_PAUSE,
        ),
        dict(
            code="rapid_review",
            name="Rapid review sent to the Panel",
            order=40,
            start_event=rapid_start,
            stop_event="rapid_review_sent",
            duration=15,
            unit="working_days",
            kind="statutory",
            start_event_configurable=True,
            applies_to="Every incident notified to the Panel (an expectation of the Panel's guidance, not statute). "
            "Sources disagree on the start: the partnership may choose.",
            source=rapid_source,
            routes=FULL_ROUTE,
            routes_source=WT2023_NOTIFY_ONLY,
            extension_needs_panel_agreement=True,
            adjustable_source=PANEL_EXTENSION,
        ),
        dict(
            code="agency_return",
            name="Agency returns for the rapid review",
            order=50,
            start_event="agency_returns_requested",
            stop_event="agency_returns_received",
            duration=10,
            duration_setting="agency_return_working_days",
            unit="working_days",
            kind="local",
            applies_to="Each agency asked for a return (summary of its involvement) for the rapid review",
            source=AGENCY,
            routes=FULL_ROUTE,
            routes_source=WT2023_NOTIFY_ONLY,
        ),
        dict(
            code="lcspr_publication",
            name="Local review (LCSPR) completed and published",
            order=60,
            start_event="lcspr_initiated",
            stop_event="lcspr_published",
            duration=6,
            unit="calendar_months",
            kind="statutory",
            applies_to="Every local child safeguarding practice review, from the decision to start it",
            source=lcspr_source,
            routes=FULL_ROUTE,
            routes_source=WT2023_NOTIFY_ONLY,
        ),
    ]


RULE_SETS = [
    dict(
        code="wt2023-panel-2025",
        name="Working Together 2023 with Panel guidance 2025",
        version=1,
        effective_from=dt.date(2023, 12, 15),
        is_default=True,
        source="Working Together to Safeguard Children 2023 (published 15 December 2023), chapter 5; the Child "
        "Safeguarding Practice Review Panel's guidance for safeguarding partners (June 2025 update).",
        rules=_rules(
            "2023",
            "notification_sent",
            f"{CAMBS}; {PANEL_FAQS}; North Yorkshire SCP rapid review process",
            f"{CPS}. [R] Believed unchanged in Working Together 2023: not confirmed, check before relying on it.",
        ),
    ),
    dict(
        code="wt2018",
        name="Working Together 2018",
        version=1,
        effective_from=dt.date(2018, 6, 29),
        is_default=False,
        source="Working Together to Safeguard Children 2018, chapter 4; the Panel's practice guidance (April 2019).",
        rules=_rules(
            "2018",
            "la_became_aware",
            f"{TRAFFORD}; {PANEL_FAQS}",
            f"{CPS}; Trafford SP (publish within 6 months of initiation).",
        ),
    ),
]
