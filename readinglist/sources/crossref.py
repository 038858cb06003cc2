"""Crossref: a paper's publication metadata by its DOI (`GET /works/{DOI}`), one request per paper.

A third source in one module: it keeps the `Source` protocol, declares that it looks papers up by id, and makes
`ExternalPaper` records; `Sources.open` registers it when `READINGLIST_CROSSREF_API_URL` is set. Its values
come after Semantic Scholar's and arXiv's (it fills what they left empty: a journal article they do not know).
Requests go through our HTTP client (deadline, size cap, the run's retry budget). The `habanero` package calls
`httpx.get` at module level with no way to pass a client, so it would bypass all three: one GET is written here.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from ..errors import BadResponseError, SourceError
from ..records import ExternalPaper
from ..settings import CROSSREF_MAILTO_ENV as MAILTO_ENV
from ..settings import CROSSREF_URL_ENV as API_URL_ENV
from .base import Can
from .http import HttpClient, check_base_url, valid_text
from .retry import RetryPolicy

SOURCE = "Crossref"
ARXIV_DOI = "10.48550/arxiv."  # arXiv's DOIs are DataCite's: Crossref answers 404 for every one
_DOI_URL = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/", re.I)
_MARKUP = re.compile(r"<[^<>]{1,200}>")
_MAILTO = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class CrossrefSource:
    """Looks papers up on Crossref by DOI."""

    name = "crossref"
    label = "Crossref"
    ids_per_request = 1
    can = frozenset({Can.LOOK_UP_BY_ID})
    leads: frozenset[str] = frozenset()  # its values fill what the sources before it left empty

    def __init__(
        self, api_url: str, *, mailto: str = "", timeout: float = 15.0, policy: RetryPolicy | None = None
    ) -> None:
        self.api_url = check_base_url(api_url, source=SOURCE, setting=API_URL_ENV)
        self.host = urlsplit(self.api_url).netloc
        if mailto and not _MAILTO.fullmatch(mailto):
            raise SourceError(f"{MAILTO_ENV}={mailto!r} is not an e-mail address; fix it or unset it", source=SOURCE)
        self.params = {"mailto": mailto} if mailto else {}  # Crossref's "polite" pool: it may write if we misbehave
        self.http = HttpClient(source=SOURCE, timeout=timeout, policy=policy or RetryPolicy())

    @property
    def requests(self) -> int:
        return self.http.requests

    def close(self) -> None:
        self.http.close()

    def lookup_id(self, fields: Mapping[str, str]) -> str | None:
        """The entry's DOI, written bare; none for arXiv's own DOIs (DataCite's, which Crossref does not hold).
        Asked again only once its cached answer has expired, as the other sources are."""
        doi = _DOI_URL.sub("", fields.get("doi", "").strip()).lower()
        return doi if doi.startswith("10.") and not doi.startswith(ARXIV_DOI) else None

    def fetch(self, ids: list[str]) -> tuple[dict[str, tuple[Any, ExternalPaper]], list[str]]:
        """One request per DOI; a DOI Crossref does not know or refuses as malformed (HTTP 404, 400) is missing,
        not an error."""
        found: dict[str, tuple[Any, ExternalPaper]] = {}
        missing: list[str] = []
        for doi in ids:
            url = f"{self.api_url}/works/{quote(doi, safe='/')}"
            answer = self.http.request("GET", url, params=self.params or None)
            if answer.status in (400, 404):
                missing.append(doi)
                continue
            if answer.status != 200:
                raise SourceError(f"{self.host} answered HTTP {answer.status} for {doi}", source=SOURCE, url=url)
            work = self._work(answer.body, url)
            found[doi] = (work, self.parse(work))
        return found, missing

    def _work(self, body: bytes, url: str) -> dict[str, Any]:
        try:
            data = valid_text(json.loads(body))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
            raise BadResponseError(f"{self.host} sent a body that is not JSON", source=SOURCE, url=url) from err
        if (
            not isinstance(data, dict)
            or data.get("message-type") != "work"
            or not isinstance(data.get("message"), dict)
        ):
            raise BadResponseError(f"{self.host} sent an answer that is not a work", source=SOURCE, url=url)
        return data["message"]

    def parse(self, raw: Any) -> ExternalPaper:
        """A work (the `message` of the answer, as the cache keeps it) as a record."""
        if not isinstance(raw, dict) or not isinstance(raw.get("DOI"), str):
            raise BadResponseError(f"{self.host} sent a work without a DOI", source=SOURCE)
        date = _date_parts(raw.get("published")) or _date_parts(raw.get("issued"))
        return ExternalPaper(
            source=self.name,
            title=_first_text(raw.get("title")),
            authors=tuple(name for person in _list(raw.get("author")) if (name := _person(person))),
            year=date[0] if date else None,
            published="-".join(f"{part:02d}" for part in date),
            doi=raw["DOI"].lower(),
            journal=_first_text(raw.get("container-title")) if raw.get("type") == "journal-article" else "",
            venue=_first_text(raw.get("container-title")),
        )

    def cache_ids(self, paper: ExternalPaper) -> list[str]:
        return []  # an entry is asked by its DOI, the id it already has


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _first_text(value: Any) -> str:
    """The first string of a Crossref list field (`title`, `container-title`) as text: its JATS or HTML markup
    (`<i>`, `<sub>`) dropped, entities read, spaces made single.

    >>> _first_text(["The <i>lac</i> operon &amp; its  regulation"])
    'The lac operon & its regulation'
    """
    first = next((item for item in _list(value) if isinstance(item, str) and item.strip()), "")
    return " ".join(html.unescape(_MARKUP.sub("", first)).split())


def _person(person: Any) -> str:
    """`Given Family`, or an organisation's `name`."""
    if not isinstance(person, dict):
        return ""
    parts = [person.get("given"), person.get("family")]
    name = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
    return name or (person["name"].strip() if isinstance(person.get("name"), str) else "")


def _date_parts(value: Any) -> tuple[int, ...]:
    """(year, month, day) as far as Crossref knows them: `{"date-parts": [[2012, 3, 21]]}` → (2012, 3, 21).

    >>> _date_parts({"date-parts": [[2012, 3]]}), _date_parts({"date-parts": [[None]]}), _date_parts(None)
    ((2012, 3), (), ())
    """
    parts = _list(value.get("date-parts") if isinstance(value, dict) else None)
    first = parts[0] if parts and isinstance(parts[0], list) else []
    numbers: list[int] = []
    for part in first[:3]:
        if not isinstance(part, int) or isinstance(part, bool):
            break
        numbers.append(part)
    return tuple(numbers)
