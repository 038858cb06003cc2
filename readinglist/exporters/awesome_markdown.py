"""The library written back as its awesome list: the list's own lines from `papers.sections`, each item's
lines filled from papers.bib, and a facts line per paper so the export stands alone.

Each paper's first placement gets a visible facts line (`- 论文：Ouyang et al., NeurIPS 2022 · arXiv:2203.02155`)
and an HTML comment with the facts in JSON (`<!-- readinglist {"key": ...} -->`, invisible on GitHub), so
`import-markdown` of the export recovers keys, types, ids, authors, venues and citations without `--facts`.
"""

from __future__ import annotations

import json
import re

from ..importers.markdown import META_FIELDS, SLOT
from ..importers.outline import Outline, Placement
from ..models import Entry
from ..names import parse_persons
from ..paper import cite_name

ADDED_HEADING = "## 新增条目 (added in readinglist)"
RESOURCE_HEADINGS = {  # kind -> a heading whose words import as that kind
    "benchmark": "评测 Benchmarks",
    "competition": "比赛 Competitions",
    "dataset": "数据集 Datasets",
    "model-list": "预训练模型 Models",
    "toolkit": "工具 Toolkits",
    "product": "产品 Products",
    "blog": "博客 Blogs",
    "link": "友情链接 Links",
}


def render_awesome_list(entries: list[Entry], outline: Outline | None = None) -> str:
    """The list as imported, with the library's values; entries the list never held come last."""
    by_key = {entry.key: entry for entry in entries}
    lines: list[str] = []
    written: set[str] = set()
    for part in outline or []:
        if isinstance(part, str):
            lines.append(part)
            continue
        entry = by_key.get(part.key)
        if entry is None:
            continue  # the entry was deleted from the library: its placement goes with it
        lines += _placement_lines(entry, part, first=part.key not in written)
        written.add(part.key)
    rest = [entry for entry in entries if entry.key not in written]
    papers = [entry for entry in rest if entry.kind not in RESOURCE_HEADINGS or _in_papers_section(entry)]
    if papers:
        lines += ["", ADDED_HEADING, ""] if outline else ["# readinglist", "", "## 5. 相关论文", ""]
        lines += _default_lines(papers)
    for number, (kind, heading) in enumerate(RESOURCE_HEADINGS.items(), start=10):
        of_kind = [entry for entry in rest if entry.kind == kind and not _in_papers_section(entry)]
        if of_kind:
            lines += ["", f"## {number}. {heading}", ""]
            lines += _resource_lines(of_kind)
    return "\n".join(line.rstrip() for line in lines) + "\n"  # the list's own blank lines stay, to the last


def _fill(template: str, entry: Entry) -> str:
    return SLOT.sub(lambda m: entry.get(m.group(1)).replace("\n", "\n  "), template)


def _placement_lines(entry: Entry, placement: Placement, *, first: bool) -> list[str]:
    lines = [_fill(line, entry) for line in placement.lines]
    if first and lines and not lines[0].lstrip().startswith("|"):
        lines[1:1] = facts_lines(entry)
    return [part for line in lines for part in line.split("\n")]


def facts_lines(entry: Entry) -> list[str]:
    """The compact visible facts line (papers only) and the comment that carries the facts."""
    lines = []
    if entry.kind == "paper":
        summary = facts_summary(entry)
        if summary:
            lines.append(f"- 论文：{summary}")
    if any(entry.get(name) for name in META_FIELDS if name not in ("kind", "blog_label")):
        lines.append(f"<!-- readinglist {entry_meta(entry)} -->")  # facts the list's own text does not hold
    return lines


def facts_summary(entry: Entry) -> str:
    """`Ouyang et al., NeurIPS 2022 · arXiv:2203.02155 · DOI:...`"""
    people = parse_persons(entry.get("author"))
    names = [cite_name(p) for p in people.persons]  # `Nov et al., arXiv 2023`: the venue keeps it from a date
    more = " et al." if len(names) > 2 or people.more else f" and {names[1]}" if len(names) == 2 else ""
    who = names[0] + more if names else ""
    year = str(entry.year or "")
    venue = short_venue(entry.venue)
    where = venue if year and year in venue else " ".join(p for p in (venue, year) if p)
    ids = []
    if entry.get("eprint"):
        ids.append(f"arXiv:{entry.get('eprint')}")
    if entry.get("doi"):
        ids.append(f"DOI:{entry.get('doi')}")
    head = ", ".join(p for p in (who, where) if p)
    return " · ".join(p for p in (head, *ids) if p)


