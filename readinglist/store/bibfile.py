"""papers.bib as a lossless store.

The file is split into pieces: the verbatim text between entries, and one piece per live entry holding
its raw text. Saving writes every piece back as it was read, except entries whose fields changed,
which are rendered in one fixed format. Comments, @string, @preamble, unknown fields, odd spacing and
blocks that failed to parse are therefore kept byte for byte.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    ParsingFailedBlock,
)
from bibtexparser.model import (
    Entry as ParsedEntry,
)
from bibtexparser.model import String as ParsedString

from ..errors import InvalidValueError, LibraryFileError, UnknownKeyError
from ..keys import check_key, key_problem
from ..models import Entry, Problem
from .atomic import digest_bytes, locked, write_atomic
from .macros import is_expression, macro_text, resolve_value

BOM = "\ufeff"
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_BLOCK_START_IN_VALUE = re.compile(r"(?<!\\)@(?=[A-Za-z]+\s*[{(])")
_ESCAPED_AT = re.compile(r"\\@(?=[A-Za-z]+\s*[{(])")
_KEY_IN_RAW = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]*)")

# bibtexparser logs each failed block; we report them ourselves with file and line.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass
class _Piece:
    text: str  # raw text as read ("" for an entry added since loading)
    entry: Entry | None = None
    raw_values: dict[str, str] = field(default_factory=dict)  # field -> raw value as read
    loaded: tuple[str, tuple[tuple[str, str], ...]] | None = None  # (type, fields) as read
    raw_type: str = ""
    line: int = 0  # 1-based line where the entry started when read

    def changed(self) -> bool:
        assert self.entry is not None
        return self.loaded != (self.entry.entry_type, tuple(self.entry.fields.items()))


def decode_value(raw: str) -> str:
    """`{x}` / `"x"` -> `x`; numbers and macros stay as written."""
    if raw[:1] not in '{"' or raw[-1:] not in '}"':
        raw = raw.strip()
    if len(raw) >= 2 and ((raw[0] == "{" and raw[-1] == "}") or (raw[0] == '"' and raw[-1] == '"')):
        inner = raw[1:-1]
        return _ESCAPED_AT.sub("@", inner) if "\\@" in inner else inner
    return raw


def encode_value(value: str) -> str:
    """Render a value in braces; escape what would break the file (unbalanced braces, `@type{`)."""
    if (len(value) - len(value.rstrip("\\"))) % 2:
        raise InvalidValueError("a BibTeX value cannot end with a backslash; remove it or add a space after it")
    if not _balanced(value):
        value = re.sub(r"(?<!\\)([{}])", r"\\\1", value)
    if "@" in value:
        value = _BLOCK_START_IN_VALUE.sub(r"\\@", value)
    return "{" + value + "}"


def _balanced(value: str) -> bool:
    depth, escaped = 0, False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def check_field_name(name: str) -> str:
    if not _FIELD_NAME.match(name):
        raise InvalidValueError(
            f"field name {name!r} is not valid BibTeX; use letters, digits, '_' and '-', starting with a letter"
        )
    return name


class Library:
    """An in-memory papers.bib that remembers exactly what it read."""

    def __init__(self, path: Path, text: str, digest: str | None) -> None:
        self.path = path
        self.digest = digest
        self.problems: list[Problem] = []
        self._bom = text.startswith(BOM)
        self._pieces: list[_Piece] = []
        self._by_key: dict[str, _Piece] = {}
        self.macros: dict[str, str] = {}  # @string name (lower case) -> text
        self._original = text
        self._parse(text[1:] if self._bom else text)

    # -- reading -------------------------------------------------------------------------------------

    def _parse(self, text: str) -> None:
        gc_was_enabled = gc.isenabled()
        gc.disable()  # tens of thousands of small objects, no cycles: the collector only slows loading
        try:
            self._parse_blocks(text)
        finally:
            if gc_was_enabled:
                gc.enable()

    def _parse_blocks(self, text: str) -> None:
        parsed = bibtexparser.parse_string(text, parse_stack=[])
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        cursor = 0
        for block in parsed.blocks:
            start_line, raw = block.start_line or 0, block.raw or ""
            line = start_line + 1
            if isinstance(block, ParsingFailedBlock | DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
                self.problems.append(_failed_block_problem(block, line))
                continue
            if isinstance(block, ParsedString):
                self.macros[block.key.lower()] = macro_text(block.value)
            if not isinstance(block, ParsedEntry):
                continue
            start = line_starts[start_line] if start_line < len(line_starts) else cursor
            pos = text.find(raw, max(cursor, start))
            if pos < 0:
                self.problems.append(
                    Problem("unreadable", line, block.key, "entry could not be located; it is kept as plain text")
                )
                continue
            line_index = bisect.bisect_right(line_starts, pos) - 1
            line_start = line_starts[line_index]
            if "%" in text[line_start:pos]:
                continue  # a commented-out entry (`% @misc{...}`) is a comment, not a live entry
            if block.key.lower() in self._by_key:
                self.problems.append(
                    Problem(
                        "duplicate-key",
                        line,
                        block.key,
                        f"duplicate key (differs only in case from "
                        f"{self._by_key[block.key.lower()].entry.key!r}); "  # type: ignore[union-attr]
                        "kept as text, rename one of them",
                    )
                )
                continue
            self._pieces.append(_Piece(text[cursor:pos]))
            self._append_entry_piece(block, line_index + 1)
            cursor = pos + len(raw)
        self._pieces.append(_Piece(text[cursor:]))

    def _append_entry_piece(self, block: ParsedEntry, line: int) -> None:
        raw_values = {f.key: f.value for f in block.fields}
        entry = Entry(block.key, block.entry_type, {k: decode_value(v) for k, v in raw_values.items()})
        raw = block.raw or ""
        type_match = re.match(r"@\s*(\w+)", raw)
        piece = _Piece(
            raw,
            entry,
            raw_values,
            (entry.entry_type, tuple(entry.fields.items())),
            type_match.group(1) if type_match else block.entry_type,
            line,
        )
        self._pieces.append(piece)
        self._by_key[entry.key.lower()] = piece
        problem = key_problem(entry.key)
        if problem:
            self.problems.append(
                Problem(
                    "unsafe-key", line, entry.key, f"citation key {problem}; rename it (notes need a safe file name)"
                )
            )

    # -- queries -------------------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Live entries in file order."""
        return [p.entry for p in self._pieces if p.entry is not None]

    def resolved_entries(self) -> list[Entry]:
        """Copies of the entries with `@string` macros and `#` concatenations replaced by their text."""
        resolved = []
        for piece in self._pieces:
            if piece.entry is None:
                continue
            raw = {k: v for k, v in piece.raw_values.items() if is_expression(v) and piece.entry.fields.get(k) == v}
            fields = {k: resolve_value(raw[k], self.macros) if k in raw else v for k, v in piece.entry.fields.items()}
            resolved.append(Entry(piece.entry.key, piece.entry.entry_type, fields) if raw else piece.entry)
        return resolved

    def __contains__(self, key: str) -> bool:
        return key.lower() in self._by_key

    def __len__(self) -> int:
        return len(self._by_key)

    def entry(self, key: str) -> Entry:
        piece = self._by_key.get(key.lower())
        if piece is None or piece.entry is None:
            raise UnknownKeyError(f"no entry with key {key!r} in {self.path}; `readinglist list` shows the keys")
        return piece.entry

    def line_of(self, key: str) -> int:
        """1-based line where an entry started when read (0 for entries added since loading)."""
        piece = self._by_key.get(key.lower())
        return piece.line if piece else 0

    def layout(self) -> list[tuple[str, Entry | None, dict[str, str]]]:
        """The file as read, in order: `(text, None, {})` between entries, `(raw text, entry, raw values)` for each."""
        return [(p.text, p.entry, dict(p.raw_values)) for p in self._pieces]

    # -- changes -------------------------------------------------------------------------------------

    def set_field(self, key: str, name: str, value: str) -> None:
        check_field_name(name)
        if not isinstance(value, str):
            raise InvalidValueError(f"value of {name!r} must be text")
        encode_value(value)  # fail now, not at save time
        entry = self.entry(key)
        existing = next((k for k in entry.fields if k.lower() == name.lower()), name)
        entry.fields[existing] = value

    def unset_field(self, key: str, name: str) -> bool:
        """Remove a field; returns False when the entry had no such field."""
        entry = self.entry(key)
        existing = next((k for k in entry.fields if k.lower() == name.lower()), None)
        if existing is None:
            return False
        del entry.fields[existing]
        return True

    def add_entry(self, entry: Entry) -> None:
        check_key(entry.key)
        if entry.key in self:
            raise InvalidValueError(f"key {entry.key!r} is already in {self.path}")
        for name, value in entry.fields.items():
            check_field_name(name)
            encode_value(value)
        tail = self._pieces[-1]
        if self._by_key or tail.text.strip():
            if not tail.text.endswith("\n"):
                tail.text += "\n"
            if not tail.text.endswith("\n\n"):
                tail.text += "\n"
        piece = _Piece("", entry, {}, None, entry.entry_type)
        self._pieces.append(piece)
        self._pieces.append(_Piece("\n"))
        self._by_key[entry.key.lower()] = piece

    def remove_entry(self, key: str) -> None:
        """Drop an entry; the text around it stays."""
        piece = self._by_key.get(key.lower())
        if piece is None:
            raise UnknownKeyError(f"no entry with key {key!r} in {self.path}; `readinglist list` shows the keys")
        del self._by_key[key.lower()]
        self._pieces.remove(piece)

    # -- writing -------------------------------------------------------------------------------------

    def render(self) -> str:
        out = [BOM] if self._bom else []
        for piece in self._pieces:
            if piece.entry is None or not piece.changed():
                out.append(piece.text)
            else:
                out.append(render_entry(piece.entry, piece.raw_values, piece.raw_type, piece.text))
        return "".join(out)

    def is_modified(self) -> bool:
        return self.render() != self._original

    def save(self) -> bool:
        """Write the library if it changed; refuses when the file changed on disk since loading."""
        with locked(self.path):
            return self._write()

    def _write(self) -> bool:
        text = self.render()
        if text == self._original and self.path.exists():
            return False
        self.digest = write_atomic(self.path, text.encode("utf-8"), self.digest)
        self._original = text
        for piece in self._pieces:  # what is on disk now is the new baseline
            if piece.entry is not None and piece.changed():
                piece.text = render_entry(piece.entry, piece.raw_values, piece.raw_type, piece.text)
                piece.raw_values = {k: encode_value(v) for k, v in piece.entry.fields.items()}
                piece.loaded = (piece.entry.entry_type, tuple(piece.entry.fields.items()))
        return True


