"""Three-way merge of BibTeX libraries: by entry key, then by field; the text between entries by line.

Chunks that are the same on both sides, or changed on one side only, are copied byte for byte; only
entries both sides changed are parsed (with the lossless store) and merged field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from merge3 import Merge3

from ..models import Entry
from ..store.bibfile import BOM, Library, render_entry
from .chunks import Chunks, is_entry_name, split_chunks
from .fields import (
    CONFLICT_FIELD,
    DELETED_BY,
    ENTRY_TYPE,
    OURS,
    THEIRS,
    THEIRS_SUFFIX,
    bookkeeping_names,
    merge_fields,
)
from .lines import conflict_block, merge_lines

BOOKKEEPING = "bookkeeping"  # an entry already holds a field named like the merge's own: markers, not fields
KEY_CASE = "key case"  # two entries whose keys differ only in case, from different sides


@dataclass(frozen=True)
class Conflict:
    """What needs a person after a merge: a field of an entry, a deleted-vs-edited entry, or text."""

    key: str  # the entry's key; "" for text between entries
    what: str  # a field name, "deleted by ours"/"deleted by theirs", or "text"

    def describe(self) -> str:
        if not self.key:
            return "text between entries changed differently on both sides (conflict markers written)"
        if self.what == "text":
            return f"{self.key}: not readable as an entry, merged line by line; conflict markers written"
        if self.what == BOOKKEEPING:
            return (
                f"{self.key}: changed differently on both sides, and it already holds a field named `conflict` or "
                "`…_theirs`, which a merge writes; both versions kept between conflict markers"
            )
        if self.what == KEY_CASE:
            return f"{self.key}: another entry's key differs only in case (BibTeX reads them as one); rename one"
        if self.what.startswith(DELETED_BY):
            return f"{self.key}: entry {self.what}, edited on the other side (edited entry kept)"
        return f"{self.key}: {self.what} changed differently on both sides (both values kept)"


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)
    merged_entries: list[str] = field(default_factory=list)  # keys both sides changed, merged by field

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class _Parsed:
    """One chunk read by the store: text before the entry, the entry's raw text and values, text after."""

    lead: str
    raw: str
    entry: Entry
    raw_values: dict[str, str]
    tail: str


