"""The database full-text index: an FTS5 table on SQLite, a tsvector column with a
GIN index on PostgreSQL. Both index the analysed terms (french.analyse), so that
stemming and accent folding are the same on both; PostgreSQL's 'french'
configuration runs on top. The database only retrieves candidates; search.py ranks.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS law_article_fts USING fts5("
    "lead, body, tables, tokenize='unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS law_article_fts"
POSTGRES_CREATE = (
    "ALTER TABLE law_article ADD COLUMN IF NOT EXISTS search_vector tsvector; "
    "CREATE INDEX IF NOT EXISTS law_article_search_gin ON law_article USING gin(search_vector)"
)
POSTGRES_DROP = (
    "DROP INDEX IF EXISTS law_article_search_gin; "
    "ALTER TABLE law_article DROP COLUMN IF EXISTS search_vector"
)


def create_index() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_CREATE)
        elif connection.vendor == "postgresql":
            for statement in POSTGRES_CREATE.split("; "):
                cursor.execute(statement)


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
            cursor.execute(
                "UPDATE law_article SET search_vector = "
                "setweight(to_tsvector('french', terms_lead), 'A') || "
                "setweight(to_tsvector('french', terms_body), 'B') || "
                "setweight(to_tsvector('french', terms_tables), 'D')"
            )


def candidates(terms: Sequence[str], limit: int) -> list[int]:
    """Source lines of the articles containing any of the terms, best first by the
    database's own ranking. Terms are analysed words ([a-z0-9]+): never raw input."""
    safe = [t for t in dict.fromkeys(terms) if t.isalnum() and t.isascii()]
    if not safe:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = " | ".join(safe)
            cursor.execute(
                "SELECT source_line FROM law_article, to_tsquery('french', %s) q "
                "WHERE search_vector @@ q ORDER BY ts_rank(search_vector, q) DESC LIMIT %s",
                [query, limit],
            )
        else:
            query = " OR ".join(f'"{t}"' for t in safe)
            cursor.execute(
                "SELECT rowid FROM law_article_fts WHERE law_article_fts MATCH %s "
                "ORDER BY bm25(law_article_fts, 3.0, 1.0, 0.2) LIMIT %s",
                [query, limit],
            )
        return [row[0] for row in cursor.fetchall()]
