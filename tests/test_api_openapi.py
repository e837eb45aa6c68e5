"""The OpenAPI document describes every endpoint and how to authenticate."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import reverse

from api.main import api

ENDPOINTS = {
    ("get", "/api/v1/councils"),
    ("get", "/api/v1/councils/{council_id}"),
    ("get", "/api/v1/councils/{council_id}/members"),
    ("post", "/api/v1/councils/{council_id}/members"),
    ("patch", "/api/v1/councils/{council_id}/members/{membership_id}"),
    ("post", "/api/v1/councils/{council_id}/members/{membership_id}/end"),
    ("get", "/api/v1/councils/{council_id}/meetings"),
    ("get", "/api/v1/meetings/{meeting_id}"),
    ("get", "/api/v1/meetings/{meeting_id}/agenda"),
    ("get", "/api/v1/meetings/{meeting_id}/convocation"),
    ("get", "/api/v1/meetings/{meeting_id}/answers/me"),
    ("put", "/api/v1/meetings/{meeting_id}/answers/me"),
    ("post", "/api/v1/councils/{council_id}/meetings"),
    ("post", "/api/v1/meetings/{meeting_id}/move"),
    ("post", "/api/v1/meetings/{meeting_id}/cancel"),
    ("post", "/api/v1/meetings/{meeting_id}/recommendations"),
    ("post", "/api/v1/meetings/{meeting_id}/agenda/items"),
    ("put", "/api/v1/meetings/{meeting_id}/agenda/items/{item_id}"),
    ("delete", "/api/v1/meetings/{meeting_id}/agenda/items/{item_id}"),
    ("post", "/api/v1/meetings/{meeting_id}/agenda/items/{item_id}/move"),
    ("post", "/api/v1/meetings/{meeting_id}/agenda/submit"),
    ("post", "/api/v1/meetings/{meeting_id}/agenda/set"),
    ("post", "/api/v1/meetings/{meeting_id}/agenda/reopen"),
    ("get", "/api/v1/law/search"),
    ("get", "/api/v1/law/articles/{reference}"),
}


class OpenApiTests(SimpleTestCase):
    def document(self) -> dict:
        response = self.client.get(reverse("api:openapi-json"))
        assert response.status_code == 200
        return response.json()

    def test_it_is_served_at_api_v1_openapi_json(self) -> None:
        assert reverse("api:openapi-json") == "/api/v1/openapi.json"

    def test_it_lists_every_endpoint(self) -> None:
        paths = self.document()["paths"]
        listed = {(method, path) for path, ops in paths.items() for method in ops}
        assert listed >= ENDPOINTS, sorted(ENDPOINTS - listed)

    def test_every_endpoint_of_the_api_is_in_the_list_above(self) -> None:
        # A new endpoint must be added to ENDPOINTS, and so to this test's promise.
        schema = api.get_openapi_schema()
        listed = {(method, path) for path, ops in schema["paths"].items() for method in ops}
        assert listed == ENDPOINTS

    def test_it_declares_the_bearer_token_and_the_session(self) -> None:
        schemes = self.document()["components"]["securitySchemes"]
        assert {"type": "http", "scheme": "bearer"} in schemes.values()
        assert any(s.get("in") == "cookie" for s in schemes.values())

    def test_every_council_endpoint_requires_authentication(self) -> None:
        paths = self.document()["paths"]
        for path, ops in paths.items():
            if path.startswith("/api/v1/law/"):
                continue  # the Code is public
            for method, op in ops.items():
                assert op.get("security"), f"{method} {path}"

    def test_no_key_is_written_twice(self) -> None:
        # Swagger UI reads the document as YAML, which refuses a key written twice (the 404
        # an endpoint declares by number and the one added for every path by string).
        import json

        def once(pairs: list[tuple[str, object]]) -> dict:
            keys = [key for key, _ in pairs]
            assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
            return dict(pairs)

        json.loads(self.client.get(reverse("api:openapi-json")).content, object_pairs_hook=once)

    def test_the_docs_page_serves_swagger_from_the_site_not_a_cdn(self) -> None:
        # The site's Content-Security-Policy allows its own scripts only.
        html = self.client.get("/api/v1/docs").content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in html
        assert "cdn." not in html and "https://" not in html

    def test_it_documents_the_conflict_of_an_illegal_change(self) -> None:
        op = self.document()["paths"]["/api/v1/councils/{council_id}/members"]["post"]
        assert {"201", "403", "404", "409"} <= set(op["responses"])


class StrictnessTests(SimpleTestCase):
    """The document is as strict as the server, and lists the statuses the server answers."""

    def operation(self, method: str, path: str) -> dict:
        return api.get_openapi_schema()["paths"][path][method]

    def body_schema(self, name: str) -> dict:
        return api.get_openapi_schema()["components"]["schemas"][name]

    def test_an_agenda_item_needs_a_visible_title(self) -> None:
        title = self.body_schema("ItemIn")["properties"]["title"]
        assert title["minLength"] == 1
        import re

        assert not re.search(title["pattern"], "   ") and re.search(title["pattern"], "Bilan")

    def test_request_bodies_refuse_properties_they_do_not_name(self) -> None:
        for name in ("ItemIn", "PlanIn", "SeatPatchIn", "NewMemberIn", "AnswerIn", "ReasonIn"):
            assert self.body_schema(name)["additionalProperties"] is False, name

    def test_strings_may_not_carry_a_nul_character(self) -> None:
        place = self.body_schema("PlanIn")["properties"]["place"]
        assert place["pattern"] == "^[^\\x00]*$"

    def test_every_operation_lists_400_and_422_and_404_with_an_id(self) -> None:
        for path, operations in api.get_openapi_schema()["paths"].items():
            for method, operation in operations.items():
                assert {"400", "422"} <= set(map(str, operation["responses"])), (method, path)
                if "{" in path:
                    assert "404" in set(map(str, operation["responses"])), (method, path)
