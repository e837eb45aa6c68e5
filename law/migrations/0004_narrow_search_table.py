"""PostgreSQL: the search vector moves from law_article (wide rows, whose vectors were
read from TOAST at every search) to a narrow table of position-free vectors. SQLite's
FTS5 table is already apart. Run `conseils law load` afterwards to fill it."""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS law_article_search_gin",
    "ALTER TABLE law_article DROP COLUMN IF EXISTS search_vector",
    "CREATE TABLE IF NOT EXISTS law_search (source_line integer PRIMARY KEY, terms tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS law_search_gin ON law_search USING gin(terms)",
]
BACKWARD = [
    "DROP TABLE IF EXISTS law_search",
    "ALTER TABLE law_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS law_article_search_gin ON law_article USING gin(search_vector)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("law", "0003_load_record_analysis")]

    operations = [migrations.RunPython(forward, backward)]
