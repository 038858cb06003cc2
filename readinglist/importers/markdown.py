"""Parse an awesome-list README of the Medical_NLP shape (pure: text in, data out).

Its headings and tables come from markdown-it's tokens (`tokens.py`); the lines between them are read by the
seed's labels, line by line, because each item keeps its lines as a template for a byte-identical export.

Reads the whole list: its top-level sections (`## 5. 相关论文` holds papers, `## 3. 数据集` datasets, ...), numbered
headings (`###### 0.0.2.9 [instruct GPT](url)(2022.1 openai) comment`), bold paper titles under a heading (the 3.x
archive), resource tables, the labelled bullets the list uses (论文地址, Blog, 代码地址, 摘要翻译, 论文概要, 论文摘要,
重点, 项目说明) and the lineage its text states in words. Everything that is not an item (intro lines, group headings)
is kept as written in `ParsedList.outline`, and each item keeps its own lines as a template, so the list can be
written back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import FIELD_ORDER
from .links import slug
from .tokens import Block, read_blocks

SECTION_KEYWORDS = (  # (substring of a heading, section slug) for the seed's topics; the deepest match wins
    ("硬件资源", "infra"),
    ("RLHF", "rlhf"),
    ("GPT-x", "gpt"),
    ("后ChatGPT", "clinical-llm"),
    ("综述", "survey"),
    ("存档", "archive"),
)
REGION_KINDS = (  # (words of a `##` heading, the kind of the items under it)
    (r"论文|papers?\b", "paper"),
    (r"评测|基准|benchmark", "benchmark"),
    (r"比赛|竞赛|competition|challenge", "competition"),
    (r"数据集|datasets?\b", "dataset"),
    (r"模型|models?\b", "model-list"),
    (r"工具|toolkits?|tools?\b|software", "toolkit"),
    (r"产品|products?\b", "product"),
    (r"blog|博客", "blog"),
    (r"链接|links?\b", "link"),
)
COLUMNS = {  # a resource table's header -> the field its cells fill
    "名称": "title_zh",
    "name": "title_zh",
    "来源": "provider",
    "source": "provider",
    "介绍": "description_zh",
    "description": "description_zh",
    "github地址": "code",
    "github": "code",
    "官方测评网站地址": "url",
    "地址": "url",
    "url": "url",
    "link": "url",
}

_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?=\s|[^\d.]|$)\s*(.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)\s*\)")
_DATE_PAREN = re.compile(r"\(([^()]*(?:19|20)\d\d[^()]*)\)")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*\s*$")
# What an exported list's `<!-- readinglist {...} -->` comment carries beside key and entry_type, in FIELD_ORDER.
_CARRIED_NAMES = (  # in a line: FIELD_ORDER gives the order
    "title aka author year month journal booktitle institution type pages note doi eprint archiveprefix code kind"
    " cites unverified source blog_label"
)
_CARRIED = frozenset(_CARRIED_NAMES.split())
META_FIELDS = tuple(name for name in FIELD_ORDER if name in _CARRIED)
_META = re.compile(r"^\s*<!--\s*readinglist\s+(\{.*\})\s*-->\s*$")
_SECTIONS = re.compile(r"^<!--\s*readinglist\s+(\{\"sections\".*\})\s*-->\s*$")
_SECTIONS_LINE = "<!-- readinglist {} -->"
_LABELS = {
    "论文地址": "url",
    "blog地址": "blog",
    "blog": "blog",
    "代码地址": "code",
    "摘要翻译": "abstract_zh",
    "论文概要": "abstract_zh",
    "论文摘要": "abstract",
    "重点": "highlight_zh",
    "项目说明": "description_zh",
    "来源": "provider",
    "论文": "facts_line",  # the export's own facts line; the comment beside it carries the facts
}
_LABELLED = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*\*)?\s*(论文地址|Blog地址|BLog地址|Blog|BLog|代码地址|摘要翻译|论文概要|论文摘要|重点|项目说明|来源|论文)"
    r"\s*[:：]\s*(.*?)\s*$"
)
_LINK_LINE = re.compile(r"^\s*(?:[-*]\s*)?\[([^\]]+)\]\(\s*([^)\s]+)\s*\)\s*(.*?)\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*?)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SEED_IDS = r"(\d+(?:\.\d+)+(?:/\d+)*)"
_CHUNK_SPLIT = re.compile(r"(?<=[！!。])\s*|\s{2,}")
MULTILINE_FIELDS = ("abstract_zh", "abstract", "description_zh")
ITEM_FIELDS = ("url", "code", "blog", "provider", "description_zh", "abstract", "highlight_zh")  # a heading with
# one of these (or a link of its own) is an item; without, it is a group heading and its lines the list's text


@dataclass
class Lineage:
    """`later` builds on `earlier` (a seed id, or a name such as `GPT-3`), in the seed's words."""

    later: str
    earlier: str
    words: str


