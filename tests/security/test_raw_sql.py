"""The ORM only (issue 9): no SQL is built from a formatted string, except in the few places listed here, each with
the reason nothing in it comes from input (values always go as parameters)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import ponte

SOURCE = Path(ponte.__file__).parent
# Calls that send SQL text to the database: the first argument is the statement.
SQL_CALLS = {"execute", "executemany", "raw", "extra", "RawSQL", "copy"}

# (file, function): why its SQL text, though formatted, holds nothing from input.
ALLOWED = {
    ("core/backup.py", "_count_rows"): "a model's table name, quoted by the connection",
    ("core/backup.py", "_has_no_rows"): "a model's table name, quoted by the connection",
    ("partnerships/search.py", "_insert"): "table and column names of the index models, quoted; rows are parameters",
    ("partnerships/search.py", "_rows"): "statements of fixed fragments and model table names; values are parameters",
    ("partnerships/search_receivers.py", "mark_stale"): "a model's table name, quoted; ids are one array parameter",
    ("partnerships/importers.py", "_among"): "a fixed type name (text or bigint); the values are one parameter",
    ("partnerships/importers.py", "_write_history"): "names of the history model's fields, quoted; values parameters",
    ("partnerships/importers.py", "_write_snapshots"): "names of the history models, quoted; values parameters",
    ("partnerships/importers.py", "_insert"): "table and column names of the models, quoted; rows are parameters",
    ("partnerships/importers.py", "_update"): "table and column names of the models, quoted; rows are parameters",
}


@dataclass(frozen=True)
class Statement:
    file: str
    function: str
    line: int
    call: str


def _name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else ""


def _is_built(argument: ast.expr) -> bool:
    """Whether the statement is not a plain literal: an f-string, ``%``/``+`` of strings, ``.format()``, or a name
    (whose value was built elsewhere)."""
    if isinstance(argument, ast.JoinedStr | ast.Name | ast.Attribute | ast.Subscript):
        return True
    if isinstance(argument, ast.BinOp):
        return True
    return isinstance(argument, ast.Call)


def _sends_built_sql(call: ast.Call) -> bool:
    if _name(call) == "extra":  # every use: its SQL fragments are where Django cannot parameterise for you
        return True
    return _name(call) in SQL_CALLS and bool(call.args) and _is_built(call.args[0])


def built_statements(source: str, file: str) -> list[Statement]:
    """Every call sending SQL whose text is built, with the function it is in."""
    found: list[Statement] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call) and _sends_built_sql(child):
                found.append(Statement(file, function, child.lineno, _name(child)))
            visit(child, inner)

    visit(ast.parse(source), "<module>")
    return found


def _all_statements() -> list[Statement]:
    found: list[Statement] = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "/migrations/" in f"/{relative}":
            continue
        found += built_statements(path.read_text(encoding="utf-8"), relative)
    return found


def test_no_sql_is_built_from_a_string_outside_the_reviewed_places() -> None:
    unexpected = [
        f"{each.file}:{each.line} {each.call}() in {each.function}"
        for each in _all_statements()
        if (each.file, each.function) not in ALLOWED
    ]
    assert unexpected == [], "SQL built from a string: use the ORM, or parameters and a reason in ALLOWED"


def test_every_reviewed_place_still_exists() -> None:
    """A place that no longer builds SQL leaves the list, so the list stays the truth."""
    present = {(each.file, each.function) for each in _all_statements()}
    assert set(ALLOWED) - present == set()


def test_the_check_finds_a_query_formatted_from_input() -> None:
    source = """
def search(cursor, name):
    cursor.execute(f"SELECT * FROM core_person WHERE family_name = '{name}'")
    Person.objects.raw("SELECT * FROM core_person WHERE family_name = '%s'" % name)
    Person.objects.extra(where=["family_name = '{}'".format(name)])
    cursor.execute("SELECT * FROM core_person WHERE family_name = %s", [name])
"""
    found = built_statements(source, "example.py")
    assert [(each.call, each.line) for each in found] == [("execute", 3), ("raw", 4), ("extra", 5)]
