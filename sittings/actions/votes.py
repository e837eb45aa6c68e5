"""Votes on agenda items: show of hands (counts entered by the secretary), roll call (each
member's vote entered by name) and secret ballot (each member votes from their own device).

The majority, the proxies and the casting vote are the council's rules (bylaws.sittings);
the result sentence is theirs too. A closed vote never changes: these steps refuse, and so
does the database (migration 0005).
"""

from __future__ import annotations

import secrets
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from bylaws import sittings
from councils import roles
from meetings import lifecycle
from meetings.actions.common import InvalidTransition, locked
from meetings.models import AgendaItem, Meeting
from sittings.actions.room import RoomState, load_room, may_deliberate
from sittings.models import Ballot, BallotCast, NamedVote, Vote
from sittings.signals import vote_closed

Method = Vote.Method
CHOICES = {c.value for c in sittings.Choice}


def _locked_vote(vote: Vote) -> Vote:
    """Lock the vote's row: two ballots, or a ballot and the closing, serialise here."""
    fresh = Vote.objects.select_for_update().select_related("meeting__council").get(pk=vote.pk)
    return fresh


def _require_open(vote: Vote) -> None:
    if vote.is_closed:
        raise InvalidTransition(_("Ce vote est clos : son résultat ne change plus."))


def _require_runner(meeting: Meeting, by: User) -> None:
    if not roles.may_run_room(by, meeting):
        raise PermissionDenied


def lock_for_a_vote(item: AgendaItem, *, by: User) -> Meeting:
    """The item's meeting, locked, once the person may run the room and the sitting may
    deliberate: what any vote or ballot needs before it opens."""
    meeting = locked(item.meeting)
    _require_runner(meeting, by)
    if item.meeting_id != meeting.pk:
        raise PermissionDenied
    lifecycle.require(meeting, "vote")
    if not may_deliberate(meeting):
        raise InvalidTransition(
            _("Le quorum n’était pas atteint à l’ouverture : le conseil ne peut pas délibérer.")
        )
    return meeting


@transaction.atomic
def open_vote(
    item: AgendaItem, *, by: User, question: str, method: str, majority: str = ""
) -> Vote:
    """Put a question to the vote; one vote at a time, in a sitting that may deliberate."""
    meeting = lock_for_a_vote(item, by=by)
    if method not in Method.values:
        raise ValidationError(_("Mode de scrutin inconnu."))
    rules = sittings.sitting_rules(meeting.council.council_type)
    majority = majority or rules.majority.kind.value
    if majority not in Vote.Majority.values:
        raise ValidationError(_("Majorité inconnue."))
    question = question.strip() or item.title
    if len(question) > 255:
        raise ValidationError(_("La question tient en 255 caractères."))
    if (
        meeting.votes.filter(closed_at__isnull=True).exists()
        or meeting.elections.filter(closed_at__isnull=True).exists()
    ):
        raise InvalidTransition(_("Un vote est déjà en cours : clôturez-le d’abord."))
    vote = Vote.objects.create(
        meeting=meeting, agenda_item=item, question=question, method=method, majority=majority
    )
    record(
        by,
        "vote.opened",
        vote,
        council_id=meeting.council_id,
        summary={"question": question, "method": method, "majority": majority},
    )
    return vote


@transaction.atomic
def record_show_of_hands(
    vote: Vote, *, by: User, votes_for: int, votes_against: int, abstentions: int
) -> Vote:
    """The secretary counts the hands; the counts cannot exceed the voices in the room."""
    vote = _locked_vote(vote)
    _require_runner(vote.meeting, by)
    _require_open(vote)
    if vote.method != Method.SHOW_OF_HANDS:
        raise InvalidTransition(_("Ce vote n’est pas à main levée."))
    counts = (votes_for, votes_against, abstentions)
    if min(counts) < 0:
        raise ValidationError(_("Un décompte n’est jamais négatif."))
    voices = load_room(vote.meeting).voices
    if sum(counts) > voices:
        raise ValidationError(
            _("%(total)d voix décomptées pour %(voices)d voix présentes ou représentées.")
            % {"total": sum(counts), "voices": voices}
        )
    vote.votes_for, vote.votes_against, vote.abstentions = counts
    vote.save(update_fields=["votes_for", "votes_against", "abstentions"])
    record(
        by,
        "vote.counted",
        vote,
        council_id=vote.meeting.council_id,
        summary={"for": votes_for, "against": votes_against, "abstentions": abstentions},
    )
    return vote


def _voter_weight(state: RoomState, membership_pk: int) -> int:
    weight = state.voters.get(membership_pk)
    if weight is None:
        raise ValidationError(
            _("Seul un membre votant noté présent ou à distance prend part au vote.")
        )
    return weight


@transaction.atomic
def record_named_vote(vote: Vote, membership_pk: int, choice: str, *, by: User) -> NamedVote:
    """Roll call: the secretary enters a member's vote, which the minutes may name."""
    vote = _locked_vote(vote)
    _require_runner(vote.meeting, by)
    _require_open(vote)
    if vote.method != Method.ROLL_CALL:
        raise InvalidTransition(_("Ce vote n’est pas par appel nominal."))
    if choice not in CHOICES:
        raise ValidationError(_("Choix inconnu."))
    state = load_room(vote.meeting)
    weight = _voter_weight(state, membership_pk)
    named, _created = NamedVote.objects.update_or_create(
        vote=vote, membership_id=membership_pk, defaults={"choice": choice, "weight": weight}
    )
    seat = state.seat_of(membership_pk)
    assert seat is not None
    record(
        by,
        "vote.named",
        vote,
        council_id=vote.meeting.council_id,
        summary={"member": seat.membership.person.email, "choice": choice, "weight": weight},
    )
    return named


