from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from conseils.widgets import DateInput
from councils.models import Component, Council, CouncilQuerySet, Membership, Programme, Site


class SeatForm(forms.Form):
    category = forms.ChoiceField(label=_("Catégorie"))
    component = forms.ModelChoiceField(
        label=_("Composante"),
        queryset=Component.objects.none(),
        required=False,
        empty_label=_("— Aucune composante —"),
    )
    start_date = forms.DateField(label=_("Début du mandat"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Fin du mandat"),
        required=False,
        widget=DateInput(),
        help_text=_("Premier jour où la personne ne siège plus ; laisser vide si inconnu."),
    )
    term_end = forms.DateField(
        label=_("Terme du mandat"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Premier jour hors du mandat. À l’ajout, laisser vide pour le terme par défaut "
            "de la catégorie."
        ),
    )
    employer_representative = forms.BooleanField(
        label=_("Représentant de l’employeur (peut présider)"), required=False
    )
    confirm = forms.BooleanField(
        label=_("J’ai lu les irrégularités et je confirme l’enregistrement"),
        required=False,
    )

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        lang = get_language() or "fr"
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.ChoiceField)
        category_field.choices = [
            (c, council.pack.category_label(c, lang)) for c in council.pack.categories
        ]
        component_field = self.fields["component"]
        assert isinstance(component_field, forms.ModelChoiceField)
        component_field.queryset = council.institution.components.all()
        if council.pack.establishment_required:
            # The INSPE councils: the component is the establishment an ex officio member
            # represents, or the partner that designated the member; no employer here.
            component_field.label = _("Établissement représenté ou qui a désigné")
            del self.fields["employer_representative"]
        if not self.is_bound and "start_date" not in self.initial:
            self.initial["start_date"] = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("La fin du mandat doit suivre son début."))
        term_end = data.get("term_end")
        if start and term_end and term_end <= start:
            self.add_error("term_end", _("Le terme du mandat doit suivre son début."))
        return data


class NewMemberForm(SeatForm):
    email = forms.EmailField(label=_("Adresse électronique"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    designated_by = forms.CharField(
        label=_("Désigné par"),
        max_length=200,
        required=False,
        help_text=_("Facultatif : qui a désigné ce membre, pour l’acte de désignation."),
    )
    basis = forms.CharField(
        label=_("Fondement de la désignation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reference = forms.CharField(label=_("Référence"), max_length=200, required=False)

    sex = forms.ChoiceField(
        label=_("Sexe"),
        choices=[("", "—"), *User.Sex.choices],
        required=False,
        help_text=_("Les règles de parité de ce conseil en tiennent compte."),
    )

    field_order = ["email", "first_name", "last_name", "sex", "category", "component"]

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(council, *args, **kwargs)
        if council.pack.sex_required:
            self.fields["sex"].required = True
        else:
            del self.fields["sex"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("designated_by")) != bool(data.get("basis")):
            self.add_error(
                "basis" if data.get("designated_by") else "designated_by",
                _("Indiquez qui a désigné et sur quel fondement, ou ni l’un ni l’autre."),
            )
        return data


class EndMembershipForm(forms.Form):
    end_date = forms.DateField(label=_("Fin du mandat le"), widget=DateInput())
    confirm = forms.BooleanField(
        label=_("J’ai lu les irrégularités et je confirme l’enregistrement"), required=False
    )


class EndForAbsencesForm(forms.Form):
    ended_on = forms.DateField(label=_("Fin du mandat le"), widget=DateInput())
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Par exemple : absent sans excuse aux trois dernières séances."),
    )


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.person.display_name} — {obj.category_label()}"


class PresidentForm(forms.Form):
    membership = MembershipChoiceField(
        label=_("Président ou présidente"),
        queryset=Membership.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    since = forms.DateField(label=_("À compter du"), widget=DateInput())

    def __init__(self, eligible: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Membership.objects.filter(pk__in=[m.pk for m in eligible]).select_related(
            "person"
        )
        if not self.is_bound:
            self.initial.setdefault("since", timezone.localdate())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV des membres"))


class RetirableChoiceField(forms.ModelChoiceField):
    """Offers the retired too, marked as such, so that a council's history can be found."""

    def __init__(self, *args: Any, retired_label: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retired_label = retired_label  # agreed with the kind's gender

    def label_from_instance(self, obj: Any) -> str:
        if obj.is_retired():
            return str(self.retired_label % {"name": obj})
        return str(obj)


class CouncilFilterForm(forms.Form):
    programme = RetirableChoiceField(
        label=_("Mention"),
        queryset=Programme.objects.none(),
        required=False,
        retired_label=_("%(name)s (mention retirée)"),
    )
    component = RetirableChoiceField(
        label=_("Composante"),
        queryset=Component.objects.none(),
        required=False,
        retired_label=_("%(name)s (composante retirée)"),
    )
    site = RetirableChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        required=False,
        retired_label=_("%(name)s (site retiré)"),
    )

    def __init__(self, councils: QuerySet[Council], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = councils.values("pk")
        querysets = {
            "programme": Programme.objects.filter(councils__in=ids),
            "component": Component.objects.filter(councils__in=ids),
            "site": Site.objects.filter(councils__in=ids),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset.distinct()
            field.empty_label = _("Toutes")

    def apply(self, councils: CouncilQuerySet) -> CouncilQuerySet:
        if not self.is_valid():
            return councils
        for name in ("programme", "component", "site"):
            value = self.cleaned_data.get(name)
            if value is not None:
                lookup = name if name == "programme" else f"{name}s"
                councils = councils.filter(**{lookup: value})
        return councils.distinct()
