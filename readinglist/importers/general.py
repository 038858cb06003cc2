"""The general reading of an awesome list, on markdown-it tokens (pure: text in, items out).

What makes an item, whatever the list's shape:
- a list item (bullet or numbered) that holds a link, in its own line or in nested field bullets (`地址：`, `Code:`);
  a list item without a link whose nested items have links is a group, and its nested items are the items;
- a table row with a link; its columns are named by the header row (`名称`, `Title`, `链接`, `Code`, `时间`, ...);
- a paragraph that starts with a link (a `友情链接` line);
- a heading that has no items under it but a link of its own or a labelled link line (`数据集地址：[…](…)`).

Never an item: a heading that has items under it (a section; a year heading is a year hint), a table of contents
(a list whose links point inside the page), a badge or image. Each item that is not taken is a `LeftOut` with its
line and why, so the report can name it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..ids import link_ids, link_role
from .links import slug
from .markdown import ParsedList, SeedItem, heading_name, region_kind
from .tokens import Block, Inline, Part, read_blocks

_CJK = re.compile(r"[\u3400-\u9fff]")
_YEAR_HEADING = re.compile(  # `### 2024`, `### 2020 and before`, `### 2023年`
    r"^\s*((?:19|20)\d\d)(?:\s*年)?(?:\s*(?:and|&|以及)?\s*(?:before|earlier|older|以前|之前))?\s*$", re.I
)
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s*")
_LABEL = re.compile(r"^\s*([^:：\s\[\]()（）][^:：\[\]()（）]{0,15}?)\s*[:：]\s*(.*)$", re.S)
_LEAD_HINT = re.compile(r"^\s*[\[(（【]([^\])）】]{1,40})[\])）】]\s*")


def _words(table: dict[str, str]) -> dict[str, str]:
    """{"paper pdf arxiv": "paper"} -> {"paper": "paper", "pdf": "paper", "arxiv": "paper"}."""
    return {word: name for words, name in table.items() for word in words.split()}


_LABEL_LINKS = _words(  # a link whose words are one of these is a labelled link of its item, not its title
    {
        "paper pdf arxiv 论文 论文地址 doi": "paper",
        "code github official repo 代码 代码地址 源码 model models huggingface hf checkpoint": "code",
        "project homepage website web-link 主页 项目 项目地址 官网 video slides": "project",
        "demo 演示": "demo",
        "blog 博客": "blog",
        "data dataset 数据 数据下载": "data",
        "下载链接 下载 链接 地址 link url": "url",
    }
)
_FIELD_LABELS = _words(  # a nested bullet's or a column's label (lower case, no spaces) -> the field it fills
    {
        "地址 链接 网址 url link links paper papers 论文 论文地址 论文链接 项目地址 数据集地址 获取链接 下载链接 下载"
        " pdf arxiv 官网 网站 website homepage 主页 项目主页 图谱地址": "url",
        "code 代码 代码地址 源码 github 开源地址 repo repository 开源": "code",
        "demo 演示 试用 体验": "demo",
        "blog 博客": "blog",
        "简介 介绍 描述 说明 数据集说明 项目说明 摘要 概述 内容概述 数据描述 任务描述 赛题描述 赛制说明 知识图谱简介"
        " 特点 abstract description summary tl;dr tldr intro introduction about 论文概要 摘要翻译": "description",
        "keyword keywords 关键词 关键字 tags tag": "keywords",
        "机构 institute institution publisher organization organisation 单位 发布机构 团队 team affiliation": (
            "institution"
        ),
        "时间 date 日期 year 发布时间 年份 发布日期": "seed_date",
        "来源 source provider": "provider",
        "author authors 作者 作者们 authors(s)": "author",
        "名称 name title 标题 模型 模型名称 数据集名称 数据集 dataset datasetname 项目名称 model models 工具": "title",
    }
)
_LINK_FIELDS = ("url", "code", "demo", "blog", "project")
_META = re.compile(r"^\s*<!--\s*readinglist\s+(\{.*\})\s*-->\s*$")  # the facts an export carries for an item
_FACTS_LINE = re.compile(r"^- 论文：")  # the visible facts line an export writes above that comment
# `[Some title \](url)`: a link text ending in a backslash escapes its own `]`, so the link would not be one
_ESCAPED_CLOSE = re.compile(r"(?<!\\)((?:\\\\)*)\\\]\((?=\S)")


@dataclass
class LeftOut:
    """Something that looked like an item and did not become one: its line, why, and whether it had a link."""

    line: int
    why: str
    linked: bool


def read_list(text: str, section_names: Mapping[str, str] | None = None) -> ParsedList:
    """Read any awesome list into items (fields by name), sections from its headings, and what was left out.

    A list this tool exported carries, under each item's first line, a facts line and a `<!-- readinglist {…} -->`
    comment: they are read as that item's facts (key, type, ids) and are not the list's own lines.
    """
    lines = re.split(r"\r?\n", text)
    if lines and not lines[-1]:
        lines.pop()
    metas, dropped = _export_facts(lines)
    reader = _Reader(lines, section_names or {})
    read, made_safe = _unescaped_closings(lines, dropped)
    reader.run(read_blocks("\n".join(read)))
    for number, meta in metas.items():
        owner = [item for item in reader.items if item.line < number]
        if owner:
            max(owner, key=lambda item: item.line).meta = meta
    parsed = ParsedList(reader.items, [], [], _outline(lines, reader.items, dropped))
    parsed.left_out = reader.left_out
    parsed.reading = "general"
    parsed.made_safe = made_safe
    return parsed


def _unescaped_closings(lines: list[str], dropped: set[int]) -> tuple[list[str], list[str]]:
    """The lines as they are read (an export's added lines blank), with a link text's trailing backslash dropped
    so `[Some title \\](url)` stays a titled link; and one `line N: …` for each line where that was done."""
    read, made_safe = [], []
    for number, line in enumerate(lines, start=1):
        if number in dropped:
            read.append("")
            continue
        fixed = _ESCAPED_CLOSE.sub(r"\1](", line)
        if fixed != line:
            made_safe.append(
                f"line {number}: a link text ended in a backslash, which hid its link; the backslash was dropped"
            )
        read.append(fixed)
    return read, made_safe


def _export_facts(lines: list[str]) -> tuple[dict[int, dict[str, str]], set[int]]:
    """The facts an export wrote (by the comment's line) and the lines it added (the facts line, the comment)."""
    metas: dict[int, dict[str, str]] = {}
    dropped: set[int] = set()
    for number, line in enumerate(lines, start=1):
        match = _META.match(line)
        if not match:
            continue
        try:
            meta = json.loads(match.group(1))
        except ValueError:
            continue
        if isinstance(meta, dict) and "sections" not in meta:
            metas[number] = {str(k): str(v) for k, v in meta.items()}
            dropped.add(number)
            if number > 1 and _FACTS_LINE.match(lines[number - 2]):
                dropped.add(number - 1)
    return metas, dropped


def _outline(lines: list[str], items: list[SeedItem], dropped: set[int]) -> list[str | int]:
    """The list's own lines with each item's span replaced by its index; the item keeps its lines as written
    (`{{` made inert, so no text of the list is taken for a slot). Lines an export added are no one's."""
    starts = {item.line: index for index, item in enumerate(items)}
    inside = {n for item in items for n in range(item.line + 1, item.end + 1)}
    outline: list[str | int] = []
    for number, line in enumerate(lines, start=1):
        if number in starts:
            outline.append(starts[number])
        elif number not in inside and number not in dropped:
            outline.append(line)
    for item in items:
        span = range(item.line, item.end + 1)
        item.template = [lines[n - 1].replace("{{", "{\u200b{") for n in span if n not in dropped]
    return outline


def _usable(link: Part) -> bool:
    href = link.href.strip()
    return bool(href) and not link.badge and not href.startswith(("#", "mailto:", "javascript:"))


def _is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _label_of(link: Part) -> str:
    words = link.text.strip().strip("[]【】").strip().lower()
    return _LABEL_LINKS.get(words, "")


def _labelled(inline: Inline) -> tuple[str, Inline] | None:
    """`Code: [official](url)` -> ('code', the rest); None when the line starts with no `label：`."""
    if not inline.parts or inline.parts[0].kind not in ("text", "bold"):
        return None
    match = _LABEL.match(inline.parts[0].text)
    if not match or match.group(1).strip().lower() in ("http", "https"):
        return None
    rest = [Part(inline.parts[0].kind, match.group(2))] if match.group(2) else []
    return match.group(1).strip(), Inline(rest + inline.parts[1:])


class _Reader:
    def __init__(self, lines: list[str], names: Mapping[str, str]) -> None:
        self.lines = lines
        self.names = names
        self.items: list[SeedItem] = []
        self.left_out: list[LeftOut] = []
        self.headings: list[tuple[int, str]] = []  # (level, title) of the open headings
        self.year = ""

    # sections -----------------------------------------------------------------------------------------------
    def _section(self, skip_last: bool = False) -> tuple[str, str]:
        """(section slug, kind its words name) from the nearest heading that is not a year (nor the item's own)."""
        kind = ""
        headings = self.headings[:-1] if skip_last else self.headings
        for _, title in reversed(headings):
            kind = kind or region_kind(title)
        for _, title in reversed(headings):
            if not _YEAR_HEADING.match(title):
                name = heading_name(title)
                return self.names.get(name) or slug(name) or "unsorted", kind
        return "unsorted", kind

    def _heading(self, block: Block) -> None:
        title = (
            _NUMBERING.sub("", block.inline.text) if not _YEAR_HEADING.match(block.inline.text) else block.inline.text
        )
        while self.headings and self.headings[-1][0] >= block.level:
            self.headings.pop()
        self.headings.append((block.level, title.strip()))
        years = [t for _, t in self.headings if _YEAR_HEADING.match(t)]
        self.year = _YEAR_HEADING.match(years[-1]).group(1) if years else ""  # type: ignore[union-attr]

    # the walk -----------------------------------------------------------------------------------------------
    def run(self, blocks: list[Block]) -> None:
        segments: list[tuple[Block | None, list[Block]]] = [(None, [])]
        for block in blocks:
            if block.kind == "heading":
                segments.append((block, []))
            else:
                segments[-1][1].append(block)
        for heading, body in segments:
            if heading is not None:
                self._heading(heading)
            taken = len(self.items)
            for block in body:
                self._block(block)
            if heading is not None and len(self.items) == taken:
                self._heading_item(heading, body)

    def _block(self, block: Block) -> None:
        if block.kind == "list":
            if _is_toc(block):
                for link_line in _non_anchor_links(block):
                    self.left_out.append(LeftOut(link_line, "a link in the table of contents, not an item", False))
                return
            for item in block.children:
                self._list_item(item)
        elif block.kind == "row":
            self._row(block)
        elif block.kind == "para":
            self._paragraph(block)

    # list items ---------------------------------------------------------------------------------------------
    def _list_item(self, block: Block) -> None:
        own = [link for link in block.inline.links if _usable(link)]
        nested = [c for c in block.children if c.kind == "item"]
        fields = [c for c in nested if _labelled(c.inline)]
        nested_links = any(_usable(link) for c in fields for link in c.inline.links)
        if own or nested_links:
            self._item_from_list_item(block, fields, [c for c in block.children if c not in fields])
            return
        if nested and any(_has_link(c) for c in nested):
            for child in nested:  # a group bullet: its nested items are the items
                self._list_item(child)
            return
        if block.inline.text:  # a bullet of words, or a named item (`* 名称：`) whose fields hold no link
            self.left_out.append(LeftOut(block.line, "no link (a bullet of text)", False))

    def _item_from_list_item(self, block: Block, fields: list[Block], others: list[Block]) -> None:
        item = self._new_item(block.line, _last_line(self.lines, block.end))
        self._own_line(item, block.inline)
        for child in fields:
            labelled = _labelled(child.inline)
            assert labelled is not None
            self._field(item, labelled[0], labelled[1])
        for child in others:
            if child.kind == "item" and child.inline.links and not _labelled(child.inline):
                self._extra_links(item, child.inline.links)
            text = child.inline.text
            if child.kind == "item" and not child.inline.links and not item.fields.get("author") and _names(text):
                item.put("author", bibtex_authors(text))  # `- Dun Zeng, Yong Dai, …` under the title
            elif text:
                self._put_text(item, "note", text)
        self._finish(item)

    def _own_line(self, item: SeedItem, inline: Inline) -> None:
        """Title, links and words of the item's own line."""
        parts = [p for p in inline.parts if not p.badge and (p.kind != "text" or p.text.strip())]
        title_index = -1
        first = parts[0] if parts else None
        if first is not None and first.kind == "text" and _LEAD_HINT.match(first.text) and len(parts) > 1:
            hint = _LEAD_HINT.match(first.text)
            assert hint is not None
            item.put("seed_date", hint.group(1))  # `[2023 ICLR] **Title**`: the list's date and venue
            after = first.text[hint.end() :]
            parts = ([Part("text", after)] if after.strip() else []) + parts[1:]
            first = parts[0] if parts else None
        if (
            first is not None
            and first.kind == "link"
            and _usable(first)
            and not _label_of(first)
            and first.text.strip()
        ):
            title_index = 0
        elif any(p.kind == "bold" for p in parts):
            title_index = next(i for i, p in enumerate(parts) if p.kind == "bold")
        elif first is not None and first.kind == "text":
            title_index = 0
        if title_index >= 0:
            self._put_title(item, parts[title_index].text.strip().rstrip(":：").strip())
            if parts[title_index].kind == "link":
                self._put_link(item, "", parts[title_index].href)
        rest = [p for i, p in enumerate(parts) if i != title_index]
        self._extra_links(item, [p for p in rest if p.kind == "link"])
        words = "".join(p.text for p in rest if p.kind != "link").strip(" -–—:：|,，;；")
        if words:
            self._put_text(item, "note", words)

    def _field(self, item: SeedItem, label: str, value: Inline) -> None:
        """A labelled value in the field its label names; links it holds beside that go to the item's links."""
        name = _FIELD_LABELS.get(re.sub(r"\s+", "", label.lower().strip("*")), "")
        links = [link for link in value.links if _usable(link)]
        if name == "title" and (item.fields.get("title") or item.fields.get("title_zh")):
            name = ""  # `Dataset: [DROP](…), [ARC](…)` under a titled item: more links, not its title
        if name in _LINK_FIELDS and links:
            self._put_link(item, name, links[0].href)
            links = links[1:]
        elif name == "description":
            self._put_text(item, "abstract", _prose(value))
        elif name == "title":
            self._own_line(item, value)
            links = []
        elif name in ("keywords", "institution", "seed_date", "provider"):
            item.put(name, value.text)
        elif name == "author" and value.text:
            item.put("author", bibtex_authors(value.text))
        elif _prose(value) and not (name in _LINK_FIELDS and value.text in item.fields.values()):
            self._put_text(item, "note", f"{label.strip('* ')}: {_prose(value)}", by=_prose(value))
        self._extra_links(item, links)

    # table rows ---------------------------------------------------------------------------------------------
    def _row(self, block: Block) -> None:
        links = [link for cell in block.cells for link in cell.links if _usable(link)]
        if not links:
            if any(cell.text for cell in block.cells):
                self.left_out.append(LeftOut(block.line, "a table row without a link", False))
            return
        item = self._new_item(block.line, block.line)
        names = [_FIELD_LABELS.get(re.sub(r"\s+", "", h.lower().strip("*")), "") for h in block.header]
        if "title" not in names:  # no name column: a titled link (`[Attention Is All You Need](…)`) names the row
            titled = [i for i, c in enumerate(block.cells) if i < len(names) and _titled_link(c)]
            unnamed = [i for i, n in enumerate(names) if not n]
            pick = titled or unnamed or [0]
            if pick[0] < len(names):
                names[pick[0]] = "title"
        for index, cell in enumerate(block.cells):
            name = names[index] if index < len(names) else ""
            header = block.header[index] if index < len(block.header) else f"column {index + 1}"
            if name == "title":
                self._own_line(item, cell)
            elif name:
                self._field(item, header, cell)
            elif cell.text:
                self._extra_links(item, [link for link in cell.links if _usable(link)])
                self._put_text(item, "note", f"{header.strip('* ')}: {cell.text}", by=cell.text)
        self._finish(item)

    # paragraphs and headings --------------------------------------------------------------------------------
    def _paragraph(self, block: Block) -> None:
        parts = [p for p in block.inline.parts if not p.badge and (p.kind != "text" or p.text.strip())]
        if parts and parts[0].kind == "link" and _usable(parts[0]) and not block.quote:
            item = self._new_item(block.line, _last_line(self.lines, block.end))
            self._own_line(item, block.inline)
            self._finish(item)
            return
        usable = [link for link in block.inline.links if _usable(link)]
        if usable and not _labelled(block.inline):
            self.left_out.append(LeftOut(block.line, "a link in running text, not an item", False))

    def _heading_item(self, heading: Block, body: list[Block]) -> None:
        """A heading with no items under it is an item when it or a labelled line under it has a link."""
        own = [link for link in heading.inline.links if _usable(link)]
        labelled = [b for b in body if b.kind == "para" and _labelled(b.inline) and b.inline.links]
        if not own and not labelled:
            return
        end = max([heading.line, *(b.end for b in body)])
        item = self._new_item(heading.line, _last_line(self.lines, end), own_heading=True)
        self.left_out = [lo for lo in self.left_out if not heading.line <= lo.line <= end]
        self._put_title(item, _NUMBERING.sub("", heading.inline.text))
        for link in own:
            self._put_link(item, "", link.href)
        for block in body:
            field = _labelled(block.inline) if block.kind == "para" else None
            if field and block.inline.links:
                self._field(item, field[0] if not field[0].endswith("地址") else "地址", field[1])
                if field[1].text and not field[1].links:
                    self._put_text(item, "note", field[1].text)
                continue
            text = block.inline.text if block.kind == "para" else ""
            if text:
                self._put_text(item, "abstract", text)
        self._finish(item)

    # fields -------------------------------------------------------------------------------------------------
    def _new_item(self, line: int, end: int, own_heading: bool = False) -> SeedItem:
        section, kind = self._section(skip_last=own_heading)
        item = SeedItem("", section, line, kind=kind)
        item.end = max(line, end)
        if self.year:
            item.put("list_year", self.year)
        return item

    def _put_title(self, item: SeedItem, title: str) -> None:
        title = re.sub(r"\s+", " ", title).strip()
        if title:
            item.put("title_zh" if _is_cjk(title) else "title", title)

    def _put_text(self, item: SeedItem, name: str, text: str, by: str = "") -> None:
        """A description or a note, in the field of the language it is written in (`by`: the words that say which,
        when a label comes first); a second one is appended."""
        text = text.strip()
        if not text:
            return
        name = f"{name}_zh" if _is_cjk(by or text) else name
        if item.fields.get(name):
            item.fields[name] += "\n" + text
        else:
            item.put(name, text)

    def _put_link(self, item: SeedItem, name: str, href: str) -> None:
        """A link in its field (`url` first, then by what it is), its ids in theirs; more links in `links`."""
        href = href.strip()
        for field, value in link_ids(href).items():
            item.fields.setdefault(field, value)
        if name in ("", "url", "paper"):
            name = "url" if not item.fields.get("url") else (link_role(href) or "other")
        if name in _LINK_FIELDS and not item.fields.get(name):
            item.fields[name] = href
        elif href not in item.fields.values():
            self._add_other(item, href)

    def _extra_links(self, item: SeedItem, links: list[Part]) -> None:
        for link in links:
            if not _usable(link):
                continue
            label = _label_of(link)
            role = {"paper": "url", "data": ""}.get(label, label) if label else link_role(link.href)
            role = "url" if role == "paper" else role
            self._put_link(item, role if role in _LINK_FIELDS else "other", link.href)

    def _add_other(self, item: SeedItem, href: str) -> None:
        others = [u for u in item.fields.get("links", "").split(" ") if u]
        if href not in others:
            item.fields["links"] = " ".join([*others, href])

    def _finish(self, item: SeedItem) -> None:
        """The item's kind: its section's words, else a paper link makes a paper, only code makes software."""
        has_paper = bool(item.fields.get("eprint") or item.fields.get("doi") or item.fields.get("openreview"))
        has_paper = has_paper or link_role(item.fields.get("url", "")) == "paper"
        if item.kind in ("dataset", "benchmark", "competition", "link", "toolkit", "product", "blog"):
            pass
        elif has_paper:
            item.kind = "paper"
        elif item.kind == "model-list":  # under a heading of models: one model's repository is software
            title = item.fields.get("title", "") + item.fields.get("title_zh", "")
            item.kind = "model-list" if _A_LIST.search(title) else "software"
        elif (item.fields.get("code") and not item.fields.get("url")) or link_role(
            item.fields.get("url", "")
        ) == "code":
            item.kind = "software"
        else:
            item.kind = item.kind or "web"
        if not item.fields.get("url"):
            for name in ("code", "project", "demo", "blog"):
                if item.fields.get(name):
                    item.fields["url"] = item.fields[name]
                    break
        if not item.fields.get("url") and item.fields.get("links"):
            item.fields["url"] = item.fields["links"].split(" ")[0]
        if item.fields.get("links"):
            kept = [u for u in item.fields["links"].split(" ") if u and u not in _values(item, _LINK_FIELDS)]
            item.fields["links"] = " ".join(kept)
            if not kept:
                del item.fields["links"]
        self.items.append(item)


_NAME = re.compile(r"[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){1,4}")  # `Dun Zeng`, `Derrick Goh Xin Deik`
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|，|、|\band\b)\s*")


_TOPIC_WORDS = frozenset(  # capitalised words of a keyword line, never of a person's name
    str.split(
        "learning model models language network networks reinforcement feedback human preference preferences alignment"
        " data dataset training deep neural large reward policy optimization inference agent agents vision text"
        " generation transformer transformers university institute lab laboratory research inc ltd company corporation"
        " academy college school team group"
    )
)


def _names(text: str) -> list[str]:
    """The people a line lists (`A B, C D, and E F`, `… et al.`), or [] unless every part is shaped like a name
    (two to five capitalised words, no digits, no topic word): a line of keywords or a publisher is no author line."""
    text = text.strip().rstrip(".…")
    etal = bool(re.search(r"\s*\bet\s+al$", text))
    parts = [p.strip() for p in _NAME_SEPARATORS.split(re.sub(r"\s*\bet\s+al$", "", text)) if p.strip()]
    shaped = all(
        _NAME.fullmatch(n) and all(w[0].isupper() and w.lower() not in _TOPIC_WORDS for w in n.split()) for n in parts
    )
    return parts + (["others"] if etal else []) if len(parts) >= 1 + (not etal) and shaped else []


def bibtex_authors(text: str) -> str:
    """`A B, C D and E F` -> `A B and C D and E F` (BibTeX's form); a text that is no list of names stays as is."""
    return " and ".join(_names(text)) or text.strip()


_EMPTY_PARENS = re.compile(r"\s*[(（]\s*[)）]")
_A_LIST = re.compile(r"awesome|\blist\b|\bzoo\b|列表|汇总|合集|大全", re.I)  # a list of models, not one model


def _prose(inline: Inline) -> str:
    """The words of an inline without its bare URLs (a link whose words are its address is kept as a link)."""
    words = "".join(p.text for p in inline.parts if not p.badge and not (p.kind == "link" and p.text == p.href))
    return _EMPTY_PARENS.sub("", words).strip()  # `[中医药知识图谱] (url)`: no `()` left where the address was


def _titled_link(cell: Inline) -> bool:
    parts = [p for p in cell.parts if not p.badge and (p.kind != "text" or p.text.strip())]
    return bool(parts) and parts[0].kind == "link" and _usable(parts[0]) and not _label_of(parts[0])


def _values(item: SeedItem, names: tuple[str, ...]) -> set[str]:
    return {item.fields[name] for name in names if item.fields.get(name)}


def _has_link(block: Block) -> bool:
    return any(_usable(link) for link in block.inline.links) or any(_has_link(c) for c in block.children)


def _all_links(block: Block) -> list[tuple[int, Part]]:
    found = [(block.line, link) for link in block.inline.links]
    for child in block.children:
        found += _all_links(child)
    return found


def _is_toc(block: Block) -> bool:
    """A list whose links mostly point inside the page (`#anchor`) is a table of contents."""
    links = _all_links(block)
    anchors = [link for _, link in links if link.href.startswith("#")]
    return bool(links) and len(anchors) * 2 >= len(links)


def _non_anchor_links(block: Block) -> list[int]:
    return [line for line, link in _all_links(block) if _usable(link)]


def _last_line(lines: list[str], end: int) -> int:
    """The last line of a span that is not blank (markdown-it counts the blank lines after an item in it)."""
    while end > 1 and end <= len(lines) and not lines[end - 1].strip():
        end -= 1
    return min(end, len(lines))


def section_titles(outline: Iterable[object]) -> dict[str, str]:
    """Each section's heading as the list writes it, by the section's slug (`zhongwen` -> `中文`), from a list's own
    lines (`papers.sections`): what a person reads where a section is named; the slug stays the key."""
    text = "\n".join(line for line in outline if isinstance(line, str))
    titles: dict[str, str] = {}
    for block in read_blocks(text):
        if block.kind != "heading" or _YEAR_HEADING.match(block.inline.text):
            continue
        name = heading_name(_NUMBERING.sub("", block.inline.text).strip())
        key = slug(name)
        if key and name and name != key:
            titles.setdefault(key, name)
    return titles
