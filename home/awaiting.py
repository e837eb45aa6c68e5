"""What awaits a person, across the apps: the home page's to-do list and the dashboard's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from conseils.compiled import Compiled
from convocations.actions import awaiting_signature
from convocations.models import Convocation
from councils import roles
from councils.models import CompositionProposal
from meetings.models import Answer, Meeting
from minutes.actions import active_approvals
from minutes.models import Approval, Minutes
from recommendations.models import Routing

AGENDA_HORIZON = dt.timedelta(days=60)
# How long a decided composition proposal stays on its proposer's home page.
DECIDED_HORIZON = dt.timedelta(days=90)


@dataclass(frozen=True)
class Task:
    label: str
    detail: str
    url: str
    # The date this step is due by (the meeting, the answer's deadline): sooner comes first.
    due: dt.date | None = None
    count: int = 1  # more than one when repetitive steps are grouped behind one link


class Section(NamedTuple):
    title: str
    tasks: list[Task]

    @property
    def total(self) -> int:
        return sum(t.count for t in self.tasks)


# How urgent each kind of step is, most urgent first: others wait on a validation or a
# signature, members on a convocation; answering a convocation waits on nobody but oneself.
RANK = {
    "validate_minutes": 0,
    "sign_convocations": 1,
    "send_convocations": 2,
    "decide_proposals": 3,  # the COSP and the council wait on the director's signed decision
    "set_agenda": 4,
    "answer_recommendations": 5,
    "publish_minutes": 6,
    "prepare_agenda": 7,
    "write_minutes": 8,
    "answer_meetings": 9,
    # The COSP's side of a CPER's composition: what it may propose, then what the director
    # has yet to decide, then what was decided; nobody waits on these, so they come last.
    "propose_compositions": 10,
    "proposals_pending": 11,
    "proposals_decided": 12,
}


@dataclass
class Awaiting:
    ranked: list[tuple[int, Section]] = field(default_factory=list)

    def add(self, kind: str, title: str, tasks: list[Task]) -> None:
        if tasks:
            far = dt.date.max
            tasks = sorted(tasks, key=lambda t: (t.due or far, t.label))
            self.ranked.append((RANK[kind], Section(title, tasks)))

    @property
    def sections(self) -> list[Section]:
        """Most urgent kind first; within a kind, the nearest deadline first. A step overdue
        (its date passed) comes before every kind, for it is late already."""
        today = timezone.localdate()

        def key(entry: tuple[int, Section]) -> tuple[bool, int]:
            rank, section = entry
            overdue = any(t.due is not None and t.due < today for t in section.tasks)
            return (not overdue, rank)

        return [section for _rank, section in sorted(self.ranked, key=key)]

    @property
    def count(self) -> int:
        return sum(section.total for _rank, section in self.ranked)


def _when(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")


def _day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at)


def _by_council(meetings: list[Meeting], one: Callable[[Meeting], Task]) -> list[Task]:
    """Repetitive steps grouped: one line per council, with one link, when it has several."""
    groups: dict[int, list[Meeting]] = {}
    for m in meetings:
        groups.setdefault(m.council_id, []).append(m)
    tasks = []
    for group in groups.values():
        first = min(group, key=lambda m: m.starts_at)
        if len(group) == 1:
            tasks.append(one(first))
            continue
        tasks.append(
            Task(
                first.council.name,
                ngettext(
                    "%(n)d séance, la prochaine le %(d)s",
                    "%(n)d séances, la prochaine le %(d)s",
                    len(group),
                )
                % {"n": len(group), "d": _when(first)},
                reverse("meetings:council_calendar", args=[first.council_id]),
                due=_day(first),
                count=len(group),
            )
        )
    return tasks


def _meeting_task(m: Meeting, url: str) -> Task:
    return Task(m.council.name, _when(m), url, due=_day(m))


# The minutes a person writes and those they validate, compiled once a day (conseils.compiled):
# every home page built and compiled them anew for SQL that only the person's id changes.
_writing: Compiled[Minutes] = Compiled(
    Minutes,
    lambda me: Minutes.objects.filter(secretary=me, status=Minutes.Status.DRAFT).select_related(
        "meeting__council"
    ),
)
_validating: Compiled[Minutes] = Compiled(
    Minutes,
    lambda me: (
        Minutes.objects.filter(
            status=Minutes.Status.IN_VALIDATION,
            approvals__person=me,
            approvals__decision=Approval.Decision.PENDING,
        )
        .select_related("meeting__council")
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("person")))
        .distinct()
    ),
)


def awaiting(user: User, standing: roles.Standing | None = None) -> Awaiting:
    """Every step that waits for this person, the most urgent first (see Awaiting.sections).

    `standing` (roles.standing_of: read here unless the caller has it) names the councils the
    person heads, presides, sits in or directs: the steps of a role the person does not hold
    are not asked for (a member heads, signs and publishes nothing: three queries, not ten).
    """
    held = standing or roles.standing_of(user)
    now = timezone.now()
    result = Awaiting()
    upcoming = Meeting.objects.filter(starts_at__gte=now).exclude(status=Meeting.Status.CANCELLED)
    drafts = (
        upcoming.filter(
            council__in=_ids(held.councils_headed),
            agenda_status=Meeting.AgendaStatus.DRAFT,
            starts_at__lte=now + AGENDA_HORIZON,
        ).select_related("council")
        if held.councils_headed
        else []
    )
    result.add(
        "prepare_agenda",
        _("Ordres du jour à préparer et proposer"),
        [_meeting_task(m, reverse("meetings:agenda", args=[m.pk])) for m in drafts],
    )
    to_set = (
        upcoming.filter(
            agenda_status=Meeting.AgendaStatus.SUBMITTED,
            council__in=_ids(held.councils_presided),
        ).select_related("council")
        if held.councils_presided
        else []
    )
    result.add(
        "set_agenda",
        _("Ordres du jour à arrêter"),
        [_meeting_task(m, reverse("meetings:agenda", args=[m.pk])) for m in to_set],
    )
    # Signed together from one page: grouped by council, each group linking to that page.
    to_sign_url = reverse("convocations:to_sign")
    result.add(
        "sign_convocations",
        _("Convocations à signer"),
        [
            replace(task, url=to_sign_url)
            for task in _by_council(
                awaiting_signature(user) if held.councils_directed else [],
                lambda m: _meeting_task(m, to_sign_url),
            )
        ],
    )
    to_send = (
        Convocation.objects.filter(
            status=Convocation.Status.SIGNED,
            meeting__council__in=_ids(held.councils_headed),
            meeting__starts_at__gte=now,
        ).select_related("meeting__council")
        if held.councils_headed
        else []
    )
    result.add(
        "send_convocations",
        _("Convocations signées à envoyer"),
        [
            _meeting_task(c.meeting, reverse("convocations:detail", args=[c.meeting_id]))
            for c in to_send
        ],
    )
    unanswered = (
        upcoming.filter(council__in=_ids(held.councils_seated))
        .annotate(
            answered=Exists(Answer.objects.filter(meeting=OuterRef("pk"), membership__person=user))
        )
        .filter(answered=False)
        .select_related("council")
        .order_by("starts_at")
        if held.councils_seated
        else []
    )
    result.add(
        "answer_meetings",
        _("Séances où votre présence est attendue : répondez"),
        _by_council(
            list(unanswered), lambda m: _meeting_task(m, reverse("meetings:answer", args=[m.pk]))
        ),
    )
    writing = _writing(user.pk)
    result.add(
        "write_minutes",
        _("Comptes rendus à rédiger"),
        [_meeting_task(m.meeting, reverse("minutes:detail", args=[m.pk])) for m in writing],
    )
    validating = _validating(user.pk)
    result.add(
        "validate_minutes",
        _("Comptes rendus à valider"),
        [
            _meeting_task(m.meeting, reverse("minutes:detail", args=[m.pk]))
            for m in validating
            if any(a.person_id == user.pk for a in active_approvals(m))
        ],
    )
    publishing = (
        Minutes.objects.filter(
            status=Minutes.Status.FROZEN, meeting__council__in=_ids(held.councils_directed)
        ).select_related("meeting__council")
        if held.councils_directed
        else []
    )
    result.add(
        "publish_minutes",
        _("Comptes rendus validés à publier"),
        [_meeting_task(m.meeting, reverse("minutes:detail", args=[m.pk])) for m in publishing],
    )
    answering = (
        roles.routings_answered_by(user, Routing.objects.all())
        .filter(Q(position="") | Q(position=Routing.Position.UNDER_STUDY))
        .select_related("body", "recommendation")
        if held.bodies_answered
        else []
    )
    result.add(
        "answer_recommendations",
        _("Préconisations auxquelles répondre"),
        [
            Task(
                r.recommendation.title,
                f"{r.body.code} — "
                + (_("échéance %(d)s") % {"d": r.due_on.strftime("%d/%m/%Y")} if r.due_on else ""),
                reverse("recommendations:detail", args=[r.recommendation_id]),
                due=r.due_on,
            )
            for r in answering
        ],
    )
    deciding = (
        CompositionProposal.objects.filter(
            status=CompositionProposal.Status.PROPOSED,
            council__in=_ids(held.councils_directed),
        ).select_related("council")
        if held.councils_directed
        else []
    )
    result.add(
        "decide_proposals",
        _("Propositions du COSP à décider"),
        [
            Task(
                p.council.name,
                _("Proposition n° %(n)d du %(d)s") % {"n": p.pk, "d": _day_of(p)},
                reverse("councils:proposal", args=[p.council_id, p.pk]),
            )
            for p in deciding
        ],
    )
    if held.bodies_answered or held.councils_presided:  # who may speak for a COSP
        _add_cosp_proposals(result, user, now)
    return result


def _ids(councils: frozenset[int]) -> list[int]:
    """A Standing's set as a query parameter (sorted: the same SQL for the same councils)."""
    return sorted(councils)


