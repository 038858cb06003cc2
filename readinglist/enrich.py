"""Use cases that talk to the sources: add papers by id, enrich the library, fetch citation contexts.

The look-up (`add`, `enrich`) makes batch calls: at most ceil(N/500) Semantic Scholar and ceil(N/100) arXiv
requests for N papers (ids, counts, abstracts, references and so `cites`), one title-match request for each paper
that has no id at all, and one Crossref request per DOI when Crossref is configured. Two phases of one call per
paper may follow: who cites each paper (`fetch_citing`, `enrich --citing`, for suggestions) and why papers cite
each other (`fetch_contexts`, `enrich --contexts`: the reference endpoint, one request per library paper whose
references reach another library paper); `why` asks for one edge on demand.

Every answer goes through the cache; the library is written atomically after each batch, so a failure
mid-run keeps what was already fetched and a second run starts where the first stopped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .citations import CitationContext, edge_contexts
from .errors import WORK_OFFLINE, NotFoundError, OfflineError, RateLimitedError, SourceError, UnreachableError
from .identity import KeyIndex, normalise_title
from .ids import PaperId, parse_paper_id
from .mapping import build_entry, enrichment_changes
from .models import Entry, order_fields
from .records import ExternalPaper, Reference
from .sources.base import TitleMatching
from .sources.cache import ResponseCache
from .sources.lookup import pending, read_through
from .sources.stored import cached_papers, cached_references
from .store import NoteStore, edit_library, load_library
from .store.bibfile import check_value

if TYPE_CHECKING:
    from .sources import Sources

Progress = Callable[[int, int], None]  # (done, total) requests
# How a per-paper phase's failure starts ("citing papers of KEY: …"): readers tell them from the look-up's own
CITING_FAILED, CONTEXTS_FAILED = "citing papers of", "contexts of"
PER_PAPER_FAILURES = (f"{CITING_FAILED} ", f"{CONTEXTS_FAILED} ")
__all__ = [
    "PER_PAPER_FAILURES",
    "RunReport",
    "add_papers",
    "cached_records",
    "contexts_unfetched",
    "enrich_library",
    "fetch_citing",
    "fetch_contexts",
    "fetch_edge_context",
    "load_citation_contexts",
]


@dataclass
class RunReport:
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    already: dict[str, str] = field(default_factory=dict)  # pasted id -> key holding it
    not_found: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # messages
    skipped: list[str] = field(default_factory=list)  # no id, and a title match found none (or a different paper)
    not_filled: list[str] = field(default_factory=list)  # offline: keys the cache could not fill
    contexts: int = 0  # papers whose citation contexts are now cached
    citing: int = 0  # papers whose citing papers are now cached
    stopped: bool = False  # a source could not be reached or kept failing: the run stopped asking

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.skipped)} skipped",
            f"{len(self.not_found)} not found",
            f"{len(self.failed)} failed",
        ]
        if self.not_filled:
            parts.append(f"{len(self.not_filled)} not filled offline")
        return ", ".join(parts)

    @property
    def ok(self) -> bool:
        """All that was asked was done: nothing failed, every id was found (skipped papers are not failures)."""
        return not (self.not_found or self.failed)


class _Counter:
    """Advances a progress callback once per request."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0
        if progress and total:  # callers divide by the total: never call with 0
            progress(0, total)

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(min(self.done, self.total), max(self.total, self.done))


# -- title match for entries without any id -----------------------------------------------------------------


