"""The API's request parser: JSON as ninja reads it, but no string may carry a NUL character
(PostgreSQL cannot store one: it would be a 500 on PostgreSQL and stored on SQLite)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import HttpError
from ninja.parser import Parser

NUL_REFUSED = "Le caractère NUL (\\u0000) n’est accepté dans aucun texte."
UNREADABLE_BODY = "Corps de la requête illisible : un objet JSON est attendu."


class NulCharacter(ValueError):
    pass


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if has_nul(data):
            raise NulCharacter(NUL_REFUSED)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        if has_nul(result):
            raise HttpError(400, NUL_REFUSED)
        return result
