from django import forms

from legal.models import LegalWording


class WordingForm(forms.ModelForm):
    class Meta:
        model = LegalWording
        fields = [
            "publisher",
            "publication_director",
            "host",
            "dpo_contact",
            "accessibility_contact",
            "conformity",
            "audit_rate",
            "audit_details",
            "non_accessible_content",
            "derogations",
            "statement_date",
            "retention_years",
        ]
        widgets = {
            "publisher": forms.Textarea(attrs={"rows": 3}),
            "host": forms.Textarea(attrs={"rows": 3}),
            "dpo_contact": forms.Textarea(attrs={"rows": 2}),
            "accessibility_contact": forms.Textarea(attrs={"rows": 2}),
            "audit_details": forms.Textarea(attrs={"rows": 3}),
            "non_accessible_content": forms.Textarea(attrs={"rows": 4}),
            "derogations": forms.Textarea(attrs={"rows": 3}),
            "statement_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
