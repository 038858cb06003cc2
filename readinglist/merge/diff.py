"""Changes between two versions of a library by entry and field, for reviewers; and a textconv view for git diff."""

from __future__ import annotations

import difflib
import os.path
import re
import subprocess
from pathlib import Path
from typing import Any

from ..errors import LibraryFileError
from ..models import Entry
from ..paper import paper_of
from ..store.bibfile import Library
from .driver import MAX_LIBRARY_BYTES, load_text
from .fields import SET_FIELDS

_SHORT = 60
_PLAIN = re.compile(r"[\w.\-/:]{1,40}")  # shown without quotes: one short word, number, id or URL


def load_version(spec: str) -> Library:
    """A file, or a git revision of one (`main:papers.bib`, `HEAD~1:papers.bib`)."""
    path = Path(spec)
    if not path.exists() and spec.startswith("-"):
        raise LibraryFileError(
            f"{spec!r} is neither a file nor a git revision (a revision never starts with '-'); "
            "give two .bib files or git revisions like main:papers.bib"
        )
    if not path.exists() and ":" in spec:
        done = subprocess.run(["git", "show", "--end-of-options", spec], capture_output=True, check=False)
        if done.returncode != 0:
            raise LibraryFileError(f"{spec} is neither a file nor a git revision: {done.stderr.decode().strip()}")
        if len(done.stdout) > MAX_LIBRARY_BYTES:
            raise LibraryFileError(f"{spec} is larger than {MAX_LIBRARY_BYTES // 10**6} MB; not a library we diff")
        try:
            return Library(path, done.stdout.decode("utf-8"), None)
        except UnicodeDecodeError:
            raise LibraryFileError(f"{spec} is not UTF-8") from None
    if not path.exists():
        raise LibraryFileError(f"{spec} does not exist; give two .bib files or git revisions like main:papers.bib")
    return Library(path, load_text(path, spec), None)


def describe_changes(old: Library, new: Library) -> list[str]:
    """One line per changed, added or removed entry (`key: status unread → read; cites + x`), then the text."""
    old_entries = {e.key: e for e in old.entries()}  # keys compared exactly, as the merge does
    new_keys = {e.key for e in new.entries()}
    lines = []
    for entry in new.entries():
        before = old_entries.get(entry.key)
        if before is None:
            lines.append(f"added {entry.key}: {_label(entry)}")
            continue
        changes = field_changes(before, entry)
        if changes:
            lines.append(f"{entry.key}: {'; '.join(changes)}")
    lines += [f"removed {e.key}: {_label(e)}" for k, e in old_entries.items() if k not in new_keys]
    lines += _text_changes(old, new)
    return lines


def change_records(old: Library, new: Library) -> dict[str, Any]:
    """The same changes as data (readinglist/schemas/diff.json): added and removed keys, each changed entry's
    type and fields as {old, new} (null where a side has none), and the text between entries that changed."""
    old_entries = {e.key.lower(): e for e in old.entries()}
    new_keys = {e.key.lower() for e in new.entries()}
    changed = []
    for entry in new.entries():
        before = old_entries.get(entry.key.lower())
        if before is None:
            continue
        was = {k.lower(): v for k, v in before.fields.items()}
        now = {k.lower(): v for k, v in entry.fields.items()}
        names = [name for name in {**was, **now} if was.get(name) != now.get(name)]
        fields = {name: {"old": was.get(name), "new": now.get(name)} for name in names}
        retyped = before.entry_type.lower() != entry.entry_type.lower()
        if fields or retyped:
            kind = {"old": before.entry_type, "new": entry.entry_type} if retyped else None
            changed.append({"key": entry.key, "type": kind, "fields": fields})
    return {
        "added": [e.key for e in new.entries() if e.key.lower() not in old_entries],
        "removed": [e.key for k, e in old_entries.items() if k not in new_keys],
        "changed": changed,
        "text": _text_changes(old, new),
    }


def field_changes(old: Entry, new: Entry) -> list[str]:
    changes = []
    if old.entry_type.lower() != new.entry_type.lower():
        changes.append(f"type {old.entry_type} → {new.entry_type}")
    old_fields = {k.lower(): (k, v) for k, v in old.fields.items()}
    new_fields = {k.lower(): (k, v) for k, v in new.fields.items()}
    for lower, (name, value) in new_fields.items():
        if lower not in old_fields:
            changes.append(f"{name} set to {_show(value)}")
        elif old_fields[lower][1] != value:
            changes.append(_changed(name, old_fields[lower][1], value))
    changes += [
        f"{name} removed (was {_show(value)})" for k, (name, value) in old_fields.items() if k not in new_fields
    ]
    return changes


def _changed(name: str, old: str, new: str) -> str:
    if name.lower() in SET_FIELDS:
        before, after = _items(old), _items(new)
        parts = [f"+ {item}" for item in after if item not in before]
        parts += [f"− {item}" for item in before if item not in after]
        if parts:
            return f"{name} {', '.join(parts)}"
    if len(old) > _SHORT or len(new) > _SHORT:
        start = len(_common_prefix(old, new))
        return f"{name} {_show(_excerpt(old, start))} → {_show(_excerpt(new, start))}"
    return f"{name} {_show(old)} → {_show(new)}"


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _common_prefix(a: str, b: str) -> str:
    return os.path.commonprefix([a, b])  # noqa: RUF071 (characters, on purpose)


def _excerpt(value: str, start: int) -> str:
    """The part of a long value around where it changed."""
    begin = max(0, start - 20)
    piece = value[begin : begin + _SHORT]
    return ("…" if begin else "") + piece + ("…" if begin + _SHORT < len(value) else "")


def _show(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return "“”"
    if len(value) > _SHORT + 2:
        value = value[:_SHORT] + "…"
    return value if _PLAIN.fullmatch(value) else f"“{value}”"


def _label(entry: Entry) -> str:
    year = f" ({entry.year})" if entry.year else ""
    return (paper_of(entry).title or "untitled") + year


def _between(library: Library) -> list[str]:
    return [line for text, entry, _ in library.layout() if entry is None for line in text.splitlines() if line.strip()]


def _text_changes(old: Library, new: Library) -> list[str]:
    out = []
    for line in difflib.unified_diff(_between(old), _between(new), lineterm="", n=0):
        if line.startswith(("+++", "---", "@@")):
            continue
        out.append(f"text between entries: {line[0]} {line[1:]}")
    return out


def render_textconv(library: Library) -> str:
    """A line per field (`key.field = value`), so `git diff` shows changed fields, not BibTeX lines."""
    out = []
    for text, entry, _ in library.layout():
        if entry is None:
            out += [line for line in text.splitlines() if line.strip()]
            continue
        out.append(f"@{entry.entry_type}{{{entry.key}}}")
        out += [f"{entry.key}.{name} = {_one_line(value)}" for name, value in entry.fields.items()]
    return "\n".join(out) + "\n"


def _one_line(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n")
