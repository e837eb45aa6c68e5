"""The shipped numbering: every article's number, its evidence and its headings, checked
against the text itself (order, citations) rather than against the script that made it."""

import gzip
import hashlib
import itertools
import re

import pytest

from law import source
from law.numbers import (
    Number,
    bare_numbers,
    described_articles,
    is_only_a_number,
    normalise_number,
    numbers_in,
    with_letters,
)
from law.parser import parse_text
from law.source import CorruptSourceError, shipped_numbering, shipped_text


@pytest.fixture(scope="module")
def numbering():
    return shipped_numbering()


@pytest.fixture(scope="module")
def by_number(numbering):
    return {a["number"]: a for a in numbering["articles"] if a["number"]}


def test_every_article_of_the_text_has_one_entry(numbering):
    lines = [a.source_line for a in parse_text(shipped_text())]
    assert [a["line"] for a in numbering["articles"]] == lines


REPEATED = "texte répété par le texte livré"


def _firsts(numbering):
    """The numbered articles but the copies the shipped text repeats."""
    return [
        a
        for a in numbering["articles"]
        if a["number"] and not a["evidence"][0].startswith(REPEATED)
    ]


def test_nearly_four_articles_in_five_are_numbered_and_no_number_is_used_twice(numbering):
    numbers = [a["number"] for a in _firsts(numbering)]
    assert len(numbers) >= 0.79 * len(numbering["articles"])
    # Counting the copies too, as the report does: four in five.
    assert sum(1 for a in numbering["articles"] if a["number"]) >= 0.8 * len(numbering["articles"])
    assert len(set(numbers)) == len(numbers)


def test_numbers_follow_the_order_of_the_text(numbering):
    orders = [Number.parse(a["number"]).order for a in _firsts(numbering)]
    assert orders == sorted(orders)


def test_a_number_is_borne_twice_only_by_a_text_the_shipped_text_repeats_word_for_word(
    numbering,
):
    text = {a.source_line: a.body_text for a in parse_text(shipped_text())}
    first = {a["number"]: a for a in _firsts(numbering)}
    copies = [a for a in numbering["articles"] if a["number"] and a not in _firsts(numbering)]
    # The export wrote the CNESERAC section and three campus articles twice.
    assert copies
    for copy in copies:
        original = first[copy["number"]]
        assert text[copy["line"]] == text[original["line"]]
        assert copy["line"] > original["line"]
        assert copy["confidence"] < original["confidence"]


def test_each_number_shows_its_evidence_and_each_unknown_its_candidates(numbering):
    for article in numbering["articles"]:
        if article["number"]:
            assert article["evidence"], article
            assert 0 < article["confidence"] <= 1
        else:
            assert article["confidence"] is None


def test_the_articles_the_issue_names_carry_their_number(by_number):
    text = {a.source_line: a.full_text for a in parse_text(shipped_text())}
    assert "mandat de cinq ans" in text[by_number["D. 721-6"]["line"]]
    assert "quorum" in text[by_number["R. 421-25"]["line"]]
    assert "conseil d'école" in text[by_number["D. 411-1"]["line"]]
    assert by_number["R. 421-25"]["line"] == 15886
    assert by_number["D. 721-8"]["line"] == 34865


def test_a_quoting_article_agrees_with_the_number_it_quotes(by_number):
    # "Au deuxième alinéa de l'article D. 721-5 ... « quarante-huit »": the article that
    # carries D. 721-5 holds the quoted words.
    text = {a.source_line: a.full_text for a in parse_text(shipped_text())}
    assert "D. 721-5" in by_number
    numbered = by_number["D. 721-1"]["line"]
    assert "trente membres" in text[numbered]


def test_headings_run_from_the_livre_down(numbering, by_number):
    headings = numbering["headings"]

    def trail(index):
        titles = []
        while index is not None:
            titles.insert(0, headings[index]["title"])
            index = headings[index]["parent"]
        return titles

    titles = trail(by_number["D. 721-6"]["heading"])
    assert titles[0].startswith("Livre VII")
    assert titles[1].startswith("Titre II")
    assert titles[2].startswith("Chapitre")
    roots = {h["title"].split(" :")[0] for h in headings if h["parent"] is None}
    assert {"Livre Ier", "Livre IV", "Livre VII", "Livre VIII", "Livre IX"} <= roots


