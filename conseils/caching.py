"""No shared or browser cache keeps a page meant for one person.

Every response that does not set its own Cache-Control gets `private, no-store`, except the
public pages (the Code, published minutes, the sources) asked for without credentials, which
caches may keep.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

PUBLIC_PREFIXES = ("/code/", "/api/v1/law/", "/comptes-rendus/publics/", "/sources/", "/static/")


def is_public(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return (
        not signed_in
        and "HTTP_AUTHORIZATION" not in request.META
        and request.path.startswith(PUBLIC_PREFIXES)
    )


class PrivateCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and not is_public(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
