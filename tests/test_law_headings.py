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


def _own(line: int, heading: int, number: str) -> dict[str, Any]:
    entry = _entry(line, heading, number)
    entry["evidence"] = [f"texte identique à l’article {number} de la version de 2015"]
    return entry


BOOK_NINE = [
    {"parent": None, "title": "Livre IX : Les personnels de l'éducation"},
    {"parent": 0, "title": "Titre Ier : Dispositions générales"},
    {"parent": 1, "title": "Chapitre IV : Dispositions propres aux personnels des établissements"},
    {"parent": 2, "title": "Section 10 : Admission à la retraite"},
    {"parent": 3, "title": "Sous-section 2 : Régime additionnel de retraite"},
    {"parent": 0, "title": "Titre VI : Dispositions applicables dans les îles Wallis et Futuna"},
    {"parent": 5, "title": "Chapitre III : Dispositions applicables en Polynésie française"},
]


def test_an_article_leaves_the_titre_and_chapitre_its_candidates_do_not_name():
    # After R. 914-142, the last article of Livre IX the copy holds, the R. 931 and R. 95x
    # articles were left under its Chapitre IV (private schools' staff) and its pension
    # sub-section; their candidates run over three Titres.
    articles = [_article(1, 2, "Les conjoints survivants ..."), _article(2, 2, "Lorsque ...")]
    articles += [_article(3, 0, "Les délégations de signature prévues aux articles R. 953-7")]
    articles += [_article(4, 0, "Pour l'application du présent livre en Polynésie française")]
    later = _entry(2, 4)
    later["candidates"] = ["D. 916-1", "R. 917-57", "D. 921-1", "D. 931-1"]
    other = _entry(3, 2)
    other["candidates"] = ["D. 916-1", "D. 931-1"]
    overseas = _entry(4, 6)
    overseas["candidates"] = ["D. 961-1", "D. 963-1", "D. 964-1"]
    numbered = _entry(5, 4, "D. 931-1")
    articles += [_article(5, 2, "Les fonctionnaires ...")]
    numbering = {
        "headings": [dict(h) for h in BOOK_NINE],
        "articles": [_own(1, 4, "R. 914-142"), later, other, overseas, numbered],
    }
    restored = restore_headings(articles, numbering)
    assert _titles(restored, 1)[-1] == "Sous-section 2 : Régime additionnel de retraite"
    for line in (2, 3, 5):
        assert _titles(restored, line) == ["Livre IX : Les personnels de l'éducation"]
    # An overseas chapter the numbering chose by the places the article names stays.
    assert _titles(restored, 4)[-1].startswith("Chapitre III : Dispositions applicables en")


CHAPTER_SIX = [
    {"parent": None, "title": "Livre VI : L'organisation des enseignements supérieurs"},
    {"parent": 0, "title": "Titre III : Les formations de santé"},
    {"parent": 1, "title": "Chapitre VI : Les autres formations de santé"},
    {"parent": 2, "title": "Section 1 : Les études d'audioprothèse"},
    {"parent": 2, "title": "Section 4 : Les études de technicien supérieur en imagerie médicale"},
    {"parent": 4, "title": "Sous-section 1 : Dispositions générales"},
    {"parent": 4, "title": "Sous-section 2 : Accès à la formation"},
]


def test_articles_before_a_division_the_copy_reaches_over_missing_ones_keep_the_chapter():
    articles = [_article(line, 2, "...") for line in range(1, 7)]
    numbering = {
        "headings": [dict(h) for h in CHAPTER_SIX],
        "articles": [
            _own(1, 3, "D. 636-15"),
            _entry(2, 5, "D. 636-16"),  # orthophonie, lent Section 4 by its follower
            _entry(3, 5),  # unnumbered
            _entry(4, 3, "D. 636-21-4"),  # known number, lent Section 1: it stays
            _own(5, 5, "D. 636-48"),
            _own(6, 6, "D. 636-50"),
        ],
    }
    restored = restore_headings(articles, numbering)
    for line in (2, 3):
        assert _titles(restored, line)[-1] == "Chapitre VI : Les autres formations de santé"
    assert _titles(restored, 4)[-1] == "Section 1 : Les études d'audioprothèse"
    assert _titles(restored, 5)[-1] == "Sous-section 1 : Dispositions générales"


