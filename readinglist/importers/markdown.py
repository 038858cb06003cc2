"""Parse an awesome-list README of the Medical_NLP shape into seed items (pure: text in, data out).

Understands numbered headings (`###### 0.0.2.9 [instruct GPT](url)(2022.1 openai) comment`), headings
without numbers, bold paper titles under a heading (the 3.x archive), the labelled bullets the list uses
(论文地址, Blog, 代码地址, 摘要翻译, 论文概要, 论文摘要, 重点) and the lineage its text states in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SECTION_KEYWORDS = (  # (substring of a heading, section slug); the deepest matching heading wins
    ("硬件资源", "infra"),
    ("RLHF", "rlhf"),
    ("GPT-x", "gpt"),
    ("后ChatGPT", "clinical-llm"),
    ("综述", "survey"),
    ("存档", "archive"),
)
PAPERS_HEADING = re.compile(r"^##\s+(?:\d+\.?\s*)?(?:相关论文|papers?\b)", re.IGNORECASE)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?=\s|[^\d.]|$)\s*(.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)\s*\)")
_DATE_PAREN = re.compile(r"\(([^()]*(?:19|20)\d\d[^()]*)\)")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*\s*$")
_LABELS = {
    "论文地址": "url",
    "blog地址": "blog",
    "blog": "blog",
    "代码地址": "code",
    "摘要翻译": "abstract_zh",
    "论文概要": "abstract_zh",
    "论文摘要": "abstract",
    "重点": "highlight_zh",
}
_LABELLED = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*\*)?\s*(论文地址|Blog地址|BLog地址|Blog|BLog|代码地址|摘要翻译|论文概要|论文摘要|重点)"
    r"\s*[:：]\s*(.*?)\s*$"
)
_LINK_LINE = re.compile(r"^\s*(?:[-*]\s*)?\[([^\]]+)\]\(\s*([^)\s]+)\s*\)\s*(.*?)\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*?)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SEED_IDS = r"(\d+(?:\.\d+)+(?:/\d+)*)"
_CHUNK_SPLIT = re.compile(r"(?<=[！!。])\s*|\s{2,}")
MULTILINE_FIELDS = ("abstract_zh", "abstract")


@dataclass
class Lineage:
    """`later` builds on `earlier` (a seed id, or a name such as `GPT-3`), in the seed's words."""

    later: str
    earlier: str
    words: str


@dataclass
class SeedItem:
    seed_id: str
    section: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    heading_link: str = ""

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
    items: list[SeedItem]
    lineage: list[Lineage]
    problems: list[str]


def parse_awesome_list(text: str) -> ParsedList:
    """Read the papers section of an awesome-list README (the whole file when it has none)."""
    lines = text.splitlines()
    start, end = _papers_region(lines)
    parser = _Parser()
    for number in range(start, end):
        parser.feed(number + 1, lines[number])
    parser.finish()
    lineage = [rel for item in parser.items for rel in extract_lineage(item)]
    return ParsedList(parser.items, lineage, parser.problems)


def _papers_region(lines: list[str]) -> tuple[int, int]:
    for index, line in enumerate(lines):
        if PAPERS_HEADING.match(line):
            for stop in range(index + 1, len(lines)):
                if re.match(r"^##\s", lines[stop]):
                    return index + 1, stop
            return index + 1, len(lines)
    return 0, len(lines)


@dataclass
class _Heading:
    level: int
    seed_id: str
    text: str
    line: int
    children: int = 0
    bold_items: int = 0