@dataclass
class SeedItem:
    """One placement of an item in the list: its number, section, kind and the text written there."""

    seed_id: str
    section: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    heading_link: str = ""
    kind: str = "paper"
    meta: dict[str, str] = field(default_factory=dict)  # facts an exported list carries in a comment
    end: int = 0
    template: list[str] = field(default_factory=list)  # the item's lines as written, values as {{field}} slots
    slots: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # line -> (field, text as written)
    skip: set[int] = field(default_factory=set)  # lines the slots render (continuations) or the tool writes

    def put(self, name: str, value: str) -> None:
        """Set a field once; a second value for a multi-line field is appended as a paragraph."""
        value = value.strip()
        if not value:
            return
        if name in self.fields and name in MULTILINE_FIELDS:
            self.fields[name] += "\n" + value
        else:
            self.fields.setdefault(name, value)


@dataclass
class ParsedList:
    """Items, the lineage their words state, problems, and the list's own lines with item placeholders."""

    items: list[SeedItem]
    lineage: list[Lineage]
    problems: list[str]
    outline: list[str | int] = field(default_factory=list)  # a line as written, or the index of an item
    left_out: list[Any] = field(default_factory=list)  # the general reading's `LeftOut`s (line, why, linked)
    reading: str = "seed"  # which reading made it: the seed's shape, or the general one
    made_safe: list[str] = field(default_factory=list)  # `line N: what was changed so the item reads as meant`


def parse_awesome_list(text: str, section_names: Mapping[str, str] | None = None) -> ParsedList:
    """Read a whole awesome-list README: its papers, its resource tables and headings, and its own lines.

    `section_names` maps a heading's title to the words of its section slug (`中文` -> `chinese`); other
    headings are named from their own words.
    """
    lines = re.split(r"\r?\n", text)  # not splitlines(): a U+2028 inside a line is the line's text
    if lines and not lines[-1]:
        lines.pop()
    written = _written_section_names(lines)
    names = {**written, **(section_names or {})}
    parser = _Parser(names, _structure(text, lines))
    for number, line in enumerate(lines, start=1):
        parser.feed(number, line)
    parser.finish()
    lineage = [rel for item in parser.items if item.kind == "paper" for rel in extract_lineage(item)]
    for item in parser.items:
        item.template = _template(lines, item)
    outline = _outline(lines, parser)
    if names and names != written:  # the names travel with the list: its export imports with the same sections
        kept = [part for part in outline if not (isinstance(part, str) and _SECTIONS.match(part))]
        at = 1 if kept and isinstance(kept[0], str) and kept[0].startswith("#") else 0  # under the list's title
        kept.insert(at, _SECTIONS_LINE.format(json.dumps({"sections": names}, ensure_ascii=False)))
        outline = kept
    return ParsedList(parser.items, lineage, parser.problems, outline)


def _written_section_names(lines: list[str]) -> dict[str, str]:
    """Section names an exported list carries in its `<!-- readinglist {"sections": {...}} -->` line."""
    for line in lines:
        match = _SECTIONS.match(line)
        if match:
            try:
                names = json.loads(match.group(1)).get("sections")
            except (ValueError, AttributeError):
                continue
            if isinstance(names, dict):
                return {str(k): str(v) for k, v in names.items()}
    return {}


def _outline(lines: list[str], parser: _Parser) -> list[str | int]:
    """The list's own lines, each item's span replaced by its index."""
    starts = {item.line: index for index, item in enumerate(parser.items)}
    inside = {n for item in parser.items for n in range(item.line + 1, item.end + 1)}
    outline: list[str | int] = []
    for number, line in enumerate(lines, start=1):
        if number in starts:
            outline.append(starts[number])
        elif number not in inside:
            outline.append(line)
    return outline


