"""The Code de l'éducation as stored rows, built by `conseils law load` from the shipped text.

The full-text index is not a model field: it is an FTS5 table on SQLite and a
table of tsvectors with a GIN index on PostgreSQL (see migrations and index.py).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Section(models.Model):
    """A run of articles at one depth (the file gives depths, not titles)."""

    first_line = models.PositiveIntegerField(primary_key=True)
    depth = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()
    # The Code's book (1 to 9), from the numbers inferred in the section; None if none.
    book = models.PositiveSmallIntegerField(null=True, blank=True)
    label = models.CharField(max_length=300)
    article_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class ArticleQuerySet(models.QuerySet["Article"]):
    def by_reference(self, reference: str) -> Article | None:
        """An article by its source line ("34787") or its inferred number ("D. 721-1")."""
        text = reference.strip()
        if text.isdigit():
            return self.filter(source_line=int(text)).first()
        compact = text.replace(" ", "").replace(".", ". ", 1).upper()
        return self.filter(number=compact).order_by("-number_confidence").first()


class Article(models.Model):
    source_line = models.PositiveIntegerField(
        primary_key=True, help_text=_("Ligne de la puce de l'article dans le texte livré.")
    )
    end_line = models.PositiveIntegerField()
    position = models.PositiveIntegerField(unique=True)
    depth = models.PositiveSmallIntegerField()
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(max_length=20, blank=True, db_index=True)
    number_confidence = models.FloatField(null=True, blank=True)
    number_evidence = models.TextField(blank=True)
    # [{"p": "..."} | {"table": {"header": [...], "rows": [[...], ...]}}]
    blocks: models.JSONField[Any, Any] = models.JSONField(default=list)
    nota: models.JSONField[Any, Any] = models.JSONField(default=list)
    overseas = models.BooleanField(default=False)
    lead = models.TextField()
    body = models.TextField(help_text=_("Texte sans les notes, tableaux à plat."))
    # Analysed terms (folded, stemmed) of the lead, the rest of the body and the tables.
    terms_lead = models.TextField(blank=True)
    terms_body = models.TextField(blank=True)
    terms_tables = models.TextField(blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.number or f"ligne {self.source_line}"

    def get_absolute_url(self) -> str:
        return reverse("law:article", kwargs={"source_line": self.source_line})


class Reference(models.Model):
    """A citation written in an article's text."""

    source = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references_out")
    target = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="references_in"
    )
    paragraph = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    number = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20)
    other_code = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["source", "paragraph", "start"]
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return self.number or self.kind


class BodyArticle(models.Model):
    """The bodies index: this article sets this topic of this council."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bodies")
    body = models.CharField(max_length=40)
    topic = models.CharField(max_length=20)

    class Meta:
        ordering = ["body", "topic", "article"]
        constraints = [
            models.UniqueConstraint(fields=["article", "body", "topic"], name="law_body_once")
        ]

    def __str__(self) -> str:
        return f"{self.body}/{self.topic}: {self.article_id}"


class LoadRecord(models.Model):
    """One row per load: which text the tables were built from."""

    sha256 = models.CharField(max_length=64)
    # law.french.ANALYSIS when the terms were computed: a new analyser means a new load.
    analysis = models.CharField(max_length=20, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)
    articles = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.articles})"
