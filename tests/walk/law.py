"""The Code de l'éducation is public: pages and API alike."""

from tests.people import World
from tests.walk.core import PEOPLE

# An article and a section that exist once the Code is loaded; without it the pages are 404,
# which is why the walk loads the corpus (see tests/test_permission_walk.py).
ARTICLE = 34787  # D. 721-1

AUDIENCE = {
    "law:index": "public",
    "law:search": "public",
    "law:bodies": "public",
    "law:section": "public",
    "law:article": "public",
    # Redirects everyone, signed in or not, to law:article.
    "law:article_by_reference": {person: {302} for person in PEOPLE},
    "api:api-root": "nobody",  # django-ninja names its prefix; nothing is served there
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:search_code": "public",
    "api:get_article": "public",
}


def _first_heading() -> int:
    from law.models import Heading

    heading = Heading.objects.order_by("position").first()
    return heading.pk if heading else 1


def kwargs(w: World) -> dict[str, dict[str, object]]:
    return {
        "law:search": {"?": "q=conseil+d%27institut"},
        "law:section": {"heading_id": _first_heading()},
        "law:article": {"source_line": ARTICLE},
        "law:article_by_reference": {"reference": "D721-1"},
        "api:search_code": {"?": "q=quorum"},
        "api:get_article": {"reference": ARTICLE},
    }
