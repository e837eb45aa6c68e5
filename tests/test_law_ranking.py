"""Search's pure parts: the analyser, the query reader, the bodies index, the ranking's
structures. No database."""

from functools import lru_cache

import pytest

from law.bodies import first_sentence, index_bodies
from law.french import analyse, fold, named_terms
from law.french import stem as _stem
from law.parser import parse_text
from law.places import places_asked, places_named
from law.query import parse_query
from law.source import shipped_text


def stem(word):
    """The stem of a word as written (law.french.stem takes folded words)."""
    return _stem(fold(word))


@lru_cache(maxsize=1)
def articles():
    return parse_text(shipped_text())


def test_a_noun_and_its_verb_share_a_stem():
    assert stem("convocation") == stem("convoque") == stem("convoquer")
    assert stem("réunion") == stem("réunit") == stem("réunissent")
    assert stem("élus") == stem("élection")
    assert stem("siègent") == stem("siège") == stem("siéger")
    assert stem("remplacement") == stem("remplacer")


def test_a_noun_that_looks_like_a_verb_keeps_its_stem():
    assert stem("parent") == stem("parents") != stem("par")
    assert stem("élève") != stem("élection")


def test_folding_drops_accents_and_ligatures():
    assert fold("Œuvre élève ÇA’") == "oeuvre eleve ca'"


def test_words_inside_a_council_name_are_told_apart():
    terms = analyse("le chef d'établissement présente à la commission d'hygiène et de sécurité")
    assert named_terms(terms)[stem("sécurité")] == 1
    assert named_terms(analyse("la sécurité des personnes"))[stem("sécurité")] == 0


def test_acronyms_are_written_out_in_place():
    query = parse_query("Composition du CA dans un collège")
    assert query.terms[:3] == (stem("composition"), "conseil", stem("administration"))
    assert "ca" in query.extra
    assert query.bodies == ("conseil-administration",)
    assert query.topics == ("composition",)


def test_members_ask_for_a_composition_only_when_nothing_else_is_asked():
    assert parse_query("Membres du CESC").topics == ("composition",)
    assert parse_query("Durée du mandat des membres du conseil").topics == ("mandats",)


def test_a_vacant_seat_asks_who_replaces_a_member_not_who_the_members_are():
    assert parse_query("siège vacant au conseil d'administration").topics == ()
    assert parse_query("un membre du conseil démissionne, remplacement ?").topics == ()
    assert parse_query("sièges du conseil d'administration").topics == ("composition",)


def test_who_belongs_to_a_council_asks_for_its_composition_and_too_few_present_its_quorum():
    assert parse_query("équipe de suivi, qui en fait partie ?").topics == ("composition",)
    # "Membres" alone would ask for the composition.
    assert parse_query("pas assez de membres présents, on fait quoi").topics == ("quorum",)


