"""Sanity check of bench/law_questions_independent.toml: 60 questions, each answer line starts an article."""
import sys, tomllib
from collections import Counter

SEED = "/work/shared/seeds/002_f703dc743b6141da.txt"
KINDS = {"everyday", "typo", "no_accents", "article_number", "overseas", "legal"}
path = sys.argv[1] if len(sys.argv) > 1 else "bench/law_questions_independent.toml"
with open(path, "rb") as f:
    qs = tomllib.load(f)["question"]
lines = open(SEED, encoding="utf-8").read().split("\n")
assert len(qs) == 60, len(qs)
for q in qs:
    assert q["kind"] in KINDS, q
    assert q["heldout"] is True, q
    assert q["text"].strip() and q["answers"], q
    for n in q["answers"]:
        assert 1 <= n <= len(lines) and "•" in lines[n - 1], (q["text"], n)
print(len(qs), "questions OK", dict(Counter(q["kind"] for q in qs)))
