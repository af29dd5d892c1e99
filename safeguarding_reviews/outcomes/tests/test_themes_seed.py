"""The practice-theme vocabulary is reference data: it comes back after a flush (outcomes/seed.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from safeguarding_reviews.outcomes.models import PracticeTheme
from safeguarding_reviews.outcomes.themes import THEMES, VOCABULARY_VERSION


@pytest.mark.django_db(transaction=True)
def test_the_practice_themes_come_back_after_a_flush():
    # A transactional test (a browser journey, a migration test) flushes the database; the next test on the
    # same worker (the demo's seeding, a recommendation's themes) must still find the vocabulary.
    call_command("flush", interactive=False, verbosity=0)
    themes = PracticeTheme.objects.filter(vocabulary_version=VOCABULARY_VERSION, is_active=True)
    assert sorted(themes.values_list("code", flat=True)) == sorted(code for code, _ in THEMES)
