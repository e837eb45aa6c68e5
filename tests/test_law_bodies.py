"""Whose council it is: the councils index names each council by the institution the
headings of its articles name, and groups it by kind of institution (issue 13 §2)."""

from __future__ import annotations

from law.bodies import OTHER_KIND, council_anchor, council_name, holder_of

SCHOOLS = "Livre IV : Les établissements d'enseignement scolaire"
EPLE = [
    SCHOOLS,
    "Titre II : Les collèges et les lycées",
    "Chapitre Ier : Organisation et fonctionnement des établissements publics locaux "
    "d'enseignement",
    "Section 2 : Organisation administrative",
    "Sous-section 2 : Le conseil d'administration",
]
CNED = [
    SCHOOLS,
    "Titre II : Les collèges et les lycées",
    "Chapitre VI : Le Centre national d'enseignement à distance",
]
UNIVERSITY = [
    "Livre VII : Les établissements d'enseignement supérieur",
    "Titre Ier : Les établissements publics à caractère scientifique, culturel et professionnel",
    "Chapitre II : Les universités",
    "Section 1 : Gouvernance",
]


def test_each_board_is_named_by_the_institution_its_headings_name():
    names = {
        council_name("conseil-administration", holder_of(trail))
        for trail in (EPLE, CNED, UNIVERSITY)
    }
    assert names == {
        "Conseil d’administration des établissements publics locaux d’enseignement",
        "Conseil d’administration du Centre national d’enseignement à distance",
        "Conseil d’administration des universités",
    }


def test_the_kind_of_institution_comes_from_the_headings_the_specific_one_first():
    assert holder_of(EPLE).kind == "eple"
    # The CNED's chapter stands under "Les collèges et les lycées": it is a national body.
    assert holder_of(CNED).kind == "etablissements-nationaux"
    assert holder_of(UNIVERSITY).kind == "superieur"
    # "Composition des collèges électoraux" is a topic of a university's councils, not a lycée.
    electoral = [*UNIVERSITY[:2], "Sous-paragraphe 3 : Composition des collèges électoraux"]
    assert holder_of(electoral).kind == "superieur"
    assert holder_of([]).kind == OTHER_KIND


def test_an_and_joins_two_institutions_but_not_the_words_of_one_name():
    lycees = holder_of([SCHOOLS, "Titre II : Les collèges et les lycées"])
    assert lycees.complement == "des collèges et des lycées"
    onisep = holder_of(
        ["Section 2 : L'Office national d'information sur les enseignements et les professions"]
    )
    assert onisep.complement == (
        "de l’Office national d’information sur les enseignements et les professions"
    )


def test_a_council_no_heading_places_says_where_it_stands_and_has_its_own_anchor():
    trail = [
        "Livre V : La vie scolaire",
        "Titre Ier : Les droits et obligations des élèves",
        "Chapitre unique",
        "Section 3 : Procédure disciplinaire",
        "Paragraphe 1 : Composition",
    ]
    holder = holder_of(trail)
    assert (
        council_name("conseil-discipline", holder)
        == "Conseil de discipline — Procédure disciplinaire"
    )
    assert council_anchor("conseil-discipline", holder) != council_anchor(
        "conseil-discipline", holder_of(EPLE)
    )


def test_a_council_under_its_own_heading_is_named_by_its_name_alone():
    trail = [
        "Livre V : La vie scolaire",
        "Titre Ier : Les droits et obligations des élèves",
        "Chapitre unique",
        "Section 3 : Conseil national et conseil académique de la vie lycéenne",
    ]
    assert council_name("cavl", holder_of(trail)) == "Conseil académique de la vie lycéenne"
