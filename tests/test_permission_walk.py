"""Every named URL of the site, visited by every fixed person.

A new view must be added to the table of its app in tests/walk/, or
test_every_named_url_has_an_audience fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.people import BaseTestCase
from tests.walk import AUDIENCE, url_kwargs

READERS = {"director", "head", "track_head", "president", "member", "student"}
EDITORS = {"director", "head"}
PEOPLE = [*READERS, "outsider", "anonymous"]


def expected_status(audience: str | dict[str, set[int]], person: str) -> set[int]:
    """Who gets what: an audience kind, or a table person -> statuses for the odd cases."""
    if isinstance(audience, dict):
        return audience[person]
    signed_in = person != "anonymous"
    if audience == "public":
        return {200}
    if audience == "nobody":
        return {404}
    if audience == "post_only":
        return {405}
    if audience == "anonymous_only":
        return {302} if signed_in else {200}
    if audience.startswith("api_"):
        # The API answers like the pages ("api_readers" as "readers"), but 401, not a
        # redirect to the sign-in page, to an anonymous caller.
        return expected_status(audience.removeprefix("api_"), person) if signed_in else {401}
    if not signed_in:
        return {302}  # to the sign-in page
    if audience == "signed_in":
        return {200}
    if audience == "signed_in_post_only":
        return {405}
    if audience == "readers":
        return {200} if person in READERS else {404}
    if audience == "editors":
        return {200} if person in EDITORS else ({403} if person in READERS else {404})
    if audience == "director":
        return {200} if person == "director" else {403}
    if audience == "staff":
        return {302}  # nobody among the fixed people is staff: Django's admin sends them away
    raise AssertionError(audience)


# Django's empty choice of a list: it means nothing to a reader; each list names its own.
BARE_EMPTY_CHOICE = ">---------<"


def _html(response: HttpResponseBase) -> str:
    if not isinstance(response, HttpResponse):  # a file or a stream
        return ""
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode()


def named_urls(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace == "admin":
                yield "admin:index"  # Django's own admin: only its door is walked
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


class PermissionWalkTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from law.loader import load  # the Code's pages are 404 until it is loaded

        load()

    def test_every_named_url_has_an_audience(self) -> None:
        missing = sorted(set(named_urls()) - set(AUDIENCE))
        assert missing == [], f"add these URLs to the permission walk: {missing}"

    def test_every_person_gets_what_their_role_allows(self) -> None:
        kwargs = url_kwargs(self.w)
        people = self.w.people()
        failures = []
        for name in sorted(set(named_urls())):
            args = dict(kwargs.get(name, {}))
            query = args.pop("?", "")
            url = reverse(name, kwargs=args or None) + (f"?{query}" if query else "")
            for person in PEOPLE:
                self.client.logout()
                user = people[person]
                if user is not None:
                    self.client.force_login(user)
                response = self.client.get(url)
                status = response.status_code
                if status not in expected_status(AUDIENCE[name], person):
                    failures.append(f"{name} as {person}: {status}")
                elif status == 200 and BARE_EMPTY_CHOICE in _html(response):
                    failures.append(f"{name} as {person}: a list offers {BARE_EMPTY_CHOICE}")
        assert failures == [], "\n".join(failures)

    def test_anonymous_people_are_sent_to_the_sign_in_page(self) -> None:
        response = self.client.get(reverse("councils:detail", args=[self.w.council.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
