"""The discovery calls on the real client packages against recorded answers (shapes of tests/fixtures/)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pytest_httpserver import HTTPServer

from readinglist.errors import SourceError
from readinglist.sources.arxiv_watch import ArxivWatch
from readinglist.sources.s2_discovery import S2Discovery

from .discover_replay import replay_sources
from .replay import fixture_text

RECO = "s2_reco_post_papers_pos1_neg1_fields-title_limit100.json"
FIRST = "s2_citations_CorpusID-14514057_offset0_limit100.json"
LAST = "s2_citations_CorpusID-14514057_offset1800_limit100_last.json"


def test_recommendations_send_positive_and_negative_examples(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/s2/recommendations/v1/papers/", method="POST").respond_with_data(
        fixture_text(RECO), content_type="application/json"
    )
    with replay_sources(httpserver) as sources:
        s2 = S2Discovery(sources.s2)
        raw = s2.fetch_recommendations(["10.1145/3544585.3544600"], ["10.1145/301250.301271"])
        assert sources.requests == 1
    request = httpserver.log[0][0]
    assert json.loads(request.get_data()) == {
        "positivePaperIds": ["10.1145/3544585.3544600"],
        "negativePaperIds": ["10.1145/301250.301271"],
    }
    assert request.args["limit"] == "100" and "publicationDate" in request.args["fields"]
    papers = s2.parse_papers(raw)
    assert len(papers) == len(json.loads(fixture_text(RECO))["recommendedPapers"])
    assert papers[0].title == "The path sequence of a graph" and papers[0].s2_id.startswith("df02b011")


def test_no_positive_example_makes_no_call_and_the_apis_400_is_one_line(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/s2/recommendations/v1/papers/", method="POST").respond_with_data(
        fixture_text("s2_reco_post_papers_negative-only_400.json"), status=400, content_type="application/json"
    )
    with replay_sources(httpserver) as sources:
        s2 = S2Discovery(sources.s2)
        assert s2.fetch_recommendations([], ["10.1145/3544585.3544600"]) == [] and sources.requests == 0
        with pytest.raises(SourceError, match=r"HTTP 400: No positive paper examples given"):
            s2.fetch_recommendations(["0"], [])


@pytest.mark.parametrize(("pages", "requests", "items"), [(1, 1, 100), (2, 2, 181), (5, 2, 181)])
def test_citing_papers_are_paged_within_the_bound(
    httpserver: HTTPServer, pages: int, requests: int, items: int
) -> None:
    path = "/s2/graph/v1/paper/CorpusID:14514057/citations"
    pages_by_offset = {"0": FIRST, "100": LAST}  # the last page (no `next`) stands in for offset 100

    def answer(request):  # type: ignore[no-untyped-def]
        from werkzeug import Response

        return Response(fixture_text(pages_by_offset[request.args["offset"]]), content_type="application/json")

    httpserver.expect_request(path).respond_with_handler(answer)
    with replay_sources(httpserver) as sources:
        s2 = S2Discovery(sources.s2, page_size=100, max_pages=pages)
        raw = s2.fetch_citing("CorpusID:14514057")
        assert sources.requests == requests
    assert len(raw) == items and all("paperId" in paper for paper in raw)


def test_watch_query_runs_newest_first_and_stops_at_since(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_data(
        fixture_text("arxiv_query_search-testing_start0_max10.xml"), content_type="application/atom+xml"
    )
    with replay_sources(httpserver) as sources:
        watch = ArxivWatch(sources.arxiv, max_results=10)
        records = watch.fetch_newest("testing")
        assert sources.requests == 1
        assert watch.fetch_newest("testing", since=dt.date(2022, 2, 25)) == []  # the first is older: stop there
    args = httpserver.log[0][0].args
    assert (args["search_query"], args["sortBy"], args["sortOrder"]) == ("testing", "submittedDate", "descending")
    papers = watch.parse(records)
    assert len(papers) == 10 and papers[0].arxiv == "2202.12139" and papers[0].published == "2022-02-24"
