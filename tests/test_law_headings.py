"""Headings the 2015 copy lacks, restored where the 2024 text decides them (issue 13 §2):
the EPLE's conseil pédagogique, Livre VIII's Titres."""

from __future__ import annotations

from typing import Any

from law.headings import opening_council, restore_headings
from law.parser import Article

SECTION = [
    {"parent": None, "title": "Livre IV : Les établissements d'enseignement scolaire"},
    {"parent": 0, "title": "Titre II : Les collèges et les lycées"},
    {"parent": 1, "title": "Chapitre Ier : Organisation et fonctionnement des EPLE"},
    {"parent": 2, "title": "Section 2 : Organisation administrative"},
    {"parent": 3, "title": "Sous-section 3 : La commission permanente"},
    {"parent": 4, "title": "Paragraphe 2 : Compétences"},
]


def _article(line: int, depth: int, lead: str) -> Article:
    return Article(source_line=line, end_line=line, depth=depth, blocks=[lead])


def _entry(line: int, heading: int | None, number: str = "") -> dict[str, Any]:
    return {"line": line, "heading": heading, "number": number, "candidates": []}


def _titles(numbering: dict[str, Any], line: int) -> list[str]:
    entry = next(e for e in numbering["articles"] if e["line"] == line)
    titles: list[str] = []
    node = entry["heading"]
    while node is not None:
        titles.insert(0, numbering["headings"][node]["title"])
        node = numbering["headings"][node]["parent"]
    return titles


def test_a_run_of_articles_opening_with_one_council_gets_its_heading():
    articles = [
        _article(1, 3, "La commission permanente exerce les compétences déléguées."),
        _article(2, 3, "Le conseil pédagogique comprend les membres mentionnés à l'article L."),
        _article(3, 3, "Le conseil pédagogique peut s'adjoindre des commissions."),
        _article(4, 3, "Le conseil pédagogique ne peut valablement siéger que si ..."),
        _article(5, 2, "Dans les lycées, l'ensemble des délégués des élèves est réuni."),
    ]
    # The numbering left the conseil pédagogique's articles under the Section (level 3),
    # two levels above their depth: the sub-section and paragraph the copy did not have.
    numbering = {
        "headings": [dict(h) for h in SECTION],
        "articles": [_entry(1, 5), _entry(2, 3), _entry(3, 3), _entry(4, 3), _entry(5, 3)],
    }
    restored = restore_headings(articles, numbering)
    for line in (2, 3, 4):
        assert _titles(restored, line)[-2:] == [
            "Section 2 : Organisation administrative",
            "Le conseil pédagogique",
        ]
    assert _titles(restored, 1)[-1] == "Paragraphe 2 : Compétences"
    assert _titles(restored, 5)[-1] == "Section 2 : Organisation administrative"
    assert numbering["headings"] == SECTION  # the shipped data is not changed


def test_one_article_or_articles_already_under_their_councils_heading_get_none():
    articles = [_article(1, 3, "Le conseil pédagogique comprend ...")]
    numbering = {"headings": [dict(h) for h in SECTION], "articles": [_entry(1, 3)]}
    assert restore_headings(articles, numbering)["headings"] == SECTION
    own = [*SECTION, {"parent": 3, "title": "Sous-section 3 bis : Le conseil pédagogique"}]
    two = [_article(1, 3, "Le conseil pédagogique comprend"), _article(2, 3, "Le conseil ...")]
    numbering = {"headings": [dict(h) for h in own], "articles": [_entry(1, 6), _entry(2, 6)]}
    assert restore_headings(two, numbering)["headings"] == own


def test_an_article_opens_with_a_council_only_when_its_first_words_name_it():
    assert opening_council("Le conseil pédagogique :") == "conseil-pedagogique"
    assert opening_council("La commission permanente exerce ...") == "commission-permanente"
    assert opening_council("Les membres du conseil pédagogique sont ...") is None


def test_livre_viii_takes_its_titres_from_the_numbers_and_the_articles_between_them():
    articles = [_article(line, 1, "Texte.") for line in range(1, 8)]
    numbering = {
        "headings": [{"parent": None, "title": "Livre VIII : La vie universitaire"}],
        "articles": [
            _entry(1, 0, "D. 811-1"),
            _entry(2, 0),  # between two articles of Titre Ier
            _entry(3, 0, "R. 811-29"),
            _entry(4, 0),  # between Titre Ier and Titre II: undecided
            _entry(5, 0, "R. 821-5"),
            _entry(6, 0, "R. 822-16"),
            _entry(7, 0),  # after the last number: undecided
        ],
    }
    restored = restore_headings(articles, numbering)
    first = "Titre Ier : Les droits et obligations des usagers du service public de l'enseignement"
    assert all(_titles(restored, line)[1].startswith(first) for line in (1, 2, 3))
    assert all(
        _titles(restored, line)[1]
        == "Titre II : Les aides aux étudiants et les œuvres universitaires"
        for line in (5, 6)
    )
    assert _titles(restored, 4) == _titles(restored, 7) == ["Livre VIII : La vie universitaire"]


def test_articles_whose_place_leaves_only_numbers_of_the_next_livre_are_of_that_livre():
    articles = [_article(line, 1, "Texte.") for line in (1, 2, 3)]
    numbering = {
        "headings": [
            {"parent": None, "title": "Livre VIII : La vie universitaire"},
            {"parent": None, "title": "Livre IX : Les personnels de l'éducation"},
        ],
        "articles": [
            {**_entry(1, 0), "candidates": ["D. 841-5", "D. 911-4"]},  # either Livre: stays
            {**_entry(2, 0), "candidates": ["D. 911-4", "R. 911-5"]},  # Palmes académiques…
            _entry(3, 1, "R. 914-3-1"),
        ],
    }
    restored = restore_headings(articles, numbering)
    assert _titles(restored, 1) == ["Livre VIII : La vie universitaire"]
    assert _titles(restored, 2) == ["Livre IX : Les personnels de l'éducation"]


def test_a_heading_names_an_institution_as_the_text_under_it_now_does():
    headings = [
        {"parent": None, "title": "Livre VII : Les établissements d'enseignement supérieur"},
        {
            "parent": 0,
            "title": "Chapitre Ier : Organisation des écoles supérieures du professorat et de "
            "l'éducation",
        },
    ]
    renamed = [
        _article(10, 0, "L'institut national supérieur du professorat et de l'éducation ..."),
        _article(20, 0, "Les instituts nationaux supérieurs du professorat et de l'éducation ..."),
    ]
    numbering = {"headings": headings, "articles": [_entry(10, 1), _entry(20, 1)]}
    assert _titles(restore_headings(renamed, numbering), 10)[-1] == (
        "Chapitre Ier : Organisation des instituts nationaux supérieurs du professorat et de "
        "l'éducation"
    )
    # Where the text still uses the old name, it does not decide the heading.
    both = [*renamed, _article(30, 0, "Les écoles supérieures du professorat et de l'éducation")]
    numbering["articles"].append(_entry(30, 1))
    assert "écoles supérieures" in _titles(restore_headings(both, numbering), 10)[-1]
    assert "écoles supérieures" in headings[1]["title"]  # the shipped numbering is not changed
