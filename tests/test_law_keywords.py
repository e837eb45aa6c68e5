"""The subject index: everyday keywords for every article of the shipped Code, read by the
search as a field of its own (law/data/article-keywords.tsv)."""

from pathlib import Path

import pytest

from law import source
from law.french import analyse
from law.parser import parse_text
from law.query import keyword_terms


def test_every_article_has_one_line_of_keywords_and_no_other_line_is_there():
    lines = [article.source_line for article in parse_text(source.shipped_text())]
    keywords = source.shipped_keywords()
    assert sorted(keywords) == lines
    assert all(any(p.strip() for p in phrases.split(";")) for phrases in keywords.values())


def test_the_keywords_follow_the_codes_order_as_their_header_says():
    rows = source.KEYWORDS_FILE.read_text(encoding="utf-8").splitlines()
    order = [int(row.split("\t", 1)[0]) for row in rows if row and not row.startswith("#")]
    assert order == sorted(order)
    assert len(order) == len(set(order))


@pytest.fixture
def copy_of_keywords(tmp_path, monkeypatch):
    """A copy of the shipped file the test may alter, read instead of it."""
    path: Path = tmp_path / "article-keywords.tsv"
    path.write_bytes(source.KEYWORDS_FILE.read_bytes())
    monkeypatch.setattr(source, "KEYWORDS_FILE", path)
    source.shipped_keywords.cache_clear()
    yield path
    source.shipped_keywords.cache_clear()


def test_an_edited_keywords_file_is_refused_until_its_checksum_is_changed_with_it(
    copy_of_keywords,
):
    text = copy_of_keywords.read_text(encoding="utf-8")
    copy_of_keywords.write_text(text.replace("\tbulletin ;", "\tbulletins ;", 1), encoding="utf-8")
    with pytest.raises(source.CorruptSourceError, match="SHA-256"):
        source.shipped_keywords()


def test_an_article_given_two_lines_of_keywords_is_refused(copy_of_keywords, monkeypatch):
    import hashlib

    text = copy_of_keywords.read_text(encoding="utf-8") + "15\tpronote bis\n"
    copy_of_keywords.write_text(text, encoding="utf-8")
    monkeypatch.setattr(source, "KEYWORDS_SHA256", hashlib.sha256(text.encode("utf-8")).hexdigest())
    with pytest.raises(source.CorruptSourceError, match="line 15 twice"):
        source.shipped_keywords()


def test_keywords_written_for_another_text_are_refused(copy_of_keywords, monkeypatch):
    import hashlib

    text = copy_of_keywords.read_text(encoding="utf-8").replace(source.SHA256, "0" * 64)
    copy_of_keywords.write_text(text, encoding="utf-8")
    monkeypatch.setattr(source, "KEYWORDS_SHA256", hashlib.sha256(text.encode("utf-8")).hexdigest())
    with pytest.raises(source.CorruptSourceError, match="another text"):
        source.shipped_keywords()


def test_keywords_are_read_with_the_codes_words_for_everyday_words_and_acronyms():
    terms = set(keyword_terms("triche au bac ; CA ; cvl"))
    assert set(analyse("triche fraude baccalauréat")) <= terms  # the word and the Code's
    assert set(analyse("conseil d'administration")) <= terms
    assert set(analyse("conseil des délégués pour la vie lycéenne")) <= terms
    # Case matters for some acronyms: "ca" is no conseil d'administration in running French.
    assert "administr" not in set(keyword_terms("ça dépend"))
