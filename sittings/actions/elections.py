"""Secret ballots with candidates: designations, and the election of the conseil d'institut's
president (D. 721-2). Each present member casts one ballot per voice they carry, for a
candidate or blank, from their own device; the signing sheet (ElectionCast) says who voted,
the urn (ElectionBallot) what was chosen, and nothing joins the two (as for Ballot).

The president's rounds are decided by bylaws.president (absolute majority at the first round,
relative at the second, the youngest on a tie): this module only feeds it the counts.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from bylaws import president as president_rules
from bylaws.elections import citation
from councils import actions as council_actions
from councils import roles
from councils.models import Membership
from meetings import lifecycle
from meetings.actions.common import InvalidTransition, locked
from meetings.models import AgendaItem, Meeting
from sittings.actions.room import load_room
from sittings.actions.votes import lock_for_a_vote
from sittings.models import Candidate, Election, ElectionBallot, ElectionCast
from sittings.signals import election_closed

Kind = Election.Kind
BLANK = "blank"
PRESIDENT_COUNCIL = "inspe_institute_council"  # D. 721-2 is the conseil d'institut's article


@dataclass(frozen=True)
class Standing:
    """A member declared as a candidate; the birth date decides a tie at the president's
    second round."""

    membership: Membership
    birth_date: dt.date | None = None


def eligibility_citation() -> dict[str, Any]:
    return citation("president.eligibility")


def _require_runner(meeting: Meeting, by: User) -> None:
    if not roles.may_run_room(by, meeting):
        raise PermissionDenied


def _require_open(election: Election) -> None:
    if election.is_closed:
        raise InvalidTransition(_("Ce scrutin est clos : son résultat ne change plus."))


def _require_no_open_round(meeting: Meeting) -> None:
    if (
        meeting.elections.filter(closed_at__isnull=True).exists()
        or meeting.votes.filter(closed_at__isnull=True).exists()
    ):
        raise InvalidTransition(_("Un vote est déjà en cours : clôturez-le d’abord."))


def _check_candidates(meeting: Meeting, kind: str, standing: list[Standing]) -> None:
    if not standing:
        raise ValidationError(_("Déclarez au moins un candidat."))
    seats = {m.pk for m in meeting.council.current_memberships() if m.voting}
    if any(s.membership.pk not in seats for s in standing):
        raise ValidationError(_("Un candidat est un membre votant du conseil."))
    if len({s.membership.pk for s in standing}) != len(standing):
        raise ValidationError(_("Un membre n’est candidat qu’une fois."))
    if kind != Kind.PRESIDENT:
        return
    if meeting.council.council_type != PRESIDENT_COUNCIL:
        raise ValidationError(
            _("L’élection du président à deux tours est celle du conseil d’institut.")
        )
    for s in standing:
        if s.membership.category != president_rules.ELIGIBLE:
            raise ValidationError(
                _("%(name)s ne peut pas être candidat : « %(quote)s » (%(source)s).")
                % {
                    "name": s.membership.person.display_name,
                    "quote": eligibility_citation()["quote"],
                    "source": eligibility_citation()["source"],
                }
            )
        if s.birth_date is None:
            # The second round's tie goes to the youngest: ask before, not at the tie.
            raise ValidationError(
                _(
                    "Indiquez la date de naissance de %(name)s : en cas d’égalité au second "
                    "tour, le candidat le plus jeune est élu."
                )
                % {"name": s.membership.person.display_name}
            )


@transaction.atomic
def open_election(
    item: AgendaItem, *, by: User, title: str, kind: str, standing: list[Standing]
) -> Election:
    """Declare the candidates and open the first round, in a sitting that may deliberate."""
    meeting = lock_for_a_vote(item, by=by)
    if kind not in Kind.values:
        raise ValidationError(_("Nature de scrutin inconnue."))
    title = title.strip() or item.title
    if len(title) > 255:
        raise ValidationError(_("L’intitulé tient en 255 caractères."))
    _check_candidates(meeting, kind, standing)
    _require_no_open_round(meeting)
    election = Election.objects.create(meeting=meeting, agenda_item=item, title=title, kind=kind)
    Candidate.objects.bulk_create(
        Candidate(election=election, membership=s.membership, birth_date=s.birth_date, position=i)
        for i, s in enumerate(standing, start=1)
    )
    record(
        by,
        "election.opened",
        election,
        council_id=meeting.council_id,
        summary={
            "title": title,
            "kind": kind,
            "candidates": [s.membership.person.email for s in standing],
        },
    )
    return election


def _locked(election: Election) -> Election:
    """Lock the round's row: two ballots, or a ballot and the closing, serialise here."""
    return (
        Election.objects.select_for_update().select_related("meeting__council").get(pk=election.pk)
    )


