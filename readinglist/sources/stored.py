"""What the cache holds, read back as records: the input of suggestions and of citation contexts."""

from __future__ import annotations

from dataclasses import replace

from ..errors import BadResponseError
from ..models import Entry
from ..records import ExternalPaper, Reference
from .cache import ResponseCache
from .s2_records import parse_paper, parse_reference

HOST = "the cache"


def _references(items: object, other: str) -> list[Reference] | None:
    if not isinstance(items, list):
        return None
    try:
        return [parse_reference(item, HOST, other) for item in items]
    except BadResponseError:
        return None  # an entry of an older shape: as if not cached


def cached_papers(cache: ResponseCache) -> list[ExternalPaper]:
    """Every cached Semantic Scholar paper (one per id), with its cached references and first citing page."""
    references = {key.removeprefix("s2refs:"): items for key, items in cache.items("s2refs:")}
    citing = {key.removeprefix("s2cites:"): items for key, items in cache.items("s2cites:")}
    papers: dict[str, ExternalPaper] = {}
    for _, raw in cache.items("s2:"):
        try:
            paper = parse_paper(raw, HOST)
        except BadResponseError:
            continue
        if not paper.s2_id or paper.s2_id in papers:
            continue
        refs = _references(references.get(paper.s2_id), "citedPaper")
        if refs is not None:
            paper = replace(paper, references=tuple(r.paper for r in refs))
        cites = _references(citing.get(paper.s2_id), "citingPaper")
        if cites is not None:
            paper = replace(paper, citations=tuple(r.paper for r in cites))
        papers[paper.s2_id] = paper
    return list(papers.values())


def cached_references(cache: ResponseCache, entries: list[Entry]) -> dict[str, list[Reference]]:
    """Library key -> its cached references with contexts, for the entries that have an s2id."""
    found: dict[str, list[Reference]] = {}
    for entry in entries:
        if entry.get("s2id"):
            refs = _references(cache.get(f"s2refs:{entry.get('s2id')}"), "citedPaper")
            if refs is not None:
                found[entry.key] = refs
    return found
