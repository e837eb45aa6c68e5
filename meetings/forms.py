"""Forms of the meetings pages: they parse input; the rules live in meetings.actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from conseils.widgets import DateInput
from councils import roles
from councils.models import Council, Membership, SubCouncil
from meetings import attachments
from meetings.actions import ItemDraft, MeetingPlan, presenters
from meetings.actions.schedule import FIRST_DAY, LAST_DAY, date_range_error
from meetings.models import AgendaItem, Answer, Meeting, academic_year_of


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Heure (heure de Paris)"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"), min_value=15, max_value=720, initial=120
    )
    place = forms.CharField(
        label=_("Lieu"),
        max_length=255,
        required=False,
        help_text=_("Site, bâtiment et salle. Laisser vide pour une séance à distance."),
    )
    video_url = forms.URLField(
        label=_("Lien de visioconférence"), required=False, assume_scheme="https"
    )
    subcouncil = forms.ModelChoiceField(
        label=_("Sous-conseil de site"),
        queryset=SubCouncil.objects.none(),
        required=False,
        empty_label=_("Le conseil entier"),
    )
    confirm_past = forms.BooleanField(
        label=_("Je confirme cette date dans une année universitaire écoulée"), required=False
    )

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subcouncil"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = council.subcouncils.select_related("site")
        if not council.subcouncils.exists():
            del self.fields["subcouncil"]

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        local = timezone.localtime(meeting.starts_at)
        return {
            "date": local.date(),
            "time": local.time(),
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "video_url": meeting.video_url,
            "subcouncil": meeting.subcouncil,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("date")
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            # Year 9999 overflowed the end of the meeting (a 500): a form error instead.
            self.add_error("date", date_range_error())
        elif day is not None and "confirm_past" in self.fields:
            year = academic_year_of(day)
            if year < academic_year_of(timezone.localdate()) and not data.get("confirm_past"):
                self.add_error(
                    "date",
                    _(
                        "Cette date tombe dans l’année universitaire %(year)s, déjà écoulée : "
                        "cochez la case de confirmation pour l’inscrire au calendrier."
                    )
                    % {"year": year},
                )
        if not data.get("place") and not data.get("video_url") and not self.errors:
            raise forms.ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
        return data

    def plan(self) -> MeetingPlan:
        data = self.cleaned_data
        starts = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
        return MeetingPlan(
            starts_at=starts,
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_url=data["video_url"],
            subcouncil=data.get("subcouncil"),
        )


class MoveForm(MeetingForm):
    confirm_past = None  # type: ignore[assignment]  # a move into the past is refused anyway
    reason = forms.CharField(
        label=_("Motif du changement (lu par les membres)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class PresenterField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=255)
    kind = forms.ChoiceField(label=_("Nature"), choices=AgendaItem.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Une ligne vide sépare les paragraphes ; « - » commence une puce, « 1. » un point "
            "numéroté ; **gras** et *italique*."
        ),
    )
    presenter = PresenterField(
        label=_("Présenté par"), queryset=User.objects.none(), required=False, empty_label="—"
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"), min_value=1, max_value=600, required=False
    )

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["presenter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[p.pk for p in presenters(council)])

    @classmethod
    def initial_for(cls, item: AgendaItem) -> dict[str, Any]:
        return {
            "title": item.title,
            "kind": item.kind,
            # Items made before the typed text was kept show their (sanitised) HTML.
            "description": item.description_source or item.description,
            "presenter": item.presenter,
            "duration_minutes": item.duration_minutes,
        }

    def draft(self) -> ItemDraft:
        data = self.cleaned_data
        return ItemDraft(
            title=data["title"],
            description=data["description"],
            presenter=data["presenter"],
            duration_minutes=data["duration_minutes"],
            kind=data["kind"],
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fichier"))
    agenda_item = forms.ModelChoiceField(
        label=_("Point de l’ordre du jour"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("Document de la séance (sans point particulier)"),
    )

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meeting.agenda_items.all()
        self.fields["file"].help_text = _(
            "PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, texte ou CSV ; %(limit)d Mo au plus. "
            "Le contenu est vérifié, pas seulement l’extension."
        ) % {"limit": attachments.max_bytes() // (1024 * 1024)}


class MembershipLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person.display_name)


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Votre réponse"), choices=Answer.Response.choices, widget=forms.RadioSelect
    )
    proxy_to = MembershipLabelField(
        label=_("Procuration donnée à"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("Un membre votant du conseil ; seulement si vous donnez procuration."),
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = membership.council
        field = self.fields["proxy_to"]
        assert isinstance(field, forms.ModelChoiceField)
        # Any seat is accepted here so that the action, not a generic "invalid choice",
        # explains why a guest, oneself or a non-member cannot hold a proxy.
        field.queryset = Membership.objects.select_related("person", "council")
        eligible = [
            m
            for m in council.current_memberships()
            if m.pk != membership.pk and m.category not in council.pack.non_voting
        ]
        field.widget.choices = [("", "—")] + [(m.pk, m.person.display_name) for m in eligible]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("response") == Answer.Response.PROXY and not data.get("proxy_to"):
            self.add_error("proxy_to", _("Choisissez le membre à qui vous donnez procuration."))
        return data


class FeedForm(forms.Form):
    council = forms.ModelChoiceField(
        label=_("Calendrier"),
        queryset=Council.objects.none(),
        required=False,
        empty_label=_("Toutes mes séances"),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["council"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = roles.councils_readable_by(user).order_by("name")


class GuestForm(forms.Form):
    """An occasional guest: a person of the directory (found by e-mail) or someone new."""

    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Une personne de l’annuaire est retrouvée par son adresse."),
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        required=False,
        help_text=_("Obligatoire pour une personne qui n’est pas dans l’annuaire."),
    )
    quality = forms.CharField(
        label=_("Qualité"),
        max_length=200,
        help_text=_("Au titre de quoi la personne est invitée, par exemple : tutrice de stage."),
    )
