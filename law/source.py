"""The shipped text of the Code de l'éducation (regulatory part, 16 April 2024).

The product reads its own compressed copy, never ../shared: an installed product
must not depend on the development seeds. The SHA-256 pins the exact text the
article identities (`source_line`) refer to.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "code-education-R.txt.gz"
SHA256 = "ab8d91c71deead4f70406bcd70cfda61730997d48eb1a6d0f4348d7d86c2143e"
VERSION_DATE = "2024-04-16"


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
def shipped_lines() -> tuple[str, ...]:
    return tuple(shipped_text().split("\n"))
