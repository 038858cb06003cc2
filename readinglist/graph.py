"""The lineage graph: one node per entry, edges from prerequisite to dependent (pure, no I/O).

Edges carry `builds_on` (curated lineage, with the list's words in `note`) and/or `cites` (citation data).

>>> from readinglist.models import Entry
>>> g = build_graph([Entry("a2017x", "misc", {"year": "2017"}),
...                  Entry("b2019y", "misc", {"year": "2019", "builds_on": "a2017x", "cites": "a2017x"})])
>>> sorted(g.edges(data="kinds"))
[('a2017x', 'b2019y', ('builds_on', 'cites'))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx

from .citations import CitationContext
from .models import Entry, parse_notes

EDGE_KINDS = ("builds_on", "cites")


def build_graph(entries: Iterable[Entry], contexts: dict[tuple[str, str], CitationContext] | None = None) -> nx.DiGraph:
    """Nodes keyed by citation key with the entry in `entry`; edges prerequisite -> dependent.

    `contexts` ((cited, citing) -> CitationContext, from the enrichment cache) go on the edges as `context`.
    """
    graph = nx.DiGraph()
    entries = list(entries)
    canonical = {e.key.lower(): e.key for e in entries}
    for entry in entries:
        graph.add_node(entry.key, entry=entry)
    for entry in entries:
        notes = {k.lower(): v for k, v in parse_notes(entry.get("builds_on_note")).items()}
        for kind in EDGE_KINDS:
            for ref in entry.list_field(kind):
                source = canonical.get(ref.lower())
                if source is None or source == entry.key:
                    continue
                data = graph.get_edge_data(source, entry.key)
                if data is None:
                    graph.add_edge(source, entry.key, kinds=(kind,), note="")
                    data = graph.edges[source, entry.key]
                elif kind not in data["kinds"]:
                    data["kinds"] = (*data["kinds"], kind)
                if kind == "builds_on":
                    data["note"] = notes.get(ref.lower(), "")
    for (cited, citing), context in (contexts or {}).items():
        if graph.has_edge(cited, citing):
            graph.edges[cited, citing]["context"] = context
    return graph


def entry_of(graph: nx.DiGraph, key: str) -> Entry:
    return graph.nodes[key]["entry"]


def sort_date(entry: Entry) -> tuple[int, int]:
    """(year, month) of the earliest known version: the entry's date, or its arXiv id's if earlier."""
    dates = []
    if entry.year:
        dates.append((entry.year, entry.month or 0))
    match = re.fullmatch(r"(\d\d)(\d\d)\.\d{4,5}(v\d+)?", entry.get("eprint"))
    if match and 1 <= int(match.group(2)) <= 12:
        dates.append((2000 + int(match.group(1)), int(match.group(2))))
    return min(dates) if dates else (9999, 0)


def break_cycles(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Make the graph acyclic in place; return the edges set aside, each pointing back in time.

    Inside each strongly connected component, an edge whose prerequisite is dated after (or, at the same
    date, keyed after) its dependent goes against the order of the component, so it is set aside.
    Real citation cycles come from preprints citing each other's later versions.

    >>> g = nx.DiGraph([("truthfulqa", "instructgpt"), ("instructgpt", "truthfulqa")])
    >>> g.nodes["truthfulqa"]["entry"] = Entry("truthfulqa", "misc", {"eprint": "2109.07958"})
    >>> g.nodes["instructgpt"]["entry"] = Entry("instructgpt", "misc", {"eprint": "2203.02155"})
    >>> break_cycles(g)
    [('instructgpt', 'truthfulqa')]
    """
    removed: list[tuple[str, str]] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        rank = {key: (sort_date(entry_of(graph, key)), key) for key in component}
        for source, target in sorted(graph.subgraph(component).edges()):
            if rank[source] > rank[target]:
                removed.append((source, target))
    graph.remove_edges_from(removed)
    return removed


def lineage_tree(
    graph: nx.DiGraph, key: str, direction: str = "up", depth: int = 3
) -> list[tuple[int, str, str, dict]]:
    """Depth-first (level, key, parent, edge data) lines: what `key` builds on (up) or what builds on it (down)."""
    lines: list[tuple[int, str, str, dict]] = []
    seen = {key}

    def walk(node: str, level: int) -> None:
        if level > depth:
            return
        neighbours = graph.predecessors(node) if direction == "up" else graph.successors(node)
        for other in sorted(neighbours, key=lambda k: (sort_date(entry_of(graph, k)), k)):
            data = graph.edges[other, node] if direction == "up" else graph.edges[node, other]
            repeated = other in seen
            lines.append((level, other, node, {**data, "repeated": repeated}))
            if not repeated:
                seen.add(other)
                walk(other, level + 1)

    walk(key, 1)
    return lines
