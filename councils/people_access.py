"""Who may open the directory of people: the director of an institution and its heads of
mention (they compose councils). One question, one function, asked by every directory view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import User
from councils.models import Institution, Programme


def can_manage_people(user: Any, institution: Institution | None = None) -> bool:
    """Directors and heads of mention see and keep the directory; `institution` narrows the
    question to one institution (None: any)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    directed = Institution.objects.filter(director=user)
    headed = Programme.objects.filter(head=user)
    if institution is not None:
        directed = directed.filter(pk=institution.pk)
        headed = headed.filter(institution=institution)
    return directed.exists() or headed.exists()


def require_people_manager(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can_manage_people(user):
        raise PermissionDenied
    return user


def get_person_for_manager(request: HttpRequest, pk: int) -> User:
    require_people_manager(request)
    return get_object_or_404(User, pk=pk)
