"""Browser tests: Playwright (pytest-playwright) driving Debian's Chromium against pytest-django's
live server, with an axe-core check and a helper that signs a user in through the real pages.

    .venv/bin/python -m pytest -q tests/browser          # all journeys
    .venv/bin/python -m pytest -q -m "not browser"       # everything else

Never run `playwright install`: it downloads a browser. We use the system Chromium
(`apt-get install chromium`), or CHROMIUM_PATH if set. Without it the browser tests are skipped,
except under CI=true, where a missing browser is a failure.
Mark journeys `@pytest.mark.browser` and `@pytest.mark.django_db(transaction=True)`, and take
`live_server` (it serves the static files built into var/frontend through STATICFILES_DIRS).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import Error as PlaywrightError

from tests.fixtures import tool_missing

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM_MISSING = "Chromium not found: apt-get install chromium to run browser tests"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A test tool, built outside the static files (frontend/build.mjs) so collectstatic never ships it.
AXE_PATH = Path(settings.BASE_DIR) / "var" / "test-tools" / "axe" / "axe.min.js"
FRONTEND_CSS = Path(settings.BASE_DIR) / "var" / "frontend" / "govuk" / "app.css"
# Launch arguments for Debian's Chromium in a container without a sandbox or GPU (tested here).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and os.access(candidate, os.X_OK) else None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = chromium_path()
    if executable is None:
        tool_missing(CHROMIUM_MISSING)
    if not FRONTEND_CSS.exists() or not AXE_PATH.exists():
        tool_missing("Front-end assets not built: run `npm ci && npm run build` (they go to var/frontend)")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """axes, allauth's rate limits and its used-TOTP-code markers live in the (per-process) cache,
    which the live server thread shares with the test: start each journey clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(page, live_server):
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.csp_errors = errors
    yield page


# --- accessibility ---------------------------------------------------------------------------------


def axe_check(page, *, context: str = "", exclude: list[str] | None = None) -> None:
    """Run axe-core in the page (injected with evaluate: the CSP blocks add_script_tag) and fail on
    any WCAG 2.2 AA violation (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa)."""
    # A click that opens a new page may still be loading it when the check starts: axe would then run
    # in a document being replaced ("Cannot read properties of null (reading 'documentElement')").
    # Wait for the load and run the check again on the new page.
    for attempt in range(3):
        try:
            page.wait_for_load_state("load")
            result = _run_axe(page, exclude)
            break
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in NAVIGATING):
                raise
            time.sleep(0.2)
    violations = result["violations"]
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {context or page.url}:"]
        for violation in violations:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
        pytest.fail("\n".join(lines), pytrace=False)


# What Playwright says when the document it evaluates in is replaced by a navigation.
NAVIGATING = ("documentElement", "Execution context was destroyed", "axe is not defined", "navigat")


def _run_axe(page, exclude: list[str] | None) -> dict:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    skip = [selector for selector in (exclude or []) if page.locator(selector).count()]
    return page.evaluate(
        """async ([tags, skip]) => await axe.run(
            skip.length ? {exclude: skip.map((s) => [s])} : document,
            {runOnly: {type: 'tag', values: tags}})""",
        [AXE_TAGS, skip],
    )


# --- narrow screens --------------------------------------------------------------------------------

# 390 px (a phone) and 320 CSS px (1280 px at 400% zoom, WCAG 1.4.10).
NARROW_SCREENS = ((390, 844), (320, 800))

# What sticks out past the viewport outside a table body: names the culprit when a page does not fit.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('tbody'))
    .slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def busiest_pages(case) -> dict[str, str]:
    """The pages people open most, by name: the ones that must fit a narrow screen."""
    return {
        "Your cases": "/",
        "business unit dashboard": "/business-unit/",
        "case page": f"/cases/{case.pk}/",
        "merged chronology": f"/cases/{case.pk}/chronology/",
    }


def assert_pages_fit_narrow_screens(page, live_server, pages: dict[str, str]) -> None:
    """At each narrow width, each page: it does not scroll sideways as a whole (wide tables scroll in their
    own region), naming what sticks out when it does, and axe finds nothing."""
    for width, height in NARROW_SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
            assert fits, f"{name} scrolls sideways at {width} px: {page.evaluate(TOO_WIDE)}"
            axe_check(page, context=f"{name} at {width} px")


# --- signing in ------------------------------------------------------------------------------------


def fresh_totp_code(user, secret: str) -> str:
    """A code allauth will accept now: it refuses a code already used (it marks them in the cache),
    so if this window's code has been used, wait for the next 30-second window."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    while True:
        now = time.time()
        counter = int(now) // 30
        code = format_hotp_value(hotp_value(secret, counter))
        used = cache.get(f"allauth.mfa.totp.used?user={user.pk}&code={code}")
        # Also avoid a code about to expire between typing it and the server checking it.
        if not used and now - counter * 30 < 27:
            return code
        time.sleep(30 - (now - counter * 30) + 0.2)


def give_totp(user) -> str:
    """Set up an authenticator app for `user` (as if they had scanned the QR code); returns the secret."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def sign_in(page, live_server, user, *, secret: str | None = None, password: str | None = None, path="/"):
    """Sign `user` in through the real sign-in page, including the TOTP step when they have an app.
    Returns once the browser has left the sign-in pages."""
    from tests.factories import TEST_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    fill_sign_in(page, user, password or TEST_PASSWORD)
    if secret is not None:
        enter_totp(page, user, secret)


def fill_sign_in(page, user, password: str) -> None:
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def enter_totp(page, user, secret: str) -> None:
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Security code").fill(fresh_totp_code(user, secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


@pytest.fixture
def signed_in_page(page, live_server):
    """Reusable: `signed_in_page(user)` gives the page signed in as `user` (who gets an app if needed)."""
    from allauth.mfa.models import Authenticator

    def _sign_in(user, path="/"):
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            raise ValueError("Pass a user without an app, or call sign_in() with their secret")
        secret = give_totp(user)
        sign_in(page, live_server, user, secret=secret, path=path)
        return secret

    return _sign_in


def typed_date(day: dt.date) -> str:
    """A date as a person types it into a GOV.UK date field here (DD/MM/YYYY)."""
    return day.strftime("%d/%m/%Y")


def long_date(day: dt.date) -> str:
    """A date as the pages show it: 1 March 2027."""
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def page_for(browser, live_server):
    """`page_for(user, path)`: a browser context of the user's own, signed in through the real pages
    (password and TOTP) and landed on `path`. Each person has their own context, so nobody signs in twice
    and no TOTP window has to be waited for. The user's TOTP secret is kept, so they can sign in again later
    (after a jump of the clock). Every context is closed at the end."""
    contexts = []
    secrets: dict[int, str] = {}

    def _open(user, path: str):
        context = browser.new_context(accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        if user.pk not in secrets:
            secrets[user.pk] = give_totp(user)
        sign_in(page, live_server, user, secret=secrets[user.pk], path=path)
        page.wait_for_url(f"**{path}")
        return page

    yield _open
    for context in contexts:
        context.close()
