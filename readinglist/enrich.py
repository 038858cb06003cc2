"""Use cases that talk to the APIs: add papers by id, and enrich the library (ids, counts, citations).

Every response is cached; the library is written atomically after each batch, so a failure mid-run keeps
what was already fetched and a second run starts where the first stopped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .citations import edge_contexts
from .errors import InvalidValueError, NotFoundError, OfflineError, SourceError
from .identity import KeyIndex
from .ids import PaperId, parse_paper_id
from .importers.library_import import order_fields
from .keys import ascii_word, base_key, unique_key
from .models import Entry, join_list
from .sources.arxiv_source import ArxivSource
from .sources.cache import ResponseCache
from .sources.semantic_scholar import SemanticScholarSource
from .store import NoteStore, edit_library, load_library
from .store.bibfile import check_value

Progress = Callable[[int, int], None]


@dataclass
class Sources:
    s2: SemanticScholarSource
    arxiv: ArxivSource
    cache: ResponseCache

    @classmethod
    def from_environment(cls) -> Sources:
        return cls(SemanticScholarSource(), ArxivSource(), ResponseCache())

    @property
    def requests(self) -> int:
        return self.s2.requests + self.arxiv.requests


@dataclass
class RunReport:
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    already: dict[str, str] = field(default_factory=dict)  # pasted id -> key holding it
    not_found: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # messages
    not_filled: list[str] = field(default_factory=list)  # offline: keys the cache could not fill

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.not_found)} not found",
            f"{len(self.failed)} failed",
        ]
        if self.not_filled:
            parts.append(f"{len(self.not_filled)} not filled offline")
        return ", ".join(parts)

    @property
    def ok(self) -> bool:
        return not (self.not_found or self.failed)


# -- fetching through the cache ---------------------------------------------------------------------------


def _split_cached(
    cache: ResponseCache, prefix: str, ids: list[str], refresh: bool
) -> tuple[dict[str, dict], list[str]]:
    """(what the cache holds by id, the ids still to fetch)."""
    found: dict[str, dict] = {}
    todo = []
    for ident in ids:
        cached = cache.get(f"{prefix}:{ident}", refresh=refresh)
        if cached is None:
            todo.append(ident)
        else:
            found[ident] = cached
    return found, todo


def fetch_s2(
    sources: Sources, ids: list[str], *, refresh: bool, offline: bool, nested_references: bool = True
) -> tuple[dict[str, dict], list[str]]:
    """Papers by S2 id from the cache, then the API for the rest (unless offline); and the unknown ids."""
    found, todo = _split_cached(sources.cache, "s2", ids, refresh)
    if not todo or offline:
        return found, []
    fetched, missing = sources.s2.fetch_papers(todo, nested_references=nested_references)
    for s2_id, paper in fetched.items():
        sources.cache.put(f"s2:{s2_id}", paper)
        if paper.get("paperId") and paper["paperId"] != s2_id:
            sources.cache.put(f"s2:{paper['paperId']}", paper)  # the id the entry will carry from now on
    found.update(fetched)
    return found, missing


def _cached_listing(
    sources: Sources, prefix: str, fetch: Callable[[str], list[dict]], paper_id: str, *, refresh: bool, offline: bool
) -> list[dict] | None:
    cached = sources.cache.get(f"{prefix}:{paper_id}", refresh=refresh)
    if cached is not None or offline:
        return cached
    items = fetch(paper_id)
    sources.cache.put(f"{prefix}:{paper_id}", items)
    return items


def fetch_references(sources: Sources, paper_id: str, *, refresh: bool, offline: bool) -> list[dict] | None:
    """A paper's references with contexts and intents, from the cache or the reference endpoint."""
    return _cached_listing(sources, "s2refs", sources.s2.fetch_references, paper_id, refresh=refresh, offline=offline)


def fetch_citing(sources: Sources, paper_id: str, *, refresh: bool, offline: bool) -> list[dict] | None:
    """The papers citing a paper (first page), from the cache or the citations endpoint."""
    return _cached_listing(sources, "s2cites", sources.s2.fetch_citing, paper_id, refresh=refresh, offline=offline)


def with_references(paper: dict, items: list[dict] | None) -> dict:
    """The paper with `references` taken from reference-endpoint items (when there are any)."""
    if items is None:
        return paper
    return {**paper, "references": [item.get("citedPaper") or {} for item in items]}


