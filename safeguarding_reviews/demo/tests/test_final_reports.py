"""Child V's final report record in the demo: in preparation, with findings and one recommendation, shown to
the business unit and linked from the local review's task list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.demo.panel import LCSPR_CASE
from safeguarding_reviews.demo.partnership import seed_demo
from safeguarding_reviews.final_reports.models import FinalReport
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def test_child_v_has_a_final_report_in_preparation(client):
    seed_demo()
    case = Case.objects.get(pseudonym=LCSPR_CASE)
    report = FinalReport.objects.get(case=case)
    assert report.status == "in_preparation"
    assert report.findings.count() == 2 and report.recommendations.count() == 1
    sign_in(client, User.objects.get(email="bu.officer@demo.example"))
    text = client.get(reverse("final_reports:record", args=[case.pk])).content.decode()
    assert "no strategy discussion was held after the second injury" in text
    assert "All the safeguarding partners, collectively" in text
    task_list = client.get(reverse("local_reviews:task_list", args=[case.pk])).content.decode()
    assert "2 findings, 1 recommendation" in task_list
    seed_demo()  # seeding again changes nothing
    assert FinalReport.objects.filter(case=case).count() == 1
