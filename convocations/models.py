"""The convocation of a meeting: its document, signature, sending and receipts.

The tables keep their first names (meetings_convocation, meetings_recipient): the models moved
here from meetings without copying a row (migration convocations 0001).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils.models import Membership
from documents.storage import private_storage
from meetings.models import Meeting, MeetingGuest, new_token


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
        db_table = "meetings_convocation"
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")

    def __str__(self) -> str:
        return f"Convocation — {self.meeting}"


class Recipient(models.Model):
    """One member convoked: delivery status, and when they opened their convocation."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en file d’attente")
        SENT = "sent", _("envoyée")
        FAILED = "failed", _("échec")

    convocation = models.ForeignKey(
        Convocation, on_delete=models.CASCADE, related_name="recipients"
    )
    # A member's seat, or an occasional guest's invitation (convoked without a vote).
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guest = models.ForeignKey(
        MeetingGuest, null=True, blank=True, on_delete=models.PROTECT, related_name="recipients"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Nobody may claim the member before this moment: a worker's lease while it sends, the
    # back-off after a failed attempt. A lease that ran out belongs to a worker that died.
    leased_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_sha256 = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        db_table = "meetings_recipient"
        ordering = ["person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convocation", "membership"], name="one_recipient_per_member"
            ),
            models.UniqueConstraint(
                fields=["convocation", "guest"], name="one_recipient_per_guest"
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=True, guest__isnull=False)
                | Q(membership__isnull=False, guest__isnull=True),
                name="recipient_is_a_member_or_a_guest",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person_id is None:  # the person is the seat's, or the invitation's
            link = self.membership if self.membership_id is not None else self.guest
            if link is not None:
                self.person_id = link.person_id
        super().save(*args, **kwargs)

    @property
    def is_guest(self) -> bool:
        return self.guest_id is not None
