"""What the adaptation articles of the shipped Code say of the articles they amend: the
old wordings they quote (law/numbers.py), read on real sentences of the text."""

import re
from functools import lru_cache

import pytest

from law.numbers import Number, Quote, amended_wordings, amendment_evidence, place_quotes
from law.parser import Article, parse_text
from law.source import shipped_text


@lru_cache(maxsize=1)
def articles() -> dict[int, Article]:
    return {a.source_line: a for a in parse_text(shipped_text())}


def wordings(line: int) -> list[tuple[str, str]]:
    return [(str(target), quote) for target, quote, _, _ in amended_wordings(articles()[line])]


@pytest.mark.parametrize(
    ("line", "sentence", "target", "quote"),
    [
        # “ ” quotes, as well as « » and " ".
        (
            28305,
            "17-1° A l'article D. 642-55, les mots : “ Dans chaque région académique ” sont "
            "supprimés ;",
            "D. 642-55",
            "Dans chaque région académique",
        ),
        # The amended article named in a paragraph above ("L'article D. 332-23 est ainsi
        # modifié"), not the number quoted inside the old wording.
        (
            12565,
            "b) Au deuxième alinéa, les mots : \" scolarisés dans l'une des sections "
            "mentionnées à l'article D. 332-7 du présent code \" sont remplacés",
            "D. 332-23",
            "scolarisés dans l'une des sections mentionnées à l'article D. 332-7 du présent code",
        ),
        # An article that is not an overseas one but adapts another's words.
        (
            6044,
            "1° Aux premier et deuxième alinéas, les mots : “ ses deux présidents ” sont remplacés",
            "R. 234-6",
            "ses deux présidents",
        ),
    ],
)
def test_an_amending_sentence_gives_the_amended_article_and_its_old_words(
    line, sentence, target, quote
):
    assert any(p.startswith(sentence) for p in articles()[line].paragraphs)
    assert (target, quote) in wordings(line)


@pytest.mark.parametrize(
    ("line", "sentence", "new_words"),
    [
        (
            12477,
            "6° Au premier alinéa de l'article R. 361-10, après les mots : “ cycle "
            "d'enseignement professionnel initial ” sont insérés les mots : “ de musique, de "
            "danse et d'art dramatique ”",
            "de musique, de danse et d'art dramatique",
        ),
        (
            12565,
            '59° A l\'article D. 338-40, après les mots : " sont organisées " sont insérés les '
            'mots : " en Polynésie française ou " ;',
            "en Polynésie française ou",
        ),
    ],
)
def test_the_words_an_amendment_inserts_are_not_taken_for_old_words(line, sentence, new_words):
    assert any(p.startswith(sentence) for p in articles()[line].paragraphs)
    assert all(quote != new_words for _, quote in wordings(line))


def test_a_quoting_article_is_never_its_own_amended_article():
    direct, ambiguous = amendment_evidence(list(articles().values()))

    def quoting_line(evidence: str) -> int:
        match = re.search(r"article de la ligne (\d+)", evidence)
        assert match, evidence
        return int(match.group(1))

    assert any(quoting_line(q.evidence) == 6044 for q in ambiguous) or any(
        quoting_line(i.evidence) == 6044 for i in direct
    )
    for inference in direct:
        if inference.evidence.startswith("Citation"):
            assert inference.source_line != quoting_line(inference.evidence)
    for quote in ambiguous:
        assert quoting_line(quote.evidence) not in quote.lines


def test_a_quote_several_articles_hold_goes_to_the_one_its_number_places():
    quote = Quote(Number.parse("D. 642-55"), (100, 200, 300), "Citation « … ».")
    anchors = {150: Number.parse("D. 642-54"), 250: Number.parse("D. 642-56")}
    placed = place_quotes([quote], anchors)
    assert list(placed) == [200]
    assert str(placed[200].number) == "D. 642-55"
    assert "seul des articles qui la contiennent à cette place" in placed[200].evidence
    # Two candidates where the order puts it: nothing is decided.
    anchors = {50: Number.parse("D. 642-54"), 350: Number.parse("D. 642-56")}
    assert place_quotes([quote], anchors) == {}
    # A number already borne by an anchor is not given twice.
    anchors = {200: Number.parse("D. 642-55")}
    assert place_quotes([quote], anchors) == {}
