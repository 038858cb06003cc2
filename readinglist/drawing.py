"""What the lineage graph draws (pure): vis-network nodes and edges, lanes, year columns and the legend.

Shared by the app's graph and the exported page, so both show the same picture. Three strengths of mark:
the reading order's core path to the focus (numbered 1..N, the curated links between them the boldest lines),
the rest of the focus's lineage and order (secondary), everything else (faded, its citation lines faint). On a
library drawn in full, a paper's place comes from the library alone (`library_placement`): a new focus changes
what is emphasised and fitted, never where a paper sits. On a large library the rest is drawn as one group node
per section and year, which expands when clicked. Everything that depends only on the library (`node_facts`,
the placement) is computed once per library.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .citations import CitationContext, shorten
from .graph import Edge, entry_of, sort_date
from .layout import (
    FONT_SIZE,
    LANE_HEADER,
    MAX_RADIUS,
    MIN_LABEL_PX,
    UNDATED,
    LayoutItem,
    Placement,
    label_width,
    place,
    section_colour,
    section_name,
)
from .models import Entry
from .order import PaperNames, reading_order
from .paper import paper_of

FULL_LIMIT = 400  # up to this many papers are drawn one by one; beyond it the rest is grouped
NEIGHBOURS_LIMIT = 150  # direct neighbours of the focus drawn in full on a large library
NEIGHBOURS_IN_TIME = 6  # a focus with no links is shown among this many papers of its lane nearest in time
INTENT_COLOURS = {"methodology": "#d62728", "result": "#2ca02c"}
LINEAGE_EDGE = "#2f2f2f"
SIDE_EDGE = "rgba(95,95,95,0.55)"  # a curated link off the path
CITATION_EDGE = "#8a8a8a"
FAINT_EDGE = "rgba(140,140,140,0.32)"  # a citation of the lineage that is not on the path
FADED_EDGE = "rgba(150,150,150,0.22)"
PATH_RADIUS = MAX_RADIUS - 1  # a numbered dot: room for "11" inside it
GROUP_PREFIX = "group:"
LANE_FILLS = ("#fbfbfc", "#f4f5f7")  # lanes alternate these backgrounds
FADED_FONT_SIZE = 12  # papers outside the lineage step back (their rows are spaced for FONT_SIZE)


@dataclass(frozen=True)
class NodeFacts:
    """What the graph needs of one entry, computed once per library content."""

    key: str
    label: str
    section: str
    date: tuple[int, int]
    radius: float
    width: float  # the label's room in the layout: with a tick's, so marking a paper read moves nothing
    tooltip: str
    read: bool
    resource: bool  # not a paper (blog post, dataset, …): drawn only when asked for
    list_resource: bool  # one of the list's resources (`Entry.is_resource`), as the Resources page counts them
    cited: bool  # has a citation count


def radius(entry: Entry) -> float:
    """Dot radius from the citation count (Semantic Scholar): 5 with none known, up to MAX_RADIUS - 1."""
    count = entry.get("citationcount")
    if not count.isdigit():
        return 6.0
    return min(MAX_RADIUS - 1.0, 5.0 + 1.5 * math.log10(int(count) + 1))


def tooltip(entry: Entry) -> str:
    """Hover text, shown by vis-network as plain text: `InstructGPT — Ouyang et al. 2022` first, then the title."""
    paper = paper_of(entry)
    authors = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
    lines = [
        f"{paper.aka[0]} — {paper.label}" if paper.aka else "",
        entry.title,
        entry.get("title_zh") if entry.get("title_zh") != entry.title else "",  # a resource has one name
        authors,
        " · ".join(p for p in (str(entry.year or ""), entry.venue) if p),
    ]
    if entry.get("citationcount"):
        lines.append(f"{entry.get('citationcount')} citations")
    return "\n".join(line for line in lines if line)


def primary_section(entry: Entry) -> str:
    sections = entry.list_field("section")
    return sections[0] if sections else "unsorted"


def node_facts(graph: nx.DiGraph) -> dict[str, NodeFacts]:
    """Labels, sizes, widths and tooltips of every node: once per library, never per edge or per rerun."""
    facts = {}
    for key in graph:
        entry = entry_of(graph, key)
        read = entry.status == "read"
        label = ("✓ " if read else "") + paper_of(entry).tag
        facts[key] = NodeFacts(
            key=key,
            label=label,
            section=primary_section(entry),
            date=sort_date(entry),
            radius=radius(entry),
            width=label_width("✓ " + paper_of(entry).tag),  # room for the tick: marking read moves nothing
            tooltip=tooltip(entry),
            read=read,
            resource=entry.kind != "paper",
            list_resource=entry.is_resource,
            cited=entry.get("citationcount").isdigit(),
        )
    return facts


@dataclass
class GraphView:
    """What to draw: edge kinds, a focus and its lineage, which papers pass the filters, expanded groups."""

    show_builds_on: bool = True
    show_cites: bool = True
    hide_background: bool = False  # hide citations whose only intent is background
    show_resources: bool = False  # entries with a `kind` (blogs, datasets, …)
    focus: str | None = None
    related: set[str] = field(default_factory=set)  # the focus's ancestors and descendants within the depth
    keys: set[str] | None = None  # papers passing the filters (None: all)
    expanded: set[str] = field(default_factory=set)  # group ids drawn one paper at a time
    full_limit: int = FULL_LIMIT
    path: list[str] | None = None  # the reading order's core path to the focus, in order (None: computed)
    in_order: set[str] = field(default_factory=set)  # the order's background and further papers
    numbered: bool = True  # the core path's numbers on its dots
    marks: tuple[list[str], set[str]] | None = None  # `order_marks` of the focus, when the caller keeps them
    placement: Placement | None = None  # `library_placement` for `show_resources`, when the caller keeps it


@dataclass
class Drawing:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    lanes: list[dict[str, Any]]
    ticks: list[dict[str, Any]]
    fit: list[str]  # the lineage: the first view is fitted to these
    legend: dict[str, Any]
    papers: int  # papers drawn one by one
    grouped: int  # papers inside group nodes
    links: int
    hidden_resources: int = 0  # the list's resources left out (the resources toggle shows them)
    hidden_other: int = 0  # blog posts, software … that are neither papers nor list resources, left out

    def data(self) -> dict[str, Any]:
        """What the page's script receives (JSON-ready)."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "lanes": self.lanes,
            "ticks": self.ticks,
            "fit": self.fit,
            "legend": self.legend,
            "minLabelPx": MIN_LABEL_PX,
            "fontSize": FONT_SIZE,
            "laneHeader": LANE_HEADER,
        }

    def caption(self) -> str:
        parts = [f"{self.papers} {'paper' if self.papers == 1 else 'papers'} drawn"]
        if self.grouped:
            parts.append(
                f"{self.grouped} more in {sum(1 for n in self.nodes if n.get('isGroup'))} groups (click to open)"
            )
        parts.append(f"{self.links} {'link' if self.links == 1 else 'links'}")
        text = ", ".join(parts)
        hidden = []
        if self.hidden_resources:
            hidden.append(f"{self.hidden_resources} resources")
        if self.hidden_other:
            hidden.append(f"{self.hidden_other} blog posts or software")
        if hidden:
            text += "; not drawn: " + " and ".join(hidden)
        return text


