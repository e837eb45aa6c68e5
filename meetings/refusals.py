"""A step the meeting's state refuses is not a matter of role: the person gets the reason.

Views raise `meetings.lifecycle.TransitionRefused` (directly or from an access helper) when
the meeting's state forbids a page or a step; this middleware answers 409 with the sentence
that names the state, instead of the 403 page that speaks of the person's role. The API
answers its own 409 (api/errors.py maps InvalidTransition, which TransitionRefused is).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetings.lifecycle import TransitionRefused


class TransitionRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, TransitionRefused):
            return None
        reason = " ".join(exc.messages)
        return render(request, "meetings/refused.html", {"reason": reason}, status=409)