def _template(lines: list[str], item: SeedItem) -> list[str]:
    """The item's lines as written, each value it gave replaced by a `{{field}}` slot."""
    template = []
    for number in range(item.line, item.end + 1):
        if number in item.skip:
            continue
        line = lines[number - 1]
        position = 0
        for name, text in item.slots.get(number, []):
            found = line.find(text, position) if text else -1
            if found < 0:
                continue
            slot = "{{" + name + "}}"
            line = line[:found] + slot + line[found + len(text) :]
            position = found + len(slot)
        template.append(line)
    return template


SLOT = re.compile(r"\{\{([a-z_]+)\}\}")


def region_kind(text: str) -> str:
    """The kind of the items under a top-level heading, from its words ('' when they say nothing)."""
    for pattern, kind in REGION_KINDS:
        if re.search(pattern, text, re.IGNORECASE):
            return kind
    return ""


@dataclass
class _Heading:
    level: int
    seed_id: str
    text: str
    line: int
    children: int = 0
    bold_items: int = 0
    rows: int = 0
    written: str = ""  # the number as the list writes it


def _structure(text: str, lines: list[str]) -> dict[int, Block]:
    """Headings, tables' header rows and rows as markdown-it reads them, by line; a table's separator line maps to
    its header row. A line starting with `#` or `|` that is no heading or table (in a code block) is text."""
    found: dict[int, Block] = {}
    for block in read_blocks(text):
        if block.kind == "heading" and lines[block.line - 1].startswith("#"):
            found[block.line] = block
        elif block.kind in ("header", "row"):
            found[block.line] = block
            if block.kind == "header":
                found[block.line + 1] = Block("separator", block.line + 1, block.line + 1)
    return found