def intent_colour(context: CitationContext | None) -> str:
    """Colour of a citation by its most telling intent; grey when unknown or background only."""
    if context is not None:
        for intent in ("methodology", "result"):
            if intent in context.intents:
                return INTENT_COLOURS[intent]
    return CITATION_EDGE


def edge_title(later: str, earlier: str, data: Edge, names: PaperNames | None = None) -> str:
    """Hover text: who builds on or cites whom, the list's words (its private numbering named as papers, as the
    detail panel names them), then each citation context (plain text)."""
    if "builds_on" in data["kinds"]:
        note = data.get("note") or ""
        if note and names is not None:
            note = names.rewrite(note)
        lines = [f"{later} builds on {earlier}" + (f": {note}" if note else "")]
    else:
        lines = [f"{later} cites {earlier}"]
    context = data.get("context")
    if context is not None:
        lines.append(("influential · " if context.influential else "") + (", ".join(context.intents) or "no intent"))
        lines += [f"“{shorten(text)}”" for text, _ in context.contexts[:3]]
    return "\n".join(lines)


def _faded(colour: str, alpha: float = 0.35) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _edge_colour(colour: str, opacity: float) -> dict[str, Any]:
    """One colour whether the edge is plain, hovered or next to the selected node."""
    return {"color": colour, "highlight": colour, "hover": colour, "opacity": opacity}


