"""The data migration: answers kept after a timeout (the old accounts.SavedDraft) become drafts; where the
person also has a typed draft of the same page, the later one is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding_reviews.drafts.models import Draft
from safeguarding_reviews.drafts.tests.steps import TYPED


@pytest.mark.django_db(transaction=True)
def test_saved_drafts_become_drafts(world):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("accounts", "0001_initial"), ("drafts", "0001_initial")]
    officer = world.people["business_unit_officer"]
    edit_url = reverse("cases:edit", args=[world.case.pk])
    early = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        saved_draft = apps.get_model("accounts", "SavedDraft")
        typed_draft = apps.get_model("drafts", "TypedDraft")
        kept = saved_draft.objects.create(
            user_id=officer.pk, path=edit_url, data={"version": ["3"], "summary": [TYPED]}
        )
        saved_draft.objects.filter(pk=kept.pk).update(saved_at=early)
        # The same page typed later as well: the later typing wins over the older answers.
        older = saved_draft.objects.create(user_id=officer.pk, path="/later/", data={"x": ["old"]})
        saved_draft.objects.filter(pk=older.pk).update(saved_at=early)
        typed_draft.objects.create(
            user_id=officer.pk,
            path="/later/",
            form_key="",
            data={"x": ["new"]},
            saved_at=early + dt.timedelta(hours=1),
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(
        Draft.objects.order_by("path").values_list(
            "user_id", "path", "form_key", "data", "base_version", "saved_at"
        )
    )
    assert rows == [
        (officer.pk, edit_url, "cases:edit", {"version": ["3"], "summary": [TYPED]}, 3, early),
        (officer.pk, "/later/", "", {"x": ["new"]}, None, early + dt.timedelta(hours=1)),
    ]
