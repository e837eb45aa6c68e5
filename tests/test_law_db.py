"""The loaded Code: load, search (SQLite FTS5 or PostgreSQL), CLI, API and public pages,
through the project's own URLs (/code/ and /api/v1/law/).

The corpus is loaded once for this module (a few seconds), not once per test.
"""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils.html import escape

from api.main import api
from law.french import fold
from law.loader import load
from law.models import Article, BodyArticle, Heading, LoadRecord, Reference
from law.search import search

pytestmark = [pytest.mark.django_db]
SECURITY = "attributions du chef d'établissement en matière de sécurité"


@pytest.fixture(scope="module", autouse=True)
def code(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = load(force=True)
    yield report
    with django_db_blocker.unblock():
        Reference.objects.all().delete()
        BodyArticle.objects.all().delete()
        Article.objects.all().delete()
        Heading.objects.all().delete()
        LoadRecord.objects.all().delete()


def test_loading_builds_every_article(code):
    # How fast: bench/law_load.py measures it on demand; a unit test asserts no time.
    assert code.articles == 3244
    assert Article.objects.count() == 3244


def test_loading_again_changes_nothing():
    before = list(Article.objects.values_list("source_line", "number"))
    assert load().skipped
    assert list(Article.objects.values_list("source_line", "number")) == before


def test_the_security_question_finds_the_head_of_school_article_first():
    hits = search(SECURITY)
    assert hits[0].source_line == 15657  # R. 421-10, 3°: sécurité des personnes et des biens


def test_search_is_insensitive_to_accents_and_word_endings():
    assert (
        search("securite etablissement")[0].source_line
        == search("sécurité établissements")[0].source_line
    )


def test_acronyms_are_expanded():
    lines = [h.source_line for h in search("composition du COSP", limit=5)]
    assert 34819 in lines


def test_an_article_number_written_without_its_letter_puts_the_article_first():
    hit = search("quorum article 421-25")[0]
    assert hit.number == "R. 421-25"


def test_a_phrase_must_appear_as_written():
    # As written, but in any case and with or without accents: line 3078 says
    # "3° Trente membres représentant les collectivités territoriales".
    hits = search('"trente membres"', limit=50)
    assert 3078 in [h.source_line for h in hits]
    assert hits and all(
        "trente membres" in fold(Article.objects.get(pk=h.source_line).body) for h in hits
    )


def test_a_phrase_keeps_its_small_words_and_stays_in_one_paragraph():
    lines = {h.source_line for h in search('"conseil de l\'administration"', limit=100)}
    assert all(
        "conseil de l'administration" in fold(Article.objects.get(pk=line).body) for line in lines
    )
    assert 15718 not in lines  # "conseil d'administration" is another phrase
    # 15657 ends a paragraph with "juridictions compétentes." and opens the next with
    # "A l'égard des élèves": no phrase runs from one paragraph into the next.
    lines = {h.source_line for h in search('"compétentes à"', limit=100)}
    assert lines and 15657 not in lines


def test_a_prefix_query_matches_word_beginnings():
    assert search("professora*")


def test_an_excluded_word_removes_articles():
    lines = {h.source_line for h in search("conseil école -maîtres", limit=100)}
    assert lines
    assert not any("maîtres" in Article.objects.get(pk=line).body for line in lines)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        '"',
        '"unbalanced',
        "NEAR(conseil école)",
        "*",
        "-",
        "()",
        "conseil) OR (",
        "'; DROP TABLE law_article; --",
        "🏫🎓",
        "AND OR NOT",
        "col:lead",
    ],
)
def test_hostile_queries_return_a_clean_result(query):
    assert isinstance(search(query), list)
    assert Article.objects.count() == 3244


def test_the_cli_prints_json_hits(capsys):
    call_command("law", "search", SECURITY, "--json", "--limit", "3")
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3
    assert set(hits[0]) == {
        "source_line",
        "number",
        "number_confidence",
        "score",
        "snippet",
        "variants",
    }
    assert hits[0]["source_line"] == 15657


def test_the_cli_succeeds_with_no_hits(capsys):
    call_command("law", "search", "zzzzqqq", "--json")
    assert json.loads(capsys.readouterr().out) == []


def test_the_cli_shows_an_article_by_line_or_number(capsys):
    call_command("law", "show", "34787")
    by_line = capsys.readouterr().out
    call_command("law", "show", "D. 721-1")
    assert capsys.readouterr().out == by_line
    assert "D. 721-1" in by_line and "trente membres" in by_line
    with pytest.raises(CommandError):
        call_command("law", "show", "999999")


def test_known_references_become_links_and_each_article_knows_who_cites_it():
    target = Article.objects.get(number="D. 721-1")
    citing = Reference.objects.filter(target=target).values_list("source_id", flat=True)
    assert 34841 in set(citing)  # "dans les collèges mentionnés à l'article D. 721-1"


def test_the_api_searches_and_serves_articles():
    client = Client()
    response = client.get("/api/v1/law/search", {"q": SECURITY, "limit": 2})
    assert response.status_code == 200
    assert response.json()["items"][0]["source_line"] == 15657
    assert len(response.json()["items"]) == 2
    article = client.get("/api/v1/law/articles/34787").json()
    assert article["number"] == "D. 721-1"
    assert 34841 in article["cited_by"]
    assert client.get("/api/v1/law/articles/34788").status_code == 404
    assert client.get("/api/v1/law/search", {"q": "x" * 10_000}).status_code == 200


def test_the_api_search_pages_its_hits_as_the_other_lists_do():
    client = Client()
    first = client.get("/api/v1/law/search", {"q": SECURITY, "limit": 3}).json()
    assert first["limit"] == 3 and first["offset"] == 0
    assert 3 < first["count"] <= 100
    lines = [h.source_line for h in search(SECURITY, limit=100)]
    assert first["count"] == len(lines)
    assert [h["source_line"] for h in first["items"]] == lines[:3]
    second = client.get("/api/v1/law/search", {"q": SECURITY, "limit": 3, "offset": 3}).json()
    assert [h["source_line"] for h in second["items"]] == lines[3:6]
    beyond = client.get("/api/v1/law/search", {"q": SECURITY, "offset": first["count"]}).json()
    assert beyond["items"] == [] and beyond["count"] == first["count"]
    default = client.get("/api/v1/law/search", {"q": SECURITY}).json()
    assert default["limit"] == 10 and len(default["items"]) == 10
    # Out of range, refused as by the other lists (it used to be quietly clamped).
    for wrong in ({"limit": 0}, {"limit": 101}, {"offset": -1}):
        assert client.get("/api/v1/law/search", {"q": SECURITY, **wrong}).status_code == 422


