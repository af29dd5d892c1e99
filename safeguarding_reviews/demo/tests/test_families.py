"""Child V's family in the demo (demo/families.py): the mother taking part with her letter made, the
grandparent not approached because of the trial, the half-sibling approached with their wishes recorded."""

from __future__ import annotations

import pytest

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.demo.panel import LCSPR_CASE
from safeguarding_reviews.demo.partnership import seed_demo
from safeguarding_reviews.families import selectors
from safeguarding_reviews.families.services import LETTER_BUILDER
from safeguarding_reviews.reports.selectors import latest_documents

pytestmark = pytest.mark.django_db


def test_child_vs_family():
    seed_demo()
    case = Case.objects.get(pseudonym=LCSPR_CASE)
    members = selectors.case_members(case)
    statuses = selectors.statuses(members)
    assert [(m.label, statuses[m.pk]) for m in members] == [
        ("Mother of Child V", "engaged"),
        ("Maternal grandparent", "not_approached"),
        ("Half-sibling", "approached"),
    ]
    mother, grandparent, sibling = members
    assert "criminal trial" in grandparent.approach_reason and grandparent.agreed_with
    assert sibling.is_child and sibling.child_wishes and sibling.child_adaptation
    assert mother.pk in latest_documents(case, builder=LETTER_BUILDER, subject_ids=[mother.pk])
    assert selectors.summary(case) == "3 members: 2 approached, 1 not approached"
