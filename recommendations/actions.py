"""Recommendations: adopted in a meeting, routed when the minutes are published, answered by
each body, reminded until answered, and followed to their implementation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrOrPromise

from accounts.models import User
from accounts.notify import notify
from audit.log import record
from councils import roles
from councils.models import Council, Institution, Track
from meetings import actions as meeting_actions
from meetings import lifecycle
from meetings.models import AgendaItem, Meeting
from recommendations.models import (
    DEFAULT_BODIES,
    Body,
    Event,
    Recommendation,
    Routing,
    deliberation,
)
from sittings.models import Vote

# The bodies the seed page names that are councils of the product (issue 11 §3).
SITS_AS = {"COSP": "inspe_cosp", "CI": "inspe_institute_council"}
# Answers that owe nothing more ("under study" still owes a decision).
ANSWERED = [p for p in Routing.Position.values if p != Routing.Position.UNDER_STUDY]

REMINDER_EVERY = dt.timedelta(days=7)


def ensure_default_bodies(institution: Institution) -> list[Body]:
    """CCI, OAF, COSP and conseil d'institut, as the seed page names them; idempotent. The
    COSP and the CI sit as the institution's council of that type when it has one."""
    bodies = [
        Body.objects.get_or_create(institution=institution, code=code, defaults={"name": name})[0]
        for code, name in DEFAULT_BODIES
    ]
    link_councils(institution, bodies)
    return bodies


def link_councils(institution: Institution, bodies: Iterable[Body] | None = None) -> None:
    """A COSP or CI body not yet linked sits as the institution's only active council of
    that type (set up after the bodies, it is found at the next routing or planning)."""
    if bodies is None:
        bodies = institution.bodies.filter(code__in=SITS_AS, council__isnull=True)
    for body in bodies:
        council_type = SITS_AS.get(body.code)
        if body.council_id is None and council_type is not None:
            found = list(institution.councils.active().filter(council_type=council_type)[:2])
            if len(found) == 1:
                body.council = found[0]
                body.save(update_fields=["council"])


def adopted_at(meeting: Meeting) -> dt.datetime:
    """When the council adopted it: now if typed during the sitting, else the sitting's
    opening (or its planned start): not the moment someone typed it in afterwards."""
    start = meeting.opened_at or meeting.starts_at
    end = meeting.closed_at or meeting.ends_at
    now = timezone.now()
    return now if start <= now <= end else start


@transaction.atomic
def adopt(
    meeting: Meeting,
    *,
    by: User,
    title: str,
    text: str,
    bodies: Iterable[Body],
    agenda_item: AgendaItem | None = None,
    track: Track | None = None,
    vote_result: str = "",
) -> Recommendation:
    """Record a recommendation the council adopted; it is routed when the minutes are published."""
    council = meeting.council
    if not roles.may_adopt_recommendation(by, council):
        raise PermissionDenied
    lifecycle.require_council_meeting(meeting, "adopt_recommendation")
    bodies = list(bodies)
    if not bodies:
        raise ValidationError(_("Choisissez au moins une instance destinataire."))
    if any(b.institution_id != council.institution_id for b in bodies):
        raise ValidationError(_("Ces instances n’appartiennent pas à l’établissement."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Ce point n’est pas à l’ordre du jour de cette séance."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("Une préconisation est adoptée en séance : la séance n’a pas eu lieu.")
        )
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one adoption at a time
    same = Recommendation.objects.filter(
        meeting=meeting, agenda_item=agenda_item, title=title.strip(), text=text
    ).first()
    if same is not None:
        return same  # the same adoption sent twice (a double click, a retried request)
    recommendation = Recommendation.objects.create(
        council=council,
        meeting=meeting,
        agenda_item=agenda_item,
        track=track,
        title=title.strip(),
        text=text,
        vote_result=vote_result,
        adopted_on=timezone.localdate(meeting.starts_at),
        created_by=by,
    )
    for body in bodies:
        Routing.objects.create(recommendation=recommendation, body=body)
    Event.objects.create(
        recommendation=recommendation,
        kind="adopted",
        by=by,
        detail=vote_result,
        at=adopted_at(meeting),
    )
    record(
        by,
        "recommendation.adopted",
        recommendation,
        council_id=council.pk,
        summary={"bodies": [b.code for b in bodies]},
    )
    return recommendation


@transaction.atomic
def route_meeting(meeting: Meeting, *, by: User | None) -> list[Routing]:
    """The minutes are public: send each recommendation of the meeting to its bodies."""
    link_councils(meeting.council.institution)
    now = timezone.now()
    routings = list(
        Routing.objects.select_related("body", "recommendation")
        .select_for_update(of=("self",))
        .filter(recommendation__meeting=meeting, routed_at__isnull=True)
    )
    for routing in routings:
        routing.routed_at = now
        routing.due_on = timezone.localdate(now) + dt.timedelta(days=routing.body.answer_days)
        routing.save(update_fields=["routed_at", "due_on"])
        Event.objects.create(
            recommendation=routing.recommendation,
            routing=routing,
            kind="routed",
            detail=routing.body.code,
            by=by,
        )
        record(by, "recommendation.routed", routing, council_id=meeting.council_id)
        _notify(routing, "recommendations/emails/routed.txt", _lazy("Préconisation à examiner"))
        if routing.body.council_id is not None:
            put_on_agenda(routing, by=by)
    return routings


def _item_title(routing: Routing) -> str:
    """The agenda item's title is stored, so it is written in the institution's language,
    whatever language the person who routed it reads."""
    recommendation = routing.recommendation
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Préconisation du conseil « %(council)s » : %(title)s") % {
            "council": recommendation.council.name,
            "title": recommendation.title,
        }
    return title[:255]


