from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

import bylaws
from conseils.urlcache import cached_reverse


class RetirableQuerySet(models.QuerySet[Any]):
    def active(self, on: dt.date | None = None) -> Self:
        """What is still in use: pickers and lists show these; the retired stay in history."""
        day = on or timezone.localdate()
        return self.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=day))

    def retired(self, on: dt.date | None = None) -> Self:
        return self.filter(retired_on__lte=on or timezone.localdate())


class Retirable(models.Model):
    """Structure is retired, never deleted: what refers to it keeps its history."""

    retired_on = models.DateField(
        _("retiré le"),
        null=True,
        blank=True,
        help_text=_("Premier jour où l’élément n’est plus en usage ; il reste dans l’historique."),
    )

    objects = RetirableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_retired(self, on: dt.date | None = None) -> bool:
        return self.retired_on is not None and self.retired_on <= (on or timezone.localdate())


class Institution(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("sigle"), max_length=50)
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("directeur ou directrice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directed_institutions",
    )
    director_title = models.CharField(
        _("titre du directeur"), max_length=200, default="Directeur de l’Inspé"
    )

    class Meta:
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Component(Retirable):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="components"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("composante")
        verbose_name_plural = _("composantes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="component_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class Site(Retirable):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(Retirable):
    """A master's degree (mention); its head prepares the meetings of its councils."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("intitulé"), max_length=200)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable de mention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_programmes",
    )

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Track(Retirable):
    programme = models.ForeignKey(
        Programme, verbose_name=_("mention"), on_delete=models.PROTECT, related_name="tracks"
    )
    name = models.CharField(_("intitulé"), max_length=200)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable de parcours"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_tracks",
    )

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def council_type_choices() -> list[tuple[str, str]]:
    return [(t, bylaws.load_pack(t).name()) for t in bylaws.available_council_types()]


class CouncilQuerySet(RetirableQuerySet):
    """Councils, active or retired. Who may read or keep which is decided in councils.roles
    (`councils_readable_by`, `councils_editable_by`), as every other "who may"."""

    def fetch_with_composition(self, *, seats_to_come: bool = False) -> list[Council]:
        """The councils, fetched with everything a list reads to show each one's status, in a
        fixed number of queries: the establishment (the INSPE councils' rules read its code),
        the components, and the current seats only, the history growing every year
        (`seats_to_come`: those that start later too, for a forecast, mandates.seats_ahead;
        `current_memberships()` still keeps the current ones only). Order and slice first:
        the seats are read for the councils fetched, as plain rows (councils.seats), and left
        as `prefetch_related("memberships")` would leave them."""
        from councils import seats

        councils = list(
            self.select_related("institution", "programme", "establishment").prefetch_related(
                "components"
            )
        )
        today = timezone.localdate()
        chosen = (
            Membership.objects.ahead(today) if seats_to_come else Membership.objects.current(today)
        )
        seats.attach(councils, chosen.using(self.db))
        return councils


class Council(Retirable):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="councils")
    council_type = models.CharField(_("type de conseil"), max_length=50, default="cper")
    name = models.CharField(_("nom"), max_length=200)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("mention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
    )
    tracks = models.ManyToManyField(
        Track, verbose_name=_("parcours suivis"), blank=True, related_name="councils"
    )
    components = models.ManyToManyField(
        Component, verbose_name=_("composantes engagées"), blank=True, related_name="councils"
    )
    sites = models.ManyToManyField(
        Site, verbose_name=_("sites"), blank=True, related_name="councils"
    )
    notice_days = models.PositiveSmallIntegerField(
        _("délai de convocation (jours)"),
        default=8,
        help_text=_("Délai minimal entre l’envoi de la convocation et la séance."),
    )
    max_proxies = models.PositiveSmallIntegerField(
        _("procurations détenues au plus par un membre"), default=1
    )
    establishment = models.ForeignKey(
        Component,
        verbose_name=_("établissement de rattachement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Conseils d’un Inspé : l’établissement dont relève l’institut ; les autres "
            "composantes engagées sont ses partenaires."
        ),
    )
    absence_limit = models.PositiveSmallIntegerField(
        _("absences consécutives signalées"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Au bout de ce nombre de séances consécutives manquées, le membre est signalé à la "
            "présidence et à la direction, qui peuvent mettre fin au mandat."
        ),
    )
    minutes_validation_order = models.CharField(
        _("validation des comptes rendus"),
        max_length=20,
        choices=[
            ("parallel", _("en parallèle")),
            ("sequential", _("dans l’ordre : présidence, parcours, mention")),
        ],
        default="parallel",
    )

    objects = CouncilQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("conseil")
        verbose_name_plural = _("conseils")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("councils:detail", args=[self.pk])

    @property
    def pack(self) -> bylaws.Pack:
        return bylaws.load_pack(self.council_type)

    @property
    def type_label(self) -> str:
        return self.pack.name(get_language() or "fr")

    def running_name(self, lang: str | None = None) -> str:
        """The council as a sentence names it, after "du" or "au": "conseil de perfectionnement
        Second degré mathématiques" for a CPER named after its track, "conseil de l’institut de
        l’Inspé…" for a council whose name already says what it is (issue 10 §2)."""
        kind = self.pack.name(lang or get_language() or "fr")
        name = self.name.strip()
        first = name.split(maxsplit=1)[0] if name else ""
        if len(first) > 1 and first.isupper():
            return name  # "CPER second degré", "COSP de l’Inspé": an acronym names the kind
        if not name.casefold().startswith(kind.split()[0].casefold()):
            name = f"{kind} {name}"
        return name[:1].lower() + name[1:]

    @property
    def in_sentence(self) -> str:
        return self.running_name()

    @property
    def under_cpers_page(self) -> bool:
        """Whether the CPERs' page governs it (CPERS_PAGE_TYPES): their minutes validated by
        the president, the head(s) of track and the head of mention, their guests, their site
        sub-councils. No text says as much for another council, which may have neither
        tracks nor programme: its president alone validates its minutes."""
        return self.council_type in CPERS_PAGE_TYPES

    @property
    def minutes_order(self) -> str:
        """The order its minutes are validated in: its setting for a CPER; for a council
        whose president alone validates, there is no order to keep ("parallel")."""
        return self.minutes_validation_order if self.under_cpers_page else "parallel"

    def seats_read(self) -> list[Membership] | None:
        """The seats a page read with the council (`CouncilQuerySet.fetch_with_composition`,
        the meeting page), or None when it read none."""
        seats: list[Membership] | None = getattr(self, "_prefetched_objects_cache", {}).get(
            "memberships"
        )
        return seats

    def current_memberships(self) -> list[Membership]:
        """Uses the seats the page read already, if any."""
        read = self.seats_read()
        if read is not None:
            today = timezone.localdate()
            return [m for m in read if m.is_current(today)]
        return list(self.memberships.current().select_related("person", "component"))

    def voting_count(self) -> int:
        return sum(1 for m in self.current_memberships() if m.category not in self.pack.non_voting)

    def members_by_category(self) -> list[tuple[str, list[Membership]]]:
        """Current members grouped in the order the rule pack lists its categories."""
        lang = get_language() or "fr"
        members = self.current_memberships()
        return [
            (self.pack.category_label(category, lang), group)
            for category in self.pack.categories
            if (group := [m for m in members if m.category == category])
        ]

    def component_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.components.all())

    def establishment_and_partners(self) -> tuple[str | None, tuple[str, ...]]:
        """The establishment the institute belongs to and its partners (the other engaged
        components), as the INSPE councils' packs read them."""
        own = self.establishment.code if self.establishment_id and self.establishment else None
        return own, tuple(code for code in self.component_codes() if code != own)

    def composition(self, memberships: Iterable[Membership] | None = None) -> bylaws.Composition:
        """The council as the rule engine sees it; pass memberships to test a change first."""
        members = self.current_memberships() if memberships is None else memberships
        if not self.pack.establishment_required:
            return bylaws.Composition(
                council_type=self.council_type,
                name=self.name,
                components=self.component_codes(),
                members=tuple(m.as_rule_member() for m in members),
            )
        establishment, partners = self.establishment_and_partners()
        return bylaws.Composition(
            council_type=self.council_type,
            name=self.name,
            components=(),
            members=tuple(m.as_rule_member(full=True) for m in members),
            establishment=establishment,
            partners=partners,
            as_of=timezone.localdate(),
        )

    def evaluate(self) -> list[bylaws.RuleResult]:
        return bylaws.evaluate(self.composition())

    def violations(self) -> list[bylaws.Violation]:
        return bylaws.check(self.composition())

    def president(self) -> Membership | None:
        return next((m for m in self.current_memberships() if m.is_president), None)


# The seed page (INSPE d'Aix-Marseille, conseils de perfectionnement, « Fonctionnement ») on
# site sub-councils: what their meetings may not do is refused with these words.
# The council types the CPERs' page (seed 001) governs: its minutes circuit, guests and site
# sub-councils are theirs (Council.under_cpers_page).
CPERS_PAGE_TYPES = frozenset({"cper"})
SUBCOUNCIL_LIMIT = bylaws.Citation(
    source="INSPE d'Aix-Marseille, conseils de perfectionnement, « Fonctionnement »",
    quote="Les compétences de ces conseils sont limitées aux organisations locales de la "
    "formation\u00a0; ils ne peuvent se substituer au conseil de perfectionnement.",
    document="inspe-aix-marseille-cper.fr.txt",
)


class SubCouncil(Retirable):
    """A site sub-council: limited to the local organisation; it never replaces its council."""

    council = models.ForeignKey(
        Council, verbose_name=_("conseil"), on_delete=models.PROTECT, related_name="subcouncils"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="subcouncils"
    )
    name = models.CharField(_("nom"), max_length=200)
    members: models.ManyToManyField[Membership, Any] = models.ManyToManyField(
        "Membership",
        verbose_name=_("membres"),
        blank=True,
        related_name="subcouncils",
        help_text=_("Choisis parmi les membres du conseil."),
    )

    class Meta:
        verbose_name = _("sous-conseil de site")
        verbose_name_plural = _("sous-conseils de site")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "site"], name="one_subcouncil_per_site")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def limit(self) -> bylaws.Citation | None:
        """The text that limits it: the CPERs' page, for a CPER's; none for a sub-council of
        another council (one made before sub-councils were kept to the CPERs)."""
        return SUBCOUNCIL_LIMIT if self.council.under_cpers_page else None


