"""The permission walk's table, one module per app: who may open each named URL.

Each module defines AUDIENCE (url name -> audience) and kwargs(world) (url name -> the URL's
keyword arguments, plus an optional "?" entry holding a query string).
"""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules
from typing import Any

from tests.people import World

MODULES = [import_module(f"{__name__}.{m.name}") for m in iter_modules(__path__)]

AUDIENCE: dict[str, Any] = {}
for _module in MODULES:
    AUDIENCE.update(_module.AUDIENCE)


def url_kwargs(world: World) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for module in MODULES:
        if hasattr(module, "kwargs"):
            merged.update(module.kwargs(world))
    return merged
