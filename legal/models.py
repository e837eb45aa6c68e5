"""What a French public body must show: each institution's own wording of its legal notices,
accessibility statement and privacy notice. The pages render it over fixed text (templates)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models import Institution


def default_retention_years() -> int:
    return int(settings.RETENTION_YEARS)


class LegalWording(models.Model):
    """One institution's wording; absent fields fall back to what the institution record says
    (see `wording_for`)."""

    class Conformity(models.TextChoices):
        # The RGAA's three states; without an audit the only honest one is "non conforme".
        NONE = "none", _("non conforme")
        PARTIAL = "partial", _("partiellement conforme")
        FULL = "full", _("totalement conforme")

    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="legal_wording"
    )
    publisher = models.TextField(
        _("éditeur du site"),
        blank=True,
        help_text=_("Nom, adresse postale et téléphone de l’établissement."),
    )
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"), max_length=200, blank=True
    )
    host = models.TextField(
        _("hébergeur"),
        blank=True,
        help_text=_("Nom, adresse postale et téléphone de l’hébergeur du service."),
    )
    dpo_contact = models.TextField(
        _("contact du délégué à la protection des données"),
        blank=True,
        help_text=_("Adresse électronique ou postale du DPO de l’établissement."),
    )
    accessibility_contact = models.TextField(
        _("contact accessibilité"),
        blank=True,
        help_text=_("Où signaler un défaut d’accessibilité : adresse électronique, formulaire."),
    )
    conformity = models.CharField(
        _("état de conformité au RGAA"),
        max_length=10,
        choices=Conformity.choices,
        default=Conformity.NONE,
        help_text=_("« Non conforme » tant qu’aucun audit n’a été réalisé."),
    )
    audit_rate = models.CharField(
        _("taux de conformité mesuré par l’audit"),
        max_length=50,
        blank=True,
        help_text=_("Tel que l’audit RGAA l’indique, par exemple « 62 % ». Vide sans audit."),
    )
    audit_details = models.TextField(_("audit : date, auditeur, pages évaluées"), blank=True)
    non_accessible_content = models.TextField(
        _("contenus non accessibles relevés par l’établissement"), blank=True
    )
    derogations = models.TextField(_("dérogations pour charge disproportionnée"), blank=True)
    statement_date = models.DateField(_("déclaration établie le"), null=True, blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("durée de conservation après la fin du dernier mandat (années)"),
        default=default_retention_years,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Passé ce délai sans mandat ni activité, une personne est pseudonymisée "
            "(commande « conseils retention »)."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("informations légales")
        verbose_name_plural = _("informations légales")

    def __str__(self) -> str:
        return str(self.institution)

    @property
    def publisher_or_default(self) -> str:
        return self.publisher or self.institution.name

    @property
    def publication_director_or_default(self) -> str:
        if self.publication_director:
            return self.publication_director
        director = self.institution.director
        title = self.institution.director_title
        return f"{director.display_name}, {title}" if director else title


def wording_for(institution: Institution) -> LegalWording:
    """The saved wording, or an unsaved one with the defaults (nothing is written on a GET)."""
    try:
        return institution.legal_wording
    except LegalWording.DoesNotExist:
        return LegalWording(institution=institution)
