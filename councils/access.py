"""The one place where councils views check who may read or change what."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from councils import roles
from councils.models import Council, Institution, Membership

_readable = roles.Readable(
    Council,
    lambda user: roles.councils_readable_by(user).select_related("institution", "programme"),
)


def get_council_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Council:
    council = _readable.get(request.user, pk)
    if write and not roles.may_edit_council(request.user, council):
        raise PermissionDenied
    return council


def get_membership_for_user(
    request: HttpRequest, council_pk: int, pk: int, *, write: bool = False
) -> Membership:
    council = get_council_for_user(request, council_pk, write=write)
    membership = get_object_or_404(council.memberships.select_related("person", "component"), pk=pk)
    membership.council = council
    return membership


def get_institution_for_director(request: HttpRequest, pk: int) -> Institution:
    """Institution-wide documents are the director's (and staff's)."""
    institution = get_object_or_404(Institution, pk=pk)
    if not roles.directs(request.user, institution):
        # Existence is not secret (the name is public), but its documents are the director's.
        raise PermissionDenied
    return institution
