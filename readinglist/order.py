"""Reading orders: every paper after its prerequisites, with the reason it is on the list (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .citations import shorten
from .graph import break_cycles, entry_of, sort_date
from .models import Entry


@dataclass
class OrderItem:
    key: str
    entry: Entry
    reason: str
    is_target: bool = False
    needed_by: list[str] = field(default_factory=list)


@dataclass
class ReadingOrder:
    items: list[OrderItem]
    set_aside: list[tuple[str, str]]  # cycle edges (prerequisite, dependent) ignored, each back in time
    targets: list[str]


def select_keys(graph: nx.DiGraph, targets: list[str], sections: list[str]) -> set[str]:
    """Targets plus everything they transitively build on or cite; else the sections; else everything."""
    if targets:
        keys = set(targets)
        for target in targets:
            keys |= nx.ancestors(graph, target)
        return keys
    if sections:
        return {k for k, entry in graph.nodes(data="entry") if set(entry.list_field("section")) & set(sections)}
    return {k for k, entry in graph.nodes(data="entry") if not entry.is_resource}  # papers and posts, not datasets


def reading_order(
    graph: nx.DiGraph,
    targets: list[str] | None = None,
    sections: list[str] | None = None,
    unread_only: bool = False,
    max_items: int | None = None,
) -> ReadingOrder:
    """Order the chosen papers so each comes after its prerequisites; deterministic on every run.

    Ties go to the earlier date, then to the paper more papers in the order depend on directly, then to the key.
    """
    targets = list(dict.fromkeys(targets or []))
    keys = select_keys(graph, targets, sections or [])
    dag = graph.copy() if len(keys) == len(graph) else graph.subgraph(keys).copy()
    set_aside = break_cycles(dag)
    if targets and max_items is not None:
        dag = _budget(dag, targets, max_items)
    dependents = dependent_counts(dag)
    dates = {key: sort_date(entry) for key, entry in dag.nodes(data="entry")}
    order = nx.lexicographical_topological_sort(dag, key=lambda k: (*dates[k], -dependents[k], k))
    labels = {key: entry.short_label for key, entry in dag.nodes(data="entry")}
    items = [_item(dag, key, targets, dates, labels) for key in order]
    if unread_only:
        items = [item for item in items if item.entry.status != "read"]
    return ReadingOrder(items, set_aside, targets)


def dependent_counts(dag: nx.DiGraph) -> dict[str, int]:
    """How many papers depend on each paper, directly or not: one pass with integers as bit sets.

    >>> dependent_counts(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    {'a': 2, 'b': 1, 'c': 0}
    """
    index = {key: i for i, key in enumerate(dag)}
    below: dict[str, int] = {}
    for key in reversed(list(nx.topological_sort(dag))):
        bits = 0
        for later in dag.successors(key):
            bits |= below[later] | (1 << index[later])
        below[key] = bits
    return {key: below[key].bit_count() for key in dag}


def _budget(dag: nx.DiGraph, targets: list[str], max_items: int) -> nx.DiGraph:
    """Keep the targets and the `max_items` prerequisites with most paths to them, then most citations.

    Order constraints between kept papers come from reachability in the full graph, so dropping a
    paper in between never loses "A before C".
    """
    paths = _paths_to_targets(dag, set(targets))
    prerequisites = [k for k in dag if k not in targets]
    ranked = sorted(prerequisites, key=lambda k: (-paths[k], -citation_weight(dag, k), k))
    kept = set(targets) | set(ranked[: max(0, max_items)])
    budget = nx.DiGraph()
    for key in kept:
        budget.add_node(key, **dag.nodes[key])
    for key in kept:
        for later in nx.descendants(dag, key) & kept:
            data = dag.get_edge_data(key, later) or {"kinds": ("via",), "note": ""}
            budget.add_edge(key, later, **data)
    return budget


def _paths_to_targets(dag: nx.DiGraph, targets: set[str]) -> dict[str, int]:
    paths: dict[str, int] = {}
    for key in reversed(list(nx.topological_sort(dag))):
        paths[key] = (1 if key in targets else 0) + sum(paths[s] for s in dag.successors(key))
    return paths


def citation_weight(graph: nx.DiGraph, key: str) -> int:
    """Global citation count when enriched, else how many library papers point to it."""
    count = entry_of(graph, key).get("citationcount")
    return int(count) if count.isdigit() else graph.in_degree(key) + graph.out_degree(key)


def _item(
    dag: nx.DiGraph, key: str, targets: list[str], dates: dict[str, tuple[int, int]], labels: dict[str, str]
) -> OrderItem:
    entry = entry_of(dag, key)
    builds, cited_by, via = [], [], []
    for later in sorted(dag.successors(key), key=lambda k: (dates[k], k)):
        data = dag.edges[key, later]
        label = labels[later]
        context = data.get("context")
        quote = context.best() if context else None
        said = (
            f" ({', '.join(quote[1])}): “{shorten(quote[0])}”"
            if quote and quote[1]
            else (f": “{shorten(quote[0])}”" if quote else "")
        )
        if "builds_on" in data["kinds"]:
            builds.append(
                f"{label} builds on it"
                + (f": {data['note']}" if data.get("note") else "")
                + (f"; in its words{said}" if said else "")
            )
        elif "cites" in data["kinds"] and said:
            builds.append(f"{label} cites it{said}")
        elif "cites" in data["kinds"]:
            cited_by.append(label)
        else:
            via.append(label)
    parts = []
    if key in targets:
        parts.append("your target")
    parts += builds
    if cited_by:
        parts.append("cited by " + _join(cited_by))
    if via:
        parts.append("leads to " + _join(via))
    reason = "; ".join(parts) or "in the chosen sections"
    return OrderItem(key, entry, reason, key in targets, list(dag.successors(key)))


def _join(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
