"""Who may do what: the one module that decides it.

Every predicate reads the person first, then the object (`may_edit_agenda(user, meeting)`),
and each one that lists things has its queryset filter beside it, written so that the list
and the single check cannot disagree (`councils_readable_by(user)` / `may_read_council(user,
council)`). Views (through each app's access helpers), the API, the home page's task list and
the actions all ask here; no other module decides who may.

Plain functions rather than django-rules: rules' predicates answer for one object, while
every page here also needs the matching queryset filter, which rules does not provide; and
the roles come from data (an institution's director, a programme's head, a council's current
seats), not from Django permissions.

This module sits in councils, below meetings, convocations, sittings, minutes and
recommendations: it never imports them. Predicates on their objects read attributes
(`meeting.council`, `minutes.secretary_id`…), and their queryset filters take the queryset
to filter (`meetings_readable_by(user, Meeting.objects.all())`).

The roles (see the seed, and DESIGN.md): the director of the institution; the head of the
council's programme (responsable de mention); the heads of the tracks it follows; its
president; its current members; the session secretary of a meeting; the respondents of a
body that answers recommendations. Superusers (technical staff) read and keep everything,
but sign nothing: only the director signs, only the head of mention sends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import CharField, F, Model, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conseils.compiled import Compiled
from councils import models
from councils.models import Council, CouncilQuerySet, Institution, Membership, Programme
from councils.proposals import PROPOSED_BY_COSP, CompositionProposal

Q_ = TypeVar("Q_", bound=QuerySet[Any])


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def roles_of(user: Any) -> list[str]:
    """The roles a person holds, by name, derived from data (for the home page and tests)."""
    return standing_of(user).roles()


# --- everything a person holds, read at once ----------------------------------------------


@dataclass(frozen=True)
class Standing:
    """What a person holds, as ids, read in one query (`standing_of`): for a page that asks
    many questions of the same person. The home page asked a dozen, each a subquery that
    Django compiled and PostgreSQL planned anew, most of them for roles the person does not
    hold (bench/pages.py --cost). Nothing keeps it: whoever needs it later reads it again.

    Each set answers as the queryset filter named beside it does.
    """

    signed_in: bool = False
    superuser: bool = False
    staff: bool = False
    institutions_directed: frozenset[int] = frozenset()  # institutions_of_director
    programmes_headed: frozenset[int] = frozenset()
    tracks_headed: frozenset[int] = frozenset()
    councils_directed: frozenset[int] = frozenset()  # councils_of_director
    councils_headed: frozenset[int] = frozenset()  # councils_of_head
    councils_followed: frozenset[int] = frozenset()  # the councils of the tracks headed
    councils_seated: frozenset[int] = frozenset()  # councils_where_seated
    councils_presided: frozenset[int] = frozenset()  # councils_presided_by
    councils_as_student: frozenset[int] = frozenset()
    institutions_observed: frozenset[int] = frozenset()  # institutions_observed_by
    bodies_answered: frozenset[int] = frozenset()  # the bodies of routings_answered_by

    @property
    def councils_read(self) -> frozenset[int]:
        """councils_readable_by, but for superusers (who read every council)."""
        return frozenset().union(*(getattr(self, kind) for kind in COUNCILS_READ))

    def roles(self) -> list[str]:
        """roles_of, in its order."""
        if not self.signed_in:
            return ["public"]
        held = {
            "staff": self.staff,
            "director": bool(self.institutions_directed),
            "head_of_mention": bool(self.programmes_headed),
            "head_of_track": bool(self.tracks_headed),
            "president": bool(self.councils_presided),
            "member": bool(self.councils_seated),
            "student_representative": bool(self.councils_as_student),
            "observatory": bool(self.institutions_observed),
        }
        return [role for role, holds in held.items() if holds]


# The sets of a Standing, each read by the lookup of the same name in LOOKUPS.
STANDING_KINDS = tuple(f.name for f in fields(Standing) if f.type == "frozenset[int]")


def _seats(me: Any, day: dt.date) -> QuerySet[Any]:
    return Membership.objects.current(day).filter(person=me)


def _answering() -> Any:
    # The bodies' respondents, through the user model: recommendations sit above this module.
    return get_user_model().answering_bodies.through.objects


# Each role a person may hold, as one small index lookup: (person id, day) → queryset, and the
# id it gives. The one table `standing_of` and `readable_council_ids` both read, so that the
# councils a page lists and those a check lets through cannot disagree.
LOOKUPS: dict[str, tuple[Callable[[Any, dt.date], QuerySet[Any]], str]] = {
    "institutions_directed": (lambda me, day: Institution.objects.filter(director=me), "pk"),
    "programmes_headed": (lambda me, day: Programme.objects.filter(head=me), "pk"),
    "tracks_headed": (lambda me, day: models.Track.objects.filter(head=me), "pk"),
    "councils_directed": (
        lambda me, day: Council.objects.filter(institution__director=me),
        "pk",
    ),
    "councils_headed": (lambda me, day: Council.objects.filter(programme__head=me), "pk"),
    "councils_followed": (
        lambda me, day: Council.tracks.through.objects.filter(track__head=me),
        "council_id",
    ),
    "councils_seated": (_seats, "council_id"),
    "councils_presided": (
        lambda me, day: _seats(me, day).filter(is_president=True),
        "council_id",
    ),
    "councils_as_student": (
        lambda me, day: _seats(me, day).filter(category=models.STUDENT_REPRESENTATIVE),
        "council_id",
    ),
    "institutions_observed": (
        lambda me, day: models.ObservatoryMember.objects.filter(person=me),
        "institution_id",
    ),
    "bodies_answered": (lambda me, day: _answering().filter(user_id=me), "body_id"),
}


def _lookup(kind: str, me: Any, day: dt.date) -> QuerySet[Any]:
    """The ids one role gives the person (no ordering: a part of a UNION)."""
    queryset, field = LOOKUPS[kind]
    return queryset(me, day).order_by().values(field)


# The lookups whose councils a person reads (Standing.councils_read, readable_council_ids).
COUNCILS_READ = ("councils_directed", "councils_headed", "councils_followed", "councils_seated")


def _standing_union(me: int) -> QuerySet[Any]:
    """standing_of's UNION ALL, compiled once a day per process (`_standing`): Django built and
    compiled its eleven querysets for every page (~9,700 function calls, 18 % of a member's home
    page, bench/pages.py --cost), for SQL that only the person's id changes."""
    day = timezone.localdate()
    lookups = [
        queryset(me, day)
        .order_by()
        .annotate(kind=Value(kind, output_field=CharField()), ref=F(field))
        .values_list("kind", "ref")
        for kind, (queryset, field) in LOOKUPS.items()
    ]
    return lookups[0].union(*lookups[1:], all=True)


