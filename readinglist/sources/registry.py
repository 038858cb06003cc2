"""The sources of one run as a registry: which source can do what, opened and closed together."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, cast

from ..errors import ReadingListError
from .arxiv_source import ArxivSource
from .base import Can, CitationListing, Source, TitleMatching
from .cache import ResponseCache
from .crossref import CrossrefSource
from .retry import RetryPolicy
from .semantic_scholar import SemanticScholarSource

if TYPE_CHECKING:  # settings are handed in by the entry points; nothing here reads the environment
    from ..settings import Settings


@dataclass
class Sources:
    """The sources of one run and its cache: a registry the use cases ask by what a source can do (`able`,
    `title_matcher`, `citation_lister`), and a context manager that closes what it opened.

    `registered` lists them in the order their values win: Semantic Scholar, arXiv, then any `extra` source a
    configuration adds. `s2` and `arxiv` stay named for the discovery adapters built on them.
    """

    s2: SemanticScholarSource
    arxiv: ArxivSource
    cache: ResponseCache
    extra: list[Source] = field(default_factory=list)

    @classmethod
    def open(cls, settings: Settings) -> Sources:
        cache = ResponseCache.open(settings)
        policy = RetryPolicy(base_delay=settings.retry_base)  # one wait budget for the whole run, every source
        opened: list[Source] = []
        try:
            s2 = SemanticScholarSource(
                settings.s2_api_url,
                settings.s2_api_key,
                timeout=settings.timeout,
                min_interval=settings.s2_interval,
                policy=policy,
            )
            opened.append(s2)
            arxiv = ArxivSource(
                settings.arxiv_api_url, delay=settings.arxiv_delay, timeout=settings.timeout, policy=policy
            )
            opened.append(arxiv)
            if settings.crossref_api_url:  # off unless configured
                crossref = CrossrefSource(
                    settings.crossref_api_url, mailto=settings.crossref_mailto, timeout=settings.timeout, policy=policy
                )
                opened.append(crossref)
        except BaseException:  # a setting a source cannot use: close what was opened before it
            for source in opened:
                source.close()
            cache.close()
            raise
        return cls(s2, arxiv, cache, opened[2:])

    @property
    def registered(self) -> list[Source]:
        """Every source of this run, in the order their values win."""
        return [self.s2, self.arxiv, *self.extra]

    def able(self, can: Can) -> list[Source]:
        """The sources that can do `can`, in the order their values win."""
        return [source for source in self.registered if can in source.can]

    def first(self, can: Can) -> Source:
        """The first source that can do `can`; an error when none is registered."""
        able = self.able(can)
        if not able:
            raise ReadingListError(f"no source of this run can {can}; configure one that can")
        return able[0]

    def title_matcher(self) -> TitleMatching:
        """The source that matches titles (for entries without any id)."""
        return cast(TitleMatching, self.first(Can.MATCH_TITLE))

    def citation_lister(self) -> CitationListing:
        """The source that lists references and citing papers (citation contexts, suggestions)."""
        return cast(CitationListing, self.first(Can.REFERENCES))

    @property
    def metadata(self) -> list[Source]:
        """The sources whose records fill entries (those that look papers up by id), in the order values win."""
        return self.able(Can.LOOK_UP_BY_ID)

    @property
    def leads(self) -> dict[str, str]:
        """Field of a new entry → the source whose value it takes first (the first that declares it leads it)."""
        led: dict[str, str] = {}
        for source in self.metadata:
            for name in sorted(source.leads):
                led.setdefault(name, source.name)
        return led

    @property
    def requests(self) -> int:
        return sum(source.requests for source in self.registered)

    def __enter__(self) -> Sources:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for source in self.registered:
            source.close()
        self.cache.close()