def test_the_report_prints_coverage_and_both_agreements(numbering):
    report = numbering["report"]
    assert report["coverage"] == round(report["numbered"] / report["articles"], 4)
    assert report["agreement_unchanged_left_out"] >= 0.97
    assert report["agreement_citations"] >= 0.95
    by_kind = report["left_out_agreement_by_evidence"]
    assert sum(right for right, _ in by_kind.values()) == report["unchanged_left_out_agreeing"]
    assert sum(total for _, total in by_kind.values()) == report["unchanged_left_out_numbered"]
    assert sum(report["numbered_by_evidence"].values()) == report["numbered"]


def test_each_order_rule_the_script_applies_holds_on_the_2015_copy(numbering):
    rules = numbering["report"]["rules_checked_on_2015_copy"]
    applied = {rule: counts for rule, counts in rules.items() if "écartée" not in rule}
    assert {"sans lacune", "numéros cités complétés", "article inséré"} <= set(applied)
    for rule, (right, total) in applied.items():
        assert total > 0 and right / total >= 0.97, rule


ORDER = re.compile(r"^entre (\S+ \S+) et (\S+ \S+)[,: ]")


def test_a_number_decided_by_order_lies_between_the_two_numbers_its_evidence_names(numbering):
    checked = 0
    for article in numbering["articles"]:
        if not article["number"] or not (found := ORDER.match(article["evidence"][0])):
            continue
        low, high = (Number.parse(text).order for text in found.groups())
        assert low < Number.parse(article["number"]).order < high, article
        checked += 1
    assert checked >= 300


def test_an_inserted_article_is_numbered_under_or_after_the_number_before_it(numbering):
    inserted = [
        a for a in numbering["articles"] if a["number"] and "article inséré" in a["evidence"][0]
    ]
    assert inserted
    for article in inserted:
        before = Number.parse(ORDER.match(article["evidence"][0]).group(1))
        number = Number.parse(article["number"])
        assert number.chapter == before.chapter and len(number.rest) >= 2, article
        assert number.rest[: len(before.rest)] == before.rest or (
            number.rest[:-1] == before.rest[:-1]
        ), article


def test_a_deduced_letter_is_the_letter_the_number_bears(numbering):
    deduced = [
        (a["number"], reason)
        for a in numbering["articles"]
        if a["number"]
        for reason in a["evidence"]
        if reason.startswith("lettre ")
    ]
    assert len(deduced) >= 50
    for number, reason in deduced:
        assert reason.startswith(f"lettre {number[0]}."), (number, reason)


def test_a_tampered_numbering_is_refused(tmp_path, monkeypatch):
    raw = gzip.decompress(source.NUMBERING_FILE.read_bytes()).replace(b"D. 721-6", b"D. 721-7")
    fake = tmp_path / "numbers.json.gz"
    fake.write_bytes(gzip.compress(raw))
    monkeypatch.setattr(source, "NUMBERING_FILE", fake)
    shipped_numbering.cache_clear()
    try:
        with pytest.raises(CorruptSourceError):
            shipped_numbering()
    finally:
        shipped_numbering.cache_clear()
    assert hashlib.sha256(raw).hexdigest() != source.NUMBERING_SHA256


@pytest.mark.parametrize(
    ("spelling", "number"),
    [
        ("D. 721-6", "D. 721-6"),
        ("D721-6", "D. 721-6"),
        ("d. 721-6", "D. 721-6"),
        ("art. D. 721-6", "D. 721-6"),
        ("Article R 421-25", "R. 421-25"),
        ("l'article D. 612-36-2-1", "D. 612-36-2-1"),
        ("conseil", None),
        ("721-6", None),
    ],
)
def test_a_number_is_read_in_any_spelling(spelling, number):
    assert normalise_number(spelling) == number


def test_a_number_copied_with_a_typographic_dash_is_still_that_number():
    # Word processors and PDFs turn "721-6" into "721‑6" (non-breaking hyphen) or "721–6"
    # (en dash); the search page then put D. 721-5 first for "D. 721–6".
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        assert normalise_number(f"D. 721{dash}6") == "D. 721-6"
        assert numbers_in(f"mandat D. 721{dash}6") == ["D. 721-6"]
        assert bare_numbers(f"721{dash}6") == ["721-6"]
        assert is_only_a_number(f"art. D. 612{dash}36{dash}2")


