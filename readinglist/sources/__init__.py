"""The API adapters behind one `Source` protocol, the response cache and the read-through between them."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from .arxiv_source import ArxivSource
from .base import Source
from .cache import ResponseCache
from .retry import RetryPolicy
from .semantic_scholar import SemanticScholarSource

if TYPE_CHECKING:  # settings are handed in by the entry points; nothing here reads the environment
    from ..settings import Settings


@dataclass
class Sources:
    """The sources of one run and its cache; a context manager that closes what it opened.

    `s2` also serves references, citations and title matches; `metadata` lists every source whose records
    fill entries, in the order their values win. A new source is one adapter and one entry here.
    """

    s2: SemanticScholarSource
    arxiv: ArxivSource
    cache: ResponseCache

    @classmethod
    def open(cls, settings: Settings) -> Sources:
        cache = ResponseCache.open(settings)
        policy = RetryPolicy()  # one wait budget for the whole run, both sources
        try:
            s2 = SemanticScholarSource(
                settings.s2_api_url,
                settings.s2_api_key,
                timeout=settings.timeout,
                min_interval=settings.s2_interval,
                policy=policy,
            )
            arxiv = ArxivSource(
                settings.arxiv_api_url, delay=settings.arxiv_delay, timeout=settings.timeout, policy=policy
            )
        except BaseException:
            cache.close()
            raise
        return cls(s2, arxiv, cache)

    @property
    def metadata(self) -> list[Source]:
        return [self.s2, self.arxiv]

    @property
    def requests(self) -> int:
        return sum(source.requests for source in self.metadata)

    def __enter__(self) -> Sources:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for source in self.metadata:
            source.close()
        self.cache.close()


__all__ = ["ArxivSource", "ResponseCache", "SemanticScholarSource", "Source", "Sources"]
