"""Server-rendered SVG charts for the monitoring view, as pure functions (no Django, no chart library, nothing
loaded from elsewhere): the markup is built here and put in the page as it is.

Accessibility (WCAG 2.2 AA), because the committee should rather look at these than read tables, and some of
its members cannot see them:

- Each chart is `role="img"` with a `<title>` and a `<desc>` (named by `aria-labelledby`); the desc says
  every figure in words. The page puts a table with the same figures beside each chart, for screen readers
  and for anyone who wants the numbers.
- Nothing is told by colour alone: every bar carries its value as text at its end, and the parts of a stacked
  bar are told apart by patterns (solid, stripes, dots, cross-hatching) named in a legend drawn with the same
  patterns. Every bar and part has a dark outline, so its edge contrasts with the white page (non-text
  contrast, 1.4.11, at least 3:1); text is GOV.UK black on white (more than 4.5:1).
- Text is escaped (`html.escape`), so a label with `<` or `&` (an agency's name) cannot break the markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

TEXT = "#0b0c0c"  # GOV.UK text colour: 19.3:1 on white
BAR = "#1d70b8"  # GOV.UK blue: 5.2:1 on white
FONT = 'font-family="Arial, sans-serif" font-size="14"'

WIDTH = 640  # at least; wider when a value's text needs the room (width_for)
CHAR_WIDTH = 8  # a generous average width of a 14 px Arial character, to leave room for the value texts
LABEL_WIDTH = 210  # the labels end here (text-anchor end), the bars start 10 px later
BAR_LEFT = LABEL_WIDTH + 10
BAR_SPACE = 300  # the longest bar; the value text goes after it
ROW = 32
BAR_HEIGHT = 20
TOP = 8
LABEL_CHARS = 28

# The patterns that tell the parts of a stacked bar apart (legend and bars use the same ones).
PATTERNS = ("solid", "stripes", "dots", "cross", "dark", "lines")
NOTHING = "No actions match the filters"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (to scale the bar) and the value as it is printed at the bar's end."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Series:
    """One part of the stacked bars, with the pattern that marks it."""

    label: str
    pattern: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    values: tuple[int, ...]
    text: str


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """A label short enough to sit left of its bar; the table beside the chart has it in full."""
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _fill(chart_id: str, pattern: str) -> str:
    if pattern == "solid":
        return BAR
    if pattern == "dark":
        return TEXT
    return f"url(#{chart_id}-{pattern})"


def _defs(chart_id: str, patterns: Sequence[str]) -> str:
    shapes = {
        "stripes": (8, f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{TEXT}" stroke-width="2"/>'),
        "dots": (6, f'<circle cx="3" cy="3" r="1.6" fill="{TEXT}"/>'),
        "cross": (8, f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{TEXT}" stroke-width="1.2"/>'),
        "lines": (6, f'<path d="M0,3 h6" stroke="{TEXT}" stroke-width="1.5"/>'),
    }
    parts = []
    for pattern in patterns:
        if pattern not in shapes:
            continue
        size, shape = shapes[pattern]
        parts.append(
            f'<pattern id="{_e(chart_id)}-{pattern}" patternUnits="userSpaceOnUse" width="{size}" '
            f'height="{size}"><rect width="{size}" height="{size}" fill="#ffffff"/>{shape}</pattern>'
        )
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def width_for(texts: Sequence[str]) -> int:
    """The chart's width: the bars' space and room after the longest bar for the longest value text."""
    longest = max((len(text) for text in texts), default=0)
    return max(WIDTH, BAR_LEFT + BAR_SPACE + 6 + CHAR_WIDTH * longest + 4)


def _open(chart_id: str, title: str, description: str, height: int, width: int) -> str:
    cid = _e(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{cid}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" preserveAspectRatio="xMinYMin meet" focusable="false">'
        f'<title id="{cid}-title">{_e(title)}</title><desc id="{cid}-desc">{_e(description)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
    )


def _scale(values: Sequence[float], maximum: float | None) -> float:
    top = maximum if maximum is not None else max([0.0, *values])
    return BAR_SPACE / top if top > 0 else 0.0


def _label(y: int, text: str) -> str:
    return f'<text x="{LABEL_WIDTH}" y="{y}" text-anchor="end" fill="{TEXT}" {FONT}>{_e(short(text))}</text>'


def _axis(height: int) -> str:
    return (
        f'<line x1="{BAR_LEFT}" y1="{TOP - 4}" x2="{BAR_LEFT}" y2="{height}" stroke="{TEXT}" '
        'stroke-width="1"/>'
    )


def describe(bars: Sequence[Bar]) -> str:
    """The figures in words, for the chart's desc."""
    return "; ".join(f"{bar.label}: {bar.text}" for bar in bars) + "." if bars else "No figures to show."


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    maximum: float | None = None,
    description: str | None = None,
    pattern: str = "solid",
) -> str:
    """A horizontal bar chart: one bar per row with its label on the left and its value text at its end.
    `maximum` fixes the scale (100 for percentages); otherwise the longest bar fills the space."""
    rows = max(len(bars), 1)
    height = TOP + ROW * rows + 8
    scale = _scale([bar.value for bar in bars], maximum)
    width = width_for([bar.text for bar in bars])
    parts = [
        _open(chart_id, title, description or describe(bars), height, width),
        _defs(chart_id, [pattern]),
    ]
    if not bars:
        parts.append(f'<text x="{BAR_LEFT + 8}" y="{TOP + 20}" fill="{TEXT}" {FONT}>{NOTHING}</text>')
    for index, bar in enumerate(bars):
        y = TOP + ROW * index
        length = round(max(bar.value, 0) * scale, 1)
        parts.append(_label(y + 15, bar.label))
        if length > 0:
            parts.append(
                f'<rect class="app-chart__bar" x="{BAR_LEFT}" y="{y + 1}" width="{length}" '
                f'height="{BAR_HEIGHT}" fill="{_fill(chart_id, pattern)}" stroke="{TEXT}" stroke-width="1"/>'
            )
        parts.append(
            f'<text class="app-chart__value" x="{BAR_LEFT + length + 6}" y="{y + 15}" fill="{TEXT}" '
            f"{FONT}>{_e(bar.text)}</text>"
        )
    parts.append(_axis(height - 8))
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    series: Sequence[Series],
    bars: Sequence[StackedBar],
    description: str | None = None,
) -> str:
    """Horizontal bars split into parts (one per series, each with its pattern), the total at each bar's end
    and a legend with the patterns below. Every bar's `values` are in the order of `series`."""
    rows = max(len(bars), 1)
    legend_rows = len(series)
    height = TOP + ROW * rows + 12 + 24 * legend_rows + 8
    scale = _scale([sum(bar.values) for bar in bars], None)
    if description is None:
        description = (
            "; ".join(
                f"{bar.label}: {bar.text} ("
                + ", ".join(f"{part.label} {value}" for part, value in zip(series, bar.values, strict=True))
                + ")"
                for bar in bars
            )
            + "."
            if bars
            else "No figures to show."
        )
    width = width_for([bar.text for bar in bars] + [" " * 3 + part.label for part in series])
    parts = [
        _open(chart_id, title, description, height, width),
        _defs(chart_id, [s.pattern for s in series]),
    ]
    if not bars:
        parts.append(f'<text x="{BAR_LEFT + 8}" y="{TOP + 20}" fill="{TEXT}" {FONT}>{NOTHING}</text>')
    for index, bar in enumerate(bars):
        y = TOP + ROW * index
        x = float(BAR_LEFT)
        parts.append(_label(y + 15, bar.label))
        for part, value in zip(series, bar.values, strict=True):
            length = round(max(value, 0) * scale, 1)
            if length <= 0:
                continue
            parts.append(
                f'<rect class="app-chart__part" x="{round(x, 1)}" y="{y + 1}" width="{length}" '
                f'height="{BAR_HEIGHT}" fill="{_fill(chart_id, part.pattern)}" stroke="{TEXT}" '
                f'stroke-width="1"><title>{_e(part.label)}: {value}</title></rect>'
            )
            x += length
        parts.append(
            f'<text class="app-chart__value" x="{round(x, 1) + 6}" y="{y + 15}" fill="{TEXT}" '
            f"{FONT}>{_e(bar.text)}</text>"
        )
    parts.append(_axis(TOP + ROW * rows))
    legend_top = TOP + ROW * rows + 12
    for index, part in enumerate(series):
        y = legend_top + 24 * index
        parts.append(
            f'<rect x="{BAR_LEFT}" y="{y}" width="16" height="16" fill="{_fill(chart_id, part.pattern)}" '
            f'stroke="{TEXT}" stroke-width="1"/>'
            f'<text class="app-chart__legend" x="{BAR_LEFT + 24}" y="{y + 13}" fill="{TEXT}" {FONT}>'
            f"{_e(part.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
