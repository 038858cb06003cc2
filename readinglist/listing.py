"""Entries as plain records for `list --format json` and tables (pure)."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from .models import STATUSES, Entry, split_list
from .paper import paper_of

# Free-text fields every record carries (null when the entry has none); the rest of an entry's fields are under
# `fields`, as written in papers.bib.
TEXT_KEYS = (
    "title_zh", "organization", "venue", "doi", "eprint", "url", "link", "abstract", "abstract_zh", "tldr", "note",
    "note_zh", "highlight_zh", "description_zh", "s2id",
)  # fmt: skip
COUNT_KEYS = {"citation_count": "citationcount", "influential_count": "influentialcount"}
SORTS = ("key", "year", "title", "kind", "status", "section")


def _text(value: str) -> str | None:
    return value or None


def _count(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def paper_record(entry: Entry) -> dict[str, Any]:
    """The published shape of one entry (readinglist/schemas/list.json, `paper`): every key on every entry,
    null when the entry does not say; years and months are integers, people are {family, given, particle, suffix}.

    >>> record = paper_record(Entry("k", "misc", {"title": "{BERT} -- a study", "year": "2019", "month": "may"}))
    >>> record["title"], record["year"], record["month"], record["authors"], record["doi"]
    ('BERT – a study', 2019, 5, None, None)
    """
    from .names import decode_latex, parse_persons  # bibtexparser's splitter and pylatexenc: only when asked

    authors = parse_persons(entry.get("author"))
    editors = parse_persons(entry.get("editor"))
    title = entry.get("title")
    computed = {
        "venue": entry.venue,
        "link": entry.best_link(),
        "organization": entry.get("organization") or entry.get("institution"),
    }
    return {
        "key": entry.key,
        "type": entry.entry_type,
        "kind": entry.kind,
        "status": entry.status if entry.status in STATUSES else None,
        "title": decode_latex(title) if title else None,
        "aka": entry.list_field("aka"),
        "authors": [p.as_json() for p in authors.persons] if entry.get("author") else None,
        "more_authors": authors.more,
        "editors": [p.as_json() for p in editors.persons] if entry.get("editor") else None,
        "year": entry.year,
        "month": entry.month,
        "sections": entry.list_field("section"),
        "builds_on": entry.list_field("builds_on"),
        "cites": entry.list_field("cites"),
        **{name: _text(computed[name] if name in computed else entry.get(name)) for name in TEXT_KEYS},
        **{name: _count(entry.get(field)) for name, field in COUNT_KEYS.items()},
        "fields": dict(entry.fields),
    }


def authors_text(entry: Entry) -> str:
    """The authors as CSV and tables write them (`Long Ouyang; Jeff Wu; et al.`): one form everywhere."""
    from .names import parse_persons

    return parse_persons(entry.get("author")).as_text()


def select_entries(
    entries: list[Entry], section: str | None = None, kind: str | None = None, status: str | None = None
) -> list[Entry]:
    """The entries in `section`, of `kind` and with `status` (each when given)."""
    return [
        e
        for e in entries
        if (not section or section in e.list_field("section"))
        and (not kind or e.kind == kind)
        and (not status or e.status == status)
    ]


def sort_entries(entries: list[Entry], by: str) -> list[Entry]:
    """Entries sorted by one of SORTS (stable; entries without a year last when sorting by year)."""
    keys: dict[str, Any] = {
        "key": lambda e: e.key.lower(),
        "year": lambda e: (e.year is None, e.year or 0, e.month or 0),
        "title": lambda e: paper_of(e).title.lower(),
        "kind": lambda e: e.kind,
        "status": lambda e: STATUSES.index(e.status) if e.status in STATUSES else len(STATUSES),
        "section": lambda e: split_list(e.get("section"))[:1],
    }
    return sorted(entries, key=keys[by])


def nearest(name: str, known: list[str]) -> str:
    """`did you mean …?` words for an unknown name, or the names there are when none is close.

    >>> nearest("datset", ["dataset", "benchmark", "paper"])
    'did you mean dataset?'
    """
    close = get_close_matches(name, known, n=3, cutoff=0.6)
    if close:
        return f"did you mean {' or '.join(close)}?"
    return f"use one of {', '.join(known)}" if len(known) <= 12 else f"e.g. {', '.join(known[:12])}, …"


def tree_branches(levels: list[int]) -> list[str]:
    """Box-drawing branches for a depth-first list of tree levels (1 = a child of the root).

    >>> tree_branches([1, 2, 2, 1, 2])
    ['├─ ', '│  ├─ ', '│  └─ ', '└─ ', '   └─ ']
    """
    last = [False] * len(levels)
    sibling_after: dict[int, bool] = {}
    for i in range(len(levels) - 1, -1, -1):  # backwards: is a sibling still to come below this line?
        level = levels[i]
        last[i] = not sibling_after.get(level, False)
        sibling_after[level] = True
        for deeper in [d for d in sibling_after if d > level]:
            sibling_after[deeper] = False
    branches: list[str] = []
    open_at: dict[int, bool] = {}
    for level, is_last in zip(levels, last, strict=True):
        trunk = "".join("│  " if open_at.get(d) else "   " for d in range(1, level))
        branches.append(trunk + ("└─ " if is_last else "├─ "))
        open_at[level] = not is_last
    return branches
