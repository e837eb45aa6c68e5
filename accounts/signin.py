"""What django-axes counts sign-in failures by: the e-mail as the account knows it (trimmed,
lower-cased: "Directrice@…" and "directrice@…" are one account, so they share one count) and the
client's address, read behind the TRUSTED_PROXY_COUNT reverse proxies in front of the server."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def normalise_email(value: str) -> str:
    return value.strip().lower()


def username_of(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """axes' AXES_USERNAME_CALLABLE: the sign-in form's e-mail, normalised."""
    value: Any = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if value is None and request is not None:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return normalise_email(str(value or ""))


def client_ip(request: HttpRequest) -> str:
    """axes' AXES_CLIENT_IP_CALLABLE. With no trusted proxy, the socket's address: a header
    anyone can send is never believed. With N proxies, each appending the address it received
    the request from to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for, Caddy), the
    client is the N-th address from the right of "X-Forwarded-For, REMOTE_ADDR": a client can
    only add addresses on the left, which are never read."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()] + [remote]
    candidate = hops[-(count + 1)] if len(hops) > count else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
