"""Semantic Scholar through the `semanticscholar` package: batch metadata with references, faults made explicit.

The package's requester hides 502/503 as empty results, ignores Retry-After and retries a 429 for 251 s.
We give the client a requester of ours (same HTTP calls, same package exceptions for 400/403/404) that
raises for 5xx, honours Retry-After within a bounded wait, and turns timeouts into a clear message.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlparse

import httpx
from semanticscholar import SemanticScholar
from semanticscholar.ApiRequester import ApiRequester
from semanticscholar.SemanticScholarException import BadQueryParametersException, ObjectNotFoundException

from ..errors import BadResponseError, NotFoundError, RateLimitedError, SourceError, UnreachableError
from .retry import RetryPolicy, Throttle, retry_after_seconds

API_URL_ENV = "READINGLIST_S2_API_URL"
API_KEY_ENV = "SEMANTIC_SCHOLAR_API_KEY"
DEFAULT_API_URL = "https://api.semanticscholar.org"
SOURCE = "Semantic Scholar"
PAPER_FIELDS = [
    "paperId", "externalIds", "title", "abstract", "venue", "year", "publicationDate", "journal", "authors",
    "citationCount", "influentialCitationCount", "referenceCount", "tldr", "url",
]  # fmt: skip
NESTED_REFERENCE_FIELDS = [
    "references.paperId", "references.externalIds", "references.title", "references.year",
    "references.citationCount",
]  # fmt: skip
# The reference endpoint is the only one that knows why a paper is cited.
REFERENCE_FIELDS = [
    "contexts", "intents", "contextsWithIntent", "isInfluential", "paperId", "externalIds", "title", "year",
    "citationCount",
]  # fmt: skip
REFERENCE_PAGE = 1000
RETRYABLE = {500, 502, 503, 504}


class _Requester(ApiRequester):
    """The client's HTTP step, with explicit faults and our retry policy."""

    def __init__(self, timeout: float, policy: RetryPolicy) -> None:
        super().__init__(timeout, retry=False)
        self.policy = policy
        self.requests = 0

    async def get_data_async(self, url: str, parameters: str, headers: dict, payload: dict | None = None) -> Any:
        parameters = parameters.lstrip("&")
        method = "POST" if payload else "GET"
        host = urlparse(url).netloc
        waited = 0.0
        for attempt in range(self.policy.max_attempts):
            try:
                async with httpx.AsyncClient(timeout=self.timeout) as client:
                    self.requests += 1
                    response = await client.request(method, url, params=parameters, headers=headers, json=payload)
            except httpx.TimeoutException as err:
                raise UnreachableError(
                    f"{host} did not answer within {self.timeout:g} s; try again later, or use --offline",
                    source=SOURCE,
                    url=url,
                ) from err
            except httpx.TransportError as err:
                raise UnreachableError(
                    f"cannot reach {host} ({type(err).__name__}); check your network, or use --offline",
                    source=SOURCE,
                    url=url,
                ) from err
            status = response.status_code
            if status == 200:
                return _json(response, url)
            if status == 400:
                raise BadQueryParametersException(_json(response, url).get("error", response.text))
            if status == 403:
                raise PermissionError("HTTP status 403 Forbidden.")
            if status == 404:
                raise ObjectNotFoundException(_json(response, url).get("error", "not found"))
            if status == 429 or status in RETRYABLE:
                delay = retry_after_seconds(response.headers.get("Retry-After"))
                delay = self.policy.backoff(attempt) if delay is None else delay
                last = attempt == self.policy.max_attempts - 1
                if last or waited + delay > self.policy.max_total_wait:
                    break
                self.policy.sleep(delay)
                waited += delay
                continue
            raise BadResponseError(f"{host} answered HTTP {status}", source=SOURCE, url=url, status=status)
        if status == 429:
            raise RateLimitedError(
                f"{host} is rate limiting us (HTTP 429) after {waited:g} s of waiting; try again in a few minutes, "
                f"or set {API_KEY_ENV}",
                source=SOURCE,
                url=url,
                status=429,
            )
        raise BadResponseError(
            f"{host} kept failing (HTTP {status}) after {attempt + 1} tries; try again later",
            source=SOURCE,
            url=url,
            status=status,
        )


def _json(response: httpx.Response, url: str) -> Any:
    try:
        data = response.json()
    except (json.JSONDecodeError, ValueError) as err:
        raise BadResponseError(
            f"{urlparse(url).netloc} sent a body that is not JSON", source=SOURCE, url=url, status=response.status_code
        ) from err
    if isinstance(data, dict) and len(data) == 1 and "error" in data and response.status_code == 200:
        return {}
    return data


