"""The one protocol every source adapter keeps (Semantic Scholar, arXiv, Crossref; OpenAlex would too)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Protocol

from ..records import ExternalPaper, Reference


class Can(StrEnum):
    """What a source can be asked; each adapter declares its own in `can`, and the use cases ask `Sources` for a
    source that can, never for a source by name."""

    LOOK_UP_BY_ID = "look papers up by id"
    MATCH_TITLE = "find a paper by its title"
    REFERENCES = "list a paper's references, with citation contexts"
    CITATIONS = "list the papers that cite a paper"
    RECOMMENDATIONS = "recommend papers like a set of papers"
    SEARCH = "search new papers by words and category"


class Source(Protocol):
    """Fetches raw answers by id (kept by the cache as they came) and parses them into records.

    Raises only the project's `SourceError` family: a fault of the network, the server or the answer's shape.
    """

    name: str  # cache prefix and record tag: "s2", "arxiv"
    label: str  # for people: "Semantic Scholar"
    ids_per_request: int  # how many ids one request carries
    can: frozenset[Can]  # what it can be asked (LOOK_UP_BY_ID at least: lookup_id, fetch, parse)
    leads: frozenset[str]  # fields of a new entry it gives first, whatever the order of the sources ("title")

    @property
    def requests(self) -> int:
        """HTTP requests made so far (retries included)."""
        ...

    def lookup_id(self, fields: Mapping[str, str]) -> str | None:
        """The id to ask this source for an entry with these fields, or None when it has nothing to add."""
        ...

    def fetch(self, ids: list[str]) -> tuple[dict[str, tuple[Any, ExternalPaper]], list[str]]:
        """(raw answer, its record) by requested id, one request per `ids_per_request`; and the unknown ids.

        The raw answer is what the cache keeps; the record is parsed from it once, here.
        """
        ...

    def parse(self, raw: Any) -> ExternalPaper:
        """A raw answer (fresh or cached) as a record; BadResponseError when it has the wrong shape."""
        ...

    def cache_ids(self, paper: ExternalPaper) -> list[str]:
        """Other ids under which to cache the same answer (the id an entry will carry after enrichment)."""
        ...

    def close(self) -> None: ...


class TitleMatching(Source, Protocol):
    """A source that can `Can.MATCH_TITLE`: its best match for a title, as a raw answer `parse` reads."""

    def match_title(self, title: str, /) -> Any | None: ...


class CitationListing(Source, Protocol):
    """A source that can list `Can.REFERENCES` and `Can.CITATIONS` of a paper (raw pages, then records)."""

    def fetch_references(self, paper_id: str, /) -> list[dict]: ...

    def fetch_citing(self, paper_id: str, /) -> list[dict]: ...

    def parse_references(self, raw: Any, /) -> list[Reference]: ...

    def parse_citing(self, raw: Any, /) -> list[Reference]: ...
