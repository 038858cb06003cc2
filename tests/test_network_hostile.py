"""Hostile servers, third round: dripped headers, a run-wide rate-limit budget, lone surrogates, the API key on
every endpoint, answers over the size cap. The real client packages, against servers on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.enrich import add_papers, enrich_library
from readinglist.errors import BadResponseError, UnreachableError
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource
from readinglist.store import load_library

from .replay import INSTRUCTGPT_S2, fixture_text, s2_papers

BATCH = "/s2/graph/v1/paper/batch"
MATCH = "/s2/graph/v1/paper/search/match"
PAPER = json.loads(fixture_text("s2_batch_instructgpt_synthetic.json"))[0]


class DrippingServer:
    """Reads the request, then sends the status line and headers one byte every `gap` seconds, forever."""

    def __init__(self, gap: float = 0.2) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.gap = gap
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Slow: " + b"a" * 10_000
            for byte in head:
                if self.stop.is_set():
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(self.gap)

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def dripping() -> Iterator[DrippingServer]:
    server = DrippingServer()
    yield server
    server.close()


@pytest.mark.parametrize("source", ["semantic-scholar", "arxiv"])
def test_headers_dripped_a_byte_at_a_time_end_at_the_deadline(dripping: DrippingServer, source: str) -> None:
    started = time.monotonic()
    with pytest.raises(UnreachableError, match=r"did not answer within 0.5 s"):
        if source == "arxiv":
            ArxivSource(api_url=dripping.url + "/api/query", delay=0.0, timeout=0.5, retries=0).fetch_records(
                ["1605.08386"]
            )
        else:
            policy = RetryPolicy(sleep=lambda _s: None)
            SemanticScholarSource(api_url=dripping.url + "/s2", timeout=0.5, min_interval=0, policy=policy).fetch(
                ["ARXIV:2203.02155"]
            )
    assert time.monotonic() - started < 2.0  # the drip would go on for ever


# -- one wait budget per run -----------------------------------------------------------------------------------


def title_only_library(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "papers.bib"
    path.write_text(
        "".join(
            f"@misc{{p{i},\n  title = {{A paper with no id number {i}}},\n  author = {{A. Person}},\n"
            f"  year = {{2020}},\n}}\n\n"
            for i in range(count)
        ),
        encoding="utf-8",
    )
    return path


def sources_for(server: HTTPServer, tmp_path: Path, policy: RetryPolicy, api_key: str = "") -> Sources:
    s2 = SemanticScholarSource(
        api_url=server.url_for("/s2"), api_key=api_key, min_interval=0, timeout=5.0, policy=policy
    )
    arxiv = ArxivSource(api_url=server.url_for("/api/query"), delay=0.0, retries=0)
    return Sources(s2, arxiv, ResponseCache(tmp_path / "cache" / "responses.sqlite3"))


def test_rate_limit_waits_share_one_budget_per_run_then_stop(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(MATCH).respond_with_response(
        Response("{}", status=429, headers={"Retry-After": "29"}, content_type="application/json")
    )
    sleeps: list[float] = []
    policy = RetryPolicy(max_total_wait=60.0, sleep=sleeps.append)
    report = enrich_library(title_only_library(tmp_path, 3), sources_for(httpserver, tmp_path, policy))
    assert sum(sleeps) <= 60.0 and sleeps == [29.0, 29.0]
    assert len(report.failed) == 1
    assert report.failed[0].startswith("rate limited: 3 papers not fetched, run again later")
    assert len(httpserver.log) == 3  # no request after the budget was spent


# -- text from an API ------------------------------------------------------------------------------------------


def test_a_lone_surrogate_in_the_json_is_replaced_before_the_store(httpserver: HTTPServer, tmp_path: Path) -> None:
    body = json.dumps([{**PAPER, "title": "Training TITLEMARK models"}]).replace("TITLEMARK", "\\ud800")
    httpserver.expect_request(BATCH, method="POST").respond_with_data(body, content_type="application/json")
    httpserver.expect_request("/api/query").respond_with_data(
        fixture_text("arxiv_query_id-0808.05394_nonexistent_empty.xml"), content_type="application/atom+xml"
    )
    library = tmp_path / "papers.bib"
    library.write_text("", encoding="utf-8")
    report = add_papers(library, sources_for(httpserver, tmp_path, RetryPolicy(sleep=lambda _s: None)), ["2203.02155"])
    title = load_library(library).entries()[0].fields["title"]
    assert title == "Training \ufffd models", report


# -- the API key on every Semantic Scholar request ------------------------------------------------------------


def test_the_api_key_is_sent_on_every_endpoint_and_every_page(httpserver: HTTPServer, tmp_path: Path) -> None:
    seen: dict[str, list[str | None]] = {}

    def recording(answer: object, path: str) -> object:
        def handle(request: Request) -> Response:
            seen.setdefault(path, []).append(request.headers.get("x-api-key"))
            body = answer(request) if callable(answer) else answer
            return Response(json.dumps(body), content_type="application/json")

        return handle

    refs = f"/s2/graph/v1/paper/{INSTRUCTGPT_S2}/references"
    cites = f"/s2/graph/v1/paper/{INSTRUCTGPT_S2}/citations"
    item = json.loads(fixture_text("s2_ITEM_references_data_element_with_contexts_intents.json"))

    def page(request: Request) -> dict:
        offset = int(request.args.get("offset", "0"))
        return {"offset": 0, "next": 1, "data": [item]} if offset == 0 else {"offset": 1, "data": [item]}

    httpserver.expect_request(refs).respond_with_handler(recording(page, "references"))
    httpserver.expect_request(cites).respond_with_handler(
        recording({"offset": 0, "data": [{**item, "citingPaper": item["citedPaper"]}]}, "citations")
    )
    papers = s2_papers()
    httpserver.expect_request(BATCH, method="POST").respond_with_handler(
        recording(lambda r: [papers.get(i) for i in json.loads(r.get_data())["ids"]], "batch")
    )
    match = json.loads(fixture_text("s2_search_match_mining-association-rules.json"))
    httpserver.expect_request(MATCH).respond_with_handler(recording(match, "search"))
    source = SemanticScholarSource(
        api_url=httpserver.url_for("/s2"),
        api_key="k-123",
        min_interval=0,
        policy=RetryPolicy(sleep=lambda _s: None),
        reference_page=1,
    )
    source.fetch(["ARXIV:2203.02155"])
    assert len(source.fetch_references(INSTRUCTGPT_S2)) == 2
    source.fetch_citing(INSTRUCTGPT_S2)
    source.match_title("Mining association rules")
    assert seen == {
        "batch": ["k-123"],
        "references": ["k-123", "k-123"],
        "citations": ["k-123"],
        "search": ["k-123"],
    }


# -- the size cap ---------------------------------------------------------------------------------------------


def endless(chunk: bytes = b" " * 65536) -> Iterator[bytes]:
    yield b"["
    for _ in range(10_000):  # 650 MB if read to the end
        yield chunk


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "chunked"])
def test_an_answer_over_the_cap_is_refused_without_reading_it_all(httpserver: HTTPServer, announced: bool) -> None:
    if announced:
        response = Response(b"[" + b" " * 3_000_000 + b"]", content_type="application/json")
    else:
        response = Response(endless(), content_type="application/json")
    httpserver.expect_request(BATCH, method="POST").respond_with_response(response)
    source = SemanticScholarSource(
        api_url=httpserver.url_for("/s2"), min_interval=0, timeout=5.0, policy=RetryPolicy(sleep=lambda _s: None)
    )
    source.http.max_bytes = 1_000_000
    started = time.monotonic()
    with pytest.raises(BadResponseError, match=r"sent an answer larger than 1 MB; refused"):
        source.fetch(["ARXIV:2203.02155"])
    assert time.monotonic() - started < 3


def test_arxiv_answers_are_capped_too(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_response(
        Response(endless(b"<" * 65536), content_type="application/atom+xml")
    )
    source = ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0, retries=0)
    source.session.http.max_bytes = 1_000_000
    with pytest.raises(BadResponseError, match=r"larger than 1 MB"):
        source.fetch_records(["1605.08386"])


def test_the_one_private_attribute_set_on_semanticscholar_is_still_there() -> None:
    """semanticscholar offers no public way to pass a requester; if a release moves it, this fails loudly."""
    from semanticscholar import SemanticScholar
    from semanticscholar.ApiRequester import ApiRequester

    from readinglist.sources.semantic_scholar import _Requester

    assert isinstance(SemanticScholar()._AsyncSemanticScholar._requester, ApiRequester)
    source = SemanticScholarSource(api_url="http://127.0.0.1:9/s2", min_interval=0)
    assert isinstance(source.client._AsyncSemanticScholar._requester, _Requester)


@pytest.mark.parametrize(
    ("name", "value"),
    [("paperId", 5), ("paperId", True), ("externalIds", [1]), ("publicationDate", "x"), ("publicationDate", 5)],
)
def test_a_wrong_shape_is_named_in_our_words_not_pythons(httpserver: HTTPServer, name: str, value: object) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_json([{**PAPER, name: value}])
    source = SemanticScholarSource(api_url=httpserver.url_for("/s2"), min_interval=0)
    with pytest.raises(BadResponseError) as raised:
        source.fetch(["ARXIV:2203.02155"])
    message = str(raised.value)
    assert f"batch[0].{name}" in message
    assert not any(word in message for word in ("AttributeError", "TypeError", "ValueError", "object has no"))
