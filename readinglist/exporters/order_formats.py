"""A reading order as Markdown (a checklist for people), JSON and CSV; BibTeX and CSL-JSON live beside it."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..models import Entry
from ..order import TIERS, OrderItem, ReadingOrder, short_name
from .formats import ORDER_FORMATS, format_for


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[。！？!?]|.+?\.(?=\s|$))", text.strip(), re.S)
    return (match.group(1) if match else text.strip()).strip()


def authors_short(entry: Entry) -> str:
    names = entry.authors
    if not names:
        return ""
    return names[0] + (" et al." if len(names) > 1 else "")


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
    """A checklist in tiers; each paper keeps its number in the whole order, so prerequisites stay visible."""
    title = "Reading order" + (f" for {', '.join(order.target_names)}" if order.target_names else "")
    counts = ", ".join(f"{len(order.in_tier(t))} {t}" for t in TIERS if order.in_tier(t))
    if not order.items:
        return f"# {title}\n\nNothing left to read: every paper of this order is marked read.\n"
    lines = [
        f"# {title}",
        "",
        f"{len(order.items)} papers ({counts}), numbered in reading order: each after what it builds on or cites.",
        "",
    ]
    start = next((n for n, item in enumerate(order.items, start=1) if item.start_here), None)
    if start:
        lines += [f"Start here: {start}. {_md(short_name(order.items[start - 1].entry))}.", ""]
    for tier in TIERS:
        members = order.in_tier(tier)
        if not members:
            continue
        lines += [f"## {TIER_HEADINGS[tier]} ({TIER_HEADINGS_ZH[tier]}, {len(members)})", ""]
        for number, item in members:
            lines += _markdown_item(number, item)
        lines.append("")
    if order.left_out:
        lines += [_md(order.left_out_summary()) + ".", ""]
    if order.cycle_notes:
        lines += ["Citation cycles: " + "; ".join(_md(note) for note in order.cycle_notes) + ".", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_item(number: int, item: OrderItem) -> list[str]:
    entry = item.entry
    heading = entry.title or entry.get("title_zh") or entry.key
    meta = ", ".join(p for p in (authors_short(entry), str(entry.year or "")) if p)
    link = entry.best_link()
    check = "x" if entry.status == "read" else " "
    lines = [
        f"- [{check}] {number}. **{_md(heading)}**"
        + (f" — {_md(meta)}" if meta else "")
        + (f" · [link]({link})" if link else "")
        + f" `{entry.key}`"
        + (" · **start here**" if item.start_here else "")
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
    return [
        {
            "position": n,
            "key": item.key,
            "type": item.entry.entry_type,
            "title": item.entry.title,
            "year": item.entry.year,
            "tier": item.tier,
            "reason": item.reason,
            "reason_zh": item.reason_zh,
            **item.entry.fields,
        }
        for n, item in enumerate(order.items, start=1)
    ]


def render_json(order: ReadingOrder) -> str:
    records = order_records(order)
    for record in records:
        record["title"] = record["title"] or record.get("title_zh", "")
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
                "; ".join(e.authors),
                e.year or "",
                e.venue,
                e.best_link(),
                e.status,
                item.reason,
                item.reason_zh,
            ]
        )
    return buffer.getvalue()
