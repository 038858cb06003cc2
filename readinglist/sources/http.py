"""One HTTP client per run: a total deadline per request (connect + body), retries with a total budget.

httpx's timeouts bound each read, not the whole answer: a server that drips one byte a second never trips
them. We stream the body and stop at the deadline. Retries (429 and 5xx) run on tenacity, waiting what
`Retry-After` asks when it is readable, exponential backoff otherwise, and never more than the budget.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import tenacity

from ..errors import BadResponseError, RateLimitedError, SourceError, UnreachableError
from .retry import RetryPolicy, retry_after_seconds

log = logging.getLogger("readinglist.sources")
RETRYABLE = {429, 500, 502, 503, 504}


def check_base_url(url: str, *, source: str, setting: str) -> str:
    """The URL without a trailing slash, or a one-line SourceError naming the setting to fix."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError as err:
        raise SourceError(f"{setting}={url!r} is not a usable URL ({err}); fix it or unset it", source=source) from err
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(
            f"{setting}={url!r} is not a usable URL (it needs http:// or https:// and a host); fix it or unset it",
            source=source,
        )
    return url.rstrip("/")


def check_api_key(key: str, *, source: str, setting: str) -> str:
    """A key that can travel in an HTTP header: printable ASCII without spaces."""
    if key and not (key.isascii() and key.isprintable() and not any(c.isspace() for c in key)):
        raise SourceError(
            f"{setting} holds a space, newline or non-ASCII character; copy the key again without them",
            source=source,
        )
    return key


@dataclass
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    url: str


class _Retry(Exception):
    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


class HttpClient:
    """A reused httpx client with a per-request total deadline and a bounded retry policy."""

    def __init__(self, *, source: str, timeout: float, policy: RetryPolicy) -> None:
        self.source = source
        self.timeout = timeout
        self.policy = policy
        self.requests = 0
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def request(
        self, method: str, url: str, *, params: Any = None, headers: dict | None = None, json: Any = None
    ) -> Answer:
        """The first answer that is not 429/5xx, or the project's error once retries or their budget run out."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retry),
            wait=self._wait,
            stop=self._stop,
            sleep=self.policy.sleep,
            reraise=True,
            before_sleep=lambda state: log.debug("retrying %s in %.1f s", url, state.upcoming_sleep),
        )
        try:
            for attempt in retrying:
                with attempt:
                    answer = self._once(method, url, params=params, headers=headers, json=json)
                    if answer.status in RETRYABLE:
                        raise _Retry(answer)
        except _Retry as last:
            raise self._gave_up(last.answer, retrying.statistics) from None
        return answer

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        hint = retry_after_seconds(error.answer.headers.get("Retry-After")) if isinstance(error, _Retry) else None
        return self.policy.backoff(state.attempt_number - 1) if hint is None else hint

    def _stop(self, state: tenacity.RetryCallState) -> bool:
        if state.attempt_number >= self.policy.max_attempts:
            return True
        return state.idle_for + self._wait(state) > self.policy.max_total_wait

    def _gave_up(self, answer: Answer, statistics: dict) -> SourceError:
        host = urlsplit(answer.url).netloc
        waited = float(statistics.get("idle_for", 0.0))
        tries = int(statistics.get("attempt_number", 1))
        if answer.status == 429:
            return RateLimitedError(
                f"{host} is rate limiting us (HTTP 429) after {waited:g} s of waiting; try again in a few minutes, "
                "or set an API key",
                source=self.source,
                url=answer.url,
                status=429,
            )
        return BadResponseError(
            f"{host} kept failing (HTTP {answer.status}) after {tries} tries; try again later",
            source=self.source,
            url=answer.url,
            status=answer.status,
        )

    def _once(self, method: str, url: str, **kwargs: Any) -> Answer:
        host = urlsplit(url).netloc
        deadline = time.monotonic() + self.timeout
        self.requests += 1
        log.debug("%s %s", method, url)
        try:
            with self._client.stream(method, url, **kwargs) as response:
                chunks = []
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("total deadline passed")
                return Answer(response.status_code, response.headers, b"".join(chunks), str(response.url))
        except httpx.TimeoutException as err:
            raise UnreachableError(
                f"{host} did not answer within {self.timeout:g} s; try again later, or use --offline",
                source=self.source,
                url=url,
            ) from err
        except (httpx.RemoteProtocolError, httpx.DecodingError) as err:
            raise BadResponseError(
                f"{host} sent an answer we cannot read (the connection broke off mid-answer); try again later",
                source=self.source,
                url=url,
            ) from err
        except (httpx.TransportError, httpx.InvalidURL) as err:
            raise UnreachableError(
                f"cannot reach {host} ({type(err).__name__}); check your network, or use --offline",
                source=self.source,
                url=url,
            ) from err