def _node_colour(background: str, border: str) -> dict[str, Any]:
    state = {"background": background, "border": border}
    return {**state, "highlight": state, "hover": state}


def _group_id(section: str, year: int) -> str:
    return f"{GROUP_PREFIX}{section}:{year}"


def drawn_keys(
    graph: nx.DiGraph, facts: Mapping[str, NodeFacts], view: GraphView
) -> tuple[set[str], dict[str, list[str]]]:
    """Papers drawn one by one, and the others grouped by (section, year) when the library is large."""
    candidates = {
        k for k in (graph if view.keys is None else view.keys) if view.show_resources or not facts[k].resource
    }
    lineage = ({view.focus} | view.related) if view.focus else set()
    lineage = {k for k in lineage if k in candidates or k == view.focus}
    if len(candidates | lineage) <= view.full_limit:
        return candidates | lineage, {}
    # Large library: the focus, its direct neighbours, then the rest of its lineage by citations, up to the limit.
    full = {view.focus} if view.focus else set()
    if view.focus:
        around = [k for k in nx.all_neighbors(graph, view.focus) if k in candidates and k != view.focus]
        full.update(sorted(set(around), key=lambda k: (-facts[k].radius, k))[:NEIGHBOURS_LIMIT])
    further = sorted(lineage - full, key=lambda k: (-facts[k].radius, k))
    full.update(further[: max(0, view.full_limit - len(full))])
    groups: dict[str, list[str]] = defaultdict(list)
    for key in candidates - full:
        fact = facts[key]
        groups[_group_id(fact.section, fact.date[0])].append(key)
    for group in view.expanded & set(groups):
        full.update(groups.pop(group))
    return full, dict(groups)


def order_marks(graph: nx.DiGraph, focus: str) -> tuple[list[str], set[str]]:
    """The reading order to `focus`: its core path in reading order, and its background and further papers.

    The app keeps them per library content and focus (`GraphView.marks`), so a click costs no new order.
    """
    order = reading_order(graph, [focus])
    return (
        [item.key for item in order.items if item.tier == "core"],
        {item.key for item in order.items if item.tier != "core"},
    )


def curated(graph: nx.DiGraph) -> set[str]:
    """Papers with a curated link (builds on, or built on by): they take the first rows of their lanes."""
    return {k for u, v, data in graph.edges(data=True) if "builds_on" in data["kinds"] for k in (u, v)}


def library_placement(graph: nx.DiGraph, facts: Mapping[str, NodeFacts], show_resources: bool) -> Placement:
    """Every paper's place in the library (resources too when they are shown), whatever the focus or filters.

    Places depend on the library's content alone: the app keeps them per library content (`GraphView.placement`).
    """
    keys = [k for k in graph if show_resources or not facts[k].resource]
    items = [LayoutItem(k, facts[k].section, facts[k].date, facts[k].width) for k in keys]
    return place(items, first=curated(graph))


