"""The one place where evaluation views check who may read a pack or enter indicators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from councils import roles
from councils.models import Council, Institution


def get_council_for_pack(request: HttpRequest, pk: int, *, write: bool = False) -> Council:
    """The council whose pack the person reads (404 otherwise); `write`: enters its
    indicators (403 for a reader who may not)."""
    council = get_object_or_404(
        roles.councils_with_pack_readable_by(request.user).select_related(
            "institution", "programme"
        ),
        pk=pk,
    )
    if write and not roles.may_enter_indicators(request.user, council):
        raise PermissionDenied
    return council


def get_institution_for_observatory(request: HttpRequest, pk: int) -> Institution:
    institution = get_object_or_404(Institution, pk=pk)
    if not roles.may_manage_observatory(request.user, institution):
        raise PermissionDenied
    return institution
