"""The lineage graph as a standalone interactive page (pyvis, JavaScript inlined, no CDN)."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import networkx as nx
from pyvis.network import Network

from ..citations import CitationContext, shorten
from ..graph import entry_of
from ..layout import lineage_positions, primary_section, section_colours, section_lanes

_CDN_TAGS = re.compile(r"<link[^>]*bootstrap[^>]*/?>|<script[^>]*bootstrap[^>]*>\s*</script>|<!--.*?-->", re.S)


@dataclass
class GraphView:
    """What to draw: edge kinds, a focus (its lineage stands out, the rest fades) and hidden nodes."""

    show_builds_on: bool = True
    show_cites: bool = True
    hide_background: bool = False  # hide citations whose only intent is background
    focus: str | None = None
    related: set[str] = field(default_factory=set)  # the focus's ancestors and descendants
    height: str = "640px"


def plain_text(text: str) -> str:
    """Text for a vis-network tooltip: shown as plain text, and never containing the `href` trigger.

    pyvis switches every tooltip to raw HTML when any title contains `href`; a zero-width joiner keeps
    the word readable while keeping the page in plain-text mode.
    """
    return re.sub("href", "hr\u200def", text, flags=re.IGNORECASE)


def node_size(graph: nx.DiGraph, key: str) -> float:
    count = entry_of(graph, key).get("citationcount")
    weight = int(count) / 200 if count.isdigit() else graph.out_degree(key)
    return 12 + min(30.0, 5 * math.sqrt(weight))


def tooltip(graph: nx.DiGraph, key: str) -> str:
    entry = entry_of(graph, key)
    lines = [
        entry.title,
        entry.get("title_zh"),
        ", ".join(entry.authors[:3]) + (" et al." if len(entry.authors) > 3 else ""),
        " · ".join(p for p in (str(entry.year or ""), entry.venue) if p),
    ]
    if entry.get("citationcount"):
        lines.append(f"{entry.get('citationcount')} citations")
    return plain_text("\n".join(line for line in lines if line))


VIS_OPTIONS = {
    "physics": {"enabled": False},
    "edges": {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2}},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
}


INTENT_COLOURS = {"methodology": "#d62728", "result": "#2ca02c", "background": "#9a9a9a"}


def intent_colour(context: CitationContext | None) -> str:
    """Colour of a citation edge by its most telling intent (grey when unknown or background)."""
    if context is None:
        return INTENT_COLOURS["background"]
    for intent in ("methodology", "result"):
        if intent in context.intents:
            return INTENT_COLOURS[intent]
    return INTENT_COLOURS["background"]


def edge_title(graph: nx.DiGraph, source: str, target: str, data: dict) -> str:
    """Hover text: who builds on or cites whom, the list's words, then each citation context (plain text)."""
    later, earlier = entry_of(graph, target).short_label, entry_of(graph, source).short_label
    lines = [
        f"{later} builds on {earlier}" + (f": {data['note']}" if data.get("note") else "")
        if "builds_on" in data["kinds"]
        else f"{later} cites {earlier}"
    ]
    context = data.get("context")
    if context is not None:
        lines.append(("influential · " if context.influential else "") + (", ".join(context.intents) or "no intent"))
        lines += [f"“{shorten(text)}”" for text, _ in context.contexts[:3]]
    return "\n".join(lines)


def graph_elements(graph: nx.DiGraph, view: GraphView) -> tuple[list[dict], list[dict]]:
    """vis-network nodes and edges: fixed positions, section colours, the focus's lineage standing out.

    Texts are plain (vis-network shows string titles as text, never as HTML).
    """
    lanes = section_lanes(graph)
    colours = section_colours(lanes)
    positions = lineage_positions(graph)
    nodes, edges = [], []
    for key in graph:
        entry = entry_of(graph, key)
        faded = view.focus is not None and key != view.focus and key not in view.related
        nodes.append(
            {
                "id": key,
                "label": plain_text(entry.short_label),
                "title": tooltip(graph, key),
                "shape": "dot",
                "x": positions[key][0],
                "y": positions[key][1],
                "physics": False,
                "color": "#d9d9d9" if faded else colours[primary_section(graph, key)],
                "size": node_size(graph, key) * (1.4 if key == view.focus else 1),
                "borderWidth": 4 if key == view.focus else 1,
                "font": {"color": "#aaaaaa" if faded else "#222222"},
            }
        )
    for source, target, data in graph.edges(data=True):
        builds = "builds_on" in data["kinds"]
        context = data.get("context")
        if (builds and not view.show_builds_on) or (not builds and not view.show_cites):
            continue
        if view.hide_background and not builds and context is not None and context.background_only:
            continue
        faded = view.focus is not None and not ({source, target} <= (view.related | {view.focus}))
        edges.append({
            "from": source, "to": target, "arrows": "to", "title": plain_text(edge_title(graph, source, target, data)),
            "dashes": not builds, "width": (2.5 if builds else 1) + (2 if context and context.influential else 0),
            "color": "#e0e0e0" if faded else ("#333333" if builds else intent_colour(context)),
        })  # fmt: skip
    return nodes, edges


def build_network(graph: nx.DiGraph, view: GraphView) -> Network:
    """A pyvis Network with fixed positions and physics off (fast for thousands of nodes)."""
    network = Network(height=view.height, width="100%", directed=True, cdn_resources="in_line")
    nodes, edges = graph_elements(graph, view)
    # Set the lists directly: pyvis's add_node/add_edge check membership in a list (minutes at 10,000 nodes).
    network.nodes, network.edges = nodes, edges
    network.node_ids = [n["id"] for n in nodes]
    network.node_map = {n["id"]: n for n in nodes}
    network.toggle_physics(False)
    network.set_edge_smooth("curvedCW")
    return network


def legend_html(graph: nx.DiGraph) -> str:
    lanes = section_lanes(graph)
    colours = section_colours(lanes)
    items = "".join(
        f'<span style="margin-right:14px"><span style="display:inline-block;width:12px;height:12px;'
        f'border-radius:6px;background:{colours[s]};margin-right:4px"></span>{html.escape(s)}</span>'
        for s in lanes
    )
    return (
        f'<div id="legend" style="font:13px sans-serif;padding:6px 8px">{items}'
        '<span style="margin-left:10px">━ builds on (curated) &nbsp; ┅ cites: '
        '<span style="color:#d62728">methodology</span>, <span style="color:#2ca02c">result</span>, '
        "grey background; thicker = influential</span>"
        " &nbsp; time runs left to right</div>"
    )


def render_graph_page(graph: nx.DiGraph, view: GraphView | None = None, title: str = "readinglist") -> str:
    """A standalone HTML page that opens offline from disk: no request leaves the page."""
    page = build_network(graph, view or GraphView()).generate_html()
    page = _CDN_TAGS.sub("", page)
    page = page.replace("<head>", f'<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>', 1)
    page = page.replace("<body>", "<body>\n" + legend_html(graph), 1)
    return page.replace("<center>\n<h1></h1>\n</center>", "")
