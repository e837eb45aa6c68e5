from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.grammar import typographic
from conseils.widgets import DateInput
from councils.models import Council, Track
from meetings.models import AgendaItem, Meeting
from recommendations.models import Body, Routing


class AdoptForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=255)
    text = forms.CharField(
        label=_("Texte de la préconisation"), widget=forms.Textarea(attrs={"rows": 8})
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Instances destinataires"),
        queryset=Body.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Point de l’ordre du jour"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="—",
    )
    track = forms.ModelChoiceField(
        label=_("Formation concernée"),
        queryset=Track.objects.none(),
        required=False,
        empty_label="—",
    )
    vote_result = forms.CharField(
        label=_("Résultat du vote"),
        max_length=255,
        required=False,
        help_text=_("Par exemple : Adopté par 8 voix pour, 2 contre, 1 abstention."),
    )

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council: Council = meeting.council
        self._set("bodies", Body.objects.filter(institution=council.institution, active=True))
        self._set("agenda_item", meeting.agenda_items.all())
        self._set("track", council.tracks.all())

    def _set(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class AnswerForm(forms.Form):
    # No answer preset (issue 10 §1.10): the body chooses one; "acceptée" was preselected.
    position = forms.ChoiceField(
        label=_("Réponse"), choices=[("", _("— choisissez —")), *Routing.Position.choices]
    )
    reasoning = forms.CharField(
        label=_("Réponse motivée"), widget=forms.Textarea(attrs={"rows": 5})
    )
    planned_on = forms.DateField(
        label=_("Date prévue de mise en œuvre"), required=False, widget=DateInput()
    )
    implementation = forms.ChoiceField(
        label=_("Mise en œuvre"),
        choices=[("", "—"), *Routing.Implementation.choices],
        required=False,
    )


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[
            ("", _("Tous")),
            ("open", _("en attente")),
            ("late", _("en retard")),
            ("answered", _("répondues")),
            ("implemented", _("mises en œuvre")),
        ],
    )
    body = forms.ModelChoiceField(label=_("Instance"), queryset=Body.objects.none(), required=False)

    def __init__(self, bodies: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = bodies
        field.empty_label = _("Toutes")


class BodyForm(forms.Form):
    code = forms.CharField(label=_("Sigle"), max_length=20)
    name = forms.CharField(label=_("Nom"), max_length=200)
    answer_days = forms.IntegerField(label=_("Délai de réponse (jours)"), min_value=1, initial=60)
    respondents = forms.CharField(
        label=_("Adresses des personnes qui répondent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une adresse électronique par ligne ; les comptes doivent exister."),
    )

    def clean_name(self) -> str:
        return typographic(self.cleaned_data["name"])  # « Conseil de l’institut », as typed or not
