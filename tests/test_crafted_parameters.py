"""Security finding 3, across every app: a crafted page cursor, page number, filter or id in a URL never
gives a 500. Each answer is the first page with a message, a 400 with the form's error, or "Page not found".

The views that read the query string (grep request.GET): chronology:merged (after=, filters), home and
business_unit_dashboard (page=, partnership=, stage=), audit:case_access (before=, event_type=),
organisations:platform_accounts (page=, q=), working_days:bank_holidays (year=, clamped to 2015-2035).
Every page= is read by core.paging.page_or_first. Ids in paths use Django's int converter; Django 5
answers an out-of-range id with no match (404), which test_out_of_range_ids_in_paths_are_not_found pins.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.core.paging import BAD_PAGE_MESSAGE

from .fixtures import sign_in

CRAFTED_NUMBERS = [
    "99999999999999999999",  # 20 digits: beyond SQLite's 64-bit INTEGER
    str(2**63),
    str(10**30),
    "9" * 5000,  # beyond Python's int-from-string digit limit
    "-1",
    "0",
    "١٢",  # Arabic-Indic digits (str.isdigit() is True for them)
    "1e3",
    "",
    " 1",
    "1\x00",
    "\x00",
    "x",
]


def _assert_no_server_error(client, url, params):
    client.raise_request_exception = True  # an exception fails the test with its traceback
    response = client.get(url, params)
    assert response.status_code in (200, 400, 404), (url, params, response.status_code)
    return response


@pytest.mark.parametrize("value", CRAFTED_NUMBERS)
def test_case_lists_and_dashboard(world, client, value):
    sign_in(client, world.people["business_manager"])
    _assert_no_server_error(client, reverse("home"), {"page": value})
    for name in ("page", "partnership", "stage"):
        _assert_no_server_error(client, reverse("business_unit_dashboard"), {name: value})


@pytest.mark.parametrize("value", CRAFTED_NUMBERS)
def test_chronology_filters_and_cursor(world, client, value):
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:merged", args=[world.case.pk])
    for name in ("after", "agency", "date_from", "date_to", "event_type", "key_only"):
        _assert_no_server_error(client, url, {name: value})
    _assert_no_server_error(client, url, {"after": f"20250101.0.000000.{value}.1.1", "duplicates_only": "on"})


@pytest.mark.parametrize("value", CRAFTED_NUMBERS)
def test_audit_page_cursor(world, client, value):
    sign_in(client, world.people["business_manager"])
    url = reverse("audit:case_access", args=[world.case.pk])
    response = _assert_no_server_error(client, url, {"before": value})
    if value not in ("", " 1", "١٢"):  # those read as "no cursor", 1 and 12
        assert response.status_code == 400 and "The page link is not valid" in response.content.decode()
    _assert_no_server_error(client, url, {"event_type": value})


def test_audit_page_cursor_bounds(world, client):
    sign_in(client, world.people["business_manager"])
    url = reverse("audit:case_access", args=[world.case.pk])
    assert client.get(url, {"before": str(2**63 - 1)}).status_code == 200
    assert client.get(url, {"before": str(2**63)}).status_code == 400


@pytest.mark.parametrize("value", CRAFTED_NUMBERS)
def test_platform_pages(world, client, value):
    sign_in(client, world.people["platform_admin"])
    _assert_no_server_error(client, reverse("organisations:platform_accounts"), {"page": value, "q": value})
    _assert_no_server_error(client, reverse("working_days:bank_holidays"), {"year": value})


@pytest.mark.parametrize(
    ("path", "persona"),
    [
        ("/cases/{case}/clocks/{big}/delay-reason/", "business_unit_officer"),
        ("/cases/{case}/rapid-review/meetings/{big}/", "business_unit_officer"),
        ("/cases/{case}/agency-requests/{big}/", "business_unit_officer"),
        ("/cases/{case}/subjects/{big}/edit/", "business_unit_officer"),
        ("/cases/{case}/practitioners/{big}/edit/", "business_unit_officer"),
        ("/cases/{case}/practitioners/{big}/remove/", "business_unit_officer"),
        ("/cases/{case}/practitioners/{big}/involvement/", "business_unit_officer"),
        ("/cases/{case}/practitioners/{big}/involvement/invitations/{big}/", "business_unit_officer"),
        ("/cases/{case}/family/{big}/", "business_unit_officer"),
        ("/cases/{case}/family/{big}/approach/", "business_unit_officer"),
        ("/cases/{case}/family/{big}/letter/download/", "business_unit_officer"),
        ("/cases/{case}/notification/children/{big}/", "business_unit_officer"),
        ("/cases/{case}/rapid-review/report/{big}/docx/", "business_unit_officer"),
        ("/partnerships/platform/accounts/{big}/deactivate/", "platform_admin"),
    ],
)
def test_out_of_range_ids_in_paths_are_not_found(world, client, path, persona):
    sign_in(client, world.people[persona])
    for big in ("99999999999999999999", str(2**63), str(10**30)):
        url = path.format(case=world.case.pk, big=big)
        client.raise_request_exception = True
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "value", ["x", "0", "-1", "2", "1.5", "99999999999999999999", "9" * 5000, "1\x00", "١٢"]
)
def test_an_unreadable_page_number_shows_the_first_page_with_a_message(world, client, value):
    """core.paging.page_or_first: every paged list answers the first page and says why (one case: page 2
    does not exist either)."""
    pages = [
        ("business_manager", reverse("home")),
        ("business_manager", reverse("business_unit_dashboard")),
        ("platform_admin", reverse("organisations:platform_accounts")),
    ]
    for persona, url in pages:
        sign_in(client, world.people[persona])
        response = client.get(url, {"page": value})
        assert response.status_code == 200, url
        assert response.context["page"].number == 1
        assert BAD_PAGE_MESSAGE in response.content.decode(), url
        readable = client.get(url, {"page": "1"})
        assert readable.context["page"].number == 1 and BAD_PAGE_MESSAGE not in readable.content.decode()