def test_numbers_are_found_inside_a_question():
    assert numbers_in("que dit l'art. D721-6 et le R. 421-25 ?") == ["D. 721-6", "R. 421-25"]
    assert numbers_in("conseil d'école") == []
    assert not re.search(r"\d", " ".join(numbers_in("2024-04")))


def test_a_number_typed_without_its_letter_is_read_alone_or_after_article():
    assert bare_numbers("721-6") == ["721-6"]
    assert bare_numbers(" article 721 - 6 ") == ["721-6"]
    assert bare_numbers("que dit l'art. 612-36-2 sur les stages") == ["612-36-2"]
    assert bare_numbers("budget 2024-04 du conseil") == []
    assert bare_numbers("D. 721-6") == []


def test_a_letterless_number_stands_for_each_existing_number_it_can_be():
    assert with_letters("721-6", {"D. 721-6", "R. 421-25"}) == ["D. 721-6"]
    assert with_letters("721-6", {"D. 721-6", "R. 721-6"}) == ["D. 721-6", "R. 721-6"]
    assert with_letters("721-7", {"D. 721-6"}) == []


def test_no_article_stands_under_a_heading_for_other_places_only(numbering):
    from law.places import places_named

    text = {a.source_line: a.body_text for a in parse_text(shipped_text())}
    headings = numbering["headings"]
    wrong = []
    for article in numbering["articles"]:
        mine = places_named(text[article["line"]])
        node = article["heading"]
        while mine and node is not None:
            theirs = places_named(headings[node]["title"])
            if theirs and not theirs & mine:
                wrong.append((article["line"], headings[node]["title"]))
            node = headings[node]["parent"]
    assert wrong == []


def test_the_saint_pierre_et_miquelon_adaptation_is_not_the_mayotte_one_of_2015(numbering):
    entry = next(a for a in numbering["articles"] if a["line"] == 12461)
    assert entry["number"] != "D. 372-4"
    titles = []
    node = entry["heading"]
    while node is not None:
        titles.append(numbering["headings"][node]["title"])
        node = numbering["headings"][node]["parent"]
    assert not any("Mayotte" in t for t in titles)


def test_an_unknown_article_between_two_chapters_is_put_in_neither(numbering):
    # The Saint-Pierre-et-Miquelon rules after the last article on dance (same depth in the
    # text) had been put under the dance chapter.
    for line in (12461, 12469):
        entry = next(a for a in numbering["articles"] if a["line"] == line)
        node, titles = entry["heading"], []
        while node is not None:
            titles.append(numbering["headings"][node]["title"])
            node = numbering["headings"][node]["parent"]
        assert titles and not any("danse" in t for t in titles)


SECTION = """\
          • Le conseil est assisté d'une commission.

          • Pour l'élection, les électeurs sont répartis dans les collèges suivants :

            1° Collège des enseignants ;

            2° Collège des étudiants.

            Pour les collèges définis aux 1° et 2° du présent article, sont électeurs les agents.

          • Nul ne peut prendre part au vote s'il ne figure sur une liste électorale.

          • Les listes sont nationales pour chacun des collèges définis à l'article D. 239-8.
"""


def test_an_article_is_the_one_another_names_by_what_it_defines():
    articles = parse_text(SECTION)
    lines = [a.source_line for a in articles]
    anchors = {lines[0]: Number.parse("D. 239-6")}
    found = described_articles(articles, anchors)
    assert list(found) == [lines[1]]
    assert found[lines[1]].number == Number.parse("D. 239-8")
    assert "collèges définis à l'article D. 239-8" in found[lines[1]].evidence
    assert "du présent article" in found[lines[1]].evidence


def test_two_articles_that_define_the_words_decide_nothing():
    twice = SECTION.replace(
        "          • Nul ne peut",
        "          • Pour les collèges définis au présent article, le vote a lieu par "
        "correspondance.\n\n          • Nul ne peut",
    )
    articles = parse_text(twice)
    assert described_articles(articles, {articles[0].source_line: Number.parse("D. 239-6")}) == {}


def test_a_defining_article_outside_the_numbers_that_bracket_the_cited_one_is_not_it():
    articles = parse_text(SECTION)
    anchors = {articles[0].source_line: Number.parse("D. 239-9")}
    assert described_articles(articles, anchors) == {}


