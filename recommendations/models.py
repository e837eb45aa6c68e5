"""Recommendations of a council and their follow-up by the bodies that must answer them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from councils import roles
from councils.models import Council, Institution, Track
from documents.richtext import render
from meetings.models import AgendaItem, Meeting
from sittings.models import Vote

# The bodies the seed page names (001_*: "transmises au CCI, à l'OAF, au COSP et au CI").
DEFAULT_BODIES = [
    ("CCI", "CCI"),
    ("OAF", "OAF"),
    ("COSP", "Conseil d’orientation scientifique et pédagogique"),
    ("CI", "Conseil d’institut"),
]


class Body(models.Model):
    """A body that receives recommendations, with the people who answer for it."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="bodies")
    code = models.CharField(_("sigle"), max_length=20)
    name = models.CharField(_("nom"), max_length=200)
    respondents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personnes qui répondent"),
        blank=True,
        related_name="answering_bodies",
    )
    answer_days = models.PositiveSmallIntegerField(_("délai de réponse (jours)"), default=60)
    # The council of the product that sits as this body (the COSP, the conseil d'institut):
    # a recommendation routed here goes on its next agenda and is answered by its vote.
    council = models.ForeignKey(
        Council,
        verbose_name=_("conseil qui délibère"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answering_bodies",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("instance destinataire")
        verbose_name_plural = _("instances destinataires")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="body_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def visible_to(self, user: Any) -> RecommendationQuerySet:
        """Readers of the council, and the people who answer for a body it was sent to."""
        return roles.recommendations_readable_by(user, self)


class Recommendation(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="recommendations")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="recommendations")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point de l’ordre du jour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    vote_result = models.CharField(_("résultat du vote"), max_length=255, blank=True)
    title = models.CharField(_("intitulé"), max_length=255)
    text = models.TextField(_("texte"))  # light markup, see documents.richtext
    track = models.ForeignKey(
        Track,
        verbose_name=_("formation concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    bodies: models.ManyToManyField[Body, Routing] = models.ManyToManyField(
        Body, through="Routing", related_name="recommendations"
    )
    adopted_on = models.DateField(_("adoptée le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("préconisation")
        verbose_name_plural = _("préconisations")
        ordering = ["-adopted_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def html(self) -> str:
        return render(self.text, heading_level=3)


class Routing(models.Model):
    """One recommendation sent to one body: read, answered, implemented."""

    class Position(models.TextChoices):
        ACCEPTED = "accepted", _("acceptée")
        PARTLY = "partly", _("acceptée en partie")
        REFUSED = "refused", _("refusée")
        UNDER_STUDY = "under_study", _("à l’étude")

    class Implementation(models.TextChoices):
        NOT_STARTED = "not_started", _("non commencée")
        IN_PROGRESS = "in_progress", _("en cours")
        DONE = "done", _("mise en œuvre")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="routings"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="routings")
    routed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    position = models.CharField(_("réponse"), max_length=20, choices=Position.choices, blank=True)
    reasoning = models.TextField(_("réponse motivée"), blank=True)
    planned_on = models.DateField(_("date prévue"), null=True, blank=True)
    implementation = models.CharField(
        _("mise en œuvre"), max_length=20, choices=Implementation.choices, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    implemented_at = models.DateTimeField(null=True, blank=True)
    # The point of the answering council's agenda where it is examined; its vote answers.
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_routings",
    )
    # The vote that gave the answer, if a vote did: the product wrote the reasoning from it, so
    # it is said again in each reader's language (a person's reasoning is shown as typed).
    answer_vote = models.ForeignKey(
        Vote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["body__code"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "body"], name="one_routing_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} → {self.body}"

    @property
    def answered(self) -> bool:
        # "under study" is an answer that still owes a decision: reminders keep going.
        return bool(self.position) and self.position != self.Position.UNDER_STUDY

    @property
    def position_label(self) -> str:
        """get_position_display(), for the boards' hundred rows: Django's rebuilds the choices
        and translates every label on each call (30 µs against 5)."""
        if self.position not in self.Position.values:
            return self.position
        return str(self.Position(self.position).label)

    def reasoning_label(self) -> str:
        """The reasoning in the reader's language: the sentence made from the vote that
        answered, or the words of the person who did."""
        if self.answer_vote is not None and self.answer_vote.is_closed:
            return deliberation(self.answer_vote)
        return self.reasoning

    def state(self, today: dt.date | None = None) -> str:
        """open, late, answered or implemented: the follow-up boards count these."""
        if self.implementation == self.Implementation.DONE:
            return "implemented"
        if self.answered:
            return "answered"
        day = today or timezone.localdate()
        if self.due_on is not None and self.due_on < day:
            return "late"
        return "open"


class Event(models.Model):
    """The timeline of a recommendation: adopted, routed, read, answered, implemented."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="events"
    )
    routing = models.ForeignKey(
        Routing, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=30)
    # An answer's position (a Routing.Position value), a body's code, the vote's result typed
    # at the adoption: never a sentence of the product's, which would stay in the language of
    # whoever took the step (rows written before keep theirs: see detail_label).
    detail = models.CharField(max_length=500, blank=True)
    vote = models.ForeignKey(
        Vote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"

    def detail_label(self) -> str:
        """What the timeline says after the step's name, in the reader's language."""
        if self.kind != "answered" or self.detail not in Routing.Position.values:
            return self.detail
        said = str(Routing.Position(self.detail).label)
        if self.vote is not None and self.vote.is_closed:
            said += " — " + gettext("vote en séance du %(day)s : %(result)s") % {
                "day": _sitting_day(self.vote),
                "result": self.vote.result_label,
            }
        return said


def _sitting_day(vote: Vote) -> str:
    meeting = vote.meeting
    return date_format(timezone.localtime(meeting.opened_at or meeting.starts_at), "j F Y")


def deliberation(vote: Vote) -> str:
    """The answer a closed vote gave, as a sentence in the active language."""
    return gettext("Délibération en séance du %(day)s sur « %(question)s » : %(result)s.") % {
        "day": _sitting_day(vote),
        "question": vote.question,
        "result": vote.result_label,
    }