def cached_records(cache: ResponseCache) -> list[dict]:
    """Every cached paper (one per paperId) with its cached references: the input of suggestions."""
    references = {key.removeprefix("s2refs:"): items for key, items in cache.items("s2refs:")}
    citing = {key.removeprefix("s2cites:"): items for key, items in cache.items("s2cites:")}
    records: dict[str, dict] = {}
    for _, paper in cache.items("s2:"):
        paper_id = paper.get("paperId") or ""
        if paper_id and paper_id not in records:
            record = with_references(paper, references.get(paper_id))
            if paper_id in citing:
                record["citations"] = [item.get("citingPaper") or {} for item in citing[paper_id]]
            records[paper_id] = record
    return list(records.values())


def reference_items(cache: ResponseCache, entries: list[Entry]) -> dict[str, list[dict]]:
    """Library key -> its cached reference items (with contexts), for the entries that have an s2id."""
    items: dict[str, list[dict]] = {}
    for entry in entries:
        if entry.get("s2id"):
            cached = cache.get(f"s2refs:{entry.get('s2id')}")
            if cached is not None:
                items[entry.key] = cached
    return items


def load_citation_contexts(entries: list[Entry], cache: ResponseCache | None = None) -> dict:
    """(cited key, citing key) -> CitationContext for every cached citation between library papers."""
    if cache is not None:
        return edge_contexts(entries, reference_items(cache, entries))
    own = ResponseCache()
    try:
        return edge_contexts(entries, reference_items(own, entries))
    finally:
        own.close()


def fetch_arxiv(sources: Sources, ids: list[str], *, refresh: bool, offline: bool) -> tuple[dict[str, dict], list[str]]:
    """arXiv records by id from the cache, then the API for the rest (unless offline); and the unknown ids."""
    found, todo = _split_cached(sources.cache, "arxiv", ids, refresh)
    if not todo or offline:
        return found, []
    fetched, missing = sources.arxiv.fetch_records(todo)
    for arxiv_id, record in fetched.items():
        sources.cache.put(f"arxiv:{arxiv_id}", record)
    found.update(fetched)
    return found, missing


# -- turning records into fields --------------------------------------------------------------------------


def cited_keys(paper: dict, index: KeyIndex, own_key: str) -> list[str]:
    keys = []
    for ref in paper.get("references") or []:
        key = index.find_paper(ref or {})
        if key and key != own_key and key not in keys:
            keys.append(key)
    return keys


def enrichment_changes(entry: Entry, paper: dict | None, record: dict | None, index: KeyIndex) -> dict[str, str]:
    """Field values to set: identifiers and descriptive fields only where missing, counts and cites always."""
    proposed: dict[str, str] = {}
    if paper:
        ext = paper.get("externalIds") or {}
        proposed |= {"s2id": paper.get("paperId") or "", "doi": ext.get("DOI") or "", "eprint": ext.get("ArXiv") or ""}
        proposed["title"] = paper.get("title") or ""
        proposed["author"] = " and ".join(a.get("name", "") for a in paper.get("authors") or [] if a.get("name"))
        proposed["abstract"] = paper.get("abstract") or ""
        proposed["year"] = str(paper.get("year") or "")
        proposed["tldr"] = (paper.get("tldr") or {}).get("text") or ""
        if not (entry.get("journal") or entry.get("booktitle") or entry.get("institution")):
            proposed["venue"] = paper.get("venue") or ""
    if record:
        proposed.setdefault("eprint", record["id"])
        for name, value in (
            ("title", record["title"]),
            ("abstract", record["summary"]),
            ("author", " and ".join(record["authors"])),
            ("primaryclass", record["primary_category"]),
            ("doi", record.get("doi") or ""),
        ):
            if not proposed.get(name):
                proposed[name] = value
    changes = {name: value for name, value in proposed.items() if value and not entry.get(name)}
    if (changes.get("eprint") or entry.get("eprint")) and not entry.get("archiveprefix"):
        changes["archiveprefix"] = "arXiv"
    if paper:
        for name, source in (("citationcount", "citationCount"), ("influentialcount", "influentialCitationCount")):
            value = paper.get(source)
            if value is not None and entry.get(name) != str(value):
                changes[name] = str(value)
        cites = entry.list_field("cites")
        new = [k for k in cited_keys(paper, index, entry.key) if k not in cites]
        if new:
            changes["cites"] = join_list(cites + new)
    return changes


def lookup_ids(entry: Entry) -> tuple[str | None, str | None]:
    """(Semantic Scholar id, arXiv id) to fetch for an entry."""
    arxiv_id = re.sub(r"v\d+$", "", entry.get("eprint")) or None
    if entry.get("s2id"):
        return entry.get("s2id"), arxiv_id
    if arxiv_id:
        return f"ARXIV:{arxiv_id}", arxiv_id
    if entry.get("doi"):
        return f"DOI:{entry.get('doi')}", None
    return None, None


