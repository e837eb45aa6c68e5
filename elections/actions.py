"""Workflow steps of an election: each checks who may (councils.roles) and the election's state
(elections.lifecycle), runs in one transaction and writes one audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from bylaws import elections as engine
from conseils.templatetags.dates import day as day_in_words
from councils import actions as councils
from councils import roles
from councils.models import Council, Membership
from elections import compute, lifecycle
from elections.models import (
    COLLEGE_NAMES,
    Candidate,
    ElectedSeat,
    Election,
    ElectionList,
    Elector,
)


def _require(by: User, council: Council) -> None:
    if not roles.may_run_elections(by, council):
        raise PermissionDenied


def _locked(election: Election) -> Election:
    """The election's row, locked until the transaction ends: one step at a time."""
    locked = Election.objects.select_for_update().select_related("council").get(pk=election.pk)
    return locked


@dataclass(frozen=True)
class Settings:
    category: str
    seats: int
    held_on: dt.date
    mandate_start: dt.date
    college: str = ""
    users: bool = False


@transaction.atomic
def create_election(council: Council, settings: Settings, *, by: User) -> Election:
    """An election for one college of the council. For the conseil d'institut the college and
    its seats follow D. 721-1 1° (a–e: two seats; f, the users: four or six)."""
    _require(by, council)
    if settings.category not in council.pack.categories:
        raise ValidationError(_("Catégorie inconnue pour ce type de conseil."))
    if settings.mandate_start < settings.held_on:
        raise ValidationError(_("Les mandats commencent au plus tôt le jour du scrutin."))
    kind = compute.kind_for(council.council_type)
    college, users = settings.college.strip(), settings.users
    if kind == engine.INSPE:
        college = compute.COLLEGE_OF_CATEGORY.get(settings.category, "")
        if not college:
            raise ValidationError(_("Cette catégorie n’est pas élue au conseil de l’institut."))
        allowed = engine.COLLEGES[college][0]
        if settings.seats not in allowed:
            raise ValidationError(
                _("Le %(college)s élit %(allowed)s représentants.")
                % {
                    "college": COLLEGE_NAMES[college],
                    "allowed": _(" ou ").join(str(n) for n in allowed),
                }
            )
        users = college == "f"
    if not college:
        college = council.pack.category_label(settings.category, "fr")
    election = Election.objects.create(
        council=council,
        kind=kind,
        college=college,
        category=settings.category,
        seats=settings.seats,
        users=users,
        held_on=settings.held_on,
        mandate_start=settings.mandate_start,
        created_by=by,
    )
    record(
        by,
        "election.created",
        election,
        council_id=council.pk,
        summary={"college": college, "seats": settings.seats, "held_on": str(settings.held_on)},
    )
    return election


@transaction.atomic
def add_elector(election: Election, last: str, first: str, email: str, *, by: User) -> Elector:
    _require(by, election.council)
    election = _locked(election)
    lifecycle.require(election, "electors")
    email = email.strip().lower()
    if election.electors.filter(email=email).exists():
        raise ValidationError(_("Cette adresse figure déjà sur la liste électorale."))
    elector = Elector.objects.create(
        election=election, last_name=last.strip(), first_name=first.strip(), email=email
    )
    record(by, "election.elector_added", election, council_id=election.council_id,
           summary={"email": email})  # fmt: skip
    return elector


@transaction.atomic
def replace_electors(
    election: Election, rows: list[tuple[str, str, str]], *, by: User
) -> list[Elector]:
    """The imported file is the whole electoral roll: it replaces the one entered so far."""
    _require(by, election.council)
    election = _locked(election)
    lifecycle.require(election, "electors")
    emails = [email.strip().lower() for _l, _f, email in rows]
    if len(set(emails)) != len(emails):
        raise ValidationError(_("Une même adresse figure deux fois sur la liste électorale."))
    election.electors.all().delete()
    electors = Elector.objects.bulk_create(
        Elector(election=election, last_name=last, first_name=first, email=email)
        for (last, first, _e), email in zip(rows, emails, strict=True)
    )
    record(by, "election.electors_imported", election, council_id=election.council_id,
           summary={"electors": len(electors)})  # fmt: skip
    return electors


@transaction.atomic
def open_lists(election: Election, *, by: User) -> Election:
    _require(by, election.council)
    election = _locked(election)
    lifecycle.advance(election, "open_lists")
    election.save(update_fields=["state"])
    record(by, "election.lists_opened", election, council_id=election.council_id)
    return election


@transaction.atomic
def add_list(election: Election, name: str, *, by: User) -> ElectionList:
    _require(by, election.council)
    election = _locked(election)
    lifecycle.require(election, "lists")
    name = name.strip()
    if not name:
        raise ValidationError(_("Donnez un nom à la liste."))
    if election.lists.filter(name=name).exists():
        raise ValidationError(_("Une liste porte déjà ce nom."))
    position = (election.lists.aggregate(m=Max("position"))["m"] or 0) + 1
    lst = ElectionList.objects.create(election=election, name=name, position=position)
    record(by, "election.list_added", election, council_id=election.council_id,
           summary={"list": name})  # fmt: skip
    return lst


