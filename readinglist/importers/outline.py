"""The list's own structure, beside the library: `papers.sections`, a plain text file that diffs well in git.

It holds everything of an imported awesome list that is not an entry's fact: the headings (number, title,
comment), intro lines and tables' header rows exactly as written, and for each place an item appears, a
`@item KEY SEED_ID` line followed by that placement's own lines (`  | ...`), where `{{field}}` slots are
filled from the entry on export. A value that differs in one placement (a paper listed twice with another
date or 重点) stays written out in that placement's lines. Lines starting with `@` or `  |` are escaped as
`@text ...`. `export-markdown` writes the list back from this file and papers.bib.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReadingListError
from ..store.atomic import write_atomic

HEADER = "@outline 1"
HEADER_NOTE = (
    " · the list's own lines; `@item KEY SEED_ID` and its `  | ` lines are one placement of an entry, its"
    " {{field}} slots filled from papers.bib by export-markdown (README: import-markdown)"
)


@dataclass
class Placement:
    """One place an entry appears in the list: its key, its number there, its lines with slots."""

    key: str
    seed_id: str
    lines: list[str] = field(default_factory=list)


Outline = list[str | Placement]


def outline_path(library_path: Path | str) -> Path:
    """`papers.bib` -> `papers.sections`."""
    return Path(library_path).with_suffix(".sections")


def render_outline(outline: Outline) -> str:
    out = [HEADER + HEADER_NOTE]
    for part in outline:
        if isinstance(part, Placement):
            out.append(f"@item {part.key} {part.seed_id}".rstrip())
            out += [f"  | {line}".rstrip() for line in part.lines]
        elif part.startswith(("@", "  |")):
            out.append(f"@text {part}")
        else:
            out.append(part.rstrip())
    return "\n".join(out) + "\n"


def parse_outline(text: str) -> Outline:
    lines = text.removesuffix("\n").split("\n")  # not splitlines(): a U+2028 inside a line is text
    lines = [line.removesuffix("\r") for line in lines]
    if not lines or lines[0].split(" · ")[0].strip() != HEADER:
        raise ValueError(f"the first line is not {HEADER!r}")
    outline: Outline = []
    for line in lines[1:]:
        if line.startswith("@item "):
            key, _, seed_id = line[6:].strip().partition(" ")
            outline.append(Placement(key, seed_id.strip()))
        elif line.startswith("  |") and outline and isinstance(outline[-1], Placement):
            outline[-1].lines.append(line[4:] if line.startswith("  | ") else line[3:])
        elif line.startswith("@text "):
            outline.append(line[6:])
        else:
            outline.append(line)
    return outline


def load_outline(library_path: Path | str) -> Outline | None:
    """The list's structure saved beside the library, or None when there is none."""
    path = outline_path(library_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ReadingListError(f"cannot read {path} ({error}); fix or delete it and import the list again") from error
    try:
        return parse_outline(text)
    except ValueError as error:
        raise ReadingListError(
            f"{path} is not a list outline ({error}); delete it and import the list again"
        ) from error


def save_outline(library_path: Path | str, outline: Outline) -> Path:
    """Write the outline beside the library, atomically; nothing is written when it is unchanged."""
    path = outline_path(library_path)
    data = render_outline(outline).encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return path
    write_atomic(path, data, None, check=False)
    return path
