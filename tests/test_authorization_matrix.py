"""The authorization matrix and the audit crawl.

Expectations come from the hand-written table in docs/roles.md, never from the policy code. Every URL pattern
the project serves must have a GET and a POST row: a new URL without rows fails `test_every_url_has_rows`.
Each GET also checks the audit trail: a response that shows case data leaves exactly one read event linked to
the case; a refused one (403/404) leaves exactly one refusal event and nothing else.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core import clock

from .fixtures import build_world, sign_in

ROOT = Path(__file__).resolve().parent.parent
ROLES_MD = ROOT / "docs" / "roles.md"
APPS_DIR = ROOT / "safeguarding_reviews"
COLUMNS = {
    "anon": None,
    "BUO": "business_unit_officer",
    "BM": "business_manager",
    "LA": "delegate_local_authority",
    "ICB": "delegate_icb",
    "POL": "delegate_police",
    "CHAIR": "independent_chair",
    "LCPC": "review_committee_member",
    "AREP": "agency_representative",
    "AAUTH": "agency_author",
    "REV": "independent_reviewer",
    "AUD": "auditor",
    "NONMEM": "non_member",
    "OTHER": "other_partnership",
    "PADMIN": "platform_admin",
    # Issue 16: the monitoring committee member (partnership-wide for the action plans, never a case page).
    # Last, so a row written before the column existed is missing only its last cell (see _parse_matrix).
    "MON": "monitoring_committee_member",
}
READ_EVENTS = {
    EventType.CASE_VIEWED,
    EventType.CASE_AUDIT_VIEWED,
    EventType.DOCUMENT_DOWNLOADED,
    EventType.NOTIFICATION_SUMMARY_DOWNLOADED,
    EventType.CHRONOLOGY_EXPORTED,
    EventType.REPORT_DOWNLOADED,
    EventType.DOCUMENT_GENERATION_DOWNLOADED,
}
# Events a case page may record beside its one read event (e.g. which identity details it showed).
READ_EVENTS_EXTRA: set[str] = {EventType.IDENTITY_VIEWED}


def _parse_matrix() -> dict[tuple[str, str], dict[str, int]]:
    text = ROLES_MD.read_text()
    section = text.split("## Authorization matrix", 1)[1]
    rows: dict[tuple[str, str], dict[str, int]] = {}
    header: list[str] | None = None
    for line in section.splitlines():
        if not line.startswith("|"):
            if header and rows:
                break
            continue
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if cells[0] == "URL name":
            header = cells
            assert header[2:] == list(COLUMNS), f"matrix columns must be {list(COLUMNS)}"
            continue
        if set(cells[0]) <= {"-", ":", " "}:
            continue
        assert header is not None
        name, method = cells[0], cells[1]
        assert (name, method) not in rows, f"duplicate row {name} {method}"
        missing = header[len(cells) :]
        assert not missing, (
            f"docs/roles.md matrix row `{name}` {method} has no cell for {missing}: add one per column. For "
            "MON (monitoring committee member), a row from before the column existed takes its NONMEM value "
            "unless the page is one of the partnership's action plan pages the committee reaches"
        )
        assert len(cells) == len(header), (
            f"docs/roles.md matrix row `{name}` {method} has more cells than columns"
        )
        rows[(name, method)] = {col: int(cell) for col, cell in zip(header[2:], cells[2:], strict=True)}
    return rows


MATRIX = _parse_matrix()


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, list[str]]]:
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(_url_names(pattern, ns))
        elif isinstance(pattern, URLPattern):
            found.append(
                (
                    f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>",
                    list(pattern.pattern.regex.groupindex),
                )
            )
    return found


def _served_url_names() -> dict[str, list[str]]:
    # The static files handler only exists under runserver/DEBUG; everything else must be in the matrix.
    return {name: kwargs for name, kwargs in _url_names() if not name.startswith("<unnamed ^static")}


def test_every_url_has_rows():
    missing = [
        f"{name} {method}"
        for name in _served_url_names()
        for method in ("GET", "POST")
        if (name, method) not in MATRIX
    ]
    assert not missing, f"docs/roles.md has no matrix row for: {missing}"


def test_no_stale_rows():
    served = set(_served_url_names())
    stale = sorted({name for name, _ in MATRIX} - served)
    assert not stale, f"docs/roles.md has rows for URLs that no longer exist: {stale}"


def _kwargs(world, name: str, params: list[str]) -> dict[str, object]:
    values: dict[str, object] = {
        "case_id": world.case.pk,
        "slug": world.partnership.slug,
        "share_id": world.share.pk,
        "user_id": world.people["independent_reviewer"].pk,
        "invitation_id": world.invitation.pk,
        "token": world.invitation_token,
        "uidb36": "zz",
        "key": "not-a-real-key",
    }
    if name.startswith("cases:"):
        values["membership_id"] = world.case_membership.pk
    else:
        values["membership_id"] = world.membership.pk
    # Apps add the objects their URLs need in safeguarding_reviews/<app>/tests/matrix.py:
    # `def url_kwargs(world) -> dict[str, dict[str, object]]` keyed by URL namespace.
    namespace = name.split(":", 1)[0] if ":" in name else ""
    values.update(world.app_kwargs.get(namespace, {}))
    return {param: values[param] for param in params}


# Django's own way to open and roll back TestCase's class-wide transaction (setUpTestData): its atomic blocks
# are marked as the test case's, so the services' durable blocks may open inside them (not in the stubs).
_TESTCASE: Any = TestCase


class _ModuleWorld:
    """The matrix world, built once per module (per xdist worker) inside an outer transaction that each
    test's own transaction (pytest-django's `db`) nests in as a savepoint, so every test still starts from
    exactly the rows the build left and its own writes are rolled back. Building it takes 4 to 7 s (a report
    and template test renders among them), which was most of this module's time when it ran for each test.

    Tests get a deep copy of the built World (model instances as the build left them, whatever the test
    before did to its copy) and a copy of the files the build stored (conftest's MEDIA_ROOT is per test).
    The build leaves nothing in the cache, which conftest clears before each test anyway. It is built again
    if the date in London changes between tests (the build and the pages use clock.today())."""

    def __init__(self, blocker, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._blocker = blocker
        self._tmp = tmp_path_factory
        self._atomics: dict[str, transaction.Atomic] | None = None
        self.world: object = None
        self.media = Path()
        self.built_on: dt.date | None = None

    def open(self) -> None:
        folder = self._tmp.mktemp("matrix-world")
        with self._blocker.unblock():
            self._atomics = _TESTCASE._enter_atomics()
            try:
                files = {"MEDIA_ROOT": folder / "documents", "AUDIT_CHECKPOINT_PATH": str(folder / "audit")}
                with override_settings(**files):
                    built_on = clock.today()
                    world = _build_matrix_world()
                    world.sessions = _sessions(world)
                    self.world = world
            except BaseException:
                self.close()
                raise
        self.media, self.built_on = folder / "documents", built_on

    def close(self) -> None:
        if self._atomics is None:
            return
        with self._blocker.unblock():
            innermost = transaction.get_connection().atomic_blocks[-1]
            assert innermost is self._atomics["default"], "a test's transaction is still open over the world"
            _TESTCASE._rollback_atomics(self._atomics)
        self._atomics = None

    def current(self) -> _ModuleWorld:
        if clock.today() != self.built_on:
            self.close()
            self.open()
        return self


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    built = _ModuleWorld(django_db_blocker, tmp_path_factory)
    built.open()
    yield built
    built.close()


@pytest.fixture
def _module_world_today(_module_world):
    # Requested by matrix_world before `db`: a rebuild happens before the test's transaction opens.
    return _module_world.current()


@pytest.fixture
def matrix_world(_module_world_today, db, settings):
    """The standard world plus the objects URLs need: a share, a membership to act on, an invitation, and
    every app's objects (`url_kwargs`). Built once per module (_ModuleWorld); each test gets its own copy."""
    shutil.copytree(_module_world_today.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    # The personas' sessions were made with the world and every test's requests are rolled back, so their
    # last activity stays at the build: the idle and absolute limits (accounts/tests) must not end them.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS = 24 * 60 * 60
    return copy.deepcopy(_module_world_today.world)


def _build_matrix_world():
    from safeguarding_reviews.cases import services as case_services
    from safeguarding_reviews.cases.models import CaseMembership
    from safeguarding_reviews.organisations.models import Membership

    from .factories import PartnershipFactory

    world: Any = build_world()
    third = PartnershipFactory.create(name="Gammashire Safeguarding Children Partnership", slug="gammashire")
    world.share = case_services.case_share(
        actor=world.people["business_manager"], case=world.case, partnership=third, reason="Lived there"
    )
    world.case_membership = CaseMembership.objects.get(
        case=world.case, user=world.people["independent_reviewer"]
    )
    world.membership = Membership.objects.get(
        user=world.people["independent_reviewer"], partnership=world.partnership
    )
    world.invitation, world.invitation_token = _make_invitation(world)
    world.app_kwargs = {}
    for app in sorted(p.name for p in APPS_DIR.iterdir() if (p / "tests" / "matrix.py").exists()):
        module = importlib.import_module(f"safeguarding_reviews.{app}.tests.matrix")
        world.app_kwargs.update(module.url_kwargs(world))
    return world


def _make_invitation(world):
    from safeguarding_reviews.organisations.services import invitation_create

    return invitation_create(  # returns (invitation, raw token)
        actor=world.people["business_manager"],
        partnership=world.partnership,
        email="invitee@test.example",
        full_name="Invitee Person",
        roles=["review_committee_member"],
        agency=None,
    )


def _rows(method: str):
    return [
        pytest.param(name, params, id=f"{name}")
        for name, params in sorted(_served_url_names().items())
        if (name, method) in MATRIX
    ]


def _sessions(world) -> dict[str, str]:
    """Each persona signed in once, with the world (its session kept in the module's transaction): signing
    in and out for every cell of the matrix (fifteen personas on each of six hundred URLs) was a fifth of the
    module's time. A test's requests change a session only inside the test's own transaction."""
    keys = {}
    for column, persona in COLUMNS.items():
        if persona is not None:
            client = Client()
            sign_in(client, world.people[persona])
            keys[column] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return keys


def _client_for(client, world, column):
    """The test client as `column`'s persona (its session from the world), or signed out."""
    client.cookies.pop(django_settings.SESSION_COOKIE_NAME, None)
    if column in world.sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[column]
    return client


@pytest.mark.parametrize(("name", "params"), _rows("GET"))
def test_get_matrix_and_audit_crawl(matrix_world, client, name, params):
    url = reverse(name, kwargs=_kwargs(matrix_world, name, params))
    expected = MATRIX[(name, "GET")]
    problems = []
    for column in COLUMNS:
        _client_for(client, matrix_world, column)
        before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
        status = client.get(url).status_code
        events = list(AuditEvent.objects.filter(sequence__gt=before).values_list("event_type", "case_id"))
        if status != expected[column]:
            problems.append(f"{column}: expected {expected[column]}, got {status}")
            continue
        problems.extend(f"{column}: {p}" for p in _audit_problems(matrix_world, name, params, status, events))
    assert not problems, f"GET {url}\n" + "\n".join(problems)


def _audit_problems(world, name, params, status, events):
    reads = [e for e in events if e[0] in READ_EVENTS]
    refusals = [e for e in events if e[0] == EventType.ACCESS_REFUSED]
    if status in (403, 404):
        if len(events) != 1 or len(refusals) != 1:
            return [f"refused response should leave exactly one refusal event, left {events}"]
    elif status == 200 and "case_id" in params:
        if len(reads) != 1 or reads[0][1] != world.case.pk:
            return [f"case page should leave exactly one read event for the case, left {events}"]
        others = [e for e in events if e[0] not in READ_EVENTS | READ_EVENTS_EXTRA]
        if others:
            return [f"a GET of a case page recorded more than reads: {others}"]
    elif status == 200 and name == "home":
        if [e for e in events if e[0] != EventType.CASE_LIST_VIEWED]:
            return [f"home should only record the list view, left {events}"]
    elif status == 200:
        if [e for e in events if e[1] is not None]:
            return [f"a page without case data recorded case events: {events}"]
    return []


@pytest.mark.parametrize(("name", "params"), _rows("POST"))
def test_post_matrix(matrix_world, client, name, params):
    url = reverse(name, kwargs=_kwargs(matrix_world, name, params))
    expected = MATRIX[(name, "POST")]
    problems = []
    for column in COLUMNS:
        # Each persona's POST runs against the same world and is rolled back afterwards, so an allowed
        # action (removing a person, ending a share) cannot change what the next persona meets.
        savepoint = transaction.savepoint()
        try:
            _client_for(client, matrix_world, column)
            status = client.post(url, {}).status_code
        finally:
            transaction.savepoint_rollback(savepoint)
        if status != expected[column]:
            problems.append(f"{column}: expected {expected[column]}, got {status}")
    assert not problems, f"POST {url}\n" + "\n".join(problems)


def test_matrix_cells_are_status_codes():
    allowed = {200, 204, 302, 400, 401, 403, 404, 405, 409, 410, 429}
    bad = {key: row for key, row in MATRIX.items() if set(row.values()) - allowed}
    assert not bad
    assert all(re.match(r"^(GET|POST)$", method) for _, method in MATRIX)
