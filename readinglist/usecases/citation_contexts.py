"""Why library papers cite each other: each citation's context sentences, intents and influence, fetched from the
source that lists a paper's references and kept in the cache (one request per citing paper, then never again).

`run` fetches what a few edges need (the `why` question, the app's detail panel); the whole library's are a phase
of the enrich use case (`enrich --contexts`, the app's lookups); `plan` says, without a request, which edges have
their answer already and which still need one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..citations import CitationContext
from ..enrich import contexts_unfetched, fetch_edge_context
from ..errors import ReadingListError
from ..models import Entry
from ..sources import ResponseCache, Sources
from ..store import load_library
from . import Outcome

Edge = tuple[str, str]  # (cited key, citing key), the graph's direction
Progress = Callable[[int, int], None]  # (done, total) citing papers asked


@dataclass(frozen=True)
class EdgesRequest:
    """The contexts of these edges of the library: `(cited key, citing key)` each."""

    library: Path
    edges: tuple[Edge, ...]


@dataclass
class EdgesReport:
    """The context of each edge that has one now (fetched or cached already), and the requests it took."""

    contexts: dict[Edge, CitationContext] = field(default_factory=dict)
    requests: int = 0
    outcome: Outcome = field(default_factory=Outcome)


def run(request: EdgesRequest, sources: Sources) -> EdgesReport:
    """Ask once per citing paper whose references are not cached; a source's failure stops the asking and is said
    in the report (what came before it stays cached)."""
    entries = load_library(request.library).resolved_entries()
    ids = {entry.key: entry.get("s2id") for entry in entries}
    report = EdgesReport()
    before = sources.requests
    for cited, citing in request.edges:
        if not ids.get(citing):
            report.outcome.next_steps.append(f"{citing} is not known to the source yet: enrich it, then ask again")
            continue
        try:
            context = fetch_edge_context(entries, sources, cited, citing)
        except ReadingListError as error:
            report.outcome.failed.append(str(error))
            break
        if context is not None:
            report.contexts[(cited, citing)] = context
            report.outcome.changed.append(f"why {citing} cites {cited}: {len(context.contexts)} context(s) cached")
    report.requests = sources.requests - before
    return report


@dataclass
class ContextsPlan:
    """Of some edges without contexts: those whose citing paper was asked already (the source gives no context),
    those still waiting, and among these the ones a request can answer now (their citing paper has an id)."""

    answered: list[Edge]
    waiting: list[Edge]
    to_ask: list[Edge]

    @property
    def requests(self) -> int:
        """One per citing paper to ask."""
        return len({citing for _, citing in self.to_ask})


def plan(entries: list[Entry], edges: list[Edge], cache: ResponseCache) -> ContextsPlan:
    """Read the cache only: which of `edges` (without contexts) a request would help."""
    unfetched = set(contexts_unfetched(entries, sorted({citing for _, citing in edges}), cache))
    with_id = {entry.key for entry in entries if entry.get("s2id")}
    answered = [(cited, citing) for cited, citing in edges if citing in with_id and citing not in unfetched]
    waiting = [edge for edge in edges if edge not in answered]
    return ContextsPlan(answered, waiting, [(cited, citing) for cited, citing in waiting if citing in unfetched])
