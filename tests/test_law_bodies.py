"""Whose council it is: the councils index names each council by the institution the
headings of its articles name, and groups it by kind of institution (issue 13 §2)."""

from __future__ import annotations

from law.bodies import OTHER_KIND, council_anchor, council_name, holder_of, own_council

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
    # (A council of the schools or of the EPLE that no heading places is their own: see below.)
    trail = [
        "Livre VI : L'organisation des enseignements supérieurs",
        "Titre Ier : L'organisation générale des enseignements",
        "Chapitre II : Déroulement des études supérieures",
        "Section 3 : Le troisième cycle",
        "Sous-section 1 : Le titre de docteur honoris causa",
    ]
    holder = holder_of(trail)
    assert (
        council_name("conseil-administration", holder)
        == "Conseil d’administration — Le troisième cycle"
    )
    assert council_anchor("conseil-administration", holder) != council_anchor(
        "conseil-administration", holder_of(EPLE)
    )


def test_a_council_under_its_own_heading_is_named_by_its_name_alone():
    trail = [
        "Livre V : La vie scolaire",
        "Titre Ier : Les droits et obligations des élèves",
        "Chapitre unique",
        "Section 3 : Conseil national et conseil académique de la vie lycéenne",
    ]
    assert council_name("cavl", holder_of(trail)) == "Conseil académique de la vie lycéenne"


DISCIPLINE = [
    "Livre V : La vie scolaire",
    "Titre Ier : Les droits et obligations des élèves",
    "Chapitre unique",
    "Section 2 : Régime disciplinaire",
    "Sous-section 2 : Le conseil de discipline de l’établissement",
    "Paragraphe 1 : Composition",
]


def test_an_article_under_a_councils_own_heading_is_about_that_council():
    # R. 511-21: "Les représentants des personnels sont élus ... par les membres du conseil
    # d'administration": the conseil d'administration elects, the conseil de discipline sits.
    assert own_council(DISCIPLINE) == "conseil-discipline"
    assert own_council([*EPLE[:-1], "Sous-section 3 : La commission permanente"]) == (
        "commission-permanente"
    )
    # A heading that names a council without being its own says nothing of the article.
    assert own_council(["Livre VIII : La vie universitaire"]) is None
    assert (
        own_council(
            [
                *DISCIPLINE[:3],
                "Section 3 : Conseil national et conseil académique de la vie lycéenne",
            ]
        )
        is None
    )


def test_a_council_no_institution_names_takes_the_name_of_its_own_heading():
    departmental = [*DISCIPLINE[:4], "Sous-section 3 : Le conseil de discipline départemental"]
    assert council_name("conseil-discipline", holder_of(departmental)) == (
        "Conseil de discipline départemental"
    )
    assert council_anchor("conseil-discipline", holder_of(departmental)) != council_anchor(
        "conseil-discipline", holder_of(DISCIPLINE)
    )


def test_a_schools_or_eples_council_no_heading_places_is_theirs():
    # "Le conseil de discipline de l'établissement", in the Titre on the pupils of collèges
    # and lycées: the EPLE's, named as the index names the EPLE's other councils.
    assert council_name("conseil-discipline", holder_of(DISCIPLINE)) == (
        "Conseil de discipline des établissements publics locaux d’enseignement"
    )
    # Livre III: "Section 5 : Le redoublement" of the second degree is the EPLE's conseil de classe.
    repeating = [
        "Livre III : L'organisation des enseignements scolaires",
        "Titre III : Les enseignements du second degré",
        "Chapitre Ier : Dispositions communes aux enseignements du second degré",
        "Section 5 : Le redoublement",
    ]
    assert council_name("conseil-classe", holder_of(repeating)) == (
        "Conseil de classe des établissements publics locaux d’enseignement"
    )
    # The public schools' conseil des maîtres is the schools' one.
    public = [
        "Livre III : L'organisation des enseignements scolaires",
        "Titre II : L'enseignement du premier degré",
        "Chapitre unique",
        "Section 1 : Organisation et fonctionnement des écoles maternelles et élémentaires "
        "publiques",
    ]
    assert council_name("conseil-maitres", holder_of(public)) == (
        "Conseil des maîtres des écoles maternelles et élémentaires"
    )


