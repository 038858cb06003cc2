"""Reading-order page: tiers with headers, linked titles first, the reason under each, progress and read boxes."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from ..exporters.formats import ORDER_FORMATS
from ..exporters.order_formats import (
    TIER_HEADINGS,
    TIER_HEADINGS_ZH,
    before_core_text,
    byline,
    numbering_note,
    start_line,
)
from ..graph import entry_of
from ..layout import section_lanes
from ..order import TIERS, OrderItem, ReadingOrder, prerequisites_within, reading_order
from .data import DEFAULT_FOCUS, load_graph, no_links_banner, paper_index, section_label, set_status
from .safe_text import md_link, md_text

# Streamlit's unticked box is a pale outline that reads as disabled: give the read boxes a visible border.
TARGETS, FOUND, ASKED = "targets", "targets_found", "targets_asked_by_link"
READ_BOX_STYLE = (
    '<style>[class*="st-key-read-"] [data-testid="stCheckbox"] label > div:first-of-type'
    " { border: 2px solid rgba(49, 51, 63, 0.55); }</style>"
)
TIER_HELP = {
    "core": "Read these: the curated lineage and the papers it relies on most.",
    "background": "Other papers the lineage cites directly: read them when a core paper leans on them.",
    "further": "Distant prerequisites or papers outside the lineage: skip them on a first pass.",
}


def target_label(graph: nx.DiGraph, key: str) -> str:
    """A target's chip and option: `InstructGPT — Ouyang et al. 2022`, short enough never to be cut."""
    if key not in graph:
        return key  # words just typed, about to be replaced by the paper they find
    entry = entry_of(graph, key)
    names = entry.list_field("aka")
    return f"{names[0]} — {entry.short_label}" if names else entry.short_label


def _find_typed_targets() -> None:
    """Words typed into the Targets box (anything the one search understands: title words in any order, 人类反馈,
    an author, a typo) become the paper it ranks first: papers first, anything else only when no paper matches."""
    graph = load_graph()
    search = paper_index(graph).search
    chosen, found = [], []
    for value in st.session_state[TARGETS]:
        if value in graph:
            chosen.append(value)
            continue
        hits = search.search(value, papers_only=True) or search.search(value)
        if hits:
            chosen.append(hits[0].key)
        found.append((value, [hit.key for hit in hits]))
    st.session_state[TARGETS] = list(dict.fromkeys(chosen))
    st.session_state[FOUND] = found


def _say_what_was_found(graph: nx.DiGraph) -> None:
    for words, keys in st.session_state.pop(FOUND, []):
        if not keys:
            st.caption(md_text(f"No paper matches {words!r}: try a common name, title words or an author."))
            continue
        others = ", ".join(target_label(graph, k) for k in keys[1:4]) + (" …" if len(keys) > 4 else "")
        more = f" (best of {len(keys)} matches; also {others})" if len(keys) > 1 else ""
        st.caption(md_text(f"{words} → {target_label(graph, keys[0])}{more}"))


