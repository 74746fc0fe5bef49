"""Bulk loading with PostgreSQL's COPY (psycopg 3): rows streamed as text, a transaction per chunk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

NULL = r"\N"
BATCH_ROWS = 50_000  # rows per COPY statement


def text(value: object) -> str:
    """One value in COPY's text format."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def line(values: Iterable[object]) -> str:
    return "\t".join(text(value) for value in values) + "\n"


def _raw_connection() -> Any:
    connection.ensure_connection()
    return connection.connection


class CopyWriter:
    """Rows of one table sent with COPY, one statement per ``batch_rows`` rows: in autocommit each is its own
    transaction, so deferred foreign-key checks stay small, and several writers can take turns on one connection.

    Use as a context manager; ``rows`` counts the rows written.
    """

    def __init__(self, table: str, columns: Sequence[str], *, batch_rows: int = BATCH_ROWS) -> None:
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        self.statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        self.batch_rows = batch_rows
        self.rows = 0
        self._buffer: list[str] = []

    def __enter__(self) -> CopyWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is None:
            self.flush()

    def write(self, row_line: str) -> None:
        """Add one row formatted by ``line()`` (or by hand, for speed: tab-separated, ending with a newline)."""
        self._buffer.append(row_line)
        self.rows += 1
        if len(self._buffer) >= self.batch_rows:
            self.flush()

    def row(self, *values: object) -> None:
        self.write(line(values))

    def flush(self) -> None:
        if not self._buffer:
            return
        with _raw_connection().cursor() as cursor, cursor.copy(self.statement) as copy:
            copy.write("".join(self._buffer))
        self._buffer = []


def execute(sql: str, params: Sequence[Any] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """Let the next ids Django gives follow the ones COPY wrote."""
    for statement in connection.ops.sequence_reset_sql(no_style(), list(model_list)):
        execute(statement)


def vacuum_analyze(tables: Sequence[str]) -> None:
    """Statistics for the planner, and the visibility map set now rather than by autovacuum during a measurement."""
    for table in tables:
        execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def stream(sql: str, params: Sequence[Any] = (), *, batch: int = 10_000) -> Iterator[tuple[Any, ...]]:
    """The rows of a large result, converted to Python a batch at a time."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            yield from rows


DEFERRED_DDL = "bench_deferred_ddl"


def restore_deferred() -> None:
    """Put back the indexes and constraints ``bulk_load`` took off (also those of a run that died half-way)."""
    execute(f"CREATE TABLE IF NOT EXISTS {DEFERRED_DDL} (id serial PRIMARY KEY, ddl text NOT NULL)")
    execute("SET maintenance_work_mem = '512MB'")  # index builds sort in memory
    for pk, ddl in fetch(f"SELECT id, ddl FROM {DEFERRED_DDL} ORDER BY id"):  # noqa: S608
        execute(ddl)
        execute(f"DELETE FROM {DEFERRED_DDL} WHERE id = %s", [pk])  # noqa: S608
    execute("RESET maintenance_work_mem")


@contextmanager
def bulk_load(tables: Sequence[str]) -> Iterator[None]:
    """Load the tables without their secondary indexes and constraints, then build each in one pass, as
    PostgreSQL's "Populating a Database" advises: many times faster than checking millions of rows one by one.

    The statements that put them back are kept in ``bench_deferred_ddl`` before anything is dropped.
    """
    restore_deferred()
    quote = connection.ops.quote_name
    for table in tables:
        constraints = fetch(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
            [table],
        )
        indexes = fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) ORDER BY 1",
            [table, table],
        )
        # Put back: indexes and unique constraints, then foreign keys (each checked in one pass).
        restore = [definition for _name, definition in indexes] + [
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
            for name, _kind, definition in constraints
        ]
        for ddl in restore:
            execute(f"INSERT INTO {DEFERRED_DDL} (ddl) VALUES (%s)", [ddl])  # noqa: S608
        for name, _kind, _definition in reversed(constraints):
            execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            execute(f"DROP INDEX {quote(name)}")
    yield
    restore_deferred()
