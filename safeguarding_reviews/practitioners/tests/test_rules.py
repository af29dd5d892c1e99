"""The register's pure rules: the involvement period and how it reads; invitations, the no-blame statement,
the draft, and the compact involvement status."""

import datetime as dt

import pytest

from safeguarding_reviews.practitioners import rules
from safeguarding_reviews.practitioners.rules import (
    draft_errors,
    invitation_errors,
    involvement_errors,
    involvement_status,
    period_text,
    statement_errors,
)

TODAY = dt.date(2026, 6, 10)
D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (None, None, set()),
        (D(2026, 1, 1), None, set()),
        (None, D(2026, 1, 1), set()),
        (D(2026, 1, 1), D(2026, 1, 1), set()),
        (D(2026, 1, 1), TODAY, set()),
        (D(2026, 2, 1), D(2026, 1, 1), {"involved_to"}),
        (TODAY + dt.timedelta(days=1), None, {"involved_from"}),
        (None, TODAY + dt.timedelta(days=1), {"involved_to"}),
        (TODAY + dt.timedelta(days=2), TODAY + dt.timedelta(days=1), {"involved_from", "involved_to"}),
    ],
)
def test_involvement_errors(start, end, errors):
    assert set(involvement_errors(start, end, today=TODAY)) == errors


def test_involvement_error_messages_say_why():
    assert involvement_errors(D(2026, 2, 1), D(2026, 1, 1), today=TODAY) == {
        "involved_to": "The date they were involved until must be the same as or after the date from"
    }


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2026, 3, 3), D(2026, 6, 9), "From 3 March 2026 to 9 June 2026"),
        (D(2026, 3, 3), None, "From 3 March 2026"),
        (None, D(2026, 6, 9), "Until 9 June 2026"),
        (None, None, "Not recorded"),
    ],
)
def test_period_text(start, end, text):
    assert period_text(start, end) == text


# Issue 14, item 1: involvement.


@pytest.mark.parametrize(
    ("invited", "event", "response", "attended", "errors"),
    [
        (D(2026, 6, 1), None, "awaiting", "not_yet", set()),
        (D(2026, 6, 1), D(2026, 7, 1), "awaiting", "not_yet", set()),  # an event arranged for later
        (TODAY, TODAY, "accepted", "yes", set()),
        (TODAY + dt.timedelta(days=1), None, "awaiting", "not_yet", {"invited_on"}),
        (D(2026, 6, 1), D(2026, 5, 31), "awaiting", "not_yet", {"event_on"}),
        (D(2026, 6, 1), D(2026, 6, 5), "accepted", "yes", set()),
        (D(2026, 6, 1), D(2026, 6, 5), "accepted", "no", set()),
        (D(2026, 6, 1), D(2026, 6, 5), "declined", "yes", {"attended"}),
        (D(2026, 6, 1), D(2026, 6, 5), "no_response", "no", {"attended"}),
        (D(2026, 6, 1), D(2026, 6, 5), "declined", "not_yet", set()),
        (D(2026, 6, 1), None, "accepted", "yes", {"event_on"}),
        (D(2026, 6, 1), D(2026, 7, 1), "accepted", "yes", {"attended"}),  # not happened yet
        (D(2026, 6, 1), D(2026, 7, 1), "accepted", "not_yet", set()),
    ],
)
def test_invitation_errors(invited, event, response, attended, errors):
    result = invitation_errors(
        invited_on=invited, event_on=event, response=response, attended=attended, today=TODAY
    )
    assert set(result) == errors


@pytest.mark.parametrize(
    ("given", "errors"), [(None, set()), (TODAY, set()), (TODAY + dt.timedelta(days=1), {"given_on"})]
)
def test_statement_errors(given, errors):
    assert set(statement_errors(given_on=given, today=TODAY)) == errors


