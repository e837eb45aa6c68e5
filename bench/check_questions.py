"""Sanity check of bench/law_questions_independent.toml: 60 questions, each answer line
starts an article of the shipped text."""

import sys
import tomllib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from law.source import shipped_lines

KINDS = {"everyday", "typo", "no_accents", "article_number", "overseas", "legal"}
path = sys.argv[1] if len(sys.argv) > 1 else "bench/law_questions_independent.toml"
with open(path, "rb") as f:
    qs = tomllib.load(f)["question"]
lines = shipped_lines()
assert len(qs) == 60, len(qs)
for q in qs:
    assert q["kind"] in KINDS, q
    assert q["heldout"] is True, q
    assert q["text"].strip() and q["answers"], q
    for n in q["answers"]:
        assert 1 <= n <= len(lines) and "•" in lines[n - 1], (q["text"], n)
print(len(qs), "questions OK", dict(Counter(q["kind"] for q in qs)))
