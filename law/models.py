"""The Code de l'éducation as stored rows, built by `conseils law load` from the shipped text.

The full-text index is not a model field: it is an FTS5 table on SQLite and a
table of tsvectors with a GIN index on PostgreSQL (see migrations and index.py).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bylaws.code import cite_article
from law.numbers import bare_numbers, is_repeated_copy, normalise_number, with_letters
from law.query import keyword_phrases


class Heading(models.Model):
    """A heading of the Code (Livre, Titre, Chapitre, Section, Sous-section...), restored by
    scripts/law_numbering.py from the 2015 copy and the text's own structure."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField()  # 0 for a Livre, 1 for a Titre...
    title = models.CharField(max_length=500)
    position = models.PositiveIntegerField()
    book = models.PositiveSmallIntegerField(null=True, blank=True)
    # Articles under it, at any depth; and the position of the first one.
    article_count = models.PositiveIntegerField(default=0)
    first_article = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("law:section", kwargs={"heading_id": self.pk})

    def trail(self) -> list[Heading]:
        """The headings above this one and itself, from the Livre down."""
        trail: list[Heading] = []
        node: Heading | None = self
        while node is not None:
            trail.insert(0, node)
            node = node.parent
        return trail


class ArticleQuerySet(models.QuerySet["Article"]):
    def by_reference(self, reference: str) -> Article | None:
        """An article by its source line ("34787") or its number in any spelling
        ("D. 721-6", "D721-6", "d. 721-6", "art. D. 721-6")."""
        text = reference.strip()
        if text.isascii() and text.isdigit():
            return self.filter(source_line=int(text)).first()
        number = normalise_number(text)
        if number is None:
            # Typed without its letter ("721-6"): found only when one article can be meant.
            letters = self.letter_candidates(text)
            if len(letters) != 1:
                return None
            number = letters[0]
        return self.filter(number=number).order_by("-number_confidence").first()

    def letter_candidates(self, reference: str) -> list[str]:
        """The numbers a reference typed without its letter ("721-6", "article 721-6")
        can stand for among the articles' numbers: ["D. 721-6", "R. 721-6"] when both
        exist, one when one does, [] when none or when the reference is something else."""
        found: list[str] = []
        for bare in bare_numbers(reference.strip()):
            spelled = [f"{letter}. {bare}" for letter in "DR"]
            existing = set(self.filter(number__in=spelled).values_list("number", flat=True))
            found.extend(with_letters(bare, existing))
        return list(dict.fromkeys(found))

    def numbered_possibly(self, reference: str) -> list[tuple[int, list[str]]]:
        """(source line, candidates) of the articles of unknown number that may bear the
        number typed (with or without its letter): where a number no article bears can be."""
        # Typed with its letter, the number must match whole: "D. 112-3" is not "R. 112-3".
        if number := normalise_number(reference.strip()):
            wanted, whole = {number}, True
        else:
            wanted, whole = set(bare_numbers(reference.strip())), False
        if not wanted:
            return []
        return [
            (line, candidates)
            for line, candidates in self.filter(number="")
            .order_by("position")
            .values_list("source_line", "number_candidates")
            if any((c if whole else c.split(" ", 1)[-1]) in wanted for c in candidates)
        ]


class Article(models.Model):
    source_line = models.PositiveIntegerField(
        primary_key=True, help_text=_("Ligne de la puce de l’article dans le texte livré.")
    )
    end_line = models.PositiveIntegerField()
    position = models.PositiveIntegerField(unique=True)
    depth = models.PositiveSmallIntegerField()
    heading = models.ForeignKey(
        Heading, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    number = models.CharField(max_length=20, blank=True, db_index=True)
    number_confidence = models.FloatField(null=True, blank=True)
    # What decides the number, in French, one reason a line; or the candidates when none does.
    number_evidence: models.JSONField[Any, Any] = models.JSONField(default=list)
    number_candidates: models.JSONField[Any, Any] = models.JSONField(default=list)
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
    # The subject index, not law: everyday keywords (law/data/article-keywords.tsv) and the
    # questions the article answers (article-questions.tsv), each "entry ; entry"; the search
    # analyses them when it builds its corpus, with the vocabulary of the day.
    keywords = models.TextField(blank=True)
    questions = models.TextField(blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.number or f"ligne {self.source_line}"

    def get_absolute_url(self) -> str:
        return reverse("law:article", kwargs={"source_line": self.source_line})

    @property
    def keyword_list(self) -> list[str]:
        """The everyday keywords of the subject index, one phrase each."""
        return keyword_phrases(self.keywords)

    @property
    def question_list(self) -> list[str]:
        """The questions of the subject index this article answers."""
        return keyword_phrases(self.questions)

    @property
    def is_copy(self) -> bool:
        """A repetition, in the shipped text, of an earlier article: same text, same number."""
        return is_repeated_copy(self.number_evidence)

    @property
    def citation(self) -> str:
        """How a lawyer cites it: « Code de l’éducation, art. D. 721-6 »."""
        if self.number:
            return cite_article(self.number)
        return ""


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
    analysis = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)
    articles = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.articles})"
