"""Querysets compiled once a day per process, run with each request's ids.

Django builds and compiles a queryset anew for every request: a page's access check (the
meeting, among those of the councils the person reads: a UNION of four lookups) cost ~9,000
function calls, for SQL that only the person's and the object's ids change (bench/pages.py
--cost). `Compiled` builds its queryset once with ids no row has, keeps the compiled SQL and
the compiler that read the columns back, and then runs that SQL with the ids it is given: the
rows come back as the queryset gives them (model instances, select_related, prefetches, values).

The queryset may depend on its ids and on the day only (today's date is in the SQL of current
seats): the SQL is kept per database and per day, with the querysets its prefetches are given.
A queryset that reads anything else (the time of day, a setting that changes) would be wrong
from its second request on; building it twice with other ids refuses such a queryset when it
is compiled.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

T = TypeVar("T")

# Ids no row has: each marks where an argument goes in the SQL. Two sets, to build twice.
_SLOTS: tuple[tuple[int, ...], ...] = (
    (-2_000_000_017, -2_000_000_027, -2_000_000_037),
    (-2_000_000_047, -2_000_000_057, -2_000_000_067),
)


# The ids a row may have (BigAutoField).
_ID_MIN, _ID_MAX = -(2**63), 2**63 - 1


class Template(NamedTuple):
    queryset: QuerySet[Any]  # as built: its model, iterable class and prefetches
    compiler: Any  # after as_sql(): the columns it selected, as the iterables read them
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int | None, ...]  # for each parameter, the argument it takes (None: kept)


class Compiled(Generic[T]):
    """`Compiled(Model, build)(a, b)`: the rows of `build(a, b)`, whose SQL was compiled once
    for the day. `build` takes ints (ids) and returns a queryset of `Model`."""

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any]]) -> None:
        self.model = model
        self.build = build
        self.template = functools.lru_cache(maxsize=4)(self._compile)

    def _compile(self, alias: str, vendor: str, day: dt.date, arity: int) -> Template:
        built = []
        for slots in _SLOTS:
            queryset = self.build(*slots[:arity]).using(alias)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            built.append((queryset, compiler, sql, tuple(params), slots[:arity]))
        (queryset, compiler, sql, params, slots), (other_qs, _c, other_sql, other_params, other) = (
            built
        )
        where = tuple(slots.index(p) if _is_slot(p, slots) else None for p in params)
        missing = set(range(arity)) - set(where)
        again = tuple(other[s] if s is not None else p for p, s in zip(params, where, strict=True))
        if (
            missing
            or sql != other_sql
            or again != other_params
            or _prefetched(queryset, alias) != _prefetched(other_qs, alias)
        ):
            raise ValueError(
                f"{self.build.__qualname__}: its SQL must depend on its ids and the day only "
                f"(ids missing from the parameters: {sorted(missing)})"
            )
        return Template(queryset, compiler, sql, params, where)

    def sql(self, *ids: int) -> tuple[str, list[Any], str]:
        """The SQL, its parameters with these ids, and the database alias to run it on."""
        template = self._template(len(ids))
        alias = template.queryset.db
        return template.sql, _params(template, ids), alias

    def __call__(self, *ids: int) -> list[T]:
        if not all(_ID_MIN <= i <= _ID_MAX for i in ids):
            # No row has such an id (a URL may carry any number): Django's lookups answer
            # nothing for it too, where the database would refuse the parameter.
            return []
        template = self._template(len(ids))
        queryset = template.queryset._chain()  # type: ignore[attr-defined]
        compiler = copy.copy(template.compiler)  # one per request: threads share the template
        compiler.connection = connections[queryset.db]
        statement = (template.sql, _params(template, ids))
        compiler.as_sql = lambda *args, **kwargs: statement
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        rows: list[T] = list(queryset)
        return rows

    def first(self, *ids: int) -> T | None:
        """The first row or None, for a `build` that ends with first_of() (QuerySet.first())."""
        rows = self(*ids)
        return rows[0] if rows else None

    def one_or_404(self, *ids: int) -> T:
        """The one row, or 404 (get_object_or_404)."""
        rows = self(*ids)
        if len(rows) != 1:
            raise Http404(f"No {self.model._meta.object_name} matches the given query.")
        return rows[0]

    def _template(self, arity: int) -> Template:
        alias = router.db_for_read(self.model)
        day = timezone.localdate()
        try:
            return self.template(alias, connections[alias].vendor, day, arity)
        except ValueError:
            # Built across midnight, the two builds have two days: once more, on one day.
            return self.template(alias, connections[alias].vendor, timezone.localdate(), arity)


def _prefetched(queryset: QuerySet[Any], alias: str) -> list[tuple[str, tuple[Any, ...]]]:
    """The SQL of the querysets its prefetches are given: they are kept with it, so they may
    not vary either (nor take the ids)."""
    found = []
    for lookup in queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
        prefetched = getattr(lookup, "queryset", None)
        if prefetched is not None:
            sql, params = prefetched.query.get_compiler(using=alias).as_sql()
            found.append((sql, tuple(params)))
    return found


def first_of(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """What QuerySet.first() runs: the queryset's ordering (the primary key's if it has none),
    one row."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


def _is_slot(value: Any, slots: tuple[int, ...]) -> bool:
    return type(value) is int and value in slots


def _params(template: Template, ids: tuple[int, ...]) -> list[Any]:
    return [
        p if s is None else ids[s] for p, s in zip(template.params, template.slots, strict=True)
    ]
