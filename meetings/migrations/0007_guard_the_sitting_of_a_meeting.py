"""A meeting's sitting follows its life (meetings.lifecycle), and the database keeps it so.

- Meetings whose minutes went past the draft (validation, signed, published) are held: the
  demo and early databases left them "planned", which let a room re-open them.
- Check constraints: a sitting is closed only once opened; a cancelled meeting never sits; a
  held meeting is not in session.
- A row trigger (SQLite and PostgreSQL, as for closed votes in 0005): once a meeting is held
  or its sitting closed, its opening, closing and status no longer change.
- The urgency reason typed when a sitting opens without a convocation sent in time.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F

MESSAGE = "a held meeting cannot sit again"
SQLITE = (
    "CREATE TRIGGER meetings_meeting_held_guard BEFORE UPDATE ON meetings_meeting "
    "FOR EACH ROW WHEN (OLD.status = 'held' OR OLD.closed_at IS NOT NULL) AND ("
    "NEW.opened_at IS NOT OLD.opened_at OR NEW.closed_at IS NOT OLD.closed_at "
    "OR NEW.status IS NOT OLD.status) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
)
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION meetings_refuse_sitting_again() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.status = 'held' OR OLD.closed_at IS NOT NULL) AND (
      NEW.opened_at IS DISTINCT FROM OLD.opened_at
      OR NEW.closed_at IS DISTINCT FROM OLD.closed_at
      OR NEW.status IS DISTINCT FROM OLD.status) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END $$
"""
POSTGRES_TRIGGER = (
    "CREATE TRIGGER meetings_meeting_held_guard BEFORE UPDATE ON meetings_meeting "
    "FOR EACH ROW EXECUTE FUNCTION meetings_refuse_sitting_again()"
)


def mark_held(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(
        status="planned", minutes__status__in=["in_validation", "frozen", "published"]
    ).update(status="held")
    # Rows the constraints below refuse, made consistent with what they recorded.
    Meeting.objects.filter(closed_at__isnull=False, opened_at__isnull=True).update(
        opened_at=F("closed_at")
    )
    Meeting.objects.filter(status="held", opened_at__isnull=False, closed_at__isnull=True).update(
        closed_at=F("opened_at")
    )


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
        schema_editor.execute("DROP TRIGGER IF EXISTS meetings_meeting_held_guard")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS meetings_meeting_held_guard ON meetings_meeting"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS meetings_refuse_sitting_again()")


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0004_retire_structure_and_subcouncil_members"),
        ("meetings", "0006_hand_convocations_and_sittings_to_their_apps"),
        ("minutes", "0001_create_minutes_circuit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(mark_held, migrations.RunPython.noop),
        migrations.AddField(
            model_name="meeting",
            name="urgency_reason",
            field=models.TextField(blank=True, verbose_name="motif d’urgence"),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_at__isnull", True), ("opened_at__isnull", False), _connector="OR"
                ),
                name="meeting_closed_only_once_opened",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "cancelled"), _negated=True),
                    ("opened_at__isnull", True),
                    _connector="OR",
                ),
                name="meeting_cancelled_never_sits",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "held"), _negated=True),
                    ("opened_at__isnull", True),
                    ("closed_at__isnull", False),
                    _connector="OR",
                ),
                name="meeting_held_not_in_session",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
