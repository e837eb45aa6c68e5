"""The minutes' life (minutes.lifecycle), kept by the database, and their text as HTML.

- The text was a light markup rendered on display; the rich-text editor writes sanitised HTML
  (documents.richtext). Every stored text and revision is converted once, as it rendered;
  texts still open get it as their first part, for the editor.
- `parts` (what the secretary writes, section by section) and `saved_version` (optimistic
  concurrency of the editor's autosave).
- Check constraints: a known state; frozen or published only once frozen; published with a
  date.
- A row trigger (SQLite and PostgreSQL, as in meetings 0005 and 0007): a frozen or published
  text, its signed PDF and its state never change, except frozen → published.
"""

import re

from django.conf import settings
from django.db import migrations, models

from documents.richtext import render, sanitize_part

MESSAGE = "a validated or published minutes is never edited"
SQLITE = (
    "CREATE TRIGGER minutes_minutes_final_guard BEFORE UPDATE ON minutes_minutes "
    "FOR EACH ROW WHEN OLD.status IN ('frozen', 'published') AND ("
    "NEW.body IS NOT OLD.body OR NEW.parts IS NOT OLD.parts "
    "OR NEW.signed_pdf IS NOT OLD.signed_pdf OR NEW.signed_sha256 IS NOT OLD.signed_sha256 "
    "OR NEW.status NOT IN ('frozen', 'published') "
    "OR (OLD.status = 'published' AND NEW.status IS NOT 'published')) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
)
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION minutes_refuse_final_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('frozen', 'published') AND (
      NEW.body IS DISTINCT FROM OLD.body
      OR NEW.parts::text IS DISTINCT FROM OLD.parts::text
      OR NEW.signed_pdf IS DISTINCT FROM OLD.signed_pdf
      OR NEW.signed_sha256 IS DISTINCT FROM OLD.signed_sha256
      OR NEW.status NOT IN ('frozen', 'published')
      OR (OLD.status = 'published' AND NEW.status <> 'published')) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END $$
"""
POSTGRES_TRIGGER = (
    "CREATE TRIGGER minutes_minutes_final_guard BEFORE UPDATE ON minutes_minutes "
    "FOR EACH ROW EXECUTE FUNCTION minutes_refuse_final_edit()"
)


def to_html(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    Minutes = apps.get_model("minutes", "Minutes")
    Revision = apps.get_model("minutes", "Revision")
    for minutes in Minutes.objects.all():
        minutes.body = render(minutes.body)
        if minutes.status in ("draft", "in_validation"):
            # The h2 of the old text become h3 inside the first section.
            minutes.parts = {"opening": sanitize_part(re.sub(r"(</?)h2>", r"\1h3>", minutes.body))}
        minutes.save(update_fields=["body", "parts"])
    for revision in Revision.objects.all():
        revision.body = render(revision.body)
        revision.save(update_fields=["body"])


def install(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        schema_editor.execute(POSTGRES_TRIGGER)


def uninstall(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS minutes_minutes_final_guard")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS minutes_minutes_final_guard ON minutes_minutes")
        schema_editor.execute("DROP FUNCTION IF EXISTS minutes_refuse_final_edit()")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_guard_the_sitting_of_a_meeting"),
        ("minutes", "0001_create_minutes_circuit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="minutes",
            name="parts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="minutes",
            name="saved_version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(to_html, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="minutes",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["draft", "in_validation", "frozen", "published"])
                ),
                name="minutes_status_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="minutes",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["draft", "in_validation"]),
                    ("frozen_at__isnull", False),
                    _connector="OR",
                ),
                name="minutes_final_only_once_frozen",
            ),
        ),
        migrations.AddConstraint(
            model_name="minutes",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "published"), _negated=True),
                    ("published_at__isnull", False),
                    _connector="OR",
                ),
                name="minutes_published_has_a_date",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
