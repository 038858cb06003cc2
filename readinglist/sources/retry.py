"""One retry policy for both APIs: Retry-After when given, exponential backoff otherwise, a bounded total wait."""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("readinglist.sources")


@dataclass
class RetryPolicy:
    """How a run retries. One policy serves every request of a run: `max_total_wait` is the run's whole budget
    for waiting out 429s and 5xx (`waited` counts it), not a budget per request."""

    max_attempts: int = 4
    base_delay: float = 2.0
    max_total_wait: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    waited: float = 0.0

    def backoff(self, attempt: int) -> float:
        return self.base_delay * (2**attempt)

    def wait(self, seconds: float) -> None:
        """Sleep, counted against the run's budget."""
        self.waited += seconds
        self.sleep(seconds)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds: either a number of seconds or an HTTP date.

    >>> retry_after_seconds("7")
    7.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
    10.0
    >>> retry_after_seconds("soon, maybe") is None  # unreadable: the caller backs off on its own
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        return None
    return max(0.0, parsed.timestamp() - (time.time() if now is None else now))


class Throttle:
    """At most one request per `interval` seconds (politeness), with an injectable sleep."""

    def __init__(
        self, interval: float, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval = interval
        self.sleep = sleep
        self.clock = clock
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            remaining = self.interval - (self.clock() - self._last)
            if remaining > 0:
                log.debug("waiting %.1f s between requests (politeness)", remaining)
                self.sleep(remaining)
        self._last = self.clock()
