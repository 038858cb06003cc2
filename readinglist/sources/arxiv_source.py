"""arXiv through the `arxiv` package: many ids per request, a total deadline, politeness, explicit faults.

The package uses `requests` with no timeout and follows redirects anywhere. Its session is a private
attribute with no public way to pass one (see ARCHITECTURE.md), so we set it to a `requests.Session` of
ours whose requests go through our HTTP client (`http.HttpClient`: a total deadline from connect to the
last byte, headers included, the size cap, retries within the run's wait budget); it refuses redirects to
another host and hands the package a `requests.Response` built from the answer.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import arxiv
import requests
from requests.structures import CaseInsensitiveDict

from ..errors import BadResponseError, SourceError
from ..ids import arxiv_base
from ..records import ExternalPaper
from ..settings import ARXIV_DEFAULT_URL as DEFAULT_API_URL
from ..settings import ARXIV_URL_ENV as API_URL_ENV
from .base import Can
from .http import HttpClient, check_base_url, valid_text
from .retry import RetryPolicy

SOURCE = "arXiv"
# The client logs a broken feed as a warning before we report it as a one-line error: say it once, ours.
logging.getLogger("arxiv").setLevel(logging.ERROR)
IDS_PER_REQUEST = 100  # arxiv resends the whole id_list on every page: keep one page per request
MAX_REDIRECTS = 3
log = logging.getLogger("readinglist.sources")


class _DeadlineSession(requests.Session):
    """The package's session: each request through our HTTP client; redirects only on the same host."""

    def __init__(self, http: HttpClient) -> None:
        super().__init__()
        self.http = http
        self.last_body = b""

    def request(self, method, url, **kwargs):  # type: ignore[no-untyped-def, override]
        host = urlsplit(url).netloc
        headers = dict(kwargs.get("headers") or {})
        for _ in range(MAX_REDIRECTS + 1):
            answer = self.http.request(method, url, headers=headers)
            if answer.status not in (301, 302, 303, 307, 308):
                break
            target = urljoin(url, answer.headers.get("location", ""))
            if urlsplit(target).netloc != host:
                raise SourceError(
                    f"{host} redirected us to {urlsplit(target).netloc or target}, another host; refused. "
                    f"Check {API_URL_ENV}",
                    source=SOURCE,
                    url=url,
                    status=answer.status,
                )
            url = target
        response = requests.Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url = answer.url
        response.raw = io.BytesIO(answer.body)  # `raw` is the public file-like body `content` reads from
        self.last_body = answer.body
        return response

    @property
    def calls(self) -> int:
        return self.http.requests

    def close(self) -> None:
        self.http.close()
        super().close()


def record_of(result: arxiv.Result) -> dict[str, Any]:
    """The entry as plain JSON (what the cache keeps: the feed parsed by the package, nothing dropped we use)."""
    return valid_text(
        {
            "id": arxiv_base(result.get_short_id()) or result.get_short_id(),
            "version_id": result.get_short_id(),
            "title": result.title,
            "authors": [a.name for a in result.authors],
            "summary": " ".join(result.summary.split()),
            "published": result.published.isoformat(),
            "updated": result.updated.isoformat(),
            "primary_category": result.primary_category,
            "categories": list(result.categories),
            "doi": result.doi,
            "journal_ref": result.journal_ref,
            "comment": result.comment,
            "url": result.entry_id,
        }
    )


def parse_record(raw: Any, host: str = "arXiv") -> ExternalPaper:
    """A cached arXiv record -> ExternalPaper; a record of another shape is a bad answer."""
    if not isinstance(raw, dict):
        raise BadResponseError(f"{host} sent an answer we cannot read (a record is not an object)", source=SOURCE)
    texts = {}
    for name in ("id", "title", "summary", "published", "primary_category", "doi", "journal_ref", "comment"):
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            raise BadResponseError(f"{host} sent an answer we cannot read ({name} is not text)", source=SOURCE)
        texts[name] = value or ""
    authors = raw.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise BadResponseError(f"{host} sent an answer we cannot read (authors are not a list of names)", source=SOURCE)
    published = texts["published"]
    return ExternalPaper(
        source="arxiv",
        title=texts["title"],
        authors=tuple(authors),
        year=int(published[:4]) if published[:4].isdigit() else None,
        published=published[:10],
        arxiv=texts["id"],
        doi=texts["doi"],
        abstract=texts["summary"],
        primary_category=texts["primary_category"],
        journal_ref=texts["journal_ref"],
        comment=texts["comment"],
    )


