"""A sitting rule cites an article as its legal basis only where that article governs
the council; a default borrowed from another council's article says so."""

import tomllib

import pytest

from bylaws.engine import PACKS_DIR, available_council_types
from bylaws.sittings import BORROWED, D_721_8, INTERNAL_REGULATIONS, body_of, sitting_rules
from councils.council_settings import notice_citation, proxies_citation
from law.citations import pack_rules_citing_the_code, quote_in_article
from law.loader import shipped_council_entries
from law.source import shipped_numbering


@pytest.fixture(scope="module")
def bodies_of():
    found: dict[int, set[str]] = {}
    for entry in shipped_council_entries():
        found.setdefault(entry.source_line, set()).add(entry.body)
    return found


@pytest.fixture(scope="module")
def number_of():
    return {a["line"]: a["number"] for a in shipped_numbering()["articles"]}


def test_the_cper_quorum_is_a_setting_of_the_inspe_rules_borrowed_by_analogy():
    citation = sitting_rules("cper").quorum.citation
    assert citation.source.startswith("Règlement intérieur de l’INSPE")
    assert (
        "valeur par défaut reprise, par analogie, de l’article R. 421-25 relatif au "
        "conseil d’administration des EPLE" in citation.source
    )
    assert quote_in_article(citation.code_line, citation.quote)


def test_the_cper_majority_no_longer_passes_for_the_cned_boards_rule():
    citation = sitting_rules("cper").majority.citation
    assert "par analogie" in citation.source and "CNED" in citation.source
    assert sitting_rules("cper").basis == "Règlement intérieur de l’INSPE"


def test_each_borrowed_article_carries_its_number_and_governs_the_councils_it_says(
    bodies_of, number_of
):
    for line, borrowed in BORROWED.items():
        assert number_of[line] == borrowed.number
        assert borrowed.bodies <= bodies_of.get(line, set())


def test_d_721_8_gives_the_inspe_rules_their_role(number_of):
    line, number, quote = D_721_8
    assert number_of[line] == number
    assert quote_in_article(line, quote)
    for council_type in ("inspe_institute_council", "inspe_cosp"):
        assert INTERNAL_REGULATIONS[council_type].role == D_721_8
        assert body_of(council_type) in {"conseil-institut", "cosp"}


def test_the_inspe_councils_sit_under_d_721_8_without_borrowing():
    for council_type in ("inspe_institute_council", "inspe_cosp"):
        rules = sitting_rules(council_type)
        quorum = rules.quorum.citation
        assert quorum.code_line == D_721_8[0] and "art. D. 721-8" in quorum.source
        for citation in (
            quorum,
            rules.majority.citation,
            notice_citation(council_type),
            proxies_citation(council_type),
        ):
            assert "par analogie" not in citation.source
            assert citation.code_line is not None
            assert quote_in_article(citation.code_line, citation.quote), citation.quote


def test_every_setting_of_every_council_type_cites_what_governs_it_or_says_it_borrows(
    bodies_of,
):
    for council_type in available_council_types():
        rules = sitting_rules(council_type)
        for citation in (
            rules.quorum.citation,
            rules.majority.citation,
            notice_citation(council_type),
            proxies_citation(council_type),
        ):
            assert citation.code_line is not None
            governs = body_of(council_type) in bodies_of.get(citation.code_line, set())
            assert governs or (
                "valeur par défaut reprise, par analogie, de l’article" in citation.source
            ), (council_type, citation.source)


def test_the_cper_notice_and_proxy_defaults_name_the_council_they_come_from():
    notice, proxies = notice_citation("cper"), proxies_citation("cper")
    assert notice.source == (
        "Règlement intérieur de l’INSPE, réglage du conseil ; valeur par défaut reprise, par "
        "analogie, de l’article R. 421-25 relatif au conseil d’administration des EPLE"
    )
    assert proxies.source.endswith(
        "de l’article R. 642-9 relatif à la commission des titres d’ingénieur"
    )


def test_no_sitting_rule_of_any_pack_presents_another_councils_article_as_its_basis(
    bodies_of,
):
    for council_type in available_council_types():
        data = tomllib.loads((PACKS_DIR / f"{council_type}.toml").read_text(encoding="utf-8"))
        if "sitting" not in data:
            continue
        rules = sitting_rules(council_type)
        for citation in (rules.quorum.citation, rules.majority.citation):
            if citation.code_line is None:
                continue
            governs = body_of(council_type) in bodies_of.get(citation.code_line, set())
            assert governs or "par analogie" in citation.source, (council_type, citation)


def test_the_article_page_list_marks_borrowed_defaults():
    cper = [r for r in pack_rules_citing_the_code() if r.pack == "cper" and r.code_line == 15886]
    assert cper and all(r.analogy for r in cper)
