"""Bodies' names typed with the typewriter's apostrophe (') take French typography's (’), as the
body form now stores them and as the councils' names read (councils 0010)."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace


def typographic_names(apps, schema_editor):
    Body = apps.get_model("recommendations", "Body")
    Body.objects.filter(name__contains="'").update(name=Replace("name", Value("'"), Value("’")))


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_bodies_sit_as_councils_routings_on_their_agenda"),
    ]

    operations = [
        migrations.RunPython(typographic_names, migrations.RunPython.noop),
    ]
