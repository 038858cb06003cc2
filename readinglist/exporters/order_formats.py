"""A reading order as Markdown (a checklist for people), JSON and CSV; BibTeX and CSL-JSON live beside it."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..models import Entry
from ..order import ReadingOrder
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


def render_markdown(order: ReadingOrder) -> str:
    title = "Reading order" + (f" for {', '.join(order.targets)}" if order.targets else "")
    lines = [f"# {title}", "", f"{len(order.items)} papers, each after what it builds on.", ""]
    for number, item in enumerate(order.items, start=1):
        entry = item.entry
        heading = entry.title or entry.get("title_zh") or entry.key
        meta = ", ".join(p for p in (authors_short(entry), str(entry.year or "")) if p)
        link = entry.best_link()
        check = "x" if entry.status == "read" else " "
        lines.append(
            f"{number}. [{check}] **{_md(heading)}**"
            + (f" — {_md(meta)}" if meta else "")
            + (f" · [link]({link})" if link else "")
            + f" `{entry.key}`"
        )
        zh = " — ".join(p for p in (entry.get("title_zh"), first_sentence(entry.get("abstract_zh"))) if p)
        if zh:
            lines.append(f"   - {_md(zh)}")
        lines.append(f"   - *Why:* {_md(item.reason)}")
    if order.set_aside:
        lines += [
            "",
            "Citation cycles set aside (a paper citing a later one): "
            + ", ".join(f"{a} → {b}" for a, b in order.set_aside),
        ]
    return "\n".join(lines) + "\n"


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
            "reason": item.reason,
            **item.entry.fields,
        }
        for n, item in enumerate(order.items, start=1)
    ]


def render_json(order: ReadingOrder) -> str:
    records = order_records(order)
    for record in records:
        record["title"] = record["title"] or record.get("title_zh", "")
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


CSV_COLUMNS = ("position", "key", "title", "title_zh", "authors", "year", "venue", "link", "status", "reason")


def render_csv(order: ReadingOrder) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for n, item in enumerate(order.items, start=1):
        e = item.entry
        writer.writerow(
            [
                n,
                e.key,
                e.title,
                e.get("title_zh"),
                "; ".join(e.authors),
                e.year or "",
                e.venue,
                e.best_link(),
                e.status,
                item.reason,
            ]
        )
    return buffer.getvalue()
