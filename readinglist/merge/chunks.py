"""Cut a BibTeX file into chunks cheaply, so a merge only parses what both sides changed.

A chunk runs from a line that starts a block (`@type{`) to the next one, so it holds one block and the
text after it. Entries are named by key, `@string`s by macro name, `@preamble`/`@comment` by their first
line. Chunks that are the same text on both sides of a merge are never parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Starts with a literal newline so the scan is fast; the text is searched with a newline put in front.
_BLOCK_LINE = re.compile(r"\n[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s})=]*)")
_TEXT_BLOCKS = ("preamble", "comment")


@dataclass
class Chunks:
    """A file as `head` (text before the first block) and named chunks in file order."""

    head: str
    order: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)


def is_entry_name(name: str) -> bool:
    """Entries are named by their exact key; other blocks by `@type ...`."""
    return not name.startswith("@")


def split_chunks(text: str) -> Chunks:
    """Cut `text` at every line that starts a block; names are unique (a repeated one gets `#2`, `#3`...)."""
    starts = list(_BLOCK_LINE.finditer("\n" + text))  # match.start() is then the block's offset in `text`
    chunks = Chunks(text[: starts[0].start()] if starts else text)
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.start() : end]
        name = _name(match, body)
        unique, n = name, 1
        while unique in chunks.text:
            n += 1
            unique = f"{name}#{n}"
        chunks.order.append(unique)
        chunks.text[unique] = body
    return chunks


def _name(match: re.Match[str], body: str) -> str:
    block_type, key = match.group(1).lower(), match.group(2)
    if block_type == "string":
        return f"@string {key.lower()}"
    if block_type in _TEXT_BLOCKS:
        return f"@{block_type} {body.splitlines()[0].strip()}"
    return key  # exact: `Dup2023` and `dup2023` are two entries, never merged into one
