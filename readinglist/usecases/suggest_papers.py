"""Suggestions: papers outside the library that several of its papers cite, or that cite several of them.

Read from the citation data the enrichment cache holds (each cached paper's references and first page of citing
papers); nothing is fetched and nothing is written. With nothing cached there is nothing to suggest yet, and the
report says what fills the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..identity import KeyIndex
from ..settings import Settings
from ..sources import ResponseCache
from ..sources.stored import cached_papers
from ..store import load_library
from ..suggest import Suggestion, suggest
from . import Outcome
from .which_paper import Notify, ignore, unreadable_note

FILL_THE_CACHE = "enrich the library (it needs the network) to cache citation data, then ask again"


@dataclass(frozen=True)
class SuggestRequest:
    """The `top` suggestions of each kind, from what the papers of `section` (None: every section) point to."""

    library: Path
    section: str | None = None
    top: int = 20


@dataclass
class SuggestReport:
    """Whether any citation data is cached, and the papers cited by (`cited_by`) or citing (`citing`) several
    library papers: most linked first, then most cited."""

    cached: bool
    cited_by: list[Suggestion] = field(default_factory=list)
    citing: list[Suggestion] = field(default_factory=list)
    citing_cached: bool = False  # who cites some library paper is cached (`citing` can be filled)
    outcome: Outcome = field(default_factory=Outcome)


def run(request: SuggestRequest, settings: Settings, notify: Notify = ignore) -> SuggestReport:
    """Rank what the cache says about the library's papers (entries left out of the file are said to `notify`)."""
    library = load_library(request.library)
    if note := unreadable_note(library):
        notify("warning", note)
    with ResponseCache.open(settings) as cache:
        records = cached_papers(cache)
    entries = library.resolved_entries()
    index = KeyIndex(entries)
    own = [record for record in records if index.find_record(record)]  # the cache is shared by every library
    if not own:
        return SuggestReport(False, outcome=Outcome(next_steps=[FILL_THE_CACHE]))
    cited_by, citing = suggest(entries, own, request.section, request.top)
    return SuggestReport(True, cited_by, citing, any(record.citations is not None for record in own))
