"""arXiv watch queries: a search run newest first (`sortBy=submittedDate`), through the run's arXiv client.

It shares `ArxivSource`'s `arxiv.Client` (one politeness delay per run) and its deadline session, so a
stalled server, a redirect elsewhere or a broken feed fail with the same one-line messages. One query is one
request: at most `max_results` (100, the client's page) newest papers, read until the first one submitted
before `since` (the order is by submission date, so nothing older follows).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import arxiv

from ..errors import BadResponseError, SourceError
from ..records import ExternalPaper
from .arxiv_source import SOURCE, ArxivSource, _is_feed, parse_record, record_of

WATCH_RESULTS = 100  # one page of the client: one request per query


class ArxivWatch:
    """Runs watch queries; raw records (plain JSON, what the cache keeps) and their `ExternalPaper`s."""

    def __init__(self, source: ArxivSource, max_results: int = WATCH_RESULTS) -> None:
        self.source = source
        self.max_results = max_results

    def fetch_newest(self, query: str, since: dt.date | None = None) -> list[dict[str, Any]]:
        """The newest papers matching `query`, submitted on or after `since` (one request)."""
        search = arxiv.Search(
            query=query,
            max_results=self.max_results,
            sort_by=arxiv.SortCriterion.SubmittedDate,
            sort_order=arxiv.SortOrder.Descending,
        )
        host = self.source.host
        records: list[dict[str, Any]] = []
        try:
            for result in self.source.client.results(search):
                if since and result.published.date() < since:
                    break  # newest first: every later result is older still
                records.append(record_of(result))
        except arxiv.HTTPError as err:
            reason = "rejected the query" if err.status == 400 else "kept failing"
            hint = f"check the watch query {query!r}" if err.status == 400 else "try again later"
            raise SourceError(
                f"{host} {reason} (HTTP {err.status}); {hint}", source=SOURCE, url=err.url, status=err.status
            ) from err
        except SourceError:
            raise
        except (arxiv.ArxivError, ValueError, TypeError, AttributeError, KeyError, IndexError) as err:
            raise BadResponseError(
                f"{host} sent an answer we cannot read ({type(err).__name__}: {err})", source=SOURCE
            ) from err
        if not records and self.source.session.last_body and not _is_feed(self.source.session.last_body):
            raise BadResponseError(f"{host} sent a feed that is not valid Atom XML; try again later", source=SOURCE)
        return records

    def parse(self, raw: Any) -> list[ExternalPaper]:
        """Cached records of one query as papers."""
        if not isinstance(raw, list):
            raise BadResponseError(f"{self.source.host} sent an answer we cannot read (not a list)", source=SOURCE)
        return [parse_record(item, self.source.host) for item in raw]