def test_a_heading_that_names_the_councils_in_the_plural_gives_their_name():
    trail = [
        "Livre V : La vie scolaire",
        "Titre V : Les activités périscolaires, sportives et culturelles",
        "Chapitre Ier : Les activités périscolaires",
        "Section 2 : Le conseil national et les conseils académiques des associations éducatives "
        "complémentaires de l’enseignement public",
    ]
    assert council_name("conseil-academique", holder_of(trail)) == (
        "Conseil académique des associations éducatives complémentaires de l’enseignement public"
    )


def test_the_pupils_discipline_councils_stand_with_the_colleges_and_lycees():
    assert holder_of(DISCIPLINE).kind == "eple"
    # The national and academic councils of lycée life, in the same Titre, stay national.
    lycee_life = [
        *DISCIPLINE[:3],
        "Section 3 : Conseil national et conseil académique de la vie lycéenne",
    ]
    assert holder_of(lycee_life).kind == "instances"


def test_a_label_qualifier_gives_way_to_where_the_council_stands():
    users = [
        "Livre VIII : La vie universitaire",
        "Titre Ier : Les droits et obligations des usagers du service public de l'enseignement "
        "supérieur",
    ]
    name = council_name("conseil-academique", holder_of(users))
    assert name.startswith("Conseil académique — Les droits et obligations des usagers")
    assert "(université)" not in name


def test_a_council_only_one_kind_of_institution_has_is_theirs_when_no_heading_places_it():
    crafts = [
        "Livre VI : L'organisation des enseignements supérieurs",
        "Titre IV : Les formations technologiques",
        "Chapitre III : Les formations technologiques courtes",
        "Section 2 : Le diplôme national des métiers d'art",
        "Sous-section 3 : Scolarité",
    ]
    # The conseil de classe of a lycée's post-baccalaureate class, not a university's council.
    holder = holder_of(crafts, "conseil-classe")
    assert holder.kind == "eple"
    assert council_name("conseil-classe", holder) == (
        "Conseil de classe des établissements publics locaux d’enseignement"
    )
    parents = [
        "Livre Ier : Principes généraux de l'éducation",
        "Titre Ier : Le droit à l'éducation",
        "Chapitre Ier : Dispositions générales",
        "Section unique",
        "Sous-section 1 : Les parents d'élèves",
    ]
    assert holder_of(parents, "conseil-maitres").kind == "ecoles"
    # A council other institutions have too keeps the kind its headings give.
    assert holder_of(crafts, "conseil-administration").kind == "superieur"


def test_the_chancelleries_board_is_named_by_them():
    trail = [
        "Livre VII : Les établissements d'enseignement supérieur",
        "Titre VI : Dispositions communes",
        "Chapitre II : Dispositions communes aux établissements publics",
        "Section 1 : Les chancelleries",
        "Sous-section 2 : Organisation administrative",
    ]
    assert council_name("conseil-administration", holder_of(trail)) == (
        "Conseil d’administration des chancelleries"
    )


def test_the_institutes_council_is_named_for_one_institute():
    trail = [
        "Livre VII : Les établissements d'enseignement supérieur",
        "Titre II : Les établissements publics à caractère scientifique, culturel et professionnel",
        "Chapitre Ier : Organisation des instituts nationaux supérieurs du professorat et de "
        "l'éducation",
    ]
    assert council_name("conseil-institut", holder_of(trail)) == (
        "Conseil de l’institut national supérieur du professorat et de l’éducation"
    )
    # A board is the board of them all.
    assert council_name("conseil-administration", holder_of(trail)) == (
        "Conseil d’administration des instituts nationaux supérieurs du professorat et de "
        "l’éducation"
    )