def _title_match(
    entry: Entry, sources: Sources, *, refresh: bool, offline: bool, counter: _Counter
) -> tuple[ExternalPaper | None, str]:
    """(the accepted match, a note for the report when none was accepted)."""
    title = normalise_title(entry.title)
    if not title:
        return None, f"{entry.key}: no arXiv id, DOI, s2id or title to look it up by"
    matcher = sources.title_matcher()
    found = read_through(
        sources.cache,
        f"{matcher.name}match",
        [title],
        lambda ids: _match(matcher, entry.title, ids[0]),
        matcher.parse,
        per_request=1,
        offline=offline,
        refresh=refresh,
        on_request=counter.tick,
    )
    candidate = found.found.get(title)
    if candidate is None:
        how = "not tried offline" if found.uncached else f"{matcher.label} has no paper of that title"
        return None, f"{entry.key}: no arXiv id, DOI or s2id, and a title match found nothing ({how})"
    same_title = normalise_title(candidate.title) == title
    close_year = entry.year is None or candidate.year is None or abs(entry.year - candidate.year) <= 1
    if same_title and close_year:
        return candidate, ""
    return None, (
        f"{entry.key}: no arXiv id, DOI or s2id; the title match is “{candidate.title}” "
        f"({candidate.year or 'no year'}, {candidate.best_id}), not the same paper by title and year; "
        "if it is, set its id by hand"
    )


def _match(matcher: TitleMatching, title: str, ident: str) -> tuple[dict[str, tuple[Any, ExternalPaper]], list[str]]:
    raw = matcher.match_title(title)
    return ({ident: (raw, matcher.parse(raw))}, []) if raw is not None else ({}, [ident])


# -- enrich ------------------------------------------------------------------------------------------------


def enrich_library(
    path: Path,
    sources: Sources,
    keys: list[str] | None = None,
    *,
    refresh: bool = False,
    offline: bool = False,
    batch_size: int = 500,
    progress: Progress | None = None,
    today: str | None = None,
) -> RunReport:
    """Fill identifiers, counts and in-library citations for the given keys (default: every paper).

    Batch calls only: who cites each paper (`fetch_citing`) and why they cite each other (`fetch_contexts`) are
    phases of their own, one call per paper, which the use case runs after this one.
    """
    report = RunReport()
    library = load_library(path)
    entries = [library.entry(k) for k in keys] if keys else [e for e in library.entries() if e.kind == "paper"]
    matcher = sources.title_matcher()
    no_id = [e for e in entries if not matcher.lookup_id(e.fields)]
    planned = len(
        pending(sources.cache, f"{matcher.name}match", [normalise_title(e.title) for e in no_id], refresh=refresh)
    )
    for source in sources.metadata:
        asked = [i for e in entries if (i := source.lookup_id(e.fields))]
        planned += math.ceil(len(pending(sources.cache, source.name, asked, refresh=refresh)) / source.ids_per_request)
    counter = _Counter(progress, 0 if offline else planned)
    targets: list[tuple[str, dict[str, str]]] = []
    for entry in entries:
        ids = {s.name: i for s in sources.metadata if (i := s.lookup_id(entry.fields))}
        if matcher.name not in ids:  # the title matcher is the source every entry must be known to
            try:
                match, note = _title_match(entry, sources, refresh=refresh, offline=offline, counter=counter)
            except UnreachableError as err:  # every other request would fail the same way: make none
                report.failed.append(nothing_fetched(err, len(entries)))
                report.stopped = True
                return report
            except RateLimitedError as err:  # the run's wait budget is spent: stop asking
                report.failed.append(rate_limited(err, len(entries)))
                report.stopped = True
                return report
            except SourceError as err:
                report.failed.append(f"{entry.key}: title match: {err}")
                continue
            if match is None:
                report.skipped.append(note)
                continue
            known_as = matcher.cache_ids(match)  # the id the matcher knows the paper by (Semantic Scholar's)
            if not known_as:
                report.skipped.append(f"{entry.key}: the title match “{match.title}” has no id to ask by")
                continue
            ids[matcher.name] = known_as[0]
        targets.append((entry.key, ids))
    today = today or dt.date.today().isoformat()
    own_s2id = frozenset(e.key for e in entries if e.get("s2id"))
    for start in range(0, len(targets), batch_size):
        batch = targets[start : start + batch_size]
        try:
            found = _fetch_batch(
                sources, batch, refresh=refresh, offline=offline, counter=counter, report=report, own_s2id=own_s2id
            )
        except RateLimitedError as err:
            report.failed.append(rate_limited(err, len(targets) - start))
            report.stopped = True
            break
        except SourceError as err:
            down = isinstance(err, UnreachableError)
            report.failed.append(nothing_fetched(err, len(entries), start, len(targets)) if down else str(err))
            report.stopped = True
            break  # keep what earlier batches saved; a second run resumes from the cache
        if offline:
            report.not_filled += [k for k, _ in batch if not found.get(k)]
        _apply_batch(path, batch, found, report, today)
    return report


