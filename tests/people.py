"""The fixed people and councils every test uses.

One institution with its director; a programme (mention) with its head; a track with its head;
a legal council where a president, a member and a student sit; a second council of another
programme, with another head; an outsider with an account but no role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import TestCase

from accounts.models import User
from councils.models import Component, Council, Institution, Membership, Programme, Track

PASSWORD = "correct-horse-battery-staple"
START = dt.date(2025, 9, 1)


@dataclass
class World:
    director: User
    head: User
    track_head: User
    president: User
    member: User
    student: User
    outsider: User
    other_head: User
    institution: Institution
    inspe: Component
    amu: Component
    programme: Programme
    track: Track
    council: Council
    other_council: Council

    def people(self) -> dict[str, User | None]:
        return {
            "director": self.director,
            "head": self.head,
            "track_head": self.track_head,
            "president": self.president,
            "member": self.member,
            "student": self.student,
            "outsider": self.outsider,
            "anonymous": None,
        }


def _user(email: str, first: str, last: str) -> User:
    return User.objects.create_user(email, PASSWORD, first_name=first, last_name=last)


def seat(
    council: Council,
    person: User,
    category: str,
    component: Component | None = None,
    **extra: object,
) -> Membership:
    return Membership.objects.create(
        council=council,
        person=person,
        category=category,
        component=component,
        start_date=START,
        **extra,
    )


def build_world() -> World:
    director = _user("director@example.org", "Diane", "Directrice")
    head = _user("head@example.org", "Henri", "Mention")
    track_head = _user("track@example.org", "Tania", "Parcours")
    president = _user("president@example.org", "Paul", "Président")
    member = _user("member@example.org", "Marie", "Membre")
    student = _user("student@example.org", "Sam", "Étudiant")
    outsider = _user("outsider@example.org", "Oscar", "Extérieur")
    other_head = _user("other-head@example.org", "Odile", "Autre")
    institution = Institution.objects.create(
        name="Inspé de test", short_name="Inspé T", director=director
    )
    inspe = Component.objects.create(institution=institution, code="INSPE", name="Inspé")
    amu = Component.objects.create(institution=institution, code="AMU", name="Université")
    programme = Programme.objects.create(institution=institution, name="MEEF 2", head=head)
    track = Track.objects.create(programme=programme, name="Mathématiques", head=track_head)
    council = Council.objects.create(
        institution=institution, name="CPER mathématiques", programme=programme
    )
    council.tracks.add(track)
    council.components.add(inspe, amu)
    other_programme = Programme.objects.create(
        institution=institution, name="MEEF 1", head=other_head
    )
    other_council = Council.objects.create(
        institution=institution, name="CPER premier degré", programme=other_programme
    )
    other_council.components.add(inspe)

    seat(council, head, "head_of_mention", inspe)
    seat(council, track_head, "head_of_track", inspe)
    seat(council, member, "teacher", inspe)
    seat(council, _user("t2@example.org", "Théo", "Deux"), "teacher", amu)
    seat(council, president, "academy_representative", is_president=True, president_since=START)
    seat(council, _user("pro@example.org", "Pia", "Pro"), "profession_representative")
    seat(council, student, "student_representative", inspe)
    seat(council, _user("s2@example.org", "Sacha", "Deux"), "student_representative", amu)
    seat(council, _user("t3@example.org", "Tom", "Trois"), "teacher", amu)
    seat(council, _user("guest@example.org", "Gil", "Invité"), "guest")

    seat(other_council, other_head, "head_of_mention", inspe)
    return World(
        director=director,
        head=head,
        track_head=track_head,
        president=president,
        member=member,
        student=student,
        outsider=outsider,
        other_head=other_head,
        institution=institution,
        inspe=inspe,
        amu=amu,
        programme=programme,
        track=track,
        council=council,
        other_council=other_council,
    )


class BaseTestCase(TestCase):
    w: World

    @classmethod
    def setUpTestData(cls) -> None:
        cls.w = build_world()

    def login(self, user: User) -> None:
        self.client.force_login(user)
