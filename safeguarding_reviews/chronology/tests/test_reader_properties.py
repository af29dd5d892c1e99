"""Whatever bytes are uploaded, the reader, the checks and the template importer return problems or rows and
never raise (Hypothesis: random bytes, random CSV text, mutated valid XLSX files)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguarding_reviews.chronology import importer, reading
from safeguarding_reviews.chronology.models import ChronologyEventType
from safeguarding_reviews.chronology.validation import check_file

DATA = Path(__file__).resolve().parent / "data"
TODAY = dt.date(2026, 6, 1)
XLSX = [(DATA / name).read_bytes() for name in ("health_title_rows.xlsx", "hostile_formulas.xlsx")]
NAMES = st.sampled_from(["c.csv", "c.xlsx", "c.txt", "c.xls", "c.pdf", "C.XLSX"])


def _never_raises(name: str, data: bytes) -> None:
    read = reading.read_file(name, data)
    assert read.problems or read.sheets
    result = check_file(name, data, today=TODAY)
    assert result.problems or result.rows or result.row_count == 0
    assert result.would_import in (0, len(result.rows))
    assert (result.would_import == 0) or not result.problems
    parsed = importer.parse(
        name, data, agencies={"Alphashire Police": 1}, event_types=ChronologyEventType.choices, today=TODAY
    )
    assert not (parsed.ok and parsed.problems)
    result.as_json()


@settings(max_examples=80, deadline=None)
@given(NAMES, st.binary(max_size=2_000))
def test_random_bytes(name, data):
    _never_raises(name, data)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(st.text(max_size=20), max_size=6),
        max_size=12,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    st.sampled_from([",", ";", "\t"]),
)
def test_random_csv_text(rows, encoding, delimiter):
    text = "\r\n".join(delimiter.join(cells) for cells in [["Date", "Summary"], *rows])
    data = text.encode(encoding, errors="ignore")
    _never_raises("c.csv", data)


@st.composite
def mutated_xlsx(draw):
    data = bytearray(draw(st.sampled_from(XLSX)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 400))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        else:
            data[at : at + 16] = b"\0" * 16
        if not data:
            break
    return bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_xlsx())
def test_mutated_xlsx(data):
    _never_raises("c.xlsx", data)


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


MEMBERS = [_members(data) for data in XLSX]


@st.composite
def xlsx_with_mutated_xml(draw):
    """A well-formed zip whose parts (sheet XML, shared strings, workbook, styles) are damaged inside, so the
    damage reaches openpyxl's XML parsing rather than stopping at the zip."""
    members = list(draw(st.sampled_from(MEMBERS)))
    at = draw(st.integers(0, len(members) - 1))
    name, body = members[at]
    body = bytearray(body)
    for _ in range(draw(st.integers(1, 6))):
        if not body:
            break
        where = draw(st.integers(0, len(body) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert"]))
        if kind == "flip":
            body[where] = draw(st.sampled_from(list(b"<>/=\"'&0123456789AZaz \x00\xff")))
        elif kind == "cut":
            del body[where : where + draw(st.integers(1, 200))]
        else:
            body[where:where] = draw(
                st.sampled_from(
                    [b'<c r="ZZZ9999999" t="s"><v>999</v></c>', b"<f>1+1</f>", b'<row r="0">', b"&x;"]
                )
            )
    members[at] = (name, bytes(body))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members:
            archive.writestr(member, content)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xlsx_with_mutated_xml())
def test_xlsx_with_damaged_parts(data):
    _never_raises("c.xlsx", data)
