"""Reading-order page: tiers with headers, linked titles first, the reason under each, progress and read boxes."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from ..exporters.formats import ORDER_FORMATS
from ..exporters.order_formats import TIER_HEADINGS, TIER_HEADINGS_ZH, authors_short
from ..graph import entry_of
from ..layout import section_lanes
from ..order import TIERS, OrderItem, reading_order, short_name
from .data import DEFAULT_FOCUS, load_graph, set_status
from .safe_text import md_link, md_text

TIER_HELP = {
    "core": "Read these: the curated lineage and the papers it relies on most.",
    "background": "Other papers the lineage cites directly: read them when a core paper leans on them.",
    "further": "Distant prerequisites or papers outside the lineage: skip them on a first pass.",
}


def target_label(graph: nx.DiGraph, key: str) -> str:
    """What the target picker shows and filters on: common name, author and year, title."""
    entry = entry_of(graph, key)
    name = short_name(entry)
    parts = [name] + ([entry.short_label] if name != entry.short_label else []) + [entry.title or entry.get("title_zh")]
    return " — ".join(p for p in parts if p)[:100]


def page() -> None:
    graph = load_graph()
    st.title("Reading order")
    st.caption(
        "Everything the targets build on or cite, numbered so each paper comes after its prerequisites, "
        "in three tiers: core, background, further. Tick a paper when you have read it."
    )
    keys = sorted(graph)
    default = [DEFAULT_FOCUS] if DEFAULT_FOCUS in graph else []
    top = st.columns([5, 3, 1.8, 1.6], vertical_alignment="bottom")
    targets = top[0].multiselect(
        "Targets (type a name: InstructGPT, GPT-3, a title word…)",
        keys,
        default=default,
        format_func=lambda k: target_label(graph, k),
        key="targets",
    )
    sections = top[1].multiselect("Sections (when no target)", section_lanes(graph), key="order_sections")
    budget = top[2].number_input("Budget (0 = all)", 0, 500, 0, key="budget")
    unread = top[3].checkbox("Unread only", key="unread")
    order = reading_order(graph, targets, sections, unread, int(budget) or None)
    whole = order if not unread else reading_order(graph, targets, sections, False, int(budget) or None)
    read = sum(item.entry.status == "read" for item in whole.items)
    total = len(whole.items)
    st.progress(read / total if total else 0.0, text=f"{read} of {total} read")
    start = next((n for n, item in enumerate(order.items, start=1) if item.start_here), 0)
    if start > 1:
        st.caption(
            md_text(f"Start here: {start}. {short_name(order.items[start - 1].entry)}.")
            + " The papers numbered before it are background or further reading: open them when a core paper "
            "leans on them."
        )
    for note in order.cycle_notes:
        st.caption(md_text(note))
    if order.left_out:
        st.caption(md_text(order.left_out_summary()))
    download_columns = st.columns(len(ORDER_FORMATS))
    for column, export in zip(download_columns, ORDER_FORMATS.values(), strict=True):
        column.download_button(
            export.label,
            export.render(order),
            file_name=f"reading-order.{export.extension}",
            mime=export.mime,
            key=f"download-{export.name}",
        )
    if not order.items:
        st.info("Nothing to read here: every paper of this order is marked read." if unread else "No papers.")
    for tier in TIERS:
        members = order.in_tier(tier)
        if not members:
            continue
        st.subheader(f"{TIER_HEADINGS[tier].split(':')[0]} · {TIER_HEADINGS_ZH[tier]} ({len(members)})")
        st.caption(TIER_HELP[tier])
        for number, item in members:
            _show_item(number, item)


def _show_item(number: int, item: OrderItem) -> None:
    entry = item.entry
    box, body = st.columns([1, 24], vertical_alignment="top")
    title = md_text(entry.title or entry.get("title_zh") or entry.key)
    read = box.checkbox(
        f"Read: {title}", value=entry.status == "read", key=f"read-{item.key}", label_visibility="collapsed"
    )
    if read != (entry.status == "read") and set_status(item.key, "read" if read else "unread"):
        st.rerun()
    heading = md_link(entry.title or entry.get("title_zh") or entry.key, entry.best_link() or "")
    start = " :green-badge[start here]" if item.start_here else ""
    body.markdown(f"{number}\\. **{heading}**{start}")
    meta = [authors_short(entry), str(entry.year or ""), entry.get("title_zh")]
    key = f"`{item.key}`" if "`" not in item.key else md_text(item.key)
    why = [f"**Why:** {md_text(item.reason)}"]
    if item.reason_zh:
        why.append(f"**为什么读：** {md_text(item.reason_zh)}")
    body.caption(" · ".join([*(md_text(p) for p in meta if p), key]) + "  \n" + "  \n".join(why))