@transaction.atomic
def cast(election: Election, choice: str, *, by: User) -> None:
    """A member present (or remote) votes on their own device for a candidate (its id) or
    blank; one anonymous ballot per voice they carry. The audit entry says who voted, never
    for whom."""
    election = _locked(election)
    meeting = election.meeting
    membership = roles.seat_of(by, meeting.council)
    if membership is None:
        raise PermissionDenied
    _require_open(election)
    candidate = None
    if choice != BLANK:
        candidate = next(
            (c for c in election.candidates.filter(withdrawn=False) if str(c.pk) == choice), None
        )
        if candidate is None:
            raise ValidationError(_("Choisissez un candidat, ou votez blanc."))
    if ElectionCast.objects.filter(election=election, membership=membership).exists():
        raise ValidationError(_("Vous avez déjà voté."))
    weight = load_room(meeting).voters.get(membership.pk)
    if weight is None:
        raise ValidationError(
            _("Seul un membre votant noté présent ou à distance prend part au vote.")
        )
    ElectionCast.objects.create(election=election, membership=membership)
    ElectionBallot.objects.bulk_create(
        ElectionBallot(election=election, candidate=candidate) for _i in range(weight)
    )
    record(by, "election.ballot_cast", election, council_id=meeting.council_id)


def has_voted(election: Election, user: User) -> bool:
    return ElectionCast.objects.filter(election=election, membership__person=user).exists()


@transaction.atomic
def withdraw(election: Election, candidate: Candidate, *, by: User) -> Candidate:
    """A candidate withdraws during the round: ballots already cast for them will be void."""
    election = _locked(election)
    _require_runner(election.meeting, by)
    _require_open(election)
    if candidate.election_id != election.pk:
        raise PermissionDenied
    if election.candidates.filter(withdrawn=False).exclude(pk=candidate.pk).count() == 0:
        raise ValidationError(_("Le dernier candidat ne peut pas se retirer."))
    candidate.withdrawn = True
    candidate.save(update_fields=["withdrawn"])
    record(
        by,
        "election.candidate_withdrawn",
        election,
        council_id=election.meeting.council_id,
        summary={"candidate": candidate.membership.person.email},
    )
    return candidate


def _count_urn(election: Election) -> tuple[dict[int, int], int, int]:
    """Shuffle the urn with fresh keys (as sittings.actions.votes does), then count: votes per
    standing candidate, blank ballots, void ballots (for a withdrawn candidate)."""
    picks: list[int | None] = list(election.ballots.values_list("candidate_id", flat=True))
    secrets.SystemRandom().shuffle(picks)
    election.ballots.all().delete()
    ElectionBallot.objects.bulk_create(
        ElectionBallot(election=election, candidate_id=c) for c in picks
    )
    counts = Counter(picks)
    standing = {c.pk for c in election.candidates.all() if not c.withdrawn}
    per_candidate = {pk: counts.get(pk, 0) for pk in standing}
    void = sum(n for pk, n in counts.items() if pk is not None and pk not in standing)
    return per_candidate, counts.get(None, 0), void


def _name(candidate: Candidate) -> str:
    return candidate.membership.person.display_name


def _president_outcome(election: Election) -> dict[str, Any]:
    """The rounds so far, as bylaws.president reads them (candidates named by their seat, the
    same in both rounds); its answer decides."""
    rounds = [r for r in (election.previous, election) if r is not None]
    standing = {
        c.membership_id: c
        for r in rounds
        for c in r.candidates.select_related("membership")
        if not c.withdrawn
    }
    data = {
        "council_type": PRESIDENT_COUNCIL,
        "candidates": [
            {
                "name": str(seat),
                "category": c.membership.category,
                "birth_date": c.birth_date.isoformat() if c.birth_date else None,
            }
            for seat, c in standing.items()
        ],
        "rounds": [
            {
                "votes": {
                    str(c.membership_id): c.votes or 0
                    for c in r.candidates.all()
                    if not c.withdrawn
                },
                "blank": r.blank or 0,
                "void": r.void or 0,
            }
            for r in rounds
        ],
    }
    outcome = president_rules.elect(president_rules.parse_president(data))
    if not outcome["valid"]:
        raise ValidationError([v["message"] for v in outcome["violations"]])
    return outcome