def merge_texts(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge two edited versions of a library with their common ancestor."""
    bom = BOM if ours.startswith(BOM) else ""
    base, ours, theirs = (text.removeprefix(BOM) for text in (base, ours, theirs))
    chunks = split_chunks(base), split_chunks(ours), split_chunks(theirs)
    result = MergeResult("")
    head, head_conflict = merge_lines(chunks[0].head, chunks[1].head, chunks[2].head)
    if head_conflict:
        result.conflicts.append(Conflict("", "text"))
    merged: dict[str, str] = {}
    for name in _all_names(chunks):
        base_text, ours_text, theirs_text = (c.text.get(name) for c in chunks)
        text = _merge_chunk(name, base_text, ours_text, theirs_text, result)
        if text:
            merged[name] = text
    names = _merge_order(chunks, merged)
    result.conflicts += _case_clashes([n for n in names if is_entry_name(n)], chunks)
    last = {c.order[-1] for c in chunks if c.order}
    nl = "\r\n" if "\r\n" in ours else "\n"
    out = [bom + head]
    for index, name in enumerate(names):
        text = merged[name]
        if index + 1 < len(names):
            text += "" if text.endswith("\n") else nl
            if name in last and text.endswith("}" + nl):  # it ended its file; now another entry follows
                text += nl
        out.append(text)
    result.text = "".join(out)
    return result


def _case_clashes(names: list[str], chunks: tuple[Chunks, Chunks, Chunks]) -> list[Conflict]:
    """Keys in the result that differ only in case and were never side by side in one version."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.split("#", 1)[0].lower(), []).append(name)
    return [
        Conflict(group[-1], KEY_CASE)
        for group in groups.values()
        if len(group) > 1 and not any(all(n in c.text for n in group) for c in chunks)
    ]


def _all_names(chunks: tuple[Chunks, Chunks, Chunks]) -> list[str]:
    seen: dict[str, None] = {}
    for c in chunks:
        seen.update(dict.fromkeys(c.order))
    return list(seen)


def _merge_order(chunks: tuple[Chunks, Chunks, Chunks], merged: dict[str, str]) -> list[str]:
    """Each side's additions where that side put them; both sides' additions at one place: ours, then theirs."""
    base, ours, theirs = chunks
    order: list[str] = []
    for group in Merge3(base.order, ours.order, theirs.order).merge_groups():
        if group[0] == "conflict":
            order += [*group[2], *group[3]]
        else:
            order += group[1]
    placed: dict[str, None] = {}
    for name in order:
        if name in merged:
            placed.setdefault(name)
    missing = [n for n in merged if n not in placed]  # kept by the merge though one side's order dropped it
    result = list(placed)
    for name in missing:
        source = next(c.order for c in (ours, theirs, base) if name in c.text)
        before = source[: source.index(name)]
        anchor = next((n for n in reversed(before) if n in result), None)
        result.insert(result.index(anchor) + 1 if anchor else 0, name)
    return result


def _merge_chunk(name: str, base: str | None, ours: str | None, theirs: str | None, result: MergeResult) -> str:
    if ours == theirs or theirs == base:
        return ours or ""
    if ours == base:
        return theirs or ""
    parsed = [_parse(t) if t is not None else None for t in (base, ours, theirs)]
    readable = all(p is not None for p, t in zip(parsed, (base, ours, theirs), strict=True) if t is not None)
    if not is_entry_name(name) or not readable:
        lines, conflicted = merge_lines(base or "", ours or "", theirs or "")
        if conflicted:
            result.conflicts.append(Conflict(name if is_entry_name(name) else "", "text"))
        return lines
    b, o, t = parsed
    if o is None or t is None:
        assert b is not None
        text = _deleted_vs_edited(b, o, t, result)
    else:
        text = _merge_entries(b, o, t, result)
    if text is None:  # the entry holds a field named like our bookkeeping: keep all three versions as text
        result.conflicts.append(Conflict(name, BOOKKEEPING))
        return conflict_block(base or "", ours or "", theirs or "")
    return text


def _parse(text: str) -> _Parsed | None:
    """The chunk through the lossless store; None unless it is exactly one readable entry."""
    library = Library(Path("chunk.bib"), text, None)
    layout = library.layout()
    if len(layout) != 3 or layout[1][1] is None or "".join(p[0] for p in layout) != text:
        return None
    return _Parsed(layout[0][0], layout[1][0], layout[1][1], layout[1][2], layout[2][0])


def _same(a: Entry, b: Entry) -> bool:
    return a.entry_type.lower() == b.entry_type.lower() and a.fields == b.fields


def _taken(*sides: _Parsed | None) -> set[str]:
    return {name.lower() for side in sides if side is not None for name in side.entry.fields}


def _deleted_vs_edited(base: _Parsed, ours: _Parsed | None, theirs: _Parsed | None, result: MergeResult) -> str | None:
    """The edited entry, marked `conflict = {deleted by …}`; None when it already holds a `conflict` field."""
    kept, deleter = (ours, THEIRS) if theirs is None else (theirs, OURS)
    assert kept is not None
    if _same(kept.entry, base.entry):  # only the text after it changed: the deletion stands, added text stays
        sides = (kept.tail, "") if deleter == THEIRS else ("", kept.tail)
        tail, conflicted = merge_lines(base.tail, *sides)
        if conflicted:
            result.conflicts.append(Conflict("", "text"))
        return tail if tail.strip() else ""
    if CONFLICT_FIELD in _taken(base, kept):
        return None
    what = DELETED_BY + deleter
    result.conflicts.append(Conflict(kept.entry.key, what))
    fields = {CONFLICT_FIELD: what, **kept.entry.fields}
    entry = Entry(kept.entry.key, kept.entry.entry_type, fields)
    rendered = render_entry(entry, kept.raw_values, _raw_type(kept.raw), kept.raw, _newline(kept.raw))
    return kept.lead + rendered + kept.tail


def _merge_entries(base: _Parsed | None, ours: _Parsed, theirs: _Parsed, result: MergeResult) -> str | None:
    """The entry merged by field; None when its conflicts would be written over fields it already has."""
    key = ours.entry.key
    base_fields = base.entry.fields if base else {}
    merge = merge_fields(base_fields, ours.entry.fields, theirs.entry.fields)
    conflicts = list(merge.conflicts)
    fields = {f.name: f.value for f in merge.fields}
    raw = {f.name: text for f in merge.fields if (text := _raw_of(f.name, f.source, ours, theirs)) is not None}
    entry_type = _merge_type(base, ours, theirs)
    if entry_type is None:
        conflicts.insert(0, ENTRY_TYPE)
        fields[ENTRY_TYPE + THEIRS_SUFFIX] = theirs.entry.entry_type
        entry_type = ours.entry.entry_type
    if conflicts and bookkeeping_names(conflicts) & _taken(base, ours, theirs):
        return None
    result.merged_entries.append(key)
    for what in conflicts:
        result.conflicts.append(Conflict(key, what))
    if conflicts:
        fields = {CONFLICT_FIELD: ", ".join(conflicts), **fields}
    tail, tail_conflict = merge_lines(base.tail if base else "", ours.tail, theirs.tail)
    if tail_conflict:
        result.conflicts.append(Conflict("", "text"))
    entry = Entry(key, entry_type, fields)
    if _same(entry, ours.entry):
        text = ours.raw
    elif _same(entry, theirs.entry):
        text = theirs.raw
    else:
        text = render_entry(entry, raw, _raw_type(ours.raw), ours.raw, _newline(ours.raw))
    return ours.lead + text + tail


def _raw_of(name: str, source: str, ours: _Parsed, theirs: _Parsed) -> str | None:
    """The field's text as its side wrote it (keeps macros and quotes); None makes the store render it anew."""
    if source == OURS:
        return ours.raw_values.get(name)
    if source == THEIRS:
        return theirs.raw_values.get(name, theirs.raw_values.get(name.removesuffix(THEIRS_SUFFIX)))
    return None


def _merge_type(base: _Parsed | None, ours: _Parsed, theirs: _Parsed) -> str | None:
    b = base.entry.entry_type.lower() if base else None
    o, t = ours.entry.entry_type, theirs.entry.entry_type
    if o.lower() == t.lower() or t.lower() == b:
        return o
    if o.lower() == b:
        return t
    return None


def _raw_type(raw: str) -> str:
    return raw.lstrip()[1:].split("{", 1)[0].split("(", 1)[0].strip()


def _newline(raw: str) -> str:
    """The line break the entry was written with (values inside it keep their own)."""
    return "\r\n" if "\r\n" in raw else "\n"