def nothing_fetched(err: SourceError, total: int, saved: int = 0, targets: int = 0) -> str:
    """One message for a network that cannot be reached, instead of one failure per paper."""
    host = urlsplit(err.url).netloc or err.source
    which = f"{targets - saved} more papers (the first {saved} were saved)" if saved else f"any of the {total} papers"
    return f"could not reach {host}: nothing fetched for {which}; check your network, {WORK_OFFLINE}"


def rate_limited(err: SourceError, left: int) -> str:
    """One message when the run's wait budget for rate limits is spent, instead of one failure per paper."""
    return f"rate limited: {left} papers not fetched, run again later ({err})"


def _fetch_batch(
    sources: Sources,
    batch: list[tuple[str, dict[str, str]]],
    *,
    refresh: bool,
    offline: bool,
    counter: _Counter,
    report: RunReport,
    own_s2id: frozenset[str] = frozenset(),
) -> dict[str, list[ExternalPaper]]:
    """Library key -> its records from every source, in the order their values win.

    A paper Semantic Scholar does not know is reported not found unless another source knew it by its id (and it
    was not asked by an `s2id` of its own, `own_s2id`: a wrong one is said). A source failing once an earlier one
    has answered costs only its own values (a failure in the report); the first to fail before any answer stops
    the batch, as the caller decides.
    """
    found: dict[str, list[ExternalPaper]] = {key: [] for key, _ in batch}
    unknown: list[tuple[str, str]] = []
    unanswered: set[str] = set()
    answered = False
    for source in sources.metadata:
        wanted = {key: ids[source.name] for key, ids in batch if source.name in ids}
        try:
            result = read_through(
                sources.cache,
                source.name,
                list(wanted.values()),
                source.fetch,
                source.parse,
                per_request=source.ids_per_request,
                offline=offline,
                refresh=refresh,
                on_request=counter.tick,
                aliases=source.cache_ids,
            )
        except SourceError as err:
            if not answered:
                raise
            report.failed.append(
                f"{source.label} did not answer for {len(wanted)} paper(s) ({err}); the other sources' values were kept"
            )
            unanswered.update(wanted)  # it might know them: not "not found"
            continue
        answered = answered or bool(wanted)
        for key, ident in wanted.items():
            if ident in result.found:
                found[key].append(result.found[ident])
            elif ident in result.missing and source.name == "s2":
                unknown.append((key, ident))
    report.not_found += [
        f"{key} ({ident})" for key, ident in unknown if (not found[key] and key not in unanswered) or key in own_s2id
    ]
    return found


def _apply_batch(
    path: Path,
    batch: list[tuple[str, dict[str, str]]],
    found: dict[str, list[ExternalPaper]],
    report: RunReport,
    today: str,
) -> None:
    with edit_library(path) as library:  # reloaded under the lock: edits made meanwhile are kept
        index = KeyIndex(library.entries())
        for key, _ in batch:
            if key not in library or not found.get(key):
                continue
            entry = library.entry(key)
            changes = enrichment_changes(entry, found[key], index)
            if changes:
                changes["enriched"] = today
                for name, value in changes.items():
                    library.set_field(key, name, value)
                report.updated[key] = sorted(changes)
            else:
                report.unchanged.append(key)


# -- contexts: the second phase ----------------------------------------------------------------------------


def _cached_listing(sources: Sources, prefix: str, paper_id: str, *, refresh: bool, offline: bool) -> bool:
    """Fetch a paper's references (`s2refs`) or citing papers (`s2cites`) unless cached; whether it is cached now."""
    lister = sources.citation_lister()
    fetch = lister.fetch_references if prefix == "s2refs" else lister.fetch_citing
    parse = lister.parse_references if prefix == "s2refs" else lister.parse_citing

    def one(ids: list[str]) -> tuple[dict[str, tuple[Any, list[Reference]]], list[str]]:
        try:
            raw = fetch(ids[0])
        except NotFoundError:
            return {}, ids
        return {ids[0]: (raw, parse(raw))}, []

    result = read_through(
        sources.cache, prefix, [paper_id], one, parse, per_request=1, offline=offline, refresh=refresh
    )
    return paper_id in result.found