def _decide_designation(standing: list[Candidate]) -> Candidate | None:
    """The most votes is designated; a tie at the top designates no one (a new round)."""
    top = max((c.votes or 0 for c in standing), default=0)
    leaders = [c for c in standing if (c.votes or 0) == top]
    return leaders[0] if top > 0 and len(leaders) == 1 else None


@transaction.atomic
def close(election: Election, *, by: User) -> Election:
    """Count the urn, decide, write the result; the elected president takes office."""
    election = _locked(election)
    meeting = election.meeting
    _require_runner(meeting, by)
    _require_open(election)
    lifecycle.require(meeting, "vote")
    per_candidate, blank, void = _count_urn(election)
    standing = [
        c for c in election.candidates.select_related("membership__person") if not c.withdrawn
    ]
    for c in standing:
        c.votes = per_candidate.get(c.pk, 0)
        c.save(update_fields=["votes"])
    election.blank, election.void = blank, void
    by_seat = {str(c.membership_id): c for c in standing}
    if election.kind == Kind.PRESIDENT:
        outcome = _president_outcome(election)
        election.outcome = outcome
        election.elected = by_seat.get(outcome.get("elected") or "")
    else:
        election.elected = _decide_designation(standing)
    # The stored result is the minutes' French, whatever language the room runs in; pages in
    # another language say it again from the counts (Election.result_label).
    with translation.override("fr"):
        election.result = election.worded_result(standing)
    election.closed_at = timezone.now()
    election.save()
    if election.kind == Kind.PRESIDENT and election.elected is not None:
        day = timezone.localdate(meeting.opened_at or meeting.starts_at)
        council_actions.install_president(
            meeting.council,
            election.elected.membership,
            by=by,
            on=day,
            elected_in=f"{meeting.pk}:{election.pk}",
        )
    record(
        by,
        "election.closed",
        election,
        council_id=meeting.council_id,
        summary={
            "result": election.result,
            "blank": blank,
            "void": void,
            "votes": {_name(c): c.votes for c in standing},
        },
    )
    election_closed.send(sender=Election, election=election, by=by)
    return election


def next_round_due(election: Election) -> bool:
    """After a closed round that elected no one: the president's second round (never a
    third), or a designation's new round."""
    if not election.is_closed or election.elected_id is not None:
        return False
    if hasattr(election, "next_round"):
        return False
    if election.kind == Kind.PRESIDENT:
        return election.outcome.get("status") == "second_round_required"
    return True


@transaction.atomic
def open_next_round(election: Election, *, by: User) -> Election:
    """The same candidates (those still standing) in a new round."""
    election = _locked(election)
    meeting = locked(election.meeting)
    _require_runner(meeting, by)
    lifecycle.require(meeting, "vote")
    if not next_round_due(election):
        raise InvalidTransition(_("Ce scrutin est acquis : il n’y a pas d’autre tour."))
    _require_no_open_round(meeting)
    following = Election.objects.create(
        meeting=meeting,
        agenda_item=election.agenda_item,
        title=election.title,
        kind=election.kind,
        round=election.round + 1,
        previous=election,
    )
    Candidate.objects.bulk_create(
        Candidate(
            election=following,
            membership=c.membership,
            birth_date=c.birth_date,
            position=c.position,
        )
        for c in election.candidates.all()
        if not c.withdrawn
    )
    record(
        by,
        "election.round_opened",
        following,
        council_id=meeting.council_id,
        summary={"title": following.title, "round": following.round},
    )
    return following


def rounds_of(election: Election) -> list[Election]:
    """This round and those before it, first first."""
    chain = [election]
    while chain[0].previous_id is not None:
        previous = chain[0].previous
        assert previous is not None
        chain.insert(0, previous)
    return chain


def citation_for(election: Election) -> dict[str, Any] | None:
    """The article's words the result rests on (the president's election only)."""
    if election.kind != Kind.PRESIDENT:
        return None
    if election.outcome.get("citation"):
        return dict(election.outcome["citation"])
    return citation("president.rounds")
