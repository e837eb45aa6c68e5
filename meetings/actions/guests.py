"""Occasional guests: the seed page's « invités permanents ou ponctuels ». A permanent guest
holds a seat (the `guest` category); an occasional one is invited by an organiser to one
meeting only: convoked without a vote, shown in the room and the minutes as a guest, and never
counted among the members."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from bylaws import Citation
from councils import roles
from councils.actions import find_or_create_person
from meetings import lifecycle
from meetings.actions.common import locked
from meetings.models import Meeting, MeetingGuest

GUESTS = Citation(
    source="INSPE d'Aix-Marseille, conseils de perfectionnement, « Composition »",
    quote="des invités permanents ou ponctuels peuvent être associés aux travaux des CPER.",
    document="inspe-aix-marseille-cper.fr.txt",
)
QUALITY_MAX = MeetingGuest._meta.get_field("quality").max_length or 200


def _person(person: User | None, email: str, first_name: str, last_name: str) -> User:
    """A person of the directory (given, or found by e-mail), or a new external person."""
    if person is not None:
        return person
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Donnez l’adresse e-mail de l’invité (%(email)s n’en est pas une).")
            % {"email": email or "—"}
        ) from None
    known = User.objects.filter(email__iexact=email).first()
    if known is not None:
        return known
    if not last_name.strip():
        raise ValidationError(
            _("%(email)s n’est pas dans l’annuaire : donnez le nom de cette personne extérieure.")
            % {"email": email}
        )
    return find_or_create_person(email, first_name.strip(), last_name.strip())


@transaction.atomic
def invite_guest(
    meeting: Meeting,
    *,
    by: User,
    quality: str,
    person: User | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> MeetingGuest:
    """Invite someone to this one meeting; inviting the same person again changes nothing."""
    if not roles.may_organise(by, meeting.council):
        raise PermissionDenied
    meeting = locked(meeting)
    lifecycle.require(meeting, "invite_guest")
    quality = quality.strip()
    if not quality:
        raise ValidationError(_("Indiquez la qualité de l’invité (au titre de quoi il vient)."))
    if len(quality) > QUALITY_MAX:
        raise ValidationError(
            _("La qualité tient en %(n)d caractères au plus.") % {"n": QUALITY_MAX}
        )
    guest_person = _person(person, email, first_name, last_name)
    if meeting.convoked_memberships().filter(person=guest_person).exists():
        raise ValidationError(
            _("%(name)s est membre convoqué de cette séance : on ne l’invite pas en plus.")
            % {"name": guest_person.display_name}
        )
    guest, created = MeetingGuest.objects.get_or_create(
        meeting=meeting,
        person=guest_person,
        defaults={"quality": quality, "invited_by": by},
    )
    if created:
        record(
            by,
            "meeting.guest_invited",
            meeting,
            council_id=meeting.council_id,
            summary={"guest": guest_person.email, "quality": quality},
        )
    return guest
