"""The sign-off page shows the clock it answers to (the rapid review's), in words, and names the report by
its version and date rather than its checksum; one partner to sign for is said, not offered as a choice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def test_the_sign_off_page_shows_the_rapid_review_clock_and_the_report_version(ready, client):
    world, outcome, report = ready
    officer = world.people["business_unit_officer"]
    with transaction.atomic():
        for event in (MilestoneEvent.LA_BECAME_AWARE, MilestoneEvent.NOTIFICATION_SENT):
            milestone_record(actor=officer, case=world.case, event=event, occurred_on=dt.date(2026, 3, 2))
    sign_in(client, world.people["delegate_icb"])
    body = client.get(reverse("signoffs:overview", args=[world.case.pk])).content.decode()
    banner = body.split('aria-labelledby="next-deadline-title"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Rapid review sent to the Panel" in banner and "working days after" in banner
    assert "Tell the local safeguarding partners" not in banner  # another step's clock
    assert "report version 1, made 16 March 2026" in body
    assert f"<code>{report.sha256[:12]}" not in body  # the checksum only travels in the form's hidden field
    # One partner to sign for: said in words, the value travels hidden.
    assert 'id="signing-for">' in body
    assert 'type="radio" value="icb"' not in body and 'name="partner" value="icb"' in body
