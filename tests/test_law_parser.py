"""Parsing the shipped Code: articles, notes, tables, sections, references, numbers."""

from functools import lru_cache

from law.numbers import Number, infer_numbers
from law.parser import Table, build_sections, parse_text
from law.references import references_in
from law.source import SHA256, shipped_lines, shipped_text


@lru_cache(maxsize=1)
def articles():
    return parse_text(shipped_text())


@lru_cache(maxsize=1)
def numbers():
    return infer_numbers(articles())


def by_line(line):
    return next(a for a in articles() if a.source_line == line)


def test_the_shipped_text_is_the_seed_checked_by_its_hash():
    assert len(shipped_lines()) == 44869  # 44,868 lines and the final newline
    assert SHA256.startswith("ab8d91c7")


def test_every_bullet_is_an_article():
    assert len(articles()) == 3244
    assert all(shipped_lines()[a.source_line - 1].lstrip().startswith("•") for a in articles())


def test_entry_into_force_notes_are_kept_apart_from_the_body():
    with_notes = [a for a in articles() if a.nota]
    assert len(with_notes) == 825
    first = by_line(53)
    assert first.nota[0].startswith("Conformément à l'article 2 du décret n° 2020-978")
    assert not any("décret n° 2020-978" in p for p in first.paragraphs)


def test_a_reference_to_another_article_is_body_text_not_a_note():
    article = by_line(799)
    assert article.nota == []
    assert article.lead.startswith("Conformément à l'article L. 124-2")


def test_the_applicability_tables_are_tables():
    tables = [t for a in articles() for t in a.tables]
    assert len(tables) == 46
    first = by_line(1425).tables[0]
    assert isinstance(first, Table)
    assert first.header == ("DISPOSITIONS APPLICABLES", "DANS LEUR RÉDACTION")
    assert first.rows[0] == ("R. 123-8", "Résultant du décret n° 2004-703 du 13 juillet 2004")


def test_overseas_adaptation_articles_are_flagged():
    assert by_line(1425).overseas
    assert not by_line(34787).overseas
    assert sum(a.overseas for a in articles()) == 121


def test_paragraphs_are_kept():
    article = by_line(7)
    assert len(article.paragraphs) == 4
    assert article.paragraphs[1].startswith("Cette information se fait notamment")


def test_sections_follow_the_indentation():
    roots = build_sections(articles())
    assert roots[0].first_line == 5 and roots[0].depth == 2
    assert all(child.depth > root.depth for root in roots for child in root.children)


def test_hand_verified_numbers_are_found():
    # Checked by reading the Code on Légifrance (version of 16 April 2024).
    expected = {
        34787: "D. 721-1",  # conseil de l'INSPE, au maximum trente membres
        34819: "D. 721-3",  # composition du COSP
        31: "D. 112-1",  # aménagements des examens pour les candidats handicapés
    }
    for line, number in expected.items():
        assert str(numbers()[line].number) == number, line


def test_every_inferred_number_says_why_and_how_sure():
    assert len(numbers()) >= 150
    for inference in numbers().values():
        assert 0 < inference.confidence <= 1
        assert inference.evidence


def test_inferred_numbers_increase_along_the_file():
    ordered = [numbers()[line].number.order for line in sorted(numbers())]
    assert ordered == sorted(ordered)


def test_an_article_without_evidence_has_no_number():
    assert 5 not in numbers()


def test_number_parsing_handles_inserted_articles():
    assert Number.parse("article D. 721-5-1").rest == (5, 1)
    assert str(Number.parse("R. 421-10")) == "R. 421-10"


def test_cross_references_are_detected_with_ranges_and_other_codes():
    found = references_in(
        [
            "Les articles D. 111-7 à D. 111-10 et D. 111-14 sont applicables.",
            "tel que défini à l'article L. 114 du code de l'action sociale et des familles, "
            "et à l'article L. 263-1 du même code.",
            "Les dispositions du présent article s'appliquent.",
        ]
    )
    kinds = [(r.number, r.kind, r.other_code) for _, r in found]
    assert kinds == [
        ("D. 111-7", "range_start", ""),
        ("D. 111-10", "range_end", ""),
        ("D. 111-14", "article", ""),
        ("L. 114", "article", "code de l'action sociale et des familles"),
        ("L. 263-1", "article", "code de l'action sociale et des familles"),
        ("", "self", ""),
    ]
