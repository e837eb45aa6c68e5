"""Names typed or imported with the typewriter's apostrophe (') take French typography's (’),
as the product writes its own and as the setup forms now store them: one council no longer
reads « Conseil de l'institut » on one page and « Conseil de l’institut » on the next."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

NAMED = ["Component", "Site", "Programme", "Track", "Council", "SubCouncil"]


def typographic_names(apps, schema_editor):
    for model_name in NAMED:
        model = apps.get_model("councils", model_name)
        model.objects.filter(name__contains="'").update(
            name=Replace("name", Value("'"), Value("’"))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0009_flag_absences_and_record_mandate_ends"),
    ]

    operations = [
        # Nothing to undo: the straight apostrophe was a typing habit, not a meaning.
        migrations.RunPython(typographic_names, migrations.RunPython.noop),
    ]