@pytest.mark.parametrize(
    ("shared", "commented", "commented_on", "errors"),
    [
        (D(2026, 6, 1), "not_yet", None, set()),
        (D(2026, 6, 1), "yes", None, set()),
        (D(2026, 6, 1), "yes", D(2026, 6, 3), set()),
        (D(2026, 6, 1), "no", None, set()),
        (TODAY + dt.timedelta(days=1), "not_yet", None, {"shared_on"}),
        (D(2026, 6, 1), "no", D(2026, 6, 3), {"commented_on"}),
        (D(2026, 6, 1), "not_yet", D(2026, 6, 3), {"commented_on"}),
        (D(2026, 6, 1), "yes", D(2026, 5, 30), {"commented_on"}),
        (D(2026, 6, 1), "yes", TODAY + dt.timedelta(days=1), {"commented_on"}),
    ],
)
def test_draft_errors(shared, commented, commented_on, errors):
    result = draft_errors(shared_on=shared, commented=commented, commented_on=commented_on, today=TODAY)
    assert set(result) == errors


@pytest.mark.parametrize(
    ("statement", "invitations", "shared", "commented", "expected"),
    [
        (None, [], None, "", ("Not recorded", False, "Not invited", "Not invited", "Not shared")),
        (
            D(2026, 3, 3),
            [],
            None,
            "",
            ("Given 3 March 2026", False, "Not invited", "Not invited", "Not shared"),
        ),
        (
            None,
            [("awaiting", "not_yet")],
            None,
            "",
            ("Not recorded", True, "1 invitation (1 awaiting a reply)", "Not applicable", "Not shared"),
        ),
        (
            D(2026, 3, 3),
            [("accepted", "yes"), ("accepted", "not_yet"), ("declined", "not_yet")],
            D(2026, 6, 1),
            "yes",
            (
                "Given 3 March 2026",
                False,
                "3 invitations (2 accepted)",
                "Attended 1 of 2",
                "Shared 1 June 2026, commented",
            ),
        ),
        (
            None,
            [],
            D(2026, 6, 1),
            "not_yet",
            ("Not recorded", True, "Not invited", "Not invited", "Shared 1 June 2026, no comments yet"),
        ),
        (
            D(2026, 3, 3),
            [("no_response", "not_yet")],
            D(2026, 6, 1),
            "no",
            (
                "Given 3 March 2026",
                False,
                "1 invitation",
                "Not applicable",
                "Shared 1 June 2026, did not comment",
            ),
        ),
    ],
)
def test_involvement_status(statement, invitations, shared, commented, expected):
    status = involvement_status(
        statement_on=statement, invitations=invitations, draft_shared_on=shared, draft_commented=commented
    )
    assert (
        status.statement,
        status.statement_missing,
        status.invited,
        status.attended,
        status.draft,
    ) == expected


@pytest.mark.parametrize(
    ("statement", "first_invited", "late", "text"),
    [
        (D(2026, 5, 1), D(2026, 5, 1), False, "Given 1 May 2026"),
        (D(2026, 4, 28), D(2026, 5, 1), False, "Given 28 April 2026"),
        (D(2026, 5, 9), D(2026, 5, 1), True, "Given 9 May 2026, after the first invitation (1 May 2026)"),
        (D(2026, 5, 9), None, False, "Given 9 May 2026"),
        (None, D(2026, 5, 1), False, "Not recorded"),
    ],
)
def test_a_statement_given_after_the_first_invitation_is_late(statement, first_invited, late, text):
    status = involvement_status(
        statement_on=statement,
        invitations=[("awaiting", "not_yet")] if first_invited else [],
        draft_shared_on=None,
        draft_commented="",
        first_invited_on=first_invited,
    )
    assert (status.statement_late, status.statement) == (late, text)


@pytest.mark.parametrize(
    ("blocks", "invitation", "draft"),
    [
        ({}, None, None),
        ({"family_contact": ("Trial",)}, None, None),
        (
            {"practitioner_event": ("Trial", "Inquest")},
            "Practitioner events and interviews are blocked by a parallel process: Trial; Inquest",
            None,
        ),
        (
            {"draft_sharing": ("Trial",)},
            None,
            "Sharing the draft report is blocked by a parallel process: Trial",
        ),
        ({"practitioner_event": ()}, None, None),
    ],
)
def test_constraints_refuse_invitations_and_sharing_the_draft(blocks, invitation, draft):
    assert rules.invitation_refusal(blocks) == invitation
    assert rules.draft_refusal(blocks) == draft