@transaction.atomic
def put_on_agenda(
    routing: Routing, *, by: User | None, meeting: Meeting | None = None
) -> AgendaItem | None:
    """The body is a council: the recommendation becomes a point to vote on at its next
    meeting whose agenda is in preparation (or at the meeting given), where its vote will
    answer. Nothing when it is already on an agenda, or when no meeting is open yet (the
    next meeting planned takes it: meetings.signals.meeting_planned)."""
    routing = (
        Routing.objects.select_for_update(of=("self",))
        .select_related("body__council")
        .get(pk=routing.pk)
    )
    council = routing.body.council
    if council is None or routing.agenda_item_id is not None or routing.answered:
        return None
    recommendation = routing.recommendation
    draft = meeting_actions.ItemDraft(
        title=_item_title(routing),
        kind=AgendaItem.Kind.VOTE,
        description=recommendation.text,
    )
    item = meeting_actions.add_follow_up_item(
        council, draft, reason="recommendation.routed", by=by, meeting=meeting
    )
    if item is None:
        return None
    routing.agenda_item = item
    routing.save(update_fields=["agenda_item"])
    Event.objects.create(
        recommendation=recommendation,
        routing=routing,
        kind="on_agenda",
        detail=f"{routing.body.code} : {item.meeting}",
        by=by,
    )
    return item


def waiting_for(council: Council) -> list[Routing]:
    """Routed to a body this council sits as, not answered, on no agenda yet."""
    return list(
        Routing.objects.filter(
            body__council=council, routed_at__isnull=False, agenda_item__isnull=True
        )
        .exclude(position__in=ANSWERED)
        .select_related("recommendation__council", "body")
        .order_by("routed_at", "pk")
    )


@transaction.atomic
def mark_read(routing: Routing, *, by: User) -> bool:
    """The first time a respondent opens it; returns True when this was the first reading."""
    if routing.read_at is not None or not roles.answers_for(by, routing.body):
        return False
    routing.read_at = timezone.now()
    routing.save(update_fields=["read_at"])
    Event.objects.create(recommendation=routing.recommendation, routing=routing, kind="read", by=by)
    return True


@transaction.atomic
def answer(
    routing: Routing,
    *,
    by: User,
    position: str,
    reasoning: str,
    planned_on: dt.date | None = None,
    implementation: str = "",
) -> Routing:
    if not roles.answers_for(by, routing.body):
        raise PermissionDenied
    if routing.routed_at is None:
        raise ValidationError(_("Cette préconisation n’a pas encore été transmise."))
    if position not in Routing.Position.values:
        raise ValidationError(_("Réponse inconnue."))
    if implementation and implementation not in Routing.Implementation.values:
        raise ValidationError(_("État de mise en œuvre inconnu."))
    if not reasoning.strip():
        raise ValidationError(_("Une réponse se motive."))
    mark_read(routing, by=by)
    return _record_answer(
        routing,
        by=by,
        position=position,
        reasoning=reasoning,
        planned_on=planned_on,
        implementation=implementation,
        at=timezone.now(),
    )