_standing: Compiled[Any] = Compiled(Membership, _standing_union)


def standing_of(user: Any) -> Standing:
    """The person's Standing, in one query: a UNION ALL of small index lookups."""
    if not _signed_in(user):
        return Standing()
    found: dict[str, set[int]] = {kind: set() for kind in STANDING_KINDS}
    sql, params, alias = _standing.sql(user.pk)  # plain rows: no queryset to set up
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        for kind, ref in cursor.fetchall():
            found[kind].add(ref)
    return Standing(
        signed_in=True,
        superuser=user.is_superuser,
        staff=user.is_staff,
        **{kind: frozenset(ids) for kind, ids in found.items()},
    )


# --- the institution ----------------------------------------------------------------------


def directs(user: Any, institution: Institution) -> bool:
    """The director (and technical staff) see and do what is the institution's."""
    return _signed_in(user) and (user.is_superuser or institution.director_id == user.pk)


def institutions_directed_by(user: Any) -> QuerySet[Institution]:
    """The institutions whose documents and dashboard are the person's (`directs`)."""
    if not _signed_in(user):
        return Institution.objects.none()
    if user.is_superuser:
        return Institution.objects.all()
    return Institution.objects.filter(director=user.pk)


def institutions_of_director(user: Any) -> QuerySet[Institution]:
    """The institutions the person directs in person (their signature book)."""
    if not _signed_in(user):
        return Institution.objects.none()
    return Institution.objects.filter(director=user.pk)


