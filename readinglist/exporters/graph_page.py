"""The lineage graph as a standalone offline page: the app's picture plus a side panel (GraphML/JSON: graph_data).

The page is a template and static scripts from `readinglist/static/` with vis-network inlined from the package's
vendored copy (the app serves the same bytes): it opens from disk and loads nothing. It exposes its vis Network as
`window.network`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from importlib import resources
from typing import Any

import jinja2
import networkx as nx

from ..drawing import GraphView, NodeFacts, build_drawing, default_focus, lineage_of, node_facts
from ..graph import entry_of, sort_date
from ..order import PaperNames
from ..paper import paper_of

__all__ = ["GraphView", "graph_elements", "render_graph_page", "static_text", "vis_assets"]

DETAIL_FIELDS = (
    ("abstract_zh", "摘要翻译"),
    ("highlight_zh", "重点"),
    ("note_zh", "Curator's comment"),
    ("tldr", "TL;DR"),
)


def static_text(name: str) -> str:
    """A file of `readinglist/static/` (scripts, styles, the page template)."""
    return resources.files("readinglist").joinpath("static", name).read_text(encoding="utf-8")


@functools.cache
def vis_assets() -> tuple[str, str]:
    """vis-network's script and style from `static/vis-network-9.1.2/` (no CDN): the files the app's component
    serves, inlined into the exported page (version, licence and checksums in that folder's SOURCE.txt)."""
    folder = "vis-network-9.1.2"
    return static_text(f"{folder}/vis-network.min.js"), static_text(f"{folder}/vis-network.css")


def graph_elements(graph: nx.DiGraph, view: GraphView) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network nodes and edges of the whole graph (no grouping), for tools and tests."""
    whole = dataclasses.replace(view, full_limit=max(view.full_limit, graph.number_of_nodes()))
    drawing = build_drawing(graph, node_facts(graph), whole)
    return drawing.nodes, drawing.edges


def paper_details(graph: nx.DiGraph, keys: list[str]) -> dict[str, dict[str, Any]]:
    """What the page's side panel shows for each drawn paper (plain text; the script inserts it as text)."""
    details = {}
    names = PaperNames(graph)  # the list's private numbering ("0.0.2.9") named as the papers it denotes
    for key in keys:
        entry = entry_of(graph, key)
        paper = paper_of(entry)
        meta = " · ".join(p for p in (", ".join(paper.authors[:6]), str(entry.year or ""), entry.venue, key) if p)
        details[key] = {
            "title": paper.heading,
            "title_zh": entry.get("title_zh") if entry.title else "",
            "meta": meta,
            "links": [[name, url] for name, url in entry.links().items() if url.startswith(("http://", "https://"))],
            "sections": [[label, names.rewrite(entry.get(name))] for name, label in DETAIL_FIELDS if entry.get(name)],
            "related": related_papers(graph, key),
        }
    return details


def related_papers(graph: nx.DiGraph, key: str) -> list[list[str]]:
    """`[heading, key, name]` for what the paper builds on, cites, is built on by and is cited by (as the app lists)."""
    rows = []
    for heading, builds, neighbours, edge in (
        ("Builds on", True, graph.predecessors(key), lambda k: (k, key)),
        ("Cites", False, graph.predecessors(key), lambda k: (k, key)),
        ("Built on by", True, graph.successors(key), lambda k: (key, k)),
        ("Cited by", False, graph.successors(key), lambda k: (key, k)),
    ):
        for other in sorted(neighbours, key=lambda k: (sort_date(entry_of(graph, k)), k)):
            if ("builds_on" in graph.edges[edge(other)]["kinds"]) == builds:
                rows.append([heading, other, paper_of(entry_of(graph, other)).name])
    return rows


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its <script> element early."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def render_graph_page(
    graph: nx.DiGraph,
    view: GraphView | None = None,
    *,
    focus: str | None = None,
    title: str | None = None,
    depth: int = 2,
) -> str:
    """A standalone HTML page that opens offline from disk: the focus's lineage legible, lanes, axis, side panel.

    Without a view, the page focuses `focus` (its lineage `depth` steps up and down), else the shipped default
    (InstructGPT), else the most connected paper.
    """
    if view is None:
        focus = focus if focus in graph else default_focus(graph)
        view = GraphView(focus=focus, related=lineage_of(graph, focus, depth) if focus else set())
    if title is None:
        title = "readinglist"
        if view.focus:
            title += f": the lineage of {paper_of(entry_of(graph, view.focus)).named}"
    facts: dict[str, NodeFacts] = node_facts(graph)
    drawing = build_drawing(graph, facts, view)
    data = {**drawing.data(), "focus": view.focus}
    papers = [n["id"] for n in drawing.nodes if not n.get("isGroup")]
    vis_js, vis_css = vis_assets()
    template = jinja2.Environment(autoescape=True).from_string(static_text("graph_page.html"))
    return template.render(
        title=title,
        caption=drawing.caption(),
        data=_json_for_script(data),
        details=_json_for_script(paper_details(graph, papers)),
        vis_js=vis_js,
        vis_css=vis_css,
        graph_css=static_text("lineage.css"),
        page_css=static_text("graph_page.css"),
        lineage_js=static_text("lineage.js"),
        page_js=static_text("graph_page.js"),
    )
