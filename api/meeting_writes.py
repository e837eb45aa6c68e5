"""Meeting writes: the calendar, the agenda circuit and answers.

Each endpoint finds its object through meetings.access (the helpers of the meeting pages) and
calls one step of meetings.actions, which checks who acts and in which state, and writes the
audit entry; nothing here writes a model.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from accounts.models import User
from api.councils import WRITE_ERRORS, caller
from api.meetings import (
    AgendaItemOut,
    AgendaOut,
    AnswerOut,
    MeetingOut,
    answer_out,
    council_router,
    get_agenda,
    item_out,
    meeting_out,
    router,
)
from api.schemas import NOT_BLANK, ErrorOut, StrictIn
from councils.models import Council, Membership, SubCouncil
from meetings import access, actions
from meetings.models import AgendaItem, Answer, Meeting
from recommendations import actions as recommendation_actions
from recommendations.access import get_meeting_for_adoption
from recommendations.models import Body

# A step refused in this state comes back as 409, a refused input as 422 (see api.errors).
ERRORS: dict[int, Any] = {**WRITE_ERRORS, 409: ErrorOut}


class PlanIn(StrictIn):
    starts_at: dt.datetime = Field(description="Sans fuseau, l’heure est celle de Paris.")
    duration_minutes: int = 120
    place: str = ""
    video_url: str = ""
    subcouncil_id: int | None = None


class MoveIn(PlanIn):
    reason: str = Field("", description="Lu par les membres dans l’avis de changement.")


class ReasonIn(StrictIn):
    reason: str = Field(pattern=NOT_BLANK)


class ItemIn(StrictIn):
    title: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK)
    description: str = Field("", description="Texte simple, ou HTML (il sera nettoyé).")
    presenter_id: int | None = None
    duration_minutes: int | None = Field(None, ge=1, le=600)
    kind: AgendaItem.Kind = AgendaItem.Kind.INFORMATION


class OffsetIn(StrictIn):
    offset: int = Field(description="-1 pour remonter d’un rang, 1 pour descendre.", ge=-1, le=1)


class AnswerIn(StrictIn):
    response: Answer.Response
    proxy_to: int | None = Field(
        None, description="Le mandat (membership id) du membre à qui l’on donne procuration."
    )


def plan_of(council: Council, data: PlanIn) -> actions.MeetingPlan:
    subcouncil = None
    if data.subcouncil_id is not None:
        subcouncil = SubCouncil.objects.filter(pk=data.subcouncil_id, council=council).first()
        if subcouncil is None:
            raise ValidationError("Ce sous-conseil de site n’appartient pas à ce conseil.")
    return actions.MeetingPlan(
        starts_at=data.starts_at,
        duration_minutes=data.duration_minutes,
        place=data.place,
        video_url=data.video_url,
        subcouncil=subcouncil,
    )


def draft_of(meeting: Meeting, data: ItemIn) -> actions.ItemDraft:
    presenter: User | None = None
    if data.presenter_id is not None:
        # The same choice as the page's form: people the action accepts as presenters.
        presenter = next(
            (p for p in actions.presenters(meeting.council) if p.pk == data.presenter_id), None
        )
        if presenter is None:
            raise ValidationError("Cette personne ne peut pas présenter un point de ce conseil.")
    return actions.ItemDraft(
        title=data.title,
        description=data.description,
        presenter=presenter,
        duration_minutes=data.duration_minutes,
        kind=data.kind,
    )


# --- the calendar -----------------------------------------------------------------------------


@council_router.post(
    "/{council_id}/meetings",
    response={201: MeetingOut, **ERRORS},
    summary="Planifier une séance",
)
def plan_meeting(request: HttpRequest, council_id: int, data: PlanIn) -> Status:
    council = access.get_council_to_plan(request, council_id)
    meeting = actions.plan_meeting(council, plan_of(council, data), by=caller(request))
    return Status(201, meeting_out(meeting))


@router.post(
    "/{meeting_id}/move", response={200: MeetingOut, **ERRORS}, summary="Déplacer une séance"
)
def move_meeting(request: HttpRequest, meeting_id: int, data: MoveIn) -> dict[str, Any]:
    meeting = access.get_meeting_for_user(request, meeting_id, write=True)
    plan = plan_of(meeting.council, data)
    actions.move_meeting(meeting, plan, by=caller(request), reason=data.reason)
    return meeting_out(meeting)


@router.post(
    "/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS}, summary="Annuler une séance"
)
def cancel_meeting(request: HttpRequest, meeting_id: int, data: ReasonIn) -> dict[str, Any]:
    meeting = access.get_meeting_for_user(request, meeting_id, write=True)
    actions.cancel_meeting(meeting, by=caller(request), reason=data.reason)
    return meeting_out(meeting)


# --- the agenda circuit -----------------------------------------------------------------------


@router.post(
    "/{meeting_id}/agenda/items",
    response={201: AgendaItemOut, **ERRORS},
    summary="Ajouter un point à l’ordre du jour",
)
def add_agenda_item(request: HttpRequest, meeting_id: int, data: ItemIn) -> Status:
    meeting = access.get_meeting_for_agenda(request, meeting_id)
    item = actions.add_agenda_item(meeting, draft_of(meeting, data), by=caller(request))
    return Status(201, item_out(item))


@router.put(
    "/{meeting_id}/agenda/items/{item_id}",
    response={200: AgendaItemOut, **ERRORS},
    summary="Remplacer un point de l’ordre du jour",
)
def update_agenda_item(
    request: HttpRequest, meeting_id: int, item_id: int, data: ItemIn
) -> dict[str, Any]:
    item = access.get_item_for_agenda(request, meeting_id, item_id)
    actions.update_agenda_item(item, draft_of(item.meeting, data), by=caller(request))
    return item_out(item)


@router.delete(
    "/{meeting_id}/agenda/items/{item_id}",
    response={204: None, **ERRORS},
    summary="Retirer un point de l’ordre du jour",
)
def remove_agenda_item(request: HttpRequest, meeting_id: int, item_id: int) -> Status:
    item = access.get_item_for_agenda(request, meeting_id, item_id)
    actions.remove_agenda_item(item, by=caller(request))
    return Status(204, None)


@router.post(
    "/{meeting_id}/agenda/items/{item_id}/move",
    response={200: AgendaOut, **ERRORS},
    summary="Déplacer un point d’un rang",
)
def move_agenda_item(
    request: HttpRequest, meeting_id: int, item_id: int, data: OffsetIn
) -> dict[str, Any]:
    item = access.get_item_for_agenda(request, meeting_id, item_id)
    actions.move_agenda_item(item, data.offset, by=caller(request))
    return get_agenda(request, meeting_id)


@router.post(
    "/{meeting_id}/agenda/submit",
    response={200: AgendaOut, **ERRORS},
    summary="Proposer l’ordre du jour au président",
)
def submit_agenda(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = access.get_meeting_for_user(request, meeting_id, write=True)
    actions.submit_agenda(meeting, by=caller(request))
    return get_agenda(request, meeting_id)


@router.post(
    "/{meeting_id}/agenda/set",
    response={200: AgendaOut, **ERRORS},
    summary="Arrêter l’ordre du jour (président)",
)
def set_agenda(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    # As on the page: any reader reaches the step, the action lets only the president through.
    meeting = access.get_meeting_for_user(request, meeting_id)
    actions.set_agenda(meeting, by=caller(request))
    return get_agenda(request, meeting_id)


@router.post(
    "/{meeting_id}/agenda/reopen",
    response={200: AgendaOut, **ERRORS},
    summary="Rouvrir un ordre du jour arrêté, avec un motif",
)
def reopen_agenda(request: HttpRequest, meeting_id: int, data: ReasonIn) -> dict[str, Any]:
    meeting = access.get_meeting_to_reopen(request, meeting_id)
    actions.reopen_agenda(meeting, data.reason, by=caller(request))
    return get_agenda(request, meeting_id)


# --- answers ----------------------------------------------------------------------------------


@router.put(
    "/{meeting_id}/answers/me",
    response={200: AnswerOut, **ERRORS},
    summary="Répondre à une séance",
    description="present, remote, absent ; ou proxy avec le mandat du membre qui la reçoit.",
)
def put_my_answer(request: HttpRequest, meeting_id: int, data: AnswerIn) -> dict[str, Any]:
    meeting, seat = access.get_meeting_for_answer(request, meeting_id)
    holder = None
    if data.proxy_to is not None:
        # Only a seat of this council; any other id reads as "no holder" and is refused.
        holder = Membership.objects.filter(pk=data.proxy_to, council=meeting.council).first()
    saved = actions.answer(meeting, seat, data.response, by=caller(request), proxy_to=holder)
    saved = Answer.objects.select_related("proxy_to__person").get(pk=saved.pk)
    return answer_out(meeting, seat, saved)


# --- recommendations adopted in the sitting ---------------------------------------------------


class AdoptIn(StrictIn):
    title: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK)
    text: str = Field(min_length=1, max_length=20_000, pattern=NOT_BLANK)
    bodies: list[str] = Field(
        min_length=1, description="Sigles des instances destinataires : CCI, OAF, COSP, CI."
    )
    agenda_item_id: int | None = None
    vote_result: str = Field("", max_length=255)


class RecommendationOut(Schema):
    id: int
    meeting_id: int
    title: str
    bodies: list[str]


@router.post(
    "/{meeting_id}/recommendations",
    response={201: RecommendationOut, **ERRORS},
    summary="Enregistrer une préconisation adoptée en séance",
    description="Une séance de sous-conseil de site n’adopte pas de préconisation (409, avec "
    "la phrase de la page des CPER qui l’interdit).",
)
def adopt_recommendation(request: HttpRequest, meeting_id: int, data: AdoptIn) -> Status:
    meeting = get_meeting_for_adoption(request, meeting_id)
    institution = meeting.council.institution
    known = {b.code: b for b in recommendation_actions.ensure_default_bodies(institution)}
    known.update({b.code: b for b in Body.objects.filter(institution=institution)})
    unknown = sorted(set(data.bodies) - set(known))
    if unknown:
        raise ValidationError(_("Instances inconnues : %(codes)s.") % {"codes": ", ".join(unknown)})
    item = None
    if data.agenda_item_id is not None:
        item = meeting.agenda_items.filter(pk=data.agenda_item_id).first()
        if item is None:
            raise ValidationError(_("Ce point n’est pas à l’ordre du jour de cette séance."))
    bodies = [known[code] for code in dict.fromkeys(data.bodies)]
    recommendation = recommendation_actions.adopt(
        meeting,
        by=caller(request),
        title=data.title,
        text=data.text,
        bodies=bodies,
        agenda_item=item,
        vote_result=data.vote_result,
    )
    return Status(
        201,
        {
            "id": recommendation.pk,
            "meeting_id": meeting.pk,
            "title": recommendation.title,
            "bodies": [b.code for b in bodies],
        },
    )
