"""Render and sign several PDFs at once, in worker processes.

WeasyPrint and pyHanko compute in Python and hold the interpreter lock: threads would take
turns, processes use every core. The workers are forked from this process, so they start in
milliseconds with everything already imported and warm (WeasyPrint's caches, the director's key
once loaded), and each keeps its caches from one document to the next. They read no database:
they receive pages already rendered to HTML and return bytes.

Forking is safe only from a process that runs a single thread (a lock another thread holds
would stay held for ever in the child); otherwise, and for a single document, nothing is done
here and the caller renders the documents itself, one after another.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from documents.pdf import html_to_pdf
from documents.signing import SigningIdentity, sign_pdf

logger = logging.getLogger(__name__)

# Beyond this the database, not the rendering, is what a batch waits for.
MAX_PROCESSES = 4


@dataclass(frozen=True)
class SignJob:
    """One document to render and sign: its page, and what the signature says."""

    html: str
    name: str
    reason: str
    location: str = ""


Rendered = tuple[bytes, bytes]  # the PDF, and the same PDF signed


def processes_for(count: int) -> int:
    """How many worker processes `count` documents get here; 0: render them in this process."""
    if count < 2 or threading.active_count() > 1:
        return 0
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = len(os.sched_getaffinity(0))
    workers = min(count, cores, MAX_PROCESSES)
    return workers if workers > 1 else 0


def render_and_sign(jobs: Sequence[SignJob], identity: SigningIdentity) -> list[Rendered | None]:
    """Each job's PDF and signed PDF, in order. None where nothing was done: no workers here,
    or the worker failed; the caller then renders that document itself (so that an error in
    a document reaches it as it would without the workers)."""
    workers = processes_for(len(jobs))
    if not workers:
        return [None] * len(jobs)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(render_and_sign_one, job, identity) for job in jobs]
            return [_outcome(future) for future in futures]
    except OSError:  # no process could be made (memory, limits): the caller does the work
        logger.warning("no worker process for %d documents", len(jobs), exc_info=True)
        return [None] * len(jobs)


def render_and_sign_one(job: SignJob, identity: SigningIdentity) -> Rendered:
    """In a worker process (or in this one)."""
    pdf = html_to_pdf(job.html)
    signed = sign_pdf(
        pdf, identity=identity, name=job.name, reason=job.reason, location=job.location
    )
    return pdf, signed


def _outcome(future: Future[Rendered]) -> Rendered | None:
    try:
        return future.result()
    except Exception:  # a worker died or a document failed: rendered again by the caller
        logger.warning("a document failed in a worker process", exc_info=True)
        return None
