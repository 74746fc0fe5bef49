"""The fund's bar charts: drawn by ``ponte.stats.charts`` (server-side SVG, mirrored in Arabic), made wider for
the fund's long labels and amounts, which are shown to the cent."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ponte.funds.exports import format_money
from ponte.stats.charts import BarChart, horizontal_bars

# ``ponte.stats.charts`` leaves room for short labels and counts; the fund's purposes and amounts are longer, so its
# charts are wider: more room before the bars for the labels, and after them for the amounts.
MORE_LABEL_ROOM, MORE_VALUE_ROOM = 200, 48


def money_bars(items: list[tuple[str, Decimal]]) -> BarChart:
    """Bars of amounts, drawn by ``ponte.stats.charts`` (mirrored in Arabic), labelled with the amounts to the cent."""
    chart = horizontal_bars([(label, float(amount)) for label, amount in items])
    shift = MORE_VALUE_ROOM if chart.direction == "rtl" else MORE_LABEL_ROOM

    def moved(x: str) -> str:
        return f"{float(x) + shift:.2f}"

    bars = tuple(
        replace(
            bar,
            text=format_money(amount),
            x=moved(bar.x),
            label_x=moved(bar.label_x),
            value_x=moved(bar.value_x),
        )
        for bar, (_label, amount) in zip(chart.bars, items, strict=True)
    )
    return replace(chart, bars=bars, width=str(int(chart.width) + MORE_LABEL_ROOM + MORE_VALUE_ROOM))
