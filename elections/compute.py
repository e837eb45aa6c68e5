"""The election as bylaws.elections reads it, its result, and the explanation of each step
with the article it applies. Nothing is computed here: `allocate` does it; this module only
translates the stored election into the command's input and the result into sentences."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bylaws import elections as engine
from bylaws.engine import InputError
from elections.models import Candidate, Election

# D. 721-1 1°: the college of the conseil d'institut each membership category is elected in.
COLLEGE_OF_CATEGORY = {
    "professor": "a",
    "lecturer": "b",
    "other_teacher": "c",
    "school_staff": "d",
    "other_staff": "e",
    "user": "f",
}


def kind_for(council_type: str) -> str:
    """The conseil d'institut has its own rules (D. 721-4); other councils elected by list
    follow the EPSCP articles."""
    return engine.INSPE if council_type == engine.INSPE else engine.EPSCP


def names(candidates: list[Candidate]) -> dict[int, str]:
    """A name per candidate, unique in the election (the command requires it)."""
    shown = Counter(c.person.display_name for c in candidates)
    return {
        c.pk: c.person.display_name
        if shown[c.person.display_name] == 1
        else f"{c.person.display_name} ({c.person.email})"
        for c in candidates
    }


def candidates_of(election: Election) -> list[Candidate]:
    return list(
        Candidate.objects.filter(list__election=election)
        .select_related("person", "list")
        .order_by("list__position", "list_id", "position")
    )


def allocate_input(election: Election, candidates: list[Candidate] | None = None) -> dict[str, Any]:
    """The JSON `conseils elections allocate` reads, for this election as entered."""
    people = candidates if candidates is not None else candidates_of(election)
    named = names(people)
    lists = []
    for lst in election.lists.all():
        lists.append(
            {
                "name": lst.name,
                "votes": lst.votes or 0,
                "candidates": [
                    {"name": named[c.pk], "sex": c.sex}
                    | ({"birth_date": c.birth_date.isoformat()} if c.birth_date else {})
                    for c in people
                    if c.list_id == lst.pk
                ],
            }
        )
    data: dict[str, Any] = {
        "election": election.kind,
        "council": election.council.name,
        "college": election.college,
        "seats": election.seats,
        "users": election.users,
        "ballots": {"blank": election.blank, "void": election.void},
        "parity_draw": election.parity_draw or None,
        "lists": lists,
    }
    return data


@dataclass
class Outcome:
    """The computed result, or why it cannot be computed (`error`), and its explanation."""

    data: dict[str, Any]
    result: dict[str, Any] | None = None
    error: str = ""
    by_name: dict[str, Candidate] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.result is not None and self.result.get("status") == "complete"


def compute(election: Election) -> Outcome:
    people = candidates_of(election)
    data = allocate_input(election, people)
    named = names(people)
    outcome = Outcome(data, by_name={named[c.pk]: c for c in people})
    try:
        outcome.result = engine.allocate(engine.parse_election(data))
    except InputError as exc:
        outcome.error = _("Le calcul est impossible : %(why)s") % {"why": exc.message}
    return outcome


# --- explanation ------------------------------------------------------------------------------


def fraction(value: str | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def decimal(value: Fraction, places: int = 4) -> str:
    """The exact rational, rounded for reading only (the computation never rounds)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return number_format(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN), places)


def shown(value: str | None) -> dict[str, Any] | None:
    """{"fraction": "1000/7", "decimal": "142,8571", "whole": bool} for a result's rational."""
    exact = fraction(value)
    if exact is None:
        return None
    return {
        "fraction": str(exact),  # "p/q", or "n" when whole
        "decimal": decimal(exact),
        "whole": exact.denominator == 1,
    }


@dataclass
class Step:
    title: str
    sentences: list[str]
    citation: dict[str, Any]


def _cite(key: str) -> dict[str, Any]:
    return engine.citation(key)


