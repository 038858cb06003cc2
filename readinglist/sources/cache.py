"""A SQLite cache of raw API answers (JSON text) with their fetch time; expired entries are ignored.

"Not found" is remembered too (as a `null` body) for a shorter time, so a second run does not ask again.
A cache that cannot be read (not a database, the folder is a file, a row that is not JSON) is set aside
with a warning and rebuilt: it only ever holds what can be fetched again.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # handed in by the entry points; nothing here reads the environment
    from ..settings import Settings

SCHEMA_VERSION = 1
DEFAULT_MAX_AGE_DAYS = 30.0  # as settings.DEFAULT_MAX_AGE_DAYS, which READINGLIST_CACHE_DAYS overrides
NOT_FOUND_MAX_AGE_DAYS = 3.0
log = logging.getLogger("readinglist.cache")


class ResponseCache:
    """key -> (body, fetched). Keys name the source and the id: `s2:ARXIV:2203.02155`, `arxiv:2203.02155`."""

    def __init__(
        self,
        path: Path,
        max_age_seconds: float = DEFAULT_MAX_AGE_DAYS * 86400,
        clock: Callable[[], float] = time.time,
        not_found_max_age_seconds: float | None = None,
    ) -> None:
        self.path = path
        self.max_age = max_age_seconds
        self.not_found_max_age = (
            min(self.max_age, NOT_FOUND_MAX_AGE_DAYS * 86400)
            if not_found_max_age_seconds is None
            else not_found_max_age_seconds
        )
        self.clock = clock
        self._db = self._open()

    @classmethod
    def open(cls, settings: Settings) -> ResponseCache:
        """The cache where `settings` put it, entries kept as long as they say."""
        return cls(settings.cache_path, settings.cache_max_age_seconds)

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except (sqlite3.DatabaseError, OSError) as first:
            aside = self._set_aside(first)
        try:
            return self._connect()
        except (sqlite3.DatabaseError, OSError) as second:
            log.warning("cannot use the cache at %s (%s); working without one this run", self.path, second)
            return self._connect(":memory:")
        finally:
            if aside:
                log.warning(
                    "the cache %s could not be read; set it aside as %s and started a new one", self.path, aside
                )

    def _connect(self, where: str | None = None) -> sqlite3.Connection:
        if where is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(where or self.path)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, body TEXT NOT NULL, "
                "fetched REAL NOT NULL, version INTEGER NOT NULL)"
            )
            db.execute("SELECT key, body, fetched, version FROM responses LIMIT 1").fetchall()
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _set_aside(self, error: Exception) -> Path | None:
        """Rename what is in the way (a junk file, a file where the cache folder belongs) so a new cache can start."""
        if self.path.exists():
            blocker = self.path
        elif self.path.parent.exists() and not self.path.parent.is_dir():
            blocker = self.path.parent
        else:
            return None
        aside = blocker.with_name(f"{blocker.name}.unreadable-{int(time.time())}")
        try:
            blocker.rename(aside)
        except OSError:
            return None
        log.debug("set aside %s after %s", blocker, error)
        return aside

    def _row(self, key: str) -> tuple[str, float, int] | None:
        try:
            return self._db.execute("SELECT body, fetched, version FROM responses WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as err:
            log.warning("the cache %s failed to read (%s); asking the source again", self.path, err)
            return None

    def _fresh(self, row: tuple[str, float, int] | None) -> bool:
        if row is None or row[2] != SCHEMA_VERSION:
            return False
        limit = self.not_found_max_age if row[0] == "null" else self.max_age
        return self.clock() - row[1] <= limit

    def get(self, key: str, *, refresh: bool = False) -> Any | None:
        """The cached JSON value, or None when missing, expired, unreadable, "not found", or `refresh` is asked."""
        if refresh:
            return None
        row = self._row(key)
        if not self._fresh(row):
            return None
        assert row is not None
        try:
            return json.loads(row[0])
        except (json.JSONDecodeError, RecursionError):
            log.warning("the cache entry %s was not JSON; dropped it and asking the source again", key)
            self.delete(key)
            return None

    def known_missing(self, key: str, *, refresh: bool = False) -> bool:
        """Whether the source said "not found" for this key recently (within the shorter not-found expiry)."""
        if refresh:
            return False
        row = self._row(key)
        return row is not None and row[0] == "null" and self._fresh(row)

    def put(self, key: str, value: Any) -> None:
        self.put_many([(key, value)])

    def put_many(self, items: list[tuple[str, Any]], *, missing: tuple[str, ...] | list[str] = ()) -> None:
        """Answers (and "not found" keys) in one transaction: one disk sync per request, not per paper."""
        rows = [(key, json.dumps(value, ensure_ascii=False)) for key, value in items]
        self._write(rows + [(key, "null") for key in missing])

    def delete(self, key: str) -> None:
        try:
            self._db.execute("DELETE FROM responses WHERE key = ?", (key,))
            self._db.commit()
        except sqlite3.DatabaseError as err:
            log.warning("the cache %s could not be written (%s)", self.path, err)

    def _write(self, rows: list[tuple[str, str]]) -> None:
        now = self.clock()
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO responses (key, body, fetched, version) VALUES (?, ?, ?, ?)",
                [(key, body, now, SCHEMA_VERSION) for key, body in rows],
            )
            self._db.commit()
        except sqlite3.DatabaseError as err:
            log.warning("the cache %s could not be written (%s); these answers will be fetched again", self.path, err)

    def items(self, prefix: str) -> list[tuple[str, Any]]:
        """Every live, readable entry whose key starts with `prefix` (for suggestions)."""
        try:
            rows = self._db.execute(
                "SELECT key, body, fetched, version FROM responses WHERE key >= ? AND key < ?",
                (prefix, prefix + "\uffff"),
            ).fetchall()
        except sqlite3.DatabaseError as err:
            log.warning("the cache %s failed to read (%s)", self.path, err)
            return []
        found = []
        for key, body, fetched, version in rows:
            if body == "null" or not self._fresh((body, fetched, version)):
                continue
            try:
                found.append((key, json.loads(body)))
            except (json.JSONDecodeError, RecursionError):
                log.warning("the cache entry %s was not JSON; skipped", key)
        return found

    def close(self) -> None:
        self._db.close()
