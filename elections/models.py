"""An election of council members by list (D. 719-20 to D. 719-22, D. 721-4): its electors, its
lists of candidates in presentation order, the votes per list, and the seats it gave.

The seats are computed by bylaws.elections (never here); `Election.result` keeps the computation
proclaimed, so that the procès-verbal stays what was proclaimed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conseils.urlcache import cached_reverse
from councils.models import Council, Membership

# D. 721-1 1°: the colleges of the conseil d'institut, named as the article names them (an
# election stores the letter; a person reads the name).
COLLEGE_NAMES = {
    "a": _("collège des professeurs des universités et personnels assimilés"),
    "b": _("collège des maîtres de conférences et personnels assimilés"),
    "c": _("collège des autres enseignants et formateurs"),
    "d": _("collège des personnels de l’éducation nationale"),
    "e": _("collège des autres personnels"),
    "f": _("collège des usagers"),
}


class Election(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("en préparation")
        LISTS_OPEN = "lists_open", _("dépôt des listes")
        RESULTS_ENTERED = "results_entered", _("résultats saisis")
        PROCLAIMED = "proclaimed", _("proclamée")

    council = models.ForeignKey(
        Council, verbose_name=_("conseil"), on_delete=models.PROTECT, related_name="elections"
    )
    # bylaws.elections.INSPE for the conseil d'institut, EPSCP for any other list election.
    kind = models.CharField(max_length=40)
    college = models.CharField(_("collège"), max_length=100)
    category = models.CharField(_("catégorie des sièges"), max_length=40)
    seats = models.PositiveSmallIntegerField(_("sièges à pourvoir"))
    users = models.BooleanField(_("élection des usagers (avec suppléants)"), default=False)
    held_on = models.DateField(_("date du scrutin"))
    mandate_start = models.DateField(_("début des mandats"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    blank = models.PositiveIntegerField(_("bulletins blancs"), default=0)
    void = models.PositiveIntegerField(_("bulletins nuls"), default=0)
    parity_draw = models.CharField(
        _("liste tirée au sort (D. 721-4, 2°)"), max_length=200, blank=True
    )
    result = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    proclaimed_at = models.DateTimeField(null=True, blank=True)
    proclaimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("élection")
        verbose_name_plural = _("élections")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats"),
            models.CheckConstraint(
                condition=Q(mandate_start__gte=models.F("held_on")),
                name="election_mandates_start_after_the_vote",
            ),
            # Proclaimed once, with what was proclaimed: the database keeps the two together.
            models.CheckConstraint(
                condition=~Q(state="proclaimed") | Q(result__isnull=False),
                name="election_proclaimed_with_its_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} — {self.college_label} ({self.held_on})"

    def get_absolute_url(self) -> str:
        return cached_reverse("elections:detail", args=[self.pk])

    @property
    def college_label(self) -> str:
        """The college as a person reads it: "collège des usagers", never the letter "f";
        a college of another council is stored as its own name."""
        named = COLLEGE_NAMES.get(self.college)
        if named is not None:
            return str(named)
        return str(_("collège %(name)s") % {"name": self.college})

    def candidates(self) -> models.QuerySet[Candidate]:
        return Candidate.objects.filter(list__election=self)


class Elector(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="electors")
    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150)
    email = models.EmailField(_("adresse électronique"))

    class Meta:
        verbose_name = _("électeur ou électrice")
        verbose_name_plural = _("électeurs")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["election", "email"], name="one_elector_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ElectionList(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="lists")
    name = models.CharField(_("nom de la liste"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    votes = models.PositiveIntegerField(_("voix"), null=True, blank=True)

    class Meta:
        verbose_name = _("liste")
        verbose_name_plural = _("listes")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="list_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    list = models.ForeignKey(ElectionList, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(_("rang"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="candidacies"
    )
    sex = models.CharField(_("sexe"), max_length=1, choices=[("F", _("femme")), ("M", _("homme"))])
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidat ou candidate")
        verbose_name_plural = _("candidats")
        ordering = ["list__position", "list_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["list", "position"], name="one_candidate_per_rank"),
            models.UniqueConstraint(fields=["list", "person"], name="candidate_once_per_list"),
        ]

    def __str__(self) -> str:
        return self.person.display_name


class ElectedSeat(models.Model):
    """A seat the election gave: at the proclamation, or later to the next in line of the same
    list when a seat fell vacant (D. 719-21)."""

    class Kind(models.TextChoices):
        PROCLAIMED = "proclaimed", _("proclamé élu")
        NEXT_IN_LINE = "next_in_line", _("suivant de liste, sur un siège vacant")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="elected_seats")
    candidate = models.OneToOneField(
        Candidate, on_delete=models.PROTECT, related_name="elected_seat"
    )
    membership = models.OneToOneField(
        Membership, on_delete=models.PROTECT, related_name="election_seat"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROCLAIMED)
    substitute = models.ForeignKey(
        Candidate,
        verbose_name=_("suppléant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitute_of",
    )

    class Meta:
        verbose_name = _("siège issu de l’élection")
        verbose_name_plural = _("sièges issus de l’élection")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.membership)


def state_label(state: str) -> Any:
    return Election.State(state).label
