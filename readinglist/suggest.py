"""Suggestions: papers outside the library that several library papers cite, or that cite several of them.

Pure: works on the Semantic Scholar records the enrichment cache holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .identity import KeyIndex
from .models import Entry


@dataclass
class Suggestion:
    paper_id: str
    title: str
    year: int | None
    citation_count: int
    arxiv: str = ""
    doi: str = ""
    linked: list[str] = field(default_factory=list)  # library keys that cite it / that it cites

    @property
    def add_id(self) -> str:
        """What to pass to `readinglist add`."""
        return self.arxiv or self.doi or self.paper_id


def _collect(records: dict[str, dict], relation: str, index: KeyIndex, keys: set[str]) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    links: dict[str, list[str]] = defaultdict(list)
    for key, record in records.items():
        if key not in keys:
            continue
        for other in record.get(relation) or []:
            other = other or {}
            paper_id = other.get("paperId")
            if not paper_id or index.find_paper(other):
                continue
            ext = other.get("externalIds") or {}
            found.setdefault(
                paper_id,
                Suggestion(
                    paper_id,
                    other.get("title") or paper_id,
                    other.get("year"),
                    int(other.get("citationCount") or 0),
                    ext.get("ArXiv") or "",
                    ext.get("DOI") or "",
                ),
            )
            if key not in links[paper_id]:
                links[paper_id].append(key)
    for paper_id, suggestion in found.items():
        suggestion.linked = sorted(links[paper_id])
    return list(found.values())


def suggest(
    entries: list[Entry], cached: list[dict], section: str | None = None, top: int = 20, min_links: int = 2
) -> tuple[list[Suggestion], list[Suggestion]]:
    """(cited by several library papers, citing several library papers), most linked first, then most cited."""
    index = KeyIndex(entries)
    keys = {e.key for e in entries if not section or section in e.list_field("section")}
    records: dict[str, dict] = {}
    for record in cached:
        key = index.find_paper(record)
        if key:
            records.setdefault(key, record)

    def rank(items: list[Suggestion]) -> list[Suggestion]:
        kept = [s for s in items if len(s.linked) >= min_links]
        return sorted(kept, key=lambda s: (-len(s.linked), -s.citation_count, s.title))[:top]

    return rank(_collect(records, "references", index, keys)), rank(_collect(records, "citations", index, keys))
