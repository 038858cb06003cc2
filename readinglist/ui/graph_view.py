"""Graph page: the lineage graph with focus, depth, filters and search; the detail panel beside it."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from ..exporters.graph_page import VIS_OPTIONS, GraphView, graph_elements, legend_html
from ..graph import entry_of, sort_date
from ..layout import section_lanes
from ..models import STATUSES
from .data import DEFAULT_FOCUS, load_graph, matches
from .detail import show_detail
from .graph_component import graph_canvas


def within_depth(graph: nx.DiGraph, key: str, depth: int) -> set[str]:
    """Ancestors and descendants of `key` up to `depth` steps."""
    up = nx.single_source_shortest_path_length(graph.reverse(copy=False), key, cutoff=depth)
    down = nx.single_source_shortest_path_length(graph, key, cutoff=depth)
    return (set(up) | set(down)) - {key}


def filtered_keys(
    graph: nx.DiGraph, sections: list[str], years: tuple[int, int], statuses: list[str], query: str
) -> list[str]:
    keys = []
    for key in graph:
        entry = entry_of(graph, key)
        year = sort_date(entry)[0]
        if sections and not set(entry.list_field("section")) & set(sections):
            continue
        if year != 9999 and not years[0] <= year <= years[1]:
            continue
        if statuses and entry.status not in statuses:
            continue
        if matches(entry, query):
            keys.append(key)
    return keys


def label(graph: nx.DiGraph, key: str) -> str:
    entry = entry_of(graph, key)
    return f"{entry.short_label} — {entry.title or entry.get('title_zh')}"[:90]


def page() -> None:
    graph = load_graph()
    st.title("Lineage graph")
    st.caption(
        "Each dot is a paper; time runs left to right and each section has its own lane. Solid arrows "
        'are the curated lineage ("this work led to that one"), dashed arrows are citations. '
        "Pick a paper to see what it builds on and what builds on it."
    )
    years = [sort_date(entry_of(graph, k))[0] for k in graph if sort_date(entry_of(graph, k))[0] != 9999]
    with st.sidebar:
        query = st.text_input("Search titles, authors, summaries (English / 中文)", key="search")
        sections = st.multiselect("Sections", section_lanes(graph), key="sections")
        year_range = st.slider("Years", min(years), max(years), (min(years), max(years)), key="years")
        statuses = st.multiselect("Read status", list(STATUSES), key="statuses")
        show_builds = st.toggle("Curated lineage (builds on)", value=True, key="show_builds")
        show_cites = st.toggle("Citations", value=True, key="show_cites")
        hide_background = st.toggle(
            "Hide background-only citations",
            value=False,
            key="hide_background",
            help="Keep the methodological lineage: citations Semantic Scholar marks as "
            "background only are hidden (needs `enrich`).",
        )
        depth = st.slider("Focus depth", 1, 6, 2, key="depth")
    keys = filtered_keys(graph, sections, year_range, statuses, query)
    if not keys:
        st.info("No paper matches these filters.")
        return
    options = sorted(keys, key=lambda k: (sort_date(entry_of(graph, k)), k))
    pending = st.session_state.pop("pending_focus", None)  # a clicked node or a related paper's button
    if pending in options:
        st.session_state["focus_pick"] = pending
    if st.session_state.get("focus_pick") not in options:
        st.session_state["focus_pick"] = DEFAULT_FOCUS if DEFAULT_FOCUS in options and not query else options[0]
    focus = st.selectbox("Focus on", options, format_func=lambda k: label(graph, k), key="focus_pick")
    related = within_depth(graph, focus, depth)
    shown = graph.subgraph(set(keys) | related | {focus}).copy()
    view = GraphView(
        show_builds_on=show_builds, show_cites=show_cites, hide_background=hide_background, focus=focus, related=related
    )
    with st.container():
        st.html(legend_html(shown))
        nodes, edges = graph_elements(shown, view)
        clicked = graph_canvas(nodes, edges, VIS_OPTIONS, focus, sorted(related | {focus}))
        if clicked and clicked != focus and clicked in graph:
            st.session_state["pending_focus"] = clicked
            st.rerun()
        st.caption(
            f"{shown.number_of_nodes()} papers, {shown.number_of_edges()} links shown · "
            f"{len(related)} in {entry_of(graph, focus).short_label}'s lineage within {depth} steps"
        )
    show_detail(graph, focus)