# -- enrich ------------------------------------------------------------------------------------------------


def enrich_library(
    path: Path,
    sources: Sources,
    keys: list[str] | None = None,
    *,
    refresh: bool = False,
    offline: bool = False,
    contexts: bool = True,
    citing: bool = False,
    batch_size: int = 500,
    progress: Progress | None = None,
    today: str | None = None,
) -> RunReport:
    """Fill identifiers, counts and in-library citations for the given keys (default: every paper).

    With `contexts`, references come from the reference endpoint (one call per paper) with the citation
    contexts, intents and influence flags; without, from the batch call itself (no contexts, fewer calls).
    With `citing`, the first page of each paper's citing papers is cached too (for suggestions).
    """
    report = RunReport()
    library = load_library(path)
    entries = [library.entry(k) for k in keys] if keys else [e for e in library.entries() if e.kind == "paper"]
    targets = []
    for entry in entries:
        s2_id, arxiv_id = lookup_ids(entry)
        if s2_id is None:
            report.failed.append(f"{entry.key}: no arXiv id, DOI or s2id to look it up by")
        else:
            targets.append((entry.key, s2_id, arxiv_id))
    today = today or dt.date.today().isoformat()
    for start in range(0, len(targets), batch_size):
        batch = targets[start : start + batch_size]
        try:
            papers, missing = fetch_s2(
                sources, [t[1] for t in batch], refresh=refresh, offline=offline, nested_references=not contexts
            )
            if contexts:
                papers = _attach_references(sources, papers, refresh=refresh, offline=offline, report=report)
            if citing and not offline:
                for paper in papers.values():
                    if paper.get("paperId"):
                        fetch_citing(sources, paper["paperId"], refresh=refresh, offline=offline)
            need_arxiv = [a for k, _, a in batch if a and not _has_arxiv_fields(library.entry(k))]
            records, _ = fetch_arxiv(sources, need_arxiv, refresh=refresh, offline=offline)
        except SourceError as err:
            report.failed.append(str(err))
            break  # keep what earlier batches saved; a second run resumes from the cache
        report.not_found += [f"{k} ({s2})" for k, s2, _ in batch if s2 in missing]
        if offline:
            report.not_filled += [k for k, s2, _ in batch if s2 not in papers]
        _apply_batch(path, batch, papers, records, report, today)
        if progress:
            progress(min(start + batch_size, len(targets)), len(targets))
    return report


def _attach_references(
    sources: Sources, papers: dict[str, dict], *, refresh: bool, offline: bool, report: RunReport
) -> dict[str, dict]:
    attached = {}
    for s2_id, paper in papers.items():
        paper_id = paper.get("paperId")
        if not paper_id:
            attached[s2_id] = paper
            continue
        try:
            attached[s2_id] = with_references(
                paper, fetch_references(sources, paper_id, refresh=refresh, offline=offline)
            )
        except NotFoundError as err:
            report.failed.append(f"references of {s2_id}: {err}")
            attached[s2_id] = paper
    return attached


def _has_arxiv_fields(entry: Entry) -> bool:
    return bool(entry.get("primaryclass") and entry.get("abstract"))


def _apply_batch(
    path: Path,
    batch: list[tuple[str, str, str | None]],
    papers: dict[str, dict],
    records: dict[str, dict],
    report: RunReport,
    today: str,
) -> None:
    with edit_library(path) as library:  # reloaded under the lock: edits made meanwhile are kept
        index = KeyIndex(library.entries())
        for key, s2_id, arxiv_id in batch:
            if key not in library:
                continue
            entry = library.entry(key)
            changes = enrichment_changes(entry, papers.get(s2_id), records.get(arxiv_id or ""), index)
            if changes:
                changes["enriched"] = today
                for name, value in changes.items():
                    library.set_field(key, name, value)
                report.updated[key] = sorted(changes)
            elif s2_id in papers:
                report.unchanged.append(key)


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
    """Add papers by arXiv id, DOI or S2 id. Ids are checked before any request; nothing is half-written."""
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
        key = index.find(**_id_kwargs(pid))
        if key:
            report.already[raw] = key
        elif pid not in [p for _, p in wanted]:
            wanted.append((raw, pid))
    if not wanted:
        return report
    if offline:
        raise OfflineError("adding a paper needs the network (arXiv and Semantic Scholar); run it without --offline")
    papers, records, warnings = _fetch_for_add(sources, [p for _, p in wanted])
    report.failed += warnings
    new_entries: list[Entry] = []
    notes = NoteStore(path)
    notes.check_writable()  # before the library changes: no entry without its note
    with edit_library(path) as library:
        index = KeyIndex(library.entries())
        taken = {e.key.lower() for e in library.entries()}
        for raw, pid in wanted:
            paper = papers.get(pid.s2_id)
            record = records.get(pid.value) if pid.kind == "arxiv" else None
            if paper is None and record is None:
                report.not_found.append(raw)
                continue
            entry = build_entry(pid, paper, record, taken)
            existing = index.find(entry.get("eprint"), entry.get("doi"), entry.get("s2id"), entry.title)
            if existing:
                report.already[raw] = existing
                continue
            for name, value in (("section", section), ("abstract_zh", summary_zh), ("builds_on", builds_on)):
                if value:
                    entry.fields[name] = value
            entry.fields.update(enrichment_changes(entry, paper, None, index))
            entry.fields = order_fields(entry.fields | {"status": "unread"})
            library.add_entry(entry)
            taken.add(entry.key.lower())
            new_entries.append(entry)
            report.added.append(entry.key)
    for entry in new_entries:
        notes.ensure(entry)
    return report


