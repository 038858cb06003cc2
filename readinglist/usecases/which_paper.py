"""Which entry a person means, and which entries of the library could not be read: shared by the editing use cases.

A person names a paper by key, arXiv id, DOI, common name or title words; `identify` answers with the one key (and
how it was found, when the words were not the key itself) or raises `UnknownKeyError` naming the candidates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import CHECK_ADVICE, LibraryFileError
from ..keys import check_key
from ..store import Library

# Problems that leave an entry, or the fields after a stray }, out of what the use cases see.
LEFT_OUT = ("broken-entry", "duplicate-field", "unreadable", "cut-off-fields")

Notify = Callable[[str, str], None]  # (level, text): level "warning" (entries left out) or "info" (how found)


def ignore(_level: str, _text: str) -> None:
    """The default listener: notes are dropped."""


def said(library: Library, query: str, notify: Notify) -> str:
    """The key `query` names, after telling `notify` of the entries left out and of how the paper was found."""
    return said_all(library, [query], notify)[0]


def said_all(library: Library, queries: list[str], notify: Notify) -> list[str]:
    """The keys `queries` name, in order; the entries left out are said once, then how each paper was found."""
    if note := unreadable_note(library):
        notify("warning", note)
    keys = []
    for query in queries:
        found = identify(library, query)
        if found.found_as:
            notify("info", found.found_as)
        keys.append(found.key)
    return keys


@dataclass(frozen=True)
class Identified:
    """The key a query named, and how (`"InstructGPT → ouyang2022 · InstructGPT"`) when it was not the key."""

    key: str
    found_as: str | None = None


def identify(library: Library, query: str) -> Identified:
    """The exact key of the entry `query` names (key, id, common name, title words); candidates when unclear."""
    from ..resolve import PaperIndex

    entries = library.entries()
    if any(entry.key == query for entry in entries):
        return Identified(check_key(query))  # an exact key: no index to build (0.4 s at 10,000 entries)
    index = PaperIndex(entries)
    key = index.resolve(query)
    found_as = f"{query} → {index.describe(key)}" if key.lower() != query.strip().lower() else None
    return Identified(check_key(key), found_as)


def unreadable_note(library: Library) -> str | None:
    """A note naming the entries the library could not read (they are left out); an error when none could be."""
    lines = [
        p.line
        for p in library.problems
        if p.kind in LEFT_OUT or (p.kind == "duplicate-key" and library.line_of(p.key) != p.line)
    ]
    if not lines:
        return None
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    where = f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:5]))}{more}"
    if not len(library):
        raise LibraryFileError(f"{library.path}: no entry could be read ({where}); {CHECK_ADVICE}")
    count = "1 entry" if len(lines) == 1 else f"{len(lines)} entries"
    return f"{library.path}: {count} could not be read ({where}), left out here; {CHECK_ADVICE}"
