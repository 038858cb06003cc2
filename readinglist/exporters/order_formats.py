"""A reading order as Markdown (a checklist for people), JSON, CSV, BibTeX and CSL-JSON (for Zotero)."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..models import Entry, last_name, split_authors
from ..order import ReadingOrder
from ..store.bibfile import render_entry

FORMATS = ("md", "json", "csv", "bib", "csl-json")


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[。！？!?]|.+?\.(?=\s|$))", text.strip(), re.S)
    return (match.group(1) if match else text.strip()).strip()


def authors_short(entry: Entry) -> str:
    names = entry.authors
    if not names:
        return ""
    return names[0] + (" et al." if len(names) > 1 else "")


def render_order(order: ReadingOrder, fmt: str) -> str:
    renderers = {
        "md": render_markdown,
        "json": render_json,
        "csv": render_csv,
        "bib": render_bibtex,
        "csl-json": render_csl_json,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return renderers[fmt](order)


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


def render_bibtex(order: ReadingOrder) -> str:
    return "\n\n".join(render_entry(item.entry, {}, item.entry.entry_type, "") for item in order.items) + "\n"


CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "techreport": "report",
    "online": "webpage",
    "misc": "article",
}


def csl_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": entry.key,
        "type": CSL_TYPES.get(entry.entry_type, "article"),
        "title": entry.title or entry.get("title_zh"),
    }
    authors = []
    for name in split_authors(entry.get("author")):
        family = last_name(name)
        given = (
            name.replace("{", "").replace("}", "").removesuffix(family).strip()
            if "," not in name
            else name.partition(",")[2].strip()
        )
        authors.append({"family": family, "given": given} if given else {"literal": family})
    if authors:
        item["author"] = authors
    if entry.year:
        item["issued"] = {"date-parts": [[entry.year, entry.month] if entry.month else [entry.year]]}
    if entry.venue:
        item["container-title"] = entry.venue
    for source, target in (("doi", "DOI"), ("url", "URL"), ("abstract", "abstract"), ("pages", "page")):
        if entry.get(source):
            item[target] = entry.get(source)
    if entry.get("eprint"):
        item["number"] = f"arXiv:{entry.get('eprint')}"
        item.setdefault("URL", f"https://arxiv.org/abs/{entry.get('eprint')}")
    if entry.get("title_zh"):
        item["note"] = entry.get("title_zh")
    return item


def render_csl_json(order: ReadingOrder) -> str:
    return json.dumps([csl_item(item.entry) for item in order.items], ensure_ascii=False, indent=1) + "\n"
