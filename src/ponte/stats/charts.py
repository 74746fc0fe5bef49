"""Geometry of the dashboard's charts, for SVG drawn by templates on the server.

Coordinates are plain strings ("12.50"), never localised: SVG attributes need a dot
as decimal separator whatever the language. In a right-to-left language the x
positions are mirrored, so bars grow from the right and years run from right to
left; the templates set ``direction`` on the SVG, so text anchors stay logical
("end" of a label is where its bar starts). Texts shown to people (labels,
values) are translated and localised here or in the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

# Horizontal bars: a label column, the bars, room for the value after each bar.
BAR_WIDTH = 820
BAR_LABEL = 380
BAR_VALUE = 80
BAR_ROW = 34
BAR_THICKNESS = 22
GAP = 8
# Columns and lines: a plot above an axis of year labels.
PLOT_WIDTH = 640
PLOT_HEIGHT = 240
PLOT_TOP = 24
PLOT_BOTTOM = 30
SCALE = 60  # the percentage scale's labels, at the start of a line chart


def _n(value: float) -> str:
    return f"{value:.2f}"


def format_count(value: int | None) -> str:
    """A count as people read it in the active language; "—" when not known."""
    return "—" if value is None else number_format(value, force_grouping=True)


def format_number(value: float | None, decimals: int = 1) -> str:
    """A number with at most ``decimals`` decimals (27.5, 3, 0.33), in the active language; "—" when not known."""
    if value is None:
        return "—"
    rounded = round(value, decimals)
    if rounded == int(rounded):
        return number_format(int(rounded), force_grouping=True)
    return number_format(rounded, decimals, force_grouping=True).rstrip("0")


def _count_text(value: float | None, decimals: int) -> str:
    return format_number(value, decimals) if decimals else format_count(None if value is None else int(value))


def format_percent(value: float | None, decimals: int = 1) -> str:
    """A percentage (the share times 100), e.g. "44.4%"; "—" when not known."""
    if value is None:
        return "—"
    return _("%(percent)s%%") % {"percent": number_format(value, decimals)}


def as_percent(share: float | None) -> float | None:
    """A share (0-1, as the selectors give it) as a percentage rounded to one decimal."""
    return None if share is None else round(share * 100, 1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as shown, localised
    x: str
    y: str
    width: str
    height: str
    label_x: str
    value_x: str
    text_y: str


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: str
    height: str
    direction: str  # "ltr" or "rtl", for the SVG's direction attribute


def horizontal_bars(
    items: Sequence[tuple[str, float | None]], *, percent: bool = False, decimals: int = 0, rtl: bool | None = None
) -> BarChart:
    """One bar per (label, value), longest for the largest value (or 100 for percentages); ``decimals`` for
    fractional counts (an agreement split over its regions)."""
    rtl = get_language_bidi() if rtl is None else rtl
    room = BAR_WIDTH - BAR_LABEL - BAR_VALUE
    top = 100.0 if percent else max((value or 0 for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        length = (value or 0) / top * room
        start = BAR_LABEL if not rtl else BAR_WIDTH - BAR_LABEL - length
        label_x = BAR_LABEL - GAP if not rtl else BAR_WIDTH - BAR_LABEL + GAP
        value_x = BAR_LABEL + length + GAP if not rtl else BAR_WIDTH - BAR_LABEL - length - GAP
        row_top = index * BAR_ROW + (BAR_ROW - BAR_THICKNESS) / 2
        bars.append(
            Bar(
                label=label,
                value=value,
                text=format_percent(value) if percent else _count_text(value, decimals),
                x=_n(start),
                y=_n(row_top),
                width=_n(length),
                height=_n(BAR_THICKNESS),
                label_x=_n(label_x),
                value_x=_n(value_x),
                text_y=_n(row_top + BAR_THICKNESS / 2),
            )
        )
    return BarChart(
        bars=tuple(bars),
        width=str(BAR_WIDTH),
        height=str(max(len(bars), 1) * BAR_ROW),
        direction="rtl" if rtl else "ltr",
    )


def _slot_centre(index: int, count: int, rtl: bool, margin: float = 0) -> float:
    """x of the middle of a category's slot; ``margin`` is kept free at the start (for the scale)."""
    slot = (PLOT_WIDTH - margin) / count
    centre = margin + index * slot + slot / 2
    return PLOT_WIDTH - centre if rtl else centre


