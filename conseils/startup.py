"""What a serving process does once it is ready, before its first request."""

import gc

from django.db import connections
from django.urls import get_resolver


def settle() -> None:
    """Import every view, then move what the process holds for good (modules, the URLconf,
    templates' compiled code) out of the garbage collector's sight.

    Measured: without it, every full collection walks ~200,000 long-lived objects and a request
    now and then takes 130 ms more (bench/pages.py showed p95 spikes of 190 ms on pages whose
    median is 50 ms). The same applies to large caches built later (see law.search)."""
    get_resolver().url_patterns  # noqa: B018 - loading it imports every view
    # The Code's search corpus too: built on the first search, it held that request (and, with
    # sync workers, every request queued behind it) for seconds; bench/load.py showed it.
    from law.search import warm

    warm()
    connections.close_all()  # opened for the corpus; each request opens its own
    gc.collect()
    gc.freeze()