@dataclass(frozen=True)
class Person:
    email: str
    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date | None = None


@transaction.atomic
def add_candidate(lst: ElectionList, who: Person, *, by: User) -> Candidate:
    """The next candidate of the list, in presentation order."""
    election = lst.election
    _require(by, election.council)
    election = _locked(election)
    lifecycle.require(election, "lists")
    if who.sex not in ("F", "M"):
        raise ValidationError(_("Indiquez le sexe du candidat (règles de parité)."))
    person = councils.find_or_create_person(who.email, who.first_name, who.last_name, who.sex)
    if Candidate.objects.filter(list__election=election, person=person).exists():
        already = (
            _("%(name)s est déjà candidate à cette élection.")
            if who.sex == "F"
            else _("%(name)s est déjà candidat à cette élection.")
        )
        raise ValidationError(already % {"name": person.display_name})
    position = (lst.candidates.aggregate(m=Max("position"))["m"] or 0) + 1
    candidate = Candidate.objects.create(
        list=lst, position=position, person=person, sex=who.sex, birth_date=who.birth_date
    )
    record(by, "election.candidate_added", election, council_id=election.council_id,
           summary={"list": lst.name, "position": position, "person": person.email})  # fmt: skip
    return candidate


def _messages(result: dict[str, Any]) -> list[str]:
    return [str(v["message"]) for v in result.get("violations", [])]


@transaction.atomic
def enter_results(
    election: Election,
    votes: dict[int, int],
    *,
    blank: int,
    void: int,
    parity_draw: str = "",
    by: User,
) -> compute.Outcome:
    """The votes of each list, blank and void ballots; refused (nothing saved) when a list
    breaks a rule of the Code or the computation cannot be made."""
    _require(by, election.council)
    election = _locked(election)
    lists = list(election.lists.all())
    lifecycle.require(election, "results")
    if not lists:
        raise ValidationError(_("Aucune liste n’a été déposée."))
    if set(votes) != {lst.pk for lst in lists} or any(v < 0 for v in votes.values()):
        raise ValidationError(_("Indiquez les voix de chaque liste (un entier positif ou nul)."))
    if parity_draw and parity_draw not in {lst.name for lst in lists}:
        raise ValidationError(_("La liste tirée au sort n’est pas une liste de l’élection."))
    empty = [lst.name for lst in lists if not lst.candidates.exists()]
    if empty:
        raise ValidationError(_("Liste sans candidat : %(lists)s.") % {"lists": ", ".join(empty)})
    for lst in lists:
        lst.votes = votes[lst.pk]
        lst.save(update_fields=["votes"])
    election.blank, election.void, election.parity_draw = blank, void, parity_draw
    lifecycle.advance(election, "results")
    election.save(update_fields=["blank", "void", "parity_draw", "state"])
    outcome = compute.compute(election)
    if outcome.error:
        raise ValidationError(outcome.error)
    assert outcome.result is not None
    if not outcome.result["valid"]:
        raise ValidationError(_messages(outcome.result))
    record(
        by,
        "election.results_entered",
        election,
        council_id=election.council_id,
        summary={
            "votes": {lst.name: votes[lst.pk] for lst in lists},
            "blank": blank,
            "void": void,
            "status": outcome.result["status"],
        },
    )
    return outcome


def _act(election: Election, basis_key: str) -> councils.Act:
    cited = engine.citation(basis_key)
    return councils.Act(
        designated_by=_("Élection du %(college)s") % {"college": election.college_label},
        designated_on=election.held_on,
        basis=f"{cited['source']} : « {cited['quote']} »",
        reference=_("Élection du %(day)s") % {"day": day_in_words(election.held_on)},
    )


def _seat(election: Election, person: User, act: councils.Act, *, by: User) -> Membership:
    """The elected's seat. A seat of the same category that the person already holds from the
    same day, entered before the product recorded the election, is the one the election gave:
    it is attached to the election rather than doubled."""
    council = election.council
    typed = council.memberships.filter(
        person=person,
        category=election.category,
        start_date=election.mandate_start,
        election_seat__isnull=True,
    ).first()
    if typed is not None:
        return typed
    return councils.add_membership(
        council,
        person,
        councils.Seat(
            category=election.category, component=None, start_date=election.mandate_start
        ),
        by=by,
        confirm=True,  # seats arrive one by one: the council is whole once all are in
        act=act,
    )


