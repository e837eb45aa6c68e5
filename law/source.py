"""The shipped text of the Code de l'éducation (regulatory part, 16 April 2024).

The product reads its own compressed copy, never ../shared: an installed product
must not depend on the development seeds. The SHA-256 pins the exact text the
article identities (`source_line`) refer to.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "code-education-R.txt.gz"
SHA256 = "ab8d91c71deead4f70406bcd70cfda61730997d48eb1a6d0f4348d7d86c2143e"
VERSION_DATE = "2024-04-16"
# Article numbers and headings restored by scripts/law_numbering.py (which rewrites
# this checksum): the JSON inside the gzip.
NUMBERING_FILE = DATA_FILE.with_name("code-education-R-numbers.json.gz")
NUMBERING_SHA256 = "83242d1e7a5edb665c15eb4ceca5e3747c8ba8833a0283c51927e89a15378fdd"
# The subject index, written for the search, not law: everyday keywords of each article and
# the questions it answers. Text files edited by hand, whose checksums are changed with them.
KEYWORDS_FILE = DATA_FILE.with_name("article-keywords.tsv")
KEYWORDS_SHA256 = "aa931bf0d15e16fc1f03cecbcd16d3f552222851b32349ef3c11fbb8bbffd74b"
QUESTIONS_FILE = DATA_FILE.with_name("article-questions.tsv")
QUESTIONS_SHA256 = "3c0febdd4de2c2031dc1bae2e9a8196c821d84b72862d9b9eb28b8a21f9d69d9"


class CorruptSourceError(RuntimeError):
    """The shipped text is not the one the article identities were built on."""


@lru_cache(maxsize=1)
def shipped_text() -> str:
    raw = gzip.decompress(DATA_FILE.read_bytes())
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        raise CorruptSourceError(f"{DATA_FILE}: SHA-256 {digest}, expected {SHA256}")
    return raw.decode("utf-8")


@lru_cache(maxsize=1)
def shipped_numbering() -> dict[str, Any]:
    """The numbers, their confidence and evidence, and the headings of every article."""
    raw = gzip.decompress(NUMBERING_FILE.read_bytes())
    digest = hashlib.sha256(raw).hexdigest()
    if digest != NUMBERING_SHA256:
        raise CorruptSourceError(f"{NUMBERING_FILE}: SHA-256 {digest}, expected {NUMBERING_SHA256}")
    data: dict[str, Any] = json.loads(raw)
    if data.get("text_sha256") != SHA256:
        raise CorruptSourceError(f"{NUMBERING_FILE} was built for another text")
    return data


@lru_cache(maxsize=1)
def shipped_keywords() -> dict[int, str]:
    """source_line -> the article's keywords, phrases separated by " ; "."""
    return _subject_index(KEYWORDS_FILE, KEYWORDS_SHA256)


@lru_cache(maxsize=1)
def shipped_questions() -> dict[int, str]:
    """source_line -> the questions the article answers, separated by " ; "."""
    return _subject_index(QUESTIONS_FILE, QUESTIONS_SHA256)


def _subject_index(path: Path, sha256: str) -> dict[int, str]:
    """One file of the subject index, checked: its checksum, the text it was written for (its
    header names the text's SHA-256), one line an article."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        raise CorruptSourceError(f"{path}: SHA-256 {digest}, expected {sha256}")
    rows = raw.decode("utf-8").splitlines()
    if not any(row.startswith("#") and SHA256 in row for row in rows):
        raise CorruptSourceError(f"{path} was written for another text")
    entries = {}
    for row in rows:
        if row and not row.startswith("#"):
            line, phrases = row.split("\t", 1)
            if int(line) in entries:
                raise CorruptSourceError(f"{path}: line {line} twice")
            entries[int(line)] = phrases
    return entries


@lru_cache(maxsize=1)
def shipped_lines() -> tuple[str, ...]:
    return tuple(shipped_text().split("\n"))