def may_set_up(user: Any, institution: Institution) -> bool:
    """Who sets up the institution's structure (components, programmes, councils…): its director."""
    return directs(user, institution)


def may_manage_people(user: Any, institution: Institution | None = None) -> bool:
    """Directors and heads of mention see and keep the directory of people (they compose
    councils); `institution` narrows the question to one institution (None: any)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    directed = Institution.objects.filter(director=user.pk)
    headed = Programme.objects.filter(head=user.pk)
    if institution is not None:
        directed = directed.filter(pk=institution.pk)
        headed = headed.filter(institution=institution)
    return directed.exists() or headed.exists()


# --- the council --------------------------------------------------------------------------


def may_read_council(user: Any, council: Council) -> bool:
    """Its institution's director, its programme's head, the heads of the tracks it follows,
    and the people who sit in it now (see `councils_readable_by`)."""
    return councils_readable_by(user).filter(pk=council.pk).exists()


def readable_council_ids(user: Any) -> QuerySet[Any]:
    """The ids of the councils a signed-in person reads (see `councils_readable_by`), as one
    subquery: a UNION of four small index lookups.

    Not `director = me OR head = me OR id IN (…) OR id IN (…)` on the council row:
    PostgreSQL cannot estimate such an OR (it guessed 600 of 800 councils visible where 25
    were), so every page that filters meetings, minutes or people by it scanned whole
    tables (bench/pages.py --cost: 70 ms of SQL for the people a director searches).
    """
    day = timezone.localdate()
    # order_by(): no model ordering (nor its joins) inside the subquery.
    directed, *others = (_lookup(kind, user.pk, day) for kind in COUNCILS_READ)
    return directed.union(*others)


def councils_readable_by(user: Any) -> CouncilQuerySet:
    """The director's institution, the head's programme, the head of track's tracks, and the
    councils where the person sits now."""
    if not _signed_in(user):
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(pk__in=readable_council_ids(user))


@dataclass(frozen=True)
class Reader:
    """A signed-in person who is not a superuser, known by id only: what a lookup compiled once
    a day (`Readable`) is built for. Every predicate here answers for it as for the person."""

    pk: int
    is_authenticated: bool = True
    is_superuser: bool = False


M = TypeVar("M", bound=Model)


class Readable(Generic[M]):
    """`get_object_or_404(readable(user), pk=pk)`, where `readable` filters objects down to what
    the person may read. For a signed-in person who is not a superuser, the SQL is compiled once
    a day (conseils.compiled): building and compiling it (the councils a person reads are a
    UNION of four lookups) was ~6,000 to 9,000 function calls of every meeting, council and
    minutes page (bench/pages.py --cost)."""

    def __init__(self, model: type[M], readable: Callable[[Any], QuerySet[M]]) -> None:
        self.readable = readable
        self.compiled: Compiled[M] = Compiled(
            model, lambda me, pk: readable(Reader(me)).filter(pk=pk).order_by()
        )

    def get(self, user: Any, pk: int) -> M:
        if _signed_in(user) and not user.is_superuser:
            return self.compiled.one_or_404(user.pk, pk)
        return get_object_or_404(self.readable(user), pk=pk)


def councils_read_in(standing: Standing) -> CouncilQuerySet:
    """councils_readable_by, from the person's Standing read already."""
    if standing.superuser:
        return Council.objects.all()
    return Council.objects.filter(pk__in=sorted(standing.councils_read))


