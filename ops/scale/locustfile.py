"""The scale harness's mixed workload (ops/scale/harness.sh runs it headless through both app processes).

Each simulated person signs in through the real sign-in pages, MFA included (the harness seeded their TOTP
secret; we compute the code), then keeps doing what a business unit officer does: the dashboard, case pages
and the merged chronology, a chronology spreadsheet imported, a referral submitted (a complete draft the
harness seeded), the chronology's Word export and the rapid review report built on the task workers, and
their downloads. Every response is checked; any failure fails the run.

The app sits behind no TLS proxy here, so we send what nginx would (X-Forwarded-Proto) and keep the Secure
cookies on loopback HTTP (client.py).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The harness's shared helpers; importing them also keeps the Secure cookies on loopback HTTP.
from client import CSRF, totp

RUN_DIR = Path(os.environ["SR_SCALE_RUN_DIR"])
SEED = json.loads((RUN_DIR / "accounts.json").read_text())
PORTS = os.environ["SR_SCALE_WEB_PORTS"].split()
REPORT_DOCX = re.compile(r"/rapid-review/report/(\d+)/docx/")
# Word exports and reports each person starts (of each kind): together under JOB_RATE_LIMIT's 10 in 10 min.
JOBS_PER_PERSON = int(os.environ.get("SCALE_JOBS_PER_PERSON", "2"))
JOB_WAIT_SECONDS = 60
_next = itertools.count()


class BusinessUnitOfficer(HttpUser):
    wait_time = between(0.5, 1.5)
    host = f"http://127.0.0.1:{PORTS[0]}"

    def on_start(self) -> None:
        number = next(_next)
        self.account = SEED["accounts"][number % len(SEED["accounts"])]
        self.referrals = list(SEED["referrals"][self.account["email"]])
        self.cases = SEED["cases"]
        self.exports_started = self.reports_started = 0
        # Half the people on each app process.
        self.port = PORTS[number % len(PORTS)]
        self.client.base_url = f"http://127.0.0.1:{self.port}"
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{self.port}"})
        self.sign_in()

    # --- helpers ---------------------------------------------------------------------------------------

    def get(self, path: str, name: str, **kwargs: Any) -> Any:
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            self._check(response)
            return response

    def post(
        self, path: str, name: str, data: dict[str, Any], form_page: str | None = None, **kwargs: Any
    ) -> Any:
        token = self._csrf(form_page or path)
        with self.client.post(
            path,
            name=name,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": f"https://127.0.0.1:{self.port}{form_page or path}"},
            catch_response=True,
            **kwargs,
        ) as response:
            self._check(response)
            return response

    def _csrf(self, page: str) -> str:
        response = self.client.get(page, name="(form page for CSRF)")
        found = CSRF.search(response.text)
        return found.group(1) if found else self.client.cookies.get("__Host-csrftoken", "")

    @staticmethod
    def _check(response: Any) -> None:
        if response.status_code >= 400:
            response.failure(f"HTTP {response.status_code}")
        elif response.history and "/accounts/login/" in response.url:
            response.failure("sent to the sign-in page")
        else:
            response.success()

    def sign_in(self) -> None:
        token = self._csrf("/accounts/login/")
        with self.client.post(
            "/accounts/login/",
            name="sign in: password",
            data={
                "csrfmiddlewaretoken": token,
                "login": self.account["email"],
                "password": self.account["password"],
            },
            headers={"Referer": f"https://127.0.0.1:{self.port}/accounts/login/"},
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/2fa/authenticate" not in response.url:
                response.failure(f"password step: {response.status_code} at {response.url}")
                return
            response.success()
            page = response.url.split(str(self.port), 1)[1]
            code_token = CSRF.search(response.text)
        with self.client.post(
            page,
            name="sign in: TOTP code",
            data={
                "csrfmiddlewaretoken": code_token.group(1) if code_token else "",
                "code": totp(self.account["totp_secret"]),
            },
            headers={"Referer": f"https://127.0.0.1:{self.port}{page}"},
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/accounts/" in response.url:
                response.failure(f"code step: {response.status_code} at {response.url}")
            else:
                response.success()

    def wait_for_job(self, status_path: str, name: str) -> dict[str, Any]:
        deadline = time.monotonic() + JOB_WAIT_SECONDS
        answer: dict[str, Any] = {}
        while time.monotonic() < deadline:
            response = self.get(status_path, name, headers={"Accept": "application/json"})
            if response.status_code != 200:
                return {}
            answer = response.json()
            if answer.get("finished"):
                return answer
            time.sleep(1)
        return answer

    # --- what people do ------------------------------------------------------------------------------

    @task(6)
    def browse(self) -> None:
        self.get("/", "dashboard")
        case = random.choice(self.cases)
        self.get(f"/cases/{case}/", "case page")
        self.get(f"/cases/{case}/chronology/", "merged chronology")

    @task(2)
    def submit_referral(self) -> None:
        if not self.referrals:
            return
        referral = self.referrals.pop()
        self.get(f"/referrals/{referral}/", "referral task list")
        response = self.post(f"/referrals/{referral}/check/", "referral submit", {})
        if response.status_code == 200 and "/referral/confirmation/" not in response.url:
            self.fail("referral submit", "the referral was not submitted")

    @task(2)
    def import_chronology(self) -> None:
        case = self.cases[0]
        agency = "Northbridge General Hospital NHS Trust"
        rows = "".join(
            f"2026-09-{day:02d},exact,,{agency},EHR {random.randint(1, 10**6)},Contact,"
            f"Synthetic load-test contact {day}.,Nurse,no,\n"
            for day in range(1, 6)
        )
        csv = (
            "Date,Precision,Time,Agency,Source record,Event type,What happened,Practitioner role,Key episode,"
            "Analysis\n" + rows
        )
        response = self.post(
            f"/cases/{case}/chronology/import/",
            "chronology import",
            {"dates_checked": "on"},
            files={"file": ("load.csv", csv.encode(), "text/csv")},
        )
        if response.status_code == 200 and "/chronology/import/" in response.url:
            self.fail("chronology import", "the import was refused")

    @task(2)
    def word_export(self) -> None:
        if self.exports_started >= JOBS_PER_PERSON:
            return
        self.exports_started += 1
        case = self.cases[0]
        request = f"/cases/{case}/chronology/export.docx"
        done = self.run_job(request, f"/cases/{case}/chronology/", "/chronology/exports/", "word export")
        if done is not None:
            self.get(done[0].rstrip("/") + "/download/", "word export: download")
            self.get(f"/cases/{case}/chronology/export.xlsx", "chronology xlsx download")

    @task(2)
    def report(self) -> None:
        if self.reports_started >= JOBS_PER_PERSON:
            return
        self.reports_started += 1
        case = self._report_case()
        page = f"/cases/{case}/rapid-review/report/"
        done = self.run_job(f"{page}generate/", page, "/report/generations/", "report")
        found = REPORT_DOCX.search(done[1].get("html", "")) if done is not None else None
        if found:
            self.get(f"{page}{found.group(1)}/docx/", "report: download docx")

    def run_job(self, path: str, form_page: str, status_url: str, name: str) -> tuple[str, dict] | None:
        """POST the request for a job, follow it to its status page, wait for it to finish on the workers.
        The status page's path and its last answer when done; a recorded failure (and None) otherwise."""
        response = self.post(path, f"{name}: request", {}, form_page=form_page)
        if response.status_code != 200 or status_url not in response.url:
            self.fail(f"{name}: request", f"no job started (at {response.url})")
            return None
        status_path = response.url.split(str(self.port), 1)[1]
        answer = self.wait_for_job(status_path, f"{name}: status")
        if answer.get("status") != "done":
            self.fail(f"{name}: job", f"ended {answer.get('status')}")
            return None
        return status_path, answer

    def fail(self, name: str, message: str) -> None:
        """A failure found after the request itself succeeded (locust counts it under `name`)."""
        self.environment.events.request.fire(
            request_type="JOB", name=name, response_time=0, response_length=0, exception=Exception(message)
        )

    def _report_case(self) -> str:
        return SEED["report_cases"][0] if SEED.get("report_cases") else self.cases[-1]
