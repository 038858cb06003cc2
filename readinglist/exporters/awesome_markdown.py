"""The library written back as an awesome-list README in the seed's shape, so importing it gives the same entries."""

from __future__ import annotations

from ..models import Entry

SECTION_TITLES = {
    "rlhf": "RLHF",
    "gpt": "GPT-x 及其变体",
    "infra": "硬件资源和调度",
    "clinical-llm": "后ChatGPT时代 论文",
    "survey": "综述类文章",
    "archive": "2021前仓库论文总结存档",
}


def _id_key(seed_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in seed_id.split("."))


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


def render_awesome_list(entries: list[Entry]) -> str:
    """Items in seed-id order under numbered group headings; archive items as bold titles."""
    placed = sorted(((sid, e) for e in entries for sid in e.list_field("seed_id")), key=lambda p: _id_key(p[0]))
    lines = ["# readinglist", "", "## 5. 相关论文", ""]
    opened: set[str] = set()
    for seed_id, entry in placed:
        parts = seed_id.split(".")
        bold = entry.list_field("section")[:1] == ["archive"] and len(parts) == 3
        groups = parts[:-1]
        for depth in range(1, len(groups) + 1):
            prefix = ".".join(groups[:depth])
            if prefix not in opened:
                opened.add(prefix)
                title = SECTION_TITLES.get(entry.list_field("section")[0], "") if entry.list_field("section") else ""
                lines += [f"{'#' * (2 + depth)} {prefix} {title}".rstrip(), ""]
        lines += _item_lines(entry, seed_id, bold, len(parts))
    return "\n".join(lines).rstrip() + "\n"


def _item_lines(entry: Entry, seed_id: str, bold: bool, depth: int) -> list[str]:
    if bold:
        lines = [f"**{entry.get('title_seed') or entry.title}**", ""]
        if entry.get("url"):
            lines += [f"[论文地址]({entry.get('url')})", ""]
        if entry.get("blog"):
            lines += [f"[{entry.get('blog_label') or 'Blog'}]({entry.get('blog')})", ""]
        if entry.get("abstract_zh"):
            lines += [f"论文概要：{entry.get('abstract_zh')}", ""]
        if entry.get("abstract"):
            lines += [f"论文摘要：{entry.get('abstract')}", ""]
        return lines
    title = entry.get("title_zh") or entry.title
    link = entry.get("blog") or entry.get("url") or ""
    heading = f"[{title}]({link})" if link else title
    if entry.get("seed_date"):
        heading += f"({entry.get('seed_date')})"
    if entry.get("note_zh"):
        heading += f" {entry.get('note_zh')}"
    lines = [f"{'#' * min(6, 2 + depth)} {seed_id} {heading}", ""]
    for field, label in (("url", "论文地址"), ("blog", "Blog"), ("code", "代码地址")):
        if entry.get(field):
            lines.append(f"- {label}：{entry.get(field)}")
    if entry.get("abstract_zh"):
        lines.append(f"- 摘要翻译：{_indent(entry.get('abstract_zh'))}")
    if entry.get("abstract"):
        lines.append(f"- 论文摘要：{entry.get('abstract')}")
    if entry.get("highlight_zh"):
        lines.append(f"- **重点：{entry.get('highlight_zh')}**")
    return [*lines, ""]
