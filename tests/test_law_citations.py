"""Every rule of every pack that cites the Code quotes it word for word."""

import pytest

from law.citations import article_text, pack_rules_citing_the_code, quote_in_article


def test_a_true_quote_is_found_and_a_false_one_is_not():
    assert quote_in_article(34787, "comprend au maximum trente membres")
    assert not quote_in_article(34787, "comprend au maximum quarante membres")
    assert not quote_in_article(34788, "trente membres")  # not a bullet line
    assert not quote_in_article(34787, "   ")


def test_quotes_tolerate_typographic_apostrophes_and_spacing():
    assert quote_in_article(34787, "Le conseil de l’institut national   supérieur")


@pytest.mark.parametrize(
    "rule", pack_rules_citing_the_code(), ids=lambda r: f"{r.pack}:{r.rule_id}"
)
def test_each_pack_rule_citing_the_code_quotes_its_article(rule):
    assert article_text(rule.code_line) is not None, f"line {rule.code_line} is no article"
    assert quote_in_article(rule.code_line, rule.quote), rule.quote
