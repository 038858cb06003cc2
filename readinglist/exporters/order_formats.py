"""A reading order as Markdown (a checklist for people), JSON and CSV; BibTeX and CSL-JSON live beside it."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..listing import authors_text, paper_record
from ..models import Entry
from ..order import TIER_LETTERS, TIERS, OrderItem, ReadingOrder
from ..paper import paper_of
from .formats import ORDER_FORMATS, format_for


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[。！？!?]|.+?\.(?=\s|$))", text.strip(), re.S)
    return (match.group(1) if match else text.strip()).strip()


KIND_WORDS = {"blog": "blog post"}


def authors_short(entry: Entry) -> str:
    names = paper_of(entry).authors
    if not names:
        return ""
    return names[0] + (" et al." if len(names) > 1 else "")


def byline(entry: Entry) -> str:
    """`Paul F. Christiano et al.`, or what an authorless entry is (`blog post`), never an empty gap."""
    kind = entry.kind
    return authors_short(entry) or (KIND_WORDS.get(kind, kind) if kind != "paper" else "")


def start_name(entry: Entry) -> str:
    """How "start here" names a paper: `Christiano et al. 2017`, or `Efficient feedback (blog post, 2015)`."""
    paper = paper_of(entry)
    if paper.persons or paper.aka:
        return paper.name
    what = ", ".join(p for p in (byline(entry), str(entry.year or "")) if p)
    return paper.heading + (f" ({what})" if what else "")


def numbering_note(order: ReadingOrder) -> str:
    """How to read the numbers: the core in order; B and F papers when a core paper leans on them."""
    core = len(order.core)
    if all(item.tier == "core" for item in order.items):
        return "Numbered in reading order: each after what it builds on or cites."
    side = " and ".join(f"{TIER_LETTERS[t]}1, {TIER_LETTERS[t]}2…" for t in TIERS[1:] if order.in_tier(t))
    core_part = f"Read the core in order, 1 to {core}: each after what it builds on or cites. " if core else ""
    return (
        core_part + f"Background and further papers ({side}) are numbered within their tier; "
        "each says which core paper first leans on it: look it up when you get there."
    )


def start_line(order: ReadingOrder) -> str:
    """`Start here: 1. Christiano et al. 2017.`, or '' without a core paper."""
    start = next((item for item in order.items if item.start_here), None)
    return f"Start here: {start.label}. {start_name(start.entry)}." if start else ""


def before_core_text(order: ReadingOrder, item: OrderItem) -> str:
    """`before core 11 (InstructGPT)` for a background or further paper, '' otherwise."""
    if item.before_core is None:
        return ""
    return f"before core {item.before_core} ({paper_of(order.core[item.before_core - 1]).name})"


def render_order(order: ReadingOrder, fmt: str, **options: Any) -> str:
    """Render through the format registry (`exporters/formats.py`); options such as `style` go to the format."""
    return format_for(fmt, ORDER_FORMATS).render(order, **options)


TIER_HEADINGS = {
    "core": "Core: the curated lineage and the papers it relies on most",
    "background": "Background: other papers the lineage cites directly",
    "further": "Further: distant or outside the lineage; skip them on a first pass",
}
TIER_HEADINGS_ZH = {"core": "核心", "background": "背景", "further": "延伸"}


def render_markdown(order: ReadingOrder) -> str:
    """A checklist in tiers: the core numbered 1..N in reading order, background B1…, further F1…"""
    title = "Reading order" + (f" for {', '.join(order.target_names)}" if order.target_names else "")
    counts = ", ".join(f"{len(order.in_tier(t))} {t}" for t in TIERS if order.in_tier(t))
    if not order.items:
        return f"# {title}\n\nNothing left to read: every paper of this order is marked read.\n"
    lines = [f"# {title}", "", f"{len(order.items)} papers ({counts}). {numbering_note(order)}", ""]
    start = start_line(order)
    if start:
        lines += [_md(start), ""]
    for tier in TIERS:
        members = order.in_tier(tier)
        if not members:
            continue
        lines += [f"## {TIER_HEADINGS[tier]} ({TIER_HEADINGS_ZH[tier]}, {len(members)})", ""]
        for _, item in members:
            lines += _markdown_item(item, before_core_text(order, item))
        lines.append("")
    if order.left_out:
        lines += [_md(order.left_out_summary()) + ".", ""]
    if order.cycle_notes:
        lines += ["Citation cycles: " + "; ".join(_md(note) for note in order.cycle_notes) + ".", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_item(item: OrderItem, before: str) -> list[str]:
    entry = item.entry
    heading = paper_of(entry).heading
    meta = ", ".join(p for p in (byline(entry), str(entry.year or "")) if p)
    link = entry.best_link()
    check = "x" if entry.status == "read" else " "
    lines = [
        f"- [{check}] {item.label}. **{_md(heading)}**"
        + (f" — {_md(meta)}" if meta else "")
        + (f" · [link]({link})" if link else "")
        + f" `{entry.key}`"
        + (" · **start here**" if item.start_here else "")
        + (f" · {_md(before)}" if before else "")
    ]
    zh = " — ".join(p for p in (entry.get("title_zh"), first_sentence(entry.get("abstract_zh"))) if p)
    if zh:
        lines.append(f"  - {_md(zh)}")
    lines.append(f"  - *Why:* {_md(item.reason)}")
    if item.reason_zh:
        lines.append(f"  - *为什么读：* {_md(item.reason_zh)}")
    return lines


def _md(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def order_records(order: ReadingOrder) -> list[dict[str, Any]]:
    """Each item in the published shape (readinglist/schemas/order.json): its place and reason, then the entry's
    record as `list --format json` gives it."""
    return [
        {
            "position": n,
            "tier": item.tier,
            "label": item.label,
            "tier_position": item.tier_position,
            "before_core": item.before_core,
            "reason": item.reason,
            "reason_zh": item.reason_zh,
            **paper_record(item.entry),
        }
        for n, item in enumerate(order.items, start=1)
    ]


def render_json(order: ReadingOrder) -> str:
    records = order_records(order)
    if not records:
        return "[]\n"
    # One record per line: readable, diffable, and written by json's C encoder (indent= forces the slow one).
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"


CSV_COLUMNS = (
    "position",
    "tier",
    "key",
    "title",
    "title_zh",
    "authors",
    "year",
    "venue",
    "link",
    "status",
    "reason",
    "reason_zh",
    "label",
    "tier_position",
    "before_core",
)


def render_csv(order: ReadingOrder) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for n, item in enumerate(order.items, start=1):
        e = item.entry
        writer.writerow(
            [
                n,
                item.tier,
                e.key,
                e.title,
                e.get("title_zh"),
                authors_text(e),
                e.year or "",
                e.venue,
                e.best_link(),
                e.status,
                item.reason,
                item.reason_zh,
                item.label,
                item.tier_position,
                item.before_core or "",
            ]
        )
    return buffer.getvalue()