class _Parser:
    def __init__(self, section_names: Mapping[str, str], structure: dict[int, Block]) -> None:
        self.section_names = section_names
        self.structure = structure
        self.items: list[SeedItem] = []
        self.problems: list[str] = []
        self.stack: list[_Heading] = []
        self.pending: _Heading | None = None  # the last heading, an item unless a child heading follows
        self.item: SeedItem | None = None
        self.continuing: str | None = None  # multi-line field being continued by indented lines
        self.loose: list[tuple[int, str]] = []  # lines of the pending heading, before we know its role
        self.region = "paper"  # the kind of the top-level section being read
        self.region_prefix = ""  # seed ids outside the papers section start with `s<number>`
        self.columns: list[str] | None = None  # field names of the table being read
        self.blanks: list[int] = []  # blank lines met while continuing a multi-line value

    # headings -----------------------------------------------------------------------------------------
    def feed(self, number: int, line: str) -> None:
        block = self.structure.get(number)
        if block is None or block.kind == "heading":
            self.columns = None if line.strip() else self.columns
        if block is not None and block.kind == "heading" and block.level == 1:
            self._end_continuation()
            self._close_pending()
            self.item, self.stack = None, []  # the document's title: the list's own text
        elif block is not None and block.kind == "heading" and block.level == 2:
            self._region(number, block.raw[0])
        elif block is not None and block.kind == "heading":
            self._heading(number, block.level, block.raw[0])
        elif block is not None:
            self._table_line(number, block)
        else:
            self._body(number, line)

    def _region(self, number: int, text: str) -> None:
        """`## 3. 数据集`: a new top-level section; its words give the kind of its items."""
        self._end_continuation()
        self._close_pending()
        self.item = None
        self.stack = []
        kind = region_kind(text)
        self.region = kind or "paper"
        match = _NUMBER.match(text)
        self.region_prefix = "" if self.region == "paper" else "s" + (match.group(1) if match else str(number))
        self.stack.append(_Heading(2, self.region_prefix, text, number, written=match.group(1) if match else ""))

    def _heading(self, number: int, level: int, text: str) -> None:
        self._end_continuation()
        if self.pending is not None and level > self.pending.level:
            self._flush_loose()  # the pending heading has a child: it is a group, not an item
            self.pending = None
        self._close_pending()
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if parent:
            parent.children += 1
        match = _NUMBER.match(text)
        written = match.group(1) if match else ""
        if match:
            rest = match.group(2)
            num = written
            if parent and parent.seed_id:
                if parent.written and written.startswith(parent.written + "."):
                    num = parent.seed_id + written[len(parent.written) :]  # `### 3.1` under `## 3.` -> s3.1
                else:
                    num = f"{parent.seed_id}.{written}"  # numbering that restarts under its parent (2 综述: 1., 2.)
        else:
            rest = text
            num = f"{parent.seed_id}.{parent.children}" if parent and parent.seed_id else ""
        current = _Heading(level, num, rest, number, written=written)
        self.stack.append(current)
        self.pending = current
        self.item = None
        self.continuing = None

    def _close_pending(self) -> None:
        """A heading followed by no child heading, bold title or table, with a link of its own, is an item."""
        heading = self.pending
        self.pending = None
        if heading is None or heading.bold_items or heading.rows or self.item is not None:
            self._flush_loose()
            return
        item = self._new_item(heading.seed_id, heading.line, own_heading=True)
        title, link, date, comment = parse_heading_text(heading.text)
        item.put("title_zh", title)
        item.put("seed_date", date)
        item.put("note_zh", comment)
        item.heading_link = link
        item.slots[heading.line] = [
            ("title_zh", title),
            ("heading_link", link),
            ("seed_date", date),
            ("note_zh", comment),
        ]
        self.item = item
        problems_before = len(self.problems)
        for number, line in self.loose:
            self._body(number, line)
        self._end_continuation()
        self.item = None
        if not link and not item.meta and not any(item.fields.get(name) for name in ITEM_FIELDS):
            self.items.remove(item)  # no link at all: a group heading with text of its own, kept as written
            del self.problems[problems_before:]
            self.loose = []
            return
        if not item.seed_id:
            self.problems.append(
                f"line {heading.line}: heading {heading.text!r} has no number and no "
                "numbered parent; it was imported without a seed_id"
            )
        self.loose = []

    def _flush_loose(self) -> None:
        self.loose = []  # text under a group heading: the list's own words, kept as written

    def finish(self) -> None:
        self._end_continuation()
        self._close_pending()

    def _new_item(self, seed_id: str, line: int, own_heading: bool = False) -> SeedItem:
        section = section_for(self.stack, own_heading, self.section_names)
        if self.region != "paper":  # `dataset-zhongwen`, `blog-archive`: never a lane of the papers
            section = f"{self.region}-{section}" if section not in ("unsorted", "") else self.region
        item = SeedItem(seed_id, section, line, kind=self.region)
        item.end = line
        self.items.append(item)
        return item

    # tables -------------------------------------------------------------------------------------------
    def _table_line(self, number: int, row: Block) -> None:
        """A resource table: the header names the columns, each row after the separator is an item."""
        heading = self.stack[-1] if self.stack else None
        if self.pending is not None and self.item is None:
            self._flush_loose()
            self.pending = None
        self._end_continuation()
        self.item = None
        if row.kind == "header":
            self.columns = [COLUMNS.get(c.lower(), "") or slug(c) or f"column{i}" for i, c in enumerate(row.raw)]
            return
        if row.kind == "separator" or self.columns is None:
            return
        if heading is None:
            self.problems.append(f"line {number}: table row outside any heading was not imported")
            return
        heading.rows += 1
        item = self._new_item(f"{heading.seed_id}.{heading.rows}", number)
        for name, cell, inline in zip(self.columns, row.raw, row.cells, strict=False):
            _put_cell(item, name, cell, [link.href for link in inline.links])
        item.slots[number] = [(name, item.fields[name]) for name in self.columns if item.fields.get(name)]

    # body lines ---------------------------------------------------------------------------------------
    def _body(self, number: int, line: str) -> None:
        bold = _BOLD_LINE.match(line)
        if bold and not _LABELLED.match(line) and self.region == "paper":
            heading = self.stack[-1] if self.stack else None
            if heading is None:
                self.problems.append(f"line {number}: bold title outside any heading was not imported")
                return
            if self.pending is heading and self.item is None:
                self._flush_loose()
                self.pending = None
            self._end_continuation()
            heading.bold_items += 1
            self.item = self._new_item(f"{heading.seed_id}.{heading.bold_items}", number)
            self.item.put("title", bold.group(1))
            self.item.slots[number] = [("title", bold.group(1))]
            self.continuing = None
            return
        if self.item is None:
            if self.pending is not None:
                self.loose.append((number, line))
            return  # the list's own text (intro lines, notes under a group heading): kept as written
        self._item_line(number, line)

    def _take(self, number: int, *slots: tuple[str, str], skip: bool = False) -> None:
        assert self.item is not None
        self.item.end = max(self.item.end, number)
        if slots:
            self.item.slots[number] = list(slots)
        if skip:
            self.item.skip.add(number)

    def _item_line(self, number: int, line: str) -> None:
        item = self.item
        assert item is not None
        if not line.strip():
            if self.continuing:
                item.fields[self.continuing] += "\n"
                item.skip.add(number)  # inside the value if it goes on; the span grows only then
                self.blanks.append(number)
            return
        if self.continuing and line.startswith((" ", "\t")) and not _LABELLED.match(line):
            item.fields[self.continuing] += "\n" + line[2:] if line.startswith("  ") else "\n" + line.strip()
            self._take(number, skip=True)
            self.blanks = []
            return
        self._end_continuation()
        comment = _META.match(line)
        if comment:
            try:
                meta = json.loads(comment.group(1))
            except ValueError:
                meta = None
            if isinstance(meta, dict):
                item.meta = {str(k): str(v) for k, v in meta.items()}
                self._take(number, skip=True)
                return
        labelled = _LABELLED.match(line)
        if labelled:
            name = _LABELS[labelled.group(1).lower()]
            value = labelled.group(2)
            if name == "highlight_zh":
                value = value.removesuffix("**").strip()
            if name in ("url", "blog", "code"):
                value = value.split()[0] if value.split() else ""
            if name == "facts_line":
                self._take(number, skip=True)
                return
            had = name in item.fields
            item.put(name, value)
            self.continuing = name if name in MULTILINE_FIELDS and name in item.fields else None
            self._take(number, *([] if had else [(name, value.strip())]))
            return
        link = _LINK_LINE.match(line)
        if link:
            label, url, trailing = link.group(1).strip(), link.group(2), link.group(3)
            name = "url" if "论文地址" in label else "code" if "代码" in label or "项目" in label else "blog"
            if name in item.fields and item.fields[name] != url:
                self.problems.append(f"line {number}: second {name} link {url!r} for {item.seed_id} was not imported")
                return
            item.put(name, url)
            slots = [(name, url)]
            if label not in ("论文地址", "Blog", "blog", "代码地址", "项目地址") and name == "blog":
                item.put("blog_label", label)
                slots.insert(0, ("blog_label", label))
            if trailing and "note_zh" not in item.fields:
                slots.append(("note_zh", trailing))
            item.put("note_zh", trailing)
            self._take(number, *slots)
            return
        bullet = _BULLET.match(line)
        text = bullet.group(1) if bullet else line.strip()
        looks_labelled = re.match(r"^[^:：\s]{1,8}[:：]", text)
        if _CJK.search(text) and "abstract_zh" not in item.fields and not looks_labelled:
            item.put("abstract_zh", text)  # an unlabelled Chinese paragraph is the summary
            self.continuing = "abstract_zh"
            self._take(number, ("abstract_zh", text.strip()))
            return
        self.problems.append(f"line {number}: line under {item.seed_id} was not understood: {text[:60]!r}")

    def _end_continuation(self) -> None:
        if self.continuing and self.item:
            self.item.fields[self.continuing] = self.item.fields[self.continuing].rstrip()
            self.item.skip.difference_update(self.blanks)  # blank lines after the value are the list's own
        self.blanks = []
        self.continuing = None