def render_entry(entry: Entry, raw_values: dict[str, str], raw_type: str, old_text: str) -> str:
    """One fixed format: `@type{key,` then one `  name = {value},` line per field, in field order.

    Values that did not change keep their raw text (macros, quotes), so only edited lines differ.
    """
    indent = "  "
    indent_match = re.search(r"\n([ \t]+)\S", old_text)
    if indent_match:
        indent = indent_match.group(1)
    entry_type = raw_type if raw_type.lower() == entry.entry_type.lower() else entry.entry_type
    lines = [f"@{entry_type}{{{entry.key},"]
    for name, value in entry.fields.items():
        raw = raw_values.get(name)
        rendered = raw if raw is not None and decode_value(raw) == value else encode_value(value)
        lines.append(f"{indent}{name} = {rendered},")
    lines.append("}")
    return "\n".join(lines)


def _failed_block_problem(block, line: int) -> Problem:  # type: ignore[no-untyped-def]
    match = _KEY_IN_RAW.match(block.raw.lstrip())
    key = match.group(1) if match else ""
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(
            "duplicate-key", line, block.key, "duplicate key: this second entry is kept as text; rename or merge it"
        )
    if isinstance(block, DuplicateFieldKeyBlock):
        return Problem(
            "duplicate-field", line, key, "entry repeats a field: it is kept as text; remove one of the repeated fields"
        )
    error = getattr(block, "error", None)
    reason = next(iter(str(error or "").splitlines()), "") or "syntax error"
    return Problem(
        "broken-entry", line, key, f"entry could not be parsed ({reason}); it is kept verbatim: fix it in an editor"
    )


def read_text(path: Path) -> tuple[str, str | None]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LibraryFileError(
            f"library file {path} does not exist; pass --library PATH or set READINGLIST_LIBRARY, "
            "or create it with `readinglist import-markdown README.md`"
        ) from None
    except OSError as err:
        raise LibraryFileError(f"cannot read library file {path}: {err.strerror}") from err
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise LibraryFileError(
            f"library file {path} is not UTF-8 (byte {err.start}); convert it, e.g. "
            f"`iconv -f latin1 -t utf-8 {path.name} > utf8.bib`"
        ) from None
    return text, digest_bytes(data)


def load_library(path: Path | str, *, create: bool = False) -> Library:
    """Load papers.bib; problems in the file are reported in `Library.problems`, never raised."""
    path = Path(path)
    if create and not path.exists():
        return Library(path, "", None)
    text, digest = read_text(path)
    return Library(path, text, digest)


@contextlib.contextmanager
def edit_library(path: Path | str, *, create: bool = False) -> Iterator[Library]:
    """Lock, load, let the caller change the library, and save atomically if it changed.

    Two processes editing at once take turns, so neither loses its change.
    """
    path = Path(path)
    with locked(path):
        library = load_library(path, create=create)
        yield library
        library._write()