def may_edit_council(user: Any, council: Council) -> bool:
    """The composition is kept by the director and by the head of the council's programme
    (see `councils_editable_by`)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return council.institution.director_id == user.pk or (
        council.programme is not None and council.programme.head_id == user.pk
    )


def councils_editable_by(user: Any) -> CouncilQuerySet:
    if not _signed_in(user):
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(Q(institution__director=user.pk) | Q(programme__head=user.pk))


def may_organise(user: Any, council: Council) -> bool:
    """Plan, move and cancel meetings; draft and submit the agenda; reconvene a sitting."""
    return may_edit_council(user, council)


def seat_of(user: Any, council: Council) -> Membership | None:
    """The person's current seat in the council, if any (members answer for themselves)."""
    if not _signed_in(user):
        return None
    return next((m for m in council.current_memberships() if m.person_id == user.pk), None)


def may_check_in(user: Any, meeting: Any) -> bool:
    """A member says "je suis présent(e)" from their own device: only for their own current
    seat among those the meeting convokes (the sitting's state is meetings.lifecycle's business)."""
    return not meeting.is_cancelled and convoked_seat(user, meeting) is not None


def meetings_to_check_in(user: Any, meetings: Q_) -> Q_:
    """The meetings where `may_check_in` holds, among `meetings`."""
    return meetings.filter(council__in=councils_where_seated(user)).exclude(status="cancelled")


def may_end_mandate_for_absences(user: Any, council: Council) -> bool:
    """A member flagged for absences is reported to the president and the director, who may
    record the end of the mandate."""
    return presides(user, council) or is_director_of(user, council)


def councils_flagged_to(user: Any) -> QuerySet[Council]:
    """Councils whose absence flags the person is told of (as president or director)."""
    presided = councils_presided_by(user).values("pk")
    directed = councils_of_director(user).values("pk")
    return Council.objects.filter(Q(pk__in=presided) | Q(pk__in=directed))


def convoked_seat(user: Any, meeting: Any) -> Membership | None:
    """The person's seat among those the meeting convokes (a site sub-council's meeting
    convokes its own members only): they answer the convocation."""
    if not _signed_in(user):
        return None
    council = meeting.council
    if meeting.subcouncil_id is None and council.seats_read() is not None:
        # The page read the council's current seats already (the meeting page): a council's
        # meeting convokes them all.
        return seat_of(user, council)
    return meeting.convoked_memberships().filter(person_id=user.pk).first()


def presides(user: Any, council: Council) -> bool:
    president = council.president() if _signed_in(user) else None
    return president is not None and president.person_id == user.pk


def councils_presided_by(user: Any) -> QuerySet[Council]:
    if not _signed_in(user):
        return Council.objects.none()
    seats = Membership.objects.current().filter(person=user.pk, is_president=True)
    return Council.objects.filter(pk__in=seats.values("council_id"))


def councils_where_seated(user: Any) -> QuerySet[Council]:
    """The councils where the person sits now (`seat_of` is not None)."""
    if not _signed_in(user):
        return Council.objects.none()
    seats = Membership.objects.current().filter(person=user.pk)
    return Council.objects.filter(pk__in=seats.values("council_id"))


def leads(user: Any, council: Council) -> bool:
    """Organisers and the president: who prepares a meeting and follows it up (expected
    attendance, the session secretary, recommendations adopted in the sitting)."""
    return may_organise(user, council) or presides(user, council)


def is_director_of(user: Any, council: Council) -> bool:
    """The director of the council's institution in person (not staff, not a superuser)."""
    return _signed_in(user) and council.institution.director_id == user.pk


def councils_of_director(user: Any) -> QuerySet[Council]:
    if not _signed_in(user):
        return Council.objects.none()
    return Council.objects.filter(institution__director=user.pk)


def is_head_of(user: Any, council: Council) -> bool:
    """The head of the council's programme in person (responsable de mention)."""
    programme = council.programme
    return _signed_in(user) and programme is not None and programme.head_id == user.pk


