"""Semantic Scholar calls that find papers a section does not hold yet: recommendations and citing papers.

Both go through the `SemanticScholarSource` of the run (its package client with our requester: one reused
HTTP client, total deadline, retries, shape checks, politeness gap), so they fail with the same one-line
messages as enrichment. Raw answers are returned for the cache; `parse_*` make the records.

Paging of citations is bounded: the API documents no order for a paper's citations (the recordings in
`tests/fixtures/` ask for titles only, so they show none either), so we cannot stop "once the answers are
older than the last check". A paper's citing papers are read in at most `max_pages` pages of `page_size`
(default one page of 1,000, the API's largest), and filtered by `publicationDate` afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from semanticscholar.SemanticScholarException import NoMorePagesException

from ..errors import NotFoundError, SourceError
from ..records import ExternalPaper
from .s2_records import SOURCE, parse_paper, unreadable
from .semantic_scholar import SemanticScholarSource

# What a candidate needs to be explained and added without another call (the recommendations endpoint
# serves no tldr; the citations endpoint serves the same paper fields for `citingPaper`).
CANDIDATE_FIELDS = [
    "paperId", "externalIds", "title", "abstract", "venue", "year", "publicationDate", "journal", "authors",
    "citationCount",
]  # fmt: skip
RECOMMENDATIONS = 100  # per section and call (the API allows 500)
CITATION_PAGE = 1000  # the API's largest page
CITATION_PAGES = 1  # pages per paper: the bound stated in the README's formula
T = TypeVar("T")


class S2Discovery:
    """Recommendations from positive and negative examples, and the papers citing a paper (raw JSON)."""

    def __init__(
        self, s2: SemanticScholarSource, *, page_size: int = CITATION_PAGE, max_pages: int = CITATION_PAGES
    ) -> None:
        self.s2 = s2
        self.page_size = page_size
        self.max_pages = max_pages

    @property
    def host(self) -> str:
        return self.s2.host

    def fetch_recommendations(
        self, positive: list[str], negative: list[str], limit: int = RECOMMENDATIONS
    ) -> list[dict]:
        """`POST /recommendations/v1/papers` (one request); an empty list when there is no positive example."""
        if not positive:
            return []  # the API answers 400 "No positive paper examples given": make no call
        self.s2.throttle.wait()
        papers = self._call(
            lambda: self.s2.client.get_recommended_papers_from_lists(
                positive, negative or None, fields=CANDIDATE_FIELDS, limit=limit
            )
        )
        return [p.raw_data for p in papers]

    def fetch_citing(self, paper_id: str) -> list[dict]:
        """The citing papers of one paper, at most `max_pages` pages of `page_size` (raw `citingPaper` objects)."""
        self.s2.throttle.wait()
        try:
            pages = self._call(
                lambda: self.s2.client.get_paper_citations(paper_id, fields=CANDIDATE_FIELDS, limit=self.page_size)
            )
        except NotFoundError:
            return []  # a paper Semantic Scholar does not know has no citing papers we can see
        items = list(pages.raw_data)
        for _ in range(self.max_pages - 1):
            if not pages.next or pages.next <= pages.offset:
                break
            self.s2.throttle.wait()
            try:
                self._call(pages.next_page)
            except NoMorePagesException:
                break
            items += pages.raw_data
        return [item["citingPaper"] for item in items if isinstance(item, dict) and item.get("citingPaper")]

    def parse_papers(self, raw: Any) -> list[ExternalPaper]:
        """Raw paper objects (fresh or cached) as records; papers without an id or title are left out."""
        if not isinstance(raw, list):
            raise unreadable(self.host, "a cached list of papers is not a list")
        papers = [parse_paper(item, self.host, f"paper[{i}]") for i, item in enumerate(raw)]
        return [p for p in papers if p.title and (p.s2_id or p.arxiv or p.doi)]

    def _call(self, call: Callable[[], T]) -> T:
        """Run a package call; what it trips over in an answer is a bad answer, never a traceback."""
        try:
            return call()
        except SourceError:
            raise
        except (TypeError, KeyError, AttributeError, ValueError, IndexError) as err:
            raise unreadable(self.host, f"{type(err).__name__}: {err}") from err


__all__ = ["CANDIDATE_FIELDS", "CITATION_PAGE", "CITATION_PAGES", "RECOMMENDATIONS", "SOURCE", "S2Discovery"]
