"""Every error of the API is JSON {"detail": "…"} with a French sentence a person can act on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from api.parsing import NUL_REFUSED, UNREADABLE_BODY, NulCharacter
from api.schemas import violation_out
from councils.actions import CompositionWouldBeIllegal
from meetings.actions import InvalidTransition

NOT_FOUND = "Introuvable, ou vous n’y avez pas accès."
FORBIDDEN = "Vous n’avez pas le droit de faire cela."
UNAUTHENTICATED = (
    "Authentification requise : envoyez « Authorization: Bearer <jeton> » avec un jeton actif."
)


def install(api: NinjaAPI) -> None:
    # ninja types a handler's second argument as "the exception or its class", hence `object`
    # and the isinstance checks below.
    def not_found(request: HttpRequest, exc: object) -> HttpResponse:
        # The same words whether the object does not exist or is hidden: ids reveal nothing.
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    def forbidden(request: HttpRequest, exc: object) -> HttpResponse:
        return api.create_response(request, {"detail": FORBIDDEN}, status=403)

    def unauthenticated(request: HttpRequest, exc: object) -> HttpResponse:
        response = api.create_response(request, {"detail": UNAUTHENTICATED}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def invalid(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, DjangoValidationError)
        return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)

    def malformed(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, NinjaValidationError)
        fields = ", ".join(
            ".".join(str(part) for part in error.get("loc", ())[1:]) or "corps"
            for error in exc.errors
        )
        return api.create_response(
            request,
            {"detail": f"Requête invalide ({fields}).", "errors": exc.errors},
            status=422,
        )

    def illegal(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, CompositionWouldBeIllegal)
        return api.create_response(
            request,
            {
                "detail": (
                    "Ce changement rendrait la composition irrégulière ; "
                    "renvoyez la requête avec « confirm »: true pour l’enregistrer quand même."
                ),
                "violations": [violation_out(v) for v in exc.violations],
            },
            status=409,
        )

    def wrong_state(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, InvalidTransition)
        return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)

    def unreadable(request: HttpRequest, exc: object) -> HttpResponse:
        # ninja wraps whatever the parser raised in "Cannot parse request body" (English).
        assert isinstance(exc, HttpError)
        detail = str(exc)
        if isinstance(exc.__cause__, NulCharacter):
            detail = NUL_REFUSED
        elif exc.__cause__ is not None:
            detail = UNREADABLE_BODY
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    api.add_exception_handler(HttpError, unreadable)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(DjangoValidationError, invalid)
    api.add_exception_handler(NinjaValidationError, malformed)
    api.add_exception_handler(CompositionWouldBeIllegal, illegal)
    # A step the meeting's state does not allow now (submit twice, edit a set agenda…).
    api.add_exception_handler(InvalidTransition, wrong_state)
