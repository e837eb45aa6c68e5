"""The demo's story of a council's year, told through the actions: a meeting held in
"Premier degré" whose minutes are published and whose recommendation the COSP answered by
its vote in its next meeting (the loop with the CPERs), a
meeting held in "Second degré mathématiques" whose minutes are still to write (the walk-through
of the README), and the receiving bodies (the indicators: evaluation.demo)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from councils.models import Council, Institution
from meetings import actions as meeting_actions
from meetings.models import Meeting
from minutes import actions as minutes_actions
from minutes import composition
from recommendations import actions
from recommendations.models import Routing
from sittings.models import Vote

ITEMS = [
    ("Bilan des stages du premier semestre", "information"),
    ("Résultats de l’enquête auprès des étudiants", "deliberation"),
    ("Préconisations pour le plan de formation", "vote"),
]
# What the secretary wrote, section by section (the editor's parts: the opening, then each
# agenda item in order).
OPENING_HTML = (
    "<ul><li><strong>Présents</strong> : la majorité des membres votants ; le quorum est "
    "atteint.</li></ul>"
)
ITEM_HTML = [
    "<p>Les tuteurs relèvent une bonne intégration des stagiaires, mais des difficultés de "
    "transport vers les établissements éloignés du site de Digne-les-Bains.</p>",
    "<p>Le taux de satisfaction progresse ; la charge de travail du premier semestre reste "
    "jugée lourde.</p>",
    "<p>Le conseil adopte une préconisation transmise au COSP et au conseil d’institut. "
    "<strong>Adopté à l’unanimité.</strong></p>",
]


def _held_meeting(
    council: Council, days_ago: int, *, head: User, president: User, by: User
) -> Meeting:
    starts = timezone.localtime(timezone.now() - dt.timedelta(days=days_ago)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    while starts.weekday() >= 5:  # councils sit on weekdays
        starts -= dt.timedelta(days=1)
    meeting = meeting_actions.plan_meeting(
        council,
        meeting_actions.MeetingPlan(starts_at=starts, place="Inspé, site de Marseille — salle 12"),
        by=by,
    )
    for title, kind in ITEMS:
        meeting_actions.add_agenda_item(
            meeting, meeting_actions.ItemDraft(title=title, kind=kind), by=head
        )
    meeting_actions.submit_agenda(meeting, by=head)
    return meeting_actions.set_agenda(meeting, by=president)


def _weekday(when: dt.datetime) -> dt.datetime:
    starts = timezone.localtime(when).replace(hour=14, minute=0, second=0, microsecond=0)
    while starts.weekday() >= 5:  # councils sit on weekdays
        starts -= dt.timedelta(days=1)
    return starts


def _cosp_answers_by_its_vote(routing: Routing, cper_meeting: Meeting, *, director: User) -> None:
    """The loop once (issue 11 §3): routed a week after the CPER's sitting, the recommendation
    is a point of the COSP's next meeting, whose vote answers it. The demo is loaded today, so
    the routing's dates are moved back to the story's, and the COSP's past sitting is recorded
    as the room leaves it (the room itself opens a sitting on its own day only)."""
    council = routing.body.council
    if council is None:
        return
    routed = cper_meeting.starts_at + dt.timedelta(days=7)
    Routing.objects.filter(pk=routing.pk).update(
        routed_at=routed, due_on=timezone.localdate(routed) + dt.timedelta(days=60)
    )
    routing.events.filter(kind="routed").update(at=routed)
    starts = _weekday(routed + dt.timedelta(days=14))
    meeting = meeting_actions.plan_meeting(
        council,
        meeting_actions.MeetingPlan(starts_at=starts, place="Inspé, site d’Aix — salle du COSP"),
        by=director,
    )
    item = actions.put_on_agenda(routing, by=director, meeting=meeting)
    assert item is not None
    routing.events.filter(kind="on_agenda").update(at=routed + dt.timedelta(days=1))
    president = council.president()
    assert president is not None
    meeting_actions.submit_agenda(meeting, by=director)
    meeting_actions.set_agenda(meeting, by=president.person)
    opened = starts + dt.timedelta(minutes=5)
    Meeting.objects.filter(pk=meeting.pk).update(
        opened_at=opened,
        quorum_at_opening=True,
        closed_at=starts + dt.timedelta(hours=2),
        status=Meeting.Status.HELD,
    )
    voters = len([m for m in council.current_memberships() if m.voting])
    vote = Vote.objects.create(
        meeting=meeting,
        agenda_item=item,
        question="Le COSP retient la préconisation et propose une aide forfaitaire",
        method=Vote.Method.SHOW_OF_HANDS,
        majority=Vote.Majority.VOTES_CAST,
        votes_for=voters,
        votes_against=0,
        abstentions=0,
        members_in_office=voters,
        adopted=True,
        result="Adopté à l’unanimité",
        opened_at=opened + dt.timedelta(minutes=30),
        closed_at=opened + dt.timedelta(minutes=40),
    )
    actions.answer_from_vote(vote, by=president.person)


def _people(council: Council) -> tuple[User, User, User]:
    """The council's head of mention, president and a voting teacher (the secretary)."""
    assert council.programme is not None and council.programme.head is not None
    seats = council.current_memberships()
    president = next(m.person for m in seats if m.is_president)
    teacher = next(m.person for m in seats if m.category == "teacher")
    return council.programme.head, president, teacher