def fetch_contexts(
    path: Path,
    sources: Sources,
    keys: list[str] | None = None,
    *,
    refresh: bool = False,
    offline: bool = False,
    progress: Progress | None = None,
    report: RunReport | None = None,
) -> RunReport:
    """Why library papers cite each other: one reference call per paper whose `cites` reach the library."""
    report = report or RunReport()
    chosen = set(keys or [])
    entries = load_library(path).entries()
    citing = [e for e in entries if e.get("s2id") and e.list_field("cites") and (not chosen or e.key in chosen)]
    report.contexts += _per_paper(citing, sources, "s2refs", CONTEXTS_FAILED, refresh, offline, progress, report)
    return report


def fetch_citing(
    path: Path,
    sources: Sources,
    keys: list[str] | None = None,
    *,
    refresh: bool = False,
    offline: bool = False,
    progress: Progress | None = None,
    report: RunReport | None = None,
) -> RunReport:
    """Who cites each library paper known to Semantic Scholar (the first page of its citing papers, for
    suggestions): one call per paper."""
    report = report or RunReport()
    chosen = set(keys or [])
    cited = [e for e in load_library(path).entries() if e.get("s2id") and (not chosen or e.key in chosen)]
    report.citing += _per_paper(cited, sources, "s2cites", CITING_FAILED, refresh, offline, progress, report)
    return report


def _per_paper(
    entries: list[Entry],
    sources: Sources,
    prefix: str,
    what: str,
    refresh: bool,
    offline: bool,
    progress: Progress | None,
    report: RunReport,
) -> int:
    """One listing call (`prefix`: references or citing papers) per entry, by its s2id, unless cached; how many
    are cached now. Resumable (what is cached is not asked again) and stoppable (each answer is cached as it comes):
    a host unreachable or the retry budget spent stops it (`report.stopped`); a paper whose answer alone failed is
    a failure named `what KEY` and the others are asked all the same."""
    todo = pending(sources.cache, prefix, [e.get("s2id") for e in entries], refresh=refresh)
    counter = _Counter(progress, 0 if offline else len(todo))
    cached = 0
    for entry in entries:
        paper_id = entry.get("s2id")
        try:
            cached += _cached_listing(sources, prefix, paper_id, refresh=refresh, offline=offline)
        except (UnreachableError, RateLimitedError) as err:  # every other request would fail the same way
            report.failed.append(f"{what} {entry.key}: {err}")
            report.stopped = True
            break  # what came before is cached; the next run resumes
        except SourceError as err:
            report.failed.append(f"{what} {entry.key}: {err}")
        if paper_id in todo and not offline:
            counter.tick()
    return cached


def fetch_edge_context(
    entries: list[Entry], sources: Sources, cited: str, citing: str, *, offline: bool = False
) -> CitationContext | None:
    """One edge's context, asking the reference endpoint once for the citing paper when it is not cached."""
    entry = next((e for e in entries if e.key == citing), None)
    if entry is None or not entry.get("s2id"):
        return None
    _cached_listing(sources, "s2refs", entry.get("s2id"), refresh=False, offline=offline)
    return edge_contexts(entries, cached_references(sources.cache, [entry])).get((cited, citing))


def contexts_unfetched(entries: list[Entry], citing: list[str], cache: ResponseCache) -> list[str]:
    """The keys among `citing` whose references (and so contexts) are not cached yet: what phase 2 would ask."""
    ids = {e.key: e.get("s2id") for e in entries if e.key in citing and e.get("s2id")}
    todo = set(pending(cache, "s2refs", list(ids.values())))
    return [key for key in citing if ids.get(key) in todo]


def load_citation_contexts(entries: list[Entry], cache: ResponseCache) -> dict[tuple[str, str], CitationContext]:
    """(cited key, citing key) -> CitationContext for every cached citation between library papers."""
    return edge_contexts(entries, cached_references(cache, entries))


