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
import inspect
import uuid
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)


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
    # {parameter index: (bound value's name, its form: "raw", "date", "datetime" or "uuid")}
    slots: dict[int, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, queryset: QuerySet[Any, Any]) -> CompiledValues:
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            # A condition that holds for no row whatever the values (`pk__in=[]`: a person with no roles
            # sees no case), as Django finds when it compiles; it then reads nothing, and so do we.
            sql, params = "", []
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
        if not self.sql:
            return []
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


def model_values(model: type[Model], prefix: str = "") -> tuple[str, ...]:
    """The `values()` names of every column of `model`, reached through `prefix` (e.g. "lead_partnership__"):
    what `instance` needs to make the record again."""
    return tuple(f"{prefix}{field.attname}" for field in model._meta.concrete_fields)


def instance(model: type[M], row: dict[str, Any], prefix: str = "", using: str = DEFAULT_DB_ALIAS) -> M:
    """The record of `model` in `row` (read with `model_values(model, prefix)`), made as the ORM makes it
    (`Model.from_db`), so it saves, compares and prints as one read by a queryset would.

    Where `Model.__init__` would do no more than put each value in the instance's `__dict__` (no pre_init or
    post_init receiver, no `__init__` or `from_db` of the model's own, every column read through Django's
    plain descriptors), the values are put there directly: a page of two hundred chronology entries and
    their agencies spent a millisecond and a half in `__init__`."""
    names = _attnames(model)
    if (
        names is not None
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
    ):
        made = model.__new__(model)
        state = made._state = ModelState()
        state.adding = False
        state.db = using
        values = made.__dict__
        for name in names:
            values[name] = row[f"{prefix}{name}"]
        return made
    attnames = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(using, attnames, [row[f"{prefix}{name}"] for name in attnames])


_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)
_ATTNAMES: dict[type[Model], tuple[str, ...] | None] = {}


def _attnames(model: type[Model]) -> tuple[str, ...] | None:
    """The model's column attributes, when `Model.__init__` would only store them (see `instance`); else
    None."""
    if model not in _ATTNAMES:
        fields = model._meta.concrete_fields
        plain = (
            # The class attributes themselves (a classmethod object is the same one unless overridden).
            inspect.getattr_static(model, "__init__") is inspect.getattr_static(Model, "__init__")
            and inspect.getattr_static(model, "from_db") is inspect.getattr_static(Model, "from_db")
            and all(
                type(inspect.getattr_static(model, field.attname, None)) in _PLAIN_DESCRIPTORS
                for field in fields
            )
        )
        _ATTNAMES[model] = tuple(field.attname for field in fields) if plain else None
    return _ATTNAMES[model]


class CompiledQueries:
    """Compiled queries by key, per process."""

    def __init__(self, limit: int = 2048) -> None:
        self.limit = limit
        self._found: dict[Hashable, CompiledValues] = {}

    def get(
        self,
        key: Hashable,
        build: Callable[..., QuerySet[Any, Any]],
        bound: Mapping[str, type[dt.date] | type[uuid.UUID]] | None = None,
    ) -> CompiledValues:
        """The compiled query of `key`, built by `build` the first time. `bound` names the values `build`
        takes as keyword arguments, each a `dt.date`, a `dt.datetime` or a `uuid.UUID`; their real values
        are given to `rows` on each run. A date `build` works out from one of them (a week after today) must
        be bound too: the stand-in it would give is refused."""
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
    # As UUIDField.get_db_prep_value: the object where the database has a UUID type, else its hex.
    "uuid": lambda ops, value: value if ops.connection.features.has_native_uuid_field else value.hex,
}


def _stand_in(i: int, kind: type[dt.date] | type[uuid.UUID]) -> dt.date | uuid.UUID:
    """The i-th stand-in: a day in a month of its own, so that no two are near each other; a UUID no row
    has."""
    if kind is uuid.UUID:
        return uuid.UUID(int=(_STAND_IN_YEAR << 64) + i)
    if kind is dt.datetime:
        return dt.datetime(_STAND_IN_YEAR, 1 + i, 15, 1, 2, 3, 456_789, tzinfo=dt.UTC)
    return dt.date(_STAND_IN_YEAR, 1 + i, 15)


def _with_slots(compiled: CompiledValues, stand_ins: dict[str, dt.date | uuid.UUID]) -> CompiledValues:
    if not stand_ins:
        return compiled
    ops = connections[compiled.using].ops
    forms: dict[Any, tuple[str, str]] = {}
    for name, value in stand_ins.items():
        kind = (
            "uuid"
            if isinstance(value, uuid.UUID)
            else "datetime"
            if isinstance(value, dt.datetime)
            else "date"
        )
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
    if isinstance(param, uuid.UUID):
        return param.int >> 64 == _STAND_IN_YEAR
    if isinstance(param, dt.date):
        return param.year == _STAND_IN_YEAR
    return isinstance(param, str) and param.startswith(f"{_STAND_IN_YEAR}-")
