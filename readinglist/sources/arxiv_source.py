"""arXiv through the `arxiv` package: many ids per request, a request timeout, politeness, explicit faults."""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlparse
from xml.etree import ElementTree

import arxiv
import requests

from ..errors import BadResponseError, SourceError, UnreachableError

API_URL_ENV = "READINGLIST_ARXIV_API_URL"
DEFAULT_API_URL = "https://export.arxiv.org/api/query"
SOURCE = "arXiv"
IDS_PER_REQUEST = 100  # arxiv resends the whole id_list on every page: keep one page per request


class _TimeoutSession(requests.Session):
    """requests has no default timeout and the arxiv client sets none: a stalled server would block forever."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.calls = 0
        self.last_body = b""

    def request(self, method, url, **kwargs):  # type: ignore[no-untyped-def, override]
        kwargs.setdefault("timeout", self.timeout)
        self.calls += 1
        response = super().request(method, url, **kwargs)
        self.last_body = response.content
        return response


def record_of(result: arxiv.Result) -> dict[str, Any]:
    """A plain JSON record of one arXiv entry (what the cache keeps)."""
    return {
        "id": re.sub(r"v\d+$", "", result.get_short_id()),
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

    def __init__(self, api_url: str | None = None, delay: float = 3.0, timeout: float = 15.0, retries: int = 2) -> None:
        self.api_url = api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
        self.client = arxiv.Client(page_size=IDS_PER_REQUEST, delay_seconds=delay, num_retries=retries)
        self.client.query_url_format = self.api_url + "?{}"
        self.session = _TimeoutSession(timeout)
        self.client._session = self.session  # the client's HTTP session, given a timeout

    @property
    def requests(self) -> int:
        return self.session.calls

    def fetch_records(self, ids: list[str]) -> tuple[dict[str, dict], list[str]]:
        """Records by unversioned id, and the ids arXiv does not have (it answers with an empty feed)."""
        found: dict[str, dict] = {}
        host = urlparse(self.api_url).netloc
        for start in range(0, len(ids), IDS_PER_REQUEST):
            chunk = ids[start : start + IDS_PER_REQUEST]
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
            except requests.Timeout as err:
                raise UnreachableError(
                    f"{host} did not answer within {self.session.timeout:g} s; try again later, or use --offline",
                    source=SOURCE,
                ) from err
            except requests.ConnectionError as err:
                raise UnreachableError(
                    f"cannot reach {host}; check your network, or use --offline", source=SOURCE
                ) from err
            except (arxiv.ArxivError, ValueError) as err:
                raise BadResponseError(f"{host} sent a feed that could not be read ({err})", source=SOURCE) from err
            if any(i not in found for i in chunk) and not _is_feed(self.session.last_body):
                # arxiv parses a broken feed as an empty one: that is a bad answer, not "not found"
                raise BadResponseError(f"{host} sent a feed that is not valid Atom XML; try again later", source=SOURCE)
        missing = [i for i in ids if i not in found]
        return found, missing
