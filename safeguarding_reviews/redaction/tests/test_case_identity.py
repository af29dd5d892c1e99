"""identity_for_case: the case's protected identifiers and safe terms in the JSON structure of issue 15
item 3, from the case's people, the family members added for the review and the practitioners; read without
an audit event (the caller records the identity read)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.families.services import member_add
from safeguarding_reviews.notifications.models import Notification
from safeguarding_reviews.practitioners.services import practitioner_add, practitioner_remove
from safeguarding_reviews.redaction.case_identity import identity_for_case, identity_read_ids
from safeguarding_reviews.redaction.engine import identity_from_json
from safeguarding_reviews.subjects.services import subject_add

pytestmark = pytest.mark.django_db

CHILD = {
    "first_names": "Jayden Lee",
    "last_name": "Synthname",
    "known_as": ["Jay", "JJ"],
    "initials": ["JS"],
    "date_of_birth": dt.date(2019, 3, 11),
    "address_line_1": "14 Synthetic Avenue",
    "town": "Northbridge",
    "postcode": "nb1 2ab",
    "nhs_number": "9434765919",
    "schools": ["St Synthetic's Church of England Primary School", "Oakfield Synthetic Nursery"],
    "school_short_names": ["St Synthetic's"],
}


def _subject(world, kind, details, identity):
    return subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind=kind,
        details=details,
        identity=identity,
    )


def _populate(world):
    officer = world.people["business_unit_officer"]
    _subject(world, "child", {"sex": "male", "age_years": 7}, CHILD)
    _subject(
        world,
        "household_member",
        {"relationship": "mother"},
        {
            "first_names": "Amy",
            "last_name": "Synthname",
            # The same home, written with other spacing and case: listed once.
            "address_line_1": "14 synthetic  avenue",
            "town": "NORTHBRIDGE",
            "postcode": "NB1 2AB",
        },
    )
    _subject(
        world, "child", {"sex": "female", "age_years": 2}, {"first_names": "Mia", "last_name": "Synthname"}
    )
    member_add(
        actor=officer,
        case=world.case,
        relationship="maternal grandparent",
        identity={
            "first_names": "Rose",
            "last_name": "Synthgran",
            "known_as": ["Nanna Rose"],
            "initials": ["R.S."],
            "address_line_1": "9 Make-Believe Close",
            "town": "Testtown",
        },
    )
    kept = practitioner_add(
        actor=officer,
        case=world.case,
        agency_id=world.agency.pk,
        role="Health visitor",
        first_names="Ade",
        last_name="Synthvisitor",
    )
    gone = practitioner_add(
        actor=officer, case=world.case, agency_id=world.agency.pk, role="Midwife", last_name="Synthmidwife"
    )
    practitioner_remove(
        actor=officer, case=world.case, practitioner=gone, expected_version=1, reason="In error"
    )
    Case.objects.filter(pk=world.case.pk).update(incident_date=dt.date(2026, 11, 20))
    world.case.refresh_from_db()
    return kept


def test_the_structure_from_the_case(world):
    _populate(world)
    before = AuditEvent.objects.count()
    identity = identity_for_case(world.case)
    assert AuditEvent.objects.count() == before  # no audit event: the caller records the identity read
    assert identity["pseudonym"] == "Child Q"
    assert identity["people"] == [
        {
            "role": "Child Q",
            "first_names": "Jayden Lee",
            "last_name": "Synthname",
            "known_as": ["Jay", "JJ"],
            "initials": ["JS"],
            "date_of_birth": "2019-03-11",
            "nhs_number": "9434765919",
        },
        {
            "role": "Child A",
            "first_names": "Mia",
            "last_name": "Synthname",
            "known_as": [],
            "initials": [],
            "date_of_birth": None,
            "nhs_number": None,
        },
        {
            "role": "Mother of Child Q",
            "first_names": "Amy",
            "last_name": "Synthname",
            "known_as": [],
            "initials": [],
            "date_of_birth": None,
            "nhs_number": None,
        },
        {
            "role": "Maternal grandparent",
            "first_names": "Rose",
            "last_name": "Synthgran",
            "known_as": ["Nanna Rose"],
            "initials": ["R.S."],
            "date_of_birth": None,
            "nhs_number": None,
        },
        {
            "role": "Health visitor",
            "first_names": "Ade",
            "last_name": "Synthvisitor",
            "known_as": [],
            "initials": [],
            "date_of_birth": None,
            "nhs_number": None,
        },
        # Removed from the register (recorded in error): still a name someone may have written.
        {
            "role": "Midwife",
            "first_names": "",
            "last_name": "Synthmidwife",
            "known_as": [],
            "initials": [],
            "date_of_birth": None,
            "nhs_number": None,
        },
    ]
    assert identity["addresses"] == [
        {"line1": "14 Synthetic Avenue", "town": "Northbridge", "postcode": "NB1 2AB"},
        {"line1": "9 Make-Believe Close", "town": "Testtown", "postcode": ""},
    ]
    assert identity["schools"] == [
        "St Synthetic's Church of England Primary School",
        "Oakfield Synthetic Nursery",
        "St Synthetic's",
    ]
    assert identity["incident_date"] == "2026-11-20"
    assert identity["safe_terms"] == [
        "Alphashire Safeguarding Children Partnership",
        "Alphashire Test Hospital",
        world.people["independent_reviewer"].full_name,
        "Child A",
        "Mother of Child Q",
    ]


def test_the_engine_reads_it_as_the_command_reads_a_file(world):
    _populate(world)
    identity = identity_from_json(json.loads(json.dumps(identity_for_case(world.case))))
    assert identity.pseudonym == "Child Q" and identity.incident_date == dt.date(2026, 11, 20)
    assert identity.people[0].known_as == ("Jay", "JJ") and identity.people[0].initials == ("JS",)
    assert identity.people[0].date_of_birth == dt.date(2019, 3, 11)
    assert identity.addresses[0].postcode == "NB1 2AB"
    assert "St Synthetic's" in identity.schools
    assert "Alphashire Test Hospital" in identity.safe_terms


def test_a_case_with_nobody_recorded(world):
    assert identity_for_case(world.case) == {
        "pseudonym": "Child Q",
        "people": [],
        "addresses": [],
        "schools": [],
        "incident_date": None,
        "safe_terms": [
            "Alphashire Safeguarding Children Partnership",
            "Alphashire Test Hospital",
            world.people["independent_reviewer"].full_name,
        ],
    }


def test_the_incident_date_falls_back_to_the_notification(world):
    Case.objects.filter(pk=world.case.pk).update(incident_date=None)
    world.case.refresh_from_db()
    officer = world.people["business_unit_officer"]
    now = clock.now()
    Notification.objects.create(
        case=world.case,
        incident_date=dt.date(2026, 10, 1),
        created_by=officer,
        created_at=now,
        updated_by=officer,
        updated_at=now,
    )
    assert identity_for_case(world.case)["incident_date"] == "2026-10-01"


def test_a_fixed_number_of_queries_however_many_people(world):
    _subject(world, "child", {"sex": "male", "age_years": 7}, CHILD)
    Case.objects.filter(pk=world.case.pk).update(incident_date=dt.date(2026, 11, 20))
    world.case.refresh_from_db()
    with CaptureQueriesContext(connection) as small:
        identity_for_case(world.case)
    _populate(world)
    world.case.refresh_from_db()
    with CaptureQueriesContext(connection) as large:
        identity_for_case(world.case)
    assert len(small) == len(large) <= 9


def test_the_ids_the_caller_records(world):
    kept = _populate(world)
    ids = identity_read_ids(world.case)
    assert len(ids["subject_ids"]) == 3 and len(ids["family_member_ids"]) == 1
    assert kept.pk in ids["practitioner_ids"] and len(ids["practitioner_ids"]) == 2