def _put_cell(item: SeedItem, name: str, cell: str, links: list[str]) -> None:
    """A table cell: link columns keep their links' targets (the first as the field, more in `links`), others
    their text as written."""
    if name in ("url", "code") and links:
        item.put(name, links[0])
        if len(links) > 1:
            item.put("links", ", ".join(links[1:]))
        return
    item.put(name, cell)


def section_for(stack: list[_Heading], own_heading: bool, names: Mapping[str, str]) -> str:
    """A known topic of the seed, else the name given for the item's nearest group heading, else its words."""
    for heading in reversed(stack):
        for keyword, name in SECTION_KEYWORDS:
            if keyword in heading.text:
                return name
    groups = stack[:-1] if own_heading else stack
    for heading in reversed(groups):
        title = parse_heading_text(heading.text)[0]
        words = names.get(heading_name(title)) or slug(title)
        if words:
            return words
    top = groups[0].seed_id if groups else ""
    return f"section-{top}" if top else "unsorted"


def heading_name(title: str) -> str:
    """A heading title as a section-names file writes it: `4. 开源预训练模型` -> `开源预训练模型`, no end colon."""
    return re.sub(r"^\d+(?:\.\d+)*\.?\s*", "", title).strip(" :：")


def parse_heading_text(text: str) -> tuple[str, str, str, str]:
    """Split an item heading into (Chinese title, its link, the date/venue in brackets, the free comment)."""
    masked = _LINK.sub(lambda m: "\0" * len(m.group(0)), text)
    date_match = _DATE_PAREN.search(masked)
    first_link = _LINK.search(text)
    if date_match:
        title_part, date, comment = text[: date_match.start()], date_match.group(1).strip(), text[date_match.end() :]
    elif first_link:
        title_part, date, comment = text[: first_link.end()], "", text[first_link.end() :]
    else:
        title_part, date, comment = text, "", ""
    link = ""
    link_in_title = _LINK.search(title_part)
    if link_in_title:
        link = link_in_title.group(2)
    title = re.sub(r"\s+", " ", _LINK.sub(r"\1", title_part).replace("**", "")).strip()
    return title, link, date, comment.strip()


