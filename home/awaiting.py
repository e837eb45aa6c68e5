"""What awaits a person, across the apps: the home page's to-do list and the dashboard's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from convocations.actions import awaiting_signature
from convocations.models import Convocation
from councils import roles
from meetings.models import Answer, Meeting
from minutes.actions import active_approvals
from minutes.models import Approval, Minutes
from recommendations.models import Routing

AGENDA_HORIZON = dt.timedelta(days=60)


@dataclass(frozen=True)
class Task:
    label: str
    detail: str
    url: str


@dataclass
class Awaiting:
    sections: list[tuple[str, list[Task]]] = field(default_factory=list)

    def add(self, title: str, tasks: list[Task]) -> None:
        if tasks:
            self.sections.append((title, tasks))

    @property
    def count(self) -> int:
        return sum(len(tasks) for _title, tasks in self.sections)


def _when(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")


def awaiting(user: User) -> Awaiting:
    """Every step that waits for this person, in the order of a council's life."""
    now = timezone.now()
    result = Awaiting()
    upcoming = Meeting.objects.filter(starts_at__gte=now).exclude(status=Meeting.Status.CANCELLED)
    drafts = upcoming.filter(
        council__in=roles.councils_of_head(user),
        agenda_status=Meeting.AgendaStatus.DRAFT,
        starts_at__lte=now + AGENDA_HORIZON,
    ).select_related("council")
    result.add(
        _("Ordres du jour à préparer et proposer"),
        [Task(m.council.name, _when(m), reverse("meetings:agenda", args=[m.pk])) for m in drafts],
    )
    to_set = upcoming.filter(
        agenda_status=Meeting.AgendaStatus.SUBMITTED,
        council__in=roles.councils_presided_by(user),
    ).select_related("council")
    result.add(
        _("Ordres du jour à arrêter"),
        [Task(m.council.name, _when(m), reverse("meetings:agenda", args=[m.pk])) for m in to_set],
    )
    result.add(
        _("Convocations à signer"),
        [
            Task(m.council.name, _when(m), reverse("convocations:to_sign"))
            for m in awaiting_signature(user)
        ],
    )
    to_send = Convocation.objects.filter(
        status=Convocation.Status.SIGNED,
        meeting__council__in=roles.councils_of_head(user),
        meeting__starts_at__gte=now,
    ).select_related("meeting__council")
    result.add(
        _("Convocations signées à envoyer"),
        [
            Task(
                c.meeting.council.name,
                _when(c.meeting),
                reverse("convocations:detail", args=[c.meeting_id]),
            )
            for c in to_send
        ],
    )
    unanswered = (
        upcoming.filter(council__in=roles.councils_where_seated(user))
        .annotate(
            answered=Exists(Answer.objects.filter(meeting=OuterRef("pk"), membership__person=user))
        )
        .filter(answered=False)
        .select_related("council")[:20]
    )
    result.add(
        _("Séances où votre présence est attendue : répondez"),
        [
            Task(m.council.name, _when(m), reverse("meetings:answer", args=[m.pk]))
            for m in unanswered
        ],
    )
    writing = Minutes.objects.filter(secretary=user, status=Minutes.Status.DRAFT).select_related(
        "meeting__council"
    )
    result.add(
        _("Comptes rendus à rédiger"),
        [
            Task(m.meeting.council.name, _when(m.meeting), reverse("minutes:detail", args=[m.pk]))
            for m in writing
        ],
    )
    validating = (
        Minutes.objects.filter(
            status=Minutes.Status.IN_VALIDATION,
            approvals__person=user,
            approvals__decision=Approval.Decision.PENDING,
        )
        .select_related("meeting__council")
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("person")))
        .distinct()
    )
    result.add(
        _("Comptes rendus à valider"),
        [
            Task(m.meeting.council.name, _when(m.meeting), reverse("minutes:detail", args=[m.pk]))
            for m in validating
            if any(a.person_id == user.pk for a in active_approvals(m))
        ],
    )
    publishing = roles.minutes_to_publish_by(
        user, Minutes.objects.filter(status=Minutes.Status.FROZEN)
    ).select_related("meeting__council")
    result.add(
        _("Comptes rendus validés à publier"),
        [
            Task(m.meeting.council.name, _when(m.meeting), reverse("minutes:detail", args=[m.pk]))
            for m in publishing
        ],
    )
    answering = (
        roles.routings_answered_by(user, Routing.objects.all())
        .filter(Q(position="") | Q(position=Routing.Position.UNDER_STUDY))
        .select_related("body", "recommendation")
    )
    result.add(
        _("Préconisations auxquelles répondre"),
        [
            Task(
                r.recommendation.title,
                f"{r.body.code} — "
                + (_("échéance %(d)s") % {"d": r.due_on.strftime("%d/%m/%Y")} if r.due_on else ""),
                reverse("recommendations:detail", args=[r.recommendation_id]),
            )
            for r in answering
        ],
    )
    return result


def next_meetings(user: User, limit: int = 5) -> list[Meeting]:
    return list(
        roles.meetings_readable_by(user, Meeting.objects.filter(starts_at__gte=timezone.now()))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("council")
        .order_by("starts_at")[:limit]
    )
