"""Links and dates in templates, written from memory (conseils/urlcache.py and the fast paths
of conseils/templatetags/dates.py): the same text as Django's, without its cost per use."""

import datetime as dt
from unittest import mock

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test import SimpleTestCase, override_settings
from django.urls import path
from django.utils import translation
from django.utils.dateformat import format as date_format

from conseils import urlcache
from conseils.templatetags import dates


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def elsewhere(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse()


urlpatterns = [path("ailleurs/<int:pk>/", elsewhere, name="elsewhere")]


class LinksTests(SimpleTestCase):
    def setUp(self) -> None:
        urlcache._remembered.cache_clear()

    def test_a_link_named_twice_walks_the_url_patterns_once(self) -> None:
        with mock.patch("conseils.urlcache.reverse", wraps=urlcache.reverse) as walked:
            text = render(
                "{% url 'councils:detail' 7 %} {% url 'councils:detail' pk=7 %}"
                " {% url 'councils:detail' 7 %}"
            )
        self.assertEqual(text, "/conseils/7/ /conseils/7/ /conseils/7/")
        self.assertEqual(walked.call_count, 2)  # positional and keyword: two keys

    def test_a_missing_view_still_fails_or_leaves_the_variable_empty(self) -> None:
        self.assertEqual(render("{% url 'nowhere' as link %}[{{ link }}]"), "[]")

    def test_another_url_configuration_gets_its_own_links(self) -> None:
        self.assertEqual(render("{% url 'councils:detail' 7 %}"), "/conseils/7/")
        with override_settings(ROOT_URLCONF=__name__):
            self.assertEqual(render("{% url 'elsewhere' 7 %}"), "/ailleurs/7/")


class DatesTests(SimpleTestCase):
    def test_dates_read_as_django_writes_them_in_each_language(self) -> None:
        moments = [dt.datetime(2026, 3, 1, 9, 5), dt.datetime(2027, 12, 31, 23, 59)]
        for language, short, long in (
            ("fr", "j F Y à H\\hi", "l j F Y à H\\hi"),
            ("en", "j F Y, H:i", "l j F Y, H:i"),
        ):
            with translation.override(language):
                for moment in moments:
                    self.assertEqual(dates.when(moment), date_format(moment, short))
                    self.assertEqual(dates.when_long(moment), date_format(moment, long))
        with translation.override("fr"):
            self.assertEqual(dates.day(dt.date(2026, 9, 1)), "1er septembre 2026")
            self.assertEqual(dates.clock(dt.time(14, 30), spaced=True), "14 h 30")

    def test_a_date_is_written_without_parsing_a_format(self) -> None:
        with mock.patch("conseils.templatetags.dates.date_format") as parsed:
            dates.when_long(dt.datetime(2026, 3, 12, 14, 30))
            dates.day(dt.date(2026, 3, 12))
        parsed.assert_not_called()

    def test_the_date_filter_writes_the_usual_patterns_as_django_does_without_parsing(
        self,
    ) -> None:
        from django.template.defaultfilters import date as django_date

        patterns = ["d/m/Y", "j F Y", "l j F Y", "d/m/Y H:i", "j F Y, H:i", "l j F Y, H:i"]
        values: list[dt.date] = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(400)]
        values += [dt.datetime(2026, 1, 1, 0, 5) + dt.timedelta(hours=7 * n) for n in range(400)]
        values += [dt.date(987, 6, 5), dt.datetime(99, 1, 2, 3, 4)]
        for language in ("fr", "en", "de"):
            with translation.override(language):
                for value in values:
                    for pattern in patterns:
                        if type(value) is dt.date and "H" in pattern:
                            continue
                        self.assertEqual(dates.date(value, pattern), django_date(value, pattern))
        with mock.patch("conseils.templatetags.dates.django_date") as parsed:
            for pattern in patterns:
                dates.date(dt.datetime(2026, 3, 12, 14, 30), pattern)
        parsed.assert_not_called()
        template = engines["django"].from_string('{{ d|date:"d/m/Y" }} {{ d|date:"D" }}')
        with translation.override("en"):
            self.assertEqual(template.render({"d": dt.date(2026, 3, 12)}), "12/03/2026 Thu")
        # An aware moment in local time (Paris), other values as Django writes them.
        template = engines["django"].from_string('{{ m|date:"d/m/Y H:i" }}|{{ x|date:"d/m/Y" }}')
        with translation.override("fr"):
            moment = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)  # Paris: 1 April, 01:30
            self.assertEqual(template.render({"m": moment, "x": None}), "01/04/2026 01:30|")
            self.assertEqual(template.render({"m": "", "x": "texte"}), "|")
