"""Graph page: find a paper, its lineage legible at first sight, filters one click away, details beside the graph."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import streamlit as st

from ..drawing import (
    GROUP_PREFIX,
    GraphView,
    NodeFacts,
    build_drawing,
    default_focus,
    lineage_of,
    years_of,
)
from ..exporters.graph_page import static_text
from ..graph import entry_of
from ..layout import section_lanes
from ..models import STATUSES
from ..paper import paper_of
from ..search import Answer, Kind
from . import state
from .data import (
    focus_marks,
    graph_facts,
    library_path,
    library_places,
    load_graph,
    paper_index,
    section_label,
    set_status,
)
from .detail import show_detail
from .graph_component import graph_canvas
from .look_up import no_links_banner, say_last_lookup
from .safe_text import md_text

FIND, FOUND_FOR, FOUND = "find", "found_for", "found"  # session state: the find box, and what it found
PANEL = ".st-key-detail-panel"  # the detail panel's scroll box: back to its top when another paper is shown


def filtered_keys(
    graph: nx.DiGraph, facts: Mapping[str, NodeFacts], sections: list[str], years: tuple[int, int], statuses: list[str]
) -> set[str] | None:
    """Papers passing the filters (None when no filter is set: everything)."""
    if not sections and not statuses and years == (0, 0):
        return None
    keys = set()
    for key, fact in facts.items():
        if sections and fact.section not in sections:
            continue
        if years != (0, 0) and not years[0] <= fact.date[0] <= years[1]:
            continue
        if statuses and entry_of(graph, key).status not in statuses:
            continue
        keys.add(key)
    return keys


def lineage_first(graph: nx.DiGraph, answer: Answer) -> str | None:
    """Where the find box moves the focus: the paper the search names exactly (Med-PaLM, even with no links), or the
    best match by words when it has a lineage to draw, else the first match that has one (人类反馈 names Knox 2013,
    which links to nothing); None when the search names no paper."""
    if answer.chosen not in graph:  # none named (or the library changed since)
        return None
    if answer.kind is Kind.EXACT:
        return answer.chosen
    keys = [answer.chosen, *answer.keys]
    return next((k for k in keys if k in graph and graph.degree(k)), answer.chosen)


def _find_hint(graph: nx.DiGraph) -> str:
    """The find box's example words: a name of this library's own first paper, else the kinds of words it takes."""
    first = next((k for k in graph if not entry_of(graph, k).is_resource), None)
    named = paper_of(entry_of(graph, first)).name if first else ""
    return f"Find a paper: {named + ', ' if named else ''}an arXiv id, a DOI, title words, 中文, first author…"


def _focus_box(graph: nx.DiGraph) -> None:
    """The find box (the library's one search, `SearchIndex.find`): the focus moves to the paper it names (or the
    first match with a lineage); a family, a tie or partial matches are offered as buttons, best first."""
    text = st.text_input(
        "Find a paper",
        key=state.FIND.name,
        placeholder=_find_hint(graph),
        label_visibility="collapsed",
    )
    if not text:
        return
    search = paper_index().search
    if state.FOUND_FOR.get() != text:
        found = search.find(text, papers_first=True)
        state.FOUND_FOR.set(text)
        state.FOUND.set(found)
        target = lineage_first(graph, found)
        if target:
            focus_on(target)
    answer = state.FOUND.get()
    if answer is None or (answer.kind is Kind.EXACT and len(answer.hits) == 1):
        return
    said = search.headline(answer)
    target = lineage_first(graph, answer)
    if target and answer.chosen and target != answer.chosen:
        said += (
            f"; {paper_of(entry_of(graph, answer.chosen)).named} has no lineage to draw, the graph shows "
            f"{paper_of(entry_of(graph, target)).named}"
        )
    elif target:
        said += f"; the graph shows {paper_of(entry_of(graph, target)).named}" if said else ""
    offered = [key for key in answer.offered if key in graph]
    st.caption(md_text(said + (":" if len(offered) > 1 else "")))
    if len(offered) < 2:
        return
    with st.container(horizontal=True, gap="small"):  # one row of short names; the title shows on hover
        for key in offered:
            entry = entry_of(graph, key)
            if st.button(md_text(paper_of(entry).named), key=f"pick-{key}", help=md_text(entry.title or key)):
                focus_on(key)
                st.rerun()


def _filters(
    graph: nx.DiGraph, facts: Mapping[str, NodeFacts]
) -> tuple[GraphView, list[str], tuple[int, int], list[str], int]:
    with st.popover("Filters and options", width="stretch"):
        sections = st.multiselect(
            "Sections",
            section_lanes(graph),
            format_func=section_label(graph),
            key="sections",
            placeholder="all sections",
        )
        years = years_of(facts.values())
        year_range = (0, 0)
        if len(years) > 1:
            chosen = st.slider("Years", years[0], years[-1], (years[0], years[-1]), key="years")
            if chosen != (years[0], years[-1]):
                year_range = chosen
        else:
            st.caption("Every dated paper is from one year: no year filter." if years else "No paper has a year.")
        statuses = st.multiselect("Read status", list(STATUSES), key="statuses", placeholder="any status")
        depth = st.slider("Lineage depth (steps from the focus)", 1, 6, 2, key="depth")
        numbered = st.toggle(
            "Number the reading order on the graph",
            value=True,
            key="numbered",
            help="The focus's reading order (its core path) numbered 1..N on the dots, as the Reading order page "
            "numbers it.",
        )
        view = GraphView(
            show_builds_on=st.toggle("Curated lineage (builds on)", value=True, key="show_builds"),
            show_cites=st.toggle(
                "Citations",
                value=True,
                key="show_cites",
                help="Citation lines off the reading order's path are drawn faint; this hides every citation line.",
            ),
            hide_background=st.toggle(
                "Hide background-only citations",
                value=False,
                key="hide_background",
                help="Citations Semantic Scholar marks as background only are hidden (after enrichment).",
            ),
            show_resources=st.toggle("Show resources (blogs, datasets, tools…)", value=False, key="show_resources"),
            numbered=numbered,
        )
    return view, sections, year_range, statuses, depth


def page() -> None:
    st.html(f"<style>{static_text('app.css')}</style>")
    graph = load_graph()
    if graph.number_of_nodes() == 0:
        st.title("Lineage graph")
        st.info(
            f"The library is empty ({md_text(str(library_path()))} has no entries yet). Import an awesome list on "
            "the **Import list** page, or add a paper on the **Add paper** page, and its graph appears here. For "
            "the shipped example library, run `readinglist init` in an empty folder."
        )
        return
    say_last_lookup()
    no_links_banner(graph, "graph")  # a fresh import: the papers by year below, and what would link them
    facts = graph_facts()
    top = st.columns([0.46, 0.18, 0.36], vertical_alignment="center")
    with top[0]:
        _focus_box(graph)
    with top[1]:
        view, sections, year_range, statuses, depth = _filters(graph, facts)
    pending = state.PENDING_FOCUS.pop()  # the panel's "Focus the graph on this paper"
    if pending is not None and pending in graph:
        focus_on(pending)
    asked = st.query_params.pop("focus", None)  # the Reading order page's "Show this order on the graph", once
    if asked is not None and asked in graph:
        focus_on(asked)
    focus = state.FOCUS.get()
    if focus not in graph:
        focus = default_focus(graph) or next(iter(graph))
        state.FOCUS.set(focus)
    selected = state.SELECTED.get()
    if selected not in graph:
        selected = focus
        state.SELECTED.set(selected)
    with top[2]:
        aka = entry_of(graph, focus).list_field("aka")
        line = st.container(horizontal=True, gap="small", vertical_alignment="center")
        line.markdown(
            f"**Focus:** {md_label(graph, focus)}" + (f" · {md_text(aka[0])}" if aka else ""),
            help="The focus's lineage is drawn in full colour: what it builds on to the left, what builds on it "
            "to the right. Click any paper to see its details beside the graph (the picture stays put); the "
            "panel's “Focus the graph on this paper” redraws the lineage around it, as finding a paper does. "
            "The wheel scrolls the page; zoom with the buttons or ctrl+wheel, drag to pan. The numbered dots are "
            "the focus's reading order (its core path); “Reading order” opens it with the reasons.",
            width="content",
        )
        with line:
            order_link(focus)
    view.focus = focus
    view.related = lineage_of(graph, focus, depth)
    view.keys = filtered_keys(graph, facts, sections, year_range, statuses)
    view.expanded = state.EXPANDED_GROUPS.setdefault()
    view.marks, view.placement = focus_marks(focus), library_places(view.show_resources)
    drawing = build_drawing(graph, facts, view)
    left, right = st.columns([0.68, 0.32], gap="small")
    with left:
        # The caption above the canvas: the canvas fills the rest of the screen, so below it would be out of view.
        drawn = {node["id"] for node in drawing.nodes}
        in_lineage = len(view.related & drawn)
        numbered = sum(1 for node in drawing.nodes if "order" in node)
        core = f", its reading order's core numbered 1–{numbered}" if numbered else ""
        shows = " (Filters and options › Show resources draws them)" if drawing.hidden_resources else ""
        st.caption(
            f"Focus {md_text(paper_of(entry_of(graph, focus)).named)} and {in_lineage} paper{'s' * (in_lineage != 1)} "
            f"of its lineage within {depth} step{'s' * (depth != 1)}{core} · {drawing.caption()}{shows}"
        )
        graph_canvas({**drawing.data(), "focus": focus, "selected": selected, "panel": PANEL}, on_click=_clicked)
    with right, st.container(key="detail-panel"):
        entry = entry_of(graph, selected)
        with st.container(horizontal=True, vertical_alignment="center", gap="medium"):  # one line above the title
            # the toggle names its paper: it sits under the focus line, above the title of the paper it marks
            label = f"Read: {md_text(paper_of(entry).name)}"
            read = st.toggle(label, value=entry.status == "read", key=state.read_box(selected))
            refocus = selected != focus and st.button(
                "Focus the graph on this paper",
                key="focus-selected",
                help="Redraw the lineage around this paper: what it builds on, and what builds on it.",
            )
        if read != (entry.status == "read") and set_status(selected, "read" if read else "unread"):
            st.rerun()
        if refocus:
            state.PENDING_FOCUS.set(selected)
            st.rerun()
        show_detail(graph, selected)


def _clicked(node: str) -> None:
    """A click on the canvas, before the rerun: a paper shows in the panel (the layout stays), a group opens."""
    if node.startswith(GROUP_PREFIX):
        state.EXPANDED_GROUPS.setdefault().add(node)
    else:
        state.SELECTED.set(node)


def order_link(focus: str) -> None:
    """A link to the Reading order page with `focus` as its target (the order whose path the graph numbers)."""
    from . import order_view  # the pages link to each other

    page = st.Page(order_view.page, title="Reading order", url_path="order")
    st.page_link(page, label="Reading order →", query_params={"target": focus}, help="Its reading order, with why")


def focus_on(key: str) -> None:
    """Centre the lineage on `key` and show it in the panel (finding a paper, or the panel's focus button)."""
    state.FOCUS.set(key)
    state.SELECTED.set(key)


def md_label(graph: nx.DiGraph, key: str) -> str:
    """The paper's short label, safe inside Markdown."""
    return md_text(paper_of(entry_of(graph, key)).label)
