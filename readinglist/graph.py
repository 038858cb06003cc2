"""The lineage graph: one node per entry, edges from prerequisite to dependent (pure, no I/O).

Edges carry `builds_on` (curated lineage, with the list's words in `note`) and/or `cites` (citation data).

>>> from readinglist.models import Entry
>>> g = build_graph([Entry("a2017x", "misc", {"year": "2017"}),
...                  Entry("b2019y", "misc", {"year": "2019", "builds_on": "a2017x", "cites": "a2017x"})])
>>> sorted(g.edges(data="kinds"))
[('a2017x', 'b2019y', ('builds_on', 'cites'))]
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import networkx as nx

from .citations import CitationContext
from .models import Entry, parse_notes

EDGE_KINDS = ("builds_on", "cites")
_NEW_EPRINT = re.compile(r"(\d\d)(\d\d)\.\d{4,5}(v\d+)?")
# Every edge shares one of these tuples: an edge dict holding only strings and untracked tuples stays
# untracked by the garbage collector, which then never walks the 100,000 edges of a large library.
_KINDS = {(kind,): (kind,) for kind in EDGE_KINDS} | {
    (first, kind): (first, kind) for first in EDGE_KINDS for kind in EDGE_KINDS if first != kind
}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Bulk construction makes hundreds of thousands of small objects and no garbage cycles: the collector
    would only rescan the whole heap again and again (a large share of the build time at 50,000 papers)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What was built is long-lived: freeze + unfreeze moves it straight to the oldest generation, so
            # the young-generation passes that follow do not walk it all again (nothing stays frozen).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def build_graph(entries: Iterable[Entry], contexts: dict[tuple[str, str], CitationContext] | None = None) -> nx.DiGraph:
    """Nodes keyed by citation key with the entry in `entry`; edges prerequisite -> dependent.

    `contexts` ((cited, citing) -> CitationContext, from the enrichment cache) go on the edges as `context`.
    """
    with paused_gc():
        entries = list(entries)
        exact = {e.key: e.key for e in entries}
        canonical = {e.key.lower(): e.key for e in entries}
        edges: dict[tuple[str, str], dict] = {}
        for entry in entries:
            notes: dict[str, str] | None = None
            for kind in EDGE_KINDS:
                for ref in (entry.fields.get(kind) or "").split(","):
                    ref = ref.strip()
                    source = exact.get(ref) or canonical.get(ref.lower())
                    if source is None or source == entry.key:
                        continue
                    data = edges.get((source, entry.key))
                    if data is None:
                        data = edges[source, entry.key] = {"kinds": _KINDS[(kind,)], "note": ""}
                    elif kind not in data["kinds"]:
                        data["kinds"] = _KINDS[(*data["kinds"], kind)]
                    if kind == "builds_on":
                        if notes is None:
                            notes = {k.lower(): v for k, v in parse_notes(entry.get("builds_on_note")).items()}
                        data["note"] = notes.get(ref.lower(), "")
        for (cited, citing), context in (contexts or {}).items():
            if (cited, citing) in edges:
                edges[cited, citing]["context"] = context
        return _filled_graph(entries, edges)


def _filled_graph(entries: list[Entry], edges: dict[tuple[str, str], dict]) -> nx.DiGraph:
    """The DiGraph networkx's add_nodes_from/add_edges_from would make, written into its adjacency dicts
    directly: add_edges_from copies every edge's dict and checks every node again, 40% of a 10,000-paper
    build. tests/test_order.py checks the result equals the public path's."""
    graph = nx.DiGraph()
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    for entry in entries:
        nodes[entry.key] = {"entry": entry}
    for key in nodes:
        succ[key] = {}
        pred[key] = {}
    for (source, target), data in edges.items():
        succ[source][target] = data
        pred[target][source] = data
    return graph


def entry_of(graph: nx.DiGraph, key: str) -> Entry:
    return graph.nodes[key]["entry"]


def sort_date(entry: Entry) -> tuple[int, int]:
    """(year, month) of the earliest known version: the entry's date, or its arXiv id's if earlier."""
    dates = []
    if entry.year:
        dates.append((entry.year, entry.month or 0))
    eprint = entry.get("eprint")
    match = _NEW_EPRINT.fullmatch(eprint) if eprint else None
    if match and 1 <= int(match.group(2)) <= 12:
        dates.append((2000 + int(match.group(1)), int(match.group(2))))
    return min(dates) if dates else (9999, 0)


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
