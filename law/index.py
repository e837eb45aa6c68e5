"""The database full-text index: an FTS5 table on SQLite, a table of tsvectors with a
GIN index on PostgreSQL (law_search). Both index the analysed terms (french.analyse), so that
stemming and accent folding are the same on both; PostgreSQL's 'french'
configuration runs on top. The database only retrieves candidates; ranking.py ranks.
Terms are stored with "|" between paragraphs (ranking.PARAGRAPH); both tokenizers
drop it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS law_article_fts USING fts5("
    "lead, body, tables, tokenize='unicode61 remove_diacritics 2')"
)


def rebuild_index() -> None:
    """Fill the index from the article rows (called by `law load`)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_CREATE)
            cursor.execute("DELETE FROM law_article_fts")
            cursor.execute(
                "INSERT INTO law_article_fts(rowid, lead, body, tables) "
                "SELECT source_line, terms_lead, terms_body, terms_tables FROM law_article"
            )
        elif connection.vendor == "postgresql":
            cursor.execute("DELETE FROM law_search")
            # strip(): no positions nor weights, which the candidates do not need; the
            # vectors stay small enough to be read without TOAST.
            cursor.execute(
                "INSERT INTO law_search (source_line, terms) SELECT source_line, "
                "strip(to_tsvector('french', concat_ws(' ', terms_lead, terms_body, "
                "terms_tables))) FROM law_article"
            )


def candidates(terms: Sequence[str]) -> list[int]:
    """Source lines of every article containing one of the terms, unordered: the
    ranking scores them all, so that both databases give the same results. Terms are
    analysed words ([a-z0-9]+), never raw input."""
    safe = [t for t in dict.fromkeys(terms) if t.isalnum() and t.isascii()]
    if not safe:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT source_line FROM law_search WHERE terms @@ to_tsquery('french', %s)",
                [" | ".join(safe)],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM law_article_fts WHERE law_article_fts MATCH %s",
                [" OR ".join(f'"{t}"' for t in safe)],
            )
        return [row[0] for row in cursor.fetchall()]