def test_articles_before_a_sub_section_2_whose_first_is_missing_leave_the_section_before():
    headings = [
        *CHAPTER_SIX[:4],
        {"parent": 2, "title": "Section 2 : L'organisation des activités physiques et sportives"},
        {"parent": 4, "title": "Sous-section 2 : Les services interuniversitaires"},
    ]
    articles = [_article(line, 1, "...") for line in range(1, 4)]
    numbering = {
        "headings": headings,
        "articles": [_own(1, 3, "D. 636-40"), _entry(2, 3), _own(3, 5, "D. 636-48")],
    }
    restored = restore_headings(articles, numbering)
    assert _titles(restored, 2)[-1] == "Chapitre VI : Les autres formations de santé"
    assert _titles(restored, 3)[-1] == "Sous-section 2 : Les services interuniversitaires"


CHAPTERS = [
    {"parent": None, "title": "Livre VI : L'organisation des enseignements supérieurs"},
    {"parent": 0, "title": "Titre IV : Les formations technologiques"},
    {"parent": 1, "title": "Chapitre II : Les formations technologiques longues"},
    {"parent": 2, "title": "Section 4 : Le diplôme supérieur d'arts appliqués"},
    {"parent": 3, "title": "Sous-section 3 : Conditions de délivrance"},
    {"parent": 1, "title": "Chapitre III : Les formations technologiques courtes"},
    {"parent": 5, "title": "Section 1 : Le brevet de technicien supérieur"},
    {"parent": 6, "title": "Sous-section 2 : Modalités de préparation"},
]


def test_articles_numbered_on_after_a_chapters_last_copied_one_keep_only_the_chapter():
    articles = [_article(line, 2, "...") for line in range(1, 8)]
    numbering = {
        "headings": [dict(h) for h in CHAPTERS],
        "articles": [
            _own(1, 4, "D. 642-29"),
            _entry(2, 4, "D. 642-29-1"),  # inserted after it: of its division
            _entry(3, 4, "D. 642-44"),  # the DNMADE, lent the DSAA's conditions
            _entry(4, 4),
            _entry(5, 7, "D. 643-1"),  # the next Chapitre's first, lent its Sous-section 2
            _own(6, 7, "D. 643-2"),
            _own(7, 7, "D. 643-3"),
        ],
    }
    restored = restore_headings(articles, numbering)
    assert _titles(restored, 2)[-1] == "Sous-section 3 : Conditions de délivrance"
    for line in (3, 4):
        assert _titles(restored, line)[-1] == "Chapitre II : Les formations technologiques longues"
    assert _titles(restored, 5)[-1] == "Chapitre III : Les formations technologiques courtes"
    assert _titles(restored, 6)[-1] == "Sous-section 2 : Modalités de préparation"


def test_the_maritime_lycees_discipline_article_leaves_their_financial_organisation():
    headings = [
        {"parent": None, "title": "Livre IV : Les établissements d'enseignement scolaire"},
        {"parent": 0, "title": "Titre II : Les collèges et les lycées"},
        {"parent": 1, "title": "Chapitre Ier : Organisation et fonctionnement des EPLE"},
        {"parent": 2, "title": "Section 5 : Dispositions applicables aux lycées maritimes"},
        {"parent": 3, "title": "Sous-section 3 : Organisation financière"},
        {"parent": 4, "title": "Paragraphe unique : Dispositions générales"},
    ]
    lead = (
        "En matière disciplinaire, sont applicables aux élèves des lycées professionnels "
        "maritimes les dispositions des sous-sections 1 à 3 et 5 de la section 6"
    )
    articles = [_article(1, 3, lead), _article(2, 3, "Le budget des lycées ...")]
    numbering = {"headings": headings, "articles": [_entry(1, 5), _own(2, 5, "R. 421-109")]}
    restored = restore_headings(articles, numbering)
    assert _titles(restored, 1)[-1] == "Section 5 : Dispositions applicables aux lycées maritimes"
    assert _titles(restored, 2)[-1] == "Paragraphe unique : Dispositions générales"