def test_the_api_is_in_the_openapi_document():
    paths = api.get_openapi_schema()["paths"]
    assert "/api/v1/law/search" in paths
    assert "/api/v1/law/articles/{reference}" in paths


def test_an_article_page_shows_text_number_links_and_notes_without_sign_in():
    client = Client()
    page = client.get("/code/article/34787/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "D. 721-1" in html and "trente membres" in html
    assert "/code/article/34841/" in html  # cited by
    assert client.get("/code/article/53/").content.decode().count("NOTA") >= 1
    assert client.get("/code/article/34788/").status_code == 404


def test_an_article_without_number_says_so_with_its_candidates():
    unknown = Article.objects.filter(number="").exclude(number_candidates=[]).first()
    html = Client().get(unknown.get_absolute_url()).content.decode()
    assert "numéro non déterminé" in html.lower()
    assert unknown.number_candidates[0] in html


def test_tables_are_rendered_as_tables():
    html = Client().get("/code/article/1425/").content.decode()
    assert "<table" in html and '<th scope="col">DISPOSITIONS APPLICABLES</th>' in html


def test_the_search_page_highlights_and_paginates():
    client = Client()
    html = client.get("/code/recherche/", {"q": "conseil d'école"}).content.decode()
    assert "<mark>" in html and "page=2" in html
    assert (
        client.get("/code/recherche/", {"q": "conseil d'école", "page": "999"}).status_code == 200
    )
    assert client.get("/code/recherche/", {"q": '"('}).status_code == 200


def test_an_article_without_a_known_number_is_named_by_its_heading_not_its_line():
    from law.models import Article
    from law.search import search

    hits = [h for h in search("conseil des sports de l'université", limit=20) if not h.number]
    assert hits, "the question finds an article whose number is unknown"
    html = (
        Client()
        .get("/code/recherche/", {"q": "conseil des sports de l'université"})
        .content.decode()
    )
    heading = Article.objects.select_related("heading").get(source_line=hits[0].source_line).heading
    assert heading is not None
    assert "Article de la ligne" not in html
    # The Code's heading in French, marked so, on any page.
    shown = f'Article sans numéro connu — <span lang="fr">{heading.title}</span>'
    assert shown in html.replace("&#x27;", "'")


def test_a_heading_with_articles_of_its_own_says_how_many_stand_outside_its_subdivisions():
    # Its count takes in the articles right under it: the page says so, and they add up.
    heading = next(
        h
        for h in Heading.objects.filter(children__isnull=False, articles__isnull=False).distinct()
        if h.articles.exists()
    )
    direct = heading.articles.count()
    assert direct + sum(c.article_count for c in heading.children.all()) == heading.article_count
    html = Client().get(heading.get_absolute_url()).content.decode()
    assert (
        f"{heading.article_count} articles, dont {direct} directement dans cette rubrique" in html
    )
    # An article is named by its number alone: no list number beside it ("7. D. 721-8").
    content = html.split('class="law-trail"', 1)[1].split("</nav>", 1)[1]
    assert '<ul class="law-list">' in content and "<ol" not in content


def test_the_browse_pages_open_without_sign_in():
    client = Client()
    assert client.get("/code/").status_code == 200
    root = Heading.objects.filter(parent__isnull=True).first()
    assert client.get(root.get_absolute_url()).status_code == 200
    assert "D. 721-1" in client.get("/code/organes/").content.decode()
    assert client.get("/code/rubrique/999999/").status_code == 404


def test_the_index_counts_articles_as_french_writes_numbers():
    # "3244 articles" read as a code, not a count: French groups thousands with a space.
    html = Client().get("/code/").content.decode()
    total = Article.objects.count()
    assert re.search(rf"<p>{total // 1000}\s{total % 1000:03d} articles\.", html)


D_721_6 = "D. 721-6"


@pytest.mark.parametrize("spelling", ["D. 721-6", "D721-6", "d. 721-6", "art. D. 721-6", "D 721-6"])
def test_the_cli_finds_an_article_by_its_number_in_any_spelling(capsys, spelling):
    call_command("law", "show", spelling)
    out = capsys.readouterr().out
    assert "Article D. 721-6" in out
    assert "cinq ans" in out  # "désignés pour un mandat de cinq ans"
    assert "Livre VII" in out


@pytest.mark.parametrize("number", ["R. 421-14", "D. 411-1"])
def test_the_numbers_the_issue_asked_for_are_found(capsys, number):
    call_command("law", "show", number)
    assert f"Article {number}" in capsys.readouterr().out


@pytest.mark.parametrize("spelling", ["721-6", "article 721-6", "art. 721-6"])
def test_a_number_typed_without_its_letter_is_found_when_only_one_article_bears_it(
    capsys, spelling
):
    call_command("law", "show", spelling)
    assert "Article D. 721-6" in capsys.readouterr().out
    assert Client().get(f"/api/v1/law/articles/{spelling}").json()["number"] == D_721_6
    assert search(spelling)[0].number == D_721_6


def test_a_letterless_number_two_articles_can_bear_lists_both():
    # The Code never gives one number both letters; make it so, to see the candidates listed.
    other = Article.objects.filter(number="").order_by("position").first()
    other.number = "R. 721-6"
    other.save()
    with pytest.raises(CommandError, match=r"plusieurs articles : D\. 721-6, R\. 721-6"):
        call_command("law", "show", "721-6")
    response = Client().get("/api/v1/law/articles/721-6")
    assert response.status_code == 404
    assert "D. 721-6, R. 721-6" in response.json()["detail"]
    html = Client().get("/code/recherche/", {"q": "article 721-6"}).content.decode()
    assert "« 721-6 » peut désigner plusieurs articles" in html
    assert html.count(">R. 721-6</a>") == 1 and html.count(">D. 721-6</a>") == 1


def test_a_number_no_article_bears_names_the_articles_it_may_belong_to():
    unknown = Article.objects.exclude(number_candidates=[]).filter(number="").first()
    candidate = unknown.number_candidates[0]
    with pytest.raises(CommandError, match=f"ligne {unknown.source_line} "):
        call_command("law", "show", candidate.split(" ", 1)[1])


def test_an_unknown_number_is_a_clear_error():
    with pytest.raises(CommandError, match="Aucun article"):
        call_command("law", "show", "D. 999-99")


def test_the_export_lists_every_article_with_number_confidence_and_headings(capsys):
    call_command("law", "export", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3244
    assert set(rows[0]) == {"source_line", "number", "number_confidence", "headings"}
    d_721_6 = next(r for r in rows if r["number"] == D_721_6)
    assert d_721_6["headings"][0].startswith("Livre VII")
    assert any(h.startswith("Chapitre") for h in d_721_6["headings"])
    unknown = [r for r in rows if r["number"] is None]
    assert all(r["number_confidence"] is None for r in unknown)
    assert len(rows) - len(unknown) >= 0.7 * len(rows)


def test_the_api_serves_an_article_by_number_with_its_evidence_and_headings():
    client = Client()
    article = client.get("/api/v1/law/articles/D721-6").json()
    assert article["number"] == D_721_6
    assert article["citation"] == "Code de l’éducation, art. D. 721-6"
    assert article["number_evidence"] and article["headings"][0].startswith("Livre VII")
    same = client.get(f"/api/v1/law/articles/{article['source_line']}").json()
    assert same == article
    assert client.get("/api/v1/law/articles/D.%20999-99").status_code == 404


def test_search_puts_the_article_a_query_names_first():
    target = Article.objects.get(number=D_721_6).source_line
    assert search("D721-6")[0].source_line == target
    assert search("que dit l'article D. 721-6 sur les mandats")[0].source_line == target


def test_the_article_page_shows_headings_evidence_neighbours_and_citation():
    article = Article.objects.get(number=D_721_6)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Code de l’éducation, art. D. 721-6" in html
    assert article.number_evidence[0] in html.replace("&#x27;", "'")
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "Livre VII" in html and "Chapitre" in html


@pytest.mark.parametrize(
    "words",
    [
        "qui se suivent : article inséré, numéroté à la suite",
        "sans lacune dans la numérotation entre les numéros que le texte cite",
        "seul des articles qui la contiennent à cette place",
        "comme celle des articles qui l’entourent",
        "de la version de 2015",
        "Citation « Dans chaque région académique »",
    ],
)
def test_the_article_page_shows_each_kind_of_evidence_in_its_own_words(words):
    article = next(
        a for a in Article.objects.exclude(number="") if any(words in r for r in a.number_evidence)
    )
    html = Client().get(article.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert article.number in html
    shown = re.sub(r"<[^>]+>", "", _evidence_of(html))
    for reason in article.number_evidence:
        # Word for word, but for the articles it names by their line (see the next tests).
        by_line = r"\(?l?[’']?article de la ligne \d+\)?(?: \([RD]\.[^)]*\))?|à la ligne \d+"
        for part in re.split(by_line, reason):
            assert part.replace("&", "&amp;") in shown


def _evidence_of(html: str) -> str:
    return html.split('id="evidence-title"')[1].split("</section>")[0]


def test_the_evidence_names_an_article_it_relies_on_by_its_number_with_a_link():
    # The copy at line 10080 reproduces D. 335-35, at line 10053.
    copy = Article.objects.get(source_line=10080)
    assert "l’article de la ligne 10053 (D. 335-35)" in copy.number_evidence[0]
    evidence = _evidence_of(Client().get(copy.get_absolute_url()).content.decode())
    assert 'l’article <a href="/code/article/10053/">D. 335-35</a> : même texte' in evidence
    assert "ligne" not in evidence
    # The article that quotes D. 642-55's words is numbered: it is named in the sentence.
    quoted = Article.objects.get(number="D. 642-55", source_line=27067)
    quoting = Article.objects.get(source_line=28305)
    assert quoting.number
    evidence = _evidence_of(Client().get(quoted.get_absolute_url()).content.decode())
    assert f'(dans l’article <a href="/code/article/28305/">{quoting.number}</a>)' in evidence
    assert "ligne" not in evidence


def test_the_evidence_names_an_article_of_unknown_number_as_the_search_page_does():
    # D. 112-1's old words are quoted by the article at line 1439, whose number is unknown.
    assert not Article.objects.get(source_line=1439).number
    quoted = Article.objects.get(source_line=31)
    assert any("(article de la ligne 1439)" in r for r in quoted.number_evidence)
    html = Client().get(quoted.get_absolute_url()).content.decode()
    evidence = _evidence_of(html)
    assert '(dans l’article <a href="/code/article/1439/">sans numéro connu</a>)' in evidence
    assert "ligne" not in evidence
    # The rewriting article of R. 212-15 (line 2018) is the one at line 6114, also unnumbered.
    rewritten = Client().get(Article.objects.get(source_line=2018).get_absolute_url())
    assert (
        '» dans l’article <a href="/code/article/6114/">sans numéro connu</a> (vocabulaire'
        in _evidence_of(rewritten.content.decode())
    )


def test_the_evidence_stays_french_on_the_english_page():
    from django.conf import settings

    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = reader.get(Article.objects.get(source_line=31).get_absolute_url()).content.decode()
    section = _evidence_of(html)
    assert '<ul lang="fr">' in section
    assert ">sans numéro connu</a>" in section and "(dans l’article <a" in section


def test_a_line_in_the_codes_quoted_words_is_not_taken_for_an_article():
    from law.evidence import lines_mentioned, reworded

    reason = "Citation « à la ligne 31 du tableau » de l’article D. 1-1 (article de la ligne 9)."
    assert lines_mentioned([reason]) == {9}
    parts = reworded(reason, {9: "D. 2-2", 31: "D. 3-3"})
    assert "".join(p["text"] for p in parts) == (
        "Citation « à la ligne 31 du tableau » de l’article D. 1-1 (dans l’article D. 2-2)."
    )
    assert [p["target"] for p in parts if "target" in p] == [9]


def test_the_article_page_gives_the_confidence_as_a_percentage_in_each_language():
    from django.conf import settings

    article = Article.objects.get(number=D_721_6)
    percent = round(article.number_confidence * 100)
    french = Client().get(article.get_absolute_url()).content.decode()
    assert f"confiance {percent}\u00a0%" in french
    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = reader.get(article.get_absolute_url()).content.decode()
    assert f"confidence {percent}%" in english
    assert "confiance" not in english


def test_the_evidence_is_written_with_the_typographic_apostrophe():
    article = Article.objects.get(number=D_721_6)
    assert any("l’article" in reason for reason in article.number_evidence)
    assert not any("'" in reason for reason in article.number_evidence)


def test_the_index_unfolds_the_headings_like_legifrance():
    html = Client().get("/code/").content.decode()
    assert "Livre Ier" in html and "Livre IX" in html and "<details" in html
    assert "Livre non déterminé" not in html and "l. 5 —" not in html


def test_the_conseil_pedagogique_and_livre_viii_titres_have_their_headings():
    pedagogique = Article.objects.get(number="R. 421-41-1")
    titles = [h.title for h in pedagogique.heading.trail()]
    assert titles[-2:] == ["Section 2 : Organisation administrative", "Le conseil pédagogique"]
    html = Client().get(pedagogique.get_absolute_url()).content.decode()
    assert "Le conseil pédagogique</a></li>" in html.split('class="law-trail"')[1]
    d_811_1 = Article.objects.get(number="D. 811-1")
    assert d_811_1.heading.title.startswith("Titre Ier : Les droits et obligations des usagers")
    assert d_811_1.heading.parent.title == "Livre VIII : La vie universitaire"
    assert "Titre II : Les aides aux étudiants" in Client().get("/code/").content.decode()
    # The Palmes académiques are of Livre IX (personnels), not of the vie universitaire.
    palmes = Article.objects.filter(lead__startswith="L'ordre des Palmes académiques").get()
    assert palmes.heading.trail()[0].title == "Livre IX : Les personnels de l'éducation"


def test_a_livres_own_articles_are_read_between_its_titres_in_the_codes_order():
    book = Heading.objects.get(title="Livre VIII : La vie universitaire")
    html = Client().get(book.get_absolute_url()).content.decode()
    first, second = (
        html.index(f'href="{h.get_absolute_url()}"') for h in book.children.order_by("position")[:2]
    )
    # The disciplinary articles of unknown number follow Titre Ier (R. 811-29) in the text.
    discipline = Article.objects.get(
        lead__startswith="Le président de la commission de discipline fixe"
    )
    assert discipline.heading == book
    assert first < html.index(f'href="{discipline.get_absolute_url()}"') < second


def test_the_article_page_gives_the_text_before_the_evidence_of_its_number():
    # A lawyer reads the article first; the citation to copy stays by its number, above it.
    pedagogique = Article.objects.get(number="R. 421-41-1")
    html = Client().get(pedagogique.get_absolute_url()).content.decode()
    cite, text = html.index('class="law-cite"'), html.index('class="law-text"')
    assert cite < text < html.index("D’où vient ce numéro")
    unknown = Article.objects.filter(number="").first()
    html = Client().get(unknown.get_absolute_url()).content.decode()
    assert html.index('class="law-text"') < html.index("Numéro non déterminé</h2>")
    # The council the article sets, once, its topics in a sentence.
    html = Client().get(pedagogique.get_absolute_url()).content.decode()
    assert re.search(r"d’enseignement</a> — Composition, fonctionnement</li>", html)


def test_the_index_of_councils_lists_councils_by_name_with_numbers():
    html = Client().get("/code/organes/").content.decode()
    for group in html.split('<section id="')[1:]:
        names = re.findall(r'<h3 lang="fr">(.*?)</h3>', group)
        assert names == sorted(names, key=fold)
    assert "ligne " not in html


def _councils_of_kind(html: str, kind: str) -> dict[str, str]:
    """{council's full name: its articles' part of the page} for one kind of institution."""
    part = html.split(f'<h2 id="{kind}-title">')[1].split('<h2 id="')[0]
    return {
        name: body.split("</section>")[0]
        for name, body in re.findall(r'<h3 lang="fr">(.*?)</h3>(.*?)(?=<h3 |$)', part, re.S)
    }


def test_the_councils_index_tells_each_institutions_board_apart():
    # One "Conseil d'administration" held the EPLE's, the universities', the CNED's boards
    # together: each is now named by the institution its articles' headings name, under its kind.
    html = Client().get("/code/organes/").content.decode()
    eple = _councils_of_kind(html, "eple")
    board = eple["Conseil d’administration des établissements publics locaux d’enseignement"]
    numbers = re.findall(r">([RD]\. [\d-]+)</a>", board)
    assert "R. 421-14" in numbers and "R. 421-25" in numbers
    # Its chapter's articles, and those of Livres II and V on the EPLE's board (housing
    # concessions, R. 216-17; pupils' associations, R. 511-9): no university's, no CNED's.
    assert not [
        n for n in numbers if not n.startswith(("R. 421-", "D. 421-", "R. 216-", "R. 511-"))
    ]
    national = _councils_of_kind(html, "etablissements-nationaux")
    cned = national["Conseil d’administration du Centre national d’enseignement à distance"]
    assert re.findall(r">([RD]\. [\d-]+)</a>", cned)
    assert all(n.startswith("R. 426-") for n in re.findall(r">([RD]\. [\d-]+)</a>", cned))
    higher = _councils_of_kind(html, "superieur")
    assert (
        "Conseil d’administration des établissements publics à caractère scientifique, "
        "culturel et professionnel" in higher
    )
    assert "Conseil académique des universités" in higher
    inspe = _councils_of_kind(html, "inspe")
    assert any(name.startswith("Conseil d’orientation scientifique") for name in inspe)
    # Within a council, articles by number: R. 421-14 before R. 421-25.
    assert numbers.index("R. 421-14") < numbers.index("R. 421-25")


def test_the_councils_index_speaks_the_readers_language_but_keeps_the_codes_names():
    from django.conf import settings

    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = reader.get("/code/organes/").content.decode()
    assert "Lower and upper secondary schools (EPLE)" in html
    assert "<dt>Terms of office and elections</dt>" in html and "<dt>Functioning</dt>" in html
    assert "Mandats et élections" not in html and "Collèges et lycées" not in html
    # An article of unknown number: where it stands in the reader's language, its words in French.
    assert "number not determined, between D. 411-9 and D. 412-1</a>" in html
    # The councils' legal names stay French, marked as such for screen readers.
    assert (
        '<h3 lang="fr">Conseil d’administration des établissements publics locaux '
        "d’enseignement</h3>" in html
    )


def test_the_councils_index_shows_a_schools_council_once():
    # An article the numbering left directly under "Titre Ier : Les écoles", after its first
    # chapter, made a second "Conseil d'école des écoles" beside the one of the chapter.
    html = Client().get("/code/organes/").content.decode()
    schools = _councils_of_kind(html, "ecoles")
    assert "Conseil d’école des écoles" not in schools
    assert "Conseil des maîtres des écoles" not in schools
    # Livre III's articles on the public schools' conseil des maîtres are the same council's.
    assert [name for name in schools if name.startswith("Conseil des maîtres")] == [
        "Conseil des maîtres des écoles maternelles et élémentaires"
    ]
    assert ">D. 321-8</a>" in schools["Conseil des maîtres des écoles maternelles et élémentaires"]
    # The EPLE's councils are named by the EPLE, not by a heading of Livre II, III or V.
    eple = _councils_of_kind(html, "eple")
    assert not [name for name in eple if "—" in name]
    assert (
        ">D. 331-66</a>"
        in eple["Conseil de classe des établissements publics locaux d’enseignement"]
    )
    council = schools["Conseil d’école des écoles maternelles et élémentaires"]
    assert 'href="/code/article/15505/"' in council and ">D. 411-1</a>" in council
    names = re.findall(r'<h3 lang="fr">(.*?)</h3>', html)
    anchors = re.findall(r'<section id="([\w-]+)"><h3', html)
    assert len(names) == len(set(names)) and len(anchors) == len(set(anchors))


def _topics(council: str) -> list[str]:
    return re.findall(r"<dd>(.*?)</dd>", council, re.S)


def test_the_councils_index_tells_apart_the_articles_of_unknown_number():
    html = Client().get("/code/organes/").content.decode()
    assert "article sans numéro" not in html
    council = _councils_of_kind(html, "ecoles")[
        "Conseil d’école des écoles maternelles et élémentaires"
    ]
    assert "numéro non déterminé, entre D. 411-9 et D. 412-1</a>" in council
    # Its first words, in the Code's French, say which one it is.
    assert '<span lang="fr">Le directeur d&#x27;école organise les élections' in council
    for part in html.split('<h2 id="')[1:]:
        for topic in _topics(part):
            links = re.findall(
                r'<a href="/code/article/\d+/">(.*?)</a>(.*?)(?=<a |</ul>|$)', topic, re.S
            )
            shown = [(label, after.strip()) for label, after in links]
            # Neither a number nor an article of unknown number twice in one topic.
            assert len(shown) == len(set(shown)), shown


def test_a_number_is_listed_once_though_its_text_is_repeated():
    # The shipped text repeats D. 239-6 and D. 239-7, for other collectivities, under the
    # same numbers (the index no longer files them: they are not a listed council's, so the
    # listing is tried on them directly).
    from law.bodies_index import Listed, _each_once

    copies = Article.objects.filter(number__in=["D. 239-6", "D. 239-7"]).order_by("-position")
    assert len(copies) > 2
    kept = _each_once([Listed(article) for article in copies])
    assert [item.article.number for item in kept] == ["D. 239-6", "D. 239-7"]
    assert all(not item.article.is_copy for item in kept)
    html = Client().get("/code/organes/").content.decode()
    for topic in _topics(html):
        numbers = re.findall(r">([RD]\. [\d-]+)</a>", topic)
        assert len(numbers) == len(set(numbers)), numbers


def test_an_institutions_board_named_as_electors_or_as_a_model_is_not_filed_for_it():
    # D. 239-2 … D. 239-8 set the Conseil national de l'enseignement supérieur et de la
    # recherche artistiques et culturels, elected by the schools' boards: no board of theirs.
    html = Client().get("/code/organes/").content.decode()
    assert "Conseil d’administration — Les autres instances consultatives" not in html
    assert not re.search(r">D\. 239-\d</a>", html)
    # D. 421-140: the conseil de section internationale is elected as the conseil d'école and
    # the conseil d'administration are; it is neither.
    assert ">D. 421-140</a>" not in html
    page = Client().get(Article.objects.get(number="D. 421-140").get_absolute_url())
    assert "Index des conseils" not in page.content.decode()
    # The EPLE's board keeps its articles.
    board = _councils_of_kind(html, "eple")[
        "Conseil d’administration des établissements publics locaux d’enseignement"
    ]
    assert ">R. 421-14</a>" in board


def test_the_pupils_discipline_councils_stand_with_the_colleges_and_lycees():
    html = Client().get("/code/organes/").content.decode()
    eple = _councils_of_kind(html, "eple")
    own = eple["Conseil de discipline des établissements publics locaux d’enseignement"]
    numbers = re.findall(r">([RD]\. [\d-]+)</a>", own)
    # R. 511-21 elects its members among the conseil d'administration's: it is the
    # conseil de discipline's article, not the conseil d'administration's.
    assert {"R. 511-20", "R. 511-21", "R. 511-22", "D. 511-35"} <= set(numbers)
    assert "R. 511-45" in eple["Conseil de discipline départemental"]
    assert "R. 511-45" not in own
    others = _councils_of_kind(html, "autres")
    assert not [name for name in others if "disciplin" in name]
    # Nor a conseil de classe or a conseil des maîtres: only schools and EPLE have them.
    assert not [n for n in others if n.startswith(("Conseil de classe", "Conseil des maîtres"))]
    higher = _councils_of_kind(html, "superieur")
    assert not [name for name in higher if name.startswith("Conseil de classe")]
    assert not [name for name in eple if name.startswith("Conseil d’administration — Régime")]


def test_an_article_under_a_councils_own_heading_is_listed_for_that_council():
    html = Client().get("/code/organes/").content.decode()
    eple = _councils_of_kind(html, "eple")
    board = eple["Conseil d’administration des établissements publics locaux d’enseignement"]
    standing = eple["Commission permanente des établissements publics locaux d’enseignement"]
    # R. 421-41: "La commission permanente exerce les compétences que le conseil
    # d'administration lui a déléguées": the commission's quorum, not the board's.
    assert ">R. 421-41</a>" in standing and ">R. 421-41</a>" not in board
    national = _councils_of_kind(html, "instances")
    assert "Conseil de discipline du Conseil national de la vie lycéenne" not in national
    assert ">D. 511-60</a>" in national["Conseil national de la vie lycéenne"]


def test_an_article_page_links_to_its_council_as_the_index_names_it():
    organs = Client().get("/code/organes/").content.decode()
    for number, name in [
        ("R. 511-21", "Conseil de discipline des établissements publics locaux d’enseignement"),
        ("R. 421-41", "Commission permanente des établissements publics locaux d’enseignement"),
    ]:
        page = Client().get(Article.objects.get(number=number).get_absolute_url())
        index = _section_of(page.content.decode(), "Index des conseils")
        links = re.findall(r'<a href="/code/organes/#([\w-]+)" lang="fr">([^<]+)</a>', index)
        assert [link[1] for link in links] == [name], links
        assert f'<section id="{links[0][0]}"><h3 lang="fr">{name}</h3>' in organs
    # The school director's article left under the Titre: the index's conseil d'école.
    page = Client().get("/code/article/15505/").content.decode()
    assert "Conseil d’école des écoles maternelles et élémentaires</a>" in page


def test_the_councils_index_reads_the_code_in_a_fixed_number_of_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The entries with their articles, the headings, the numbers around the unnumbered ones.
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/code/organes/").status_code == 200
    assert len(queries) <= 4, [q["sql"][:80] for q in queries]


def test_asking_for_a_councils_composition_finds_the_article_that_defines_it():
    d_411_1 = Article.objects.get(number="D. 411-1").source_line
    assert d_411_1 in [h.source_line for h in search("composition du conseil d'école")[:3]]


def test_the_ca_of_the_university_is_not_the_lycees():
    # R. 421-25: the quorum of the conseil d'administration of collèges and lycées.
    r_421_25 = Article.objects.get(number="R. 421-25").source_line
    assert r_421_25 not in [h.source_line for h in search("quorum du CA de la fac")[:3]]
    assert search("quorum du CA du lycée")[0].source_line == r_421_25


def test_every_word_of_the_everyday_vocabulary_leads_to_words_of_the_code():
    from law.query import vocabulary
    from law.search import _load

    corpus = _load().corpus
    # corpus.df: the words of the Code's text and headings, not those of the keywords.
    missing = {t for terms in vocabulary().values() for t in terms if t not in corpus.df}
    assert "pronot" in corpus.keyword_df and "pronot" not in corpus.df
    assert not missing


def test_everyday_words_and_typos_find_what_the_codes_words_find():
    # D. 321-6: the conseil des maîtres and the "maintien" (the Code's word for redoublement)
    # of a pupil at the école élémentaire.
    # The keywords give "redoublement" to the articles around it too (the appeal, the
    # private schools): it stands among the first five.
    d_321_6 = Article.objects.get(number="D. 321-6").source_line
    assert d_321_6 in [h.source_line for h in search("redoublement a l'ecole elementaire")[:5]]
    d_411_1 = Article.objects.get(number="D. 411-1").source_line
    assert d_411_1 in [h.source_line for h in search("compositon du consiel d'école")[:3]]


def test_a_french_word_the_code_never_uses_is_not_read_as_another_word():
    # The Code has neither "natation" nor "voile": not its "notation" nor its "voie". Only
    # the keywords of the subject index can lead from "natation" to an article.
    hits = search("natation")
    assert hits
    for hit in hits:
        article = Article.objects.get(source_line=hit.source_line)
        assert "natation" in article.keywords and "natation" not in article.body
    notation = {h.source_line for h in search("notation")}
    assert notation and not notation & {h.source_line for h in hits}
    assert search("voile") == []

    # A word French does not have is a typo: the Code's word is searched for.
    def lines(question):
        return [h.source_line for h in search(question)]

    assert lines("reglemant") == lines("règlement")
    assert lines("conseil d'ecolle") == lines("conseil d'école")


def test_a_word_the_code_never_uses_is_read_as_its_words_for_it():
    # D. 331-42: after failing the baccalauréat, "le droit à une nouvelle inscription" in the
    # same lycée; nobody asks for a "nouvelle inscription", they ask to "se réinscrire".
    d_331_42 = Article.objects.get(number="D. 331-42").source_line
    hits = search("se réinscrire au lycée après un échec au baccalauréat")
    # The hit itself or the general article of a copy grouped with it (a lycée agricole's).
    assert d_331_42 in [line for h in hits[:3] for line in h.lines]


def test_an_everyday_verb_finds_the_codes_word_in_any_form():
    # "sécher les cours": R. 131-7, on a child missing class without a valid reason.
    r_131_7 = Article.objects.get(number="R. 131-7").source_line
    assert r_131_7 in [h.source_line for h in search("il a séché les cours")[:3]]


def test_a_question_naming_a_place_gets_that_places_adaptation_first():
    hits = search("jury du brevet en Guadeloupe")
    d_332_19 = Article.objects.get(number="D. 332-19").source_line
    assert "Guadeloupe" in Article.objects.get(source_line=hits[0].source_line).body
    assert d_332_19 in [v.source_line for v in hits[0].variants]


def test_rules_citing_an_article_name_the_council_not_its_internal_code():
    html = Client().get("/code/article/34856/").content.decode()
    section = html.split("Règles du produit qui citent cet article")[1].split("</section>")[0]
    assert "Conseil d’orientation scientifique et pédagogique (INSPE)" in section
    assert "inspe_cosp" not in section and "mandate.length" not in section
    assert "Ligne 34856 du texte livré" not in html
    assert "<summary>Référence technique</summary>" in html


def test_a_number_no_article_bears_is_said_first():
    html = Client().get("/code/recherche/", {"q": "D721-7"}).content.decode()
    assert "Aucun article D. 721-7 dans le texte livré." in html
    assert html.index("Aucun article D. 721-7") < html.find('class="law-results"') or (
        'class="law-results"' not in html
    )
    assert "Aucun article D. 721-1 dans" not in (
        Client().get("/code/recherche/", {"q": "D721-1"}).content.decode()
    )


def test_parallel_articles_come_as_one_answer_with_their_variants():
    hits = search("séance du conseil d'administration quorum", limit=20)
    lines = [h.source_line for h in hits]
    r_421_25 = hits[lines.index(15886)]
    variants = {v.source_line: (v.number, v.label) for v in r_421_25.variants}
    # R. 421-96 repeats R. 421-25 for another kind of establishment: a variant, not a new hit.
    assert variants[16751] == ("R. 421-96", "copie")
    assert not set(variants) & set(lines)
    # An overseas article that adapts another is grouped with it, and labelled so.
    group = {h.source_line: h for h in search("commission d'appel décisions motivées", limit=20)}
    d_331_35 = next(h for h in group.values() if 9210 in h.lines)
    labels = {v.source_line: v.label for v in d_331_35.variants}
    assert labels[12461] == "adaptation outre-mer"


def test_the_api_and_the_search_page_show_the_variants():
    client = Client()
    body = client.get("/api/v1/law/search", {"q": "séance du conseil d'administration quorum"})
    hit = next(h for h in body.json()["items"] if h["source_line"] == 15886)
    assert {"source_line": 16751, "number": "R. 421-96", "label": "copie"} in hit["variants"]
    schema = api.get_openapi_schema()["components"]["schemas"]
    assert "variants" in schema["HitOut"]["properties"]
    html = client.get("/code/recherche/", {"q": "séance du conseil d'administration quorum"})
    page = html.content.decode()
    assert "Articles parallèles" in page and 'href="/code/article/16751/"' in page
    assert '<span class="law-tag">copie</span>' in page


def test_a_number_of_low_confidence_is_offered_as_probable_to_check_before_citing():
    from law.views import SURE_CONFIDENCE

    unsure = Article.objects.get(source_line=677)  # D. 122-9-2, an inserted article: 0.60
    assert unsure.number_confidence < SURE_CONFIDENCE
    html = Client().get(unsure.get_absolute_url()).content.decode()
    assert "Ce numéro est probable, non certain : vérifiez-le sur Légifrance" in html
    assert 'aria-describedby="law-citation-check"' in html
    assert "Citation à vérifier avant de la copier" in html
    assert "Citation à copier" not in html
    sure = Client().get(Article.objects.get(number=D_721_6).get_absolute_url()).content.decode()
    assert "Citation à copier" in sure and "vérifiez-le sur Légifrance" not in sure
    reader = Client()
    reader.cookies["django_language"] = "en"
    english = reader.get(unsure.get_absolute_url()).content.decode()
    assert "check it on Légifrance" in english and 'data-copy="Copy"' in english
    # The copy button is added by a script of the law app; the field stays for no-JS readers.
    assert 'src="/static/law/copy.js"' in sure and 'id="law-citation"' in sure
    assert 'data-copy="Copier"' in sure


def _section_of(html: str, title: str) -> str:
    return html.split(f"<h2>{title}</h2>")[1].split("</section>")[0]


def test_the_article_page_names_each_citing_number_once_and_pages_over_copies():
    # The shipped text prints the run D. 239-1 … D. 239-8 several times: the copies share the
    # numbers of the first run and are flagged as copies.
    copies = [a for a in Article.objects.filter(number__startswith="D. 239-") if a.is_copy]
    assert len(copies) >= 8
    first = Article.objects.get(source_line=4482)  # D. 239-1, cited by each copy of D. 239-2
    html = Client().get(first.get_absolute_url()).content.decode()
    cited = re.findall(
        r'<li><a href="/code/article/\d+/">([^<]+)</a>', _section_of(html, "Cité par")
    )
    assert cited and len(cited) == len(set(cited))
    for article in Article.objects.filter(number__startswith="D. 239-"):
        html = Client().get(article.get_absolute_url()).content.decode()
        for rel in ("prev", "next"):
            found = re.search(rf'<a rel="{rel}" href="/code/article/(\d+)/">', html)
            if found:
                neighbour = Article.objects.get(source_line=int(found.group(1)))
                assert not neighbour.is_copy and neighbour.number != article.number


@pytest.mark.parametrize("query", ["721-6", "D721-6", "art. D. 721-6", " d. 721-6 "])
def test_searching_only_a_number_goes_straight_to_its_article(query):
    target = Article.objects.get(number=D_721_6)
    response = Client().get("/code/recherche/", {"q": query})
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    # A question that contains the number is still searched; the API always returns hits.
    assert Client().get("/code/recherche/", {"q": f"{query} mandats"}).status_code == 200
    hits = Client().get("/api/v1/law/search", {"q": query}).json()["items"]
    assert hits[0]["source_line"] == target.source_line


def test_an_article_address_may_carry_its_number_and_the_api_a_trailing_slash():
    target = Article.objects.get(number=D_721_6)
    client = Client()
    for spelling in ("D721-6", "D.%20721-6", "721-6"):
        response = client.get(f"/code/article/{spelling}/")
        assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    assert client.get("/code/article/D999-99/").status_code == 404
    slash = client.get(f"/api/v1/law/articles/{target.source_line}/")
    assert slash.status_code == 200
    assert slash.json() == client.get(f"/api/v1/law/articles/{target.source_line}").json()


def test_an_article_page_names_a_council_one_way_and_links_it_to_the_index():
    html = Client().get("/code/article/34856/").content.decode()
    rules = _section_of(html, "Règles du produit qui citent cet article")
    index = _section_of(html, "Index des conseils")
    name = "Conseil d’orientation scientifique et pédagogique (INSPE)"
    assert name in rules and "(COSP)" not in html
    # The index names it by its institution, the same way on the article and index pages.
    links = re.findall(r'<a href="/code/organes/#([\w-]+)" lang="fr">([^<]+)</a>', index)
    anchor, cosp = next(link for link in links if "orientation scientifique" in link[1])
    assert cosp.startswith("Conseil d’orientation scientifique et pédagogique des ")
    organs = Client().get("/code/organes/").content.decode()
    assert f'<section id="{anchor}"><h3 lang="fr">{cosp}</h3>' in organs
    # Each council once, its topics together.
    assert len(links) == len(set(links))


def test_the_councils_index_names_each_council_a_rule_pack_governs_as_the_pack_does():
    from bylaws.engine import load_pack
    from law.bodies import BODIES

    for pack, body in [
        ("inspe_cosp", "cosp"),
        ("inspe_institute_council", "conseil-institut"),
        ("cper", "conseil-perfectionnement"),
    ]:
        assert BODIES[body][0] == load_pack(pack).name("fr")


def test_headings_of_the_same_title_have_pages_of_distinct_titles():
    shared = Heading.objects.filter(title="Sous-section 1 : Dispositions générales")
    assert shared.count() > 10
    titles = []
    for heading in shared:
        html = Client().get(heading.get_absolute_url()).content.decode()
        titles.append(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    assert len(set(titles)) == len(titles)
    assert all(t.startswith("Sous-section 1 : Dispositions générales — ") for t in titles)


def test_breadcrumb_items_are_cut_at_a_word_and_read_whole():
    long = next(h for h in Heading.objects.filter(parent__isnull=False) if len(h.title) > 70)
    child = Heading.objects.filter(parent=long).first() or long
    article = Article.objects.filter(heading=child).first()
    page = article.get_absolute_url() if article else child.get_absolute_url()
    html = Client().get(page).content.decode()
    trail = html.split('class="law-trail"')[1].split("</nav>")[0]
    link = re.search(rf'<a href="{long.get_absolute_url()}"[^>]*>(.*?)</a>', trail, re.S)
    shown = re.sub(r'<span class="visually-hidden">.*?</span>|<[^>]+>', "", link.group(1))
    assert shown.endswith("…") and long.title.startswith(shown[:-1])
    assert long.title[len(shown) - 1] == " "  # cut before a space, not inside a word
    # The whole title is the link's text (read by screen readers) and its tooltip.
    spoken = re.sub(r'<span aria-hidden="true">…</span>|<[^>]+>', "", link.group(1))
    assert spoken.replace("&#x27;", "'") == long.title
    assert f'title="{long.title}"'.replace("'", "&#x27;") in link.group(0)


def test_the_loads_record_holds_what_the_rows_were_built_with():
    # PostgreSQL refuses a longer value where SQLite would keep it (it was 20 of 20 once).
    from law.loader import ANALYSIS

    assert len(ANALYSIS) <= LoadRecord._meta.get_field("analysis").max_length


def test_rules_citing_an_article_speak_the_reader_s_language():
    client = Client()
    client.post("/comptes/langue/", {"language": "en"})
    html = client.get("/code/article/34856/").content.decode()
    section = html.split("Product rules that cite this article")[1].split("</section>")[0]
    assert "A replacement sits for the rest of the term" in section
    assert "Un remplaçant siège" not in section
    # The CPER's majority, a rule the product names rather than its pack.
    page = client.get("/code/article/18406/").content.decode()
    section = page.split("Product rules that cite this article")[1].split("</section>")[0]
    assert "Majority of decisions" in section
    assert "Majorité des délibérations" not in section


def test_a_number_no_article_bears_leads_to_the_unnumbered_articles_that_may_bear_it():
    # Line 47's number is unknown; R. 112-3 is one of its candidates (the CLI says so too).
    assert "R. 112-3" in Article.objects.get(source_line=47).number_candidates
    client = Client()
    html = client.get("/code/recherche/", {"q": "R. 112-3"}).content.decode()
    notice = html.split("Aucun article R. 112-3 dans le texte livré")[1].split("</p>")[0]
    assert 'href="/code/article/47/"' in notice
    # Typed as an address, the number leads to that search rather than to a dead end.
    response = client.get("/code/article/R112-3/")
    assert response.status_code == 302 and "/code/recherche/?q=R112-3" in response["Location"]
    # Another letter is another number: D. 112-3 is none of line 47's candidates.
    assert "D. 112-3" not in Article.objects.get(source_line=47).number_candidates
    assert not Article.objects.filter(number="D. 112-3").exists()
    assert 47 not in [line for line, _ in Article.objects.numbered_possibly("D. 112-3")]
    assert client.get("/code/article/D112-3/").status_code == 404


def test_the_table_of_contents_root_is_marked_in_the_language_it_is_shown_in():
    # "Partie réglementaire" is translated: marked lang="fr", a screen reader would read
    # "Regulatory part" with a French voice.
    client = Client()
    client.post("/comptes/langue/", {"language": "en"})
    html = client.get("/code/").content.decode()
    root = re.search(r'<p class="law-toc-root"[^>]*>([^<]*)</p>', html)
    assert root is not None and root.group(1) == "Regulatory part"
    assert 'lang="fr"' not in root.group(0)


def test_cited_by_names_each_citing_article_and_says_why_none_can_be_known():
    client = Client()
    reference = Reference.objects.filter(source__number="", target__isnull=False).first()
    html = client.get(reference.target.get_absolute_url()).content.decode()
    cited_by = html.split("Cité par</h2>")[1].split("</section>")[0]
    assert reference.source.get_absolute_url() in cited_by
    assert "numéro non déterminé" in cited_by and "ligne" not in cited_by
    # Articles cite by number: an article with none cannot be known to be cited.
    unnumbered = Article.objects.filter(number="", references_in__isnull=True).first()
    html = client.get(unnumbered.get_absolute_url()).content.decode()
    assert "on ne peut pas savoir lesquels le citent" in html
    uncited = Article.objects.exclude(number="").filter(references_in__isnull=True).first()
    html = client.get(uncited.get_absolute_url()).content.decode()
    assert "Aucun article du Code ne cite celui-ci." in html


def test_a_word_the_code_never_uses_finds_the_article_its_keywords_give():
    # "pronote" is nowhere in the Code; the index gives it to D. 111-1-1 (line 15), on the
    # relations between parents and the school.
    assert not Article.objects.filter(body__icontains="pronote").exists()
    assert "pronote" in Article.objects.get(source_line=15).keyword_list
    assert search("pronote")[0].source_line == 15


def test_a_word_only_a_question_of_the_index_uses_finds_its_article():
    # "harceleur": nowhere in the Code nor in the keywords; a question of the index gives it
    # to the article at line 15497, on the sanctions an école's director may take.
    article = Article.objects.get(source_line=15497)
    assert "harceleur" in article.questions
    assert not Article.objects.filter(body__icontains="harceleur").exists()
    assert not Article.objects.filter(keywords__icontains="harceleur").exists()
    assert search("harceleur")[0].source_line == 15497


def test_the_article_page_shows_its_keywords_and_questions_as_searches_apart_from_the_law():
    page = Client().get("/code/article/15/").content.decode()
    index = page.split('id="index-title"', 1)[1].split("</section>", 1)[0]
    assert "ne font pas partie du Code" in index
    keywords = index.split('id="keywords-title"', 1)[1].split("</ul>", 1)[0]
    assert '<ul class="law-keywords" lang="fr">' in keywords
    assert '<a href="/code/recherche/?q=pronote">pronote</a>' in keywords
    questions = index.split('id="questions-title"', 1)[1].split("</ul>", 1)[0]
    first = Article.objects.get(source_line=15).question_list[0]
    assert f">{escape(first[0].upper() + first[1:])}</a>" in questions
    # The index stands outside the article's text, which is the law.
    text = page.split('id="index-title"', 1)[0]
    assert "pronote" not in text


def test_the_search_page_says_which_keywords_led_to_an_article():
    page = Client().get("/code/recherche/", {"q": "pronote"}).content.decode()
    first = page.split('<ol class="law-results"', 1)[1].split("</li>", 1)[0]
    assert 'href="/code/article/15/"' in first
    assert 'Mots-clés : <span lang="fr">pronote</span>' in first
    # Hits whose text holds the reader's words name no keyword, though their keywords share
    # words with the question ("délégués de classe", "parents d'autres classes").
    for question in ("conseil de classe", SECURITY):
        page = Client().get("/code/recherche/", {"q": question}).content.decode()
        results = page.split('<ol class="law-results"', 1)[1].split("</ol>", 1)[0]
        assert "<li>" in results and "Mots-clés" not in results


@pytest.mark.parametrize(
    ("opening", "not_under"),
    [
        ("Les études en vue du certificat de capacité d'orthophoniste", "imagerie médicale"),
        ("Le diplôme national des métiers d'art et du design est préparé", "arts appliqués"),
        ("Chaque université assure le développement de l'action culturelle", "industrielles"),
        ("Chaque université élabore et met en œuvre une offre de formation", "bibliothèques"),
        ("Les affectations prévues à l'article R. 931-2", "établissements d'enseignement privés"),
        ("L'activité accessoire prévue à l'article D. 952-3", "retraite"),
        ("En matière disciplinaire, sont applicables aux élèves", "Organisation financière"),
    ],
)
def test_an_articles_page_does_not_show_a_heading_its_neighbour_lent_it(opening, not_under):
    # Articles added since the 2015 copy stood under a division of the copy that their
    # neighbour lent them: the readers of the subject index found them misfiled.
    article = Article.objects.get(lead__startswith=opening)
    trail = [h.title for h in article.heading.trail()] if article.heading else []
    assert trail and not any(not_under in title for title in trail)
    html = Client().get(article.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert trail[-1] in html
