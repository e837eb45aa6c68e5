"""French agreement and elision, in one place (issue 10 §2): a word that follows a person's sex
("Présidente", "arrivée", "désignée") and a "de" that elides before a vowel ("Présence
d’Olivier"). Both forms are whole messages of the catalogue, so English translates each one
(and usually the same way); nothing here builds French out of fragments."""

from __future__ import annotations

import unicodedata
from typing import Any, TypeVar

from django_stubs_ext import StrOrPromise

T = TypeVar("T")


def is_feminine(person: Any) -> bool:
    """A person whose directory entry says "F"; a person without one gets the masculine,
    the form French administrative writing uses when the sex is not known."""
    return getattr(person, "sex", "") == "F"


def agree(person: Any, masculine: T, feminine: T) -> T:
    """The form that agrees with the person: `agree(p, _("Président"), _("Présidente"))`
    (or any pair of things worded for each, such as a list of choices)."""
    return feminine if is_feminine(person) else masculine


def starts_with_vowel_sound(word: str) -> bool:
    """Whether "de"/"le" elide before the word: a vowel (accented or not) or a y; a mute h is
    not knowable from spelling, so an h keeps the full form (« de Hugo », as most style guides
    accept for first names)."""
    word = word.strip()
    if not word:
        return False
    first, *rest = (unicodedata.normalize("NFD", c)[0].lower() for c in word[:2])
    if first == "y":  # « d’Yves », but « de Yasmine »: a y before a vowel is a consonant
        return not rest or rest[0] not in "aeiou"
    return first in "aeiou"


def elide(word: str, full: StrOrPromise, elided: StrOrPromise) -> str:
    """The message whose "de" fits the word it precedes, both messages taking `{name}`:
    `elide(name, _("Présence de {name}"), _("Présence d’{name}"))`. Braces, not `%(name)s`:
    templates pass these messages as `_("…")`, which Django looks up with every % doubled."""
    return str(elided if starts_with_vowel_sound(word) else full).format(name=word)


def count(n: int, one: str, many: str) -> str:
    """ "1 siège", "0 siège", "2 sièges": French puts 0 and 1 in the singular. For the
    command-line reports, which stay in French; pages and e-mails use ngettext."""
    return f"{n} {one if n < 2 else many}"


def typographic(text: str) -> str:
    """The apostrophe of French typography (’) for the typewriter's ('), so that a name typed
    or imported reads like the product's own: « Conseil de l’institut »."""
    return text.replace("'", "’")