def page() -> None:
    graph = load_graph()
    st.title("Reading order")
    st.caption(
        "Everything the targets build on or cite, numbered so each paper comes after its prerequisites, "
        "in three tiers: core, background, further. Tick a paper when you have read it."
    )
    if no_links_banner(graph):
        return
    asked = st.query_params.get("target")  # the Graph page's "Reading order for …" link
    if asked is not None and asked in graph and st.session_state.get(ASKED) != asked:
        st.session_state[TARGETS] = [asked]  # once per link followed; the reader's own changes stay after that
        st.session_state[ASKED] = asked
    chosen = st.session_state.setdefault(TARGETS, [DEFAULT_FOCUS] if DEFAULT_FOCUS in graph else [])
    papers = sorted(  # papers only, unless typed for; listed by what the chips say
        (k for k in graph if entry_of(graph, k).kind == "paper"), key=lambda k: target_label(graph, k).lower()
    )
    top = st.columns([4.6, 2.8, 2.4, 1.4], vertical_alignment="bottom")
    targets = top[0].multiselect(
        "Targets (type a name, title words, an author, 人类反馈… and press Enter)",
        list(dict.fromkeys([*papers, *chosen])),
        format_func=lambda k: target_label(graph, k),
        key=TARGETS,
        select_all=False,  # else Enter on "GPT-3" takes the highlighted "Select 2 matches": GPT-3 and GPT-4
        accept_new_options=True,  # typed words the box does not list go to the one search (_find_typed_targets)
        on_change=_find_typed_targets,
    )
    targets = [k for k in targets if k in graph]
    sections = top[1].multiselect(
        "Sections (when no target)", section_lanes(graph), format_func=section_label(graph), key="order_sections"
    )
    budget = top[2].number_input(
        "Budget: papers in all (0 = all)",
        0,
        500,
        0,
        key="budget",
        help="How many papers the order holds in all, the targets included; 0 keeps every prerequisite.",
    )
    unread = top[3].checkbox("Unread only", key="unread")
    _say_what_was_found(graph)
    room = prerequisites_within(int(budget), targets) if budget else None
    order = reading_order(graph, targets, sections, unread, room)
    if targets:
        graph_link(targets[0])
    whole = order if not unread else reading_order(graph, targets, sections, False, room)
    read = sum(item.entry.status == "read" for item in whole.items)
    total = len(whole.items)
    st.progress(read / total if total else 0.0, text=f"{read} of {total} read")
    _numbering_help(order)
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
    st.html(READ_BOX_STYLE)
    if not order.items:
        st.info("Nothing to read here: every paper of this order is marked read." if unread else "No papers.")
    for tier in TIERS:
        members = order.in_tier(tier)
        if not members:
            continue
        st.subheader(f"{TIER_HEADINGS[tier].split(':')[0]} · {TIER_HEADINGS_ZH[tier]} ({len(members)})")
        st.caption(TIER_HELP[tier])
        for _, item in members:
            _show_item(item, before_core_text(order, item))


def graph_link(target: str) -> None:
    """A link to the Graph page focused on `target`: its core path numbered on the dots as here."""
    from . import graph_view  # the pages link to each other

    page = st.Page(graph_view.page, title="Graph", url_path="lineage", default=True)
    st.page_link(page, label="Show this order on the graph →", query_params={"focus": target})


def _numbering_help(order: ReadingOrder) -> None:
    """Where to start and how the numbers go (core 1..N; B1…, F1… for the other tiers)."""
    start = start_line(order)
    if start and any(item.tier != "core" for item in order.items):
        st.caption(md_text(f"{start} {numbering_note(order)}"))
    elif start:
        st.caption(md_text(start))


def _show_item(item: OrderItem, before: str) -> None:
    entry = item.entry
    box, body = st.columns([1, 24], vertical_alignment="center")  # the box on the title's line
    title = md_text(entry.title or entry.get("title_zh") or entry.key)
    read = box.checkbox(
        f"Read: {title}", value=entry.status == "read", key=f"read-{item.key}", label_visibility="collapsed"
    )
    if read != (entry.status == "read") and set_status(item.key, "read" if read else "unread"):
        st.rerun()
    heading = md_link(entry.title or entry.get("title_zh") or entry.key, entry.best_link() or "")
    start = " :green-badge[start here]" if item.start_here else ""
    later = f" :gray-badge[{md_text(before)}]" if before else ""
    body.markdown(f"{item.label}\\. **{heading}**{start}{later}")
    meta = [byline(entry), str(entry.year or ""), entry.get("title_zh")]
    key = f"`{item.key}`" if "`" not in item.key else md_text(item.key)
    why = [f"**Why:** {md_text(item.reason)}"]
    if item.reason_zh:
        why.append(f"**为什么读：** {md_text(item.reason_zh)}")
    _, details = st.columns([1, 24])
    details.caption(" · ".join([*(md_text(p) for p in meta if p), key]) + "  \n" + "  \n".join(why))
