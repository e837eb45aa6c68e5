"""Indicators of each training, year by year, kept with the observatoire des formations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from councils.models import Institution, Track

# What every institution starts with; any other indicator can be added.
# The names are stored in French; `Indicator.label` translates them while they are unchanged.
DEFAULT_INDICATORS = [
    ("effectif", gettext_noop("Effectif inscrit"), "count"),
    ("reussite", gettext_noop("Taux de réussite"), "percent"),
    ("satisfaction", gettext_noop("Satisfaction des étudiants (enquête)"), "percent"),
    ("insertion", gettext_noop("Insertion dans le métier"), "percent"),
]
DEFAULT_NAMES = {name for _code, name, _unit in DEFAULT_INDICATORS}


class Indicator(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", _("nombre")
        PERCENT = "percent", _("pourcentage")
        SCORE = "score", _("note")

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("intitulé"), max_length=200)
    unit = models.CharField(_("unité"), max_length=10, choices=Unit.choices, default=Unit.COUNT)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: a default indicator's stored French name is
        translated (an English page says "Pass rate"); a name the institution typed is its own."""
        return gettext(self.name) if self.name in DEFAULT_NAMES else self.name


class Value(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="indicator_values")
    academic_year = models.CharField(_("année universitaire"), max_length=9)
    value = models.DecimalField(_("valeur"), max_digits=10, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("valeur d’indicateur")
        verbose_name_plural = _("valeurs d’indicateurs")
        ordering = ["indicator", "track", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "track", "academic_year"], name="one_value_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.track} {self.academic_year}: {self.value}"
