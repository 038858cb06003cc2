"""Suggestions: papers outside the library that several library papers cite, or that cite several of them.

Pure: works on the paper records the enrichment cache holds (with their references and citing papers).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .identity import KeyIndex
from .models import Entry
from .paper import paper_of
from .records import ExternalPaper


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


def _collect(
    records: dict[str, ExternalPaper], relation: str, index: KeyIndex, keys: dict[str, tuple[int, str]]
) -> list[Suggestion]:
    """The outside papers `relation` (references or citations) reaches from the library papers `keys`, each with
    the library papers it is linked to, oldest first (`keys` maps a key to how it sorts)."""
    found: dict[str, Suggestion] = {}
    links: dict[str, list[str]] = defaultdict(list)
    for key, record in records.items():
        if key not in keys:
            continue
        for other in getattr(record, relation) or ():
            if not other.s2_id or index.find_record(other):
                continue
            found.setdefault(
                other.s2_id,
                Suggestion(
                    other.s2_id,
                    other.title or other.s2_id,
                    other.year,
                    other.citation_count or 0,
                    other.arxiv,
                    other.doi,
                ),
            )
            if key not in links[other.s2_id]:
                links[other.s2_id].append(key)
    for paper_id, suggestion in found.items():
        suggestion.linked = sorted(links[paper_id], key=keys.__getitem__)
    return list(found.values())


def suggest(
    entries: list[Entry], cached: list[ExternalPaper], section: str | None = None, top: int = 20, min_links: int = 2
) -> tuple[list[Suggestion], list[Suggestion]]:
    """(cited by several library papers, citing several library papers), most linked first, then most cited."""
    index = KeyIndex(entries)
    keys = {  # the papers of the section, to be named oldest first (undated last)
        e.key: (paper_of(e).year or 9999, e.key) for e in entries if not section or section in e.list_field("section")
    }
    records: dict[str, ExternalPaper] = {}
    for record in cached:
        key = index.find_record(record)
        if key:
            records.setdefault(key, record)

    def rank(items: list[Suggestion]) -> list[Suggestion]:
        kept = [s for s in items if len(s.linked) >= min_links]
        return sorted(kept, key=lambda s: (-len(s.linked), -s.citation_count, s.title))[:top]

    return rank(_collect(records, "references", index, keys)), rank(_collect(records, "citations", index, keys))
