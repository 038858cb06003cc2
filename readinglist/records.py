"""What the sources say about a paper, as typed records (pure data; the adapters in `sources/` make them).

Nothing above `sources/` sees an API's JSON or XML: Semantic Scholar and arXiv answers are parsed once, by
their adapter, into these records. A new source (OpenAlex, Crossref) makes the same records.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExternalPaper:
    """One paper as a source describes it; empty strings and None where the source says nothing."""

    source: str  # the adapter that made it: "s2", "arxiv", ...
    title: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    published: str = ""  # ISO date of first publication, when known
    s2_id: str = ""
    arxiv: str = ""  # unversioned arXiv id
    doi: str = ""
    corpus_id: str = ""
    abstract: str = ""
    tldr: str = ""
    venue: str = ""
    journal: str = ""
    primary_category: str = ""
    journal_ref: str = ""
    comment: str = ""
    citation_count: int | None = None
    influential_count: int | None = None
    references: tuple[ExternalPaper, ...] | None = None  # None: the source was not asked for them
    citations: tuple[ExternalPaper, ...] | None = None

    @property
    def best_id(self) -> str:
        """What to pass to `readinglist add` for this paper."""
        return self.arxiv or self.doi or self.s2_id


@dataclass(frozen=True)
class Context:
    """One sentence of the citing paper that cites, with the intents the source gives it."""

    text: str
    intents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """One citation: the other paper (cited or citing), and why (contexts, intents, influence)."""

    paper: ExternalPaper
    contexts: tuple[Context, ...] = ()
    intents: tuple[str, ...] = ()
    influential: bool = False
