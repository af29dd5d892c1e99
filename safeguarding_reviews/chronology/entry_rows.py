"""The merged chronology's table rows, written in Python rather than in the template language.

Why: a page holds 100 entries, each with up to three possible-duplicate checks (a form each for the business
unit), and the template engine spent about 0.4 ms an entry resolving variables, over half the page's time
on a 5,000-entry chronology (docs/performance.md). Every value is escaped as the template's autoescaping
did (`html.escape`, which Django's `escape` wraps; `linebreaksbr` for text with line breaks), and numbers are
written unlocalised, as the page's `{% localize off %}` did. `format_html` cost as much again as f-strings.

The date and the "what happened" cells are the same as the `chronology/_date.html` and
`chronology/_entry_detail.html` includes that the entry's other pages use; a test renders both and compares
them, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import linebreaksbr
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from safeguarding_reviews.core.templatetags.govuk import govuk_date, london_time

if TYPE_CHECKING:
    from .models import ChronologyEntry
    from .selectors import AlsoRecorded, DuplicateOf, SilentPeriod

_SMALL = '<p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">'


def _esc(value: Any) -> str:
    """Django's `escape` without its SafeString wrapping: every value written below goes through this (or
    through linebreaksbr, which escapes too), so the page says what the template said."""
    return html.escape(str(value))


@functools.cache
def _event_labels() -> dict[str, str]:
    """Each event type's label, escaped, as `get_event_type_display` gives it (worked out once: Django
    flattens and hashes the choices on every call, a twentieth of the rows' time)."""
    from .models import ChronologyEventType

    return {str(value): _esc(label) for value, label in ChronologyEventType.choices}


def _event_label(value: str) -> str:
    # An unknown value is shown as stored, as get_FOO_display does.
    return _event_labels().get(value) or _esc(value)


def _capfirst(text: str) -> str:
    # Django's capfirst filter, without its lazy-string and decorator wrapping (a call a possible duplicate).
    return text[:1].upper() + text[1:]


def _lines(text: str) -> str:
    return str(linebreaksbr(text, autoescape=True))


