"""Table tests of the SVG charts (action_plans/charts.py, pure): well-formed, accessible (role, title, desc,
text not colour alone), the same numbers as their bars, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from safeguarding_reviews.action_plans import charts
from safeguarding_reviews.action_plans.charts import Bar, Series, StackedBar

NS = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _child_text(element: ET.Element, tag: str) -> str:
    found = element.find(f"{NS}{tag}")
    assert found is not None and found.text is not None, tag
    return found.text


def _width(element: ET.Element) -> float:
    return float(element.get("width") or "nan")


def _texts(svg: ET.Element, css_class: str) -> list[str]:
    return [el.text or "" for el in svg.iter(f"{NS}text") if el.get("class") == css_class]


@pytest.mark.parametrize(
    "bars",
    [
        [],
        [Bar("Not started", 0, "0")],
        [Bar("Not started", 4, "4 (1 overdue)"), Bar("In progress", 10, "10"), Bar("Withdrawn", 0, "0")],
        [Bar("A & B <Agency>", 3, "3 \"quoted\" & 'single'")],
        [Bar("A very long agency name that goes on and on and on", 1, "1")],
    ],
)
def test_a_bar_chart_is_well_formed_accessible_svg_with_every_value_as_text(bars):
    svg = _parse(charts.bar_chart(chart_id="c1", title="Actions by status", bars=bars))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert _child_text(svg, "title") == "Actions by status"
    desc = _child_text(svg, "desc")
    assert _texts(svg, "app-chart__value") == [bar.text for bar in bars]
    for bar in bars:
        assert f"{bar.label}: {bar.text}" in desc
    if not bars:
        assert desc == "No figures to show."
    # A bar for every value above zero, none for zero.
    drawn = [el for el in svg.iter(f"{NS}rect") if el.get("class") == "app-chart__bar"]
    assert len(drawn) == sum(1 for bar in bars if bar.value > 0)


def test_bars_are_scaled_to_the_longest_or_to_the_maximum_given():
    svg = _parse(charts.bar_chart(chart_id="c", title="t", bars=[Bar("a", 5, "5"), Bar("b", 10, "10")]))
    widths = [_width(el) for el in svg.iter(f"{NS}rect") if el.get("class") == "app-chart__bar"]
    assert widths == [charts.BAR_SPACE / 2, charts.BAR_SPACE]
    svg = _parse(charts.bar_chart(chart_id="c", title="t", bars=[Bar("a", 50, "50%")], maximum=100))
    widths = [_width(el) for el in svg.iter(f"{NS}rect") if el.get("class") == "app-chart__bar"]
    assert widths == [charts.BAR_SPACE / 2]


@pytest.mark.parametrize(
    ("label", "shown"), [("Short", "Short"), ("x" * 40, "x" * 27 + "…"), ("a  b", "a b")]
)
def test_long_labels_are_shortened_the_table_has_them_in_full(label, shown):
    assert charts.short(label) == shown


def test_patterns_are_defined_once_per_chart_with_the_charts_own_ids():
    markup = charts.bar_chart(chart_id="chart-x", title="t", bars=[Bar("a", 1, "1")], pattern="stripes")
    svg = _parse(markup)
    (pattern,) = list(svg.iter(f"{NS}pattern"))
    assert pattern.get("id") == "chart-x-stripes"
    bar = next(el for el in svg.iter(f"{NS}rect") if el.get("class") == "app-chart__bar")
    assert bar.get("fill") == "url(#chart-x-stripes)"
    # Every bar has a dark outline (non-text contrast on white) whatever its fill.
    assert bar.get("stroke") == charts.TEXT


SERIES = [Series("Evidence accepted", "solid"), Series("Overdue", "cross"), Series("Withdrawn", "lines")]


def test_a_stacked_chart_has_a_part_per_value_a_legend_with_the_patterns_and_the_totals():
    bars = [StackedBar("Agency A", (3, 1, 0), "4 actions"), StackedBar("Agency B", (0, 2, 2), "4 actions")]
    svg = _parse(charts.stacked_bar_chart(chart_id="s", title="By agency", series=SERIES, bars=bars))
    parts = [el for el in svg.iter(f"{NS}rect") if el.get("class") == "app-chart__part"]
    assert [_child_text(part, "title") for part in parts] == [
        "Evidence accepted: 3",
        "Overdue: 1",
        "Overdue: 2",
        "Withdrawn: 2",
    ]
    assert {part.get("fill") for part in parts} == {charts.BAR, "url(#s-cross)", "url(#s-lines)"}
    assert _texts(svg, "app-chart__legend") == [series.label for series in SERIES]
    assert _texts(svg, "app-chart__value") == ["4 actions", "4 actions"]
    desc = _child_text(svg, "desc")
    assert "Agency A: 4 actions (Evidence accepted 3, Overdue 1, Withdrawn 0)" in desc
    # Each bar's parts run on from one another, at the same scale for every bar.
    first = [_width(part) for part in parts[:2]]
    assert sum(first) == charts.BAR_SPACE


def test_a_stacked_chart_with_nothing_to_show():
    svg = _parse(charts.stacked_bar_chart(chart_id="s", title="t", series=SERIES, bars=[]))
    assert _child_text(svg, "desc") == "No figures to show."
    assert "No actions match the filters" in ET.tostring(svg, encoding="unicode")


def test_chart_text_is_escaped():
    markup = charts.bar_chart(chart_id='x"><script>', title="<b>", bars=[Bar("<i>", 1, "&")])
    assert "<script>" not in markup and "<b>" not in markup and "<i>" not in markup
    _parse(markup)


@pytest.mark.parametrize(
    ("texts", "width"),
    [
        ([], charts.WIDTH),
        (["4"], charts.WIDTH),
        (["1, the longest by 120 days"], charts.BAR_LEFT + charts.BAR_SPACE + 10 + 26 * charts.CHAR_WIDTH),
    ],
)
def test_a_chart_is_wide_enough_for_its_longest_value_text(texts, width):
    assert charts.width_for(texts) == width
    bars = [Bar("a", 1, text) for text in texts]
    svg = _parse(charts.bar_chart(chart_id="w", title="t", bars=bars))
    assert svg.get("width") == str(width) and svg.get("viewBox") == f"0 0 {width} {svg.get('height')}"
