"""Enrich the library: ids, counts and in-library citations from the sources, then (when asked) who cites each
paper and why papers cite each other. Papers are named as people name them; the report says what changed, what
failed, what to do next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..enrich import PER_PAPER_FAILURES as PER_PAPER_FAILURES  # a per-paper phase's failure starts so
from ..enrich import RunReport, enrich_library, fetch_citing, fetch_contexts
from ..sources import Sources
from ..store import load_library
from . import Outcome
from .which_paper import Notify, ignore, said_all

# (phase, done, total): the batch calls of the look-up, then one call per paper for who cites it, then one per
# citing paper for why it cites library papers; `UNITS` says what `done` and `total` count in each
Progress = Callable[[str, int, int], None]
PHASES = ("Looking up", "Who cites each paper", "Why papers cite each other")
UNITS = dict(zip(PHASES, ("requests", "papers", "citing papers"), strict=True))


@dataclass(frozen=True)
class EnrichRequest:
    """Which papers (names; none: every paper) and how: from the cache only, afresh, with contexts or citing papers."""

    library: Path
    papers: tuple[str, ...] = ()
    refresh: bool = False
    offline: bool = False
    contexts: bool = False  # then fetch why library papers cite each other
    citing: bool = False  # also cache who cites each paper (for suggestions)


@dataclass
class EnrichReport:
    """What enrichment did (`details`) and how many requests it made."""

    details: RunReport
    requests: int
    contexts: bool
    citing: bool = False
    not_reached: list[str] = field(default_factory=list)  # phases asked for that a stopped run did not reach
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def ok(self) -> bool:
        return self.details.ok


def run(
    request: EnrichRequest, sources: Sources, notify: Notify = ignore, progress: Progress | None = None
) -> EnrichReport:
    """Batch calls first; the phases of one call per paper follow unless a phase before stopped asking (a source
    unreachable or failing); a paper that alone failed does not hold the others back."""
    keys = None
    if request.papers:
        library = load_library(request.library)
        keys = said_all(library, list(request.papers), notify)

    def phase(name: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: progress(name, done, total)) if progress else None

    details = enrich_library(
        request.library,
        sources,
        keys,
        refresh=request.refresh,
        offline=request.offline,
        progress=phase(PHASES[0]),
    )
    not_reached: list[str] = []
    for name, wanted, fetch in (
        (PHASES[1], request.citing, fetch_citing),
        (PHASES[2], request.contexts, fetch_contexts),
    ):
        if not wanted:
            continue
        if details.stopped:  # a phase before stopped asking: say this one was not reached
            not_reached.append(name)
            continue
        fetch(
            request.library,
            sources,
            keys,
            refresh=request.refresh,
            offline=request.offline,
            progress=phase(name),
            report=details,
        )
    report = EnrichReport(details, sources.requests, request.contexts, request.citing, not_reached)
    _outcome(report)
    return report


def _outcome(report: EnrichReport) -> None:
    d, outcome = report.details, report.outcome
    outcome.changed += [f"{key}: {', '.join(names)} filled in" for key, names in d.updated.items()]
    if report.contexts and PHASES[2] not in report.not_reached:
        outcome.changed.append(f"citation contexts cached for {d.contexts} paper(s)")
    if report.citing and PHASES[1] not in report.not_reached:
        outcome.changed.append(f"citing papers cached for {d.citing} paper(s)")
    if report.not_reached:
        phases = " and ".join(name.lower() for name in report.not_reached)
        outcome.next_steps.append(f"look up again later for {phases}: the run stopped before it")
    outcome.failed += list(d.failed) + [f"{item} was not found" for item in d.not_found]
    if d.not_filled:
        outcome.next_steps.append(f"enrich again online to fill {', '.join(d.not_filled)} (not in the cache)")
    if d.skipped:
        outcome.next_steps.append("give the skipped papers an arXiv id, DOI or Semantic Scholar id by hand")