def explain(election: Election, outcome: Outcome) -> list[Step]:
    """Each step of the computation in words, with the article it applies."""
    result = outcome.result
    if result is None or not result.get("valid"):
        return []
    steps = [
        Step(
            _("Mode de scrutin"),
            [_("Scrutin de liste à un tour, au plus fort reste.")],
            _cite("method"),
        ),
    ]
    t = result["suffrages_exprimes"]
    ballots = result["ballots"]
    steps.append(
        Step(
            _("Suffrages exprimés"),
            [
                ngettext(
                    "%(n)d suffrage exprimé : le total des voix des listes.",
                    "%(n)d suffrages exprimés : le total des voix des listes.",
                    t,
                )
                % {"n": t},
                _(
                    "Bulletins blancs (%(blank)d) et nuls (%(void)d) sont comptés au "
                    "procès-verbal mais n’entrent pas dans le calcul."
                )
                % {"blank": ballots["blank"], "void": ballots["void"]},
            ],
            _cite("suffrages"),
        )
    )
    if result["status"] == "no_votes":
        steps.append(
            Step(
                _("Aucun suffrage"),
                [_("Aucune liste n’a obtenu de voix : aucun siège n’est attribué.")],
                _cite("unfilled"),
            )
        )
        return steps
    q = shown(result["quotient"])
    if q is not None:
        steps.append(
            Step(
                _("Quotient électoral"),
                [
                    (
                        _("%(t)d suffrages exprimés ÷ %(s)d sièges = %(f)s.")
                        if q["whole"]
                        else _("%(t)d suffrages exprimés ÷ %(s)d sièges = %(f)s, soit %(d)s.")
                    )
                    % {"t": t, "s": election.seats, "f": q["fraction"], "d": q["decimal"]}
                ],
                _cite("quotient.users" if election.users else "quotient"),
            )
        )
        sentences = []
        for lst in result["lists"]:
            rest = shown(lst["remainder"])
            sentences.append(
                ngettext(
                    "Liste %(list)s : %(votes)d voix, %(q)d siège au quotient, "
                    "reste %(f)s (%(d)s).",
                    "Liste %(list)s : %(votes)d voix, %(q)d sièges au quotient, "
                    "reste %(f)s (%(d)s).",
                    lst["quotient_seats"],
                )
                % {
                    "list": lst["name"],
                    "votes": lst["votes"],
                    "q": lst["quotient_seats"],
                    "f": rest["fraction"] if rest else "—",
                    "d": rest["decimal"] if rest else "—",
                }
            )
        steps.append(Step(_("Sièges au quotient"), sentences, _cite("quotient_seats")))
        steps.append(
            Step(
                _("Restes"),
                [_("Une liste qui n’atteint pas le quotient a pour reste ses voix.")],
                _cite("rest"),
            )
        )
        winners = [lst["name"] for lst in result["lists"] if lst["remainder_seat"]]
        order = [s["list"] for s in result["seat_order"] if s["kind"] == "remainder"]
        steps.append(
            Step(
                _("Sièges au plus fort reste"),
                [
                    ngettext(
                        "%(n)d siège reste à répartir ; il va, dans l’ordre, à : %(lists)s.",
                        "%(n)d sièges restent à répartir ; ils vont, dans l’ordre, à : %(lists)s.",
                        len(winners),
                    )
                    % {"n": len(winners), "lists": ", ".join(order) or "—"}
                ],
                _cite("remainder"),
            )
        )
    for tie in result["ties"]:
        how = tie["resolved_by"]
        steps.append(
            Step(
                _("Égalité de restes"),
                [
                    _("Listes à égalité : %(lists)s ; siège attribué à : %(won)s.")
                    % {
                        "lists": ", ".join(tie["lists"]),
                        "won": ", ".join(tie["winners"]) or _("aucune (égalité non tranchée)"),
                    }
                ],
                _cite("tie.age" if how == "age" else "tie.votes"),
            )
        )
    steps.append(
        Step(
            _("Attribution aux candidats"),
            [_("Chaque liste élit ses premiers candidats, dans l’ordre de présentation.")],
            _cite("candidates.order"),
        )
    )
    if result["unfilled_seats"]:
        steps.append(
            Step(
                _("Sièges non pourvus"),
                [
                    ngettext(
                        "%(n)d siège ne peut être pourvu : une élection partielle est nécessaire.",
                        "%(n)d sièges ne peuvent être pourvus : une élection partielle est "
                        "nécessaire.",
                        result["unfilled_seats"],
                    )
                    % {"n": result["unfilled_seats"]}
                ],
                _cite("unfilled"),
            )
        )
    parity = result.get("parity")
    if parity is not None:
        if parity["replacements"]:
            sentences = [
                _("Liste %(list)s : %(out)s cède son siège à %(in)s, suivant de liste.")
                % {"list": r["list"], "out": r["out"], "in": r["in"]}
                for r in parity["replacements"]
            ]
        else:
            sentences = [_("Les élus comptent autant de femmes que d’hommes : rien à rétablir.")]
        if not parity["achieved"] and result["status"] == "complete":
            sentences.append(
                _(
                    "La parité n’est pas atteinte dans le collège ; elle est rétablie au conseil "
                    "par la désignation des personnalités extérieures."
                )
            )
        steps.append(Step(_("Parité (D. 721-4)"), sentences, _cite("parity.repair")))
    if result["status"] == "draw_required":
        steps.append(
            Step(
                _("Tirage au sort"),
                [
                    _(
                        "Un tirage au sort entre les listes %(lists)s est nécessaire ; saisissez "
                        "la liste tirée avec les résultats."
                    )
                    % {"lists": ", ".join(result["draw"]["lists"])}
                ],
                _cite("parity.draw"),
            )
        )
    if election.users:
        steps.append(
            Step(
                _("Suppléants"),
                [_("Chaque titulaire est associé à un suppléant, dans l’ordre de la liste.")],
                _cite("substitutes"),
            )
        )
    return steps


def next_in_line_citation(election: Election) -> dict[str, Any]:
    return _cite("vacancy.users" if election.users else "vacancy.staff")