@transaction.atomic
def cast_ballot(vote: Vote, choice: str, *, by: User) -> None:
    """A member present (or remote) votes on their own device. The signing sheet records that
    they voted; the urn receives one anonymous row per voice they carry. Returns nothing, and
    the audit entry says nothing of the choice: no trace joins the two."""
    vote = _locked_vote(vote)
    meeting = vote.meeting
    membership = roles.seat_of(by, meeting.council)
    if membership is None:
        raise PermissionDenied
    _require_open(vote)
    if not vote.is_secret:
        raise InvalidTransition(_("Ce vote n’est pas à bulletin secret."))
    if choice not in CHOICES:
        raise ValidationError(_("Choix inconnu."))
    if BallotCast.objects.filter(vote=vote, membership=membership).exists():
        raise ValidationError(_("Vous avez déjà voté."))
    weight = _voter_weight(load_room(meeting), membership.pk)
    BallotCast.objects.create(vote=vote, membership=membership)
    Ballot.objects.bulk_create([Ballot(vote=vote, choice=choice) for _i in range(weight)])
    record(by, "vote.ballot_cast", vote, council_id=meeting.council_id)


def has_voted(vote: Vote, user: User) -> bool:
    return BallotCast.objects.filter(vote=vote, membership__person=user).exists()


def _shuffle_urn(vote: Vote) -> list[str]:
    """Rewrite the urn in a random order with fresh keys, in one go: the row order and the
    row versions the database keeps (SQLite's rowid, PostgreSQL's ctid and xmin) then follow
    the closing, not the order in which members voted."""
    choices = list(vote.ballots.values_list("choice", flat=True))
    secrets.SystemRandom().shuffle(choices)
    vote.ballots.all().delete()
    Ballot.objects.bulk_create([Ballot(vote=vote, choice=c) for c in choices])
    return choices


def _tally(vote: Vote) -> sittings.Tally:
    if vote.method == Method.SHOW_OF_HANDS:
        if vote.votes_for is None or vote.votes_against is None or vote.abstentions is None:
            raise ValidationError(_("Saisissez le décompte des voix avant de clore le vote."))
        return sittings.Tally(vote.votes_for, vote.votes_against, vote.abstentions)
    if vote.method == Method.ROLL_CALL:
        named = [(sittings.Choice(n.choice), n.weight) for n in vote.named_votes.all()]
        if not named:
            raise ValidationError(_("Aucun vote n’a été saisi."))
        return sittings.tally_ballots(named)
    counts = Counter(_shuffle_urn(vote))
    return sittings.tally_ballots([(sittings.Choice(c), n) for c, n in counts.items()])


def _president_vote(vote: Vote, state: RoomState, given: str) -> sittings.Choice | None:
    """The president's own vote, for the casting vote: named in a roll call, stated by the
    secretary after a show of hands, never known in a secret ballot (and then, as in public
    law, there is no casting vote: a tie rejects)."""
    if vote.is_secret:
        return None
    if vote.method == Method.ROLL_CALL:
        president = next((s for s in state.seats if s.membership.is_president), None)
        named = (
            vote.named_votes.filter(membership=president.membership).first() if president else None
        )
        return sittings.Choice(named.choice) if named else None
    return sittings.Choice(given) if given else None


@transaction.atomic
def close_vote(vote: Vote, *, by: User, president_vote: str = "") -> Vote:
    """Count, apply the majority the vote was opened with, write the result sentence."""
    vote = _locked_vote(vote)
    meeting = vote.meeting
    _require_runner(meeting, by)
    _require_open(vote)
    lifecycle.require(meeting, "vote")
    if president_vote and president_vote not in CHOICES:
        raise ValidationError(_("Choix inconnu."))
    state = load_room(meeting)
    rules = state.rules
    tally = _tally(vote)
    rule = sittings.MajorityRule(
        kind=sittings.Majority(vote.majority),
        casting_vote=rules.majority.casting_vote and not vote.is_secret,
        citation=rules.majority.citation,
    )
    chair = _president_vote(vote, state, president_vote)
    tie = tally.cast > 0 and tally.votes_for == tally.votes_against
    casting = tie and rule.casting_vote and rule.kind is sittings.Majority.VOTES_CAST
    if casting and chair not in (sittings.Choice.FOR, sittings.Choice.AGAINST):
        raise ValidationError(
            _(
                "Partage des voix : indiquez le vote du président (pour ou contre), "
                "sa voix est prépondérante."
            )
        )
    outcome = sittings.decide(
        tally, rule, members_in_office=state.count.members_in_office, president_vote=chair
    )
    vote.votes_for, vote.votes_against, vote.abstentions = (
        tally.votes_for,
        tally.votes_against,
        tally.abstentions,
    )
    vote.president_vote = chair.value if chair and outcome.casting_vote_used else ""
    vote.members_in_office = state.count.members_in_office
    vote.adopted = outcome.adopted
    vote.casting_vote_used = outcome.casting_vote_used
    vote.result = outcome.sentence
    vote.closed_at = timezone.now()
    vote.save()
    record(
        by,
        "vote.closed",
        vote,
        council_id=meeting.council_id,
        summary={
            "result": vote.result,
            "for": tally.votes_for,
            "against": tally.votes_against,
            "abstentions": tally.abstentions,
        },
    )
    vote_closed.send(sender=Vote, vote=vote, by=by)
    return vote
