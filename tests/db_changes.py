"""Did a request change the database? (tests/test_fuzz_forms.py)

Two cheap parts:

- `WriteWatcher`, a `connection.execute_wrapper`, notes the table of every INSERT, UPDATE and DELETE the
  connection runs. Most refused requests write nothing but their audit event, so most checks stop here with
  no query at all.
- `TableContents` reads whole tables (rows ordered by primary key). The fuzz takes it once for every
  table at the start, when the world is built; each request runs in a savepoint that is rolled back
  afterwards, so that first reading is also what every table holds before every request. After an erroring
  request that wrote to a table, only that table is read again and compared. A write undone inside the
  request (a service's atomic block rolled back on a ValidationError) is therefore not counted as a change;
  a write that stayed is, whatever the table and whether or not it has a version column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.apps import apps
from django.db import connection

_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.IGNORECASE
)


class WriteWatcher:
    """Collects the tables written to since the last `clear()`."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = _WRITE.match(sql)
        if match:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)

    def clear(self) -> None:
        self.tables.clear()


def all_tables() -> dict[str, str]:
    """Every model's table (including many-to-many tables) and its primary key column."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            column = model._meta.pk.column
            assert column is not None  # a concrete model's primary key is a column
            tables[model._meta.db_table] = column
    return tables


class TableContents:
    def __init__(self, tables: Iterable[str]) -> None:
        self.pks = all_tables()
        self.rows = {table: self.read(table) for table in tables}

    def read(self, table: str) -> list[tuple[object, ...]]:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(self.pks[table])}")
            return cursor.fetchall()

    def changed(self, tables: Iterable[str]) -> dict[str, str]:
        """The tables among `tables` that no longer hold what they held at the start, with how."""
        found = {}
        for table in tables:
            if table not in self.rows:
                found[table] = "not a model table"
                continue
            now = self.read(table)
            if now != self.rows[table]:
                before = {repr(row): row for row in self.rows[table]}  # repr: a JSON column is a dict
                after = {repr(row): row for row in now}
                ids = sorted({str({**before, **after}[key][0]) for key in before.keys() ^ after.keys()})[:5]
                found[table] = (
                    f"{len(before)} rows before, {len(after)} after; rows differing (first column): {ids}"
                )
        return found
