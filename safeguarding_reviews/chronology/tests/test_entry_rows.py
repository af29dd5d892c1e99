"""The merged chronology's rows written in Python (chronology.entry_rows): the date and "what happened"
cells say what the `_date.html` and `_entry_detail.html` includes say on the entry's other pages, for any
text an agency may write (markup, quotes, line breaks), and every value is escaped."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_reviews.chronology.entry_rows import date_cell, detail_cell, table_rows
from safeguarding_reviews.chronology.models import ChronologyEntry, ChronologyEventType, DatePrecision
from safeguarding_reviews.chronology.selectors import DuplicateOf
from safeguarding_reviews.organisations.models import Agency

TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\r£é")), max_size=12)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


def _template(name: str, entry: ChronologyEntry) -> str:
    return Template("{% include '" + name + "' %}").render(Context({"entry": entry}))


def _same(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@st.composite
def entries(draw: st.DrawFn) -> ChronologyEntry:
    date = draw(DATES)
    corrected = draw(st.booleans())
    return ChronologyEntry(
        pk=draw(st.integers(1, 10_000)),
        agency=Agency(name=draw(TEXT) or "Police"),
        agency_order=draw(st.integers(1, 5000)),
        date=date,
        date_to=draw(st.one_of(st.none(), st.just(date), DATES.filter(lambda d: d > date))),
        date_precision=draw(st.sampled_from(DatePrecision.values)),
        date_as_written=draw(TEXT),
        time=draw(st.one_of(st.none(), st.times())),
        source_record=draw(TEXT),
        event_type=draw(st.sampled_from(ChronologyEventType.values)),
        event_type_as_written=draw(TEXT),
        what_happened=draw(TEXT) or "Seen at home",
        action_taken=draw(TEXT),
        outcome=draw(TEXT),
        who_seen=draw(TEXT),
        practitioner_role=draw(TEXT),
        analysis=draw(TEXT),
        is_key_episode=draw(st.booleans()),
        restricted_to_roles=["police"] if draw(st.booleans()) else [],
        corrected_at=dt.datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("UTC")) if corrected else None,
        correction_reason=draw(TEXT) if corrected else "",
    )


@settings(max_examples=150, deadline=None)
@given(entry=entries())
def test_the_date_and_detail_cells_say_what_the_includes_say(entry: ChronologyEntry) -> None:
    assert _same(date_cell(entry)) == _same(_template("chronology/_date.html", entry))
    assert _same(detail_cell(entry)) == _same(_template("chronology/_entry_detail.html", entry))


def test_every_value_in_a_row_is_escaped() -> None:
    mark = "<b>\"x\" & 'y'</b>"
    entry = ChronologyEntry(
        pk=7,
        agency=Agency(name=mark),
        agency_order=3,
        date=dt.date(2025, 5, 4),
        date_precision=DatePrecision.EXACT,
        date_as_written=mark,
        source_record=mark,
        event_type=ChronologyEventType.values[0],
        event_type_as_written=mark,
        what_happened=mark,
        analysis=mark,
    )
    html = table_rows(
        [(entry, [DuplicateOf(9, mark, 2, "same date", 5)], 2, [], [], ("/c/", "/w/", "/h/"))],
        may_write=True,
        decide_url="/decide/",
        csrf_input='<input type="hidden" name="csrfmiddlewaretoken" value="t">',
    )
    assert "<b>" not in html
    assert "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;" in html
    assert 'href="#entry-9"' in html and 'name="other" value="9"' in html
    assert "Same date, 5 words in common" in html
    assert "And 2 more possible duplicates of this entry: they appear here" in html
