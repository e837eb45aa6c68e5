"""The life of a meeting, in one place: its states, the transitions between them, and why a
transition is refused.

    planned → agenda set → convoked → in session → held → minutes
         ↘ cancelled (from any state before the sitting)

The state is read from the meeting as it is (its status, its agenda, its convocation, its
sitting, its minutes), never stored twice. Each transition names the states it starts from and
its preconditions; `require(meeting, name)` raises `TransitionRefused` with a sentence that
names the state ("La séance est close : …"), which views show as is — distinct from the
PermissionDenied of councils.roles, which is about the person, not the meeting.

Why a small explicit module and not django-fsm-2: the state here is derived from several
apps' rows (convocations and minutes sit above meetings and may not be imported), a transition
often needs the reason of its refusal in French for the person, and one transition (opening
a sitting) has a condition a person lifts by typing an urgency reason; django-fsm keys on one
stored field and reports only "cannot proceed".

The database guards what must never happen whatever the code path (see the migration
0007_guard_the_sitting_of_a_meeting): a held or closed meeting cannot be in session again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from conseils.templatetags.dates import day
from meetings.models import Meeting


class State(StrEnum):
    PLANNED = "planned"
    AGENDA_SET = "agenda_set"
    CONVOKED = "convoked"
    IN_SESSION = "in_session"
    HELD = "held"
    MINUTES = "minutes"  # minutes submitted for validation, signed or published
    CANCELLED = "cancelled"


LABELS = {
    State.PLANNED: gettext_lazy("prévue"),
    State.AGENDA_SET: gettext_lazy("ordre du jour arrêté"),
    State.CONVOKED: gettext_lazy("convoquée"),
    State.IN_SESSION: gettext_lazy("en séance"),
    State.HELD: gettext_lazy("tenue"),
    State.MINUTES: gettext_lazy("compte rendu en validation ou publié"),
    State.CANCELLED: gettext_lazy("annulée"),
}

# Minutes past the draft: the meeting's record is being validated or is final (the values of
# minutes.models.Minutes.Status, an app above this one).
MINUTES_PAST_DRAFT = ("in_validation", "frozen", "published")
# A convocation on its way or delivered (convocations.models.Convocation.Status).
CONVOCATION_SENT = ("sending", "sent")


class InvalidTransition(ValidationError):
    """The meeting or its agenda is not in a state where this step makes sense."""


class TransitionRefused(InvalidTransition):
    """The meeting's state forbids this step; the message says which state and why."""


def is_convoked(meeting: Meeting) -> bool:
    return Meeting.objects.filter(pk=meeting.pk, convocation__status__in=CONVOCATION_SENT).exists()


def convoked_at(meeting: Meeting) -> dt.datetime | None:
    """When the convocation first went out (the first message sent), if it did."""
    found = Meeting.objects.filter(pk=meeting.pk).aggregate(
        first=Min("convocation__recipients__sent_at"), sent=Min("convocation__sent_at")
    )
    moments = [m for m in (found["first"], found["sent"]) if m is not None]
    return min(moments) if moments else None


def has_minutes_past_draft(meeting: Meeting) -> bool:
    return Meeting.objects.filter(pk=meeting.pk, minutes__status__in=MINUTES_PAST_DRAFT).exists()


def state_of(meeting: Meeting) -> State:
    if meeting.is_cancelled:
        return State.CANCELLED
    if has_minutes_past_draft(meeting):
        return State.MINUTES
    if meeting.status == Meeting.Status.HELD or meeting.closed_at is not None:
        return State.HELD
    if meeting.opened_at is not None:
        return State.IN_SESSION
    if meeting.agenda_status == Meeting.AgendaStatus.SET:
        return State.CONVOKED if is_convoked(meeting) else State.AGENDA_SET
    return State.PLANNED


# --- why a state refuses a step -------------------------------------------------------------


def _in_state(state: State) -> str:
    return {
        State.PLANNED: _("L’ordre du jour n’est pas encore arrêté"),
        State.AGENDA_SET: _("L’ordre du jour est arrêté"),
        State.CONVOKED: _("La séance est convoquée"),
        State.IN_SESSION: _("La séance est ouverte"),
        State.HELD: _("La séance est close"),
        State.MINUTES: _("La séance est close et son compte rendu est établi"),
        State.CANCELLED: _("La séance est annulée"),
    }[state]


Check = Callable[[Meeting], str | None]


def _not_before_the_day(meeting: Meeting) -> str | None:
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        return _("la séance est prévue le %(day)s : sa feuille de présence s’ouvre ce jour-là.") % {
            "day": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y")
        }
    return None


