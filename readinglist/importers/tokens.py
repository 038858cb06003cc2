"""A Markdown list as markdown-it-py reads it: headings, list items with their nested items, table rows and
paragraphs, each with the lines it spans (1-based) and its inline content in order (text, links, bold runs).

Images are no text and no link (a badge is a link around an image: kept apart as `badge`); HTML tags are dropped,
`<br>` in a table cell becomes a space. Reference-style links, `[t](<url>)` and bare URLs come out as links,
because the parser resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.token import Token

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape: `\_` is `_`


@dataclass
class Part:
    """One run of an inline: `text`, `bold` or `link` (with its target; `badge` when it only wraps an image)."""

    kind: str
    text: str
    href: str = ""
    badge: bool = False


@dataclass
class Inline:
    """A line's inline content: its parts in order."""

    parts: list[Part] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The visible words: text, bold and link texts, badges dropped."""
        return "".join(p.text for p in self.parts if not p.badge).strip()

    @property
    def links(self) -> list[Part]:
        return [p for p in self.parts if p.kind == "link" and not p.badge]


@dataclass
class Block:
    """A heading, a list item (with `children`: its nested items and paragraphs), a table row or a paragraph."""

    kind: str  # heading | item | header (a table's header row) | row | para | list
    line: int
    end: int
    inline: Inline = field(default_factory=Inline)
    level: int = 0  # a heading's level
    children: list[Block] = field(default_factory=list)
    cells: list[Inline] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # a row's column names, as the header row writes them
    raw: list[str] = field(default_factory=list)  # a row's cells (a heading's text) as written, trimmed
    quote: bool = False  # a paragraph inside a block quote


def parser() -> MarkdownIt:
    """CommonMark with tables and bare-URL links (linkify-it-py), as GitHub reads a README."""
    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify", "strikethrough"])


def read_blocks(text: str, md: MarkdownIt | None = None) -> list[Block]:
    """Top-level blocks in order; a top-level list is a `list` block whose children are its items."""
    return _Walker((md or parser()).parse(text)).run()


def read_inline(tokens: list[Token] | None) -> Inline:
    """Inline children -> parts; a link's text is its visible words, an image inside it makes it a badge."""
    parts: list[Part] = []
    link: Part | None = None
    image_in_link = bare = False
    bold_depth = 0
    bold = ""
    for token in tokens or []:
        kind = token.type
        if kind == "link_open":
            link, image_in_link = Part("link", "", str(token.attrs.get("href", ""))), False
            bare = token.markup == "linkify"
        elif kind == "link_close" and link is not None:
            if bare and _ESCAPED.search(link.text):  # `…/Plain\_language` written in Markdown is `…/Plain_language`
                link.text = _ESCAPED.sub(r"\1", link.text)
                link.href = normalizeLink(link.text if "://" in link.text else "http://" + link.text)
            link.badge = image_in_link and not link.text.strip()
            parts.append(link)
            link = None
        elif kind == "image":
            image_in_link = image_in_link or link is not None
        elif kind == "strong_open":
            bold_depth += 1
        elif kind == "strong_close":
            bold_depth -= 1
            if bold_depth == 0 and bold:
                parts.append(Part("bold", bold))
                bold = ""
        elif kind in ("text", "code_inline", "softbreak", "hardbreak", "html_inline"):
            words = " " if kind in ("softbreak", "hardbreak") else token.content
            if kind == "html_inline":
                words = " " if token.content.lower().startswith("<br") else ""
            if link is not None:
                link.text += words
            elif bold_depth:
                bold += words
            elif parts and parts[-1].kind == "text":
                parts[-1].text += words
            elif words:
                parts.append(Part("text", words))
    return Inline(parts)


class _Walker:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.out: list[Block] = []
        self.items: list[Block] = []  # open list items, innermost last
        self.lists: list[Block] = []  # open top-level list
        self.quote = 0
        self.header: list[str] = []
        self.row: Block | None = None
        self.in_head = False

    def run(self) -> list[Block]:
        for index, token in enumerate(self.tokens):
            self._token(index, token)
        return self.out

    def _lines(self, token: Token) -> tuple[int, int]:
        start, end = token.map or (0, 1)
        return start + 1, max(start + 1, end)

    def _token(self, index: int, token: Token) -> None:
        kind = token.type
        if kind == "heading_open":
            line, end = self._lines(token)
            source = self.tokens[index + 1]
            block = Block("heading", line, end, read_inline(source.children), level=int(token.tag[1:]))
            block.raw = [source.content]
            self.out.append(block)
        elif kind in ("bullet_list_open", "ordered_list_open") and not self.items:
            line, end = self._lines(token)
            block = Block("list", line, end)
            self.lists.append(block)
            self.out.append(block)
        elif kind in ("bullet_list_close", "ordered_list_close") and not self.items:
            self.lists.pop() if self.lists else None
        elif kind == "list_item_open":
            line, end = self._lines(token)
            item = Block("item", line, end)
            (self.items[-1].children if self.items else self.lists[-1].children).append(item)
            self.items.append(item)
        elif kind == "list_item_close":
            self.items.pop()
        elif kind == "blockquote_open":
            self.quote += 1
        elif kind == "blockquote_close":
            self.quote -= 1
        elif kind == "paragraph_open":
            self._paragraph(index, token)
        elif kind == "thead_open":
            self.in_head, self.header = True, []
        elif kind == "thead_close":
            self.in_head = False
        elif kind == "tr_open":
            line, end = self._lines(token)
            self.row = Block("header" if self.in_head else "row", line, end, header=self.header)
        elif kind == "tr_close" and self.row is not None:
            self.out.append(self.row)
            self.row = None
        elif kind == "inline" and self.tokens[index - 1].type in ("th_open", "td_open") and self.row is not None:
            cell = read_inline(token.children)
            self.row.cells.append(cell)
            self.row.raw.append(token.content)
            if self.in_head:
                self.header.append(cell.text)

    def _paragraph(self, index: int, token: Token) -> None:
        line, end = self._lines(token)
        inline = read_inline(self.tokens[index + 1].children)
        if self.items:
            item = self.items[-1]
            if not item.inline.parts and not item.children:
                item.inline = inline
                return
            item.children.append(Block("para", line, end, inline, quote=bool(self.quote)))
            return
        self.out.append(Block("para", line, end, inline, quote=bool(self.quote)))