def _record_answer(
    routing: Routing,
    *,
    by: User | None,
    position: str,
    reasoning: str,
    at: dt.datetime,
    planned_on: dt.date | None = None,
    implementation: str = "",
    vote: Vote | None = None,
) -> Routing:
    """The answer, however given (by a person, or by `vote`): its events, the point on the
    CPER's next agenda, the audit entry and the head of mention told."""
    was_done = routing.implementation == Routing.Implementation.DONE
    routing.position = position
    routing.reasoning = reasoning.strip()
    routing.planned_on = planned_on
    routing.implementation = implementation
    routing.answered_at = at
    routing.answered_by = by
    routing.answer_vote = vote
    # The position's code, not its label: the timeline says it in each reader's language.
    events = [("answered", position)]
    if implementation == Routing.Implementation.DONE and not was_done:
        routing.implemented_at = at
        events.append(("implemented", ""))
    routing.save()
    item = meeting_actions.add_follow_up_item(
        routing.recommendation.council,
        meeting_actions.ItemDraft(
            title=_("Réponse de l’instance %(body)s à la préconisation « %(title)s »")
            % {"body": routing.body.code, "title": routing.recommendation.title[:180]},
        ),
        reason="recommendation.answered",
        by=by,
    )
    if item is not None:
        events.append(("on_agenda", str(item.meeting)))
    for kind, said in events:
        Event.objects.create(
            recommendation=routing.recommendation,
            routing=routing,
            kind=kind,
            detail=said if kind == "answered" else _coded(routing, said),
            vote=vote if kind == "answered" else None,
            by=by,
            at=at if kind != "on_agenda" else timezone.now(),
        )
    record(
        by,
        "recommendation.answered",
        routing,
        council_id=routing.recommendation.council_id,
        summary={"position": position, "implementation": implementation},
    )
    _notify_council(routing)
    return routing


def _coded(routing: Routing, said: str) -> str:
    return f"{routing.body.code} : {said}" if said else routing.body.code


@transaction.atomic
def answer_from_vote(vote: Vote, *, by: User | None) -> list[Routing]:
    """The council a recommendation was routed to voted on it: the vote's result is the
    body's answer (adopted: accepted; rejected: refused), dated by the sitting."""
    routings = list(
        Routing.objects.select_for_update(of=("self",))
        .select_related("body", "recommendation__council")
        .filter(agenda_item=vote.agenda_item_id)
        .exclude(position__in=ANSWERED)
    )
    # Stored as the record, in the institution's language like the vote's result; pages and
    # e-mails say it again in their reader's (Routing.reasoning_label).
    with translation.override(settings.LANGUAGE_CODE):
        reasoning = deliberation(vote)
    for routing in routings:
        position = Routing.Position.ACCEPTED if vote.adopted else Routing.Position.REFUSED
        _record_answer(
            routing,
            by=by,
            position=position,
            reasoning=reasoning,
            at=vote.closed_at or timezone.now(),
            vote=vote,
        )
    return routings


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind every body that owes an answer, at most once a week; returns how many."""
    now = now or timezone.now()
    due = (
        Routing.objects.filter(routed_at__isnull=False, answered_at__isnull=True)
        | Routing.objects.filter(position=Routing.Position.UNDER_STUDY)
    ).exclude(last_reminder_at__gt=now - REMINDER_EVERY)
    return sum(remind(pk, now) for pk in due.distinct().values_list("pk", flat=True))


@transaction.atomic
def remind(routing_pk: int, now: dt.datetime) -> bool:
    """Remind one body if still due: the row is locked and read again, so that two task
    workers running the morning's reminders at once remind it once (README, M workers)."""
    routing = (
        Routing.objects.select_for_update(of=("self",))
        .select_related("body", "recommendation__council")
        .exclude(last_reminder_at__gt=now - REMINDER_EVERY)
        .filter(pk=routing_pk)
        .first()
    )
    if routing is None:
        return False  # answered, or reminded by another worker meanwhile
    if routing.routed_at and now - routing.routed_at < REMINDER_EVERY:
        return False  # just routed: the first message is reminder enough
    routing.reminders_sent += 1
    routing.last_reminder_at = now
    routing.save(update_fields=["reminders_sent", "last_reminder_at"])
    _notify(
        routing,
        "recommendations/emails/reminder.txt",
        _lazy("Rappel : préconisation en attente de réponse"),
    )
    return True


def _link(routing: Routing) -> str:
    return settings.SITE_URL + reverse("recommendations:detail", args=[routing.recommendation_id])


def _notify(routing: Routing, template: str, subject: StrOrPromise) -> None:
    context = {"routing": routing, "link": _link(routing)}
    notify(routing.body.respondents.all(), subject, template, context)


def _notify_council(routing: Routing) -> None:
    """The head of mention learns the answer; the CPER sees it in its timeline."""
    council = routing.recommendation.council
    head = council.programme.head if council.programme else None
    if head is None:
        return
    notify(
        [head],
        lambda: (
            _("Réponse de l’instance %(body)s à une préconisation") % {"body": routing.body.code}
        ),
        "recommendations/emails/answered.txt",
        {"routing": routing, "link": _link(routing)},
    )
