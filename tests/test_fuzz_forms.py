"""Fuzz every form (security issue SEC, item 6; docs/security.md, "Finding 6: fuzzing every form").

Every URL that accepts POST is posted generated values, as a persona the authorization matrix (docs/roles.md,
tests/test_authorization_matrix.py) lets use it, at least `REQUESTS` times in all, with Django's test client.

Where the fields come from. The matrix world (`matrix_world`: every app's tests/matrix.py builds the objects
its URLs need; `_add_rows` adds a few rows more) is built once. Every page that answers GET is read as
personas allowed to see it, and every POST form on it is parsed with html.parser (tests/form_fields.py),
keyed by the path it posts to; a target's fields are the union of the forms that post to it. A few POST-only
URLs whose form no page of the world shows take their fields from the Django form class (`FORM_CLASSES`).
URLs whose argument picks the form (outcome and referral sections, child or household member) are fuzzed
once per value (`_variants`). Values (tests/fuzz_values.py) mix the page's own values (so a request can get
past the first field to the service) with hostile ones: 100,000-character strings, NUL and other control
characters, lone combining marks, RTL overrides, zero-width and non-BMP characters, 10**30, -1, 2**63,
impossible dates and times, wrong types for choices, missing fields, the same field two or three times, and
garbage, empty and absurdly named uploads.

What each request must do.
- Never a 5xx, and never an exception out of the view (the client re-raises it): the failure names the URL,
  the persona and the payload (truncated repr), after Hypothesis has shrunk it.
- If the answer is an error (a 4xx, or a 200 that re-renders a GOV.UK error summary), the database holds
  exactly what it held before, apart from `EXCLUDED_TABLES`.

How "no change" is checked, and why it is fast. Each request runs in a savepoint that is rolled back after it
whatever the answer, so every request meets the same world and a successful post (a redirect) cannot change
what the next one meets: nothing is ever rebuilt. Because of that, the contents of every table read once at
the start are also the contents before every request. tests/db_changes.py watches the SQL the connection
runs: an erroring request that wrote to no table (the usual case) costs no extra query; one that wrote to a
table has that table re-read and compared row by row with the start. That catches any kept write (an insert,
a delete, an update of a column other than `version`), which a row count, max(pk) and version checksum would
miss, and it does not count a write the request undid itself (an atomic block rolled back on a
ValidationError).

Run it: `.venv/bin/python -m pytest -q tests/test_fuzz_forms.py`, and on PostgreSQL with DATABASE_URL set.
It prints the number of requests, of URLs, and the wall time. Hypothesis is seeded per database and URL, so a
run is repeatable. `make test` sets FUZZ_SUITE_DATABASES=2 when it runs both databases (REQUESTS, below).
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import time
import traceback
import zlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings

from .db_changes import TableContents, WriteWatcher, all_tables
from .fixtures import sign_in
from .form_fields import CHOICE, FILE, MULTI, TEXT, Form, post_forms
from .fuzz_values import Payload, payloads
from .test_authorization_matrix import (  # noqa: F401 (matrix_world and what it is built from are fixtures)
    COLUMNS,
    MATRIX,
    _kwargs,
    _module_world,
    _module_world_today,
    _served_url_names,
    matrix_world,
)

REQUESTS = 10_000
# At least REQUESTS requests in all per suite run (issue 9, SEC item 6). `make test` runs the suite on SQLite
# and then on PostgreSQL and says so (FUZZ_SUITE_DATABASES=2): each database then sends its share, with
# payloads of its own (the database is part of each URL's seed), so the suite run sends REQUESTS different
# requests across the two instead of the same ones twice, in half the time. Run on one database alone
# (pytest, or `make test` where PostgreSQL is not reachable), that database sends them all.
SUITE_DATABASES = max(1, int(os.environ.get("FUZZ_SUITE_DATABASES", "1")))

# Tables an erroring request may still change, each for a reason:
EXCLUDED_TABLES = {
    # Refusals (403/404), failed sign-ins and reads are audited by design (docs/audit.md); an audit event is
    # the one write a refused request must make.
    "audit_auditevent",
    # The visitor's own session: SessionTimeoutMiddleware stamps the last activity on every request, and
    # allauth keeps its sign-in and reauthentication state there. It holds no case data.
    "django_session",
    # A wrong password (sign-in, reauthentication) is counted towards the account's lockout: django-axes keeps
    # the counts in the database so they hold across app processes and while Redis is down.
    "axes_accessattempt",
}

# POST-only URLs whose form no page of the matrix world shows (the case is past screening, the return has
# not been submitted, no report has been generated yet...): their fields come from the form class.
FORM_CLASSES = {
    "screening:decide": "safeguarding_reviews.screening.forms.DecisionForm",
    "rapid_review:return_review": "safeguarding_reviews.rapid_review.forms.ReviewForm",
    "panel:response": "safeguarding_reviews.panel.forms.ResponseForm",
    "signoffs:sign": "safeguarding_reviews.signoffs.forms.SignOffForm",
    "signoffs:challenge": "safeguarding_reviews.signoffs.forms.ChallengeForm",
    "account_reset_password_from_key": "safeguarding_reviews.accounts.forms.ResetPasswordKeyForm",
}

# Statuses that say the persona may use the URL (docs/roles.md: an empty POST answers 400 when the form was
# reached and refused, 302 when the action ran, 200 for the keep-alive); in this order of preference.
USABLE = (400, 200, 302)


# URLs whose every request is slow get a fixed number instead of their share (none today: report generation
# and the template's test render run on the task worker, finding 2, so their POSTs only enqueue).
FIXED_EXAMPLES: dict[str, int] = {}


@dataclass
class Target:
    key: str  # the URL name, or the name and the argument that picks the form: "outcomes:section[decision]"
    name: str
    url: str
    column: str
    form: Form


def _choose_column(name: str) -> str | None:
    row = MATRIX[(name, "POST")]
    for status in USABLE:
        for column in COLUMNS:
            # anon's 302 is the redirect to sign in, not an action that ran.
            if row[column] == status and not (column == "anon" and status == 302):
                return column
    return None


def _form_from_class(path: str, url: str) -> Form:
    from django import forms

    module, name = path.rsplit(".", 1)
    form_class = getattr(importlib.import_module(module), name)
    form = Form(action=url)
    for field_name, field in form_class.base_fields.items():
        choices = [str(value) for value, _ in getattr(field, "choices", [])]
        if isinstance(field, forms.FileField):
            form.add(field_name, FILE, None)
        elif isinstance(field, forms.MultipleChoiceField):
            for choice in choices or [""]:
                form.add(field_name, MULTI, choice)
        elif isinstance(field, forms.ChoiceField):
            for choice in choices or [""]:
                form.add(field_name, CHOICE, choice)
        elif isinstance(field, forms.BooleanField):
            form.add(field_name, MULTI, "on")
        else:
            form.add(field_name, TEXT, None)
    return form


def _mark_recently_authenticated(client: Client, user) -> None:
    # allauth asks for the password again before MFA set-up unless the session holds a recent
    # (re)authentication; force_login leaves none, so record one the way allauth does.
    from allauth.account.internal.flows.login import record_authentication

    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, method="password", reauthenticated=True)
    request.session.save()


def _clients(world) -> dict[str, Client]:
    clients = {}
    for column, persona in COLUMNS.items():
        client = Client(raise_request_exception=True)
        if persona is not None:
            sign_in(client, world.people[persona])
            _mark_recently_authenticated(client, world.people[persona])
        clients[column] = client
    return clients


def _variants() -> dict[str, dict[str, list[str]]]:
    """URL arguments that select a different form on the same URL pattern: every section and kind."""
    from safeguarding_reviews.outcomes.forms import SECTION_FORMS as OUTCOME_SECTIONS
    from safeguarding_reviews.referrals.forms import SECTION_FORMS as REFERRAL_SECTIONS
    from safeguarding_reviews.referrals.views import KINDS as REFERRAL_KINDS
    from safeguarding_reviews.subjects.views import KINDS as SUBJECT_KINDS

    return {
        "outcomes:section": {"section": list(OUTCOME_SECTIONS)},
        "referrals:section": {"section": list(REFERRAL_SECTIONS)},
        "referrals:person_add": {"kind": list(REFERRAL_KINDS)},
        "subjects:subject_add": {"kind": list(SUBJECT_KINDS)},
    }


def _urls(world) -> dict[str, tuple[str, str]]:
    """Every URL the world serves, by a key (the URL name, with the argument for a variant): (name, path)."""
    variants = _variants()
    urls = {}
    for name, params in _served_url_names().items():
        kwargs = _kwargs(world, name, params)
        urls[name] = (name, reverse(name, kwargs=kwargs))
        for param, values in variants.get(name, {}).items():
            for value in values:
                if value != kwargs[param]:
                    urls[f"{name}[{value}]"] = (name, reverse(name, kwargs={**kwargs, param: value}))
    return urls


def _targets(world, clients: dict[str, Client]) -> list[Target]:
    urls = _urls(world)
    # Every POST form on every page the world shows, as the personas who may see the page.
    forms_by_action: dict[str, Form] = {}
    for _, (name, url) in sorted(urls.items()):
        row = MATRIX[(name, "GET")]
        columns = [c for c in COLUMNS if row[c] == 200][:2]
        # and as the persona that will post to it (MFA set-up shows its form once the session holds a recent
        # authentication, which the matrix's personas do not have).
        poster = _choose_column(name)
        for column in columns + ([poster] if poster and poster not in columns else []):
            response = clients[column].get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in post_forms(response.content.decode(), url):
                forms_by_action.setdefault(form.action, Form(action=form.action)).merge(form)
    targets = []
    for key, (name, url) in sorted(urls.items()):
        chosen = _choose_column(name)
        if chosen is None:  # nobody may POST here (405 everywhere, a 404 allauth page, sign-up's 403)
            continue
        found = forms_by_action.get(url)
        if found is None and name in FORM_CLASSES:
            found = _form_from_class(FORM_CLASSES[name], url)
        targets.append(Target(key, name, url, chosen, found or Form(action=url)))
    return targets


def _examples(targets: list[Target]) -> dict[str, int]:
    """How many requests each URL gets: this database's share of REQUESTS (and 2% to spare) shared in
    proportion to one plus the number of fields, so a twelve-field form is posted far more often than a button
    with none."""
    budget = REQUESTS / SUITE_DATABASES * 1.02 - sum(FIXED_EXAMPLES.get(t.name, 0) for t in targets)
    weights = {t.key: 1 + len(t.form.fields) for t in targets if t.name not in FIXED_EXAMPLES}
    total = sum(weights.values())
    shares = {key: math.ceil(budget * weight / total) for key, weight in weights.items()}
    return {t.key: FIXED_EXAMPLES.get(t.name) or shares[t.key] for t in targets}


def _add_rows(world) -> None:
    """Rows the matrix world lacks whose own forms (remove, change a status) should be fuzzed too: an
    attendee and an action on the meeting; an immediate action, learning and evidence on the outcome."""
    import datetime as dt

    from safeguarding_reviews.chronology.services import chronology_entry_add
    from safeguarding_reviews.meetings import services as meetings
    from safeguarding_reviews.meetings.models import RapidReviewMeeting
    from safeguarding_reviews.outcomes import services as outcomes
    from safeguarding_reviews.outcomes.models import RapidReviewOutcome
    from tests.outcome_data import a_theme

    officer = world.people["business_unit_officer"]
    meeting = RapidReviewMeeting.objects.get(case=world.case)
    meetings.meeting_attendee_add(actor=officer, meeting=meeting, agency=world.agency, role="Named nurse")
    meetings.meeting_action_add(
        actor=officer,
        meeting=meeting,
        description="Synthetic action",
        owner_agency=world.agency,
        due_on=meeting.held_on + dt.timedelta(days=30),
    )
    entry = chronology_entry_add(
        actor=officer,
        case=world.case,
        agency=world.agency,
        date=dt.date(2025, 3, 5),
        event_type="contact",
        what_happened="Synthetic key episode.",
        is_key_episode=True,
    )
    outcome = RapidReviewOutcome.objects.get(case=world.case)
    outcome = outcomes.immediate_action_add(
        actor=officer,
        outcome=outcome,
        expected_version=outcome.version,
        description="Synthetic immediate action",
        owner_agency=world.agency,
        due_on=dt.date(2030, 1, 1),
    )
    outcome = outcomes.learning_point_add(
        actor=officer,
        outcome=outcome,
        expected_version=outcome.version,
        text="Synthetic learning",
        # a_theme(): a transactional test run earlier (browser journeys) may have flushed the seeded themes.
        theme_ids=[a_theme().pk],
    )
    outcomes.evidence_add(actor=officer, outcome=outcome, expected_version=outcome.version, entry_id=entry.pk)


def _post(client: Client, url: str, payload: Payload):
    if payload.urlencoded:
        body = urlencode([(k, v) for k, vs in payload.data.items() for v in vs])
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    return client.post(url, payload.data)


def _describe(target: Target, payload: Payload, what: str) -> str:
    shown = repr(payload)
    if len(shown) > 1500:
        shown = shown[:1500] + "…"
    return f"POST {target.url} ({target.key}) as {target.column} ({COLUMNS[target.column]}): {what}\n{shown}"


class Fuzz:
    """Sends the requests and checks each one; counts them."""

    def __init__(self, clients: dict[str, Client]) -> None:
        self.clients = clients
        self.watcher = WriteWatcher()
        tables = all_tables()
        self.start = TableContents(tables)
        self.requests = 0

    def request(self, target: Target, payload: Payload) -> None:
        client = self.clients[target.column]
        cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        savepoint = transaction.savepoint()
        self.watcher.clear()
        self.requests += 1
        try:
            try:
                response = _post(client, target.url, payload)
            except Exception as exc:  # the view raised: it would have been a 500
                tail = "".join(traceback.format_exception(exc)[-6:])
                raise AssertionError(_describe(target, payload, f"raised {exc!r}\n{tail}")) from None
            status = response.status_code
            assert status < 500, _describe(target, payload, f"answered {status}")
            content = b"" if response.streaming else response.content
            erroring = 400 <= status < 500 or (status == 200 and b"govuk-error-summary" in content)
            written = self.watcher.tables - EXCLUDED_TABLES
            if erroring and written:
                changed = self.start.changed(written)
                assert not changed, _describe(target, payload, f"answered {status} but changed {changed}")
        finally:
            transaction.savepoint_rollback(savepoint)
            # A database error inside the request may have marked the transaction for rollback; the rollback
            # to the savepoint has undone it.
            transaction.set_rollback(False)
            if cookie is not None:
                client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie.value
            # Rate limits (allauth, the job limit) live in the cache, lockout counts (axes) in the database
            # (rolled back with the savepoint); they have their own tests (accounts/tests/test_lockout.py).
            # Cleared so that every request reaches the form, not a 429.
            cache.clear()

    def run(self, target: Target, examples: int) -> str | None:
        """Fuzz one URL; the failure (after shrinking) as text, or None."""

        @seed(zlib.crc32(f"{connection.vendor}:{target.key}".encode()))
        @hypothesis_settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
            ],
            print_blob=False,
        )
        @given(payload=payloads(target.form))
        def fuzz_one_url(payload: Payload) -> None:
            self.request(target, payload)

        try:
            fuzz_one_url()
        except Exception as exc:
            # Hypothesis raises an ExceptionGroup when it found several distinct failures: show each.
            found = exc.exceptions if isinstance(exc, ExceptionGroup) else [exc]
            return "\n\n".join(str(e) or repr(e) for e in found)
        return None


def test_fuzz_every_form(matrix_world, settings, capsys):  # noqa: F811 (the imported fixture)
    # The rollback after each request keeps each session's last activity at its sign-in; the idle and
    # absolute limits have their own tests (accounts/tests), and here they would only sign people out.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS = 24 * 60 * 60
    started = time.monotonic()
    _add_rows(matrix_world)
    clients = _clients(matrix_world)
    targets = _targets(matrix_world, clients)
    examples = _examples(targets)
    fuzz = Fuzz(clients)
    failures = []
    # The access log and django.request's warning for each 4xx would be 10,000 lines; errors still show.
    logging.disable(logging.WARNING)
    try:
        with connection.execute_wrapper(fuzz.watcher):
            for target in targets:
                if COLUMNS[target.column] is not None:
                    _mark_recently_authenticated(
                        clients[target.column], matrix_world.people[COLUMNS[target.column]]
                    )
                failure = fuzz.run(target, examples[target.key])
                if failure:
                    failures.append(failure)
    finally:
        logging.disable(logging.NOTSET)
    cache.clear()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfuzz: {fuzz.requests} requests to {len(targets)} form URLs in {elapsed:.0f}s", end=" ")
        print(f"({connection.vendor})")
    assert not failures, f"{len(failures)} form URLs failed:\n\n" + "\n\n".join(failures)
    assert fuzz.requests >= REQUESTS / SUITE_DATABASES
