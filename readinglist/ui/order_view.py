"""Reading-order page: tiers with headers, linked titles first, the reason under each, progress and read boxes."""

from __future__ import annotations

import functools

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
from ..paper import paper_of
from ..search import Answer, Kind
from . import state
from .data import DEFAULT_FOCUS, load_graph, paper_index, section_label, set_status
from .look_up import no_links_banner, say_last_lookup
from .safe_text import md_link, md_text

# Streamlit's unticked box is a pale outline that reads as disabled: give the read boxes a visible border.
# The target chips wrap onto more lines instead of scrolling sideways (the first chip was cut: "nstructGPT").
CHIP_STYLE = (
    "<style>.st-key-targets [data-testid='stMultiSelectTagsContainer'] { flex-wrap: wrap; overflow: visible;"
    " mask-image: none; height: auto; row-gap: 4px; padding: 4px 0; }"
    " .st-key-targets .react-aria-ComboBox > div { height: auto; max-height: none; }</style>"
)
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
    paper = paper_of(entry_of(graph, key))
    return f"{paper.aka[0]} — {paper.label}" if paper.aka else paper.label


def _find_typed_targets() -> None:
    """Words typed into the Targets box go to the one search (`SearchIndex.find`, papers first): the paper it names
    is added (a typo corrected says so); a family, a tie or partial matches are offered to pick from, never guessed."""
    graph = load_graph()
    search = paper_index().search
    targets = state.TARGETS.get()
    chosen = [value for value in targets if value in graph]
    for value in targets:
        if value not in graph:
            answer = search.find(value, papers_first=True)
            state.TARGETS_FOUND.set(answer)
            if answer.chosen:
                chosen.append(answer.chosen)
    state.TARGETS.set(list(dict.fromkeys(chosen)))


def _add_target(key: str) -> None:
    """A paper picked from what the search offered becomes a target."""
    state.TARGETS.set(list(dict.fromkeys([*state.TARGETS.get(), key])))
    state.TARGETS_FOUND.pop()


def _say_what_was_found(graph: nx.DiGraph) -> None:
    """What the search made of the typed words, as the Graph's find box says it; the papers to pick from."""
    answer: Answer | None = state.TARGETS_FOUND.get()
    if answer is None:
        return
    search = paper_index().search
    said = search.headline(answer)
    if answer.chosen:
        state.TARGETS_FOUND.pop()  # said once: the chip shows the rest
        added = f"{answer.query} → {target_label(graph, answer.chosen)}"
        if answer.kind is Kind.CORRECTED:
            added = f"{said} {added}"
        elif said:
            added += f" ({said})"
        st.caption(md_text(added))
        return
    offered = [k for k in answer.offered if k in graph]
    st.caption(md_text(f"{answer.query}: {said}" + (":" if offered else "")))
    if offered:
        with st.container(horizontal=True, gap="small"):
            for key in offered:
                st.button(
                    md_text(target_label(graph, key)),
                    key=f"target-pick-{key}",
                    on_click=_add_target,
                    args=(key,),
                    help=md_text(paper_of(entry_of(graph, key)).heading),
                )


def page() -> None:
    graph = load_graph()
    st.title("Reading order")
    st.caption(
        "Everything the targets build on or cite, numbered so each paper comes after its prerequisites, "
        "in three tiers: core, background, further. Tick a paper when you have read it."
    )
    say_last_lookup()
    if no_links_banner(graph, "order"):
        return
    asked = st.query_params.get("target")  # the Graph page's "Reading order for …" link
    if asked is not None and asked in graph and state.TARGETS_ASKED.get() != asked:
        state.TARGETS.set([asked])  # once per link followed; the reader's own changes stay after that
        state.TARGETS_ASKED.set(asked)
    if not state.TARGETS.is_set():
        state.TARGETS.set([DEFAULT_FOCUS] if DEFAULT_FOCUS in graph else [])
    chosen = state.TARGETS.get()
    st.html(CHIP_STYLE)
    top = st.columns([4.6, 2.8, 2.4, 1.4], vertical_alignment="bottom")
    targets = top[0].multiselect(
        "Targets (type a name, title words, an author, 人类反馈… and press Enter)",
        chosen,  # only the chosen: anything typed goes to the one search, never to the box's own filter
        format_func=lambda k: target_label(graph, k),
        key=state.TARGETS.name,
        select_all=False,
        accept_new_options=True,  # typed words the box does not list go to the one search (_find_typed_targets)
        on_change=_find_typed_targets,
        placeholder="type a paper's name or words and press Enter",
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
    whole = reading_order(graph, targets, sections, False, room)  # the progress counts the read papers too
    order = whole.unread_only() if unread else whole
    if targets:
        graph_link(targets[0])
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
            functools.partial(export.render, order),  # rendered when clicked, not on every rerun
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
    title = md_text(paper_of(entry).heading)
    read = box.checkbox(
        f"Read: {title}", value=entry.status == "read", key=state.read_box(item.key), label_visibility="collapsed"
    )
    if read != (entry.status == "read") and set_status(item.key, "read" if read else "unread"):
        st.rerun()
    heading = md_link(paper_of(entry).heading, entry.best_link() or "")
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
