"""UX's browser journey (issue 18): usable under pressure. Each item's journeys live in a usability_*.py
module, imported here so that this file runs them (axe on each page):

- usability_idle: an author types without pausing past the idle limit and is not signed out; an author who
  leaves the page open is signed out and finds the draft after signing in again;
- usability_returns: the return's check page links each error to its field; a withdrawal asks for
  confirmation and the reason; author fields appear under a ticked agency;
- usability_dates: the criteria checklist (questions, reasons, errors naming the question); dates read as
  people type them, with errors naming the field;
- usability_wayfinding: breadcrumbs and back links, the glossary, and the dashboard, Your cases, the case page
  and the merged chronology no wider than the viewport at 390 px and at 320 px (1280 px at 400% zoom).
"""

from __future__ import annotations

import pytest

from .usability_dates import (
    test_case_details_dates_read_what_people_type,
    test_criteria_checklist_questions_reasons_and_errors,
)
from .usability_idle import (
    test_an_author_typing_past_the_idle_limit_stays_signed_in,
    test_an_author_who_leaves_is_signed_out_and_finds_the_draft,
)
from .usability_returns import (
    test_author_fields_appear_under_a_ticked_agency,
    test_return_check_page_links_each_error_to_its_field,
    test_withdrawal_asks_for_confirmation_and_the_reason,
)
from .usability_wayfinding import (
    test_breadcrumbs_and_back_links,
    test_the_busiest_pages_fit_the_screen,
    test_the_glossary,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = [
    "test_breadcrumbs_and_back_links",
    "test_the_busiest_pages_fit_the_screen",
    "test_the_glossary",
    "test_an_author_typing_past_the_idle_limit_stays_signed_in",
    "test_an_author_who_leaves_is_signed_out_and_finds_the_draft",
    "test_author_fields_appear_under_a_ticked_agency",
    "test_case_details_dates_read_what_people_type",
    "test_criteria_checklist_questions_reasons_and_errors",
    "test_return_check_page_links_each_error_to_its_field",
    "test_withdrawal_asks_for_confirmation_and_the_reason",
]
