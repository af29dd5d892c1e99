"""Hypothesis strategies for hostile form posts (tests/test_fuzz_forms.py).

`payloads(form)` draws one POST for a form read from a page (tests/form_fields.py): each real field is left
out, given a value the page offered (or a plausible one), given a hostile value, or sent twice or three
times with different values; sometimes fields the form does not have are added; a file field gets garbage
bytes, an empty file, a spreadsheet with hostile cells or an absurd file name.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from .form_fields import CHOICE, FILE, MULTI, SUBMIT, Form

HUGE = 100_000

CONTROL = [
    "\x00",
    "a\x00b",
    "\x00" * 8,
    "\x01\x02\x03",
    "\x07\x08\x0b\x0c",
    "\x1b[31m",
    "\x7f",
    "\r\n",
    "\t",
    "\x85",
]
UNICODE = [
    "\u0301",  # a lone combining acute accent
    "\u0301\u0302\u0303" * 20,
    "\u202eevil\u202c",  # right-to-left override
    "\u200b",  # zero-width space
    "\u200d\u200c",
    "\ufeff",  # byte order mark
    "\U0001f600",  # emoji (outside the BMP)
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",  # a family: one glyph, seven code points
    "\U00010348",
    "\U0001d54f",
    "\uffff\ufffe",  # non-characters
    "\U0010ffff",
    "İ",  # lower-cases to two code points
    "ß",
    "ﬃ",
    "١٢٣",  # Arabic-Indic digits: int() accepts them
    "²",  # isdigit() but not int()
    "Ⅻ",
    "\u00a0",
    "",
    " ",
]
INJECTION = [
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%s%s%n",
    "{{ 7*7 }}",
    "{% debug %}",
    "../../../etc/passwd",
    "=cmd|'/c calc'!A1",
    "null",
    "None",
    "true",
    "[]",
    "{}",
]
NUMBERS = [
    str(10**30),
    "-1",
    "0",
    "1",
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    str(2**31),
    str(2**32 + 1),
    "-" + str(10**30),
    "1e100",
    "1e309",
    "1.5",
    "-0",
    "+5",
    " 7 ",
    "1_000",
    "0x10",
    "NaN",
    "Infinity",
    "9" * 400,
]
DATES = [
    "31/02/2026",
    "29/02/2025",
    "29/02/2024",
    "0/0/0",
    "00/00/0000",
    "99999",
    "abc",
    "32/01/2026",
    "01/13/2026",
    "1/1/1",
    "1/1/0001",
    "31/12/9999",
    "1/1/99999",
    "1/1/-2026",
    "-1/-1/-1",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "27/3/2026",
    "1/1/2000",
    "1 1 1",
    "31/12/9999 23:59",
    "25:00",
    "23:60",
    "99:99",
    "-1:00",
    "00:00",
    "23:59",
    "12:00:00.000000000",
    "noon",
]
EMAILS = [
    "a@b",
    "@",
    "a" * 300 + "@example.com",
    "x@" + "y" * 300 + ".com",
    "ü@ü.example",
    "person@test.example\x00",
    "business_manager@test.example",
    "BUSINESS_MANAGER@TEST.EXAMPLE",
]
IDS = [
    "999999",
    str(10**30),
    "-1",
    "0",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "1,2",
    "1 OR 1=1",
]
SEEDS = CONTROL + UNICODE + INJECTION + NUMBERS + DATES + EMAILS + IDS
LENGTHS = [61, 201, 256, 1001, 5001, 10_001, HUGE]

printable = st.text(st.characters(codec="utf-8"), max_size=24)  # no surrogates: they cannot be encoded
long_text = st.builds(
    lambda seed, n: ((seed or "x") * (n // max(len(seed), 1) + 1))[:n],
    printable | st.sampled_from(SEEDS),
    st.sampled_from(LENGTHS),
)
hostile = st.one_of(
    st.sampled_from(SEEDS),
    printable,
    long_text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    # several kinds of trouble in one value (a NUL, an RTL override and a date, say), drawn twice as often
    st.lists(st.sampled_from(SEEDS), min_size=2, max_size=6).map("".join),
    st.lists(st.sampled_from(SEEDS), min_size=2, max_size=6).map("".join),
)


def _plausible(name: str) -> st.SearchStrategy[str]:
    """A value that could pass a field with this name, so the rest of the form is reached."""
    lowered = name.lower()
    if "email" in lowered:
        return st.sampled_from(["someone@test.example", "new.person@test.example"])
    if any(word in lowered for word in ("date", "_on", "day", "became_aware")):
        return st.sampled_from(["1/12/2026", "27/3/2026", "1/1/2025", "01/06/2026"])
    if "time" in lowered or lowered.endswith("_at"):
        return st.sampled_from(["09:30", "14:00", "00:00"])
    if any(word in lowered for word in ("days", "years", "number", "version")):
        return st.sampled_from(["1", "2", "10", "28"])
    return st.sampled_from(["Synthetic text", "A", "Child Z", "ok"])


@dataclass
class Payload:
    data: dict[str, list[object]] = field(default_factory=dict)
    urlencoded: bool = False

    def __repr__(self) -> str:
        def short(value: object) -> str:
            if isinstance(value, SimpleUploadedFile):
                return f"<file name={(value.name or '')[:40]!r}… size={value.size}>"
            text = repr(value)
            return text if len(text) <= 80 else f"{text[:60]}… ({len(str(value))} chars)"

        fields = ", ".join(f"{k[:40]!r}: [{', '.join(short(v) for v in vs)}]" for k, vs in self.data.items())
        return f"Payload({'urlencoded' if self.urlencoded else 'multipart'}; {fields})"


CSV_HEADING = [
    "Date",
    "Precision",
    "Time",
    "Agency",
    "Source record",
    "Event type",
    "What happened",
    "Practitioner role",
    "Key episode",
    "Analysis",
]
CSV_ROW = ["3/3/2025", "exact", "10:00", "Alphashire Test Hospital", "", "contact", "Synthetic", "", "no", ""]
# Never "": the test client cannot send a file without a name (a browser sends no file part then).
FILE_NAMES = [
    "notes.pdf",
    "chronology.csv",
    "chronology.xlsx",
    "template.docx",
    "x" * 300 + ".pdf",
    "../../etc/passwd",
    "名前\u202egpj.docx",
    "a\x00b.pdf",
    "CON.txt",
]


@st.composite
def uploads(draw: st.DrawFn) -> SimpleUploadedFile:
    name = draw(
        st.sampled_from(FILE_NAMES) | printable.filter(lambda n: os.path.basename(n) not in ("", ".", ".."))
    )
    kind = draw(st.sampled_from(["garbage", "empty", "csv", "zip", "pdf"]))
    if kind == "garbage":
        content = draw(st.binary(max_size=512))
    elif kind == "empty":
        content = b""
    elif kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            draw(st.sampled_from([CSV_HEADING, CSV_HEADING, CSV_HEADING[::-1], CSV_HEADING[:3], []]))
        )
        for _ in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):  # a good row (the matrix world's agency) with one or two bad cells
                row = list(CSV_ROW)
                for column in draw(st.lists(st.integers(0, len(row) - 1), min_size=1, max_size=2)):
                    row[column] = draw(hostile)
            else:
                row = draw(st.lists(hostile | _plausible("date"), max_size=12))
            writer.writerow(row)
        content = buffer.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")
    elif kind == "zip":
        content = b"PK\x03\x04" + draw(st.binary(max_size=256))  # what DOCX and XLSX start with
    else:
        content = b"%PDF-1.4\n" + draw(st.binary(max_size=256))
    content_type = draw(
        st.sampled_from(["application/octet-stream", "application/pdf", "text/csv", "", "x/\x7f"])
    )
    return SimpleUploadedFile(name, content, content_type=content_type or "application/octet-stream")


def _valid(draw: st.DrawFn, spec) -> list[object]:
    offered = [v for v in spec.values if v]
    if spec.kind == FILE:
        return [draw(uploads())]
    if spec.kind == MULTI and len(offered) > 1:
        return draw(st.lists(st.sampled_from(offered), min_size=1, unique=True))
    return [draw(st.sampled_from(offered) if offered else _plausible(spec.name))]


def _bad(draw: st.DrawFn, spec) -> list[object] | None:
    """A hostile value for one field, a wrong type for a choice, the field twice, or None (left out)."""
    offered = [v for v in spec.values if v]
    how = draw(st.sampled_from(["omit", "hostile", "hostile", "hostile", "twice"]))
    if how == "omit":
        return None
    if how == "twice":
        valid = st.sampled_from(offered) if offered else _plausible(spec.name)
        return draw(
            st.lists(valid | hostile | (uploads() if spec.kind == FILE else hostile), min_size=2, max_size=3)
        )
    if spec.kind in (CHOICE, MULTI) and draw(st.booleans()):
        return [draw(st.sampled_from(IDS + NUMBERS[:8]))]  # a wrong type for a choice
    if spec.kind == FILE and draw(st.booleans()):
        return [draw(uploads())]
    return [draw(hostile)]


@st.composite
def payloads(draw: st.DrawFn, form: Form) -> Payload:
    """Half the time every field is valid-looking but one or two, so that a request gets past the form to the
    service behind it; the other half each field is independently left out, valid, hostile or doubled."""
    payload = Payload()
    specs = [spec for spec in form.fields.values() if spec.name != "csrfmiddlewaretoken"]
    few_bad = draw(st.booleans())
    if few_bad and specs:
        bad = set(
            draw(st.lists(st.sampled_from([s.name for s in specs]), min_size=1, max_size=2, unique=True))
        )
    for spec in specs:
        if few_bad:
            value = _bad(draw, spec) if spec.name in bad else _valid(draw, spec)
            if spec.kind == SUBMIT and spec.name not in bad and draw(st.booleans()):
                value = None  # which button was pressed: either
        else:
            how = draw(st.sampled_from(["omit", "valid", "valid", "bad", "bad", "bad"]))
            if how == "omit" or (spec.kind == SUBMIT and how != "valid"):
                value = None
            else:
                value = _valid(draw, spec) if how == "valid" else _bad(draw, spec)
        if value is not None:
            payload.data[spec.name] = value
    for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 9)) == 0 else 0):
        payload.data[
            draw(st.sampled_from(["version", "id", "pk", "case", "next", "", "\x00", "a" * 300]))
        ] = [draw(hostile)]
    has_file = any(isinstance(v, SimpleUploadedFile) for vs in payload.data.values() for v in vs)
    payload.urlencoded = not has_file and not form.multipart and draw(st.integers(0, 3)) == 0
    return payload
