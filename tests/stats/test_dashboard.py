"""The public participation dashboard: figures, charts and tables, filters, files, Arabic, queries."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ponte.core.models import Person
from ponte.meetings.models import Meeting
from ponte.stats import charts
from tests.stats.test_participation import _attend, dataset  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _url(name: str = "dashboard", language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"stats:{name}")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_visitor_sees_the_figures_of_a_year(client, dataset) -> None:  # noqa: F811
    response = client.get(_url(), {"year": "2025"})
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Filtered by year 2025" in text
    # The headline table: 4 participants, 3 organisations, 9 person-days, 75%, 44.4%, 66.7%, 50%.
    headline = re.search(r'<caption id="headline-caption">.*?</table>', response.content.decode(), re.S)
    assert headline is not None
    cells = re.findall(r"<bdi>(.*?)</bdi>", headline.group(0))
    assert cells == ["4", "3", "9", "75.0%", "44.4%", "66.7%", "50.0%"]
    assert "Asia and the Pacific 2" in text and "Africa 1" in text and "Europe 1" in text
    assert "Least developed countries (LDC) 1" in text
    assert "Fellowships awarded 2" in text and "SMEs taking part 1" in text
    assert "How the figures are counted" in text


def test_every_chart_is_an_accessible_image_followed_by_its_table(client, dataset) -> None:  # noqa: F811
    html = client.get(_url()).content.decode()
    charts_found = re.findall(r'<svg class="stats-chart"[^>]*role="img" aria-labelledby="([\w-]+)"', html)
    assert charts_found == [
        "shares-title",
        "regions-title",
        "classifications-title",
        "trend-participants-title",
        "trend-shares-title",
    ]
    for title in charts_found:
        assert f'id="{title}"' in html
    assert html.count("<title>") >= 6 + 3 + 4
    # SVG numbers are never localised, whatever the language.
    for attribute in re.findall(r' (?:x|y|width|height|cx|cy)="([^"]*)"', html):
        assert re.fullmatch(r"-?\d+(\.\d+)?", attribute), attribute


def test_the_trend_shows_each_year_with_its_shares(client, dataset) -> None:  # noqa: F811
    html = client.get(_url(), {"sector": "ITU-T"}).content.decode()
    trend = re.search(r'<caption id="trend-caption">.*?</table>', html, re.S)
    assert trend is not None
    rows = [
        re.findall(r"<(?:th|td)[^>]*>(?:<bdi>)?(.*?)(?:</bdi>)?</t[hd]>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", trend.group(0))[1:]
    ]
    # 2024: Jonas only (Germany, in the room); 2025 ITU-T: Amina, Bishnu, Sera (two women of three).
    assert rows == [["2024", "1", "0.0%", "0.0%", "—"], ["2025", "3", "100.0%", "57.1%", "66.7%"]]


def test_filters_narrow_the_figures(client, dataset) -> None:  # noqa: F811
    asia = client.get(_url(), {"year": "2025", "region": "ASP", "group": "sg16"})
    assert asia.status_code == 200
    text = _text(asia.content.decode())
    assert "Filtered by year 2025, group SG16, region Asia and the Pacific" in text
    headline = re.search(r'<caption id="headline-caption">.*?</table>', asia.content.decode(), re.S)
    assert headline is not None
    assert re.findall(r"<bdi>(.*?)</bdi>", headline.group(0))[:3] == ["2", "2", "3"]  # Bishnu and Sera


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "1800"}, "Select a valid choice"),
        ({"group": "SG99"}, "There is no group with the code SG99."),
        ({"region": "XYZ"}, "Select a valid choice"),
        ({"sector": "ITU-X"}, "Select a valid choice"),
    ],
)
def test_a_bad_filter_says_what_is_wrong_and_shows_no_figures(client, dataset, query, message) -> None:  # noqa: F811
    response = client.get(_url(), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html and message in html
    assert 'id="headline-caption"' not in html and 'class="stats-chart"' not in html
    download = client.get(_url("participation_csv"), query)
    assert download.status_code == 400 and message in download.content.decode()


def test_the_page_shows_no_personal_data(client, dataset) -> None:  # noqa: F811
    Person.objects.filter(given_name="Amina").update(family_name="Wanjiru")
    html = client.get(_url()).content.decode()
    for name in ("Amina", "Wanjiru", "Bishnu", "Sera", "Jonas", "Otieno", "@example"):
        assert name not in html


def _csv_tables(content: str) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    rows = list(csv.reader(io.StringIO(content)))[2:]
    current: list[list[str]] = []
    for row in rows:
        if not row:
            current = []
        elif not current and len(row) == 1 and row[0] not in tables:
            tables[row[0]] = current = [row]
        else:
            current.append(row)
    return {caption: table[1:] for caption, table in tables.items()}


def _number(cell: object) -> object:
    """A cell as a number when it is one (CSV has "100.0" where the workbook has 100), "" when empty."""
    if cell is None or cell == "":
        return ""
    try:
        return float(str(cell))
    except ValueError:
        return cell


def test_csv_and_xlsx_carry_the_same_numbers(client, dataset) -> None:  # noqa: F811
    query = {"year": "2025", "sector": "ITU-T"}
    from_csv = _csv_tables(client.get(_url("participation_csv"), query).content.decode())
    assert list(from_csv) == [
        "Headline indicators",
        "Participants per region",
        "Participants from LDC, SIDS and LLDC",
        "Other indicators",
        "Year-over-year trend",
    ]
    assert from_csv["Headline indicators"][1:4] == [["Participants", "3"], ["Organisations", "2"], ["Person-days", "7"]]
    response = client.get(_url("participation_xlsx"), query)
    assert response["Content-Disposition"] == 'attachment; filename="participation-en.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert [sheet.title for sheet in workbook.worksheets] == [caption[:31] for caption in from_csv]
    for sheet, (caption, rows) in zip(workbook.worksheets, from_csv.items(), strict=True):
        values = [[_number(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        assert values[: len(rows)] == [[_number(cell) for cell in row] for row in rows], caption
        assert sheet["A1"].font.bold and not sheet.sheet_view.rightToLeft


def test_arabic_page_reads_right_to_left_and_so_does_the_spreadsheet(client, dataset) -> None:  # noqa: F811
    html = client.get(_url(language="ar")).content.decode()
    assert re.search(r'<html[^>]*dir="rtl"', html)
    assert 'direction="rtl"' in html
    workbook = load_workbook(io.BytesIO(client.get(_url("participation_xlsx", "ar")).content))
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)


def test_bars_are_mirrored_in_right_to_left_languages() -> None:
    left = charts.horizontal_bars([("A", 2), ("B", 1)], rtl=False)
    right = charts.horizontal_bars([("A", 2), ("B", 1)], rtl=True)
    assert left.bars[0].width == right.bars[0].width
    assert float(left.bars[1].x) == charts.BAR_LABEL
    assert float(right.bars[1].x) + float(right.bars[1].width) == charts.BAR_WIDTH - charts.BAR_LABEL
    first, last = charts.columns([("2024", 1), ("2025", 3)], rtl=True).columns
    assert float(first.centre_x) > float(last.centre_x)  # the oldest year on the right
    with translation.override("fr"):
        assert charts.horizontal_bars([("A", 0.5)], percent=True, rtl=False).bars[0].width == "1.80"


def test_the_page_needs_the_same_queries_however_many_attendance_days(client, dataset) -> None:  # noqa: F811
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(), {"year": "2025"}).status_code == 200
        return len(queries)

    before = count()
    meeting = Meeting.objects.get(code="SG16-2025")
    for number in range(20):
        _attend(meeting, Person.objects.create(given_name=f"Extra{number}"), "BRA", 0, 1, 2)
    assert count() == before
    # One for the years, 8 for the year's figures, 8 per year of the trend (two years here).
    assert before <= 1 + 8 + 2 * 8 + 2
