"""Every import reads its file here: a malformed file is a row error, never a server error."""

from __future__ import annotations

from ponte.core.imports import RowError, read_table


def _read(name: str, content: bytes) -> tuple[list[dict[str, str]], list[RowError]]:
    errors: list[RowError] = []
    return read_table(name, content, {"a", "b"}, errors), errors


def test_a_row_longer_than_the_header_is_reported() -> None:
    rows, errors = _read("file.csv", b"a,b\n1,2\n3,4,5\n")
    assert rows == []
    assert "more cells than the header" in errors[0].reason


def test_an_xlsx_that_is_not_a_workbook_is_reported() -> None:
    rows, errors = _read("file.xlsx", b"this is not a zip file")
    assert rows == []
    assert "cannot be read" in errors[0].reason


def test_a_good_file_is_read_by_its_lower_case_header() -> None:
    rows, errors = _read("file.csv", "\ufeffA, B\n x ,é\n".encode())
    assert errors == []
    assert rows == [{"a": "x", "b": "é"}]
