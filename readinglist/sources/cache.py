"""A SQLite cache of API responses (raw JSON text) with their fetch time; expired entries are ignored."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

SCHEMA_VERSION = 1
CACHE_DIR_ENV = "READINGLIST_CACHE_DIR"
MAX_AGE_ENV = "READINGLIST_CACHE_DAYS"
DEFAULT_MAX_AGE_DAYS = 30.0


def default_cache_path() -> Path:
    folder = os.environ.get(CACHE_DIR_ENV) or user_cache_dir("readinglist")
    return Path(folder) / "responses.sqlite3"


def default_max_age_seconds() -> float:
    return float(os.environ.get(MAX_AGE_ENV) or DEFAULT_MAX_AGE_DAYS) * 86400


class ResponseCache:
    """key -> (body, fetched). Keys name the source and the id: `s2:ARXIV:2203.02155`, `arxiv:2203.02155`."""

    def __init__(self, path: Path | None = None, max_age_seconds: float | None = None, clock=time.time) -> None:  # type: ignore[no-untyped-def]
        self.path = path or default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.max_age = default_max_age_seconds() if max_age_seconds is None else max_age_seconds
        self.clock = clock
        self._db = sqlite3.connect(self.path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, body TEXT NOT NULL, "
            "fetched REAL NOT NULL, version INTEGER NOT NULL)"
        )
        self._db.commit()

    def get(self, key: str, *, refresh: bool = False) -> Any | None:
        """The cached JSON value, or None when missing, expired, of an old schema, or `refresh` is asked."""
        if refresh:
            return None
        row = self._db.execute("SELECT body, fetched, version FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None or row[2] != SCHEMA_VERSION or self.clock() - row[1] > self.max_age:
            return None
        return json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO responses (key, body, fetched, version) VALUES (?, ?, ?, ?)",
            (key, json.dumps(value, ensure_ascii=False), self.clock(), SCHEMA_VERSION),
        )
        self._db.commit()

    def items(self, prefix: str) -> list[tuple[str, Any]]:
        """Every live entry whose key starts with `prefix` (for suggestions)."""
        rows = self._db.execute(
            "SELECT key, body, fetched, version FROM responses WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")
        ).fetchall()
        now = self.clock()
        return [(k, json.loads(b)) for k, b, f, v in rows if v == SCHEMA_VERSION and now - f <= self.max_age]

    def close(self) -> None:
        self._db.close()
