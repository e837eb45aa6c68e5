"""Form widgets shared by every app."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker: its value must be ISO (2026-09-01), whatever the language,
    or the browser shows an empty field and saving erases the date."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)
