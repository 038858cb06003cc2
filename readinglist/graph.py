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
from typing import NotRequired, TypedDict, cast

import networkx as nx

from .citations import CitationContext
from .models import Entry, parse_notes

EDGE_KINDS = ("builds_on", "cites")
_NEW_EPRINT = re.compile(r"(\d\d)(\d\d)\.\d{4,5}(v\d+)?")
# Every edge shares one of these tuples: an edge dict holding only strings and untracked tuples stays
# untracked by the garbage collector, which then never walks the 100,000 edges of a large library.
_KINDS: dict[tuple[str, ...], tuple[str, ...]] = {(kind,): (kind,) for kind in EDGE_KINDS} | {
    (first, kind): (first, kind) for first in EDGE_KINDS for kind in EDGE_KINDS if first != kind
}


class Edge(TypedDict):
    """One edge's attributes, prerequisite -> dependent: `kinds` (`builds_on`, `cites` or both, one shared tuple),
    the list's words on a curated link (`note`, '' when none) and the citation's contexts when they are cached."""

    kinds: tuple[str, ...]
    note: str
    context: NotRequired[CitationContext]


class LineageStep(Edge):
    """An edge as `lineage_tree` lists it: `repeated` when the paper was already listed higher up the tree."""

    repeated: bool


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
        edges: dict[tuple[str, str], Edge] = {}
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


def _filled_graph(entries: list[Entry], edges: dict[tuple[str, str], Edge]) -> nx.DiGraph:
    """The graph through networkx's public API (its adjacency dicts are networkx's to write)."""
    graph = nx.DiGraph()
    graph.add_nodes_from((entry.key, {"entry": entry}) for entry in entries)
    graph.add_edges_from((source, target, data) for (source, target), data in edges.items())
    return graph


def entry_of(graph: nx.DiGraph, key: str) -> Entry:
    return cast(Entry, graph.nodes[key]["entry"])


def edge_of(graph: nx.DiGraph, prerequisite: str, dependent: str) -> Edge:
    """The typed attributes of the edge prerequisite -> dependent (networkx keeps them in a plain dict)."""
    return cast(Edge, graph.edges[prerequisite, dependent])


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
) -> list[tuple[int, str, str, LineageStep]]:
    """Depth-first (level, key, parent, edge data) lines: what `key` builds on (up) or what builds on it (down)."""
    lines: list[tuple[int, str, str, LineageStep]] = []
    seen = {key}

    def walk(node: str, level: int) -> None:
        if level > depth:
            return
        neighbours = graph.predecessors(node) if direction == "up" else graph.successors(node)
        for other in sorted(neighbours, key=lambda k: (sort_date(entry_of(graph, k)), k)):
            data = edge_of(graph, other, node) if direction == "up" else edge_of(graph, node, other)
            repeated = other in seen
            lines.append((level, other, node, LineageStep(**data, repeated=repeated)))
            if not repeated:
                seen.add(other)
                walk(other, level + 1)

    walk(key, 1)
    return lines
