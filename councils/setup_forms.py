"""Forms of the setup area: one per kind of structure, pickers limited to what is in use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.grammar import typographic
from accounts.models import User
from conseils.widgets import DateInput
from councils.forms import MembershipChoiceField
from councils.models import (
    CPERS_PAGE_TYPES,
    Component,
    Council,
    Institution,
    Membership,
    Programme,
    Site,
    SubCouncil,
    Track,
    council_type_choices,
)


class HeadField(forms.EmailField):
    """A head (of programme or track) named by the e-mail address of an existing account."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            help_text=_("Adresse d’un compte existant ; laisser vide si personne n’est désigné."),
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            user = User.objects.filter(pk=value).first()
            return user.email if user else ""
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        return str(self.prepare_value(initial) or "").lower() != str(data or "").strip().lower()

    def clean(self, value: Any) -> User | None:
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("Aucun compte n’a cette adresse."))
        return user


class StructureForm(forms.ModelForm):
    """Binds the new object to the institution; relation pickers show what is in use, plus
    what the object already refers to (retired or not)."""

    pickers: dict[str, Any] = {}

    def __init__(self, institution: Institution, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institution = institution
        for name, model in self.pickers.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            # Not Django's dashes: an optional picker reads "—", a required one asks.
            field.empty_label = _("— choisissez —") if field.required else "—"
            current = self._current_pks(name)
            queryset = model.objects.filter(**_in_institution(model, institution))
            field.queryset = queryset.filter(
                Q(pk__in=model.objects.active().values("pk")) | Q(pk__in=current)
            )

    def clean_name(self) -> str:
        # Typed or imported with the typewriter's apostrophe, a name still reads like the rest.
        return typographic(self.cleaned_data["name"])

    def _current_pks(self, name: str) -> list[int]:
        if self.instance.pk is None:
            return []
        value = getattr(self.instance, name)
        if hasattr(value, "all"):
            return [obj.pk for obj in value.all()]
        return [value.pk] if value is not None else []

    def save(self, commit: bool = True) -> Any:
        if hasattr(self.instance, "institution_id") and not self.instance.institution_id:
            self.instance.institution = self.institution
        return super().save(commit)


def _in_institution(model: Any, institution: Institution) -> dict[str, Any]:
    if model is Track:
        return {"programme__institution": institution}
    if model is SubCouncil:
        return {"council__institution": institution}
    return {"institution": institution}


class ComponentForm(StructureForm):
    class Meta:
        model = Component
        fields = ["code", "name"]
        labels = {"code": _("Sigle"), "name": _("Nom")}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        clash = Component.objects.filter(institution=self.institution, code__iexact=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Une composante porte déjà ce sigle."))
        return code


class SiteForm(StructureForm):
    class Meta:
        model = Site
        fields = ["name"]
        labels = {"name": _("Nom")}


class ProgrammeForm(StructureForm):
    head = HeadField(label=_("Responsable de mention"))

    class Meta:
        model = Programme
        fields = ["name", "head"]
        labels = {"name": _("Intitulé")}


class TrackForm(StructureForm):
    pickers = {"programme": Programme}
    head = HeadField(label=_("Responsable de parcours"))

    class Meta:
        model = Track
        fields = ["programme", "name", "head"]
        labels = {"name": _("Intitulé")}


class CouncilForm(StructureForm):
    pickers = {
        "programme": Programme,
        "tracks": Track,
        "components": Component,
        "establishment": Component,
        "sites": Site,
    }

    class Meta:
        model = Council
        fields = [
            "name",
            "council_type",
            "programme",
            "tracks",
            "components",
            "establishment",
            "sites",
            "notice_days",
            "max_proxies",
            "absence_limit",
            "minutes_validation_order",
        ]
        labels = {"name": _("Nom")}
        widgets = {
            "tracks": forms.CheckboxSelectMultiple,
            "components": forms.CheckboxSelectMultiple,
            "sites": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council_type"] = forms.ChoiceField(
            label=_("Type de conseil"), choices=council_type_choices()
        )
        if self.instance.pk is not None:
            self.initial.setdefault("council_type", self.instance.council_type)
        self.fields["minutes_validation_order"].help_text = _(
            "Ne s’applique qu’aux conseils de perfectionnement : les comptes rendus des autres "
            "conseils sont validés par leur seule présidence."
        )
        # Left empty (an older spreadsheet, a script): the council keeps its value, 3 at first.
        self.fields["absence_limit"].required = False

    def clean_absence_limit(self) -> int:
        value = self.cleaned_data.get("absence_limit")
        return int(value) if value is not None else self.instance.absence_limit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        programme, tracks = data.get("programme"), data.get("tracks") or []
        if any(programme is None or t.programme_id != programme.pk for t in tracks):
            self.add_error("tracks", _("Les parcours suivis appartiennent à la mention choisie."))
        establishment = data.get("establishment")
        if establishment is not None and establishment not in (data.get("components") or []):
            self.add_error(
                "establishment",
                _("L’établissement de rattachement est l’une des composantes engagées."),
            )
        leaves_cper = (
            self.instance.under_cpers_page
            and (data.get("council_type") or self.instance.council_type) not in CPERS_PAGE_TYPES
        )
        if self.instance.pk is not None and leaves_cper and self.instance.subcouncils.active():
            # Only a CPER has site sub-councils (SubCouncilForm): they would be left without
            # the text that provides for them.
            self.add_error(
                "council_type",
                _(
                    "Ce conseil a des sous-conseils de site en usage, que seul un conseil de "
                    "perfectionnement peut avoir : retirez-les avant de changer son type."
                ),
            )
        return data


class SubCouncilForm(StructureForm):
    pickers = {"council": Council, "site": Site}

    class Meta:
        model = SubCouncil
        fields = ["council", "site", "name"]
        labels = {"name": _("Nom")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        council, site = data.get("council"), data.get("site")
        if (
            council is not None
            and not council.under_cpers_page
            and (self.instance.pk is None or self.instance.council_id != council.pk)
        ):
            # The CPERs' page provides for them (SUBCOUNCIL_LIMIT); no text does for the
            # other councils. One made before this rule stays editable (and a spreadsheet
            # that lists it imports again): only a new one, or one moved, is refused.
            self.add_error(
                "council",
                _(
                    "Seul un conseil de perfectionnement peut avoir des sous-conseils de site : "
                    "la page des CPER les prévoit, aucun texte ne le fait pour ce conseil."
                ),
            )
        if council and site:
            clash = SubCouncil.objects.filter(council=council, site=site)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("site", _("Ce conseil a déjà un sous-conseil sur ce site."))
        return data


class RetireForm(forms.Form):
    retired_on = forms.DateField(label=_("Retiré à compter du"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("retired_on", timezone.localdate())


class MemberChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = MembershipChoiceField.label_from_instance  # each seat named alike


class SubCouncilMembersForm(forms.Form):
    members = MemberChoiceField(
        label=_("Membres du sous-conseil"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choisis parmi les membres en fonction du conseil."),
    )

    def __init__(self, subcouncil: SubCouncil, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            subcouncil.council.memberships.current()
            .select_related("person", "council")
            .order_by("person__last_name", "person__first_name")
        )
        if not self.is_bound:
            self.initial["members"] = list(subcouncil.members.values_list("pk", flat=True))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class StructureImportForm(forms.Form):
    upload = MultipleFileField(
        label=_("Classeur XLSX, ou fichiers CSV (un par feuille)"),
        help_text=_("Un fichier CSV est nommé d’après sa feuille : composantes.csv, sites.csv…"),
    )

    def clean_upload(self) -> list[Any]:
        files = self.cleaned_data["upload"]
        if sum(f.size for f in files) > settings.CSV_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Fichier trop volumineux (1 Mo au plus)."))
        return list(files)
