"""Entries as plain records for `list --format json` and tables (pure)."""

from __future__ import annotations

from typing import Any

from .models import Entry


def entry_record(entry: Entry) -> dict[str, Any]:
    """Every field of the entry plus `key` and `type`."""
    return {"key": entry.key, "type": entry.entry_type, **entry.fields}


def filter_by_section(entries: list[Entry], section: str | None) -> list[Entry]:
    if not section:
        return entries
    return [e for e in entries if section in e.list_field("section")]


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