class _Parser:
    def __init__(self) -> None:
        self.items: list[SeedItem] = []
        self.problems: list[str] = []
        self.stack: list[_Heading] = []
        self.pending: _Heading | None = None  # the last heading, an item unless a child heading follows
        self.item: SeedItem | None = None
        self.continuing: str | None = None  # multi-line field being continued by indented lines
        self.loose: list[tuple[int, str]] = []  # lines of the pending heading, before we know its role

    # headings -----------------------------------------------------------------------------------------
    def feed(self, number: int, line: str) -> None:
        heading = _HEADING.match(line)
        if heading:
            self._heading(number, len(heading.group(1)), heading.group(2))
        else:
            self._body(number, line)

    def _heading(self, number: int, level: int, text: str) -> None:
        self._end_continuation()
        if self.pending is not None and level > self.pending.level:
            self._flush_loose()  # the pending heading has a child: it is a group, not a paper
            self.pending = None
        self._close_pending()
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if parent:
            parent.children += 1
        match = _NUMBER.match(text)
        if match:
            num, rest = match.group(1), match.group(2)
            if parent and parent.seed_id and not num.startswith(parent.seed_id + "."):
                num = f"{parent.seed_id}.{num}"  # numbering that restarts under its parent (2 综述: 1., 2.)
        else:
            rest = text
            num = f"{parent.seed_id}.{parent.children}" if parent and parent.seed_id else ""
        current = _Heading(level, num, rest, number)
        self.stack.append(current)
        self.pending = current
        self.item = None
        self.continuing = None

    def _close_pending(self) -> None:
        """A heading followed by neither child headings nor bold titles is a paper item."""
        heading = self.pending
        self.pending = None
        if heading is None or heading.bold_items or self.item is not None:
            self._flush_loose()
            return
        item = self._new_item(heading.seed_id, heading.line)
        title, link, date, comment = parse_heading_text(heading.text)
        item.put("title_zh", title)
        item.put("seed_date", date)
        item.put("note_zh", comment)
        item.heading_link = link
        if not item.seed_id:
            self.problems.append(
                f"line {heading.line}: heading {heading.text!r} has no number and no "
                "numbered parent; it was imported without a seed_id"
            )
        self.item = item
        for number, line in self.loose:
            self._body(number, line)
        self._end_continuation()
        self.loose = []
        self.item = None
        if not (title or link or item.fields.get("url")):
            self.items.remove(item)
            self.problems.append(
                f"line {heading.line}: heading {heading.text!r} has neither a title nor a link; it was not imported"
            )

    def _flush_loose(self) -> None:
        for number, line in self.loose:
            if line.strip():
                self.problems.append(
                    f"line {number}: text under a group heading was not understood: {line.strip()[:60]!r}"
                )
        self.loose = []

    def finish(self) -> None:
        self._end_continuation()
        self._close_pending()

    def _new_item(self, seed_id: str, line: int) -> SeedItem:
        item = SeedItem(seed_id, section_for(self.stack), line)
        self.items.append(item)
        return item

    # body lines ---------------------------------------------------------------------------------------
    def _body(self, number: int, line: str) -> None:
        bold = _BOLD_LINE.match(line)
        if bold and not _LABELLED.match(line):
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
            self.continuing = None
            return
        if self.item is None:
            if self.pending is not None:
                self.loose.append((number, line))
            elif line.strip() and self.stack:
                self.problems.append(f"line {number}: text outside any paper was not understood: {line.strip()[:60]!r}")
            return
        self._item_line(number, line)

    def _item_line(self, number: int, line: str) -> None:
        item = self.item
        assert item is not None
        if not line.strip():
            if self.continuing:
                item.fields[self.continuing] += "\n"
            return
        if self.continuing and line.startswith((" ", "\t")) and not _LABELLED.match(line):
            item.fields[self.continuing] += "\n" + line[2:] if line.startswith("  ") else "\n" + line.strip()
            return
        self._end_continuation()
        labelled = _LABELLED.match(line)
        if labelled:
            name = (
                _LABELS[labelled.group(1).lower()]
                if labelled.group(1).lower() in _LABELS
                else _LABELS[labelled.group(1)]
            )
            value = labelled.group(2)
            if name == "highlight_zh":
                value = value.removesuffix("**").strip()
            if name in ("url", "blog", "code"):
                value = value.split()[0] if value.split() else ""
            item.put(name, value)
            self.continuing = name if name in MULTILINE_FIELDS and name in item.fields else None
            return
        link = _LINK_LINE.match(line)
        if link:
            label, url, trailing = link.group(1).strip(), link.group(2), link.group(3)
            name = "url" if "论文地址" in label else "code" if "代码" in label else "blog"
            if name in item.fields and item.fields[name] != url:
                self.problems.append(f"line {number}: second {name} link {url!r} for {item.seed_id} was not imported")
            item.put(name, url)
            if label not in ("论文地址", "Blog", "blog", "代码地址") and name == "blog":
                item.put("blog_label", label)
            item.put("note_zh", trailing)
            return
        bullet = _BULLET.match(line)
        text = bullet.group(1) if bullet else line.strip()
        looks_labelled = re.match(r"^[^:：\s]{1,8}[:：]", text)
        if _CJK.search(text) and "abstract_zh" not in item.fields and not looks_labelled:
            item.put("abstract_zh", text)  # an unlabelled Chinese paragraph is the summary
            self.continuing = "abstract_zh"
            return
        self.problems.append(f"line {number}: line under {item.seed_id} was not understood: {text[:60]!r}")

    def _end_continuation(self) -> None:
        if self.continuing and self.item:
            self.item.fields[self.continuing] = self.item.fields[self.continuing].rstrip()
        self.continuing = None


def section_for(stack: list[_Heading]) -> str:
    for heading in reversed(stack):
        for keyword, slug in SECTION_KEYWORDS:
            if keyword in heading.text:
                return slug
    top = stack[0].seed_id if stack else ""
    return f"section-{top}" if top else "unsorted"


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
    """Drop a sentence the seed pasted twice (keep its first occurrence); everything else verbatim."""
    pieces = re.split(r"(?<=[。！？!?])", text)
    seen: set[str] = set()
    kept = []
    for piece in pieces:
        sentence = piece.strip()
        if len(sentence) >= min_length and sentence in seen:
            continue
        seen.add(sentence)
        kept.append(piece)
    return "".join(kept).rstrip()