def _plot_y(fraction: float) -> float:
    """y of a value that is ``fraction`` of the scale's top (0 at the axis)."""
    return PLOT_TOP + (1 - fraction) * (PLOT_HEIGHT - PLOT_TOP - PLOT_BOTTOM)


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    text: str
    x: str
    y: str
    width: str
    height: str
    centre_x: str
    value_y: str


@dataclass(frozen=True)
class ColumnChart:
    columns: tuple[Column, ...]
    axis_y: str  # the baseline, where the columns stand
    label_y: str  # where the category labels (years) sit
    width: str
    height: str
    direction: str


def columns(items: Sequence[tuple[str, int]], *, rtl: bool | None = None) -> ColumnChart:
    """One column per (label, count), e.g. participants per year; the first item on the reading side."""
    rtl = get_language_bidi() if rtl is None else rtl
    top = max((value for _label, value in items), default=0) or 1
    slot = PLOT_WIDTH / max(len(items), 1)
    thickness = min(slot * 0.6, 80)
    axis = _plot_y(0)
    result = []
    for index, (label, value) in enumerate(items):
        centre = _slot_centre(index, len(items), rtl)
        y = _plot_y(value / top)
        result.append(
            Column(
                label=label,
                value=value,
                text=format_count(value),
                x=_n(centre - thickness / 2),
                y=_n(y),
                width=_n(thickness),
                height=_n(axis - y),
                centre_x=_n(centre),
                value_y=_n(y - 6),
            )
        )
    return ColumnChart(
        columns=tuple(result),
        axis_y=_n(axis),
        label_y=_n(PLOT_HEIGHT - 8),
        width=str(PLOT_WIDTH),
        height=str(PLOT_HEIGHT),
        direction="rtl" if rtl else "ltr",
    )


@dataclass(frozen=True)
class Point:
    label: str  # the category, e.g. the year
    value: float
    text: str
    x: str
    y: str


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]  # only the known values
    polyline: str  # "x,y x,y …" through the known values
    colour: str
    dash: str  # stroke-dasharray, so series differ by more than colour


@dataclass(frozen=True)
class Tick:
    text: str
    y: str


@dataclass(frozen=True)
class LineChart:
    series: tuple[Series, ...]
    scale_x: str  # where the scale's labels start (text-anchor="start")
    grid_from: str
    grid_to: str
    categories: tuple[tuple[str, str], ...]  # (label, x)
    ticks: tuple[Tick, ...]
    axis_y: str
    label_y: str
    width: str
    height: str
    direction: str


SERIES_STYLES = (("#0b4f8a", ""), ("#a64b00", "8 5"), ("#2e6b30", "2 4"), ("#6b3e8a", "12 4 2 4"))


def percent_lines(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, rtl: bool | None = None
) -> LineChart:
    """Lines of percentages (0-100) over categories, e.g. shares per year; unknown values are left out."""
    rtl = get_language_bidi() if rtl is None else rtl
    count = max(len(categories), 1)
    drawn = []
    for (name, values), (colour, dash) in zip(series, SERIES_STYLES, strict=False):
        points = tuple(
            Point(
                label=category,
                value=value,
                text=format_percent(value),
                x=_n(_slot_centre(index, count, rtl, SCALE)),
                y=_n(_plot_y(value / 100)),
            )
            for index, (category, value) in enumerate(zip(categories, values, strict=True))
            if value is not None
        )
        drawn.append(
            Series(
                name=name,
                points=points,
                polyline=" ".join(f"{point.x},{point.y}" for point in points),
                colour=colour,
                dash=dash,
            )
        )
    return LineChart(
        series=tuple(drawn),
        scale_x=_n(PLOT_WIDTH if rtl else 0),
        grid_from=_n(0 if rtl else SCALE),
        grid_to=_n(PLOT_WIDTH - SCALE if rtl else PLOT_WIDTH),
        categories=tuple(
            (category, _n(_slot_centre(index, count, rtl, SCALE))) for index, category in enumerate(categories)
        ),
        ticks=tuple(Tick(text=format_percent(float(level), 0), y=_n(_plot_y(level / 100))) for level in (0, 50, 100)),
        axis_y=_n(_plot_y(0)),
        label_y=_n(PLOT_HEIGHT - 8),
        width=str(PLOT_WIDTH),
        height=str(PLOT_HEIGHT),
        direction="rtl" if rtl else "ltr",
    )
