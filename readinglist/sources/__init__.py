"""The API adapters behind one `Source` protocol, the response cache and the read-through between them.

The names below load their module when first used: reading the cache (the graph, the order) does not load the
HTTP clients and API packages that only a fetch needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .arxiv_source import ArxivSource
    from .base import Can, Source
    from .cache import ResponseCache
    from .crossref import CrossrefSource
    from .registry import Sources
    from .semantic_scholar import SemanticScholarSource

_HOMES = {
    "ArxivSource": "arxiv_source",
    "Can": "base",
    "CrossrefSource": "crossref",
    "ResponseCache": "cache",
    "SemanticScholarSource": "semantic_scholar",
    "Source": "base",
    "Sources": "registry",
}


def __getattr__(name: str) -> Any:
    """One of the names above, from its module (imported on first use)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = ["ArxivSource", "Can", "CrossrefSource", "ResponseCache", "SemanticScholarSource", "Source", "Sources"]