def cached_records(cache: ResponseCache) -> list[ExternalPaper]:
    """Every cached paper with its references and citing papers: the input of suggestions."""
    return cached_papers(cache)


# -- add ---------------------------------------------------------------------------------------------------


def add_papers(
    path: Path,
    sources: Sources,
    raw_ids: list[str],
    *,
    section: str | None = None,
    summary_zh: str | None = None,
    builds_on: str | None = None,
    offline: bool = False,
) -> RunReport:
    """Add papers by arXiv id, DOI or S2 id: batch calls only. Ids are checked first; nothing is half-written."""
    parsed = [(raw, parse_paper_id(raw)) for raw in raw_ids]
    if summary_zh:
        check_value("abstract_zh", summary_zh)  # before any request
    report = RunReport()
    library = load_library(path)
    if builds_on:
        builds_on = library.entry(builds_on).key
    index = KeyIndex(library.entries())
    wanted: list[tuple[str, PaperId]] = []
    for raw, pid in parsed:
        key = index.find_fields(_id_fields(pid))
        if key:
            report.already[raw] = key
        elif pid not in [p for _, p in wanted]:
            wanted.append((raw, pid))
    if not wanted:
        return report
    if offline:
        raise OfflineError("adding a paper by id needs the network (arXiv and Semantic Scholar)")
    found, warnings = _fetch_for_add(sources, [p for _, p in wanted])
    report.failed += warnings
    new_entries: list[Entry] = []
    notes = NoteStore(path)
    notes.check_writable()  # before the library changes: no entry without its note
    with edit_library(path) as library:
        index = KeyIndex(library.entries())
        taken = {e.key.lower() for e in library.entries()}
        for raw, pid in wanted:
            papers = found.get(pid, [])  # in the order the sources' values win
            if not papers:
                report.not_found.append(raw)
                continue
            entry = build_entry(pid, papers, taken, sources.leads)
            existing = index.find_fields(entry.fields)
            if existing:
                report.already[raw] = existing
                continue
            for name, value in (("section", section), ("abstract_zh", summary_zh), ("builds_on", builds_on)):
                if value:
                    entry.fields[name] = value
            entry.fields.update(enrichment_changes(entry, papers, index))
            entry.fields = order_fields(entry.fields | {"status": "unread"})
            library.add_entry(entry)
            index.add(entry.key, entry.fields)
            taken.add(entry.key.lower())
            new_entries.append(entry)
            report.added.append(entry.key)
    for entry in new_entries:
        notes.ensure(entry)
    return report


def _id_fields(pid: PaperId) -> dict[str, str]:
    """The fields an entry holding this id has (what finds it already in the library)."""
    return {"arxiv": {"eprint": pid.value}, "doi": {"doi": pid.value}, "s2": {"s2id": pid.value}}.get(pid.kind, {})


def _fetch_for_add(sources: Sources, ids: list[PaperId]) -> tuple[dict[PaperId, list[ExternalPaper]], list[str]]:
    """Each pasted id's records from every source that looks papers up by id and takes it (a source's `lookup_id`
    of the fields the id stands for), in the order their values win: one batch per source. One source failing is a
    warning when another answered, an error when none did."""
    found: dict[PaperId, list[ExternalPaper]] = {pid: [] for pid in ids}
    errors: list[SourceError] = []
    for source in sources.metadata:
        asked = {pid: ident for pid in ids if (ident := source.lookup_id(_id_fields(pid) or {"s2id": pid.s2_id}))}
        if not asked:
            continue
        try:
            records = read_through(
                sources.cache,
                source.name,
                list(dict.fromkeys(asked.values())),
                source.fetch,
                source.parse,
                per_request=source.ids_per_request,
                aliases=source.cache_ids,
            ).found
        except SourceError as err:
            errors.append(err)
            continue
        for pid, ident in asked.items():
            if ident in records:
                found[pid].append(records[ident])
    if errors and not any(found.values()):
        raise errors[0]
    return found, [f"{err} (added with what the other sources gave)" for err in errors]
