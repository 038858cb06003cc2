"""Semantic Scholar through the `semanticscholar` package: batch metadata with references, faults made explicit.

The package's requester hides 502/503 as empty results, ignores Retry-After, retries a 429 for 251 s and
opens a new HTTP client for every request. We give the client a requester of ours: one reused HTTP client
(`http.HttpClient`: total deadline, bounded retries), answers checked for shape before the package builds its
objects, and only the project's `SourceError` family raised. The package has no public way to pass a
requester, so this is the one private attribute we set (see ARCHITECTURE.md).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote_plus, urlsplit

from semanticscholar import SemanticScholar
from semanticscholar.ApiRequester import ApiRequester
from semanticscholar.SemanticScholarException import NoMorePagesException

from ..errors import BadResponseError, NotFoundError, SourceError
from ..ids import arxiv_base
from ..records import ExternalPaper, Reference
from ..settings import S2_DEFAULT_URL as DEFAULT_API_URL
from ..settings import S2_KEY_ENV as API_KEY_ENV
from ..settings import S2_URL_ENV as API_URL_ENV
from .base import Can
from .http import HttpClient, check_api_key, check_base_url, valid_text
from .retry import RetryPolicy, Throttle
from .s2_records import SOURCE, check_batch, check_listing, error_text, parse_paper, parse_reference, unreadable

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
MATCH_FIELDS = ["paperId", "externalIds", "title", "year"]
# The package logs "IDs not found: [...]" as a warning on every batch with unknown ids; we report them by key.
logging.getLogger("semanticscholar").setLevel(logging.ERROR)
log = logging.getLogger("readinglist.sources")
REFERENCE_PAGE = 1000
MAX_PAGES = 10  # the API serves at most 9,999 references or citations of a paper
T = TypeVar("T")


class _Requester(ApiRequester):
    """The client's HTTP step: our HTTP client, the API key on every request, answers checked, our errors.

    The package leaves the key off its paginated calls (references, citations), so we add it here.
    """

    def __init__(self, http: HttpClient, api_key: str) -> None:
        super().__init__(http.timeout, retry=False)
        self.http = http
        self.key_header = {"x-api-key": api_key} if api_key else {}

    async def get_data_async(self, url: str, parameters: str, headers: dict | None, payload: dict | None = None) -> Any:
        host = urlsplit(url).netloc
        answer = self.http.request(
            "POST" if payload else "GET",
            url,
            params=parameters.lstrip("&"),
            headers={**(headers or {}), **self.key_header},
            json=payload,
        )
        data = _json(answer.body, host, url) if answer.body.strip() else None
        if answer.status == 200:
            return _check_shape(data, host, url)
        message = error_text(data)
        if answer.status == 400:
            raise SourceError(
                f"{host} refused the request (HTTP 400: {message or 'no reason given'})",
                source=SOURCE,
                url=url,
                status=400,
            )
        if answer.status in (401, 403):
            raise SourceError(
                f"{host} refused access (HTTP {answer.status}); check {API_KEY_ENV} or unset it",
                source=SOURCE,
                url=url,
                status=answer.status,
            )
        if answer.status == 404:
            raise NotFoundError(message or "not found", source=SOURCE, url=url, status=404)
        raise BadResponseError(f"{host} answered HTTP {answer.status}", source=SOURCE, url=url, status=answer.status)


def install_requester(client: SemanticScholar, requester: ApiRequester) -> None:
    """Give the client our requester. semanticscholar (0.12.0, the latest release) builds its own in
    `AsyncSemanticScholar.__init__` and takes no argument for one: this is the one private attribute we set,
    and `tests/test_network_hostile.py` fails if a release moves it (ARCHITECTURE.md)."""
    inner = client._AsyncSemanticScholar
    if not isinstance(getattr(inner, "_requester", None), ApiRequester):
        raise SourceError(
            "this version of the semanticscholar package keeps its requester elsewhere; install semanticscholar 0.12",
            source=SOURCE,
        )
    inner._requester = requester


def _json(body: bytes, host: str, url: str) -> Any:
    try:
        return valid_text(json.loads(body))  # lone surrogates (`\ud800`) become U+FFFD here, where text enters
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
        raise BadResponseError(f"{host} sent a body that is not JSON", source=SOURCE, url=url) from err


def _check_shape(data: Any, host: str, url: str) -> Any:
    path = urlsplit(url).path
    if path.endswith("/paper/batch"):
        return check_batch(data, host, url)
    if path.endswith("/references"):
        return check_listing(data, host, url, "citedPaper")
    if path.endswith("/citations"):
        return check_listing(data, host, url, "citingPaper")
    if "/paper/search" in path:
        return check_listing(data, host, url, None)
    return data


def _matches(requested: str, paper: ExternalPaper) -> bool:
    prefix, colon, value = requested.partition(":")
    if not colon:
        return paper.s2_id.lower() == requested.lower()
    value = value.lower()
    known = {"arxiv": paper.arxiv.lower(), "doi": paper.doi.lower(), "corpusid": paper.corpus_id}.get(prefix.lower())
    return bool(known) and known == value


class SemanticScholarSource:
    """Fetches papers by id in batches (raw JSON kept for the cache, `parse` makes the records)."""

    name = "s2"
    label = SOURCE
    can = frozenset({Can.LOOK_UP_BY_ID, Can.MATCH_TITLE, Can.REFERENCES, Can.CITATIONS})
    leads = frozenset({"year"})  # the year of the venue, where arXiv knows only the first submission

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
        self.api_url = check_base_url(api_url or DEFAULT_API_URL, source=SOURCE, setting=API_URL_ENV)
        self.host = urlsplit(self.api_url).netloc
        self.policy = policy or RetryPolicy()
        self.ids_per_request = batch_size
        self.reference_page = reference_page
        self.throttle = Throttle(min_interval, self.policy.sleep)
        key = check_api_key(api_key or "", source=SOURCE, setting=API_KEY_ENV)
        self.http = HttpClient(source=SOURCE, timeout=timeout, policy=self.policy)
        self.client = SemanticScholar(timeout=int(max(1, timeout)), api_key=key or None, api_url=self.api_url)
        install_requester(self.client, _Requester(self.http, key))

    @property
    def requests(self) -> int:
        return self.http.requests

    def close(self) -> None:
        self.http.close()

    # -- the Source protocol ------------------------------------------------------------------------------

    def lookup_id(self, fields: Mapping[str, str]) -> str | None:
        """The id to ask Semantic Scholar for an entry: its s2id, else its arXiv id, else its DOI."""
        if fields.get("s2id"):
            return fields["s2id"]
        arxiv = arxiv_base(fields.get("eprint", ""))
        if arxiv:
            return f"ARXIV:{arxiv}"
        return f"DOI:{fields['doi']}" if fields.get("doi") else None

    def fetch(self, ids: list[str]) -> tuple[dict[str, tuple[Any, ExternalPaper]], list[str]]:
        """One batch request per `ids_per_request` ids, with each paper's references (no contexts)."""
        found: dict[str, tuple[Any, ExternalPaper]] = {}
        missing: list[str] = []
        fields = PAPER_FIELDS + NESTED_REFERENCE_FIELDS
        for start in range(0, len(ids), self.ids_per_request):
            self._fetch_batch(ids[start : start + self.ids_per_request], fields, found, missing)
        return found, missing

    def parse(self, raw: Any) -> ExternalPaper:
        return parse_paper(raw, self.host)

    def cache_ids(self, paper: ExternalPaper) -> list[str]:
        """The paper's own id: the entry asks by it from now on (its s2id), and finds it cached."""
        return [paper.s2_id] if paper.s2_id else []

    # -- Semantic Scholar only ----------------------------------------------------------------------------

    def _fetch_batch(
        self, chunk: list[str], fields: list[str], found: dict[str, tuple[Any, ExternalPaper]], missing: list[str]
    ) -> None:
        self.throttle.wait()
        try:
            papers = self._call(lambda: self.client.get_papers(chunk, fields=fields))
        except BadResponseError as err:
            if err.status == 504 and len(chunk) > 1:  # a large batch with references timed out: halve it
                middle = len(chunk) // 2
                self._fetch_batch(chunk[:middle], fields, found, missing)
                self._fetch_batch(chunk[middle:], fields, found, missing)
                return
            raise
        parsed = [(p.raw_data, self.parse(p.raw_data)) for p in papers]
        for requested in chunk:
            match = next((pair for pair in parsed if _matches(requested, pair[1])), None)
            if match is None:
                missing.append(requested)
            else:
                found[requested] = match

    def fetch_references(self, paper_id: str) -> list[dict]:
        """Every reference of a paper with its contexts, intents and influence flag (raw items, all pages)."""
        return self._listing(self.client.get_paper_references, paper_id, self.reference_page, MAX_PAGES)

    def fetch_citing(self, paper_id: str, limit: int = REFERENCE_PAGE) -> list[dict]:
        """The first page (up to `limit`) of the papers citing a paper, with contexts: one request.

        Highly cited papers have thousands; the first page is enough to find the ones citing several
        library papers, and costs one call instead of up to ten.
        """
        return self._listing(self.client.get_paper_citations, paper_id, limit, 1)

    def parse_references(self, items: Any) -> list[Reference]:
        return self._parse_items(items, "citedPaper")

    def parse_citing(self, items: Any) -> list[Reference]:
        return self._parse_items(items, "citingPaper")

    def _parse_items(self, items: Any, other: str) -> list[Reference]:
        if not isinstance(items, list):
            raise unreadable(self.host, "a cached listing is not a list")
        return [parse_reference(item, self.host, other, f"item[{i}]") for i, item in enumerate(items)]

    def match_title(self, title: str) -> Any | None:
        """The raw paper whose title best matches, or None when Semantic Scholar has no match (one request)."""
        self.throttle.wait()

        def best_match() -> Any | None:
            try:
                return self.client.search_paper(quote_plus(title), match_title=True, fields=MATCH_FIELDS)
            except IndexError:  # an empty `data` list: no match either
                return None

        try:
            paper = self._call(best_match)
        except NotFoundError:
            return None
        return None if paper is None else paper.raw_data

    def _listing(self, endpoint: Callable[..., Any], paper_id: str, limit: int, max_pages: int) -> list[dict]:
        """All pages of a references/citations listing, stopping on a repeated offset or after `max_pages`."""
        self.throttle.wait()
        try:
            pages = self._call(lambda: endpoint(paper_id, fields=REFERENCE_FIELDS, limit=limit))
        except NotFoundError as err:
            raise NotFoundError(
                f"Semantic Scholar does not know {paper_id}", source=SOURCE, paper_id=paper_id, url=err.url, status=404
            ) from err
        items = list(pages.raw_data)
        offsets = {pages.offset}
        for _ in range(max_pages - 1):
            if not (_whole(pages.next) and _whole(pages.offset)) or pages.next <= pages.offset:
                break  # the last page, or a `next` that cannot be checked against an `offset`
            self.throttle.wait()
            try:
                self._call(pages.next_page)
            except NoMorePagesException:
                break
            if pages.offset in offsets:
                raise unreadable(self.host, f"the page at offset {pages.offset} came twice")
            offsets.add(pages.offset)
            items += pages.raw_data
        return items

    def _call(self, call: Callable[[], T]) -> T:
        """Run a package call; anything it trips over in an answer we passed is a bad answer, not a traceback."""
        try:
            return call()
        except SourceError:
            raise
        except (TypeError, KeyError, AttributeError, ValueError, IndexError) as err:
            log.debug("the semanticscholar package failed on an answer: %s: %s", type(err).__name__, err)
            raise unreadable(self.host, "a value of a type the API does not document") from err


def _whole(value: object) -> bool:
    """A whole number as JSON gives one (not `true`, which Python also counts as an int)."""
    return isinstance(value, int) and not isinstance(value, bool)
