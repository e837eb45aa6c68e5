"""Answers before the meeting: present, remote, absent, or a proxy to another voting member,
within the council's cap; substitutes are told when their titular member is absent."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as subject_
from django.utils.translation import ngettext

from accounts.models import User
from audit.log import record
from councils.models import Membership
from meetings.actions.common import AnswerRefused, locked, mail
from meetings.models import Answer, Meeting

# --- answers before the meeting --------------------------------------------------------


def _refuse(message: str, **params: object) -> AnswerRefused:
    return AnswerRefused(message % params if params else message)


def _check_proxy(meeting: Meeting, giver: Membership, holder: Membership | None) -> Membership:
    if holder is None:
        raise _refuse(_("Choisissez le membre à qui vous donnez procuration."))
    if not giver.voting:
        raise _refuse(_("Un invité n’a pas de voix délibérative : il ne donne pas procuration."))
    if holder.pk == giver.pk:
        raise _refuse(_("Vous ne pouvez pas vous donner procuration à vous-même."))
    # Lock the holder's seat: two members giving their proxy at once cannot both pass the cap.
    holder = (
        Membership.objects.select_for_update().select_related("person", "council").get(pk=holder.pk)
    )
    name = holder.person.display_name
    if not meeting.convoked_memberships().filter(pk=holder.pk).exists():
        raise _refuse(
            _(
                "%(name)s ne siège pas dans ce conseil : "
                "la procuration se donne à un membre votant du conseil."
            ),
            name=name,
        )
    if not holder.voting:
        raise _refuse(
            _(
                "%(name)s est invité, sans voix délibérative : "
                "il ne peut pas recevoir de procuration."
            ),
            name=name,
        )
    theirs = Answer.objects.filter(meeting=meeting, membership=holder).first()
    if theirs is not None and theirs.response in {Answer.Response.ABSENT, Answer.Response.PROXY}:
        raise _refuse(
            _("%(name)s a annoncé son absence : choisissez un membre présent."), name=name
        )
    held = (
        Answer.objects.filter(meeting=meeting, proxy_to=holder, response=Answer.Response.PROXY)
        .exclude(membership=giver)
        .count()
    )
    cap = meeting.council.max_proxies
    if held >= cap:
        raise _refuse(
            ngettext(
                "%(name)s détient déjà %(held)d procuration, le maximum fixé pour ce conseil.",
                "%(name)s détient déjà %(held)d procurations, le maximum fixé pour ce conseil.",
                held,
            ),
            name=name,
            held=held,
        )
    if Answer.objects.filter(meeting=meeting, proxy_to=giver).exists():
        raise _refuse(
            _("Vous détenez une procuration : elle ne peut pas être transmise à un autre.")
        )
    return holder


@transaction.atomic
def answer(
    meeting: Meeting,
    membership: Membership,
    response: str,
    *,
    by: User,
    proxy_to: Membership | None = None,
) -> Answer:
    """A member says whether they will come, join remotely, be absent, or give their proxy."""
    meeting = locked(meeting)
    if membership.person_id != by.pk:
        raise PermissionDenied  # each member answers for themselves
    if not meeting.convoked_memberships().filter(pk=membership.pk).exists():
        raise PermissionDenied  # not a current member, or not of the sub-council that meets
    if meeting.is_cancelled:
        raise _refuse(_("La séance est annulée."))
    if meeting.starts_at <= timezone.now():
        raise _refuse(_("La séance a commencé : la présence se note désormais en séance."))
    if response not in Answer.Response.values:
        raise _refuse(_("Réponse inconnue."))
    holder = None
    if response == Answer.Response.PROXY:
        holder = _check_proxy(meeting, membership, proxy_to)
    previous = Answer.objects.filter(meeting=meeting, membership=membership).first()
    before = previous.response if previous else None
    before_holder = previous.proxy_to_id if previous else None
    saved, _created = Answer.objects.update_or_create(
        meeting=meeting, membership=membership, defaults={"response": response, "proxy_to": holder}
    )
    # The seat and its person are at hand: the audit's label of the answer reads them (three
    # queries otherwise).
    membership.person = by
    saved.membership = membership
    record(
        by,
        "meeting.answered",
        saved,
        council_id=meeting.council_id,
        summary={"response": response, "proxy_to": holder.person.email if holder else None},
    )
    _after_answer(meeting, membership, response, holder, before, before_holder)
    return saved


def _after_answer(
    meeting: Meeting,
    membership: Membership,
    response: str,
    holder: Membership | None,
    before: str | None,
    before_holder: int | None,
) -> None:
    """Tell those whom the answer concerns: the proxy holder, the substitutes, the givers."""
    context = {"member": membership.person}
    if holder is not None and holder.pk != before_holder:
        mail(
            [holder.person],
            subject_("Procuration reçue"),
            "meetings/emails/proxy_received.txt",
            meeting,
            context,
        )
    absent = Answer.Response.ABSENT
    substitutes = [s.person for s in membership.substitutes.current().select_related("person")]
    if response == absent and before != absent:
        mail(
            substitutes,
            subject_("Convocation en tant que suppléant"),
            "meetings/emails/substitute_convoked.txt",
            meeting,
            context,
        )
        if substitutes:
            record(
                None,
                "meeting.substitutes_convoked",
                meeting,
                council_id=meeting.council_id,
                summary={
                    "for": membership.person.email,
                    "substitutes": [p.email for p in substitutes],
                },
            )
    elif before == absent and response != absent:
        mail(
            substitutes,
            subject_("Suppléance levée"),
            "meetings/emails/substitute_released.txt",
            meeting,
            context,
        )
    if response in {absent, Answer.Response.PROXY}:
        givers = [
            a.membership.person
            for a in Answer.objects.filter(meeting=meeting, proxy_to=membership).select_related(
                "membership__person"
            )
        ]
        mail(
            givers,
            subject_("Votre procuration n’est plus portée"),
            "meetings/emails/proxy_void.txt",
            meeting,
            context,
        )


# --- expected attendance -----------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    membership: Membership
    answer: Answer | None
    holds: list[Membership]


@dataclass(frozen=True)
class AttendanceEstimate:
    """An estimate, not the council's quorum rule: expected votes against half the voting seats.

    Voting seats are the current voting titular members (a substitute replaces, never adds).
    Expected votes: titular members announced present or remote, substitutes announced present
    or remote for an absent titular member, and proxies held by a member expected to come.
    """

    rows: list[AttendanceRow]
    voting_seats: int
    present: int
    remote: int
    absent: int
    proxies: int
    substitutes: int
    unanswered: int

    @property
    def expected_votes(self) -> int:
        return self.present + self.remote + self.proxies + self.substitutes

    @property
    def half(self) -> float:
        return self.voting_seats / 2

    @property
    def quorum_likely(self) -> bool:
        return self.voting_seats > 0 and self.expected_votes >= self.half


def attendance_estimate(meeting: Meeting) -> AttendanceEstimate:
    """Every current member with their answer, and the estimate; three queries."""
    members = list(
        meeting.convoked_memberships()
        .select_related("person", "council")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    answers = {a.membership_id: a for a in meeting.answers.all()}
    coming = {Answer.Response.PRESENT, Answer.Response.REMOTE}
    by_pk = {m.pk: m for m in members}
    holds: dict[int, list[Membership]] = {}
    for a in answers.values():
        if a.response == Answer.Response.PROXY and a.proxy_to_id in by_pk:
            holds.setdefault(a.proxy_to_id, []).append(by_pk[a.membership_id])
    pack = meeting.council.pack
    voting = [m for m in members if m.category not in pack.non_voting]
    titular = [m for m in voting if m.substitute_for_id is None]

    def said(m: Membership) -> str | None:
        a = answers.get(m.pk)
        return a.response if a else None

    absent_titular = {m.pk for m in titular if said(m) == Answer.Response.ABSENT}
    return AttendanceEstimate(
        rows=[AttendanceRow(m, answers.get(m.pk), holds.get(m.pk, [])) for m in members],
        voting_seats=len(titular),
        present=sum(1 for m in titular if said(m) == Answer.Response.PRESENT),
        remote=sum(1 for m in titular if said(m) == Answer.Response.REMOTE),
        absent=len(absent_titular),
        proxies=sum(len(holds.get(m.pk, [])) for m in voting if said(m) in coming),
        substitutes=sum(
            1 for m in voting if m.substitute_for_id in absent_titular and said(m) in coming
        ),
        unanswered=sum(1 for m in titular if said(m) is None),
    )
