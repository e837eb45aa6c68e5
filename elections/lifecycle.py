"""The life of an election, in one place: its states, the steps each allows, and why a step is
refused.

    draft → lists open → results entered → proclaimed

- draft: the director sets the college, the seats, the dates, and enters the electors;
- lists open: the lists and their candidates are entered (electors may still be corrected);
- results entered: the votes of each list, blank and void ballots; they may be entered again
  until the proclamation;
- proclaimed: the elected have their seats; nothing changes any more, except that a seat fallen
  vacant goes to the next in line of the same list.

A refusal names the state that forbids the step (`ElectionRefused`, a TransitionRefused that
the middleware answers with 409), never the person's role (councils.roles does that).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from elections.models import Election
from meetings.lifecycle import TransitionRefused

S = Election.State

# step -> the states it may start from
STEPS: dict[str, tuple[str, ...]] = {
    "electors": (S.DRAFT, S.LISTS_OPEN),
    "open_lists": (S.DRAFT,),
    "lists": (S.LISTS_OPEN,),
    "results": (S.LISTS_OPEN, S.RESULTS_ENTERED),
    "proclaim": (S.RESULTS_ENTERED,),
    "next_in_line": (S.PROCLAIMED,),
}
# step -> the state it leads to (steps that change nothing of the state are absent)
LEADS_TO: dict[str, str] = {
    "open_lists": S.LISTS_OPEN,
    "results": S.RESULTS_ENTERED,
    "proclaim": S.PROCLAIMED,
}


class ElectionRefused(TransitionRefused):
    """The election's state forbids this step; the message names the state."""


def allows(election: Election, step: str) -> bool:
    return election.state in STEPS[step]


def _why(state: str) -> str:
    reasons: dict[str, str] = {
        S.DRAFT: _("L’élection est en préparation : les listes ne sont pas encore ouvertes."),
        S.LISTS_OPEN: _("Les listes sont ouvertes : aucun résultat n’est encore saisi."),
        S.RESULTS_ENTERED: _(
            "Les résultats sont saisis : les listes et les électeurs ne changent plus."
        ),
        S.PROCLAIMED: _("L’élection est proclamée : ses résultats ne changent plus."),
    }
    return reasons[state]


def require(election: Election, step: str) -> None:
    if not allows(election, step):
        raise ElectionRefused(_why(election.state))


def advance(election: Election, step: str) -> None:
    """Check the step is allowed and set the state it leads to (the caller saves)."""
    require(election, step)
    if step in LEADS_TO:
        election.state = LEADS_TO[step]
