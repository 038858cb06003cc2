"""Citation keys: generating `lastnameYEARfirstword` keys and checking that a key is a safe file name."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container

from unidecode import unidecode

from .errors import UnsafeKeyError
from .names import first_family

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+:-]{0,119}$")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "with",
        "from",
        "by",
        "at",
        "via",
        "is",
        "are",
        "as",
        "its",
        "do",
        "does",
        "can",
        "how",
        "what",
        "why",
        "when",
        "towards",
        "toward",
        "using",
    ]
)


def check_key(key: str) -> str:
    """Return the key if it is safe as a file name, else raise UnsafeKeyError naming it."""
    problem = key_problem(key)
    if problem:
        raise UnsafeKeyError(f"citation key {key!r} {problem}; use letters, digits and _ . + : - only")
    return key


def key_problem(key: str) -> str:
    """Why a key is not safe, or '' when it is."""
    if _SAFE_KEY.match(key) and ".." not in key and key.split(".")[0].lower() not in _WINDOWS_RESERVED:
        return ""  # the common case, checked once
    if not key:
        return "is empty"
    if any(ord(c) < 32 or ord(c) == 127 for c in key):
        return "contains control characters"
    if "/" in key or "\\" in key:
        return "contains a path separator"
    if ".." in key:
        return "contains '..'"
    if not _SAFE_KEY.match(key):
        return "is not a plain ASCII key of at most 120 characters"
    if key.split(".")[0].lower() in _WINDOWS_RESERVED:
        return "is a reserved device name on Windows"
    return ""


def note_filename(key: str) -> str:
    """File name of a key's note: the key itself when lower case, else lower case plus a short hash.

    The hash keeps `Smith2020` and `smith2020` apart on case-insensitive file systems.
    """
    check_key(key)
    safe = key.replace(":", "_")
    if safe == key and key == key.lower():
        return f"{key}.md"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{safe.lower()}-{digest}.md"


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of a word (accents transliterated, Chinese as pinyin)."""
    return re.sub(r"[^a-z0-9]", "", unidecode(text).lower())


def first_title_word(title: str, skip: int = 0) -> str:
    words = [ascii_word(w) for w in re.split(r"[\s\-:/]+", title.replace("{", "").replace("}", ""))]
    significant = [w for w in words if w and w not in STOPWORDS]
    return significant[skip] if len(significant) > skip else ""


def base_key(authors: list[str], year: int | None, title: str) -> str:
    """`ouyang2022training` from the first author's family name (`authors[0]` is a name or a whole author field),
    the year and the title's first word."""
    year_part = str(year) if year else ""
    lastname = ascii_word(first_family(authors[0])) if authors else ""
    first = first_title_word(title)
    if lastname:
        return f"{lastname}{year_part}{first}" or "entry"
    # No author: two title words around the year keep keys of blog posts readable.
    return f"{first}{year_part}{first_title_word(title, 1)}" or "entry"


def unique_key(base: str, taken: Container[str]) -> str:
    """`base`, or `base` + a, b, ... (then aa, ab, ...) when taken (compared case-insensitively)."""
    if base.lower() not in taken:
        return base
    n = 0
    while True:
        suffix, m = "", n
        while True:
            suffix = chr(ord("a") + m % 26) + suffix
            m = m // 26 - 1
            if m < 0:
                break
        candidate = base + suffix
        if candidate.lower() not in taken:
            return candidate
        n += 1
