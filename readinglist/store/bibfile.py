"""papers.bib as a lossless store.

The file is split into pieces: the verbatim text between entries, and one piece per live entry holding
its raw text. Saving writes every piece back as it was read, except entries whose fields changed,
which are rendered in one fixed format. Comments, @string, @preamble, unknown fields, odd spacing and
blocks that failed to parse are therefore kept byte for byte.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
import threading
from collections import OrderedDict
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
_AT_LINE_START = re.compile(r"(\n[ \t]*)@")  # bibtexparser 2 starts a new block at such an `@`
_ESCAPED_AT_LINE_START = re.compile(r"(\n[ \t]*)\\@")
_CUT_OFF_FIELDS = re.compile(r"\s*[,}]?\s*([A-Za-z][\w-]*\s*=\s*[{\"\w])")
_KEY_IN_RAW = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]*)")
_BARE_LF = re.compile(r"(?<!\r)\n")

# bibtexparser logs each failed block; we report them ourselves with file and line.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


_NONE: dict[str, str] = {}  # shared by the many entries whose values are all plain `{...}`; never changed


@dataclass
class _Piece:
    text: str  # raw text as read ("" for an entry added since loading)
    entry: Entry | None = None
    odd_raw: dict[str, str] = field(default_factory=dict)  # raw values as read that are not just `{value}`
    loaded: tuple[str, tuple[tuple[str, str], ...]] | None = None  # (type, fields) as read
    raw_type: str = ""
    line: int = 0  # 1-based line where the entry started when read

    def changed(self) -> bool:
        assert self.entry is not None
        return self.loaded != (self.entry.entry_type, tuple(self.entry.fields.items()))

    def copy(self) -> _Piece:
        """A piece whose entry and raw values can be edited without touching this one."""
        entry = None if self.entry is None else Entry(self.entry.key, self.entry.entry_type, dict(self.entry.fields))
        odd_raw = self.odd_raw if self.odd_raw is _NONE else dict(self.odd_raw)
        return _Piece(self.text, entry, odd_raw, self.loaded, self.raw_type, self.line)

    def raw_values(self) -> dict[str, str]:
        """Each field's raw text as read (kept only where it is not `{value}`, to keep loading lean)."""
        fields = self.loaded[1] if self.loaded else ()
        odd = self.odd_raw
        return {name: odd[name] if name in odd else "{" + value + "}" for name, value in fields}


