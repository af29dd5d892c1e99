"""A `values()` query compiled to SQL once and run many times with the same parameters.

Why: Django builds and compiles a query every time it is evaluated. My tasks reads the open cases that hold a
task of the person's with about twenty correlated subqueries (their facts) and the visibility rule: 6 KB of
SQL that took 15 ms of Python to build and compile and 1.5 ms to run, on every visit to the home page and the
dashboard (docs/performance.md). Its SQL and parameters depend only on the person and the roles they hold, so
the caller compiles it once per (person, roles) in each process and runs the same SQL again. The rows are
read afresh each time: only the text of the query is kept.

The key must name everything the query's parameters depend on (the caller's job; the database's vendor is
added here). Values that change from one visit to the next (today's date, the time now) are not part of the
key but bound: the query is built once with stand-in dates, and each run puts the real ones in their places
among the parameters, in the form the database driver expects. The cache holds at most `limit` queries per
process and starts again when full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class CompiledValues:
    """The SQL of a `values()` queryset, its parameters, its column names and the converters Django applies
    to its columns (a UUID or a boolean on SQLite), as `QuerySet.values()` would return them."""

    using: str
    sql: str
    params: tuple[Any, ...]
    names: tuple[str, ...]
    compiler: SQLCompiler
    converters: dict[int, Any]
    # {parameter index: (bound value's name, its form: "raw", "date" or "datetime")}
    slots: dict[int, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, queryset: QuerySet[Any, dict[str, Any]]) -> CompiledValues:
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
        fields = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
        return cls(
            using=queryset.db,
            sql=sql,
            params=tuple(params),
            names=names,
            compiler=compiler,
            converters=compiler.get_converters(fields),
        )

    def rows(self, **bound: Any) -> list[dict[str, Any]]:
        """The query's rows now, with the bound values `bound` (every name the query was built with)."""
        params = self.params
        if self.slots:
            ops = connections[self.using].ops
            adapted = list(params)
            for index, (name, form) in self.slots.items():
                adapted[index] = _FORMS[form](ops, bound[name])
            params = tuple(adapted)
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            found: Any = cursor.fetchall()
        if self.compiler.has_extra_select:
            found = [row[: self.compiler.col_count] for row in found]
        if self.converters:
            found = self.compiler.apply_converters(found, self.converters)
        return [dict(zip(self.names, row, strict=False)) for row in found]


class CompiledQueries:
    """Compiled queries by key, per process."""

    def __init__(self, limit: int = 2048) -> None:
        self.limit = limit
        self._found: dict[Hashable, CompiledValues] = {}

    def get(
        self,
        key: Hashable,
        build: Callable[..., QuerySet[Any, dict[str, Any]]],
        bound: dict[str, type[dt.date]] | None = None,
    ) -> CompiledValues:
        """The compiled query of `key`, built by `build` the first time. `bound` names the values `build`
        takes as keyword arguments, each a `dt.date` or a `dt.datetime`; their real values are given to
        `rows` on each run. A value `build` works out from one of them (a week after today) must be bound
        too: the stand-in it would give is refused."""
        full_key = (connections[DEFAULT_DB_ALIAS].vendor, key)
        found = self._found.get(full_key)
        if found is None:
            stand_ins = {name: _stand_in(i, kind) for i, (name, kind) in enumerate((bound or {}).items())}
            compiled = CompiledValues.of(build(**stand_ins))
            found = _with_slots(compiled, stand_ins)
            if len(self._found) >= self.limit:
                self._found.clear()
            self._found[full_key] = found
        return found

    def clear(self) -> None:
        self._found.clear()


# A date no case could hold, one a value (the year marks it): a stand-in left among the parameters is found.
_STAND_IN_YEAR = 1801
_FORMS: dict[str, Callable[[Any, Any], Any]] = {
    "raw": lambda ops, value: value,
    "date": lambda ops, value: ops.adapt_datefield_value(value),
    "datetime": lambda ops, value: ops.adapt_datetimefield_value(value),
}


def _stand_in(i: int, kind: type[dt.date]) -> dt.date:
    """The i-th stand-in: a day in a month of its own, so that no two are near each other."""
    if kind is dt.datetime:
        return dt.datetime(_STAND_IN_YEAR, 1 + i, 15, 1, 2, 3, 456_789, tzinfo=dt.UTC)
    return dt.date(_STAND_IN_YEAR, 1 + i, 15)


def _with_slots(compiled: CompiledValues, stand_ins: dict[str, dt.date]) -> CompiledValues:
    if not stand_ins:
        return compiled
    ops = connections[compiled.using].ops
    forms: dict[Any, tuple[str, str]] = {}
    for name, value in stand_ins.items():
        kind = "datetime" if isinstance(value, dt.datetime) else "date"
        forms[_hashable(value)] = (name, "raw")
        forms[_hashable(_FORMS[kind](ops, value))] = (name, kind)
    slots = {}
    for index, param in enumerate(compiled.params):
        found = forms.get(_hashable(param))
        if found is not None:
            slots[index] = found
        elif _marked(param):
            raise ImproperlyConfigured(f"A stand-in value in a compiled query was not bound: {param!r}")
    return replace(compiled, slots=slots)


def _hashable(value: Any) -> Any:
    return (type(value).__name__, value) if isinstance(value, Hashable) else None


def _marked(param: Any) -> bool:
    if isinstance(param, dt.date):
        return param.year == _STAND_IN_YEAR
    return isinstance(param, str) and param.startswith(f"{_STAND_IN_YEAR}-")
