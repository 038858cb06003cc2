"""One HTTP client per source and run: a total deadline per request, a size cap, retries within one budget.

httpx's timeouts bound each read, not the whole answer: a server that drips its status line, headers or
body a byte at a time never trips them. Our transport gives httpcore a network backend whose every
connect, read and write gets at most the time left before the request's deadline, so the deadline holds
from connect to the last byte, headers included. An answer larger than `max_bytes` is refused as soon as
its Content-Length or its bytes say so. Retries (429 and 5xx) run on tenacity, waiting what `Retry-After`
asks when it is readable, exponential backoff otherwise, all waits of a run drawn from one budget
(`RetryPolicy.max_total_wait`), so a rate-limiting server costs a run at most that long.
Not covered: a proxy set in the environment (HTTPS_PROXY) is reached through httpx's own proxy transport,
whose timeouts bound each read only.
"""

from __future__ import annotations

import functools
import logging
import re
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
import tenacity

from ..errors import WORK_OFFLINE, BadResponseError, RateLimitedError, SourceError, UnreachableError
from .retry import RetryPolicy, retry_after_seconds

log = logging.getLogger("readinglist.sources")
RETRYABLE = {429, 500, 502, 503, 504}
MAX_ANSWER_BYTES = 50 * 10**6  # the largest answer we read; the API documents batch answers up to 10 MB
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(data: Any) -> Any:
    """JSON-like data with every lone surrogate (`\\ud800` in an API's JSON) replaced by U+FFFD."""
    if isinstance(data, str):
        return _SURROGATE.sub("\ufffd", data) if _SURROGATE.search(data) else data
    if isinstance(data, list):
        return [valid_text(item) for item in data]
    if isinstance(data, dict):
        return {valid_text(key): valid_text(value) for key, value in data.items()}
    return data


class _Deadline(threading.local):
    at: float | None = None


_DEADLINE = _Deadline()  # the deadline of the request this thread is making (None: no deadline)


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    if _DEADLINE.at is None:
        return timeout
    left = _DEADLINE.at - time.monotonic()
    if left <= 0:
        raise error("total deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the current request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, _time_left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, every connection bounded by the current request's deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


class _DeadlineTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool with the deadline backend (httpcore errors pass through)."""

    def __init__(self) -> None:
        self._pool = httpcore.ConnectionPool(ssl_context=_verified_tls(), network_backend=_DeadlineBackend())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        answer = self._pool.handle_request(
            httpcore.Request(
                method=request.method,
                url=httpcore.URL(
                    scheme=request.url.raw_scheme,
                    host=request.url.raw_host,
                    port=request.url.port,
                    target=request.url.raw_path,
                ),
                headers=request.headers.raw,
                content=request.stream,
                extensions=request.extensions,
            )
        )
        return httpx.Response(
            answer.status, headers=answer.headers, stream=_Body(answer.stream), extensions=answer.extensions
        )

    def close(self) -> None:
        self._pool.close()


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
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise SourceError(f"{setting}={url!r} holds a space or a control character; fix it or unset it", source=source)
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


@functools.cache
def _verified_tls() -> ssl.SSLContext:
    """httpx's default certificate checks, made once per process: each new context reads the whole CA bundle."""
    return httpx.create_ssl_context()


class HttpClient:
    """A reused httpx client with a per-request total deadline and a bounded retry policy."""

    def __init__(self, *, source: str, timeout: float, policy: RetryPolicy, max_bytes: int = MAX_ANSWER_BYTES) -> None:
        self.source = source
        self.timeout = timeout
        self.policy = policy
        self.max_bytes = max_bytes
        self.requests = 0
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            verify=_verified_tls(),
            transport=_DeadlineTransport(),
        )

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
            sleep=self.policy.wait,
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
        return self.policy.waited + self._wait(state) > self.policy.max_total_wait

    def _gave_up(self, answer: Answer, statistics: dict) -> SourceError:
        host = urlsplit(answer.url).netloc
        tries = int(statistics.get("attempt_number", 1))
        if answer.status == 429:
            return RateLimitedError(
                f"{host} is rate limiting us (HTTP 429) after {self.policy.waited:g} s of waiting in this run; "
                "try again in a few minutes, or set an API key",
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
        self.requests += 1
        log.debug("%s %s", method, url)
        _DEADLINE.at = time.monotonic() + self.timeout
        try:
            with self._client.stream(method, url, **kwargs) as response:
                return Answer(response.status_code, response.headers, self._read(response, host), str(response.url))
        except (httpx.TimeoutException, httpcore.TimeoutException) as err:
            raise UnreachableError(
                f"{host} did not answer within {self.timeout:g} s; try again later, {WORK_OFFLINE}",
                source=self.source,
                url=url,
            ) from err
        except (httpx.RemoteProtocolError, httpx.DecodingError, httpcore.RemoteProtocolError) as err:
            raise BadResponseError(
                f"{host} sent an answer we cannot read (the connection broke off mid-answer); try again later",
                source=self.source,
                url=url,
            ) from err
        except (httpx.TransportError, httpx.InvalidURL, httpcore.NetworkError, httpcore.ProtocolError) as err:
            raise UnreachableError(
                f"cannot reach {host} ({type(err).__name__}); check your network, {WORK_OFFLINE}",
                source=self.source,
                url=url,
            ) from err
        finally:
            _DEADLINE.at = None

    def _read(self, response: httpx.Response, host: str) -> bytes:
        """The body, refused as soon as its announced or read length passes `max_bytes` (never all read)."""
        announced = response.headers.get("content-length", "")
        size = 0
        chunks = []
        if not (announced.isdigit() and int(announced) > self.max_bytes):
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    break
                chunks.append(chunk)
            else:
                return b"".join(chunks)
        raise BadResponseError(
            f"{host} sent an answer larger than {self.max_bytes / 1e6:g} MB; refused (nothing was read into the "
            "library); try again later, or fetch fewer papers at once",
            source=self.source,
            url=str(response.url),
        )