def date_cell(entry: ChronologyEntry) -> SafeString:
    """What `chronology/_date.html` shows: the date as known (a month, a span or a day), whether it is
    approximate, the date as the agency wrote it and the time."""
    if entry.date_precision == "month":
        when = date_format(entry.date, "F Y")
    elif entry.date_to and entry.date_to != entry.date:
        when = f"{govuk_date(entry.date)} to {govuk_date(entry.date_to)}"
    else:
        when = govuk_date(entry.date)
    parts = [_esc(when)]
    if entry.date_precision == "approximate":
        parts.append(" (approximately)")
    if entry.date_as_written:
        parts.append(f'<br><span class="govuk-body-s">Written as: {_esc(entry.date_as_written)}</span>')
    if entry.time:
        parts.append(f"<br>{entry.time.strftime('%H:%M')}")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def detail_cell(entry: ChronologyEntry) -> SafeString:
    """What `chronology/_entry_detail.html` shows: what happened, the action taken, the outcome, who was
    seen, the practitioner's role and the last correction."""
    parts = [_lines(entry.what_happened)]
    if entry.action_taken:
        parts.append(f"{_SMALL}<strong>Action taken:</strong> {_lines(entry.action_taken)}</p>")
    if entry.outcome:
        parts.append(f"{_SMALL}<strong>Outcome:</strong> {_lines(entry.outcome)}</p>")
    if entry.who_seen:
        parts.append(f"{_SMALL}<strong>Who was seen:</strong> {_esc(entry.who_seen)}</p>")
    if entry.practitioner_role:
        parts.append(f"{_SMALL}{_esc(entry.practitioner_role)}</p>")
    if entry.corrected_at:
        parts.append(
            f'{_SMALL}<strong class="govuk-tag govuk-tag--blue">Corrected</strong> Changed on '
            f"{_esc(london_time(entry.corrected_at))} because {_esc(entry.correction_reason)}</p>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - linebreaksbr and _esc escape every value


def _silence(period: SilentPeriod) -> str:
    return (
        '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5"><strong class="govuk-tag '
        f'govuk-tag--grey">Silent period</strong> No agency contact for {int(period.days)} days: '
        f"{_esc(govuk_date(period.start))} to {_esc(govuk_date(period.end))}</td></tr>"
    )


def _agency_cell(entry: ChronologyEntry, name: str, order: str, also: Iterable[AlsoRecorded]) -> str:
    parts = [f"{name} entry {order}"]
    if entry.source_record:
        parts.append(f'<br><span class="govuk-body-s">{_esc(entry.source_record)}</span>')
    parts.extend(
        f'<br><span class="govuk-body-s">Also recorded by {_esc(other.agency_name)} '
        f"(entry {int(other.agency_order)})</span>"
        for other in also
    )
    return "".join(parts)


def _event_cell(
    entry: ChronologyEntry,
    name: str,
    order: str,
    duplicates: Sequence[DuplicateOf],
    more: int,
    *,
    may_write: bool,
    decide_url: str,
    csrf_input: str,
) -> str:
    parts = [_event_label(entry.event_type)]
    if entry.event_type_as_written:
        parts.append(f'<br><span class="govuk-body-s">Written as: {_esc(entry.event_type_as_written)}</span>')
    if entry.is_key_episode:
        parts.append('<br><strong class="govuk-tag">Key episode</strong>')
    if entry.is_restricted:
        parts.append('<br><strong class="govuk-tag govuk-tag--red">Restricted</strong>')
    for other in duplicates:
        other_id, other_name, other_order = (
            int(other.entry_id),
            _esc(other.agency_name),
            int(other.agency_order),
        )
        parts.append(
            '\n<div class="govuk-!-margin-top-2"><strong class="govuk-tag govuk-tag--yellow">Check</strong> '
            f'<a class="govuk-link" href="#entry-{other_id}">Possible duplicate of {other_name} entry '
            f'{other_order}</a><br><span class="govuk-body-s">{_esc(_capfirst(other.reason))}</span>'
        )
        if may_write:
            hidden = (
                f'<span class="govuk-visually-hidden"> for {name} entry {order} and {other_name} entry '
                f"{other_order}</span>"
            )
            parts.append(
                f'\n<form method="post" action="{decide_url}" novalidate class="govuk-!-margin-top-1">'
                f'{csrf_input}<input type="hidden" name="entry" value="{int(entry.pk)}">'
                f'<input type="hidden" name="other" value="{other_id}">'
                f'<button type="submit" name="decision" value="same" class="{_BUTTON_CLASSES}" '
                f'data-module="govuk-button">Same event{hidden}</button>'
                f'<button type="submit" name="decision" value="different" class="{_BUTTON_CLASSES}" '
                f'data-module="govuk-button">Different events{hidden}</button></form>'
            )
        parts.append("</div>")
    if more:
        parts.append(
            f"\n{_SMALL}And {int(more)} more possible duplicate{'' if more == 1 else 's'} of this entry: "
            f"{'it appears' if more == 1 else 'they appear'} here as these are decided.</p>"
        )
    return "".join(parts)


_BUTTON_CLASSES = "govuk-button govuk-button--secondary govuk-!-margin-bottom-1"


def _analysis_cell(
    entry: ChronologyEntry, name: str, order: str, links: tuple[str, str, str], *, may_write: bool
) -> str:
    correct, withdraw, history = (_esc(link) for link in links)
    writes = (
        f'<a class="govuk-link" href="{correct}">Correct<span class="govuk-visually-hidden"> {name} entry '
        f'{order}</span></a> · <a class="govuk-link" href="{withdraw}">Withdraw<span '
        f'class="govuk-visually-hidden"> {name} entry {order}</span></a> · '
        if may_write
        else ""
    )
    return (
        f'{_lines(entry.analysis)}\n{_SMALL}{writes}<a class="govuk-link" href="{history}">History<span '
        f'class="govuk-visually-hidden"> of {name} entry {order}</span></a></p>'
    )


def table_rows(
    rows: Iterable[
        tuple[ChronologyEntry, Sequence[DuplicateOf], int, Sequence[SilentPeriod], Any, tuple[str, str, str]]
    ],
    *,
    may_write: bool,
    decide_url: str,
    csrf_input: str,
) -> SafeString:
    """The table body's rows: each silent period before the entry it precedes, then the entry's row."""
    out: list[str] = []
    decide_url = _esc(decide_url)  # once a page; _event_cell writes it as given
    for entry, duplicates, more, silences, also, links in rows:
        out.extend(_silence(period) for period in silences)
        name, order = _esc(entry.agency.name), str(int(entry.agency_order))
        event = _event_cell(
            entry,
            name,
            order,
            duplicates,
            more,
            may_write=may_write,
            decide_url=decide_url,
            csrf_input=csrf_input,
        )
        analysis = _analysis_cell(entry, name, order, links, may_write=may_write)
        out.append(
            f'<tr class="govuk-table__row" id="entry-{int(entry.pk)}">\n'
            f'<td class="govuk-table__cell">{date_cell(entry)}</td>\n'
            f'<td class="govuk-table__cell">{_agency_cell(entry, name, order, also)}</td>\n'
            f'<td class="govuk-table__cell">{event}</td>\n'
            f'<td class="govuk-table__cell">{detail_cell(entry)}</td>\n'
            f'<td class="govuk-table__cell">{analysis}</td>\n'
            "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value in the rows above is escaped
