"""The library as a lineage graph, and the queries on it: a reading order, a paper's lineage, what the graph holds.

The graph carries the cached citation contexts (intents, influence, sentences); papers are named as people name
them, and how each was found goes to `notify`. Nothing here writes the library; only the cache is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..enrich import load_citation_contexts
from ..graph import LineageStep, build_graph, lineage_tree
from ..order import ReadingOrder, prerequisites_within, reading_order
from ..store import load_library
from . import Outcome
from .which_paper import Notify, ignore, unreadable_note

if TYPE_CHECKING:
    import networkx as nx

    from ..sources.cache import ResponseCache


def load_graph(library: Path, cache: ResponseCache, notify: Notify = ignore) -> nx.DiGraph:
    """The library's graph with every cached citation context between its papers."""
    loaded = load_library(library)
    if note := unreadable_note(loaded):
        notify("warning", note)
    entries = loaded.resolved_entries()
    return build_graph(entries, load_citation_contexts(entries, cache))


def named(graph: nx.DiGraph, query: str, notify: Notify = ignore) -> str:
    """The key of the paper `query` names in the graph (key, id, common name, title words, author and year)."""
    from ..resolve import PaperIndex

    index = PaperIndex(entry for _, entry in graph.nodes(data="entry"))
    key = index.resolve(query)
    if key.lower() != query.strip().lower():
        notify("info", f"{query} → {index.describe(key)}")
    return key


@dataclass(frozen=True)
class OrderRequest:
    """A reading order up to `targets` (names), within `sections`, of unread papers only when asked, and how many."""

    library: Path
    targets: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    unread_only: bool = False
    budget: int | None = None  # papers in all, the targets included (0 or None: all)
    before_targets: int | None = None  # the old form: at most this many papers before the targets


@dataclass
class OrderReport:
    """The order, the graph it was read from (for exports that draw it) and the resolved targets."""

    order: ReadingOrder
    graph: nx.DiGraph
    targets: list[str]
    outcome: Outcome = field(default_factory=Outcome)


def order(request: OrderRequest, cache: ResponseCache, notify: Notify = ignore) -> OrderReport:
    """Every paper after what it builds on or cites, each with its reason; cycles and cuts said as next steps."""
    graph = load_graph(request.library, cache, notify)
    targets = [named(graph, target, notify) for target in request.targets]
    room = prerequisites_within(request.budget, targets) if request.budget else request.before_targets
    result = reading_order(graph, targets, list(request.sections), request.unread_only, room)
    report = OrderReport(result, graph, targets)
    report.outcome.next_steps += list(result.cycle_notes)
    if result.left_out:
        report.outcome.next_steps.append(result.left_out_summary())
    return report


@dataclass(frozen=True)
class LineageRequest:
    """The lineage of the paper `paper` names: up (what it builds on), down (what builds on it), or both."""

    library: Path
    paper: str
    directions: tuple[str, ...] = ("up",)
    depth: int = 3


@dataclass
class LineageReport:
    """The paper's key, the graph, and per direction the tree's lines (level, key, parent, edge data)."""

    key: str
    graph: nx.DiGraph
    lines: dict[str, list[tuple[int, str, str, LineageStep]]]
    outcome: Outcome = field(default_factory=Outcome)


def lineage(request: LineageRequest, cache: ResponseCache, notify: Notify = ignore) -> LineageReport:
    """The lineage tree in each direction asked, a paper met twice marked as repeated."""
    from ..errors import ReadingListError

    if request.depth < 1:
        raise ReadingListError(f"depth {request.depth}: give 1 or more (1 = the papers linked to it directly)")
    graph = load_graph(request.library, cache, notify)
    key = named(graph, request.paper, notify)
    lines = {d: list(lineage_tree(graph, key, d, request.depth)) for d in request.directions}
    report = LineageReport(key, graph, lines)
    unfetched = any(
        "cites" in data["kinds"] and data.get("context") is None for rows in lines.values() for *_, data in rows
    )
    if unfetched:
        report.outcome.next_steps.append("enrich with citation contexts to see why the marked papers are cited")
    return report
