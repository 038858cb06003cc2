"""Conflicts a merge left in papers.bib: find them (for `check` and the app) and resolve them."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OWN_VALUE, InvalidValueError
from ..models import Entry, Problem
from ..store.bibfile import Library
from .fields import CONFLICT_FIELD, DELETED_BY, ENTRY_TYPE, OURS, THEIRS, THEIRS_SUFFIX, conflict_items

WHOLE_ENTRY = "entry"
MARKER = "<<<<<<<"  # ours (`<<<<<<< ours`) or git's own (`<<<<<<< HEAD`) when merged without the driver


@dataclass(frozen=True)
class FieldConflict:
    """One thing to decide: a field both sides changed, or an entry one side deleted and the other edited."""

    key: str
    field: str  # the field name; "entry" when one side deleted the entry
    ours: str | None = None  # None: our side removed the field
    theirs: str | None = None
    deleted_by: str = ""  # "ours" or "theirs" for a deleted-vs-edited entry


def entry_conflicts(entry: Entry) -> list[FieldConflict]:
    """What the entry's `conflict` field lists, with both sides' values.

    An item a merge cannot have written (neither the field nor `FIELD_theirs` is there, e.g. a person's own
    `conflict = {none declared}`) is not a merge conflict and is not listed.
    """
    found = []
    fields = {k.lower(): v for k, v in entry.fields.items()}
    for item in conflict_items(entry.fields):
        if item in (DELETED_BY + OURS, DELETED_BY + THEIRS):
            found.append(FieldConflict(entry.key, WHOLE_ENTRY, deleted_by=item.removeprefix(DELETED_BY)))
        elif item.lower() == ENTRY_TYPE and ENTRY_TYPE + THEIRS_SUFFIX in fields:
            found.append(FieldConflict(entry.key, ENTRY_TYPE, entry.entry_type, fields.get(ENTRY_TYPE + THEIRS_SUFFIX)))
        elif item.lower() in fields or item.lower() + THEIRS_SUFFIX in fields:
            name = item.lower()
            found.append(FieldConflict(entry.key, item, fields.get(name), fields.get(name + THEIRS_SUFFIX)))
    return found


def conflict_problems(entry: Entry, line: int) -> list[Problem]:
    """`check`'s report: one problem per conflicting field, naming both values."""
    problems = []
    for conflict in entry_conflicts(entry):
        if conflict.field == WHOLE_ENTRY:
            message = f"merge conflict: entry deleted by {conflict.deleted_by}, edited by the other side"
            how = f"`readinglist resolve-conflict {entry.key} entry keep|delete`"
        else:
            message = (
                f"merge conflict in {conflict.field}: ours {_quote(conflict.ours)}, theirs {_quote(conflict.theirs)}"
            )
            how = f"`readinglist resolve-conflict {entry.key} {conflict.field} ours|theirs` {OWN_VALUE}"
        problems.append(
            Problem(
                "merge-conflict",
                line,
                entry.key,
                f"{message}; settle it with {how} or on the app's Merge conflicts page",
            )
        )
    return problems


def marker_problems(text: str) -> list[Problem]:
    """Conflict markers a line merge left in the file (ours, or git's when papers.bib was merged as text)."""
    return [
        Problem(
            "merge-conflict",
            number,
            "",
            "merge conflict markers: keep the lines you want, delete the <<<<<<< ||||||| ======= >>>>>>> lines",
        )
        for number, line in enumerate(text.splitlines(), 1)
        if line.startswith(MARKER)
    ]


def _quote(value: str | None) -> str:
    if value is None:
        return "(removed)"
    value = " ".join(value.split())
    return f"“{value[:80]}{'…' if len(value) > 80 else ''}”"


def resolve_field(library: Library, key: str, name: str, choice: str, value: str | None = None) -> None:
    """Settle one conflicting field: `ours`, `theirs`, or `value` (an edited text)."""
    entry = library.entry(key)
    conflict = next((c for c in entry_conflicts(entry) if c.field.lower() == name.lower()), None)
    if conflict is None or conflict.field == WHOLE_ENTRY:
        raise InvalidValueError(f"{key} has no conflict in {name!r}; `readinglist check` lists the conflicts")
    if choice == OURS:
        chosen = conflict.ours
    elif choice == THEIRS:
        chosen = conflict.theirs
    elif choice == "value" and value is not None:
        chosen = value
    else:
        raise InvalidValueError(f"choose ours, theirs or a value for {key} {name}, not {choice!r}")
    if conflict.field == ENTRY_TYPE:
        entry.entry_type = chosen or entry.entry_type
    elif chosen is None:
        library.unset_field(key, conflict.field)
    else:
        library.set_field(key, conflict.field, chosen)
    library.unset_field(key, conflict.field + THEIRS_SUFFIX)
    _drop_item(library, key, conflict.field)


def resolve_deletion(library: Library, key: str, keep: bool) -> None:
    """Settle a deleted-vs-edited entry: keep the edited entry, or delete it."""
    entry = library.entry(key)
    item = next((i for i in conflict_items(entry.fields) if i.startswith(DELETED_BY)), None)
    if item is None:
        raise InvalidValueError(f"{key} was not deleted on one side of a merge; nothing to keep or delete")
    if keep:
        _drop_item(library, key, item)
    else:
        library.remove_entry(key)


def _drop_item(library: Library, key: str, item: str) -> None:
    rest = [i for i in conflict_items(library.entry(key).fields) if i.lower() != item.lower()]
    if rest:
        library.set_field(key, CONFLICT_FIELD, ", ".join(rest))
    else:
        library.unset_field(key, CONFLICT_FIELD)
