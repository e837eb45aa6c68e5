"""The directory's access helpers: every directory view asks `roles.may_manage_people`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import User
from councils import roles


def require_people_manager(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not roles.may_manage_people(user):
        raise PermissionDenied
    return user


def get_person_for_manager(request: HttpRequest, pk: int) -> User:
    require_people_manager(request)
    return get_object_or_404(User, pk=pk)
