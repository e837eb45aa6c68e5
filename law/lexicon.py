"""The words of French, from a dictionary: a word of a question that French has is no typo.

The search reads a word the Code never uses as a typo for the Code's closest word; with the
Code's words alone, real French words were "corrected" into the Code's ("natation" into
"notation", "voile" into "voie", "tête" into "texte"). The French dictionary of
pyspellchecker (about 140,000 forms, MIT) ships inside the package: nothing is fetched.

The folded words are kept as one string per three first letters ("\\nnatation\\nnatte\\n..."),
searched for "\\nword\\n": 1.7 MB where a set of the same words takes 12 MB in every serving
process, and a word is found in one or two microseconds. Built in 0.2 s by warm() or the first
question that asks, kept for the process's life; the dictionary read to build it (26 MB at
the peak) is freed at once, and warm() reads it before the corpus, which reuses that memory.
"""

from __future__ import annotations

import gzip
import json
import pkgutil
from functools import lru_cache

from law.french import fold

# pyspellchecker's own path to its French dictionary (SpellChecker(language="fr") reads it);
# a SpellChecker would also keep a Counter of every word with its frequency (15 MB).
_DICTIONARY = ("spellchecker", "resources/fr.json.gz")
_KEY = 3  # letters: the buckets hold a few dozen words each


@lru_cache(maxsize=1)
def _french() -> dict[str, str]:
    data = pkgutil.get_data(*_DICTIONARY)
    if data is None:  # a loader that cannot read package data: the wheel's always can
        raise FileNotFoundError("/".join(_DICTIONARY))
    buckets: dict[str, list[str]] = {}
    for form in {fold(form) for form in json.loads(gzip.decompress(data).decode("utf-8"))}:
        buckets.setdefault(form[:_KEY], []).append(form)
    return {key: "\n" + "\n".join(forms) + "\n" for key, forms in buckets.items()}


def is_french(word: str) -> bool:
    """Whether a folded word is a French word as written ("natation", "tete", "ecole"), not
    a typo ("ecolle", "reglemant")."""
    return f"\n{word}\n" in _french().get(word[:_KEY], "")


def warm() -> None:
    """Read the dictionary now (0.2 s), not during the first question that has a word the
    Code never uses."""
    _french()
