from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from councils.models import Council, Track
from evaluation.models import Indicator

year_validator = RegexValidator(r"^\d{4}-\d{4}$", _("Sous la forme 2025-2026."))


class ValueForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicateur"), queryset=Indicator.objects.none(), empty_label=_("— choisissez —")
    )
    track = forms.ModelChoiceField(
        label=_("Parcours"), queryset=Track.objects.none(), empty_label=_("— choisissez —")
    )
    year = forms.CharField(
        label=_("Année universitaire"), max_length=9, validators=[year_validator]
    )
    value = forms.DecimalField(label=_("Valeur"), max_digits=10, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("indicator", Indicator.objects.filter(institution=council.institution_id)),
            ("track", council.tracks.all()),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV des indicateurs"))


class ObservatoryMemberForm(forms.Form):
    """An account of the observatory, found by its e-mail address in the directory."""

    email = forms.EmailField(
        label=_("Adresse électronique du compte"),
        help_text=_("La personne doit déjà figurer dans l’annuaire."),
    )

    def clean_email(self) -> User:
        email = str(self.cleaned_data["email"]).strip()
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise ValidationError(_("Aucun compte actif ne porte cette adresse."))
        return person
