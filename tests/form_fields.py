"""The POST forms on a rendered page, read with the standard library's html.parser (tests/test_fuzz_forms.py).

`post_forms(html, page_path)` returns, for each form that POSTs, the path it posts to and its fields: the
name, what kind of control it is and the values the page offered (an input's value, a select's or radio's
options), so that a fuzzer can send real field names with a mix of real and hostile values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Kinds of control, as the fuzzer treats them.
TEXT = "text"  # text, email, number, password, search, tel, url, hidden, textarea, date-like inputs
CHOICE = "choice"  # select, radio
MULTI = "multi"  # checkbox, select multiple
FILE = "file"
SUBMIT = "submit"  # a named button or submit input: its value says which action


@dataclass
class Field:
    name: str
    kind: str
    values: list[str] = field(default_factory=list)  # what the page offered, first seen first

    def offer(self, value: str | None) -> None:
        if value is not None and value not in self.values:
            self.values.append(value)


@dataclass
class Form:
    action: str  # the path (no query string) the form posts to
    fields: dict[str, Field] = field(default_factory=dict)
    multipart: bool = False

    def add(self, name: str, kind: str, value: str | None) -> None:
        existing = self.fields.get(name)
        if existing is None:
            existing = self.fields[name] = Field(name, kind)
        elif existing.kind == CHOICE and kind == MULTI:
            existing.kind = MULTI
        existing.offer(value)

    def merge(self, other: Form) -> None:
        self.multipart = self.multipart or other.multipart
        for name, theirs in other.fields.items():
            offered: list[str | None] = [*theirs.values] or [None]
            for value in offered:
                self.add(name, theirs.kind, value)


_IGNORED_INPUTS = {"reset", "button", "image"}
_CHOICE_INPUTS = {"radio"}
_MULTI_INPUTS = {"checkbox"}


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None  # name, multiple
        self._option_value: str | None = None
        self._option_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() != "post":
                self._form = None
                return
            action = urlsplit(urljoin(self.page_path, a.get("action") or self.page_path)).path
            self._form = Form(action=action, multipart="multipart" in a.get("enctype", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in _IGNORED_INPUTS:
                return
            if kind == "file":
                form.add(name, FILE, None)
            elif kind == "submit":
                form.add(name, SUBMIT, a.get("value", ""))
            elif kind in _CHOICE_INPUTS:
                form.add(name, CHOICE, a.get("value", "on"))
            elif kind in _MULTI_INPUTS:
                form.add(name, MULTI, a.get("value", "on"))
            else:
                form.add(name, TEXT, a.get("value"))
        elif tag == "button" and name:
            form.add(name, SUBMIT, a.get("value", ""))
        elif tag == "textarea" and name:
            form.add(name, TEXT, None)
        elif tag == "select" and name:
            self._select = (name, "multiple" in a)
            form.add(name, MULTI if "multiple" in a else CHOICE, None)
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_text = []

    def handle_data(self, data: str) -> None:
        if self._option_text is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None and self._form is not None:
            self._close_option()
        elif tag == "select":
            if self._option_text is not None:
                self._close_option()
            self._select = None
        elif tag == "form":
            self._form = None

    def _close_option(self) -> None:
        assert self._select is not None and self._form is not None and self._option_text is not None
        value = self._option_value if self._option_value is not None else "".join(self._option_text).strip()
        self._form.fields[self._select[0]].offer(value)
        self._option_value, self._option_text = None, None


def post_forms(html: str, page_path: str) -> list[Form]:
    """Every form on the page whose method is POST, with its action resolved against the page's path."""
    parser = _FormParser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms
