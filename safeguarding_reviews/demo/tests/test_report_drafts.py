"""The demo's Child V has two drafts of the report with comments, the reviewer's responses and an open
factual-accuracy check; the pages load for the people who use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.demo.panel import LCSPR_CASE
from safeguarding_reviews.demo.partnership import seed_demo
from safeguarding_reviews.report_drafts.models import DraftComment, FactualAccuracyRequest, ReportDraft
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def test_child_v_has_drafts_with_comments_and_responses(client):
    seed_demo()
    case = Case.objects.get(pseudonym=LCSPR_CASE)
    drafts = list(ReportDraft.objects.filter(case=case).order_by("version"))
    assert [d.version for d in drafts] == [1, 2]
    assert all(len(d.sha256) == 64 and d.document.detected_type == "docx" for d in drafts)
    first = DraftComment.objects.filter(draft=drafts[0])
    assert first.count() >= 2 and not first.filter(response="awaiting").exists()
    assert first.filter(response="not_accepted").exclude(response_reason="").exists()
    assert DraftComment.objects.filter(draft=drafts[1], response="awaiting").exists()
    assert FactualAccuracyRequest.objects.filter(draft=drafts[1], status="open").exists()
    sign_in(client, User.objects.get(email="reviewer@demo.example"))
    text = client.get(reverse("report_drafts:drafts", args=[case.pk])).content.decode()
    assert drafts[1].sha256 in text and "Upload a new version" in text
    text = client.get(reverse("report_drafts:version", args=[case.pk, 1])).content.decode()
    assert "Not accepted" in text and "Respond" not in text.split("Comments")[0]
    sign_in(client, User.objects.get(email="lcpc.member@demo.example"))
    text = client.get(reverse("report_drafts:version", args=[case.pk, 2])).content.decode()
    assert "Add a comment" in text


def test_seeding_again_adds_no_drafts():
    seed_demo()
    count = ReportDraft.objects.count()
    seed_demo()
    assert ReportDraft.objects.count() == count
