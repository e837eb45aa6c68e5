from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from conseils.widgets import DateInput
from councils.models import Council
from elections.models import Election, ElectionList


class ElectionForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Collège (catégorie des sièges)"),
        help_text=_("Conseil de l’institut : les collèges a à f de l’article D. 721-1."),
    )
    seats = forms.IntegerField(label=_("Sièges à pourvoir"), min_value=1, max_value=99)
    users = forms.BooleanField(
        label=_("Élection des usagers (un suppléant par titulaire)"), required=False
    )
    held_on = forms.DateField(label=_("Date du scrutin"), widget=DateInput())
    mandate_start = forms.DateField(label=_("Début des mandats"), widget=DateInput())

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = get_language() or "fr"
        voting = [c for c in council.pack.categories if c not in council.pack.non_voting]
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [(c, council.pack.category_label(c, lang)) for c in voting]


class ElectorForm(forms.Form):
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    email = forms.EmailField(label=_("Adresse électronique"))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Liste électorale (CSV ou XLSX)"),
        help_text=_("Colonnes : email, prenom, nom."),
    )


class ListForm(forms.Form):
    name = forms.CharField(label=_("Nom de la nouvelle liste"), max_length=200)


class CandidateForm(forms.Form):
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    email = forms.EmailField(label=_("Adresse électronique"))
    sex = forms.ChoiceField(
        label=_("Sexe"), choices=[("", "—"), ("F", _("femme")), ("M", _("homme"))]
    )
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        required=False,
        widget=DateInput(),
        help_text=_("Utile seulement pour départager une égalité (le plus jeune l’emporte)."),
    )


class ResultsForm(forms.Form):
    blank = forms.IntegerField(label=_("Bulletins blancs"), min_value=0, initial=0)
    void = forms.IntegerField(label=_("Bulletins nuls"), min_value=0, initial=0)
    parity_draw = forms.ChoiceField(
        label=_("Liste tirée au sort (D. 721-4, 2°), si un tirage a eu lieu"), required=False
    )

    def __init__(self, election: Election, lists: list[ElectionList], *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.lists = lists
        for lst in lists:
            self.fields[f"votes_{lst.pk}"] = forms.IntegerField(
                label=_("Voix de la liste %(name)s") % {"name": lst.name},
                min_value=0,
                initial=lst.votes,
            )
        draw = self.fields["parity_draw"]
        assert isinstance(draw, forms.ChoiceField)
        draw.choices = [("", "—")] + [(x.name, x.name) for x in lists]
        self.fields["blank"].initial = election.blank
        self.fields["void"].initial = election.void
        self.fields["parity_draw"].initial = election.parity_draw
        if election.kind != "inspe_institute_council":
            del self.fields["parity_draw"]
        # The lists first, in the order of the ballot.
        self.order_fields([f"votes_{lst.pk}" for lst in lists])

    def votes(self) -> dict[int, int]:
        return {lst.pk: self.cleaned_data[f"votes_{lst.pk}"] for lst in self.lists}
