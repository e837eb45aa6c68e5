"""The REST API, /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from law.api import router as law_router

api = NinjaAPI(
    title="Conseils API",
    version="1",
    description="Les conseils statutaires : composition, séances, Code de l'éducation.",
    urls_namespace="api",
)
api.add_router("/law/", law_router, tags=["Code de l'éducation"])
