"""Minutes of a meeting: drafted by the session secretary, validated by the president, the
head of track and the head of mention, signed, sent, then published by the director."""

from __future__ import annotations

import uuid
from html import escape as html_escape
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils import roles
from documents.richtext import sanitize_document
from documents.storage import private_storage
from meetings.models import Meeting


class MinutesQuerySet(models.QuerySet["Minutes"]):
    def visible_to(self, user: Any) -> MinutesQuerySet:
        return roles.minutes_readable_by(user, self)

    def published(self) -> MinutesQuerySet:
        return self.filter(status=Minutes.Status.PUBLISHED)


def minutes_pdf_path(instance: Minutes, filename: str) -> str:
    return f"minutes/{instance.meeting_id}/{uuid.uuid4().hex}.pdf"


class Minutes(models.Model):
    """One version of the minutes of a meeting. A correction is a new version (`corrects`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("en rédaction")
        IN_VALIDATION = "in_validation", _("en validation")
        FROZEN = "frozen", _("validé et signé")
        PUBLISHED = "published", _("publié")

    class Order(models.TextChoices):
        PARALLEL = "parallel", _("en parallèle")
        SEQUENTIAL = "sequential", _("dans l’ordre : présidence, parcours, mention")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    validation_order = models.CharField(
        _("ordre de validation"), max_length=20, choices=Order.choices, default=Order.PARALLEL
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secrétaire de séance"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The whole text as it is validated, signed and published: sanitised HTML composed by
    # minutes.composition from the parts the secretary writes and the room's vote results.
    body = models.TextField(_("texte"), blank=True)
    # What the secretary writes, section by section ("opening", "item-<pk>"), sanitised HTML.
    parts = models.JSONField(default=dict, blank=True)
    # Bumped by every save: the editor sends the one it loaded (optimistic concurrency).
    saved_version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    signed_pdf = models.FileField(storage=private_storage, upload_to=minutes_pdf_path, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    signed_with_demo_certificate = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_pdf = models.FileField(storage=private_storage, upload_to=minutes_pdf_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")
        ordering = ["meeting__starts_at", "pk"]
        constraints = [
            # Only one version of a meeting's minutes is being worked on at a time.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(status__in=["draft", "in_validation"]),
                name="one_open_minutes_per_meeting",
            ),
            # The four states of minutes.lifecycle, and what each final one implies.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_validation", "frozen", "published"]),
                name="minutes_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_validation"]) | Q(frozen_at__isnull=False),
                name="minutes_final_only_once_frozen",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="minutes_published_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Compte rendu — {self.meeting}"

    @property
    def version(self) -> int:
        n, current = 1, self.corrects
        while current is not None:
            n, current = n + 1, current.corrects
        return n

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.FROZEN, self.Status.PUBLISHED)

    def html(self) -> str:
        return sanitize_document(self.body)

    def public_text(self) -> str:
        """The text with the director's redactions applied (the original stays intact)."""
        text = self.body
        for redaction in self.redactions.all():
            for needle in {redaction.passage, html_escape(redaction.passage, quote=False)}:
                text = text.replace(needle, "[passage occulté]")
        return text

    def public_html(self) -> str:
        return sanitize_document(self.public_text())


class Revision(models.Model):
    """Every saved text is kept, so that the differences between versions can be shown."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} — révision {self.number}"


class Approval(models.Model):
    """The word of one validator on one submitted revision."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("présidence du conseil")
        HEAD_OF_TRACK = "head_of_track", _("responsable de parcours")
        HEAD_OF_MENTION = "head_of_mention", _("responsable de mention")

    class Decision(models.TextChoices):
        PENDING = "pending", _("en attente")
        APPROVED = "approved", _("approuvé")
        SENT_BACK = "sent_back", _("renvoyé avec un commentaire")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="approvals")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="approvals")
    role = models.CharField(max_length=20, choices=Role.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("commentaire"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["revision__number", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.get_decision_display()}"


class Redaction(models.Model):
    """A passage the director hides in the public version (personal data)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="redactions")
    passage = models.TextField(_("passage à occulter"))
    reason = models.CharField(_("motif"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.passage[:60]
