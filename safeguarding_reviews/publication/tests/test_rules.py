"""The publication rules as tables (rules.py, pure): the notice's earliest planned date, "available until",
the clock met or late, the decision's reasons, holds, the recipients and what may happen next."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from safeguarding_reviews.publication import rule_data, rules

D = dt.date
# England and Wales bank holidays around Christmas 2026 and Easter 2027 (as the seeded calendar has them).
HOLIDAYS = frozenset({D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29)})


@pytest.mark.parametrize(
    ("sent_on", "days", "earliest"),
    [
        (D(2026, 11, 2), 7, D(2026, 11, 11)),  # Monday: 7 working days on is the Wednesday after next
        (D(2026, 11, 6), 7, D(2026, 11, 17)),  # Friday: the weekends are skipped
        (D(2026, 11, 7), 7, D(2026, 11, 17)),  # sent on a Saturday: day 1 is the Monday
        (D(2026, 12, 21), 7, D(2027, 1, 4)),  # Christmas, Boxing Day (substitute) and New Year's Day skipped
        (D(2027, 3, 22), 7, D(2027, 4, 2)),  # Good Friday and Easter Monday skipped
        (D(2026, 11, 2), 0, D(2026, 11, 2)),  # a rule set with no notice period
        (D(2026, 11, 2), 10, D(2026, 11, 16)),  # a longer rule-set value
    ],
)
def test_earliest_planned_date(sent_on, days, earliest):
    assert (
        rules.earliest_planned_date(sent_on=sent_on, notice_working_days=days, non_working=HOLIDAYS)
        == earliest
    )


@pytest.mark.parametrize(
    ("planned_on", "refused"),
    [
        (D(2027, 1, 4), False),  # exactly the earliest
        (D(2027, 1, 9), False),  # later, on a Saturday: a website publishes any day
        (D(2026, 12, 31), True),  # one working day short
        (D(2026, 12, 21), True),  # the day it was sent
    ],
)
def test_planned_date_too_soon_is_refused_with_the_earliest_date(planned_on, refused):
    error = rules.planned_date_error(
        planned_on=planned_on, sent_on=D(2026, 12, 21), notice_working_days=7, non_working=HOLIDAYS
    )
    if refused:
        assert error == (
            "The planned publication date must be at least 7 working days after the notice is sent: "
            "the earliest is 4 January 2027"
        )
    else:
        assert error is None


def test_one_working_day_is_singular():
    error = rules.planned_date_error(
        planned_on=D(2026, 11, 2), sent_on=D(2026, 11, 2), notice_working_days=1, non_working=frozenset()
    )
    assert error is not None and "at least 1 working day after" in error


@pytest.mark.parametrize(
    ("published_on", "months", "earliest"),
    [
        (D(2027, 3, 1), 12, D(2028, 3, 1)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),  # a leap day has no day a year on
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # the month's last day
        (D(2027, 11, 15), 3, D(2028, 2, 15)),  # across the year end
        (D(2027, 3, 1), 24, D(2029, 3, 1)),
    ],
)
def test_earliest_available_until(published_on, months, earliest):
    assert rules.earliest_available_until(published_on=published_on, available_months=months) == earliest


@pytest.mark.parametrize(
    ("available_until", "months", "error"),
    [
        (D(2028, 3, 1), 12, None),
        (D(2030, 1, 1), 12, None),
        (
            D(2028, 2, 29),
            12,
            "The report must stay available for at least one year after it is published: the earliest is "
            "1 March 2028",
        ),
        (
            D(2027, 3, 1),
            18,
            "The report must stay available for at least 18 months after it is published: the earliest is "
            "1 September 2028",
        ),
    ],
)
def test_available_until_at_least_the_rule_sets_minimum(available_until, months, error):
    assert (
        rules.available_until_error(
            available_until=available_until, published_on=D(2027, 3, 1), available_months=months
        )
        == error
    )


@pytest.mark.parametrize(
    ("due_on", "published_on", "outcome"),
    [
        (D(2027, 5, 6), D(2027, 5, 5), "met"),
        (D(2027, 5, 6), D(2027, 5, 6), "met"),  # on the due date is on time
        (D(2027, 5, 6), D(2027, 5, 7), "late"),
        (None, D(2027, 5, 7), None),  # no publication clock on the case
    ],
)
def test_clock_met_or_late(due_on, published_on, outcome):
    assert rules.clock_outcome(due_on=due_on, published_on=published_on) == outcome


@pytest.mark.parametrize(
    ("outcome", "reason", "error"),
    [
        ("late", "", True),
        ("late", "   ", True),
        ("late", "Synthetic: the trial ended late.", False),
        ("met", "", False),
        (None, "", False),
    ],
)
def test_a_late_publication_needs_its_reason(outcome, reason, error):
    assert (rules.late_reason_error(outcome=outcome, reason=reason) is not None) is error


@pytest.mark.parametrize(
    ("decision", "reasons", "errors"),
    [
        ("publish_report", "", set()),
        ("improvements_only", "Synthetic: the surviving sibling could be identified.", set()),
        ("improvements_only", " ", {"reasons"}),
        ("", "", {"decision"}),
        ("publish_nothing", "", {"decision"}),
        ("publish_report", "x" * (rules.REASONS_LIMIT + 1), {"reasons"}),
    ],
)
def test_decision_errors(decision, reasons, errors):
    assert set(rules.decision_errors(decision=decision, reasons=reasons)) == errors


@pytest.mark.parametrize(
    ("recipients", "ofsted_when", "expected"),
    [
        (["panel", "secretary_of_state"], "always", ("panel", "secretary_of_state", "ofsted")),
        (["panel", "secretary_of_state"], "never", ("panel", "secretary_of_state")),
        (["secretary_of_state", "panel", "panel"], "never", ("panel", "secretary_of_state")),
        (["panel", "ofsted"], "never", ("panel", "ofsted")),  # a rule set may list Ofsted itself
    ],
)
def test_notice_recipients(recipients, ofsted_when, expected):
    assert rules.notice_recipients(recipients=recipients, ofsted_when=ofsted_when) == expected


def test_the_seeded_rules_cite_their_sources_and_default_to_seven_working_days():
    codes = [r["code"] for r in rule_data.RULES]
    assert len(codes) == len(set(codes))
    assert sum(1 for r in rule_data.RULES if r["is_default"]) == 1
    for rule in rule_data.RULES:
        assert rule["notice_working_days"] == 7
        assert rule["available_months"] >= 12
        assert "Working Together" in rule["source"] and "https://" in rule["source"]
        assert set(rule["notice_recipients"]) <= set(rules.Recipient.values)


@pytest.mark.parametrize(
    ("review_on", "reason", "agreed_by", "errors"),
    [
        (D(2027, 4, 1), "Synthetic: the trial", "Senior investigating officer", set()),
        (D(2027, 3, 1), "Synthetic: the trial", "Senior investigating officer", {"review_on"}),  # today
        (None, "", "", {"review_on", "reason", "agreed_by"}),
    ],
)
def test_hold_errors(review_on, reason, agreed_by, errors):
    found = rules.hold_errors(reason=reason, agreed_by=agreed_by, review_on=review_on, today=D(2027, 3, 1))
    assert set(found) == errors


@pytest.mark.parametrize(
    ("status", "lifted", "state"),
    [
        ("pending", False, "requested"),
        ("approved", False, "held"),
        ("refused", False, "refused"),
        ("ended", False, "lifted"),  # restarted on the clocks page
        ("approved", True, "lifted"),
    ],
)
def test_hold_state_follows_the_clock_pause(status, lifted, state):
    assert rules.hold_state(adjustment_status=status, lifted=lifted) == state


def _facts(**changes: Any) -> rules.PublicationFacts:
    base: dict[str, Any] = {
        "at_lcspr": True,
        "has_final_report": True,
        "decision": "publish_report",
        "file_version": 2,
        "file_publishable": True,
        "signed_off": True,
        "notice_matches": True,
        "holds_active": 0,
    }
    return rules.PublicationFacts(**(base | changes))


@pytest.mark.parametrize(
    ("changes", "signing", "notice", "publish"),
    [
        ({}, None, [], []),
        ({"decision": ""}, "decision", ["decision"], ["decision"]),
        ({"file_version": None}, "no file", ["no file"], ["no file"]),
        ({"file_publishable": False}, "not publishable", ["not publishable"], ["not publishable"]),
        ({"signed_off": False}, None, ["signed"], ["signed"]),
        ({"notice_matches": False}, None, [], ["notice"]),
        ({"holds_active": 1}, None, [], ["held"]),
        ({"publication_blocked": ("Synthetic: until the verdict",)}, None, [], ["blocks"]),
        ({"at_lcspr": False}, None, ["LCSPR"], ["LCSPR"]),
    ],
)
def test_what_may_happen_next(changes, signing, notice, publish):
    facts = _facts(**changes)
    words = {
        "decision": "decision has not been recorded",
        "no file": "There is no file of the final report",
        "not publishable": "Version 2 of the file is not publishable",
        "signed": "have not all signed",
        "notice": "notice before publication has not been sent",
        "held": "Publication is held",
        "blocks": "A parallel process blocks publication",
        "LCSPR": "not at the LCSPR stage",
    }
    refusal = rules.signing_refusal(facts)
    if signing is None:
        assert refusal is None
    else:
        assert refusal is not None and words[signing] in refusal
    for expected, found in ((notice, rules.notice_refusals(facts)), (publish, rules.publish_refusals(facts))):
        assert len(found) == len(expected), found
        for key, reason in zip(expected, found, strict=True):
            assert words[key] in reason


def test_published_on_and_panel_told():
    today, earliest = D(2027, 3, 10), D(2027, 3, 5)
    assert rules.published_on_error(published_on=D(2027, 3, 11), today=today, earliest=earliest)
    assert "4 March" not in (
        rules.published_on_error(published_on=D(2027, 3, 4), today=today, earliest=earliest) or ""
    )
    assert "5 March 2027" in (
        rules.published_on_error(published_on=D(2027, 3, 4), today=today, earliest=earliest) or ""
    )
    assert rules.published_on_error(published_on=D(2027, 3, 5), today=today, earliest=earliest) is None
    assert rules.panel_told_error(panel_told_on=None, published_on=D(2027, 3, 5), today=today) is None
    assert rules.panel_told_error(panel_told_on=D(2027, 3, 4), published_on=D(2027, 3, 5), today=today)
    assert rules.panel_told_error(panel_told_on=D(2027, 3, 11), published_on=D(2027, 3, 5), today=today)
    assert (
        rules.panel_told_error(panel_told_on=D(2027, 3, 6), published_on=D(2027, 3, 5), today=today) is None
    )


@pytest.mark.parametrize(("code", "error"), [("docx", False), ("pdf", False), ("txt", True), ("xlsx", True)])
def test_file_types(code, error):
    assert (rules.file_type_error(code) is not None) is error
