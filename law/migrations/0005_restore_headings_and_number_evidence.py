import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("law", "0004_narrow_search_table"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="article",
            name="section",
        ),
        migrations.AddField(
            model_name="article",
            name="number_candidates",
            field=models.JSONField(default=list),
        ),
        # The evidence was one sentence, it is now a list: dropped and re-created (the
        # rows are rebuilt by `conseils law load`, which the new numbering triggers).
        migrations.RemoveField(
            model_name="article",
            name="number_evidence",
        ),
        migrations.AddField(
            model_name="article",
            name="number_evidence",
            field=models.JSONField(default=list),
        ),
        migrations.CreateModel(
            name="Heading",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.PositiveSmallIntegerField()),
                ("title", models.CharField(max_length=500)),
                ("position", models.PositiveIntegerField()),
                ("book", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("article_count", models.PositiveIntegerField(default=0)),
                ("first_article", models.PositiveIntegerField(default=0)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="children",
                        to="law.heading",
                    ),
                ),
            ],
            options={
                "ordering": ["position"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="heading",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="articles",
                to="law.heading",
            ),
        ),
        migrations.DeleteModel(
            name="Section",
        ),
    ]