def build_drawing(graph: nx.DiGraph, facts: Mapping[str, NodeFacts], view: GraphView) -> Drawing:
    """Nodes at their places, edges styled by their nearness to the order's path, lanes, ticks, legend."""
    full, groups = drawn_keys(graph, facts, view)
    path: list[str] = []
    in_order: set[str] = set(view.in_order)
    if view.focus and view.path is None and not groups:
        path, in_order = view.marks or order_marks(graph, view.focus)
    elif view.path:
        path = list(view.path)
    path = [k for k in path if k in full]
    lineage = ({view.focus} | view.related | in_order) & full if view.focus else set(full)
    if not graph.number_of_edges():  # a fresh import, nothing linked yet: no lineage to set apart, so none is faded
        lineage = set(full)
    lineage |= set(path)
    group_labels = {gid: f"{len(keys)} papers" for gid, keys in groups.items()}
    titles = graph.graph.get("section_titles")  # an imported list's headings, by section slug
    if groups:  # a large library: what is drawn is placed afresh (its lineage in the first rows)
        items = [LayoutItem(k, facts[k].section, facts[k].date, facts[k].width) for k in full]
        for gid in groups:
            section, year = gid[len(GROUP_PREFIX) :].rsplit(":", 1)
            items.append(LayoutItem(gid, section, (int(year), 0), label_width(group_labels[gid]) + 12))
        placement = place(items, first=lineage)
    else:
        placement = view.placement or library_placement(graph, facts, view.show_resources)
    drawn_sections = {facts[k].section for k in full} | {g[len(GROUP_PREFIX) :].rsplit(":", 1)[0] for g in groups}
    placed_lanes = [lane for lane in placement.lanes if lane.section in drawn_sections]
    fills = {lane.section: LANE_FILLS[i % 2] for i, lane in enumerate(placed_lanes)}
    number = {key: n for n, key in enumerate(path, start=1)} if len(path) > 1 else {}  # no lone "1"
    on_path = set(path)
    strength = {k: (2 if k in on_path else 1 if k in lineage else 0) for k in full}
    if not path:  # no order to show: the lineage is the strongest mark, as before
        strength = {k: (2 if k in lineage else 0) for k in full}
    nodes = [
        _node(facts[k], placement.positions[k], strength[k], k == view.focus, number.get(k) if view.numbered else None)
        for k in sorted(full)
    ]
    for node in nodes:  # the label on its lane's own colour: lines passing under a label never cross its text
        node["font"]["background"] = fills[facts[node["id"]].section]
    for gid, keys in sorted(groups.items()):
        section = gid[len(GROUP_PREFIX) :].rsplit(":", 1)[0]
        lane_name = section_name(section, titles)
        x, y = placement.positions[gid]
        nodes.append({
            "id": gid, "label": group_labels[gid], "isGroup": True, "shape": "box", "x": x, "y": y,
            "labelWidth": label_width(group_labels[gid]) + 12,
            "color": {"background": "#ffffff", "border": section_colour(section)}, "borderWidth": 1,
            "shapeProperties": {"borderDashes": [4, 3]}, "font": {"size": 12, "color": "#555555"},
            "title": f"{len(keys)} papers of {lane_name}, {gid.rsplit(':', 1)[1]}: click to draw them",
        })  # fmt: skip
    edges, encodings = _edges(graph, facts, full, strength, view)
    lanes = [
        {
            "section": lane.section,
            "name": section_name(lane.section, titles),
            "colour": lane.colour,
            "fill": fills[lane.section],
            "top": lane.top,
            "bottom": lane.bottom,
        }
        for lane in placed_lanes
    ]
    ticks = [
        {"label": "undated" if t.year == UNDATED else str(t.year), "x": t.x, "width": t.width, "gap": t.gap_before}
        for t in placement.ticks
    ]
    legend = {
        "sections": [{"name": lane["name"], "colour": lane["colour"]} for lane in lanes],
        "read": any(facts[k].read for k in full),
        "sized": any(facts[k].cited for k in full),
        "groups": bool(groups),
        "path": bool(number) and view.numbered,
        "secondary": bool(path) and any(v == 1 for v in strength.values()),
        "faded": bool(view.focus) and any(v == 0 for v in strength.values()),
        **encodings,
    }
    fit = sorted(lineage | _time_neighbours(facts, full, view.focus, lineage, placement)) if view.focus else []
    candidates = graph if view.keys is None else view.keys
    left_out = [] if view.show_resources else [k for k in candidates if facts[k].resource]
    listed = sum(1 for k in left_out if facts[k].list_resource)
    grouped = sum(map(len, groups.values()))
    return Drawing(
        nodes, edges, lanes, ticks, fit, legend, len(full), grouped, len(edges), listed, len(left_out) - listed
    )


def _time_neighbours(
    facts: Mapping[str, NodeFacts], full: set[str], focus: str | None, lineage: set[str], placement: Placement
) -> set[str]:
    """For a focus with no lineage: the drawn papers of its lane nearest it in time, so the view shows it among
    them (not one dot on an empty canvas)."""
    if not focus or focus not in full or lineage - {focus}:
        return set()
    x = placement.positions[focus][0]
    lane = [k for k in full if k != focus and facts[k].section == facts[focus].section]
    return set(sorted(lane, key=lambda k: (abs(placement.positions[k][0] - x), k))[:NEIGHBOURS_IN_TIME])