def short_venue(venue: str) -> str:
    """`Advances in ... 35 (NeurIPS 2022)` -> `NeurIPS 2022`; `Nature Medicine 25:24-29` -> `Nature Medicine`."""
    venue = re.sub(r"\s+", " ", venue).strip()
    if venue.lower().startswith("arxiv preprint"):
        return "arXiv"
    named = re.search(r"\(([A-Z][A-Za-z\-]*(?: [A-Z][A-Za-z]*)? (?:19|20)\d\d)\b", venue)
    if named:
        return named.group(1)
    head = re.sub(r"^Proceedings of (the )?", "", re.split(r"[(,:;]", venue)[0].strip())
    return re.sub(r"\s+\d{1,3}$", "", head)


def entry_meta(entry: Entry) -> str:
    """The entry's key, type and facts as one-line JSON, safe inside an HTML comment."""
    data = {"key": entry.key, "entry_type": entry.entry_type}
    data.update({name: entry.get(name) for name in META_FIELDS if entry.get(name)})
    if data.get("title") == entry.get("title_zh"):
        del data["title"]  # the list's own name, which the heading carries (the import makes it the title again)
    return json.dumps(data, ensure_ascii=False).replace("--", "-\\u002d")


def _id_key(seed_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", seed_id))


def _default_lines(entries: list[Entry]) -> list[str]:
    """Entries without a placement: numbered headings in seed-id order, in the seed's item shape."""
    lines: list[str] = []
    ordered = sorted(entries, key=lambda e: _id_key(e.list_field("seed_id")[0] if e.list_field("seed_id") else ""))
    for number, entry in enumerate(ordered, start=1):
        seed_id = (entry.list_field("seed_id") or [f"{number}."])[0]  # an entry the list never held: numbered here
        title = entry.get("title_zh") or entry.title or entry.key
        link = entry.get("blog") or entry.get("url") or ""
        heading = f"[{title}]({link})" if link else title
        if entry.get("seed_date"):
            heading += f"({entry.get('seed_date')})"
        if entry.get("note_zh"):
            heading += f" {entry.get('note_zh')}"
        lines += [f"### {seed_id} {heading}".replace("  ", " "), *facts_lines(entry), ""]
        for field, label in (("url", "论文地址"), ("blog", "Blog"), ("code", "代码地址")):
            if entry.get(field):
                lines.append(f"- {label}：{entry.get(field)}")
        if entry.get("abstract_zh") or entry.get("description_zh"):
            text = entry.get("abstract_zh") or entry.get("description_zh")
            lines.append(f"- 摘要翻译：{text.replace(chr(10), chr(10) + '  ')}")
        if entry.get("abstract"):
            lines.append(f"- 论文摘要：{entry.get('abstract')}")
        if entry.get("highlight_zh"):
            lines.append(f"- **重点：{entry.get('highlight_zh')}**")
        lines.append("")
    return lines


def _resource_lines(entries: list[Entry]) -> list[str]:
    """Resources without a placement: one heading each, with their columns as labelled bullets."""
    lines: list[str] = []
    for number, entry in enumerate(entries, start=1):
        title = entry.get("title_zh") or entry.title or entry.key
        link = entry.get("url") or entry.get("code")
        lines += [f"### {number}. [{title}]({link})" if link else f"### {number}. {title}", *facts_lines(entry), ""]
        if entry.get("code") and entry.get("code") != link:
            lines.append(f"- [项目地址]({entry.get('code')})")
        if entry.get("provider"):
            lines.append(f"- 来源：{entry.get('provider')}")
        if entry.get("description_zh"):
            lines.append(f"- 项目说明：{entry.get('description_zh')}")
        lines.append("")
    return lines


def _in_papers_section(entry: Entry) -> bool:
    """A blog post listed among the papers (seed ids of other sections start with `s`)."""
    seed_ids = entry.list_field("seed_id")
    return entry.kind == "blog" and bool(seed_ids) and not seed_ids[0].startswith("s")
