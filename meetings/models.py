"""Meetings of a council: calendar, agenda, convocation, answers before the meeting."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Council, Membership, SubCouncil
from documents.storage import private_storage


def academic_year_of(day: dt.date) -> str:
    """The academic year starts on 1 September: 2026-10-01 is in "2026-2027"."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        return self.filter(council__in=Council.objects.visible_to(user))

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
    # The sitting itself (see meetings.actions.room): opened with the quorum noted once, as
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

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["council", "starts_at"])]

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


def convocation_path(instance: Convocation, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/convocation/{uuid.uuid4().hex}.pdf"


class Convocation(models.Model):
    """The convocation of one meeting: signed by the director, sent by the head of mention."""

    class Status(models.TextChoices):
        AWAITING_SIGNATURE = "awaiting_signature", _("à signer")
        SIGNED = "signed", _("signée")
        SENDING = "sending", _("envoi en cours")
        SENT = "sent", _("envoyée")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="convocation")
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_SIGNATURE
    )
    pdf = models.FileField(storage=private_storage, upload_to=convocation_path, blank=True)
    signed_pdf = models.FileField(storage=private_storage, upload_to=convocation_path, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_with_demo_certificate = models.BooleanField(default=False)
    # The meeting's SEQUENCE when signed: a move after signing voids the signature.
    signed_sequence = models.PositiveIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")

    def __str__(self) -> str:
        return f"Convocation — {self.meeting}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Recipient(models.Model):
    """One member convoked: delivery status, and when they opened their convocation."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en file d’attente")
        SENT = "sent", _("envoyée")
        FAILED = "failed", _("échec")

    convocation = models.ForeignKey(
        Convocation, on_delete=models.CASCADE, related_name="recipients"
    )
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_sha256 = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["membership__person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convocation", "membership"], name="one_recipient_per_member"
            )
        ]

    def __str__(self) -> str:
        return self.email


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


# --- the sitting: attendance, notes, votes (meetings.actions.room / .votes) ------------------


class Attendance(models.Model):
    """One member's attendance at a sitting, pre-filled from their answer, kept by the
    secretary. Values match bylaws.sittings.Presence, which counts them."""

    class Status(models.TextChoices):
        PRESENT = "present", _("présent")
        REMOTE = "remote", _("à distance")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excusé")
        REPRESENTED = "represented", _("représenté")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("présence"), max_length=20, choices=Status.choices)
    proxy_to = models.ForeignKey(
        Membership,
        verbose_name=_("représenté par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrived_at = models.DateTimeField(_("arrivée"), null=True, blank=True)
    # Set while the member is out of the room: they stop counting until they come back.
    left_at = models.DateTimeField(_("départ"), null=True, blank=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member"
            ),
            models.CheckConstraint(
                condition=Q(status="represented", proxy_to__isnull=False)
                | (~Q(status="represented") & Q(proxy_to__isnull=True)),
                name="represented_has_a_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.status}"

    @property
    def here(self) -> bool:
        """In the room (or on the line) right now."""
        return self.status in {self.Status.PRESENT, self.Status.REMOTE} and self.left_at is None


class Movement(models.Model):
    """An arrival or a departure during the sitting, with its time, for the minutes."""

    class Kind(models.TextChoices):
        ARRIVED = "arrived", _("arrivée")
        LEFT = "left", _("départ")

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%H:%M}"


class ItemNotes(models.Model):
    """What the secretary notes live on one agenda item; the minutes' draft starts from it."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("notes de séance")
        verbose_name_plural = _("notes de séance")

    def __str__(self) -> str:
        return self.text[:50]


class VoteChoice(models.TextChoices):
    """Values match bylaws.sittings.Choice."""

    FOR = "for", _("pour")
    AGAINST = "against", _("contre")
    ABSTAIN = "abstain", _("abstention")


class Vote(models.Model):
    """One question put to the vote on an agenda item. Once closed it never changes: the
    actions refuse, and a database trigger (migration 0005) refuses too."""

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("à main levée")
        ROLL_CALL = "roll_call", _("par appel nominal")
        SECRET = "secret", _("à bulletin secret")

    class Majority(models.TextChoices):  # values match bylaws.sittings.Majority
        VOTES_CAST = "votes_cast", _("majorité des suffrages exprimés")
        MEMBERS = "absolute_members", _("majorité absolue des membres en exercice")
        TWO_THIRDS = "two_thirds", _("deux tiers des suffrages exprimés")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(_("question mise aux voix"), max_length=255)
    method = models.CharField(_("mode de scrutin"), max_length=20, choices=Method.choices)
    majority = models.CharField(_("majorité requise"), max_length=20, choices=Majority.choices)
    votes_for = models.PositiveIntegerField(_("pour"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("contre"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    president_vote = models.CharField(
        _("vote du président"), max_length=10, choices=VoteChoice.choices, blank=True
    )
    members_in_office = models.PositiveSmallIntegerField(null=True, blank=True)
    adopted = models.BooleanField(null=True)
    casting_vote_used = models.BooleanField(default=False)
    result = models.CharField(_("résultat"), max_length=255, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | (Q(adopted__isnull=False) & ~Q(result="") & Q(votes_for__isnull=False)),
                name="closed_vote_has_a_result",
            )
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_secret(self) -> bool:
        return self.method == self.Method.SECRET


class NamedVote(models.Model):
    """Roll call: each member's vote, by name, entered by the secretary."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="named_votes")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    weight = models.PositiveSmallIntegerField(default=1)  # 1 + the proxies the member holds

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "membership"], name="one_named_vote_each")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.choice}"


class BallotCast(models.Model):
    """The signing sheet of a secret ballot: who has voted, never what. No timestamp."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voters")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "membership"], name="one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.membership_id}"


class Ballot(models.Model):
    """One voice in the urn of a secret ballot, with nothing that points to its voter: a
    random key, no time, no weight (a proxy holder drops one row per voice, so a heavier row
    cannot single them out), no link to BallotCast. The urn is shuffled when the vote closes
    so that the database's own row order no longer follows the order of voting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    def __str__(self) -> str:
        return str(self.id)