def councils_of_head(user: Any) -> QuerySet[Council]:
    if not _signed_in(user):
        return Council.objects.none()
    return Council.objects.filter(programme__head=user.pk)


# --- meetings -----------------------------------------------------------------------------


def may_read_meeting(user: Any, meeting: Any) -> bool:
    return may_read_council(user, meeting.council)


def meetings_readable_by(user: Any, meetings: Q_) -> Q_:
    """Meetings (or anything with a `council`) of the councils the person reads."""
    return meetings.filter(council__in=councils_readable_by(user))


def may_edit_agenda(user: Any, meeting: Any) -> bool:
    """Who holds the pen now: organisers while drafting, the president once submitted."""
    if meeting.is_cancelled or not _signed_in(user):
        return False
    if meeting.agenda_status == "draft":
        return may_organise(user, meeting.council)
    if meeting.agenda_status == "submitted":
        return presides(user, meeting.council)
    return False


def may_reopen_agenda(user: Any, meeting: Any) -> bool:
    return (
        meeting.agenda_status == "set" and not meeting.is_cancelled and leads(user, meeting.council)
    )


def may_read_convocation_register(user: Any, council: Council) -> bool:
    """The register lists every member's e-mail address, delivery errors and opening times:
    the organisers who send convocations read it, not the members (issue 10 §1.11)."""
    return may_organise(user, council)


def may_sign_convocation(user: Any, council: Council) -> bool:
    """Only the director of the council's institution signs its convocations."""
    return is_director_of(user, council)


def may_send_convocation(user: Any, council: Council) -> bool:
    """Only the head of the council's programme sends its convocations."""
    return is_head_of(user, council)


def session_secretary(meeting: Any) -> Any | None:
    """The session secretary, designated when the minutes are started (minutes.actions.start):
    the first version's, which a correction keeps."""
    first = meeting.minutes.filter(corrects__isnull=True).select_related("secretary").first()
    return first.secretary if first is not None else None


def may_run_room(user: Any, meeting: Any, secretary: Any = ...) -> bool:
    """President, session secretary, head of mention, director (and superusers); never for a
    cancelled meeting. `secretary` is the session secretary when the caller knows it already
    (None: there is none); otherwise it is looked up, only if the person holds no other role."""
    if not _signed_in(user) or meeting.is_cancelled:
        return False
    if leads(user, meeting.council):
        return True
    person = session_secretary(meeting) if secretary is ... else secretary
    return person is not None and person.pk == user.pk


# --- minutes ------------------------------------------------------------------------------


def may_read_draft(user: Any, minutes: Any) -> bool:
    """A text still being written or validated: its secretary, its validators, the
    council's editors and its president."""
    council = minutes.meeting.council
    uid = getattr(user, "pk", None)
    if may_edit_council(user, council) or minutes.secretary_id == uid:
        return True
    if presides(user, council):
        return True
    return bool(minutes.approvals.filter(person_id=uid).exists())


def may_write_minutes(user: Any, minutes: Any) -> bool:
    """The session secretary writes the minutes (seed: "Un compte rendu de chaque réunion est
    établi par un.e secrétaire de séance")."""
    return minutes.secretary_id is not None and minutes.secretary_id == getattr(user, "pk", None)


def minutes_writable_by(user: Any, minutes: Q_) -> Q_:
    """The minutes whose session secretary the person is."""
    return minutes.filter(secretary_id=getattr(user, "pk", None))


def minutes_readable_by(user: Any, minutes: Q_) -> Q_:
    """Minutes of the meetings of the councils the person reads (drafts: `may_read_draft`)."""
    return minutes.filter(meeting__council__in=councils_readable_by(user))


def may_publish_minutes(user: Any, minutes: Any) -> bool:
    """The director publishes (and corrects) what was validated."""
    return directs(user, minutes.meeting.council.institution)


def minutes_to_publish_by(user: Any, minutes: Q_) -> Q_:
    """The director's own list (superusers may publish, but nothing waits for them)."""
    return minutes.filter(meeting__council__in=councils_of_director(user))