def _is_feed(body: bytes) -> bool:
    """Whether a response body is a well-formed Atom feed with a result count."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return False
    return (
        root.tag == "{http://www.w3.org/2005/Atom}feed"
        and root.find("{http://a9.com/-/spec/opensearch/1.1/}totalResults") is not None
    )


class ArxivSource:
    """Fetch arXiv records by id; `delay` is the politeness gap between requests (3 s by default)."""

    name = "arxiv"
    label = SOURCE
    can = frozenset({Can.LOOK_UP_BY_ID})
    leads = frozenset({"title", "author", "abstract", "published"})  # as the authors wrote them, first submitted
    ids_per_request = IDS_PER_REQUEST

    def __init__(
        self,
        api_url: str | None = None,
        delay: float = 3.0,
        timeout: float = 15.0,
        retries: int = 2,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.api_url = check_base_url(api_url or DEFAULT_API_URL, source=SOURCE, setting=API_URL_ENV)
        self.host = urlsplit(self.api_url).netloc
        # 429 and 5xx are retried by our client (Retry-After, the run's budget); the package retries the rest
        self.client = arxiv.Client(page_size=IDS_PER_REQUEST, delay_seconds=delay, num_retries=retries)
        self.client.query_url_format = self.api_url + "?{}"
        policy = policy or RetryPolicy(max_attempts=retries + 1)
        self.session = _DeadlineSession(HttpClient(source=SOURCE, timeout=timeout, policy=policy))
        self.client._session = self.session  # no public way to give the client a session: ARCHITECTURE.md

    @property
    def requests(self) -> int:
        return self.session.calls

    def close(self) -> None:
        self.session.close()

    def lookup_id(self, fields: Mapping[str, str]) -> str | None:
        """The arXiv id of an entry that still lacks what only arXiv gives (primary class, abstract)."""
        if fields.get("primaryclass") and fields.get("abstract"):
            return None
        return arxiv_base(fields.get("eprint", ""))

    def fetch(self, ids: list[str]) -> tuple[dict[str, tuple[Any, ExternalPaper]], list[str]]:
        found, missing = self.fetch_records(ids)
        return {ident: (raw, self.parse(raw)) for ident, raw in found.items()}, missing

    def parse(self, raw: Any) -> ExternalPaper:
        return parse_record(raw, self.host)

    def cache_ids(self, paper: ExternalPaper) -> list[str]:
        return []

    def fetch_records(self, ids: list[str]) -> tuple[dict[str, dict], list[str]]:
        """Records by unversioned id, and the ids arXiv does not have (it answers with an empty feed)."""
        found: dict[str, dict] = {}
        for start in range(0, len(ids), IDS_PER_REQUEST):
            chunk = ids[start : start + IDS_PER_REQUEST]
            self._fetch_chunk(chunk, found)
        missing = [i for i in ids if i not in found]
        return found, missing

    def _fetch_chunk(self, chunk: list[str], found: dict[str, dict]) -> None:
        host = self.host
        search = arxiv.Search(id_list=chunk, max_results=len(chunk))
        try:
            for result in self.client.results(search):
                record = record_of(result)
                found[record["id"]] = record
        except arxiv.HTTPError as err:
            if err.status == 400:
                raise SourceError(
                    f"arXiv rejected the ids {', '.join(chunk)} as malformed (HTTP 400)",
                    source=SOURCE,
                    url=err.url,
                    status=400,
                ) from err
            raise BadResponseError(
                f"{host} kept failing (HTTP {err.status}); try again later",
                source=SOURCE,
                url=err.url,
                status=err.status,
            ) from err
        except SourceError:
            raise
        except (arxiv.ArxivError, ValueError, TypeError, AttributeError, KeyError, IndexError) as err:
            raise BadResponseError(
                f"{host} sent an answer we cannot read (a feed entry the arxiv package cannot parse); try again later",
                source=SOURCE,
            ) from err
        if any(i not in found for i in chunk) and not _is_feed(self.session.last_body):
            # arxiv parses a broken feed as an empty one: that is a bad answer, not "not found"
            raise BadResponseError(f"{host} sent a feed that is not valid Atom XML; try again later", source=SOURCE)
