"""reverse() remembered per process: a page names its links dozens of times (a board's rows,
a calendar's meetings), and Django's reverse() walks the URL patterns anew for each, about a
hundred function calls a link (bench/pages.py --cost: 4 to 17 % of a page's calls).

A link depends only on the URL configuration, the script prefix, the view's name, its
arguments and the current application namespace: all of them are in the key. Arguments other
than ints and strings (a model instance, a lazy string) go to reverse() every time, so that
nothing whose text could change is remembered. Strings include their subclasses: a template's
literal is a SafeString, equal to the same str in the key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def _plain(value: Any) -> bool:
    return type(value) is int or isinstance(value, str)  # not bool: True is not "1"


def cached_reverse(
    viewname: Any,
    args: Any = None,
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """reverse(), answered from memory when every part of the question is plain data."""
    args = tuple(args or ())
    if (
        not isinstance(viewname, str)
        or not all(_plain(a) for a in args)
        or (kwargs and not all(_plain(v) for v in kwargs.values()))
    ):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _remembered(
        get_urlconf(settings.ROOT_URLCONF),
        get_script_prefix(),
        viewname,
        args,
        tuple(sorted(kwargs.items())) if kwargs else (),
        current_app,
    )


@lru_cache(maxsize=20_000)  # a link is ~100 bytes: a few megabytes at most per process
def _remembered(
    urlconf: Any,
    prefix: str,
    viewname: str,
    args: tuple[int | str, ...],
    kwargs: tuple[tuple[str, int | str], ...],
    current_app: str | None,
) -> str:
    # `prefix` is in the key only: reverse() reads the same current script prefix itself.
    return reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    """Tests that swap the URL configuration get its links, not the previous one's."""
    if setting == "ROOT_URLCONF":
        _remembered.cache_clear()