def _not_after_the_day(meeting: Meeting) -> str | None:
    """A sitting is held on its day: one whose day is past is moved first, never opened late."""
    if timezone.localdate(meeting.starts_at) < timezone.localdate():
        return _(
            "la séance était prévue le %(day)s : déplacez-la à aujourd’hui avant de l’ouvrir."
        ) % {"day": day(meeting.starts_at)}
    return None


def _not_past(meeting: Meeting) -> str | None:
    if timezone.localdate(meeting.starts_at) < timezone.localdate():
        return _("la séance a eu lieu le %(day)s.") % {"day": day(meeting.starts_at)}
    return None


def _sheet_kept_on_its_day(meeting: Meeting) -> str | None:
    """Before the sitting, the sheet is kept on the meeting's day only: not weeks ahead, and
    not after a day on which the meeting never sat (QA: a sheet filled months later)."""
    held = meeting.closed_at is not None or meeting.status == Meeting.Status.HELD
    if meeting.opened_at is not None or held:
        return None  # sitting, or held and corrected: the state decides
    if timezone.localdate(meeting.starts_at) < timezone.localdate():
        return _(
            "la séance était prévue le %(day)s : sa feuille de présence ne se tient que ce "
            "jour-là ou en séance."
        ) % {"day": day(meeting.starts_at)}
    return _not_before_the_day(meeting)


def _agenda_draft(meeting: Meeting) -> str | None:
    if meeting.agenda_status != Meeting.AgendaStatus.DRAFT:
        return _("il a déjà été proposé au président.")
    return None


def _agenda_submitted(meeting: Meeting) -> str | None:
    if meeting.agenda_status != Meeting.AgendaStatus.SUBMITTED:
        return _("il n’a pas encore été proposé par le responsable de mention.")
    return None


def _sheet_exists(meeting: Meeting) -> str | None:
    if not meeting.attendances.exists():
        return _("établissez d’abord la feuille de présence.")
    return None


def _over(meeting: Meeting) -> str | None:
    if meeting.starts_at > timezone.now():
        return _("la séance n’a pas encore eu lieu.")
    return None


def _no_vote_running(meeting: Meeting) -> str | None:
    if meeting.votes.filter(closed_at__isnull=True).exists():
        return _("un vote est en cours : clôturez-le avant de lever la séance.")
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    refusal: StrOrPromise  # what the step is, for the sentence: "… : on ne peut pas <refusal>."
    checks: tuple[Check, ...] = ()


BEFORE_SITTING = frozenset({State.PLANNED, State.AGENDA_SET, State.CONVOKED})
READY = frozenset({State.AGENDA_SET, State.CONVOKED})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("move", BEFORE_SITTING, gettext_lazy("la déplacer")),
        Transition("cancel", BEFORE_SITTING, gettext_lazy("l’annuler")),
        Transition("edit_agenda", BEFORE_SITTING, gettext_lazy("modifier son ordre du jour")),
        # The agenda's own steps while the meeting is planned: drafted, proposed, then set.
        Transition(
            "submit_agenda",
            frozenset({State.PLANNED}),
            gettext_lazy("proposer son ordre du jour"),
            (_agenda_draft,),
        ),
        Transition(
            "set_agenda",
            frozenset({State.PLANNED}),
            gettext_lazy("arrêter son ordre du jour"),
            (_agenda_submitted,),
        ),
        Transition(
            "invite_guest",
            BEFORE_SITTING,
            gettext_lazy("y inviter une personne"),
            (_not_past,),
        ),
        Transition("sign_convocation", READY, gettext_lazy("signer sa convocation")),
        Transition("send_convocation", READY, gettext_lazy("envoyer sa convocation")),
        # On the meeting's day, while it sits, and after it (a correction) as long as its
        # minutes are being written: once they go to validation, what they record is fixed.
        Transition(
            "record_attendance",
            READY | {State.IN_SESSION, State.HELD},
            gettext_lazy("noter les présences"),
            (_sheet_kept_on_its_day,),
        ),
        Transition(
            "open_sitting",
            READY,
            gettext_lazy("ouvrir la séance"),
            (_not_before_the_day, _not_after_the_day, _sheet_exists),
        ),
        Transition("vote", frozenset({State.IN_SESSION}), gettext_lazy("ouvrir ou clore un vote")),
        # A member checks in from their own device only while the sitting is open.
        Transition("check_in", frozenset({State.IN_SESSION}), gettext_lazy("s’y déclarer présent")),
        Transition(
            "keep_speakers",
            frozenset({State.IN_SESSION}),
            gettext_lazy("tenir la liste des orateurs"),
        ),
        Transition(
            "close_sitting",
            frozenset({State.IN_SESSION}),
            gettext_lazy("lever la séance"),
            (_no_vote_running,),
        ),
        Transition(
            "submit_minutes",
            BEFORE_SITTING | {State.HELD, State.MINUTES},
            gettext_lazy("soumettre son compte rendu"),
            (_over,),
        ),
        Transition(
            "reconvene",
            frozenset({State.IN_SESSION, State.HELD}),
            gettext_lazy("la convoquer à nouveau"),
        ),
    )
}


