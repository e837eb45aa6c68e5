"""Every rule cites its source word for word, in the text the product ships."""

import tomllib
from pathlib import Path

import pytest

import bylaws
from bylaws.code import CODE
from bylaws.elections import RULES_FILE
from bylaws.engine import SOURCES_DIR
from bylaws.sittings import INTERNAL_REGULATIONS, setter_of

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
RULES = [(t, r) for t in bylaws.available_council_types() for r in bylaws.load_pack(t).rules]


@pytest.mark.parametrize(("council_type", "rule"), RULES, ids=[r.id for _t, r in RULES])
def test_the_quote_stands_verbatim_in_the_cited_document(council_type, rule):
    if rule.citation.document is None:
        assert rule.citation.code_line is not None, "a rule cites a document or an article"
        return  # checked against the Code by tests/test_law_citations.py
    text = (SOURCES_DIR / rule.citation.document).read_text(encoding="utf-8")
    assert rule.citation.quote in text


def test_each_rule_has_a_quote_and_both_languages():
    for _t, rule in RULES:
        assert len(rule.citation.quote) > 20
        assert set(rule.messages) >= {"fr", "en"}


def test_the_shipped_cper_page_is_the_seed_byte_for_byte():
    seed = next(SEEDS.glob("001_*.txt"), None)
    shipped = SOURCES_DIR / "inspe-aix-marseille-cper.fr.txt"
    if seed is None:  # an installed product runs without ../shared
        assert shipped.stat().st_size > 4000
        return
    assert shipped.read_bytes() == seed.read_bytes()


def test_a_changed_word_would_be_caught():
    text = (SOURCES_DIR / "inspe-aix-marseille-cper.fr.txt").read_text(encoding="utf-8")
    rule = bylaws.load_pack("cper").rules[0]
    assert rule.citation.quote.replace("neuf", "dix") not in text


def test_every_citation_of_the_code_spells_it_as_the_administration_prints_it():
    """« Code de l’éducation », typographic apostrophe: the packs, the elections' rules and
    the sitting rules' setters once wrote it with a straight one beside the pages' ’."""
    elections = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))["citation"].values()
    sources = [rule.citation.source for _t, rule in RULES]
    sources += [citation["source"] for citation in elections]
    sources += [setter_of(council_type) for council_type in INTERNAL_REGULATIONS]
    naming = [s for s in sources if "Code de l" in s]
    assert len(naming) > 40  # the packs of the INSPE councils and the elections cite it
    assert [s for s in naming if CODE not in s] == []


def test_every_citation_of_the_code_names_the_article_by_its_restored_number():
    """Issue 13 §3: every citation in the product shows the number. A citation written
    before the numbering ("article des bulletins nuls (entre les art. D. 719-24 et
    D. 719-38)") names the article by the number the shipped numbering now gives it."""
    from law.source import shipped_numbering

    number_of = {a["line"]: a["number"] for a in shipped_numbering()["articles"]}
    elections = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))["citation"].values()
    cited = [(c["source"], c["code_line"]) for c in elections]
    cited += [
        (rule.citation.source, rule.citation.code_line)
        for _t, rule in RULES
        if rule.citation.code_line is not None and rule.citation.source.startswith(CODE)
    ]
    assert len(cited) > 40
    wrong = [
        (source, number_of.get(line))
        for source, line in cited
        if number_of.get(line) and f"art. {number_of[line]}" not in source
    ]
    assert wrong == []
