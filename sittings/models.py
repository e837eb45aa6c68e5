"""The sitting: attendance, movements, notes, votes and ballots (sittings.actions).

The tables keep their first names (meetings_attendance, meetings_vote…): the models moved here
from meetings without copying a row (migration sittings 0001), and the triggers that refuse
changes to a closed vote (meetings migration 0005) still guard them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.grammar import agree
from councils.models import Membership
from meetings.models import AgendaItem, Meeting


class Attendance(models.Model):
    """One member's attendance at a sitting, pre-filled from their answer, kept by the
    secretary. Values match bylaws.sittings.Presence, which counts them."""

    class Status(models.TextChoices):
        PRESENT = "present", _("présent")
        REMOTE = "remote", _("à distance")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excusé")
        REPRESENTED = "represented", _("représenté")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("présence"), max_length=20, choices=Status.choices)
    proxy_to = models.ForeignKey(
        Membership,
        verbose_name=_("représenté par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrived_at = models.DateTimeField(_("arrivée"), null=True, blank=True)
    # Set while the member is out of the room: they stop counting until they come back.
    left_at = models.DateTimeField(_("départ"), null=True, blank=True)

    class Meta:
        db_table = "meetings_attendance"
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member"
            ),
            models.CheckConstraint(
                condition=Q(status="represented", proxy_to__isnull=False)
                | (~Q(status="represented") & Q(proxy_to__isnull=True)),
                name="represented_has_a_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.status}"

    def status_label(self) -> str:
        """The status agreed with the member ("présente", "excusée")."""
        return str(dict(status_choices(self.membership.person))[self.status])

    @property
    def here(self) -> bool:
        """In the room (or on the line) right now."""
        return self.status in {self.Status.PRESENT, self.Status.REMOTE} and self.left_at is None


class Movement(models.Model):
    """An arrival or a departure during the sitting, with its time, for the minutes."""

    class Kind(models.TextChoices):
        ARRIVED = "arrived", _("arrivée")
        LEFT = "left", _("départ")

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField()

    class Meta:
        db_table = "meetings_movement"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%H:%M}"


class ItemNotes(models.Model):
    """What the secretary notes live on one agenda item; the minutes' draft starts from it."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "meetings_itemnotes"
        verbose_name = _("notes de séance")
        verbose_name_plural = _("notes de séance")

    def __str__(self) -> str:
        return self.text[:50]


class VoteChoice(models.TextChoices):
    """Values match bylaws.sittings.Choice."""

    FOR = "for", _("pour")
    AGAINST = "against", _("contre")
    ABSTAIN = "abstain", _("abstention")


