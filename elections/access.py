"""The one place where election views check who may read or run what (councils.roles decides)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from councils import roles
from elections.models import Election


def get_election_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Election:
    """Readers of the council read its elections (others get 404); its editors run them."""
    elections = roles.elections_readable_by(request.user, Election.objects.all())
    election = get_object_or_404(elections.select_related("council__institution"), pk=pk)
    if write and not roles.may_run_elections(request.user, election.council):
        raise PermissionDenied
    return election
