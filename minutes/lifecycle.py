"""The life of a meeting's minutes, in one place: their states, the steps between them, and
why a step is refused.

    draft ⇄ in validation → frozen (validated, signed PDF) → published
      ↑ sent back ┘              └──── correction: a new draft that corrects it ───┘

The state is the stored `Minutes.status`. Each transition names the states it starts from and
its preconditions; `require(minutes, name)` raises `meetings.lifecycle.TransitionRefused` with
a sentence naming the state ("Le compte rendu est publié : on ne peut pas le modifier."),
which pages answer with 409 (meetings.refusals) and the API with its own 409 — distinct from
the PermissionDenied of councils.roles, which is about the person.

Same shape as meetings/lifecycle.py and for the same reasons (refusals in French for people,
preconditions read from related rows), rather than django-fsm-2.

The database keeps what must never happen whatever the code path (migration
0002_guard_the_minutes_life): a frozen or published text never changes, a published minutes
never goes back, and the stored state is one of the four below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from meetings import lifecycle as meeting_lifecycle
from meetings.lifecycle import InvalidTransition, TransitionRefused
from minutes.models import Minutes

__all__ = ["TRANSITIONS", "InvalidTransition", "TransitionRefused", "allowed", "require"]

State = Minutes.Status

# Who makes the minutes public, in the words of the INSPE's rules (shipped in
# bylaws/sources/inspe-aix-marseille-cper.fr.txt; checked by tests/test_minutes_lifecycle.py).
PUBLICITY_QUOTE = (
    "Le compte rendu est transmis aux membres du CPER et le.la directeur.rice de l’Inspé qui "
    "en assure la publicité."
)


def _in_state(state: str) -> str:
    return {
        State.DRAFT: _("Le compte rendu est en rédaction"),
        State.IN_VALIDATION: _("Le compte rendu est en validation"),
        State.FROZEN: _("Le compte rendu est validé et signé"),
        State.PUBLISHED: _("Le compte rendu est publié"),
    }[State(state)]


Check = Callable[[Minutes], str | None]


def _not_empty(minutes: Minutes) -> str | None:
    # The composed text always has its section headings: look at what the secretary wrote.
    if not any(strip_tags(html).strip() for html in minutes.parts.values()):
        return _("son texte est vide.")
    return None


def _all_approved(minutes: Minutes) -> str | None:
    if minutes.approvals.filter(decision="pending").exists():
        return _("des validations sont encore attendues.")
    return None


def _not_corrected(minutes: Minutes) -> str | None:
    if Minutes.objects.filter(corrects=minutes).exists():
        return _("un rectificatif existe déjà pour cette version.")
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    refusal: StrOrPromise  # the step, for "… : on ne peut pas <refusal>."
    checks: tuple[Check, ...] = ()
    # The meeting's own transition this step needs (meetings.lifecycle), whose refusal names
    # the meeting's state ("La séance n’a pas encore eu lieu…").
    meeting_step: str | None = None


DRAFT = frozenset({State.DRAFT.value})
FINAL = frozenset({State.FROZEN.value, State.PUBLISHED.value})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("edit", DRAFT, gettext_lazy("le modifier")),
        Transition("refresh", DRAFT, gettext_lazy("y reprendre le relevé de la séance")),
        Transition(
            "submit",
            DRAFT,
            gettext_lazy("le soumettre à la validation"),
            (_not_empty,),
            meeting_step="submit_minutes",
        ),
        Transition(
            "decide",
            frozenset({State.IN_VALIDATION.value}),
            gettext_lazy("l’approuver ou le renvoyer"),
        ),
        Transition(
            "freeze",
            frozenset({State.IN_VALIDATION.value}),
            gettext_lazy("le figer et le signer"),
            (_all_approved,),
        ),
        Transition("redact", FINAL, gettext_lazy("en occulter un passage")),
        Transition("publish", frozenset({State.FROZEN.value}), gettext_lazy("le publier")),
        Transition("correct", FINAL, gettext_lazy("le rectifier"), (_not_corrected,)),
    )
}


def refusal(minutes: Minutes, name: str) -> str | None:
    """Why `name` cannot happen now, as a sentence naming the state; None when it can."""
    transition = TRANSITIONS[name]
    if minutes.status not in transition.sources:
        return _("%(state)s : on ne peut pas %(step)s.") % {
            "state": _in_state(minutes.status),
            "step": transition.refusal,
        }
    for check in transition.checks:
        reason = check(minutes)
        if reason is not None:
            return f"{_in_state(minutes.status)} : {reason}"
    if transition.meeting_step is not None:
        return meeting_lifecycle.refusal(minutes.meeting, transition.meeting_step)
    return None


def require(minutes: Minutes, name: str) -> None:
    reason = refusal(minutes, name)
    if reason is not None:
        raise TransitionRefused(reason)


def allowed(minutes: Minutes, name: str) -> bool:
    """For pages deciding which buttons to show."""
    return refusal(minutes, name) is None