def test_the_cneserac_articles_are_numbered_from_what_they_define(numbering):
    number = {a["line"]: a for a in numbering["articles"]}
    # "au sens de l'article D. 239-1" / "au sens du I du présent article"; "les collèges
    # définis à l'article D. 239-8" / "les collèges définis aux 1° à 3° du présent
    # article"; the six articles between them run without a hole.
    assert number[4482]["number"] == "D. 239-1"
    assert "présent article" in number[4482]["evidence"][0]
    assert number[4714]["number"] == "D. 239-8"
    assert [number[line]["number"] for line in (4552, 4656, 4682, 4696, 4698, 4703)] == [
        f"D. 239-{k}" for k in range(2, 8)
    ]
    # The article after D. 239-8 stands before a hole nothing measures: no number.
    assert number[4773]["number"] is None


def test_an_applicability_table_does_not_take_the_number_of_one_adaptation_of_2015(numbering):
    # Wallis et Futuna: "les articles mentionnés dans la colonne de gauche du tableau"
    # shared 36 % of its words with R. 561-4 of 2015, the adaptation of R. 511-20 alone.
    number = {a["line"]: a for a in numbering["articles"]}
    assert number[22454]["number"] is None
    assert number[20280]["number"] is None


def _trail(numbering, line):
    entry = next(a for a in numbering["articles"] if a["line"] == line)
    node, titles = entry["heading"], []
    while node is not None:
        titles.insert(0, numbering["headings"][node]["title"])
        node = numbering["headings"][node]["parent"]
    return titles


def test_no_livre_begins_with_overseas_articles(numbering):
    # Each Livre of the Code ends with its overseas rules: between the last numbered
    # article of one Livre and the first of the next, an article for overseas places or
    # "du présent livre" belongs to the first.
    from law.places import places_named

    text = {a.source_line: a.body_text for a in parse_text(shipped_text())}
    articles = numbering["articles"]
    numbered = [k for k, a in enumerate(articles) if a["number"]]
    wrong = []
    for a, b in itertools.pairwise(numbered):
        book = Number.parse(articles[a]["number"]).chapter // 100
        if Number.parse(articles[b]["number"]).chapter // 100 <= book:
            continue
        for entry in articles[a + 1 : b]:
            body = text[entry["line"]]
            if places_named(body) or "du présent livre" in body:
                trail = _trail(numbering, entry["line"])
                roman = trail[0].split(" ")[1] if trail else None
                if roman is None or ROMAN[roman] != book:
                    wrong.append((entry["line"], trail[:1]))
    assert wrong == []


