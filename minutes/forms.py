from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from councils.models import Council


class SecretaryForm(forms.Form):
    secretary = forms.ModelChoiceField(
        label=_("Secrétaire de séance"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, council: Council, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voting = [m.person_id for m in council.current_memberships() if m.voting]
        field = self.fields["secretary"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=voting)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire (obligatoire pour renvoyer)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class RedactionForm(forms.Form):
    passage = forms.CharField(
        label=_("Passage à occulter (copié mot pour mot)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("Motif"), max_length=255, required=False)
