"""The full-text index: FTS5 on SQLite, tsvector + GIN on PostgreSQL (see law/index.py).

The statements are written here rather than imported, so that this migration stays
what it was when the index changed (0004 moved the PostgreSQL one to its own table).
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS law_article_fts USING fts5("
    "lead, body, tables, tokenize='unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS law_article_fts"
POSTGRES_CREATE = [
    "ALTER TABLE law_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS law_article_search_gin ON law_article USING gin(search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS law_article_search_gin",
    "ALTER TABLE law_article DROP COLUMN IF EXISTS search_vector",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("law", "0001_create_code_tables")]

    operations = [migrations.RunPython(create, drop)]
