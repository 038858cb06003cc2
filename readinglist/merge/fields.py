"""Three-way merge of one entry's fields, and the conflict form written into papers.bib.

Conflict form (plain BibTeX, so every reader still parses the file):

- `conflict = {status, title}` lists what needs a person, first field of the entry;
- each listed field keeps *our* value in the field itself (absent if we removed it) and *their* value in
  `FIELD_theirs` (absent if they removed it);
- `conflict = {deleted by theirs}` (or `ours`): one side deleted the entry, the other edited it; the edited
  entry is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import format_notes, join_list, parse_notes, split_list

CONFLICT_FIELD = "conflict"
ENTRY_TYPE = "entrytype"  # listed in `conflict` when the BibTeX type differs; theirs in `entrytype_theirs`
THEIRS_SUFFIX = "_theirs"
DELETED_BY = "deleted by "
SET_FIELDS = frozenset({"cites", "builds_on", "section", "aka"})
NOTE_FIELDS = frozenset({"builds_on_note"})
OURS, THEIRS, MERGED = "ours", "theirs", "merged"


@dataclass(frozen=True)
class MergedField:
    """One field of the merged entry: its name, value and which side's raw text can be reused."""

    name: str
    value: str
    source: str  # OURS, THEIRS or MERGED (a new value: render it)


@dataclass(frozen=True)
class FieldMerge:
    fields: list[MergedField]
    conflicts: list[str]  # field names changed differently on both sides


def merge_fields(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> FieldMerge:
    """Merge field by field (names compared case-insensitively); list fields as ordered sets."""
    base_l, ours_l, theirs_l = _lower(base), _lower(ours), _lower(theirs)
    names = {k.lower(): k for k in [*theirs, *ours]}  # ours' spelling wins
    order = [k.lower() for k in ours] + [k.lower() for k in theirs if k.lower() not in ours_l]
    merged: list[MergedField] = []
    conflicts: list[str] = []
    for lower in order:
        b, o, t = base_l.get(lower), ours_l.get(lower), theirs_l.get(lower)
        name = names[lower]
        if o == t or t == b:
            if o is not None:
                merged.append(MergedField(name, o, OURS))
            continue
        if o == b:
            if t is not None:
                merged.append(MergedField(name, t, THEIRS))
            continue
        value = _merge_value(lower, b, o, t)
        if value is None:
            conflicts.append(name)
            if o is not None:
                merged.append(MergedField(name, o, OURS))
            if t is not None:
                merged.append(MergedField(name + THEIRS_SUFFIX, t, THEIRS))
        elif value or o is not None:
            merged.append(MergedField(name, value, MERGED))
    return FieldMerge(merged, conflicts)


def _lower(fields: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in fields.items()}


def _merge_value(name: str, base: str | None, ours: str | None, theirs: str | None) -> str | None:
    """A merged value for fields that merge item by item; None when the change really conflicts.

    A value merges by item only when it is nothing but items (`key: words | ...` notes that read back
    the same once formatted); free text in such a field is a conflict, never rewritten.
    """
    if name in SET_FIELDS:
        return join_list(merge_ordered_sets(split_list(base), split_list(ours), split_list(theirs)))
    if name in NOTE_FIELDS and all(_is_note_map(v) for v in (base, ours, theirs)):
        notes = merge_note_maps(parse_notes(base), parse_notes(ours), parse_notes(theirs))
        return None if notes is None else format_notes(notes)
    return None


def _is_note_map(value: str | None) -> bool:
    """Absent, empty, or exactly `key: words` items: formatting what was parsed gives the value back."""
    return not value or format_notes(parse_notes(value)) == value


def merge_ordered_sets(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Items either side removed go; items either side added stay; ours' order, then theirs' additions.

    >>> merge_ordered_sets(["a", "b"], ["a", "b", "c"], ["b", "d"])
    ['b', 'c', 'd']
    """
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    result = [item for item in ours if item not in removed]
    result += [item for item in theirs if item not in removed and item not in result]
    return result


def merge_note_maps(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> dict[str, str] | None:
    """`key: words` notes merged per key; None when one key's words changed differently on both sides."""
    merged: dict[str, str] = {}
    for key in [*ours, *(k for k in theirs if k not in ours), *(k for k in base if k not in ours and k not in theirs)]:
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        else:
            return None
        if value is not None:
            merged[key] = value
    return merged


def bookkeeping_names(conflicts: list[str]) -> set[str]:
    """The field names (lower case) a merge writes for these conflicts: `conflict` and each `FIELD_theirs`."""
    return {CONFLICT_FIELD, *(name.lower() + THEIRS_SUFFIX for name in conflicts)}


def conflict_items(fields: dict[str, str]) -> list[str]:
    """What the `conflict` field of an entry lists (empty for an entry without a conflict)."""
    value = next((v for k, v in fields.items() if k.lower() == CONFLICT_FIELD), "")
    return [item.strip() for item in value.split(",") if item.strip()]
