"""The subject index: everyday keywords and the questions each article of the shipped Code
answers, read by the search as a field of their own (law/data/article-keywords.tsv,
law/data/article-questions.tsv)."""

import hashlib
from pathlib import Path

import pytest

from law import source
from law.french import analyse
from law.parser import parse_text
from law.query import keyword_terms

# Each file of the index: its path's and checksum's names in law.source, and its reader.
INDEX_FILES = [
    ("KEYWORDS_FILE", "KEYWORDS_SHA256", source.shipped_keywords),
    ("QUESTIONS_FILE", "QUESTIONS_SHA256", source.shipped_questions),
]


@pytest.mark.parametrize(("path", "checksum", "read"), INDEX_FILES)
def test_every_article_has_one_line_in_each_file_and_no_other_line_is_there(path, checksum, read):
    lines = [article.source_line for article in parse_text(source.shipped_text())]
    entries = read()
    assert sorted(entries) == lines
    assert all(any(p.strip() for p in phrases.split(";")) for phrases in entries.values())
    rows = getattr(source, path).read_text(encoding="utf-8").splitlines()
    order = [int(row.split("\t", 1)[0]) for row in rows if row and not row.startswith("#")]
    assert order == lines  # the Code's order, as the header says, each line once


@pytest.fixture(params=INDEX_FILES, ids=["keywords", "questions"])
def copy_of_index(request, tmp_path, monkeypatch):
    """A copy of a shipped file of the index the test may alter, read instead of it; the
    test rewrites the checksum with `sign`."""
    path_name, checksum_name, read = request.param
    path: Path = tmp_path / "index.tsv"
    path.write_bytes(getattr(source, path_name).read_bytes())
    monkeypatch.setattr(source, path_name, path)
    read.cache_clear()

    def sign(text: str) -> None:
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(source, checksum_name, hashlib.sha256(text.encode("utf-8")).hexdigest())

    yield path, read, sign
    read.cache_clear()


def test_an_edited_file_is_refused_until_its_checksum_is_changed_with_it(copy_of_index):
    path, read, _sign = copy_of_index
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n15\t", "\n15\tpronote ; ", 1), encoding="utf-8")
    with pytest.raises(source.CorruptSourceError, match="SHA-256"):
        read()


def test_an_article_given_two_lines_is_refused(copy_of_index):
    path, read, sign = copy_of_index
    sign(path.read_text(encoding="utf-8") + "15\tpronote bis\n")
    with pytest.raises(source.CorruptSourceError, match="line 15 twice"):
        read()


def test_a_file_written_for_another_text_is_refused(copy_of_index):
    path, read, sign = copy_of_index
    sign(path.read_text(encoding="utf-8").replace(source.SHA256, "0" * 64))
    with pytest.raises(source.CorruptSourceError, match="another text"):
        read()


def test_keywords_are_read_with_the_codes_words_for_everyday_words_and_acronyms():
    terms = set(keyword_terms("triche au bac ; CA ; cvl"))
    assert set(analyse("triche fraude baccalauréat")) <= terms  # the word and the Code's
    assert set(analyse("conseil d'administration")) <= terms
    assert set(analyse("conseil des délégués pour la vie lycéenne")) <= terms
    # Case matters for some acronyms: "ca" is no conseil d'administration in running French.
    assert "administr" not in set(keyword_terms("ça dépend"))