def _id_kwargs(pid: PaperId) -> dict[str, str]:
    return {"arxiv": {"eprint": pid.value}, "doi": {"doi": pid.value}, "s2": {"s2id": pid.value}}.get(pid.kind, {})


def _fetch_for_add(sources: Sources, ids: list[PaperId]) -> tuple[dict[str, dict], dict[str, dict], list[str]]:
    """Both APIs; one of them failing is a warning when the other answered, an error when both fail."""
    warnings: list[str] = []
    records: dict[str, dict] = {}
    papers: dict[str, dict] = {}
    errors: list[SourceError] = []
    arxiv_ids = [p.value for p in ids if p.kind == "arxiv"]
    if arxiv_ids:
        try:
            records, _ = fetch_arxiv(sources, arxiv_ids, refresh=False, offline=False)
        except SourceError as err:
            errors.append(err)
    try:
        papers, _ = fetch_s2(sources, [p.s2_id for p in ids], refresh=False, offline=False, nested_references=False)
        report = RunReport()
        papers = _attach_references(sources, papers, refresh=False, offline=False, report=report)
        warnings += report.failed
    except SourceError as err:
        errors.append(err)
    if errors and not (papers or records):
        raise errors[0]
    warnings += [f"{err} (added with what the other source gave)" for err in errors]
    return papers, records, warnings


def build_entry(pid: PaperId, paper: dict | None, record: dict | None, taken: set[str]) -> Entry:
    """A new entry from the arXiv record and/or the S2 paper, with a `lastnameYEARfirstword` key."""
    paper = paper or {}
    authors = (record or {}).get("authors") or [a.get("name", "") for a in paper.get("authors") or []]
    published = (record or {}).get("published") or ""
    year = paper.get("year") or (int(published[:4]) if published[:4].isdigit() else None)
    title = (record or {}).get("title") or paper.get("title") or ""
    fields: dict[str, str] = {"title": title}
    if authors:
        fields["author"] = " and ".join(authors)
    if year:
        fields["year"] = str(year)
    if published[:4] == str(year):
        fields["month"] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"][
            int(published[5:7]) - 1
        ]
    journal = (paper.get("journal") or {}).get("name") or ""
    venue = paper.get("venue") or ""
    entry_type = "misc"
    if journal and "arxiv" not in journal.lower():
        entry_type, fields["journal"] = "article", journal
    elif venue and "arxiv" not in venue.lower():
        entry_type, fields["booktitle"] = "inproceedings", venue
    if record:
        fields |= {
            "eprint": record["id"],
            "archiveprefix": "arXiv",
            "primaryclass": record["primary_category"],
            "url": f"https://arxiv.org/abs/{record['id']}",
            "abstract": record["summary"],
        }
        if record.get("journal_ref"):
            fields["journal_ref"] = record["journal_ref"]
        if record.get("comment"):
            fields["arxiv_comment"] = record["comment"]
    if paper.get("tldr"):
        fields["tldr"] = paper["tldr"].get("text") or ""
    base = base_key([a for a in authors if ascii_word(a)], year, title)
    if base in ("entry", "") or not re.match(r"[a-z]", base):
        base = f"s2{(paper.get('paperId') or pid.value)[:8]}".lower()
    base = re.sub(r"[^a-z0-9]", "", base.lower())
    key = unique_key(base, taken)
    fields = {k: v for k, v in fields.items() if v}
    if not fields.get("title"):
        raise InvalidValueError(f"{pid.value}: the APIs returned no title; not added")
    return Entry(key, entry_type, fields)
