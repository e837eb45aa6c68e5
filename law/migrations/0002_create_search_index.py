"""The full-text index: FTS5 on SQLite, tsvector + GIN on PostgreSQL (see law/index.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from law.index import POSTGRES_CREATE, SQLITE_CREATE

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE.split("; "):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    from law.index import POSTGRES_DROP, SQLITE_DROP

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        for statement in POSTGRES_DROP.split("; "):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("law", "0001_create_code_tables")]

    operations = [migrations.RunPython(create, drop)]
