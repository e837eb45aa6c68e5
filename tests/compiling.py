"""What SQL Django compiles while a block runs: the proof that a query ran from SQL kept by
conseils.compiled (kept SQL is run, never compiled again)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db.models.sql.compiler import SQLCompiler


@contextmanager
def compiled_sql() -> Iterator[list[str]]:
    """The SQL of every statement compiled inside the block, in order."""
    compiled: list[str] = []
    real = SQLCompiler.as_sql

    def compiling(compiler: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        statement = real(compiler, *args, **kwargs)
        compiled.append(statement[0])
        return statement

    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=compiling):
        yield compiled
