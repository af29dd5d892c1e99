"""Rendering the report: DOCX from a Word template in a sandboxed child process, PDF with WeasyPrint.

`render_docx` never renders in the calling process. It starts `python -m safeguarding_reviews.reports.sandbox`
(sandbox.py: the ReportSandbox engine and the child's entry point) with a clean environment, and the child
sets hard limits on itself before it reads the template: address space (REPORT_RENDER_MAX_MEMORY_BYTES,
RLIMIT_AS) and CPU time (REPORT_RENDER_MAX_CPU_SECONDS, RLIMIT_CPU). This process kills the child after
REPORT_RENDER_TIMEOUT_SECONDS of wall-clock time and refuses a document larger than
REPORT_RENDER_MAX_OUTPUT_BYTES (or one that fails the documents app's checks). Every refusal is a
ValidationError whose `code` says why (RenderCode) and whose message is for the business manager.

Only the task worker calls render_docx (reports.services, run by reports.tasks): never a web request.
`render_pdf` renders the built-in HTML layout (not the partnership's template) in the worker process.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from safeguarding_reviews.documents.inspection import detect

from .sandbox import MEMORY, OK, TEMPLATE, TOO_LARGE, ReportSandbox, pack_request, template_problem

__all__ = ["RenderCode", "ReportSandbox", "limit_message", "render_docx", "render_pdf", "template_problem"]

_CHILD_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
_HEADER_MAX = 64 * 1024


class RenderCode:
    """Why a render was refused (ValidationError.code). TEMPLATE: broken or refused by the sandbox;
    the others are the child's limits."""

    TEMPLATE = TEMPLATE
    MEMORY = MEMORY
    CPU = "cpu"
    TIMEOUT = "timeout"
    TOO_LARGE = TOO_LARGE
    CRASHED = "crashed"
    LIMITS = frozenset({MEMORY, CPU, TIMEOUT, TOO_LARGE, CRASHED})


def _mb(value: int) -> str:
    return f"{value // (1024 * 1024)} MB" if value >= 1024 * 1024 else f"{max(value // 1024, 1)} KB"


def _seconds(value: float) -> str:
    return f"{value:g} second{'' if value == 1 else 's'}"


def limit_message(code: str) -> str:
    """The sentence for a limit (no template or case text in it: it may be shown for a real generation)."""
    messages = {
        RenderCode.MEMORY: (
            "It needed more memory than a report template may use "
            f"({_mb(settings.REPORT_RENDER_MAX_MEMORY_BYTES)})"
        ),
        RenderCode.CPU: (
            "It needed more processing time than a report template may use "
            f"({_seconds(settings.REPORT_RENDER_MAX_CPU_SECONDS)})"
        ),
        RenderCode.TIMEOUT: (
            "It took longer than a report template may take "
            f"({_seconds(settings.REPORT_RENDER_TIMEOUT_SECONDS)})"
        ),
        RenderCode.TOO_LARGE: (
            "The document it made is larger than a report may be "
            f"({_mb(settings.REPORT_RENDER_MAX_OUTPUT_BYTES)})"
        ),
        RenderCode.CRASHED: (
            "It stopped the renderer (it may have needed more memory than a report template may use)"
        ),
    }
    return messages.get(code, "It could not be rendered")


def _refused(code: str, message: str | None = None) -> ValidationError:
    if message is None:
        message = (
            f"The template was stopped. {limit_message(code)}. Simplify the template and upload it again."
        )
    return ValidationError(message, code=code)


class _Run:
    """One child process: feeds stdin and reads stdout on threads, so a child that writes more than the cap
    is killed as soon as it passes it, and the wall-clock timeout applies to the whole exchange."""

    def __init__(self, command: list[str], payload: bytes, max_output: int) -> None:
        self.max_output = max_output
        self.output = bytearray()
        self.overflow = False
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command: this interpreter and our module
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=str(settings.BASE_DIR),
            env=_CHILD_ENV,
            close_fds=True,
            start_new_session=True,
        )
        self._threads = [
            threading.Thread(target=self._feed, args=(payload,), daemon=True),
            threading.Thread(target=self._read, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _feed(self, payload: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write(payload)
        except (BrokenPipeError, OSError):
            pass  # the child died or was killed before reading everything
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while chunk := stdout.read(65536):
            self.output += chunk
            if len(self.output) > self.max_output + _HEADER_MAX:
                self.overflow = True
                self.process.kill()
                break
        stdout.close()

    def wait(self, timeout: float) -> bool:
        """True if the child finished in time; otherwise it is killed and False."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            self._join()
            return False
        self._join()
        return True

    def _join(self) -> None:
        for thread in self._threads:
            thread.join(timeout=5)


def render_docx(template_bytes: bytes, context: dict[str, Any]) -> bytes:
    """Render a Word template with the context in a child process under the limits. Returns the DOCX bytes,
    or raises ValidationError(message, code=RenderCode...). OSError if the child cannot be started."""
    max_output = settings.REPORT_RENDER_MAX_OUTPUT_BYTES
    command = [
        sys.executable,
        "-E",
        "-s",
        "-B",
        "-m",
        "safeguarding_reviews.reports.sandbox",
        str(settings.REPORT_RENDER_MAX_MEMORY_BYTES),
        str(settings.REPORT_RENDER_MAX_CPU_SECONDS),
        str(max_output),
    ]
    run = _Run(command, pack_request(template_bytes, context), max_output)
    if not run.wait(settings.REPORT_RENDER_TIMEOUT_SECONDS):
        raise _refused(RenderCode.TIMEOUT)
    if run.overflow:
        raise _refused(RenderCode.TOO_LARGE)
    returncode = run.process.returncode
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL) and not run.output:
        raise _refused(RenderCode.CPU if returncode == -signal.SIGXCPU else RenderCode.CRASHED)
    header, _, docx = bytes(run.output).partition(b"\n")
    try:
        result = json.loads(header.decode()) if returncode == 0 else None
    except ValueError:
        result = None
    if not isinstance(result, dict) or "code" not in result:
        raise _refused(RenderCode.CRASHED)
    code = result["code"]
    if code == TEMPLATE:
        raise ValidationError(str(result.get("message", "")), code=RenderCode.TEMPLATE)
    if code != OK:
        raise _refused(code if code in RenderCode.LIMITS else RenderCode.CRASHED)
    if len(docx) != result.get("size") or len(docx) > max_output:
        raise _refused(RenderCode.TOO_LARGE if len(docx) > max_output else RenderCode.CRASHED)
    try:  # the same checks as every stored document: a Word file, not a zip bomb
        file_type = detect(ContentFile(docx, name="report.docx"))
    except ValidationError as exc:
        raise _refused(
            RenderCode.TOO_LARGE if exc.code in {"size", "zip_bomb"} else RenderCode.CRASHED
        ) from exc
    if file_type.code != "docx":
        raise _refused(RenderCode.CRASHED)
    return docx


def render_pdf(context: dict[str, Any], *, template: str = "reports/report_pdf.html") -> bytes:
    """The PDF of the same context, from a Django HTML template (Arial, plain). Fetches nothing. The
    signoffs app renders the sign-off record through here too, with its own template."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("The report PDF loads no external resource")
