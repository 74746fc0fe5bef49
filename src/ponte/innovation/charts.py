"""The profile's chart: for each pillar, a group of horizontal bars (the country, its region's average, its income
group's average) on the fixed 0-100 scale, drawn as SVG by a template on the server.

As in ``ponte.stats.charts``, coordinates are plain strings with a dot, and in a right-to-left language the x
positions are mirrored (bars grow from the right); the template sets ``direction`` on the SVG so text anchors
stay logical. A missing value (no assessment, no peer) draws no bar and says so in words, never as 0. The three
series differ by colour *and* fill pattern, and every value is written beside its bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from ponte.innovation.selectors import Profile
from ponte.stats.charts import format_number

WIDTH = 860
LABEL = 300  # the pillar names' column
VALUE_ROOM = 150  # after the longest bar: its value, or "no data"
GAP = 8
BAR = 16
BAR_GAP = 4
GROUP_GAP = 22
TOP = 26  # room for the scale's labels
SCALE = (0, 25, 50, 75, 100)


def _n(value: float) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class SeriesStyle:
    key: str
    name: str
    colour: str
    pattern: str  # "" for a solid fill, else the id of an SVG pattern


@dataclass(frozen=True)
class ChartBar:
    series: SeriesStyle
    value: Decimal | None
    text: str
    x: str
    y: str
    width: str
    text_x: str
    text_y: str
    print_width: str  # the bar's length in % of its cell, for the PDF's HTML bars (85% is 100)


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_y: str
    bars: tuple[ChartBar, ...]


@dataclass(frozen=True)
class Tick:
    text: str
    x: str


@dataclass(frozen=True)
class GroupedBarChart:
    series: tuple[SeriesStyle, ...]
    groups: tuple[ChartGroup, ...]
    ticks: tuple[Tick, ...]
    label_x: str
    axis_x: str
    plot_top: str
    plot_bottom: str
    tick_y: str
    width: str
    height: str
    bar_height: str
    direction: str


def series_styles(profile: Profile) -> tuple[SeriesStyle, ...]:
    """The chart's series, with names people read in the legend and the table."""
    styles = [SeriesStyle("country", profile.country.name, "#0b4f8a", "")]
    if profile.region_name:
        name = _("Average of %(region)s") % {"region": profile.region_name}
        styles.append(SeriesStyle("region", name, "#a64b00", "hatch-region"))
    if profile.income_group:
        name = _("Average of %(group)s countries") % {"group": profile.income_group.lower()}
        styles.append(SeriesStyle("income", name, "#2e6b30", "hatch-income"))
    return tuple(styles)


def profile_chart(profile: Profile, *, rtl: bool | None = None) -> GroupedBarChart:
    """The grouped bars of a profile: one group per pillar, one bar per series."""
    rtl = get_language_bidi() if rtl is None else rtl
    styles = series_styles(profile)
    room = WIDTH - LABEL - GAP - VALUE_ROOM
    start = LABEL + GAP  # where bars start, left to right

    def x_of(offset: float) -> float:
        """An x measured from the bars' start, mirrored in right-to-left."""
        return WIDTH - start - offset if rtl else start + offset

    group_height = len(styles) * (BAR + BAR_GAP) - BAR_GAP
    groups = []
    for index, row in enumerate(profile.rows):
        top = TOP + index * (group_height + GROUP_GAP)
        values = {"country": row.score, "region": row.region.value, "income": row.income.value}
        bars = []
        for position, style in enumerate(styles):
            value = values[style.key]
            length = float(value) / 100 * room if value is not None else 0.0
            y = top + position * (BAR + BAR_GAP)
            text = format_number(float(value), 1) if value is not None else _("no data")
            bars.append(
                ChartBar(
                    series=style,
                    value=value,
                    text=text,
                    x=_n(WIDTH - start - length if rtl else start),
                    y=_n(y),
                    width=_n(length),
                    text_x=_n(x_of(length + GAP)),
                    text_y=_n(y + BAR / 2),
                    print_width=_n(float(value) * 0.85 if value is not None else 0.0),
                )
            )
        groups.append(ChartGroup(label=row.pillar.name, label_y=_n(top + group_height / 2), bars=tuple(bars)))
    bottom = TOP + len(profile.rows) * (group_height + GROUP_GAP) - GROUP_GAP
    return GroupedBarChart(
        series=styles,
        groups=tuple(groups),
        ticks=tuple(Tick(text=format_number(level, 0), x=_n(x_of(level / 100 * room))) for level in SCALE),
        label_x=_n(WIDTH - LABEL if rtl else LABEL),
        axis_x=_n(x_of(0)),
        plot_top=_n(TOP - 4),
        plot_bottom=_n(bottom + 4),
        tick_y=_n(TOP - 10),
        width=str(WIDTH),
        height=str(int(bottom + 8)),
        bar_height=str(BAR),
        direction="rtl" if rtl else "ltr",
    )