def _matches(requested: str, paper: dict) -> bool:
    ids = {k.lower(): str(v).lower() for k, v in (paper.get("externalIds") or {}).items()}
    prefix, _, value = requested.partition(":")
    value = value.lower()
    if not _:
        return (paper.get("paperId") or "").lower() == requested.lower()
    key = {"arxiv": "arxiv", "doi": "doi", "corpusid": "corpusid"}.get(prefix.lower())
    return key is not None and ids.get(key) == value


class SemanticScholarSource:
    """Fetches papers by id in batches; every answer is raw JSON (a dict per paper)."""

    def __init__(
        self,
        api_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 15.0,
        batch_size: int = 500,
        min_interval: float = 1.0,
        policy: RetryPolicy | None = None,
        reference_page: int = REFERENCE_PAGE,
    ) -> None:
        self.api_url = (api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL).rstrip("/")
        self.policy = policy or RetryPolicy()
        self.batch_size = batch_size
        self.reference_page = reference_page
        self.throttle = Throttle(min_interval, self.policy.sleep)
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        self.client = SemanticScholar(
            timeout=int(max(1, timeout)), api_key=key or None, api_url=self.api_url, retry=False
        )
        self._requester = _Requester(timeout, self.policy)
        self.client._AsyncSemanticScholar._requester = self._requester  # the client's documented HTTP step

    @property
    def requests(self) -> int:
        return self._requester.requests

    def fetch_papers(self, s2_ids: list[str], *, nested_references: bool = True) -> tuple[dict[str, dict], list[str]]:
        """Papers by requested id, and the ids Semantic Scholar does not know (null batch entries).

        With `nested_references`, each paper carries its references (ids and titles, no contexts) from the
        same batch call.
        """
        found: dict[str, dict] = {}
        missing: list[str] = []
        fields = PAPER_FIELDS + (NESTED_REFERENCE_FIELDS if nested_references else [])
        for start in range(0, len(s2_ids), self.batch_size):
            self._fetch_batch(s2_ids[start : start + self.batch_size], fields, found, missing)
        return found, missing

    def fetch_references(self, paper_id: str) -> list[dict]:
        """Every reference of a paper with its contexts, intents and influence flag, all pages.

        Items are the API's raw `data` elements: `{"citedPaper": {...}, "contexts": [...], ...}`; a cited
        paper Semantic Scholar could not resolve has `paperId: null`.
        """
        self.throttle.wait()
        try:
            pages = self.client.get_paper_references(paper_id, fields=REFERENCE_FIELDS, limit=self.reference_page)
            return [reference.raw_data for reference in pages]
        except ObjectNotFoundException as err:
            raise NotFoundError(f"Semantic Scholar does not know {paper_id}", source=SOURCE, paper_id=paper_id) from err
        except BadQueryParametersException as err:
            raise BadResponseError(f"Semantic Scholar refused the request: {err}", source=SOURCE) from err

    def fetch_citing(self, paper_id: str, limit: int = REFERENCE_PAGE) -> list[dict]:
        """The first page (up to `limit`) of the papers citing a paper, with contexts: one request.

        Highly cited papers have thousands; the first page is enough to find the ones citing several
        library papers, and costs one call instead of up to ten.
        """
        self.throttle.wait()
        try:
            first_page = self.client.get_paper_citations(paper_id, fields=REFERENCE_FIELDS, limit=limit)
            return [citation.raw_data for citation in first_page.items]
        except ObjectNotFoundException as err:
            raise NotFoundError(f"Semantic Scholar does not know {paper_id}", source=SOURCE, paper_id=paper_id) from err
        except BadQueryParametersException as err:
            raise BadResponseError(f"Semantic Scholar refused the request: {err}", source=SOURCE) from err

    def _fetch_batch(self, chunk: list[str], fields: list[str], found: dict[str, dict], missing: list[str]) -> None:
        self.throttle.wait()
        try:
            papers = [p.raw_data for p in self.client.get_papers(chunk, fields=fields)]
        except BadResponseError as err:
            if err.status == 504 and len(chunk) > 1:  # a large batch with references timed out: halve it
                middle = len(chunk) // 2
                self._fetch_batch(chunk[:middle], fields, found, missing)
                self._fetch_batch(chunk[middle:], fields, found, missing)
                return
            raise
        except BadQueryParametersException as err:
            raise BadResponseError(f"Semantic Scholar refused the request: {err}", source=SOURCE) from err
        except PermissionError as err:
            raise SourceError(
                f"Semantic Scholar refused access (HTTP 403); check {API_KEY_ENV}", source=SOURCE, status=403
            ) from err
        for requested in chunk:
            paper = next((p for p in papers if _matches(requested, p)), None)
            if paper is None:
                missing.append(requested)
            else:
                found[requested] = paper

    def fetch_paper(self, s2_id: str) -> dict:
        found, missing = self.fetch_papers([s2_id])
        if missing:
            raise NotFoundError(f"Semantic Scholar does not know {s2_id}", source=SOURCE, paper_id=s2_id)
        return found[s2_id]