def _node(
    fact: NodeFacts, position: tuple[float, float], strength: int, is_focus: bool, number: int | None
) -> dict[str, Any]:
    """A paper's dot and label: full colour on the path, paler for the rest of the lineage, faded outside it."""
    colour = section_colour(fact.section)
    shown = colour if strength == 2 else _faded(colour, 0.6 if strength == 1 else 0.35)
    size = fact.radius
    if number is not None:
        size = PATH_RADIUS
    node: dict[str, Any] = {
        "id": fact.key,
        "label": fact.label,
        "title": fact.tooltip,
        "shape": "dot",
        "x": position[0],
        "y": position[1],
        "size": MAX_RADIUS if is_focus else size,
        "labelWidth": label_width(fact.label),  # as drawn (fact.width, its room in the layout, keeps a tick's too)
        "color": _node_colour("#ffffff" if fact.read else shown, shown),
        "borderWidth": 4 if is_focus else (3 if fact.read else 1),
        "font": {
            "size": FONT_SIZE if strength else FADED_FONT_SIZE,
            "color": ("#111111", "#5f5f5f", "#8f8f8f")[2 - strength],
        },
    }
    if number is not None:
        node["order"] = number  # drawn inside the dot by lineage.js: white, or the border's colour on a read paper
        node["orderColour"] = colour if fact.read else "#ffffff"
    if is_focus or number is not None:
        node["font"]["bold"] = True
    return node


def _edges(
    graph: nx.DiGraph, facts: Mapping[str, NodeFacts], full: set[str], strength: dict[str, int], view: GraphView
) -> tuple[list[dict[str, Any]], dict[str, bool]]:
    """Edges among drawn papers: faded ones first, the lineage's next, the path's last (drawn on top)."""
    layers: list[list[dict[str, Any]]] = [[], [], []]
    present = {"builds_on": False, "cites": False, "intents": False, "influential": False}
    names = PaperNames(graph)
    for source in sorted(full):
        for target, data in graph.succ[source].items():
            if target not in full:
                continue
            builds = "builds_on" in data["kinds"]
            context = data.get("context")
            if (builds and not view.show_builds_on) or (not builds and not view.show_cites):
                continue
            if view.hide_background and not builds and context is not None and context.background_only:
                continue
            layer = min(strength[source], strength[target])
            influential = bool(context and context.influential)
            if layer == 2:
                colour = LINEAGE_EDGE if builds else intent_colour(context)
            elif layer == 1:
                colour = SIDE_EDGE if builds else FAINT_EDGE
            else:
                colour = FADED_EDGE
            # Time runs left to right, so a citation between two years needs no arrowhead (they piled up on labels).
            headed = builds or facts[source].date[0] == facts[target].date[0]
            width = (3.5 if builds else 1.2) if layer == 2 else (2.0 if builds else 1.0) if layer == 1 else 1.0
            layers[layer].append({
                "from": source, "to": target, "dashes": not builds,
                "arrows": {"to": {"enabled": headed, "scaleFactor": 0.6 if builds else 0.4}},
                "title": edge_title(names(target), names(source), data, names),
                "width": width + (1.5 if influential and layer == 2 else 0),
                "color": _edge_colour(colour, 1.0 if builds or layer == 2 else 0.75),
            })  # fmt: skip
            present["builds_on" if builds else "cites"] = True
            present["intents"] |= layer == 2 and not builds and colour != CITATION_EDGE
            present["influential"] |= influential and layer == 2
    return [edge for layer in layers for edge in layer], present


def lineage_of(graph: nx.DiGraph, key: str, depth: int) -> set[str]:
    """Ancestors and descendants of `key` up to `depth` steps (without copying the graph)."""
    up = nx.single_source_shortest_path_length(graph.reverse(copy=False), key, cutoff=depth)
    down = nx.single_source_shortest_path_length(graph, key, cutoff=depth)
    return (set(up) | set(down)) - {key}


def years_of(facts: Iterable[NodeFacts]) -> list[int]:
    return sorted({f.date[0] for f in facts if f.date[0] != UNDATED})


DEFAULT_FOCUS = "ouyang2022training"  # InstructGPT: the question the shipped library answers


def default_focus(graph: nx.DiGraph) -> str | None:
    """InstructGPT when the library holds it, else the paper with the most links (None for an empty library); a
    resource (hidden by default) only in a library of resources alone."""
    if DEFAULT_FOCUS in graph:
        return DEFAULT_FOCUS
    return max(graph, key=lambda k: (not entry_of(graph, k).is_resource, graph.degree(k), k), default=None)
