"""Forms of the mandate pages: one successor, the yearly renewal of several seats."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.grammar import elide
from conseils.widgets import DateInput
from councils.actions import Act
from councils.models import Membership


class ActForm(forms.Form):
    designated_by = forms.CharField(
        label=_("Désigné par"),
        max_length=200,
        help_text=_("Par exemple : les étudiants de la mention, le directeur de l’Inspé."),
    )
    designated_on = forms.DateField(label=_("Date de la désignation"), widget=DateInput())
    basis = forms.CharField(
        label=_("Fondement"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Le texte ou la décision sur lequel repose la désignation."),
    )
    reference = forms.CharField(
        label=_("Référence"),
        max_length=200,
        required=False,
        help_text=_("Facultatif. Par exemple : élection du 14 octobre 2026."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("designated_on", timezone.localdate())

    def act(self) -> Act:
        data = self.cleaned_data
        return Act(
            designated_by=data["designated_by"],
            designated_on=data["designated_on"],
            basis=data["basis"],
            reference=data["reference"],
        )


class SuccessorForm(ActForm):
    email = forms.EmailField(label=_("Adresse électronique du successeur"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    start_date = forms.DateField(label=_("Entrée en fonction le"), widget=DateInput())

    field_order = ["email", "first_name", "last_name", "start_date"]


PERSON_FIELDS = ("email", "first_name", "last_name")


class RenewalForm(ActForm):
    """One row per seat (e-mail, first name, last name of its successor; a blank row is left
    as it is) and one act for all."""

    def __init__(self, seats: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        for seat in seats:
            name = seat.person.display_name
            self.fields[f"email_{seat.pk}"] = forms.EmailField(
                label=elide(
                    name,
                    _("Adresse électronique du successeur de {name}"),
                    _("Adresse électronique du successeur d’{name}"),
                ),
                required=False,
            )
            self.fields[f"first_name_{seat.pk}"] = forms.CharField(
                label=elide(
                    name,
                    _("Prénom du successeur de {name}"),
                    _("Prénom du successeur d’{name}"),
                ),
                max_length=150,
                required=False,
            )
            self.fields[f"last_name_{seat.pk}"] = forms.CharField(
                label=elide(
                    name, _("Nom du successeur de {name}"), _("Nom du successeur d’{name}")
                ),
                max_length=150,
                required=False,
            )

    def act_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ActForm.base_fields]

    def row_fields(self, seat: Membership) -> list[forms.BoundField]:
        return [self[f"{f}_{seat.pk}"] for f in PERSON_FIELDS]

    def rows(self) -> list[tuple[Membership, list[forms.BoundField]]]:
        return [(seat, self.row_fields(seat)) for seat in self.seats]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = 0
        for seat in self.seats:
            values = [data.get(f"{f}_{seat.pk}") for f in PERSON_FIELDS]
            if any(values):
                filled += 1
                for field, value in zip(PERSON_FIELDS, values, strict=True):
                    if not value:
                        self.add_error(
                            f"{field}_{seat.pk}", _("Complétez la ligne ou videz-la entièrement.")
                        )
        if not filled:
            raise forms.ValidationError(_("Indiquez au moins un successeur."))
        return data

    def successors(self) -> list[tuple[Membership, str, str, str]]:
        data = self.cleaned_data
        return [
            (seat, *(data[f"{f}_{seat.pk}"] for f in PERSON_FIELDS))
            for seat in self.seats
            if data.get(f"email_{seat.pk}")
        ]
