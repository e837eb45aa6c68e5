"""A closed vote never changes: the database refuses it too, not only the actions.

Row triggers on SQLite and PostgreSQL (the two databases the product runs on): a closed vote
cannot be updated, and no ballot, signing-sheet line or named vote can be added to it or
changed. Deletions are left to cascades (a meeting removed by an administrator) and to the
test runner's flush.
"""

from django.db import migrations

CHILDREN = ["meetings_ballot", "meetings_ballotcast", "meetings_namedvote"]
MESSAGE = "a closed vote cannot change"


def _sqlite() -> list[str]:
    statements = [
        "CREATE TRIGGER meetings_vote_closed_guard BEFORE UPDATE ON meetings_vote "
        f"FOR EACH ROW WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ]
    for table in CHILDREN:
        for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD")):
            statements.append(
                f"CREATE TRIGGER {table}_closed_guard_{op.lower()} BEFORE {op} ON {table} "
                f"FOR EACH ROW WHEN (SELECT closed_at FROM meetings_vote "
                f"WHERE id = {row}.vote_id OR id = NEW.vote_id "
                f"ORDER BY closed_at IS NULL LIMIT 1) IS NOT NULL "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    return statements


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION meetings_refuse_closed_vote() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'meetings_vote' THEN
    IF OLD.closed_at IS NOT NULL THEN
      RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
    END IF;
  ELSIF EXISTS (
    SELECT 1 FROM meetings_vote v WHERE v.closed_at IS NOT NULL AND (
      v.id = NEW.vote_id OR (TG_OP = 'UPDATE' AND v.id = OLD.vote_id))
  ) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END $$
"""


def _postgres() -> list[str]:
    statements = [
        POSTGRES_FUNCTION,
        "CREATE TRIGGER meetings_vote_closed_guard BEFORE UPDATE ON meetings_vote "
        "FOR EACH ROW EXECUTE FUNCTION meetings_refuse_closed_vote()",
    ]
    statements += [
        f"CREATE TRIGGER {table}_closed_guard BEFORE INSERT OR UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION meetings_refuse_closed_vote()"
        for table in CHILDREN
    ]
    return statements


def _drop(vendor: str) -> list[str]:
    if vendor == "sqlite":
        names = ["meetings_vote_closed_guard"] + [
            f"{t}_closed_guard_{op}" for t in CHILDREN for op in ("insert", "update")
        ]
        return [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS meetings_vote_closed_guard ON meetings_vote",
            *[f"DROP TRIGGER IF EXISTS {t}_closed_guard ON {t}" for t in CHILDREN],
            "DROP FUNCTION IF EXISTS meetings_refuse_closed_vote()",
        ]
    return []


def install(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    for statement in _drop(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_record_the_sitting_attendance_and_votes"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
