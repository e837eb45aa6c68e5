"""Meetings of a council: calendar, agenda, convocation, answers before the meeting."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conseils.compiled import Compiled, first_of
from councils import roles
from councils.models import Council, Membership, SubCouncil
from documents.storage import private_storage


def academic_year_of(day: dt.date) -> str:
    """The academic year starts on 1 September: 2026-10-01 is in "2026-2027"."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        return roles.meetings_readable_by(user, self)

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(starts_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("prévue")
        CANCELLED = "cancelled", _("annulée")
        HELD = "held", _("tenue")

    class AgendaStatus(models.TextChoices):
        DRAFT = "draft", _("en préparation")
        SUBMITTED = "submitted", _("proposé au président")
        SET = "set", _("arrêté")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    subcouncil = models.ForeignKey(
        SubCouncil,
        verbose_name=_("sous-conseil de site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    academic_year = models.CharField(_("année universitaire"), max_length=9, db_index=True)
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée prévue (minutes)"), default=120)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    # iCalendar identity: the UID never changes, SEQUENCE grows with every change sent out.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    agenda_status = models.CharField(
        max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    agenda_submitted_at = models.DateTimeField(null=True, blank=True)
    agenda_set_at = models.DateTimeField(null=True, blank=True)
    agenda_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The sitting itself (see sittings.actions.room): opened with the quorum noted once, as
    # the rule reads it "en début de séance", then closed.
    opened_at = models.DateTimeField(_("ouverte à"), null=True, blank=True)
    quorum_at_opening = models.BooleanField(_("quorum atteint à l’ouverture"), null=True)
    closed_at = models.DateTimeField(_("levée à"), null=True, blank=True)
    # A meeting convened again after a failed quorum deliberates whatever the attendance.
    sits_without_quorum = models.BooleanField(_("délibère sans condition de quorum"), default=False)
    reconvenes = models.ForeignKey(
        "self",
        verbose_name=_("nouvelle convocation de la séance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reconvened_as",
    )
    # Why the sitting opened without a convocation sent with the full notice period (see
    # meetings.lifecycle.urgency_needed): typed by whoever opened it, shown in the minutes.
    urgency_reason = models.TextField(_("motif d’urgence"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["council", "starts_at"])]
        constraints = [
            # A sitting is closed only once opened; a cancelled meeting never sits; a held
            # meeting is not in session (meetings.lifecycle; the trigger of migration 0007
            # also keeps a closed or held sitting from opening again).
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(opened_at__isnull=False),
                name="meeting_closed_only_once_opened",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(opened_at__isnull=True),
                name="meeting_cancelled_never_sits",
            ),
            models.CheckConstraint(
                condition=~Q(status="held")
                | Q(opened_at__isnull=True)
                | Q(closed_at__isnull=False),
                name="meeting_held_not_in_session",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.council} — {local:%d/%m/%Y %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.academic_year = academic_year_of(timezone.localtime(self.starts_at).date())
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "academic_year"}
        super().save(*args, **kwargs)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def agenda_locked(self) -> bool:
        return self.agenda_status == self.AgendaStatus.SET

    def convoked_memberships(self) -> QuerySet[Membership]:
        """The seats this meeting convokes: the council's current members, or only those of
        its site sub-council (a sub-council meets with its own members)."""
        seats = self.council.memberships.current()
        if self.subcouncil_id is not None:
            seats = seats.filter(subcouncils=self.subcouncil_id)
        return seats


class MeetingGuest(models.Model):
    """An occasional guest ("invités permanents ou ponctuels", seed page): invited to this one
    meeting, convoked without a vote, shown in the room and the minutes as a guest and never
    counted among the members (quorum, attendance)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="guest_invitations",
    )
    quality = models.CharField(
        _("qualité"),
        max_length=200,
        help_text=_("Au titre de quoi la personne est invitée, par exemple : tutrice de stage."),
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invité ponctuel")
        verbose_name_plural = _("invités ponctuels")
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_per_guest")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.quality})"


class MeetingChange(models.Model):
    """A change of the calendar that members must see: a meeting moved or cancelled."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("déplacée")
        CANCELLED = "cancelled", _("annulée")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    previous_starts_at = models.DateTimeField(null=True, blank=True)
    previous_place = models.CharField(max_length=255, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.meeting} {self.kind}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("information")
        DELIBERATION = "deliberation", _("délibération")
        VOTE = "vote", _("vote")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)  # sanitised HTML (nh3)
    # What the person typed (light markup, see documents.richtext): edited again as typed,
    # while `description` holds the sanitised HTML every reader and document shows.
    description_source = models.TextField(_("description (texte saisi)"), blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présenté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION
    )

    class Meta:
        verbose_name = _("point de l’ordre du jour")
        verbose_name_plural = _("points de l’ordre du jour")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaReopening(models.Model):
    """An agenda set by the president and changed afterwards: the reason is kept."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reopenings")
    reason = models.TextField(_("motif"))
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.reason[:50]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Answer(models.Model):
    """A member's answer before the meeting."""

    class Response(models.TextChoices):
        PRESENT = "present", _("présent")
        REMOTE = "remote", _("à distance")
        ABSENT = "absent", _("absent")
        PROXY = "proxy", _("donne procuration")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="answers")
    response = models.CharField(_("réponse"), max_length=20, choices=Response.choices)
    proxy_to = models.ForeignKey(
        Membership,
        verbose_name=_("procuration donnée à"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proxies_held",
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="one_answer_per_member"),
            models.CheckConstraint(
                condition=Q(response="proxy", proxy_to__isnull=False)
                | (~Q(response="proxy") & Q(proxy_to__isnull=True)),
                name="proxy_has_a_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.response}"


class CalendarFeed(models.Model):
    """An unguessable, revocable iCalendar address: one per person, or one per council."""

    token = models.CharField(max_length=64, unique=True, default=new_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.council or ''}".strip()


# --- the provisional calendar, set as one act ------------------------------------------------
# The seed page: « Un calendrier prévisionnel des réunions est arrêté en début d’année
# universitaire pour l’année à venir. » The director sets it per council, or for the whole
# institute at once (then one act per council, and one for the institute listing them all).


def calendar_act_path(instance: CalendarAct, filename: str) -> str:
    return f"calendars/{instance.academic_year}/{uuid.uuid4().hex}.pdf"


class CalendarAct(models.Model):
    institution = models.ForeignKey(
        "councils.Institution", on_delete=models.PROTECT, related_name="calendar_acts"
    )
    # The council whose year of meetings is set; empty for the institute's act.
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="calendar_acts"
    )
    academic_year = models.CharField(_("année universitaire"), max_length=9)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    pdf = models.FileField(storage=private_storage, upload_to=calendar_act_path, blank=True)

    class Meta:
        verbose_name = _("calendrier arrêté")
        verbose_name_plural = _("calendriers arrêtés")
        ordering = ["-set_at", "-pk"]
        constraints = [
            # Set once a year: a second click, or a second setting, finds the first.
            models.UniqueConstraint(
                fields=["council", "academic_year"],
                condition=Q(council__isnull=False),
                name="one_set_calendar_per_council_and_year",
            ),
            models.UniqueConstraint(
                fields=["institution", "academic_year"],
                condition=Q(council__isnull=True),
                name="one_institute_calendar_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council or self.institution} — {self.academic_year}"


class CalendarEntry(models.Model):
    """A meeting as the set calendar has it: its date then, whatever happened since."""

    act = models.ForeignKey(CalendarAct, on_delete=models.CASCADE, related_name="entries")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="calendar_entries")
    starts_at = models.DateTimeField(_("date au calendrier arrêté"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["act", "meeting"], name="one_entry_per_meeting_and_act")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.act})"

    @property
    def moved(self) -> bool:
        return self.meeting.starts_at != self.starts_at

    @property
    def differs(self) -> bool:
        """The meeting no longer stands as the set calendar has it."""
        return self.moved or self.meeting.is_cancelled


# Compiled once a day (conseils.compiled): every meeting page built and compiled it anew.
_set_entry: Compiled[CalendarEntry] = Compiled(
    CalendarEntry,
    lambda meeting: first_of(
        CalendarEntry.objects.filter(meeting=meeting, act__council__isnull=False).select_related(
            "act"
        )
    ),
)


def set_calendar_entry(meeting: Meeting) -> CalendarEntry | None:
    """The meeting as its council's set calendar has it, if the calendar was set with it."""
    return _set_entry.first(meeting.pk)