class Vote(models.Model):
    """One question put to the vote on an agenda item. Once closed it never changes: the
    actions refuse, and a database trigger (migration 0005) refuses too."""

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("à main levée")
        ROLL_CALL = "roll_call", _("par appel nominal")
        SECRET = "secret", _("à bulletin secret")

    class Majority(models.TextChoices):  # values match bylaws.sittings.Majority
        VOTES_CAST = "votes_cast", _("majorité des suffrages exprimés")
        MEMBERS = "absolute_members", _("majorité absolue des membres en exercice")
        TWO_THIRDS = "two_thirds", _("deux tiers des suffrages exprimés")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(_("question mise aux voix"), max_length=255)
    method = models.CharField(_("mode de scrutin"), max_length=20, choices=Method.choices)
    majority = models.CharField(_("majorité requise"), max_length=20, choices=Majority.choices)
    votes_for = models.PositiveIntegerField(_("pour"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("contre"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    president_vote = models.CharField(
        _("vote du président"), max_length=10, choices=VoteChoice.choices, blank=True
    )
    members_in_office = models.PositiveSmallIntegerField(null=True, blank=True)
    adopted = models.BooleanField(null=True)
    casting_vote_used = models.BooleanField(default=False)
    result = models.CharField(_("résultat"), max_length=255, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "meetings_vote"
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | (Q(adopted__isnull=False) & ~Q(result="") & Q(votes_for__isnull=False)),
                name="closed_vote_has_a_result",
            )
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def result_label(self) -> str:
        """The result in the reader's language. In French it is the stored sentence, the very
        words of the minutes; in another language it is said again from the stored counts."""
        if not self.is_closed or (get_language() or "fr").startswith("fr"):
            return self.result
        return result_sentence(self)

    @property
    def is_secret(self) -> bool:
        return self.method == self.Method.SECRET


class NamedVote(models.Model):
    """Roll call: each member's vote, by name, entered by the secretary."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="named_votes")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    weight = models.PositiveSmallIntegerField(default=1)  # 1 + the proxies the member holds

    class Meta:
        db_table = "meetings_namedvote"
        constraints = [
            models.UniqueConstraint(fields=["vote", "membership"], name="one_named_vote_each")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.choice}"


class BallotCast(models.Model):
    """The signing sheet of a secret ballot: who has voted, never what. No timestamp."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voters")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "meetings_ballotcast"
        constraints = [
            models.UniqueConstraint(fields=["vote", "membership"], name="one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.membership_id}"


class Ballot(models.Model):
    """One voice in the urn of a secret ballot, with nothing that points to its voter: a
    random key, no time, no weight (a proxy holder drops one row per voice, so a heavier row
    cannot single them out), no link to BallotCast. The urn is shuffled when the vote closes
    so that the database's own row order no longer follows the order of voting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    class Meta:
        db_table = "meetings_ballot"

    def __str__(self) -> str:
        return str(self.id)


class Floor(models.Model):
    """Who holds the floor in the room: the agenda item under discussion, set by whoever runs
    the room, shown on the projector."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, primary_key=True, related_name="floor"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.item_id}"


class Speaker(models.Model):
    """One request to speak, in the speakers' list the president or the secretary keeps:
    waiting (no `spoke_at`), speaking (`spoke_at`, no `finished_at`), or done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speakers")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    spoke_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            # Once in the queue at a time: a second request while waiting or speaking is refused.
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(finished_at__isnull=True),
                name="one_open_turn_per_speaker",
            ),
            # Only one person speaks at a time.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(spoke_at__isnull=False, finished_at__isnull=True),
                name="one_speaker_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.membership_id} #{self.position}"


# The statuses as they agree with a woman member; the choices above are the masculine forms,
# which French uses when the sex is not known.
FEMININE_STATUS: dict[str, StrOrPromise] = {
    Attendance.Status.PRESENT.value: _("présente"),
    Attendance.Status.REMOTE.value: _("à distance"),
    Attendance.Status.ABSENT.value: _("absente"),
    Attendance.Status.EXCUSED.value: _("excusée"),
    Attendance.Status.REPRESENTED.value: _("représentée"),
}


def feminine_status_choices() -> list[tuple[str, str]]:
    return [(value, str(FEMININE_STATUS[value])) for value, _label in Attendance.Status.choices]


def status_choices(person: object) -> list[tuple[str, str]]:
    """The attendance statuses, worded for this person."""
    masculine = [(value, str(label)) for value, label in Attendance.Status.choices]
    return agree(person, masculine, feminine_status_choices())


def result_sentence(vote: Vote) -> str:
    """bylaws.sittings.sentence, in the active language (the French of the catalogue's
    messages is the bylaws' own, so both say the same thing)."""
    pour, contre, abst = vote.votes_for or 0, vote.votes_against or 0, vote.abstentions or 0
    note = (
        " (" + ngettext("%(n)d abstention", "%(n)d abstentions", abst) % {"n": abst} + ")"
        if abst
        else ""
    )
    if pour + contre == 0:
        return gettext("Aucun suffrage exprimé : la proposition n’est pas adoptée") + note
    if contre == 0 and vote.adopted:
        if abst == 0:
            return gettext("Adopté à l’unanimité")
        return gettext("Adopté à l’unanimité des suffrages exprimés") + note
    if pour == 0 and not vote.adopted and abst == 0:
        return gettext("Rejeté à l’unanimité")
    counts: dict[str, int | str] = {"for": pour, "against": contre}
    if abst:
        counts["abstentions"] = ngettext("%(n)d abstention", "%(n)d abstentions", abst) % {
            "n": abst
        }
        text = (
            gettext("Adopté par %(for)d voix pour, %(against)d contre, %(abstentions)s")
            if vote.adopted
            else gettext("Rejeté par %(for)d voix pour, %(against)d contre, %(abstentions)s")
        ) % counts
    else:
        text = (
            gettext("Adopté par %(for)d voix pour, %(against)d contre")
            if vote.adopted
            else gettext("Rejeté par %(for)d voix pour, %(against)d contre")
        ) % counts
    if vote.casting_vote_used:
        text += gettext(", la voix du président étant prépondérante")
    elif vote.majority == Vote.Majority.TWO_THIRDS:
        text += gettext(" (majorité des deux tiers des suffrages exprimés requise)")
    elif vote.majority == Vote.Majority.MEMBERS:
        text += gettext(" (majorité absolue des membres en exercice requise)")
    return text


class Election(models.Model):
    """A secret ballot with candidates on an agenda item: a designation ("Élection du
    représentant étudiant au conseil d'institut") or the election of the conseil d'institut's
    president (D. 721-2, bylaws.president). One row per round; a second round points to the
    first. Like Vote's urn, its ballots (ElectionBallot) keep no link to their voters."""

    class Kind(models.TextChoices):
        DESIGNATION = "designation", _("désignation")
        PRESIDENT = "president", _("élection du président")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="elections")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="elections")
    title = models.CharField(_("intitulé du scrutin"), max_length=255)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    round = models.PositiveSmallIntegerField(_("tour"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_round"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    blank = models.PositiveIntegerField(_("bulletins blancs"), null=True, blank=True)
    void = models.PositiveIntegerField(_("bulletins nuls"), null=True, blank=True)
    elected = models.ForeignKey(
        "Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("résultat"), max_length=500, blank=True)
    # What bylaws.president.elect returned (rounds, decided_by, citation), for the page.
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("scrutin avec candidats")
        verbose_name_plural = _("scrutins avec candidats")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | (~Q(result="") & Q(blank__isnull=False) & Q(void__isnull=False)),
                name="closed_election_has_a_result",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(closed_at__isnull=True),
                name="one_open_election_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def result_label(self) -> str:
        """The result in the reader's language: in French the stored words of the minutes, in
        another language said again from the stored counts."""
        if not self.is_closed or (get_language() or "fr").startswith("fr"):
            return self.result
        return self.worded_result()

    def worded_result(self, standing: list[Candidate] | None = None) -> str:
        """The result as a sentence in the active language, from the counts, who won and (for
        the president) bylaws.president's outcome."""
        if standing is None:
            standing = [
                c for c in self.candidates.select_related("membership__person") if not c.withdrawn
            ]
        counts = _ballot_counts(standing, self.blank or 0, self.void or 0)
        winner = self.elected
        if self.kind == self.Kind.PRESIDENT:
            if winner is not None:
                how = {
                    "absolute_majority": gettext("à la majorité absolue des suffrages exprimés"),
                    "relative_majority": gettext("à la majorité relative"),
                    "youngest": gettext("au bénéfice de l’âge, à égalité de voix"),
                }[self.outcome["decided_by"]]
                said = agree(
                    winner.membership.person,
                    gettext("%(name)s est élu président du conseil %(how)s."),
                    gettext("%(name)s est élue présidente du conseil %(how)s."),
                )
                return (
                    said % {"name": winner.membership.person.display_name, "how": how}
                    + " "
                    + counts
                )
            if self.outcome.get("status") == "second_round_required":
                majority = self.outcome["rounds"][-1]["absolute_majority"]
                return (
                    ngettext(
                        "Aucun candidat n’obtient la majorité absolue (%(n)d voix) : "
                        "un second tour est nécessaire.",
                        "Aucun candidat n’obtient la majorité absolue (%(n)d voix) : "
                        "un second tour est nécessaire.",
                        majority,
                    )
                    % {"n": majority}
                    + " "
                    + counts
                )
            return (
                gettext(
                    "Égalité au second tour entre candidats nés le même jour : personne n’est élu."
                )
                + " "
                + counts
            )
        if winner is not None:
            said = agree(
                winner.membership.person,
                gettext("%(name)s est désigné."),
                gettext("%(name)s est désignée."),
            )
            return said % {"name": winner.membership.person.display_name} + " " + counts
        return gettext("Partage des voix : personne n’est désigné.") + " " + counts


class Candidate(models.Model):
    """A member standing in an election; the birth date is asked only where a tie is decided
    by age (the president's election)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Withdrawn while the round is open: the ballots already cast for them count as void.
    withdrawn = models.BooleanField(_("retiré"), default=False)
    votes = models.PositiveIntegerField(_("voix"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidat")
        verbose_name_plural = _("candidats")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "membership"], name="one_candidacy_per_member"
            )
        ]

    def __str__(self) -> str:
        return str(self.membership.person)


class ElectionCast(models.Model):
    """The signing sheet of an election: who has voted, never for whom. No timestamp."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="voters")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["election", "membership"], name="one_election_ballot_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.membership_id}"


class ElectionBallot(models.Model):
    """One voice in the urn: a candidate, or none for a blank ballot. A random key, no time,
    no weight, no link to the signing sheet; shuffled when the round closes (as Ballot)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.id)


def _ballot_counts(standing: list[Candidate], blank: int, void: int) -> str:
    """Each candidate's votes, then the votes cast, blank and void ballots ("aucun" for zero)."""
    cast = sum(c.votes or 0 for c in standing)
    parts = [
        ngettext("%(name)s : %(n)d voix", "%(name)s : %(n)d voix", c.votes or 0)
        % {"name": c.membership.person.display_name, "n": c.votes or 0}
        for c in sorted(standing, key=lambda c: -(c.votes or 0))
    ]
    counts = ", ".join(
        [
            ngettext("%(n)d suffrage exprimé", "%(n)d suffrages exprimés", cast) % {"n": cast}
            if cast
            else gettext("aucun suffrage exprimé"),
            ngettext("%(n)d bulletin blanc", "%(n)d bulletins blancs", blank) % {"n": blank}
            if blank
            else gettext("aucun bulletin blanc"),
            ngettext("%(n)d bulletin nul", "%(n)d bulletins nuls", void) % {"n": void}
            if void
            else gettext("aucun bulletin nul"),
        ]
    )
    return f"{' ; '.join(parts)} ({counts})"
