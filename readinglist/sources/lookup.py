"""Read-through: answers from the cache, the rest from the source (unless offline), each raw answer cached.

Records are parsed from the raw answers here, once per read; a cached answer that no longer parses is
treated as absent (and fetched again), "not found" is cached for a shorter time than an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..errors import BadResponseError
from .cache import ResponseCache

T = TypeVar("T")
OnRequest = Callable[[], None]


@dataclass
class Fetched(Generic[T]):
    """Records by id; ids the source does not know; ids neither cached nor fetched (offline)."""

    found: dict[str, T] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    uncached: list[str] = field(default_factory=list)


def read_through(
    cache: ResponseCache,
    prefix: str,
    ids: list[str],
    fetch: Callable[[list[str]], tuple[dict[str, tuple[Any, T]], list[str]]],
    parse: Callable[[Any], T],
    *,
    per_request: int,
    offline: bool = False,
    refresh: bool = False,
    on_request: OnRequest | None = None,
    aliases: Callable[[T], list[str]] | None = None,
) -> Fetched[T]:
    """Records for `ids`: cached ones parsed, the rest fetched `per_request` at a time and cached raw.

    `fetch` returns (raw answer, its record) by id: the adapter parsed it once, on arrival.
    """
    result: Fetched[T] = Fetched()
    todo: list[str] = []
    for ident in dict.fromkeys(ids):
        key = f"{prefix}:{ident}"
        raw = cache.get(key, refresh=refresh)
        if raw is not None:
            try:
                result.found[ident] = parse(raw)
                continue
            except BadResponseError:
                cache.delete(key)  # written by an older version or damaged: ask again
        if cache.known_missing(key, refresh=refresh):
            result.missing.append(ident)
        else:
            todo.append(ident)
    if offline:
        result.uncached = todo
        return result
    for start in range(0, len(todo), per_request):
        chunk = todo[start : start + per_request]
        fetched, missing = fetch(chunk)  # a bad shape raises here, before anything is cached
        rows = [
            (f"{prefix}:{name}", raw)
            for ident, (raw, record) in fetched.items()
            for name in dict.fromkeys([ident, *(aliases(record) if aliases else [])])
        ]
        cache.put_many(rows, missing=[f"{prefix}:{ident}" for ident in missing])
        result.found.update({ident: record for ident, (_, record) in fetched.items()})
        result.missing += missing
        if on_request:
            on_request()
    return result


def pending(cache: ResponseCache, prefix: str, ids: list[str], *, refresh: bool = False) -> list[str]:
    """The ids a read-through would fetch (neither cached nor known missing)."""
    return [
        i
        for i in dict.fromkeys(ids)
        if refresh or (cache.get(f"{prefix}:{i}") is None and not cache.known_missing(f"{prefix}:{i}"))
    ]