def expand_seed_ids(text: str) -> list[str]:
    """`0.0.2.4/5` -> [`0.0.2.4`, `0.0.2.5`]."""
    first, *more = text.split("/")
    prefix = first.rsplit(".", 1)[0]
    return [first, *(f"{prefix}.{m}" for m in more)]


def _chunks(text: str) -> list[str]:
    return [c.strip() for c in _CHUNK_SPLIT.split(text) if c and c.strip()]


def extract_lineage(item: SeedItem) -> list[Lineage]:
    """Lineage claims the item's heading comment and highlight make in words."""
    found: list[Lineage] = []
    for source in ("note_zh", "highlight_zh"):
        for chunk in _chunks(item.fields.get(source, "")):
            for match in re.finditer(r"促成了\s*" + _SEED_IDS, chunk):
                found += [Lineage(later, item.seed_id, chunk) for later in expand_seed_ids(match.group(1))]
            for match in re.finditer(r"(?:directly\s+)?leads?\s+to\s+" + _SEED_IDS, chunk, re.IGNORECASE):
                found += [Lineage(later, item.seed_id, chunk) for later in expand_seed_ids(match.group(1))]
            for match in re.finditer(r"解决\s*" + _SEED_IDS, chunk):
                found += [Lineage(item.seed_id, earlier, chunk) for earlier in expand_seed_ids(match.group(1))]
            for match in re.finditer(_SEED_IDS + r"\s*中探索的", chunk):
                found += [Lineage(item.seed_id, earlier, chunk) for earlier in expand_seed_ids(match.group(1))]
            for match in re.finditer(r"和\s*([A-Za-z][\w.\-]*)\s*进行了对齐", chunk):
                found.append(Lineage(item.seed_id, "name:" + match.group(1), chunk))
            for match in re.finditer(r"second\s+try\s+(.+?)[!！]?$", chunk, re.IGNORECASE):
                found.append(Lineage(item.seed_id, "first:" + match.group(1).strip(), chunk))
    unique: dict[tuple[str, str], Lineage] = {}
    for rel in found:
        unique.setdefault((rel.later, rel.earlier), rel)
    return list(unique.values())


def dedupe_sentences(text: str, min_length: int = 8) -> str:
    """Drop a sentence the seed pasted twice (keep its first occurrence); everything else verbatim.

    A repeat may also follow the previous words after a space, with no `。` between them
    ("...权重 该模型可以...训练。" where "该模型可以...训练。" was said before): that tail goes too.
    """
    pieces = re.split(r"(?<=[。！？!?])", text)
    seen: set[str] = set()
    kept = []
    for piece in pieces:
        sentence = piece.strip()
        if len(sentence) >= min_length and sentence in seen:
            continue
        for match in re.finditer(r"\s+", sentence):
            tail = sentence[match.end() :]
            if len(tail) >= min_length and tail in seen:
                piece = piece[: piece.index(sentence) + match.start()]
                break
        seen.add(sentence)
        kept.append(piece)
    return "".join(kept).rstrip()
