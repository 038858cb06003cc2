"""Settings read once from the environment (`Settings.from_env()`) and passed down; nothing else reads it.

A value that cannot be used is a warning and the default (a cache age of `abc` days), or, for what the
sources cannot work without (a URL, a key), a one-line error from the source when it is opened.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_dir

log = logging.getLogger("readinglist.settings")
S2_URL_ENV = "READINGLIST_S2_API_URL"
S2_KEY_ENV = "SEMANTIC_SCHOLAR_API_KEY"
S2_DEFAULT_URL = "https://api.semanticscholar.org"
ARXIV_URL_ENV = "READINGLIST_ARXIV_API_URL"
ARXIV_DEFAULT_URL = "https://export.arxiv.org/api/query"
CROSSREF_URL_ENV = "READINGLIST_CROSSREF_API_URL"  # set (e.g. to CROSSREF_URL): Crossref is asked too, by DOI
CROSSREF_URL = "https://api.crossref.org"
CROSSREF_MAILTO_ENV = "READINGLIST_CROSSREF_MAILTO"  # an address Crossref may write to: its "polite" pool
CACHE_DIR_ENV = "READINGLIST_CACHE_DIR"
MAX_AGE_ENV = "READINGLIST_CACHE_DAYS"
RETRY_BASE_ENV = "READINGLIST_RETRY_BASE"  # seconds before the first retry (then doubled); tests set 0
S2_INTERVAL_ENV = "READINGLIST_S2_INTERVAL"  # seconds between Semantic Scholar requests; tests set 0
ARXIV_DELAY_ENV = "READINGLIST_ARXIV_DELAY"  # seconds between arXiv requests (its terms ask 3); tests set 0
OFFLINE_ENV = "READINGLIST_OFFLINE"  # 1: no name lookup, no connection, no request, in the app and the CLI
_YES, _NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
DEFAULT_MAX_AGE_DAYS = 30.0  # the same as sources.cache.DEFAULT_MAX_AGE_DAYS (a test keeps them equal)
DEFAULT_RETRY_BASE = 2.0
DEFAULT_S2_INTERVAL = 1.0  # politeness: Semantic Scholar's shared pool allows about one request a second
DEFAULT_ARXIV_DELAY = 3.0  # arXiv's terms: one request every three seconds


def default_cache_path(environ: Mapping[str, str] | None = None) -> Path:
    folder = (os.environ if environ is None else environ).get(CACHE_DIR_ENV) or user_cache_dir("readinglist")
    return Path(folder) / "responses.sqlite3"


@dataclass(frozen=True)
class Settings:
    """Where the APIs and the cache are, and how patient to be with them."""

    s2_api_url: str = S2_DEFAULT_URL
    s2_api_key: str = field(default="", repr=False)  # a secret: never printed, never written
    arxiv_api_url: str = ARXIV_DEFAULT_URL
    crossref_api_url: str = ""  # empty: Crossref is not asked
    crossref_mailto: str = ""  # sent with each Crossref request when set
    cache_path: Path = field(default_factory=default_cache_path)
    cache_max_age_days: float = DEFAULT_MAX_AGE_DAYS
    timeout: float = 15.0  # total seconds per request, connect to last byte
    s2_interval: float = DEFAULT_S2_INTERVAL  # seconds between Semantic Scholar requests
    arxiv_delay: float = DEFAULT_ARXIV_DELAY  # seconds between arXiv requests
    retry_base: float = DEFAULT_RETRY_BASE  # backoff before the first retry of a 429/5xx, doubled each time
    offline: bool = False  # READINGLIST_OFFLINE=1: everything reads the cache, nothing touches the network

    @property
    def cache_max_age_seconds(self) -> float:
        return self.cache_max_age_days * 86400

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            s2_api_url=env.get(S2_URL_ENV) or S2_DEFAULT_URL,
            s2_api_key=env.get(S2_KEY_ENV) or "",
            arxiv_api_url=env.get(ARXIV_URL_ENV) or ARXIV_DEFAULT_URL,
            crossref_api_url=(env.get(CROSSREF_URL_ENV) or "").strip(),
            crossref_mailto=(env.get(CROSSREF_MAILTO_ENV) or "").strip(),
            cache_path=default_cache_path(env),
            cache_max_age_days=_non_negative(env.get(MAX_AGE_ENV), MAX_AGE_ENV, DEFAULT_MAX_AGE_DAYS, "days"),
            retry_base=_non_negative(env.get(RETRY_BASE_ENV), RETRY_BASE_ENV, DEFAULT_RETRY_BASE, "seconds"),
            s2_interval=_non_negative(env.get(S2_INTERVAL_ENV), S2_INTERVAL_ENV, DEFAULT_S2_INTERVAL, "seconds"),
            arxiv_delay=_non_negative(env.get(ARXIV_DELAY_ENV), ARXIV_DELAY_ENV, DEFAULT_ARXIV_DELAY, "seconds"),
            offline=_flag(env.get(OFFLINE_ENV)),
        )


def _non_negative(value: str | None, name: str, default: float, unit: str) -> float:
    """A setting that is a non-negative number of `unit`; anything else is a warning and the default.

    >>> _non_negative("0", RETRY_BASE_ENV, 2.0, "seconds"), _non_negative(None, RETRY_BASE_ENV, 2.0, "seconds")
    (0.0, 2.0)
    """
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        log.warning("%s=%r is not a number of %s; using %g", name, value, unit, default)
        return default
    return number


def _flag(value: str | None) -> bool:
    """READINGLIST_OFFLINE: 1/true/yes/on, or 0/false/no/off/empty; anything else is a warning and means offline
    (the safe reading of a value someone set on purpose)."""
    text = (value or "").strip().lower()
    if text in _YES or text in _NO:
        return text in _YES
    log.warning("%s=%r is not 1 or 0; staying offline", OFFLINE_ENV, value)
    return True
