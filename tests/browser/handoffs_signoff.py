"""Issue 11 item 5 in a real browser (the lead merges it into test_handoffs_journey.py): one partner
disagrees, the business manager records how the disagreement was resolved, the sign-off record (PDF) is
generated and reads back, an open Chair's challenge is confirmed on the Panel page, and the report is sent
with the record. axe runs on each new or changed page: the sign-off page with a disagreement, the resolution
form (empty and with its errors), the sign-off page with the record, the Panel page with its warning.

Set-up the journey is not about goes through services (tests.outcome_data.complete_outcome, report_generate,
the Chair's challenge). The clock is fixed with time-machine (tick=True, shared with the live server).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.panel.models import PanelSubmission
from safeguarding_reviews.reports.services import report_generate
from safeguarding_reviews.signoffs.models import SignOff, SignOffRecord
from safeguarding_reviews.signoffs.services import challenge_raise
from safeguarding_reviews.signoffs.tests.helpers import report_to_sign
from tests.fixtures import tool_missing
from tests.outcome_data import complete_outcome

from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)  # a Monday
DISSENT = "Synthetic: the police consider that criterion (b) is not met."
RESOLUTION = (
    "Synthetic: the partners met on 16 March; the police accept the decision and their view is noted."
)


def _banner(page):
    return page.locator(".govuk-notification-banner--success")


def _path(name: str, case: Case, **kwargs) -> str:
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


def _sign(page, partner: str, *, agrees: bool = True, comments: str = "") -> None:
    page.reload()
    expect(page.locator(f"#signoff-{partner}")).to_contain_text("Waiting")
    page.get_by_label("Yes, we agree" if agrees else "No, we disagree").check()
    if comments:
        page.get_by_label("Comments").fill(comments)
    page.get_by_role("button", name="Record sign-off").click()
    expect(_banner(page)).to_contain_text("Your sign-off has been recorded")
    expect(page.locator(f"#signoff-{partner}")).to_contain_text("Agreed" if agrees else "Disagreed")


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        tool_missing("pdftotext not found: apt-get install poppler-utils to read the PDF back")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_a_disagreement_resolved_then_the_report_and_its_signoff_record_sent(world, page_for):
    people = world.people
    case = world.case
    with time_machine.travel(NOW, tick=True):
        complete_outcome(world)  # written by the business unit officer
        report = report_generate(actor=people["business_unit_officer"], case=case)
        signoff_path = _path("signoffs:overview", case)

        # The local authority and the ICB agree; the police disagree.
        for partner, agrees in (("local_authority", True), ("icb", True), ("police", False)):
            page = page_for(people[f"delegate_{partner}"], signoff_path)
            _sign(page, partner, agrees=agrees, comments="" if agrees else DISSENT)
        expect(page.locator("#dissent-police")).to_contain_text("No resolution recorded")
        expect(page.get_by_role("link", name="Record the resolution")).to_have_count(0)  # a delegate
        axe_check(page, context="sign-off page with a disagreement")
        first = SignOffRecord.objects.get()  # after the third sign-off, on the task worker
        assert first.report_id == report.pk

        # The business unit cannot send it yet.
        bu = page_for(people["business_unit_officer"], _path("panel:submission", case))
        expect(
            bu.get_by_text("A partner disagrees and the business manager has not recorded")
        ).to_be_visible()

        # The business manager records the resolution.
        mail.outbox.clear()
        bm = page_for(people["business_manager"], signoff_path)
        bm.get_by_role("link", name="Record the resolution").click()
        dissent = SignOff.objects.get(case=case, partner="police", superseded_at__isnull=True)
        bm.wait_for_url(f"**{_path('signoffs:resolve', case, signoff_id=dissent.pk)}")
        expect(bm.get_by_role("heading", level=1)).to_have_text("Record how the disagreement ended")
        expect(bm.get_by_text(DISSENT)).to_be_visible()
        axe_check(bm, context="resolution form")
        bm.get_by_role("button", name="Record the resolution").click()
        expect(bm.locator(".govuk-error-summary")).to_contain_text(
            "Select whether the disagreement was resolved or stands"
        )
        axe_check(bm, context="resolution form with errors")
        bm.get_by_label("The disagreement was resolved", exact=True).check()
        bm.get_by_label("How it was resolved, or why it stands").fill(RESOLUTION)
        bm.get_by_role("button", name="Record the resolution").click()
        expect(_banner(bm)).to_contain_text("The resolution has been recorded")
        expect(bm.locator("#dissent-police")).to_contain_text("The disagreement was resolved")
        chair = people["independent_chair"]
        assert [m for m in mail.outbox if chair.email in m.to]

        # The record is generated again, with the resolution, and reads back.
        assert SignOffRecord.objects.count() == 2
        bm.reload()
        axe_check(bm, context="sign-off page with the sign-off record")  # before a click focuses the link
        with bm.expect_download() as info:
            bm.get_by_role("link", name="sign-off record (PDF)").click()
        text = " ".join(_pdf_text(info.value.path()).split())
        for expected in (
            "Sign-off record: Child Q",
            "Safeguarding partner delegate: police",
            "Position: Disagrees",
            " ".join(DISSENT.split()),
            " ".join(RESOLUTION.split()),
        ):
            assert expected in text, expected
        for persona in ("delegate_local_authority", "delegate_icb", "delegate_police", "business_manager"):
            assert people[persona].full_name not in text

        # The Chair's open challenge: the Panel page warns and asks to confirm.
        challenge_raise(actor=chair, case=case, text="Synthetic: was the school asked for a return?")
        bu.reload()
        expect(bu.locator(".govuk-warning-text")).to_contain_text("a challenge that has not been answered")
        axe_check(bu, context="Panel page with a warning")
        bu.get_by_label("Date the report was sent to the Panel").fill("16/03/2026")
        bu.get_by_role("button", name="Record sending to the Panel").click()
        expect(bu.locator(".govuk-error-summary")).to_contain_text("Confirm that you are sending")
        bu.get_by_label("I confirm the report is being sent").check()
        bu.get_by_role("button", name="Record sending to the Panel").click()
        expect(_banner(bu)).to_contain_text("Sending the report to the Panel has been recorded")
        submission = PanelSubmission.objects.get(case=case)
        assert submission.signoff_record == SignOffRecord.objects.order_by("-pk").first()
        expect(bu.get_by_text("The sign-off record sent with it")).to_be_visible()
        axe_check(bu, context="Panel page after sending")
        case.refresh_from_db()
        assert case.stage == Stage.LCSPR  # the partners decided on an LCSPR: the case moves on to it


def _broken_pdf(*args, **kwargs):
    raise RuntimeError("synthetic rendering failure")


def test_a_failed_signoff_record_is_generated_again(world, page_for, live_server):
    """The record's generation fails on the worker: the sign-off page says so (not "being generated"
    forever), the business unit generates it again, and the record's own status page reads it back."""
    from unittest import mock

    from safeguarding_reviews.signoffs import services as signoff_services

    people = world.people
    case = world.case
    with time_machine.travel(NOW, tick=True):
        complete_outcome(world)
        report_generate(actor=people["business_unit_officer"], case=case)
        with mock.patch.object(signoff_services, "render_pdf", _broken_pdf):
            for partner in ("local_authority", "icb", "police"):
                outcome = case.rapid_review_outcome
                outcome.refresh_from_db()
                signoff_services.signoff_record(
                    actor=people[f"delegate_{partner}"],
                    case=case,
                    partner=partner,
                    agrees=True,
                    comments="",
                    expected_version=outcome.version,
                    report_sha256=report_to_sign(outcome).sha256,
                )
        assert not SignOffRecord.objects.exists()

        bu = page_for(people["business_unit_officer"], _path("signoffs:overview", case))
        expect(bu.locator("#record-status")).to_contain_text("could not be generated")
        axe_check(bu, context="sign-off page with a failed record")
        bu.get_by_role("button", name="Generate again").click()
        expect(_banner(bu)).to_contain_text("The sign-off record is being generated again")
        expect(bu.get_by_role("link", name="sign-off record (PDF)")).to_be_visible()
        assert SignOffRecord.objects.count() == 1

        # The record's status page (what the sign-off page's script polls; a page of its own without scripts).
        bu.goto(live_server.url + _path("signoffs:record_status", case))
        expect(bu.get_by_role("link", name="sign-off record (PDF)")).to_be_visible()
        axe_check(bu, context="sign-off record status page")

        # A delegate sees the failure's sentence but no button (only the business unit generates it again).
        delegate = page_for(people["delegate_police"], _path("signoffs:record_status", case))
        expect(delegate.get_by_role("button", name="Generate again")).to_have_count(0)
