"""Rendering the report: DOCX from a Word template in a sandboxed Jinja engine, PDF with WeasyPrint.

The template engine is jinja2's ImmutableSandboxedEnvironment with StrictUndefined and autoescape (the values
go into Word's XML): a template cannot reach Python internals (`{{ ''.__class__ }}` raises SecurityError),
cannot change the context, and a name the context does not provide is an error rather than a silent blank.
On top of the sandbox, the filters and operators that can build huge strings (`*`, `**`, `center`, `format`,
`indent`, `wordwrap`) are refused or limited, and `range` is capped, so a template cannot exhaust memory.

`template_problem()` turns a rendering failure into the sentence the business manager sees.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_RANGE = 1000
MAX_REPEAT = 10_000
_REMOVED_FILTERS = ("center", "format", "indent", "wordwrap", "xmlattr", "pprint", "filesizeformat")


def _limited_range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items in report templates")
    return values


class ReportSandbox(ImmutableSandboxedEnvironment):
    """The sandbox report templates render in."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        for name in _REMOVED_FILTERS:
            self.filters.pop(name, None)
        self.globals = {"range": _limited_range}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("The power operator (**) is not allowed in report templates")
        if isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            count = right if isinstance(left, str | list | tuple) else left
            if not isinstance(count, int) or count > MAX_REPEAT:
                raise SecurityError(
                    "Repeating text or lists that many times is not allowed in report templates"
                )
        return super().call_binop(context, operator, left, right)


def _undefined_name(message: str) -> str:
    for pattern in (r"'([^']+)' is undefined", r"has no attribute '([^']+)'", r"no element '?([^']+?)'?$"):
        found = re.search(pattern, message)
        if found:
            return found.group(1)
    return message


def template_problem(exc: BaseException) -> str:
    """What is wrong with the template, for the person who uploaded it."""
    if isinstance(exc, SecurityError):
        return (
            "The template tries to reach Python internals or to do something report templates may not do "
            f"({str(exc).rstrip('.')}). Use only the report's variables (see the list of variables) and "
            "remove that tag."
        )
    if isinstance(exc, TemplateSyntaxError):
        snippet = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())[:120]
        # docxtpl puts each Word paragraph on its own line of the XML, after one line of document header.
        where = f" in paragraph {max(exc.lineno - 1, 1)}" if exc.lineno else ""
        near = f" (around “{snippet}”)" if snippet else ""
        message = str(exc.message).rstrip(".")
        return f"The template has a mistake in a tag{where}{near}: {message}. Check the braces and try again."
    if isinstance(exc, UndefinedError):
        return (
            f"The template uses “{_undefined_name(str(exc.message or exc))}”, which the report does not "
            "provide. "
            "Use only the report's variables (see the list of variables)."
        )
    if isinstance(exc, TemplateError):
        return f"The template could not be rendered: {exc}."
    return (
        "The template could not be opened and rendered as a Word document. Save it again as .docx and retry."
    )


def render_docx(template_bytes: bytes, context: dict[str, Any]) -> bytes:
    """Render a Word template with the context. Raises ValidationError(template_problem(...)) on failure."""
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(template_bytes))
        template.render(context, jinja_env=ReportSandbox(), autoescape=True)
        out = io.BytesIO()
        template.save(out)
    except ValidationError:
        raise
    except Exception as exc:  # a broken or hostile file can fail anywhere in docxtpl, lxml or python-docx
        raise ValidationError(template_problem(exc), code="template") from exc
    return out.getvalue()


def render_pdf(context: dict[str, Any]) -> bytes:
    """The PDF of the same context, from a Django HTML template (Arial, plain). Fetches nothing."""
    from weasyprint import HTML

    html = render_to_string("reports/report_pdf.html", context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("The report PDF loads no external resource")