# --- recommendations ----------------------------------------------------------------------


def may_adopt_recommendation(user: Any, council: Council) -> bool:
    return leads(user, council)


def answers_for(user: Any, body: Any) -> bool:
    """The person answers the recommendations sent to this body."""
    return _signed_in(user) and bool(body.respondents.filter(pk=user.pk).exists())


def routings_answered_by(user: Any, routings: Q_) -> Q_:
    """Routings the person answers: sent to a body they answer for."""
    if not _signed_in(user):
        return routings.none()
    return routings.filter(body__respondents=user.pk, routed_at__isnull=False)


def recommendations_readable_by(user: Any, recommendations: Q_) -> Q_:
    """Readers of the council, and the people who answer for a body it was sent to."""
    if not _signed_in(user):
        return recommendations.none()
    # One subquery of ids, a UNION of two index lookups, rather than an OR across a join on
    # the routings: that OR needed DISTINCT over the join and PostgreSQL could not estimate
    # it (170 ms of SQL for a director's search, bench/pages.py --cost).
    model = recommendations.model
    of_councils = model.objects.filter(council__in=councils_readable_by(user)).values("pk")
    sent_to_me = model.objects.filter(
        routings__body__respondents=user, routings__routed_at__isnull=False
    ).values("pk")
    return recommendations.filter(pk__in=of_councils.order_by().union(sent_to_me.order_by()))


def may_read_body_board(user: Any, body: Any) -> bool:
    """A body's board: its respondents and the institution's director."""
    return directs(user, body.institution) or answers_for(user, body)


# --- the observatoire des formations (issue 14 §6) ----------------------------------------
# The evaluation is done "en collaboration avec l'observatoire des formations": the accounts
# of the institution's observatory enter and import the indicators of every training and
# read every evidence pack, beside the director and the head of the council's programme.


def observes(user: Any, institution: Institution) -> bool:
    """The person is an account of the institution's observatoire des formations."""
    return _signed_in(user) and bool(
        models.ObservatoryMember.objects.filter(institution=institution, person=user.pk).exists()
    )


def institutions_observed_by(user: Any) -> QuerySet[Institution]:
    if not _signed_in(user):
        return Institution.objects.none()
    return Institution.objects.filter(observatory_members__person=user.pk)


def councils_observed_by(user: Any) -> QuerySet[Council]:
    """Every council of the institutions whose observatory the person belongs to."""
    return Council.objects.filter(institution__in=institutions_observed_by(user))


def may_manage_observatory(user: Any, institution: Institution) -> bool:
    """The director names (and removes) the accounts of the observatory."""
    return directs(user, institution)


def may_enter_indicators(user: Any, council: Council) -> bool:
    """Enter or import the indicators of the council's trainings: its editors (director, head
    of mention) and the observatory (see `councils_for_indicators`)."""
    return may_edit_council(user, council) or observes(user, council.institution)


def councils_for_indicators(user: Any) -> QuerySet[Council]:
    if not _signed_in(user):
        return Council.objects.none()
    return Council.objects.filter(
        Q(pk__in=councils_editable_by(user).values("pk"))
        | Q(pk__in=councils_observed_by(user).values("pk"))
    )


def may_read_pack(user: Any, council: Council) -> bool:
    """A council's yearly evidence pack: its readers and the observatory
    (see `councils_with_pack_readable_by`)."""
    return may_read_council(user, council) or observes(user, council.institution)


def councils_with_pack_readable_by(user: Any) -> QuerySet[Council]:
    if not _signed_in(user):
        return Council.objects.none()
    return Council.objects.filter(
        Q(pk__in=councils_readable_by(user).values("pk"))
        | Q(pk__in=councils_observed_by(user).values("pk"))
    )


# --- the CPERs' composition: proposed by the COSP, decided by the director -----------------
# The seed page: the composition of the CPERs is "arrêtée par le.la directeur.rice sur
# proposition du conseil d'orientation scientifique et pédagogique".


