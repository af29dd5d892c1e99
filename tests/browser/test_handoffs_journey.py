"""FLOW's browser journey (issue 11): every hand-off reaches the right person, and the routes after the
decision. The three parts live in their own modules, imported here so that this file runs them (axe on each
new page):

- handoffs_tasks: a referral through to the rapid review being sent, where each person (business unit, LA
  delegate, Chair, author, the three partner delegates) finds their next task in My tasks after signing in;
- handoffs_signoff: one partner disagrees, the business manager records the resolution, the sign-off record is
  generated, the report is sent and the case reaches the LCSPR stage; a failed sign-off record is generated
  again by the business unit;
- handoffs_routes: a care-leaver death that ends at "notified" with no rapid review clock, and the learning
  route recorded after sending when there is no LCSPR.
"""

from __future__ import annotations

import pytest

from .handoffs_routes import (
    test_a_care_leavers_death_ends_at_notified_with_no_rapid_review_clock,
    test_no_lcspr_the_learning_route_after_sending,
)
from .handoffs_signoff import (
    test_a_disagreement_resolved_then_the_report_and_its_signoff_record_sent,
    test_a_failed_signoff_record_is_generated_again,
)
from .handoffs_tasks import test_each_person_finds_their_next_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = [
    "test_a_care_leavers_death_ends_at_notified_with_no_rapid_review_clock",
    "test_a_disagreement_resolved_then_the_report_and_its_signoff_record_sent",
    "test_a_failed_signoff_record_is_generated_again",
    "test_each_person_finds_their_next_task",
    "test_no_lcspr_the_learning_route_after_sending",
]
