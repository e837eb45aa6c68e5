"""The REST API, /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from api import (
    councils,
    errors,
    law,
    meeting_writes,  # noqa: F401 - adds the write endpoints to api.meetings
    meetings,
)
from api.openapi import StrictNinjaAPI
from api.parsing import StrictParser
from bylaws.code import CODE

api = StrictNinjaAPI(
    title="Conseils API",
    version="1",
    description=(
        f"Les conseils statutaires : composition, séances, {CODE}.\n\n"
        "Authentification : « `Authorization: Bearer <jeton>` », avec un jeton personnel créé "
        "sur la page « Mes jetons d'API » ; le navigateur connecté au site peut aussi "
        "l'appeler avec sa session (jeton CSRF exigé pour les écritures). Chacun voit ce "
        "que les pages lui montrent, et rien d'un conseil où il n'a pas de rôle (404)."
    ),
    urls_namespace="api",
    parser=StrictParser(),
)
errors.install(api)
api.add_router("/law/", law.router)
api.add_router("/councils", councils.router)
api.add_router("/councils", meetings.council_router)
api.add_router("/meetings", meetings.router)