def speaks_for_cosp(user: Any, institution: Institution) -> bool:
    """The people who answer for the institution's COSP, and the president of its COSP."""
    if not _signed_in(user):
        return False
    return bool(
        user.answering_bodies.filter(institution=institution, code="COSP").exists()
        or Membership.objects.current()
        .filter(
            person=user.pk,
            is_president=True,
            council__institution=institution,
            council__council_type="inspe_cosp",
        )
        .exists()
    )


def institutions_of_cosp_speaker(user: Any) -> QuerySet[Institution]:
    if not _signed_in(user):
        return Institution.objects.none()
    presided = Membership.objects.current().filter(
        person=user.pk, is_president=True, council__council_type="inspe_cosp"
    )
    return Institution.objects.filter(
        Q(bodies__code="COSP", bodies__respondents=user.pk)
        | Q(pk__in=presided.values("council__institution"))
    ).distinct()


def may_propose_composition(user: Any, council: Council) -> bool:
    """The COSP proposes the composition of the CPERs (see `councils_open_to_proposal_by`)."""
    return (
        council.council_type in PROPOSED_BY_COSP
        and not council.is_retired()
        and speaks_for_cosp(user, council.institution)
    )


def councils_open_to_proposal_by(user: Any) -> QuerySet[Council]:
    return Council.objects.active().filter(
        council_type__in=PROPOSED_BY_COSP, institution__in=institutions_of_cosp_speaker(user)
    )


# The council list asks it on every page: compiled once a day (conseils.compiled).
_open_to_proposal: Compiled[Council] = Compiled(
    Council, lambda me: councils_open_to_proposal_by(Reader(me))
)


def councils_open_to_proposal_listed(user: Any) -> list[Council]:
    """The councils of `councils_open_to_proposal_by`, read through SQL compiled once a day."""
    return _open_to_proposal(user.pk) if _signed_in(user) else []


def may_decide_composition(user: Any, council: Council) -> bool:
    """The director in person decides (and signs): not staff, not a superuser."""
    return is_director_of(user, council)


def proposals_decided_by(
    user: Any, proposals: QuerySet[CompositionProposal]
) -> QuerySet[CompositionProposal]:
    """may_decide_composition as a queryset filter: the proposals of the director's councils."""
    if not _signed_in(user):
        return proposals.none()
    return proposals.filter(council__institution__director=user.pk)


def may_read_proposals(user: Any, council: Council) -> bool:
    """A council's proposals: its readers, and the people who speak for the COSP."""
    return may_read_council(user, council) or speaks_for_cosp(user, council.institution)


# --- the provisional calendar, set as one act by the director ------------------------------
# The seed page: "Un calendrier prévisionnel des réunions est arrêté en début d'année
# universitaire pour l'année à venir."


def may_set_calendar(user: Any, institution: Institution) -> bool:
    """The director in person sets the year's calendar (per council or for the institute)."""
    return _signed_in(user) and institution.director_id == user.pk


def may_read_set_calendar(user: Any, council: Council) -> bool:
    """The set calendar of a council: its readers (its members are told of it)."""
    return may_read_council(user, council)


# --- elections of council members (D. 719-20 to D. 719-22, D. 721-4) -----------------------
# The director organises the elections of the councils they keep; every reader of the council
# reads its elections, their results and their procès-verbaux.


def may_run_elections(user: Any, council: Council) -> bool:
    """Organise an election, enter its electors, lists and results, proclaim it, and give a
    vacant elected seat to the next in line: the council's editors (for an INSPE council, its
    director)."""
    return may_edit_council(user, council)


def may_read_elections(user: Any, council: Council) -> bool:
    return may_read_council(user, council)


def elections_readable_by(user: Any, elections: Q_) -> Q_:
    """Elections (or anything with a `council`) of the councils the person reads."""
    return elections.filter(council__in=councils_readable_by(user))
