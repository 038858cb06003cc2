"""`readinglist check`: what in the library needs a person's attention (pure, over a loaded library)."""

from __future__ import annotations

from collections import defaultdict

from .identity import field_identities
from .merge.conflicts import conflict_problems, marker_problems
from .models import STATUSES, Entry, Problem
from .store.bibfile import Library, value_problem
from .store.strict import strict_reader_problems

REQUIRED = {"paper": ("title", "author", "year"), "default": ("title",)}


def check_library(library: Library) -> list[Problem]:
    """File problems (broken blocks, duplicate keys, unsafe keys) plus consistency problems."""
    problems = list(library.problems) + strict_reader_problems(library) + marker_problems(library.render())
    entries = library.entries()
    keys = {e.key.lower() for e in entries}
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in entries:
        line = library.line_of(entry.key)
        problems += _missing_fields(entry, line) + conflict_problems(entry, line) + _unstorable(entry, line)
        for name in ("builds_on", "cites", "paper", "resources"):
            for target in entry.list_field(name):
                if target.lower() not in keys:
                    problems.append(
                        Problem("missing-key", line, entry.key, f"{name} names {target!r}, which is not in the library")
                    )
        if entry.get("status") and entry.get("status") not in STATUSES:
            problems.append(
                Problem(
                    "bad-value", line, entry.key, f"status {entry.get('status')!r} is not one of {', '.join(STATUSES)}"
                )
            )
        for kind, value in _identities(entry):
            other = seen[kind].get(value)
            if other and other != entry.key:
                problems.append(
                    Problem(
                        "same-paper", line, entry.key, f"same {kind} as {other!r}: one paper under two keys; merge them"
                    )
                )
            seen[kind].setdefault(value, entry.key)
    return problems


def _unstorable(entry: Entry, line: int) -> list[Problem]:
    """Values the store would refuse to write (NUL, form feed, vertical tab, a final backslash…): `set` says no."""
    problems = []
    for name, value in entry.fields.items():
        problem = value_problem(value.replace("\r\n", "\n"))  # a CRLF file's line breaks are line breaks
        if problem:
            problems.append(Problem("bad-value", line, entry.key, f"{name}: the value {problem}"))
    return problems


def _missing_fields(entry: Entry, line: int) -> list[Problem]:
    required = REQUIRED["paper"] if entry.kind == "paper" else REQUIRED["default"]
    missing = [name for name in required if not entry.get(name)]
    if "title" in missing and entry.get("title_zh"):
        missing.remove("title")
    if entry.entry_type == "online" and not entry.get("url"):
        missing.append("url")
    if not missing:
        return []
    return [Problem("missing-field", line, entry.key, f"missing required field(s): {', '.join(missing)}")]


_KIND_NAMES = {"arxiv": "arXiv id", "doi": "DOI", "s2": "Semantic Scholar id", "title": "title"}


def _identities(entry: Entry) -> list[tuple[str, str]]:
    """The entry's identities as `identity.py` defines them (titles only for papers), named for people."""
    ids = field_identities(entry.fields)
    return [(_KIND_NAMES[kind], value) for kind, value in ids if kind != "title" or entry.kind == "paper"]


ENRICHABLE = {"author", "year"}  # what `enrich` fetches for a paper a list named only by its title and link


def group_enrichable(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(the problems to say one by one, the papers missing only author and/or year): a fresh import names papers
    by title and link, and enrichment fetches the rest, so those are counted in one line rather than listed."""

    def enrichable(p: Problem) -> bool:
        named = p.message.removeprefix("missing required field(s): ")
        return p.kind == "missing-field" and named != p.message and set(named.split(", ")) <= ENRICHABLE

    return [p for p in problems if not enrichable(p)], [p for p in problems if enrichable(p)]


def missing_names(grouped: list[Problem]) -> list[str]:
    """The field names the grouped problems miss, sorted (`['author', 'year']`)."""
    return sorted({f for p in grouped for f in p.message.rsplit(": ", 1)[1].split(", ")})