def test_a_complement_put_in_the_singular_only_when_it_is_plain():
    from law.bodies import _one_of

    base = "Conseil de l’institut"
    assert _one_of(base, "des instituts d’études politiques") == "d’études politiques"
    # Two coordinated adjectives, an invariable word, a bare noun: left as the Code wrote them.
    for complement in (
        "des instituts nationaux et régionaux de formation",
        "des instituts français de recherche",
        "des instituts",
    ):
        assert _one_of(base, complement) == complement


# -- which council an article is about ------------------------------------------------------


def test_a_council_named_as_electors_or_as_a_model_is_not_the_articles_subject():
    from law.bodies import subject_councils

    # D. 239-6 and D. 239-8: the Conseil national de l'enseignement supérieur et de la recherche
    # artistiques et culturels is elected by the members of the schools' boards.
    assert (
        subject_councils(
            "Les représentants des enseignants et des étudiants mentionnés aux 1° et 2° du I de "
            "l'article D. 239-2 sont élus au suffrage indirect respectivement par et parmi les "
            "représentants des enseignants et les représentants des étudiants du conseil "
            "d'administration ou le cas échéant de l'organe équivalent"
        )
        == []
    )
    assert (
        subject_councils(
            "I.-Pour l'élection des représentants définis aux 1° et 2° du I de l'article D. 239-2,"
            " sont électeurs et éligibles les membres enseignants et étudiants, titulaires et "
            "suppléants, du conseil d'administration."
        )
        == []
    )
    # D. 421-140: the conseil de section internationale is elected as the other councils are.
    assert (
        subject_councils(
            "Les représentants élus le sont en même temps et dans les mêmes conditions que les "
            "membres élus du conseil d'école ou du conseil d'administration."
        )
        == []
    )
    # A council named before those words is still the subject.
    assert subject_councils(
        "Les membres du conseil d'administration sont élus par et parmi les personnels."
    ) == ["conseil-administration"]
    assert subject_councils("Le conseil d'école est présidé par le directeur d'école.") == [
        "conseil-ecole"
    ]


def test_a_council_the_index_does_not_list_is_told_from_no_council():
    from law.bodies import subject_councils

    assert subject_councils("La commission académique est présidée par le recteur.") is None
    assert subject_councils("Il est créé un comité régional Canopé, présidé par le préfet.") is None
    assert subject_councils("Le conseil se réunit au moins deux fois par an.") == []
    # The councils the index lists are named, not taken for another one.
    assert subject_councils("Le conseil académique de la vie lycéenne comprend ...") == ["cavl"]


def test_the_articles_of_other_councils_are_not_filed_under_the_council_before_them():
    from law.loader import shipped_council_entries

    # What `law load` stores: the first sentences and the councils' own headings.
    entries = {(e.source_line, e.body) for e in shipped_council_entries()}
    councils: dict[int, set[str]] = {}
    for line, body in entries:
        councils.setdefault(line, set()).add(body)
    # The Conseil national de l'enseignement supérieur et de la recherche artistiques et
    # culturels: D. 239-6, D. 239-7, D. 239-8, the two articles after it and D. 239-2's copy.
    for line in (4698, 4703, 4714, 4773, 4778, 4792):
        assert line not in councils, (line, councils.get(line))
    # D. 421-140, the conseil de section internationale.
    assert 17060 not in councils
    # D. 511-51, the commission académique that hears the appeals of the conseil de discipline;
    # D. 314-93, the comité régional Canopé.
    assert 21501 not in councils and 8820 not in councils
    # The articles before them keep their council: D. 511-42, the Réseau Canopé's board, the
    # CNESER's commission permanente.
    assert councils[21453] == {"conseil-discipline"}
    assert "conseil-administration" in councils[8715]
    assert councils[3518] == {"commission-permanente"}