def test_a_question_on_a_composition_prefers_the_article_stating_one():
    from law.ranking import Corpus, Options, Row

    texts = {
        # Each form of "comprendre" states a composition: the stemmer keeps them apart.
        10: "L'équipe de suivi, comprenant les parents et l'enseignant référent, se réunit.",
        20: "L'équipe de suivi se réunit au moins une fois par an à la demande des parents.",
    }
    corpus = Corpus(
        [
            Row(line, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, (line, text) in enumerate(texts.items())
        ],
        {},
    )
    assert corpus.docs[10].composes and not corpus.docs[20].composes
    features = corpus.features(parse_query("équipe de suivi, qui en fait partie"), Options())
    assert features[10].get("composition") == 1.0 and "composition" not in features[20]
    assert stem("comprenant") in parse_query("qui en fait partie").synonyms


@pytest.mark.parametrize(
    ("intent", "stating", "not_stating", "asking", "not_asking"),
    [
        (
            "presides",
            "La commission nationale des bourses est présidée par le directeur de l'agence.",
            "La commission nationale des bourses est réunie deux fois par an.",
            ["commission nationale des bourses, qui la preside", "qui préside la commission"],
            # Naming the president is no question about who presides.
            "le président de la commission nationale des bourses",
        ),
        (
            "duration",
            "L'agrément de l'association est accordé pour une durée de cinq ans.",
            "L'agrément de l'association est accordé par le recteur d'académie.",
            ["agrement association valable combien de temps", "durée de l'agrément"],
            "qui accorde l'agrément de l'association",
        ),
        (
            "duration",
            "Les représentants de l'association sont élus pour un an.",
            "Les représentants de l'association sont élus par l'assemblée.",
            ["représentants de l'association élus pour combien de temps"],
            # "Valable" alone asks whether, not how long.
            "le diplôme de l'association est-il valable en France",
        ),
        (
            "duration",
            "Le mandat des membres de l'association est renouvelable.",
            "Les membres de l'association sont élus par l'assemblée.",
            ["mandat des membres de l'association pour combien de temps"],
            "combien de membres dans l'association",
        ),
        (
            "deadline",
            "Les listes de candidats sont déposées au plus tard dix jours francs avant le vote.",
            "Les listes de candidats comprennent autant de noms que de sièges à pourvoir.",
            ["listes de candidats jusqu'a quand", "délai de dépôt des listes de candidats"],
            "combien de candidats sur une liste",
        ),
        (
            "deadline",
            "La demande d'autorisation d'instruction est adressée entre le 1er mars et le 31 mai.",
            "La demande d'autorisation d'instruction est adressée au directeur académique.",
            ["autorisation d'instruction date limite pour la demande"],
            "à qui adresser la demande d'autorisation d'instruction",
        ),
    ],
)
def test_a_question_asking_for_something_prefers_the_article_stating_it(
    intent, stating, not_stating, asking, not_asking
):
    from law.ranking import Corpus, Options, Row

    texts = {10: stating, 20: not_stating}
    corpus = Corpus(
        [
            Row(line, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, (line, text) in enumerate(texts.items())
        ],
        {},
    )
    assert intent in corpus.docs[10].states and intent not in corpus.docs[20].states
    for asked in asking:
        query = parse_query(asked)
        assert intent in query.intents
        features = corpus.features(query, Options())
        assert features[10].get(intent) == 1.0 and intent not in features[20]
    assert intent not in parse_query(not_asking).intents


def test_an_adaptation_to_the_place_asked_is_read_with_the_article_it_adapts():
    from law.ranking import Corpus, Options, Row

    texts = {
        10: ("Le calendrier scolaire national est arrêté par le ministre.", False),
        20: ("La commission d'appel est présidée par l'inspecteur.", False),
        30: (
            "Pour l'application à Saint-Pierre-et-Miquelon de l'article D. 1 : la référence au "
            "recteur est remplacée par la référence au recteur de Normandie.",
            True,
        ),
        40: (
            "Pour l'application à Saint-Pierre-et-Miquelon de l'article D. 2 : la référence au "
            "recteur est remplacée par la référence au recteur de Normandie.",
            True,
        ),
    }
    corpus = Corpus(
        [
            Row(line, k, 1, " ".join(analyse(text)), "", "", overseas, text)
            for k, (line, (text, overseas)) in enumerate(texts.items())
        ],
        {},
        {30: (10,), 40: (20,)},
    )
    asked = parse_query("qui fixe le calendrier scolaire à Saint-Pierre-et-Miquelon")
    features = corpus.features(asked, Options())
    assert features[30].get("cited", 0) > 0 and "cited" not in features[40]
    # Without a place asked, an adaptation is not read for the metropolitan question.
    features = corpus.features(parse_query("qui fixe le calendrier scolaire"), Options())
    assert "cited" not in features.get(30, {})


def test_a_phrase_keeps_its_words_as_written():
    query = parse_query('"conseil d\'administration" -maîtres')
    assert query.phrases == (("conseil", "d", "administration"),)
    assert query.excluded == (stem("maitres"),)
    assert query.phrase_patterns[0].search("le conseil d’administration")
    assert not query.phrase_patterns[0].search("le conseil de l'administration")


def test_an_everyday_word_is_found_in_any_of_its_forms():
    # The vocabulary says "sécher" (les cours): "sèche" and "séché" find it too.
    for said in ("il sèche les cours", "il a séché les cours", "secher les cours"):
        assert stem("assiduité") in parse_query(said).terms


def test_an_everyday_phrase_stands_for_the_codes_words():
    query = parse_query("l'école à la maison", known=lambda term: True)
    assert {stem("instruction"), stem("famille")} <= set(query.terms)
    assert stem("maison") not in query.terms and stem("école") not in query.terms


def test_an_everyday_word_the_code_also_uses_is_only_completed():
    query = parse_query("stage", known=lambda term: True)
    assert query.terms == (stem("stage"),)
    assert stem("professionnel") in query.completing
    # A word the Code never uses gives way to the Code's words.
    assert stem("enseignant") in parse_query("prof", known=lambda term: False).terms


def test_a_question_names_a_place_in_any_spelling():
    assert places_asked("commission d'appel a saint pierre et miquelon") == (
        "Saint-Pierre-et-Miquelon",
    )
    assert parse_query("bourse etudiant wallis-et-futuna").overseas
    assert parse_query("jury du brevet en Guadeloupe").places == ("Guadeloupe",)


def test_la_reunion_is_the_island_only_where_it_cannot_be_a_meeting():
    assert places_asked("les vacances à la réunion, qui les fixe ?") == ("La Réunion",)
    assert places_asked("académie de La Réunion") == ("La Réunion",)
    assert places_asked("ordre du jour de la réunion du conseil") == ()
    assert places_named("les recteurs de la Guyane et de La Réunion") == {"Guyane", "La Réunion"}
    assert places_named("lors de la réunion du conseil") == frozenset()


def test_a_sentence_does_not_end_inside_an_article_number():
    lead = "En application de l'article R. 421-22, la commission permanente comprend : 1°"
    assert first_sentence(lead).endswith("comprend :")


def test_an_article_that_names_no_council_belongs_to_the_one_before():
    entries = {(e.source_line, e.body) for e in index_bodies(articles())}
    # R. 421-30 (line 15941) names no council: the heading above it does ("Sous-section 2 :
    # Le conseil d'administration"), though the articles before it name none either.
    assert (15941, "conseil-administration") not in entries
    from law.loader import shipped_council_entries

    headed = {(e.source_line, e.body) for e in shipped_council_entries()}
    assert (15941, "conseil-administration") in headed
    assert entries - headed == set()
    # R. 421-26 (line 15895) elects "the representatives": of the conseil d'administration.
    assert (15895, "conseil-administration") in entries
    # The CAVL is not the CVL.
    assert (21689, "cavl") in entries and (21689, "cvl") not in entries


def test_a_copy_knows_the_article_it_repeats():
    from law.ranking import Corpus, Row

    opening = (
        "Le conseil d'administration se réunit en séance ordinaire à l'initiative de son "
        "président au moins trois fois par an."
    )

    def row(line, position, text):
        terms = " ".join(analyse(text))
        return Row(line, position, 1, terms, "", "", False, text)

    corpus = Corpus(
        [
            row(10, 1, opening),
            row(20, 2, "Le recteur fixe la carte des formations de l'académie chaque année."),
            row(30, 3, opening + " Il siège au lycée agricole."),
            row(40, 4, opening + " Il siège au lycée maritime."),
        ],
        {},
    )
    assert corpus.docs[10].copy_of is None and corpus.docs[20].copy_of is None
    # Every copy points to the first occurrence, never to another copy.
    assert corpus.docs[30].copy_of == corpus.docs[40].copy_of == 10


def test_an_article_applying_others_is_told_from_one_stating_a_rule():
    from law.ranking import Corpus, Row

    texts = {
        10: "Les articles R. 421-26 à R. 421-28 s'appliquent aux lycées agricoles.",
        20: "Sont applicables à Mayotte les articles D. 331-1 à D. 331-5.",
        30: "Les sanctions applicables aux usagers sont, sous réserve de l'article R. 811-37 :",
        40: "Le règlement intérieur fixe les règles de quorum applicables aux conseils "
        "mentionnés aux articles D. 721-1 et D. 721-3.",
    }
    corpus = Corpus(
        [
            Row(line, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, (line, text) in enumerate(texts.items())
        ],
        {},
    )
    assert {line for line, doc in corpus.docs.items() if doc.applies} == {10, 20}


def test_a_council_named_with_a_typo_is_still_named():
    query = parse_query(
        "comission hygiene et securite",
        correct=lambda t: "commission" if t == "comission" else None,
    )
    assert stem("sécurité") in query.named_terms


def test_a_typo_is_read_as_the_closest_word_of_the_code_not_the_closest_stem():
    from law.ranking import Corpus, Row

    texts = ["La composition du conseil d'école est fixée.", "Un matériau composite."]
    corpus = Corpus(
        [
            Row(k, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, text in enumerate(texts)
        ],
        {},
    )
    # "compositon" is one letter from "composition", two from the stem of "composite".
    assert corpus.correct_word("compositon") == stem("composition")
    assert corpus.correct_word("consiel") == stem("conseil")
    assert corpus.correct_word("composition") is None  # a word the Code uses
    query = parse_query("compositon du CE", correct=corpus.correct_word)
    assert query.terms[0] == stem("composition")


def test_a_short_word_one_letter_from_another_of_the_code_is_not_a_typo():
    from law.ranking import Corpus, Row

    texts = ["Le trait de côte.", "Une cantine riche.", "La commission se réunit."]
    corpus = Corpus(
        [
            Row(k, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, text in enumerate(texts)
        ],
        {},
    )
    assert corpus.correct_word("train") is None  # a word of its own, not "trait"
    assert corpus.correct_word("triche") is None  # a typo seldom changes the first letter
    assert corpus.correct_word("comission") == stem("commission")
    assert corpus.correct_word("commisison") == stem("commission")


def test_a_french_word_is_no_typo_for_a_word_of_the_code():
    from law.ranking import Corpus, Row

    texts = [
        "La notation des élèves.",
        "La voie professionnelle.",
        "Le conseil d'école vote le règlement intérieur.",
    ]
    corpus = Corpus(
        [
            Row(k, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, text in enumerate(texts)
        ],
        {},
    )
    # French has "natation" and "voile": a sport, not the Code's "notation" and "voie".
    for word in ("natation", "voile"):
        assert corpus.correct_spelling(word) is None
        assert corpus.correct_word(word) is None
    query = parse_query(
        "cours de natation et de voile",
        correct=corpus.correct_word,
        known=corpus.df.__contains__,
        spell=corpus.correct_spelling,
    )
    assert {stem("natation"), stem("voile")} <= set(query.terms)
    assert not {stem("notation"), stem("voie")} & set(query.terms)
    # A word French does not have is still a typo for the Code's closest word.
    assert corpus.correct_spelling("ecolle") == "ecole"
    assert corpus.correct_word("reglemant") == stem("règlement")
    query = parse_query(
        "reglemant du conseil d'ecolle",
        correct=corpus.correct_word,
        known=corpus.df.__contains__,
        spell=corpus.correct_spelling,
    )
    assert query.bodies == ("conseil-ecole",)
    assert stem("règlement") in query.terms


def test_a_french_word_is_no_typo_for_an_everyday_word():
    def known(term):
        return term in {stem("restauration"), stem("scolaire")}

    # A canine is a tooth, not a "cantine" (restauration scolaire), which a typo still is.
    query = parse_query("sa canine cassée en récréation", correct=lambda w: None, known=known)
    assert stem("restauration") not in query.terms
    assert (
        stem("restauration")
        in parse_query("la cantinne", correct=lambda w: None, known=known).terms
    )


def test_school_acronyms_are_written_out_but_name_no_council():
    query = parse_query("CAVL duree du mandat, un PE peut il etre DDEN ?")
    assert {stem("lycéenne"), stem("départemental"), stem("écoles")} <= set(query.terms)
    # "lycée professionnel" is a kind of school, not a council whose name hides its words.
    assert named_terms(analyse("au lycée professionnel"))[stem("professionnel")] == 0


def test_a_place_named_as_people_say_it_is_the_place_of_the_code():
    assert places_asked("brevet des colleges en polynesie") == ("Polynésie française",)
    assert places_asked("bourse etudiant a wallis") == ("Wallis et Futuna",)
    assert places_asked("calendrier scolaire st pierre et miquelon") == (
        "Saint-Pierre-et-Miquelon",
    )
    assert stem("polynésie") in parse_query("un lycée à Tahiti").terms


def test_a_number_without_its_letter_is_read_after_article_never_in_a_decree():
    from law.numbers import bare_numbers

    assert bare_numbers("quorum, article 421-25 ?") == ["421-25"]
    assert bare_numbers("l'article R. 421-25") == []  # its letter is written
    assert bare_numbers("décret n° 2012-1246") == []  # a decree's number, not an article's


def test_acronyms_typed_in_lower_case_are_read_unless_they_are_words():
    assert "cvl" in parse_query("qui siege au cvl").extra
    assert stem("administration") in parse_query("le ca du college").terms
    assert parse_query("ca se passe comment").extra == ()  # "ça"
    assert parse_query("dans quel but").extra == ()  # a goal, not a bachelor's degree


def test_a_typo_in_an_everyday_word_still_finds_the_codes_word():
    def known(term):
        return term in {stem("restauration"), stem("scolaire"), stem("maintien")}

    query = parse_query("prix de la cantinne", correct=lambda word: None, known=known)
    assert stem("restauration") in query.terms
    assert stem("maintien") in parse_query("redoublemnt", correct=lambda w: None, known=known).terms


def test_a_question_about_overseas_in_general_asks_for_the_overseas_articles():
    assert parse_query("bourses des etudiants en outre-mer").overseas
    assert parse_query("calendrier scolaire dans les DOM").overseas
    assert not parse_query("changement de domicile").overseas


def test_a_council_or_a_place_typed_with_a_typo_is_still_recognised():
    from law.ranking import Corpus, Row

    texts = [
        "Le conseil d'école est composé des membres suivants.",
        "En Guadeloupe, les sanctions sont prononcées.",
    ]
    corpus = Corpus(
        [
            Row(k, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, text in enumerate(texts)
        ],
        {},
    )
    assert corpus.correct_spelling("sacntions") == "sanctions"
    query = parse_query(
        "composition du consiel d'ecole en guadelouppe", spell=corpus.correct_spelling
    )
    assert query.bodies == ("conseil-ecole",)
    assert query.places == ("Guadeloupe",)


def test_a_council_typed_without_apostrophe_or_capitals_is_still_named():
    assert parse_query("quorum du conseil d administration").bodies == ("conseil-administration",)
    assert parse_query("ca du lycee quorum").bodies == ("conseil-administration",)
    assert "cap" in parse_query("passer deux cap a la meme session").extra


def test_a_council_named_by_an_acronym_inside_its_name_is_named():
    assert parse_query("mandat des étudiants élus au conseil de l'Inspé").bodies == (
        "conseil-institut",
    )


def test_a_question_asking_an_amount_prefers_articles_stating_one():
    from law.ranking import Corpus, Options, Row

    texts = [
        "Le conseil d'école se réunit sur convocation de son président.",
        "Le conseil d'école se réunit au moins une fois par trimestre.",
    ]
    corpus = Corpus(
        [
            Row(k, k, k, " ".join(analyse(text)), "", "", False, text)
            for k, text in enumerate(texts)
        ],
        {},
    )
    assert [doc.quantity for doc in corpus.docs.values()] == [False, True]
    query = parse_query("le conseil d'ecole se reunit combien de fois")
    assert query.asks_quantity
    features = corpus.features(query, Options())
    assert features[1].get("quantity") == 1.0 and "quantity" not in features[0]
    assert not parse_query("qui preside le conseil d'ecole").asks_quantity


def test_a_question_is_placed_at_school_or_at_the_university_by_its_words():
    from law.query import HIGHER, SCHOOL

    assert parse_query("quorum du CA de la fac").level == HIGHER  # fac -> université
    assert parse_query("CA du lycée, le quorum").level == SCHOOL
    assert parse_query("redoublement d'un étudiant en licence").level == HIGHER
    # Words of both, or of neither, place it nowhere.
    assert parse_query("centre régional des œuvres universitaires et scolaires").level == ""
    assert parse_query("enseignant référent, son rôle").level == ""
    assert parse_query("quorum du conseil d'administration").level == ""


def test_the_livre_of_the_other_level_weighs_less():
    from law.ranking import Corpus, Options, Row, level_of_book

    school = " ".join(analyse("Livre IV : Les établissements d'enseignement scolaire"))
    higher = " ".join(analyse("Livre VII : Les établissements d'enseignement supérieur"))
    assert level_of_book(school) != level_of_book(higher) != ""
    assert level_of_book(" ".join(analyse("Livre IX : Les personnels de l'éducation"))) == ""
    text = "Le conseil d'administration siège valablement si la moitié des membres est présente."
    terms = " ".join(analyse(text))
    corpus = Corpus(
        [
            Row(10, 1, 1, terms, "", "", False, text, school, school),
            Row(20, 2, 2, terms, "", "", False, text, higher, higher),
        ],
        {},
    )
    ranked = corpus.rank(parse_query("quorum du CA de l'université"), Options())
    assert [line for _, line in ranked] == [20, 10]
    ranked = corpus.rank(parse_query("quorum du CA du lycée"), Options())
    assert [line for _, line in ranked] == [10, 20]


def test_hours_and_the_askers_own_verbs_are_read_as_the_code_writes():
    query = parse_query("je suis formateur, j'ai fait 48h, je peux voter ?")
    assert stem("heures") in query.terms
    assert {stem(w) for w in ("quarante", "huit")} <= {*query.terms, *query.completing}
    # Rare in the Code (written in the third person), they would weigh most.
    assert not {stem(w) for w in ("suis", "ai", "peux")} & set(query.terms)


def test_an_acronym_weighs_as_one_word_of_the_question_not_as_its_expansion():
    query = parse_query("président du conseil de l'INSPE")
    weights = query.spelled_out
    assert stem("institut") in query.terms and 0 < weights[stem("institut")] < 1
    # A word the question writes itself keeps its whole weight, and a longer expansion
    # weighs less a word.
    assert "conseil" not in weights
    assert weights[stem("institut")] < parse_query("quorum du CA").spelled_out["conseil"]


def test_the_same_rule_for_another_council_is_no_copy():
    from law.ranking import Corpus, Row

    rule = (
        "La durée des mandats des membres titulaires et suppléants du {} est de trois ans. "
        "Tout membre qui perd la qualité en raison de laquelle il a été nommé perd sa qualité "
        "de membre du conseil."
    )
    texts = {
        10: rule.format("conseil académique de l'éducation nationale"),
        20: rule.format("conseil départemental de l'éducation nationale"),
        30: rule.format("conseil académique de l'éducation nationale") + " Il siège à Lille.",
    }
    corpus = Corpus(
        [
            Row(line, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, (line, text) in enumerate(texts.items())
        ],
        {},
    )
    assert corpus.docs[20].copy_of is None and corpus.docs[20].copy_rank == 0
    assert corpus.docs[30].copy_of == 10


def test_higher_education_in_a_lycee_is_neither_level():
    assert parse_query("un élève de prépa peut-il redoubler ?").level == ""
    assert parse_query("élève en BTS, stage obligatoire ?").level == ""


def test_a_word_two_letters_longer_than_one_of_the_code_is_no_typo_of_it():
    from law.ranking import Corpus, Row

    texts = ["Le conseil de la région académique se réunit.", "La commission siège."]
    corpus = Corpus(
        [
            Row(k, k, 1, " ".join(analyse(text)), "", "", False, text)
            for k, text in enumerate(texts)
        ],
        {},
    )
    assert corpus.correct_word("religion") is None  # not "région"
    assert corpus.correct_word("reggion") == stem("région")  # one letter doubled


def test_a_question_on_the_ecole_prefers_the_headings_on_the_ecoles():
    from law.query import FIRST, SECOND
    from law.ranking import Corpus, Options, Row, degree_of_headings

    ecoles = " ".join(analyse("Titre Ier : Les écoles Livre IV établissements scolaire"))
    colleges = " ".join(analyse("Titre II : Les collèges et les lycées Livre IV scolaire"))
    assert degree_of_headings(ecoles) == FIRST and degree_of_headings(colleges) == SECOND
    assert degree_of_headings(" ".join(analyse("écoles, collèges et lycées"))) == ""
    assert parse_query("qui vote le règlement intérieur de l'école primaire").degree == FIRST
    assert parse_query("règlement intérieur du collège").degree == SECOND
    text = "Le règlement intérieur est adopté par le conseil."
    terms = " ".join(analyse(text))
    book = " ".join(analyse("Livre IV : Les établissements d'enseignement scolaire"))
    corpus = Corpus(
        [
            Row(10, 1, 1, terms, "", "", False, text, colleges, book),
            Row(20, 2, 2, terms, "", "", False, text, ecoles, book),
        ],
        {},
    )
    features = corpus.features(parse_query("règlement intérieur en maternelle"), Options())
    assert features[10].get("degree") == 1.0 and "degree" not in features[20]


def test_the_courtesy_around_a_question_is_not_searched():
    plain = parse_query("quorum du conseil d'école")
    framed = parse_query(
        "Bonjour, je voudrais savoir le quorum du conseil d'école, merci d'avance "
        "s'il vous plaît ; pouvez-vous me dire"
    )
    assert framed.terms == plain.terms


def test_asking_what_the_law_says_frames_the_question():
    from law.query import FRAMING

    query = parse_query("que dit la loi sur le quorum ?")
    assert "dit" not in query.terms and stem("loi") in FRAMING


def test_every_acronym_is_written_out_in_words_of_the_code():
    from law.french import ACRONYMS, SCHOOL_ACRONYMS

    vocabulary = {term for a in articles() for term in analyse(a.full_text)}
    for acronym, written in {**ACRONYMS, **SCHOOL_ACRONYMS}.items():
        missing = [term for term in analyse(written) if term not in vocabulary]
        assert not missing, (acronym, missing)


def test_an_acronym_of_student_life_finds_what_the_code_calls_it():
    assert stem("contribution") in parse_query("CVEC payée deux fois").terms
    assert stem("autonomie") in parse_query("la CDAPH décide de l'orientation").terms


def test_a_question_holding_a_keyword_phrase_whole_prefers_its_article():
    from law.ranking import Corpus, Options, Row

    text = "Le directeur d'école réunit l'équipe éducative lorsque l'élève manque la classe."

    def row(line, keywords):
        return Row(line, line, 1, " ".join(analyse(text)), "", "", False, text, "", "", keywords)

    # Both articles have the words "cours" and "sécher" among their keywords; only one
    # has them as one phrase, which the question holds whole.
    filler = [
        Row(k, k, 1, " ".join(analyse(t)), "", "", False, t)
        for k, t in enumerate(
            ["Le maire fixe la carte scolaire.", "Le recteur arrête le calendrier."], 3
        )
    ]
    corpus = Corpus(
        [row(1, "sécher la cantine ; cours de sport"), row(2, "sécher les cours"), *filler], {}
    )
    query = parse_query("il a séché les cours", known=corpus.df.__contains__)
    features = corpus.features(query, Options())
    assert features[2]["phrase"] > 0 and "phrase" not in features[1]
    assert corpus.rank(query, Options())[0][1] == 2
    # Switched off (the benchmark's ablation), the feature is not computed.
    assert "phrase" not in corpus.features(query, Options(keyword_phrases=False))[2]


def test_plain_bm25_the_benchmarks_baseline_never_reads_the_keywords():
    from law.ranking import Corpus, Options, Row

    texts = [
        "Le maire fixe la carte scolaire.",
        "Le recteur arrête le calendrier scolaire.",
        "Le directeur réunit le conseil des maîtres.",
        "Le conseil d'école vote le règlement.",
    ]

    def corpus(keywords):
        rows = [
            Row(k, k, 1, " ".join(analyse(t)), "", "", False, t, "", "", keywords.get(k, ""))
            for k, t in enumerate(texts, 1)
        ]
        return Corpus(rows, {})

    without = corpus({})
    # Keywords that would move the ranking if plain BM25 read their field or their counts.
    with_keywords = corpus({3: "calendrier scolaire ; vacances", 4: "conseil ; conseil d'école"})
    for question in ["calendrier scolaire", "conseil", "vacances scolaires"]:
        plain = [
            c.rank(parse_query(question, known=c.df.__contains__), Options.plain())
            for c in (without, with_keywords)
        ]
        assert plain[0] == plain[1], question
    # The full ranking does read them.
    query = parse_query("vacances", known=with_keywords.df.__contains__)
    assert with_keywords.rank(query, Options())[0][1] == 3