def category_choices() -> list[tuple[str, str]]:
    """Every category of every rule pack, labelled in the current language."""
    lang = get_language() or "fr"
    seen: dict[str, str] = {}
    for council_type in bylaws.available_council_types():
        pack = bylaws.load_pack(council_type)
        for category in pack.categories:
            seen.setdefault(category, pack.category_label(category, lang))
    return list(seen.items())


STUDENT_REPRESENTATIVE = "student_representative"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def ahead(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Seats not ended on `on`: current ones and those still to start."""
        day = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=day))

    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.ahead(day).filter(start_date__lte=day)

    def past(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(end_date__lte=day)


class Membership(models.Model):
    """A seat: `end_date` is the first day the person no longer sits (history is kept)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    category = models.CharField(_("catégorie"), max_length=40, choices=category_choices)
    component = models.ForeignKey(
        Component,
        verbose_name=_("composante"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start_date = models.DateField(_("début du mandat"))
    end_date = models.DateField(_("fin du mandat"), null=True, blank=True)
    is_president = models.BooleanField(_("président"), default=False)
    president_since = models.DateField(_("président depuis le"), null=True, blank=True)
    employer_representative = models.BooleanField(
        _("représentant de l’employeur"),
        default=False,
        help_text=_("Peut présider le conseil (les représentants de l’académie le peuvent aussi)."),
    )
    term_end = models.DateField(
        _("terme du mandat"),
        null=True,
        blank=True,
        help_text=_("Premier jour hors du mandat ; vide si le mandat n’a pas de terme."),
    )
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("succède à"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
    )
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("suppléant de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
        help_text=_("Un suppléant est convoqué quand le titulaire se déclare absent."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["category", "person__last_name", "person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="membership_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(category="guest") | Q(is_president=False),
                name="guest_never_presides",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gt=models.F("start_date")),
                name="membership_term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.council}"

    @property
    def voting(self) -> bool:
        return self.category not in self.council.pack.non_voting

    def is_current(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date > day)

    def as_rule_member(self, *, full: bool = False) -> bylaws.Member:
        """The seat as the rule engine reads it. `full` adds what the INSPE councils' packs
        need: the person's sex, the seat's establishment (the component: the one an ex officio
        member represents, or the partner that designated the member) and the mandate."""
        code = self.component.code if self.component_id and self.component else None
        member = bylaws.Member(
            name=self.person.display_name,
            category=self.category,
            component=code,
            president=self.is_president,
            employer_representative=self.employer_representative,
        )
        if not full:
            return member
        return replace(
            member,
            component=None,
            sex=self.person.sex or None,
            establishment=code,
            designated_by=code,
            mandate_start=self.start_date,
            mandate_end=self.term_last_day,
        )

    def category_label(self) -> str:
        return self.council.pack.category_label(self.category, get_language() or "fr")

    def is_extended(self, on: dt.date | None = None) -> bool:
        """Past its term, still sitting: only where members sit until their successor comes."""
        day = on or timezone.localdate()
        return self.term_end is not None and self.term_end <= day and self.is_current(day)

    @property
    def term_last_day(self) -> dt.date | None:
        return None if self.term_end is None else self.term_end - dt.timedelta(days=1)

    @property
    def last_day(self) -> dt.date | None:
        """The last day the person sits: what every page and document shows as the mandate's
        end (`end_date` is the first day out, which the queries compare with)."""
        return None if self.end_date is None else self.end_date - dt.timedelta(days=1)


class Designation(models.Model):
    """The act that put a person in a seat: who designated, when, on what basis."""

    class Kind(models.TextChoices):
        FIRST = "first", _("désignation")
        SUCCESSOR = "successor", _("succession")
        REPLACEMENT = "replacement", _("remplacement sur un siège vacant")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="designations")
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="designation"
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    designated_by = models.CharField(_("désigné par"), max_length=200)
    designated_on = models.DateField(_("date de la désignation"))
    basis = models.TextField(_("fondement"))
    reference = models.CharField(
        _("référence"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : élection du 14 octobre 2026."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acte de désignation")
        verbose_name_plural = _("actes de désignation")
        ordering = ["-designated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.membership} ({self.designated_on})"


class MandateReminder(models.Model):
    """One reminder per seat, term and threshold: the periodic task never sends it twice."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="mandate_reminders"
    )
    term_end = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "term_end", "days_before"], name="one_reminder_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} (J-{self.days_before})"


# --- the observatoire des formations (issue 14 §6) ----------------------------------------


class ObservatoryMember(models.Model):
    """An account of the institution's observatoire des formations: it enters the indicators
    of every training and is named on every evidence pack (a role held as data)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="observatory_members"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observatory_seats"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre de l’observatoire des formations")
        verbose_name_plural = _("membres de l’observatoire des formations")
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "person"], name="one_observatory_seat_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.institution})"


# --- absences (issue 14 §4) ----------------------------------------------------------------


class AbsenceFlag(models.Model):
    """A member who missed the council's setting of consecutive meetings: flagged once per run
    of absences (the first meeting missed names the run), to the president and the director."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="absence_flags"
    )
    first_missed = models.DateField(_("première séance manquée"))
    last_missed = models.DateField(_("dernière séance manquée"))
    missed = models.PositiveSmallIntegerField(_("séances consécutives manquées"))
    flagged_at = models.DateTimeField(auto_now_add=True)
    # The member came back (present or represented) before anyone ended the mandate.
    cleared_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("signalement d’absences")
        verbose_name_plural = _("signalements d’absences")
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "first_missed"], name="one_flag_per_run_of_absences"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} ({self.missed})"


class MandateEnd(models.Model):
    """The act that ended a mandate before its term: when, why, on what basis, by whom."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="mandate_end"
    )
    ended_on = models.DateField(_("fin du mandat"))
    reason = models.TextField(_("motif"))
    basis = models.TextField(_("fondement"))
    flag = models.ForeignKey(
        AbsenceFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fin de mandat")
        verbose_name_plural = _("fins de mandat")

    def __str__(self) -> str:
        return f"{self.membership} ({self.ended_on})"


# Defined in their own module (the COSP's proposals, the director's decisions); imported here so
# that Django finds the model with the others.
from councils.proposals import CompositionProposal  # noqa: E402, F401
