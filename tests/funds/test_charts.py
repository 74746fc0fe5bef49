"""The fund's bar charts: amounts to the cent, and room for long labels, mirrored in Arabic."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from ponte.funds.charts import MORE_LABEL_ROOM, MORE_VALUE_ROOM, money_bars
from ponte.stats.charts import horizontal_bars

ITEMS = [
    ("Assistance to developing-country delegates (fellowships included)", Decimal("30000.50")),
    ("Training", Decimal(0)),
]


def test_bars_show_amounts_to_the_cent_and_leave_room_for_long_labels() -> None:
    with translation.override("en"):
        plain, chart = horizontal_bars([(label, float(a)) for label, a in ITEMS]), money_bars(ITEMS)
    assert [bar.text for bar in chart.bars] == ["30,000.50", "0.00"]
    assert int(chart.width) == int(plain.width) + MORE_LABEL_ROOM + MORE_VALUE_ROOM
    first, drawn = plain.bars[0], chart.bars[0]
    assert float(drawn.label_x) - float(first.label_x) == MORE_LABEL_ROOM  # the labels' column is wider
    assert (drawn.width, drawn.y) == (first.width, first.y)


def test_in_arabic_the_bars_grow_from_the_right_with_room_for_the_amounts_on_the_left() -> None:
    with translation.override("ar"):
        plain, chart = horizontal_bars([(label, float(a)) for label, a in ITEMS]), money_bars(ITEMS)
    assert chart.direction == "rtl"
    drawn = chart.bars[0]
    assert float(drawn.x) - float(plain.bars[0].x) == MORE_VALUE_ROOM
    # The bar ends where the labels' column starts, the labels' column reaching the right edge.
    assert float(drawn.x) + float(drawn.width) < float(drawn.label_x) < int(chart.width)
    assert drawn.text == "30000,50"
