"""The case task list without duplicate or stale rows (issue 18, item 9): every task has its own name, the
report task is done once a report exists, and its hint says when the outcome has changed since."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.dashboards.case_tasks import (
    COMPLETED,
    NAMES,
    NOT_STARTED,
    CaseFacts,
    TaskKey,
    report_hint,
    task_status,
)

RAPID = CaseFacts(stage=Stage.RAPID_REVIEW, decided=True, notification_sent=True, local_partners_told=True)
STALE = replace(RAPID, report_generated=True, report_current=False)
CURRENT = replace(RAPID, report_generated=True, report_current=True)
SENT = replace(STALE, rapid_review_sent=True, stage=Stage.DECISION)


def test_every_task_has_its_own_name():
    assert len(set(NAMES.values())) == len(NAMES)


@pytest.mark.parametrize(
    ("facts", "status", "hint_says_generate_again"),
    [
        (RAPID, NOT_STARTED, False),
        (STALE, COMPLETED, True),  # a report exists: done, not "In progress"
        (CURRENT, COMPLETED, False),
        (SENT, COMPLETED, False),  # sent: an outcome edit afterwards does not reopen the task
    ],
)
def test_report_task(facts, status, hint_says_generate_again):
    assert task_status(facts, TaskKey.REPORT) == status
    assert ("generate it again" in report_hint(facts)) is hint_says_generate_again


def test_the_case_page_lists_each_task_once(world, as_user):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.RAPID_REVIEW)
    body = as_user(world.people["business_unit_officer"]).get(reverse("cases:detail", args=[world.case.pk]))
    text = body.content.decode()
    assert "Notification record" not in text and "Add or import chronology entries" not in text
    for name in ("Notification sent to the Panel", "Rapid review sent to the Panel", "Merged multi-agency"):
        assert text.count(name) == 1, name