def load(institution: Institution, *, director: User, cosp_respondent: User) -> None:
    bodies = {b.code: b for b in actions.ensure_default_bodies(institution)}
    bodies["COSP"].respondents.add(cosp_respondent)
    bodies["CI"].respondents.add(director)

    first = institution.councils.get(name="Premier degré")
    head, president, teacher = _people(first)
    meeting = _held_meeting(first, 35, head=head, president=president, by=director)
    recommendation = actions.adopt(
        meeting,
        by=president,
        title="Aider les stagiaires des sites éloignés à se déplacer",
        text="Le conseil recommande une **aide au transport** pour les stagiaires affectés à "
        "plus de 50 km de leur site de formation.",
        bodies=[bodies["COSP"], bodies["CI"]],
        agenda_item=meeting.agenda_items.last(),
        vote_result="Adopté à l’unanimité",
    )
    minutes = minutes_actions.start(meeting, teacher, by=president)
    parts = {composition.OPENING: OPENING_HTML}
    for item, html in zip(meeting.agenda_items.all(), ITEM_HTML, strict=False):
        parts[composition.item_key(item)] = html
    minutes_actions.save_parts(minutes, parts, by=teacher, coalesce=False)
    minutes_actions.submit(minutes, by=teacher)
    track_head = first.tracks.get().head
    assert track_head is not None
    for person in (president, track_head, head):
        minutes.refresh_from_db()
        minutes_actions.decide(minutes, by=person, approve=True)
    minutes.refresh_from_db()
    minutes_actions.publish(minutes, by=director)  # routes the recommendation to its bodies
    _cosp_answers_by_its_vote(
        recommendation.routings.get(body=bodies["COSP"]), meeting, director=director
    )
    # The conseil d'institut's next meeting takes the same recommendation on its agenda as
    # soon as it is planned (recommendations.receivers.waiting_on_new_agenda).
    institute = bodies["CI"].council
    if institute is not None:
        meeting_actions.plan_meeting(
            institute,
            meeting_actions.MeetingPlan(
                starts_at=_weekday(timezone.now() + dt.timedelta(days=21)),
                place="Inspé, site de Marseille — salle du conseil",
            ),
            by=director,
        )

    maths = institution.councils.get(name="Second degré mathématiques")
    head, president, _teacher = _people(maths)
    meeting = _held_meeting(maths, 14, head=head, president=president, by=director)
    actions.adopt(
        meeting,
        by=president,
        title="Renforcer l’accompagnement des stages en établissement",
        text="Le conseil recommande **deux visites** de tuteur par stage au lieu d’une.",
        bodies=[bodies["COSP"]],
        agenda_item=meeting.agenda_items.last(),
        vote_result="Adopté par 8 voix pour, 1 abstention",
    )