class _ParsedTexts:
    """What the last few texts parsed to (pieces, problems, macros), kept as copies: reading a text that has not
    changed (the app on every rerun, a command after another) copies them instead of parsing again."""

    LIMIT = 4  # texts kept
    LARGEST = 10**6  # characters (some 1,500 entries): a larger text is parsed each time rather than kept

    def __init__(self) -> None:
        self._kept: OrderedDict[str, tuple[list[_Piece], list[Problem], dict[str, str]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> tuple[list[_Piece], list[Problem], dict[str, str]] | None:
        with self._lock:
            kept = self._kept.get(text)
            if kept is not None:
                self._kept.move_to_end(text)
        if kept is None:
            return None
        pieces, problems, macros = kept
        return [p.copy() for p in pieces], list(problems), dict(macros)

    def keep(self, text: str, pieces: list[_Piece], problems: list[Problem], macros: dict[str, str]) -> None:
        if len(text) > self.LARGEST:
            return
        kept = ([p.copy() for p in pieces], list(problems), dict(macros))
        with self._lock:
            self._kept[text] = kept
            while len(self._kept) > self.LIMIT:
                self._kept.popitem(last=False)


_PARSED = _ParsedTexts()


def _odd_raw(raw_values: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    odd = {name: raw for name, raw in raw_values.items() if raw != "{" + values[name] + "}"}
    return odd or _NONE


def decode_value(raw: str) -> str:
    """`{x}` / `"x"` -> `x`; numbers and macros stay as written."""
    if raw[:1] not in '{"' or raw[-1:] not in '}"':
        raw = raw.strip()
    if len(raw) >= 2 and ((raw[0] == "{" and raw[-1] == "}") or (raw[0] == '"' and raw[-1] == '"')):
        inner = raw[1:-1]
        return _ESCAPED_AT_LINE_START.sub(r"\1@", inner) if "\\@" in inner else inner
    return raw


def encode_value(value: str) -> str:
    """Render a value in braces, so that bibtex, biber, pybtex and bibtexparser 1.x and 2 all read it back.

    Values no portable form can hold are refused (see `value_problem`); an `@` starting a line is written
    `\\@` (LaTeX prints it as `@`), since bibtexparser 2 would take it for the start of a new entry.
    """
    problem = value_problem(value)
    if problem:
        raise InvalidValueError(f"the value {_preview(value)} {problem}")
    if "@" in value:
        value = _AT_LINE_START.sub(r"\1\\@", value)
    return "{" + value + "}"


def value_problem(value: str) -> str:
    r"""Why `value` cannot be written so that every BibTeX reader reads it back exactly ('' when it can).

    BibTeX counts every brace (a backslash does not escape one), bibtexparser 2 skips a brace after a
    backslash; a braced value must balance under both rules. A final backslash swallows the closing brace.

    >>> value_problem("The {BERT} effect"), value_problem(r"\{x\}")
    ('', '')
    >>> value_problem("open { brace").split(";")[0]
    'has an unbalanced brace'
    """
    if value.endswith("\\"):
        return "ends with a backslash, which BibTeX readers take as part of the closing brace; remove it or add a space"
    control = next((c for c in value if (ord(c) < 32 and c not in "\t\n") or ord(c) == 127), None)
    if control is not None:
        return f"contains a control character (U+{ord(control):04X}); remove it"
    if not _balanced(value, backslash_escapes=False):
        return (
            "has an unbalanced brace; BibTeX readers need { and } in pairs: add the missing one, "
            "or write \\textbraceleft{} or \\textbraceright{} for a lone brace"
        )
    if not _balanced(value, backslash_escapes=True):
        return (
            "has a backslash before a brace that BibTeX readers read differently; "
            "write \\textbraceleft{} or \\textbraceright{} for a lone brace"
        )
    if _ESCAPED_AT_LINE_START.search(value):
        return "has a line starting with \\@, which cannot be stored exactly; remove the backslash"
    return ""


def check_value(name: str, value: str) -> str:
    """Return `value` if it can be stored exactly in field `name`, else raise a one-line InvalidValueError."""
    problem = value_problem(value)
    if problem:
        raise InvalidValueError(f"{name}: the value {_preview(value)} {problem}; nothing was written")
    return value


def _preview(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _balanced(value: str, *, backslash_escapes: bool) -> bool:
    depth, previous = 0, ""
    for ch in value:
        if backslash_escapes and previous == "\\":
            pass
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
        previous = ch
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
        self._by_key: dict[str, _Piece] = {}  # exact key -> piece
        self._by_lower: dict[str, list[_Piece]] = {}  # BibTeX compares keys case-insensitively
        self._removed = False  # an entry was removed since the last save
        self.macros: dict[str, str] = {}  # @string name (lower case) -> text
        self.newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        self._parse(text[1:] if self._bom else text)

    # -- reading -------------------------------------------------------------------------------------

    def _parse(self, text: str) -> None:
        """The pieces of `text`: parsed, or copied from the last time the same text was parsed."""
        kept = _PARSED.get(text)
        if kept is not None:
            self._pieces, self.problems, self.macros = kept
            for piece in self._pieces:
                if piece.entry is not None:
                    self._index(piece)
            return
        self._parse_text(text)
        _PARSED.keep(text, self._pieces, self.problems, self.macros)

    def _parse_text(self, text: str) -> None:
        gc_was_enabled = gc.isenabled()
        gc.disable()  # tens of thousands of small objects, no cycles: the collector only slows loading
        try:
            self._parse_blocks(text)
        finally:
            if gc_was_enabled:
                gc.enable()

    def _parse_blocks(self, text: str) -> None:
        parsed = bibtexparser.parse_string(text, parse_stack=[])
        cursor = 0
        at_line, at_offset = 0, 0  # a 0-based line and where it starts in `text`, moving forward with the blocks
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
            while at_line < start_line and (newline := text.find("\n", at_offset)) >= 0:
                at_line, at_offset = at_line + 1, newline + 1
            pos = text.find(raw, max(cursor, at_offset))
            if pos < 0:
                self.problems.append(
                    Problem("unreadable", line, block.key, "entry could not be located; it is kept as plain text")
                )
                continue
            line_start = text.rfind("\n", 0, pos) + 1
            if "%" in text[line_start:pos]:
                continue  # a commented-out entry (`% @misc{...}`) is a comment, not a live entry
            if block.key.lower() in self._by_lower:
                self.problems.append(
                    Problem(
                        "duplicate-key",
                        line,
                        block.key,
                        f"key differs only in case from {self._by_lower[block.key.lower()][0].entry.key!r}"  # type: ignore[union-attr]
                        " (BibTeX treats them as one key); rename one of them",
                    )
                )
            self._pieces.append(_Piece(text[cursor:pos]))
            self._append_entry_piece(block, at_line + text.count("\n", at_offset, pos) + 1)
            block.fields = []  # what we keep is copied out: let the parsed values go now, not at the end
            cursor = pos + len(raw)
        self._pieces.append(_Piece(text[cursor:]))
        self._report_cut_off_fields(text)

    def _report_cut_off_fields(self, text: str) -> None:
        """A stray `}` ends an entry early; the fields after it would otherwise vanish without a word."""
        line = 1
        for piece in self._pieces:
            if piece.entry is None:
                match = _CUT_OFF_FIELDS.match(piece.text)
                if match:
                    self.problems.append(
                        Problem(
                            "cut-off-fields",
                            line + piece.text.count("\n", 0, match.start(1)),
                            "",
                            f"text {match.group(1)!r}… after an entry looks like its fields: a stray }} probably "
                            "ended the entry early, and they are not read; remove the stray }",
                        )
                    )
            line += piece.text.count("\n")

    def _append_entry_piece(self, block: ParsedEntry, line: int) -> None:
        raw_values = {f.key: f.value for f in block.fields}
        entry = Entry(block.key, block.entry_type, {k: decode_value(v) for k, v in raw_values.items()})
        raw = block.raw or ""
        type_match = re.match(r"@\s*(\w+)", raw)
        piece = _Piece(
            raw,
            entry,
            _odd_raw(raw_values, entry.fields),
            (entry.entry_type, tuple(entry.fields.items())),
            type_match.group(1) if type_match else block.entry_type,
            line,
        )
        self._pieces.append(piece)
        self._index(piece)
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
            raw = {k: v for k, v in piece.raw_values().items() if is_expression(v) and piece.entry.fields.get(k) == v}
            fields = {k: resolve_value(raw[k], self.macros) if k in raw else v for k, v in piece.entry.fields.items()}
            resolved.append(Entry(piece.entry.key, piece.entry.entry_type, fields) if raw else piece.entry)
        return resolved

    def __contains__(self, key: str) -> bool:
        """True when a key equal to `key` up to case is taken (BibTeX would mix the two up)."""
        return key.lower() in self._by_lower

    def __len__(self) -> int:
        return len(self._by_key)

    def _index(self, piece: _Piece) -> None:
        assert piece.entry is not None
        self._by_key[piece.entry.key] = piece
        self._by_lower.setdefault(piece.entry.key.lower(), []).append(piece)

    def _piece(self, key: str) -> _Piece | None:
        """The entry with exactly this key; else the only one whose key differs in case alone."""
        piece = self._by_key.get(key)
        if piece is not None:
            return piece
        similar = self._by_lower.get(key.lower(), [])
        if len(similar) > 1:
            spelled = ", ".join(repr(p.entry.key) for p in similar)  # type: ignore[union-attr]
            raise UnknownKeyError(f"no entry with key {key!r} in {self.path}; did you mean one of {spelled}?")
        return similar[0] if similar else None

    def entry(self, key: str) -> Entry:
        piece = self._piece(key)
        if piece is None or piece.entry is None:
            raise UnknownKeyError(f"no entry with key {key!r} in {self.path}; `readinglist list` shows the keys")
        return piece.entry

    def raw_entries(self) -> Iterator[tuple[Entry, dict[str, str], int]]:
        """Each live entry with its fields' raw text as read (empty for new entries) and its line."""
        for piece in self._pieces:
            if piece.entry is not None:
                yield piece.entry, piece.raw_values(), piece.line

    def line_of(self, key: str) -> int:
        """1-based line where an entry started when read (0 for entries added since loading)."""
        piece = self._by_key.get(key)
        return piece.line if piece else 0

    def layout(self) -> list[tuple[str, Entry | None, dict[str, str]]]:
        """The file as read, in order: `(text, None, {})` between entries, `(raw text, entry, raw values)` for each."""
        return [(p.text, p.entry, p.raw_values()) for p in self._pieces]

    # -- changes -------------------------------------------------------------------------------------

    def set_field(self, key: str, name: str, value: str) -> None:
        check_field_name(name)
        if not isinstance(value, str):
            raise InvalidValueError(f"value of {name!r} must be text")
        check_value(name, value)  # fail now, not at save time
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
            check_value(name, value)
        tail, nl = self._pieces[-1], self.newline
        if self._by_key or tail.text.strip():
            if not tail.text.endswith("\n"):
                tail.text += nl
            if not tail.text.endswith(nl + nl):
                tail.text += nl
        piece = _Piece("", entry, {}, None, entry.entry_type)
        self._pieces.append(piece)
        self._pieces.append(_Piece(nl))
        self._index(piece)

    def remove_entry(self, key: str) -> None:
        """Drop an entry; the text around it stays."""
        piece = self._piece(key)
        if piece is None or piece.entry is None:
            raise UnknownKeyError(f"no entry with key {key!r} in {self.path}; `readinglist list` shows the keys")
        del self._by_key[piece.entry.key]
        similar = self._by_lower[piece.entry.key.lower()]
        similar.remove(piece)
        if not similar:
            del self._by_lower[piece.entry.key.lower()]
        self._pieces.remove(piece)
        self._removed = True

    # -- writing -------------------------------------------------------------------------------------

    def render(self) -> str:
        return self._render(self._changed())

    def _changed(self) -> list[_Piece]:
        """Entries whose fields differ from what is on disk (added ones included): one scan per save."""
        return [p for p in self._pieces if p.entry is not None and p.changed()]

    def _render(self, changed: list[_Piece]) -> str:
        rendered = {
            id(p): render_entry(p.entry, p.raw_values(), p.raw_type, p.text, self.newline)  # type: ignore[arg-type]
            for p in changed
        }
        return (BOM if self._bom else "") + "".join(rendered.get(id(p), p.text) for p in self._pieces)

    def is_modified(self) -> bool:
        """True when saving would change the file: an entry was added or removed, or a loaded entry's fields differ."""
        return self._removed or bool(self._changed())

    def save(self) -> bool:
        """Write the library if it changed; refuses when the file changed on disk since loading."""
        with locked(self.path):
            return self._write()

    def _write(self) -> bool:
        changed = self._changed()
        if self.digest is not None and not (changed or self._removed):
            return False
        self.digest = write_atomic(self.path, self._render(changed).encode("utf-8"), self.digest)
        self._removed = False
        for piece in changed:  # what is on disk now is the new baseline
            assert piece.entry is not None
            raw_values = piece.raw_values()
            piece.text = render_entry(piece.entry, raw_values, piece.raw_type, piece.text, self.newline)
            piece.odd_raw = _odd_raw(render_values(piece.entry, raw_values), piece.entry.fields)
            piece.loaded = (piece.entry.entry_type, tuple(piece.entry.fields.items()))
        return True


def render_entry(entry: Entry, raw_values: dict[str, str], raw_type: str, old_text: str, newline: str = "\n") -> str:
    """One fixed format: `@type{key,` then one `  name = {value},` line per field, in field order.

    Values that did not change keep their raw text (macros, quotes), so only edited lines differ.
    """
    indent = "  "
    indent_match = re.search(r"\n([ \t]+)\S", old_text)
    if indent_match:
        indent = indent_match.group(1)
    entry_type = raw_type if raw_type.lower() == entry.entry_type.lower() else entry.entry_type
    lines = [f"@{entry_type}{{{entry.key},"]
    lines += [f"{indent}{name} = {rendered}," for name, rendered in render_values(entry, raw_values).items()]
    lines.append("}")
    text = newline.join(lines)
    return _BARE_LF.sub("\r\n", text) if newline == "\r\n" else text  # a new multi-line value: the file's breaks


def render_values(entry: Entry, raw_values: dict[str, str]) -> dict[str, str]:
    """Each field's text in the file: the raw text as read when the value is unchanged, else braced."""
    rendered = {}
    for name, value in entry.fields.items():
        raw = raw_values.get(name)
        if raw is not None and decode_value(raw) == value:
            rendered[name] = raw
        else:  # a value set without set_field (enrichment, import) is checked here, before anything is written
            rendered[name] = encode_value(check_value(f"{entry.key}: {name}", value))
    return rendered


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
            f"library file {path} does not exist; pass --library PATH or set READINGLIST_LIBRARY, start one with "
            "`readinglist init FOLDER`, or import a list with `readinglist import-markdown README.md` (or the app's "
            "Import list page)"
        ) from None
    except IsADirectoryError:
        raise LibraryFileError(
            f"library file {path} is a folder; pass the .bib file inside it, e.g. --library {path / 'papers.bib'}"
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
    start = text.lstrip("\ufeff \t\r\n")[:200].lower()
    tag = re.match(r"<[!?a-z]", start)  # a tag, not git's `<<<<<<<` conflict markers (check reports those)
    nuls = text.count("\x00")  # a binary blob or UTF-16 is full of them; a stray one in a value is for `check`
    binary = nuls > 0 and ("@" not in text or nuls * 20 > len(text))
    if tag or binary:  # BibTeX never starts with a tag
        what = "an HTML page" if "<html" in start or start.startswith("<!doctype html") else "markup"
        what = "a binary file" if binary else what
        raise LibraryFileError(
            f"{path} is not BibTeX (it looks like {what}); give the library's .bib file with --library, "
            "or write one with `readinglist init DIR`"
        )
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