def _end_previous_seats(election: Election, kept: set[int], *, by: User) -> None:
    """The college's members sit until their successors are designated (D. 721-6): the seats
    of the category that the election did not give end when the new mandates start."""
    council = election.council
    previous = (
        council.memberships.current(election.mandate_start)
        .filter(category=election.category)
        .exclude(pk__in=kept)
        .filter(start_date__lt=election.mandate_start)
    )
    for seat in previous:
        seat.council = council
        councils.end_membership(seat, election.mandate_start, by=by, confirm=True)


@transaction.atomic
def proclaim(election: Election, *, by: User) -> tuple[Election, bool]:
    """The elected take their seats, with their mandates (D. 721-6 for the INSPE councils), all
    or none, once: a second proclamation (a double click) changes nothing and returns False."""
    _require(by, election.council)
    election = _locked(election)
    if election.state == Election.State.PROCLAIMED:
        return election, False
    lifecycle.require(election, "proclaim")
    outcome = compute.compute(election)
    if not outcome.complete:
        raise ValidationError(
            outcome.error or _("Le résultat n’est pas complet : l’élection ne peut être proclamée.")
        )
    assert outcome.result is not None
    act = _act(election, "candidates.order")
    seats = []
    for elected in outcome.result["elected"]:
        candidate = outcome.by_name[elected["name"]]
        substitute = outcome.by_name.get(elected["substitute"] or "")
        membership = _seat(election, candidate.person, act, by=by)
        seats.append(
            ElectedSeat.objects.create(
                election=election, candidate=candidate, membership=membership, substitute=substitute
            )
        )
    _end_previous_seats(election, {s.membership_id for s in seats}, by=by)
    lifecycle.advance(election, "proclaim")
    election.result = outcome.result
    election.proclaimed_at = timezone.now()
    election.proclaimed_by = by
    election.save(update_fields=["state", "result", "proclaimed_at", "proclaimed_by"])
    record(
        by,
        "election.proclaimed",
        election,
        council_id=election.council_id,
        summary={"elected": [s.candidate.person.email for s in seats]},
    )
    return election, True


# --- after the election: a vacant seat goes to the next in line --------------------------------


def next_in_line(elected: ElectedSeat) -> Candidate | None:
    """Who takes this seat if it falls vacant: for the users, the titulaire's substitute
    (D. 719-21); for the staff, the candidate of the same list who comes immediately after the
    last elected; a candidate who already took a seat is passed."""
    election = elected.election
    result = election.result or {}
    lst = elected.candidate.list
    taken = set(
        ElectedSeat.objects.filter(election=election).values_list("candidate_id", flat=True)
    )
    substitutes = set(
        ElectedSeat.objects.filter(election=election, substitute__isnull=False).values_list(
            "substitute_id", flat=True
        )
    )
    order: list[Candidate] = []
    if elected.substitute is not None:
        order.append(elected.substitute)
    names: list[str] = next(
        (x["next_in_line"] for x in result.get("lists", []) if x["name"] == lst.name), []
    )
    by_name = {n: c for c, n in _named(election).items() if c.list_id == lst.pk}
    order += [by_name[n] for n in names if n in by_name]
    for candidate in order:
        if candidate.pk in taken:
            continue
        if candidate.pk in substitutes and candidate.pk != getattr(elected.substitute, "pk", None):
            continue  # another titulaire's substitute stays theirs
        return candidate
    return None


def _named(election: Election) -> dict[Candidate, str]:
    people = compute.candidates_of(election)
    named = compute.names(people)
    return {c: named[c.pk] for c in people}


@transaction.atomic
def designate_next_in_line(
    elected: ElectedSeat, *, by: User, start: dt.date | None = None
) -> Membership:
    """The seat fell vacant: the next in line of the same list takes it for the remaining term."""
    election = elected.election
    _require(by, election.council)
    election = _locked(election)
    lifecycle.require(election, "next_in_line")
    seat = elected.membership
    seat.council = election.council
    day = start or timezone.localdate()
    if not councils.is_vacant(seat, day):
        raise ValidationError(
            _("Ce siège n’est pas vacant : terminez d’abord le mandat de %(name)s.")
            % {"name": seat.person.display_name}
        )
    candidate = next_in_line(elected)
    if candidate is None:
        raise ValidationError(
            _(
                "Plus aucun candidat de la liste ne peut siéger : un renouvellement partiel "
                "est nécessaire."
            )
        )
    basis = "vacancy.users" if election.users else "vacancy.staff"
    successor = councils.designate_successor(
        seat, candidate.person, _act(election, basis), by=by, start=day
    )
    ElectedSeat.objects.create(
        election=election,
        candidate=candidate,
        membership=successor,
        kind=ElectedSeat.Kind.NEXT_IN_LINE,
    )
    record(
        by,
        "election.next_in_line_designated",
        election,
        council_id=election.council_id,
        summary={"seat": seat.pk, "person": candidate.person.email, "start": day.isoformat()},
    )
    return successor
