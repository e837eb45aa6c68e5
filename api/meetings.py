"""Meetings, their agenda, their convocation and members' answers (reads).

Access goes through meetings.access, the helpers of the meeting pages: a meeting is visible to
whoever may see its council, and an outsider gets 404 whatever the id. The writes are in
api/meeting_writes.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from api.auth import API_AUTH
from api.councils import READ_ERRORS, caller
from api.schemas import ErrorOut, PageOut, PageParams, page
from convocations.models import Convocation
from councils import roles
from councils.access import get_council_for_user
from councils.models import Membership
from meetings.access import get_meeting_for_answer, get_meeting_for_user
from meetings.models import AgendaItem, Answer, Meeting

router = Router(auth=API_AUTH, tags=["Séances"])
council_router = Router(auth=API_AUTH, tags=["Séances"])


# --- schemas ----------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    council_id: int
    council: str
    subcouncil: str | None
    academic_year: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    place: str
    video_url: str
    status: str
    status_label: str
    agenda_status: str
    agenda_status_label: str
    convocation_status: str | None


class MeetingPage(PageOut):
    items: list[MeetingOut]


class MeetingsParams(PageParams):
    academic_year: str | None = Field(None, description="Par exemple 2025-2026.")


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    description: str = Field(description="HTML nettoyé, tel que les membres le lisent.")
    description_source: str = Field(description="Le texte tel qu’il a été saisi.")
    presenter: str | None
    duration_minutes: int | None
    kind: str
    kind_label: str


class AgendaOut(Schema):
    meeting_id: int
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    set_at: dt.datetime | None
    items: list[AgendaItemOut]


class RecipientOut(Schema):
    membership_id: int | None = Field(description="null pour un invité ponctuel.")
    guest: bool = Field(description="Invité ponctuel, convoqué sans voix délibérative.")
    name: str
    status: str
    status_label: str
    sent_at: dt.datetime | None
    opened_at: dt.datetime | None


class ConvocationOut(Schema):
    meeting_id: int
    status: str
    status_label: str
    signed_at: dt.datetime | None
    sent_at: dt.datetime | None
    all_recipients: bool = Field(
        description="Vrai pour la direction et la mention ; les autres ne voient que leur ligne."
    )
    recipients: list[RecipientOut]


class ProxyHolderOut(Schema):
    membership_id: int
    name: str


class AnswerOut(Schema):
    meeting_id: int
    membership_id: int
    response: str | None = Field(description="present, remote, absent, proxy ; null sans réponse.")
    response_label: str | None
    proxy_to: ProxyHolderOut | None
    answered_at: dt.datetime | None


# --- access and serialisers -------------------------------------------------------------------


def convocation_of(meeting: Meeting) -> Convocation | None:
    try:
        return meeting.convocation
    except Convocation.DoesNotExist:
        return None


def item_out(item: AgendaItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "position": item.position,
        "title": item.title,
        "description": item.description,
        "description_source": item.description_source,
        "presenter": item.presenter.display_name if item.presenter else None,
        "duration_minutes": item.duration_minutes,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
    }


def meeting_out(meeting: Meeting) -> dict[str, Any]:
    convocation = convocation_of(meeting)
    return {
        "id": meeting.pk,
        "council_id": meeting.council_id,
        "council": meeting.council.name,
        "subcouncil": meeting.subcouncil.name if meeting.subcouncil else None,
        "academic_year": meeting.academic_year,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "video_url": meeting.video_url,
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "agenda_status": meeting.agenda_status,
        "agenda_status_label": meeting.get_agenda_status_display(),
        "convocation_status": convocation.status if convocation else None,
    }


# --- endpoints --------------------------------------------------------------------------------


@council_router.get(
    "/{council_id}/meetings",
    response={200: MeetingPage, **READ_ERRORS},
    summary="Les séances d’un conseil",
)
def list_meetings(
    request: HttpRequest, council_id: int, params: Query[MeetingsParams]
) -> dict[str, Any]:
    council = get_council_for_user(request, council_id)
    meetings = council.meetings.all()
    if params.academic_year:
        meetings = meetings.filter(academic_year=params.academic_year)
    ordered = meetings.select_related("subcouncil", "convocation").order_by("starts_at", "pk")
    items = []
    for meeting in ordered[params.offset : params.offset + params.limit]:
        meeting.council = council  # each row would fetch its council again otherwise
        items.append(meeting_out(meeting))
    return page(meetings.count(), items, params)


@router.get("/{meeting_id}", response={200: MeetingOut, **READ_ERRORS}, summary="Une séance")
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return meeting_out(get_meeting_for_user(request, meeting_id))


@router.get(
    "/{meeting_id}/agenda",
    response={200: AgendaOut, **READ_ERRORS},
    summary="L’ordre du jour d’une séance",
)
def get_agenda(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = get_meeting_for_user(request, meeting_id)
    items = meeting.agenda_items.select_related("presenter").order_by("position", "pk")
    return {
        "meeting_id": meeting.pk,
        "status": meeting.agenda_status,
        "status_label": meeting.get_agenda_status_display(),
        "submitted_at": meeting.agenda_submitted_at,
        "set_at": meeting.agenda_set_at,
        "items": [item_out(item) for item in items],
    }


@router.get(
    "/{meeting_id}/convocation",
    response={200: ConvocationOut, **READ_ERRORS},
    summary="La convocation d’une séance et l’état de son envoi",
    description=(
        "La direction et la mention voient chaque destinataire ; un membre ne voit que sa ligne."
    ),
)
def get_convocation(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    user = caller(request)
    meeting = get_meeting_for_user(request, meeting_id)
    convocation = convocation_of(meeting)
    if convocation is None:
        raise Http404
    # Who keeps the council (director, head of mention) follows delivery; others see their own.
    everyone = roles.may_edit_council(user, meeting.council)
    recipients = convocation.recipients.select_related("person").order_by(
        "person__last_name", "person__first_name", "pk"
    )
    if not everyone:
        recipients = recipients.filter(person=user)
    return {
        "meeting_id": meeting.pk,
        "status": convocation.status,
        "status_label": convocation.get_status_display(),
        "signed_at": convocation.signed_at,
        "sent_at": convocation.sent_at,
        "all_recipients": everyone,
        "recipients": [
            {
                "membership_id": r.membership_id,
                "guest": r.is_guest,
                "name": r.person.display_name,
                "status": r.status,
                "status_label": r.get_status_display(),
                "sent_at": r.sent_at,
                "opened_at": r.opened_at,
            }
            for r in recipients
        ],
    }


@router.get(
    "/{meeting_id}/answers/me",
    response={200: AnswerOut, 403: ErrorOut, **READ_ERRORS},
    summary="Ma réponse à une séance",
    description="403 pour qui voit le conseil sans y siéger (la direction, par exemple).",
)
def get_my_answer(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting, seat = get_meeting_for_answer(request, meeting_id)
    answer = (
        Answer.objects.filter(meeting=meeting, membership=seat)
        .select_related("proxy_to__person")
        .first()
    )
    return answer_out(meeting, seat, answer)


def answer_out(meeting: Meeting, seat: Membership, answer: Answer | None) -> dict[str, Any]:
    holder = answer.proxy_to if answer else None
    return {
        "meeting_id": meeting.pk,
        "membership_id": seat.pk,
        "response": answer.response if answer else None,
        "response_label": answer.get_response_display() if answer else None,
        "proxy_to": (
            {"membership_id": holder.pk, "name": holder.person.display_name} if holder else None
        ),
        "answered_at": answer.answered_at if answer else None,
    }