def _day_of(p: CompositionProposal) -> str:
    """The day of the proposal's last step: its decision, or its sending."""
    return timezone.localtime(p.decided_at or p.proposed_at).strftime("%d/%m/%Y")


def _add_cosp_proposals(result: Awaiting, user: User, now: dt.datetime) -> None:
    """The CPERs whose composition the person proposes for the COSP, each with the state of
    its proposals: they were reachable only from the list of councils (QA walk)."""
    recent = CompositionProposal.objects.filter(
        Q(status=CompositionProposal.Status.PROPOSED) | Q(decided_at__gte=now - DECIDED_HORIZON)
    ).order_by("-proposed_at", "-pk")
    councils = (
        roles.councils_open_to_proposal_by(user)
        .prefetch_related(Prefetch("proposals", queryset=recent, to_attr="recent_proposals"))
        .order_by("name")
    )
    free: list[Task] = []
    pending: list[Task] = []
    decided: list[Task] = []
    for council in councils:
        proposals = council.recent_proposals
        if not any(p.is_open for p in proposals):
            url = reverse("councils:proposals", args=[council.pk])
            free.append(Task(council.name, _("aucune proposition en cours"), url))
        for p in proposals:
            url = reverse("councils:proposal", args=[council.pk, p.pk])
            if p.is_open:
                detail = _("Proposition n° %(n)d du %(d)s") % {"n": p.pk, "d": _day_of(p)}
                pending.append(Task(council.name, detail, url))
            else:
                detail = _("Proposition n° %(n)d : %(status)s, le %(d)s") % {
                    "n": p.pk,
                    "status": p.get_status_display(),
                    "d": _day_of(p),
                }
                decided.append(Task(council.name, detail, url))
    result.add(
        "propose_compositions", _("Conseils dont le COSP peut proposer la composition"), free
    )
    result.add(
        "proposals_pending", _("Propositions en attente de la décision de la direction"), pending
    )
    result.add("proposals_decided", _("Propositions décidées par la direction"), decided)


def next_meetings(
    user: User, standing: roles.Standing | None = None, limit: int = 5
) -> list[Meeting]:
    held = standing or roles.standing_of(user)
    return list(
        Meeting.objects.filter(
            starts_at__gte=timezone.now(), council__in=roles.councils_read_in(held)
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("council")
        .order_by("starts_at")[:limit]
    )
