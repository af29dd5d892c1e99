"""Finding your way (issue 18, items 2 and 9): breadcrumbs on case pages, back links on form pages, the
glossary, and the important banner on a step's own page showing that step's clock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.cases.wayfinding import back_for, is_section_start, section_for
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("namespace", "url_name", "label", "start"),
    [
        ("clocks", "case_clocks", "Clocks and deadlines", True),
        ("clocks", "pause_request", "Clocks and deadlines", False),
        ("chronology", "add", "Merged chronology", False),
        ("cases", "members", "People on this case", True),
        ("rapid_review", "family_told", "The family told of the review", True),
        ("cases", "detail", None, False),
    ],
)
def test_section_for(namespace, url_name, label, start):
    section = section_for(namespace, url_name)
    assert (section.label if section else None) == label
    assert is_section_start(namespace, url_name) is start


@pytest.mark.parametrize(
    ("namespace", "url_name", "has_form", "expected"),
    [
        ("chronology", "add", True, ("chronology:merged", "Back to merged chronology")),
        ("subjects", "subject_add", True, ("subjects:case_subjects", "Back to children and household")),
        ("cases", "edit", True, ("cases:detail", "Back to the case")),
        ("chronology", "merged", True, None),  # a section's first page has breadcrumbs
        ("chronology", "entry_history", False, None),  # not a form
        ("chronology", "map_columns", True, None),  # its own back link
        ("rapid_review", "return_edit", True, None),  # the agency return pages keep their own
        ("rapid_review", "request_chronology", False, ("rapid_review:request", "Back to your request")),
    ],
)
def test_back_for(namespace, url_name, has_form, expected):
    assert back_for(namespace, url_name, has_form=has_form) == expected


def _crumbs(body: str) -> str:
    return body.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]


def test_breadcrumbs_on_the_case_page_and_a_section_page(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    case = world.case
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    crumbs = _crumbs(body)
    assert world.partnership.name in crumbs and f'aria-current="page">{case.reference}' in crumbs
    body = client.get(reverse("clocks:case_clocks", args=[case.pk])).content.decode()
    crumbs = _crumbs(body)
    assert f'href="{reverse("cases:detail", args=[case.pk])}">{case.reference}</a>' in crumbs
    assert 'aria-current="page">Clocks and deadlines' in crumbs


def test_a_form_page_has_a_back_link(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    body = client.get(reverse("cases:edit", args=[world.case.pk])).content.decode()
    assert (
        f'<a class="govuk-back-link" href="{reverse("cases:detail", args=[world.case.pk])}">Back to the case'
        in body
    )


def test_no_case_link_for_someone_who_may_not_open_the_case(world, as_user):
    """The tag never links a case the person cannot open (the agency author's position)."""
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = UserFactory.create()  # no role anywhere, named on nothing
    request.resolver_match = type("M", (), {"namespace": "clocks", "url_name": "case_clocks", "kwargs": {}})()
    html = Template("{% load wayfinding %}{% case_breadcrumbs %}").render(
        Context({"request": request, "case": world.case})
    )
    assert "Breadcrumb" not in html


def test_the_glossary_is_for_signed_in_people(world, as_user, client):
    assert client.get(reverse("glossary")).status_code == 302
    body = as_user(world.people["agency_representative"]).get(reverse("glossary")).content.decode()
    for words in ("Words used in this service", 'id="lcspr"', 'id="lcpc"', 'id="reg-11"', 'id="cspr"'):
        assert words in body
    assert world.case.reference not in body


@time_machine.travel(TODAY, tick=False)
def test_the_screening_decision_page_shows_the_notification_clock(world, as_user):
    officer = world.people["business_unit_officer"]
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING)
    with transaction.atomic():
        milestone_record(
            actor=officer,
            case=world.case,
            event=MilestoneEvent.LA_BECAME_AWARE,
            occurred_on=dt.date(2026, 11, 30),
        )
    body = as_user(world.people["delegate_local_authority"]).get(
        reverse("screening:decide", args=[world.case.pk])
    )
    text = body.content.decode()
    banner = text.split('aria-labelledby="next-deadline-title"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Notify the Panel (serious incident notification) due 7 December 2026" in banner
    assert "due in 3 working days" in banner
