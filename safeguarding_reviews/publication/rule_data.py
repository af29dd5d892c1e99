"""The publication rules as data, one entry per version, each citing its source (docs/publication.md).

Each entry matches one clock rule set (clocks/rule_data.py, `rule_set_code`): a case publishes under the rules
of the rule set it runs under, falling back to the default entry. A change of rules is a new entry with a new
code (and a data migration), never an edit: notices and records keep the rules they were made under.

Seeded by migration 0002_seed_rules and again after a flush (seed.py, post_migrate).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

WT2023 = (
    'Working Together to Safeguard Children 2023 (HM Government, December 2023), chapter 5, "Publication of '
    'reports": the safeguarding partners send a copy of the full report to the Child Safeguarding Practice '
    "Review Panel and to the Secretary of State no later than 7 working days before the date of publication; "
    "where they publish only information about the improvements, they send that information to both within "
    "the same timescale, and the report or the information about improvements to Ofsted within the same "
    "timescale. https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
)
WT2018 = (
    "Working Together to Safeguard Children 2018 (HM Government, July 2018), chapter 4, paragraphs 45 and 46 "
    "(same notice of 7 working days to the Panel and the Secretary of State, and to Ofsted within the same "
    "timescale). https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
)
PANEL_GUIDANCE = (
    "Child Safeguarding Practice Review Panel, practice guidance for safeguarding partners (local reviews): "
    "published reports remain publicly available on the partnership's website for at least one year (12 "
    "months), and after that on request. https://www.gov.uk/government/publications/"
    "child-safeguarding-practice-review-panel-practice-guidance"
)
CONFIRM = (
    "[R] The Ofsted notice and the one-year minimum are read from the guidance as published; a partnership's "
    "domain expert confirms them before relying on them."
)

RULES: list[dict[str, Any]] = [
    dict(
        code="wt2023-publication",
        name="Publication under Working Together 2023",
        version=1,
        rule_set_code="wt2023-panel-2025",
        effective_from=dt.date(2023, 12, 15),
        notice_working_days=7,
        notice_recipients=["panel", "secretary_of_state"],
        ofsted_when="always",
        available_months=12,
        source=f"{WT2023} {PANEL_GUIDANCE} {CONFIRM}",
        is_default=True,
    ),
    dict(
        code="wt2018-publication",
        name="Publication under Working Together 2018",
        version=1,
        rule_set_code="wt2018",
        effective_from=dt.date(2018, 7, 4),
        notice_working_days=7,
        notice_recipients=["panel", "secretary_of_state"],
        ofsted_when="always",
        available_months=12,
        source=f"{WT2018} {PANEL_GUIDANCE} {CONFIRM}",
        is_default=False,
    ),
]