def refusal(meeting: Meeting, name: str, state: State | None = None) -> str | None:
    """Why `name` cannot happen now, as a sentence; None when it can."""
    transition = TRANSITIONS[name]
    state = state or state_of(meeting)
    if state not in transition.sources:
        return _("%(state)s : on ne peut pas %(step)s.") % {
            "state": _in_state(state),
            "step": transition.refusal,
        }
    for check in transition.checks:
        reason = check(meeting)
        if reason is not None:
            return f"{_in_state(state)} : {reason}"
    return None


def require(meeting: Meeting, name: str) -> State:
    """Raise TransitionRefused unless `name` may happen now; returns the current state."""
    state = state_of(meeting)
    reason = refusal(meeting, name, state)
    if reason is not None:
        raise TransitionRefused(reason)
    return state


def allowed(meeting: Meeting, name: str) -> bool:
    """For pages deciding which buttons to show."""
    return refusal(meeting, name) is None


# --- what only the council itself does, never one of its site sub-councils --------------------

# Steps a sub-council's meeting is refused, whatever its state: the seed page limits site
# sub-councils to the local organisation and says they never stand in for the council.
COUNCIL_ONLY: dict[str, StrOrPromise] = {
    "adopt_recommendation": gettext_lazy("adopter une préconisation"),
    "change_composition": gettext_lazy("modifier la composition du conseil"),
}


def subcouncil_refusal(meeting: Meeting, name: str) -> str | None:
    """Why a meeting of a site sub-council cannot take the step `name` (None: it can, or the
    meeting is the council's own); the sentence quotes the seed page."""
    if meeting.subcouncil_id is None:
        return None
    subcouncil = meeting.subcouncil
    assert subcouncil is not None
    limit = subcouncil.limit
    if limit is None:
        return _(
            "Séance du sous-conseil de site « %(name)s » : on ne peut pas %(step)s, "
            "seul le conseil le peut."
        ) % {"name": subcouncil.name, "step": COUNCIL_ONLY[name]}
    return _(
        "Séance du sous-conseil de site « %(name)s » : on ne peut pas %(step)s, "
        "seul le conseil le peut. « %(quote)s » (%(source)s)"
    ) % {
        "name": subcouncil.name,
        "step": COUNCIL_ONLY[name],
        "quote": limit.quote,
        "source": limit.source,
    }


def require_council_meeting(meeting: Meeting, name: str) -> None:
    """Raise TransitionRefused (409) when a site sub-council's meeting attempts `name`."""
    reason = subcouncil_refusal(meeting, name)
    if reason is not None:
        raise TransitionRefused(reason)


def agenda_refusal(meeting: Meeting) -> str:
    """Why someone who prepares the meeting cannot change its agenda now (the state, whoever
    holds the pen at this stage)."""
    reason = refusal(meeting, "edit_agenda")
    if reason is not None:
        return reason
    if meeting.agenda_status == Meeting.AgendaStatus.SET:
        return _("L’ordre du jour est arrêté : rouvrez-le en indiquant un motif pour le modifier.")
    if meeting.agenda_status == Meeting.AgendaStatus.SUBMITTED:
        return _(
            "L’ordre du jour est proposé au président : lui seul le modifie, ou le renvoie en "
            "préparation en le rouvrant."
        )
    return _(
        "L’ordre du jour est en préparation : le responsable de mention le modifie et le "
        "propose au président."
    )


# --- urgency ---------------------------------------------------------------------------------


def urgency_needed(meeting: Meeting) -> str | None:
    """Why opening this sitting needs a stated urgency: no convocation sent, or sent without the
    council's full notice period. None when the members were convoked in time."""
    sent = convoked_at(meeting) if is_convoked(meeting) else None
    if sent is None:
        return _("aucune convocation n’a été envoyée pour cette séance.")
    if meeting.reconvenes_id is not None:
        return None  # convened again within the window the quorum rule sets, not the notice
    needed = dt.timedelta(days=meeting.council.notice_days)
    if meeting.starts_at - sent < needed:
        return _(
            "la convocation est partie moins de %(days)s jours avant la séance (délai de "
            "convocation du conseil)."
        ) % {"days": meeting.council.notice_days}
    return None
