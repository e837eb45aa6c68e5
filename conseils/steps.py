"""One workflow step run from a page (meetings' agenda, the meeting room): its success or its
refusal comes back as a message on the page the view then redirects to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def run_step(request: HttpRequest, step: Callable[[], T], done: str | Callable[[T], str]) -> bool:
    """Run `step`; say `done` (or what `done` words from the step's result) or the refusal.
    True when the step went through."""
    try:
        outcome = step()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, done(outcome) if callable(done) else done)
    return True