ROMAN = {"Ier": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def test_the_overseas_rules_after_livre_vii_close_it_under_their_titles(numbering):
    # Guyane and Martinique have no title of their own in Livre VII: right under it.
    assert _trail(numbering, 35537)[0].startswith("Livre VII ")
    assert len(_trail(numbering, 35537)) == 1
    assert _trail(numbering, 35553)[0].startswith("Livre VII ")
    for line, place in ((35555, "Wallis"), (36590, "Polynésie"), (38098, "Nouvelle-Calédonie")):
        titles = _trail(numbering, line)
        assert titles[0].startswith("Livre VII ") and titles[1].startswith("Titre VII")
        assert place in titles[2]


def test_the_evidence_sentences_use_the_typographic_apostrophe(numbering):
    for article in numbering["articles"]:
        for reason in article["evidence"]:
            outside = re.sub(r"«[^»]*»", "", reason)
            assert "'" not in outside, reason


def _script():
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "law_numbering.py"
    spec = importlib.util.spec_from_file_location("law_numbering_script", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _commit(repo, message, files=(), removed=()):
    import subprocess

    for name, text in files:
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for name in removed:
        (repo / name).unlink()
    env = {"GIT_AUTHOR_DATE": "2010-01-29T00:00:00", "GIT_COMMITTER_DATE": "2010-01-29T00:00:00"}
    identity = ["-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(repo), *identity, "commit", "-q", "-m", message],
        check=True,
        env={**__import__("os").environ, **env},
    )


def test_an_article_the_export_dropped_without_a_decree_is_read_from_its_last_version(tmp_path):
    # The export lost the EPLE's sous-sections 4 to 6 (conseil de classe, vie lycéenne)
    # in a commit "Suppressions d'origine indéterminée": they were in force all along.
    import subprocess

    script = _script()
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    base = script.CODE_DIR + "/livre-iv/titre-ii"
    kept = (f"{base}/README.md", "# Titre II : Les collèges et les lycées\n")
    lost = f"{base}/sous-section-5/article-r421-51.md"
    repealed = f"{base}/sous-section-5/article-r421-52.md"
    _commit(
        tmp_path,
        "Décret n°2008-263 du 14 mars 2008",
        [
            kept,
            (f"{base}/sous-section-5/README.md", "# Sous-section 5 : Autres conseils.\n"),
            (lost, "# Article R421-51\n\nLe conseil de classe se réunit trois fois par an.\n"),
            (repealed, "# Article R421-52\n\nUn texte abrogé.\n"),
            (f"{base}/article-r421-1.md", "# Article R421-1\n\nLes collèges.\n"),
        ],
    )
    _commit(tmp_path, "Décret n°2009-1 du 1er janvier 2009", removed=[repealed])
    _commit(tmp_path, "Suppressions d'origine indéterminée", removed=[lost])
    olds, tree = script.read_copy(tmp_path)
    found = {str(old.number): old for old in olds}
    assert sorted(found) == ["R. 421-1", "R. 421-51"]
    assert found["R. 421-51"].version == "2010"
    assert "conseil de classe" in found["R. 421-51"].text
    titles = [tree.titles[h] for h in found["R. 421-51"].headings]
    assert titles[0] == "livre-iv"  # a folder without its README keeps its name
    assert titles[1:] == [
        "Titre II : Les collèges et les lycées",
        "Sous-section 5 : Autres conseils",
    ]
    assert found["R. 421-1"].version == "2015"


def test_the_conseil_de_classe_and_vie_lyceenne_articles_are_numbered_under_their_titles(
    numbering, by_number
):
    # They cite each other ("professeur principal mentionné au R. 421-51") and were all
    # "numéro non déterminé" under the commission permanente's and the tutelle's titles.
    for number, words in (
        ("R. 421-43", "vie lycéenne"),
        ("R. 421-50", "Autres conseils compétents en matière de scolarité"),
        ("R. 421-51", "Autres conseils compétents en matière de scolarité"),
        ("R. 421-53", "Autres conseils compétents en matière de scolarité"),
    ):
        assert number in by_number, number
        trail = _trail(numbering, by_number[number]["line"])
        assert any(words in title for title in trail), (number, trail)
        assert not any("commission permanente" in t or "tutelle" in t for t in trail)
    assert "version de 2010" in by_number["R. 421-53"]["evidence"][0]


def test_a_rewritten_text_numbered_by_order_stands_where_the_copy_puts_its_number(
    by_number, numbering
):
    # The CESC's articles, rewritten since (now "et à l'environnement"), were numbered
    # between R. 421-45 and R. 421-48 but left under the vie lycéenne paragraph before.
    for number in ("R. 421-46", "R. 421-47"):
        trail = _trail(numbering, by_number[number]["line"])
        assert "comité d'éducation à la santé" in trail[-1], trail
    assert "Sanctions pénales" in _trail(numbering, by_number["R. 131-18"]["line"])[-1]
    # A number reused since for another subject keeps its neighbours' headings: the
    # D. 636-16 of orthophonie is not put under the audioprothèse section of 2015.
    assert not any("audioprothèse" in t for t in _trail(numbering, by_number["D. 636-16"]["line"]))


def test_an_inserted_article_is_not_put_under_a_council_it_is_not_about(by_number, numbering):
    # The conseil pédagogique's articles, inserted after the commission permanente's
    # last one (R. 421-41-1 ...), stood under "La commission permanente › Compétences";
    # the conseil de la vie collégienne's under the conseil de la vie lycéenne's.
    for number in ("R. 421-41-1", "R. 421-41-3", "R. 421-41-4", "R. 421-45-1", "R. 421-45-2"):
        trail = _trail(numbering, by_number[number]["line"])
        assert trail[3] == "Section 2 : Organisation administrative", trail
        assert not any("commission permanente" in t or "vie lycéenne" in t for t in trail)
    # An article that names its council in its first paragraph stays under it.
    assert "commission permanente" in _trail(numbering, by_number["R. 421-41"]["line"])[4]
