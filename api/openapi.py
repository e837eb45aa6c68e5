"""The OpenAPI document says what the server enforces, and every status it may answer.

Added to what django-ninja derives from the schemas: no string may carry a NUL character
(the request parser refuses it, api.parsing), every operation may answer 400 (an unreadable
body, a NUL character) and 422 (input refused), every operation with an id in its path 404,
and the Code's operations 503 while the Code is not loaded.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

NO_NUL = "^[^\\x00]*$"
ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
ERROR_STATUSES = {
    "400": "Requête illisible : corps qui n’est pas du JSON, caractère NUL.",
    "422": "Données refusées ; le détail dit lesquelles.",
}
METHODS = {"get", "put", "post", "patch", "delete"}


def _no_nul(schema: dict[str, Any], components: dict[str, Any], seen: set[str]) -> None:
    """Add the NUL-free pattern to every string of a request schema (following $refs once)."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name not in seen and name in components:
            seen.add(name)
            _no_nul(components[name], components, seen)
        return
    if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
        schema.setdefault("pattern", NO_NUL)
    for key in ("properties", "$defs"):
        for sub in schema.get(key, {}).values():
            _no_nul(sub, components, seen)
    for key in ("anyOf", "allOf", "oneOf"):
        for sub in schema.get(key, []):
            _no_nul(sub, components, seen)
    if isinstance(schema.get("items"), dict):
        _no_nul(schema["items"], components, seen)


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


class StrictNinjaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "ErrorOut",
            {
                "title": "ErrorOut",
                "type": "object",
                "properties": {"detail": {"title": "Detail", "type": "string"}},
                "required": ["detail"],
            },
        )
        seen: set[str] = set()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                if method not in METHODS:
                    continue
                for parameter in operation.get("parameters", []):
                    _no_nul(parameter.get("schema", {}), components, seen)
                body = operation.get("requestBody", {}).get("content", {})
                for media in body.values():
                    _no_nul(media.get("schema", {}), components, seen)
                # An operation's own responses are keyed by number (404), ours by string
                # ("404"): one key each, or the JSON holds "404" twice and YAML readers
                # (Swagger UI's among them) refuse the whole document.
                responses = {str(code): r for code, r in operation.get("responses", {}).items()}
                operation["responses"] = responses
                for status, description in ERROR_STATUSES.items():
                    responses.setdefault(status, _error(description))
                if "{" in path:
                    responses.setdefault("404", _error("Introuvable, ou vous n’y avez pas accès."))
                if "/law/" in path:
                    responses.setdefault("503", _error("Le Code n’est pas encore chargé."))
        return schema
