from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User

PERSON_FIELDS = ["first_name", "last_name", "email", "sex", "organisation", "uid", "eppn"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PERSON_FIELDS
        labels = {"first_name": _("Prénom"), "last_name": _("Nom"), "sex": _("Sexe")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        sex = self.fields["sex"]
        assert isinstance(sex, forms.ChoiceField)
        sex.choices = [("", "—"), *User.Sex.choices]  # as the seat form, not Django's dashes

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Une personne de l’annuaire a déjà cette adresse."))
        return email


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Nom ou adresse électronique"), required=False, max_length=200)

    def apply(self, people: QuerySet[User]) -> QuerySet[User]:
        if not self.is_valid():
            return people
        return search_people(people, self.cleaned_data["q"])


def search_people(people: QuerySet[User], text: str) -> QuerySet[User]:
    """Every word must be found in the first name, the last name or the e-mail address."""
    for word in text.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return people


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export de l’annuaire (CSV ou XLSX)"),
        help_text=_("Colonnes : uid, mail, sn, givenName, supannEntiteAffectation…"),
    )


def picked_person_initial(picked: str) -> dict[str, str]:
    """The seat form's person fields, filled from the directory picker's `?personne=<id>`."""
    number = picked.isascii() and picked.isdigit()
    person = User.objects.filter(pk=picked, is_active=True).first() if number else None
    if person is None:
        return {}
    return {"email": person.email, "first_name": person.first_name, "last_name": person.last_name}
