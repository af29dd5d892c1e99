"""What the scale harness's load and fault scripts share: TOTP codes, the Secure cookies on loopback, a
signed-in client that speaks to one app process as the TLS proxy would, and a form reader. No Django."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 with allauth's defaults (SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 10**6:06d}"


def _send_secure_cookies_over_loopback(policy: Any, cookie: Any, request: Any) -> bool:
    """Send the Secure (__Host-) cookies back over loopback HTTP, as a browser would over the TLS proxy.
    Set on the class, not one jar: requests copies cookies into fresh jars (default policy) per request."""
    return True


http.cookiejar.DefaultCookiePolicy.return_ok_secure = _send_secure_cookies_over_loopback  # type: ignore[method-assign]


def seed() -> dict[str, Any]:
    return json.loads((Path(os.environ["SR_SCALE_RUN_DIR"]) / "accounts.json").read_text())


def web_ports() -> list[str]:
    return os.environ["SR_SCALE_WEB_PORTS"].split()


class Form(HTMLParser):
    """The named fields of a page's main <form method="post"> (the one with the most fields: the header's
    sign-out form has one), as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    @property
    def fields(self) -> dict[str, str]:
        return self.forms[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.forms.append({})
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False

    @classmethod
    def read(cls, html: str) -> dict[str, str]:
        parser = cls()
        parser.feed(html)
        return max(parser.forms, key=len) if parser.forms else {}


class Client:
    """One person's browser on one app process."""

    def __init__(self, port: str, account: dict[str, Any]) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.account = account
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{port}"})

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base + path, timeout=30, **kwargs)

    def post(
        self, path: str, data: dict[str, Any], *, form_page: str | None = None, **kwargs: Any
    ) -> requests.Response:
        token = self.session.cookies.get("__Host-csrftoken") or self.csrf(form_page or path)
        return self.session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": f"https://127.0.0.1:{self.port}{form_page or path}"},
            timeout=30,
            **kwargs,
        )

    def csrf(self, page: str) -> str:
        found = CSRF.search(self.get(page).text)
        return found.group(1) if found else ""

    def sign_in(self) -> bool:
        """Password, then a TOTP code (waiting for a fresh one if this window's was used already)."""
        response = self.post(
            "/accounts/login/", {"login": self.account["email"], "password": self.account["password"]}
        )
        if "/2fa/authenticate" not in response.url:
            return False
        page = response.url.split(str(self.port), 1)[1]
        used = self.account.get("_last_code")
        code = totp(self.account["totp_secret"])
        if code == used:
            time.sleep(30 - time.time() % 30 + 0.5)
            code = totp(self.account["totp_secret"])
        self.account["_last_code"] = code
        response = self.post(page, {"code": code})
        return response.status_code == 200 and "/accounts/" not in response.url
