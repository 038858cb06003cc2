"""Nothing hangs, nothing ends in a traceback: deadlines, paging, retry budgets, answers of any shape, bad settings.

Every test runs the real `semanticscholar` and `arxiv` packages against a server on 127.0.0.1.
"""

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

from readinglist.errors import BadResponseError, NotFoundError, SourceError, UnreachableError
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource

from .replay import fixture_text, sequence

BATCH = "/s2/graph/v1/paper/batch"
REFS = "/s2/graph/v1/paper/abc/references"
PAPER = json.loads(fixture_text("s2_batch_instructgpt_synthetic.json"))[0]
ITEM = json.loads(fixture_text("s2_ITEM_references_data_element_with_contexts_intents.json"))


def s2(server: HTTPServer | str, sleeps: list[float] | None = None, **kwargs: object) -> SemanticScholarSource:
    url = server if isinstance(server, str) else server.url_for("/s2")
    policy = RetryPolicy(
        max_attempts=4, base_delay=2.0, max_total_wait=30.0, sleep=(sleeps if sleeps is not None else []).append
    )
    options: dict = {"api_key": "", "min_interval": 0, "policy": policy, "timeout": 5.0} | kwargs
    return SemanticScholarSource(api_url=url, **options)


def arxiv(server: HTTPServer | str, **kwargs: object) -> ArxivSource:
    url = server if isinstance(server, str) else server.url_for("/api/query")
    options: dict = {"delay": 0.0, "timeout": 5.0, "retries": 0} | kwargs
    return ArxivSource(api_url=url, **options)


def drip(first: bytes) -> Iterator[bytes]:
    yield first
    for _ in range(75):
        time.sleep(0.2)
        yield b" "


class RawServer:
    """Answers every connection with the given bytes, then closes it (for answers no framework would send)."""

    def __init__(self, answer: bytes) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.answer = answer
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                self._read_request(conn)
                conn.sendall(self.answer)

    @staticmethod
    def _read_request(conn: socket.socket) -> None:
        """Read the whole request (headers and body) first: answering early resets a client still sending."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        headers = head.lower().split(b"\r\n")
        lengths = [line.split(b":", 1)[1] for line in headers if line.startswith(b"content-length:")]
        length = int(lengths[0]) if lengths else 0
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return
            body += chunk

    def close(self) -> None:
        self.sock.close()


# -- deadlines ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "start", "content_type", "fetch"),
    [
        (BATCH, b"[ ", "application/json", lambda server: s2(server, timeout=0.5).fetch(["ARXIV:2203.02155"])),
        (
            "/api/query",
            b"<?xml version='1.0'?>",
            "application/atom+xml",
            lambda server: arxiv(server, timeout=0.5).fetch_records(["1605.08386"]),
        ),
    ],
    ids=["semantic-scholar", "arxiv"],
)
def test_a_server_dripping_its_body_fails_within_the_deadline(  # type: ignore[no-untyped-def]
    httpserver: HTTPServer, path: str, start: bytes, content_type: str, fetch
) -> None:
    httpserver.expect_request(path).respond_with_handler(lambda _r: Response(drip(start), content_type=content_type))
    started = time.monotonic()
    with pytest.raises(UnreachableError, match=r"did not answer within 0.5 s"):
        fetch(httpserver)
    assert time.monotonic() - started < 2.0  # the drip goes on for 15 s


# -- paging -------------------------------------------------------------------------------------------------


def test_a_reference_page_that_comes_twice_stops_the_paging(httpserver: HTTPServer) -> None:
    page = {"offset": 0, "next": 2, "data": [ITEM, ITEM]}
    httpserver.expect_request(REFS).respond_with_json(page)
    source = s2(httpserver, reference_page=2)
    with pytest.raises(BadResponseError, match=r"sent an answer we cannot read .*offset 0 came twice"):
        source.fetch_references("abc")
    assert source.requests == 2


def test_a_never_ending_next_stops_after_a_bounded_number_of_pages(httpserver: HTTPServer) -> None:
    def endless(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        return Response(json.dumps({"offset": offset, "next": offset + 2, "data": [ITEM, ITEM]}))

    httpserver.expect_request(REFS).respond_with_handler(endless)
    source = s2(httpserver, reference_page=2)
    items = source.fetch_references("abc")
    assert source.requests == 10 and len(items) == 20


# -- retries ------------------------------------------------------------------------------------------------


def test_a_retry_after_beyond_the_budget_is_not_waited_for(httpserver: HTTPServer) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_response(
        Response("busy", status=503, headers={"Retry-After": "3600"})
    )
    sleeps: list[float] = []
    source = s2(httpserver, sleeps)
    with pytest.raises(BadResponseError, match=r"HTTP 503\) after 1 tries"):
        source.fetch(["ARXIV:2203.02155"])
    assert sleeps == [] and source.requests == 1


def test_an_unreadable_retry_after_falls_back_to_backoff(httpserver: HTTPServer) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_handler(
        sequence(
            Response("{}", status=429, headers={"Retry-After": "soon, maybe"}),
            Response(json.dumps([PAPER]), content_type="application/json"),
        )
    )
    sleeps: list[float] = []
    found, _ = s2(httpserver, sleeps).fetch(["ARXIV:2203.02155"])
    assert list(found) == ["ARXIV:2203.02155"] and sleeps == [2.0]


def test_one_http_client_serves_every_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_json([PAPER])
    source = s2(httpserver)
    client = source.http._client
    source.fetch(["ARXIV:2203.02155"])
    source.fetch(["ARXIV:2203.02155"])
    assert source.http._client is client and source.requests == 2
    source.close()
    assert client.is_closed


# -- answers of the wrong shape -----------------------------------------------------------------------------

SHAPES = {
    "batch is an object": (BATCH, 200, {"data": [PAPER]}),
    "batch of strings": (BATCH, 200, ["a", "b"]),
    "batch of numbers": (BATCH, 200, [1, 2.5]),
    "title is a number": (BATCH, 200, [{**PAPER, "title": 42}]),
    "authors are numbers": (BATCH, 200, [{**PAPER, "authors": [1, 2]}]),
    "arXiv id is a number": (BATCH, 200, [{**PAPER, "externalIds": {"ArXiv": 2203.02155}}]),
    "nested references of null and 1": (BATCH, 200, [{**PAPER, "references": [None, 1]}]),
    "references [null, 1]": (REFS, 200, {"offset": 0, "data": [None, 1]}),
    "references answer is a list": (REFS, 200, [ITEM]),
    "citedPaper is text": (REFS, 200, {"offset": 0, "data": [{**ITEM, "citedPaper": "x"}]}),
}


@pytest.mark.parametrize("case", list(SHAPES))
def test_an_answer_of_the_wrong_shape_is_one_line(httpserver: HTTPServer, case: str) -> None:
    path, status, body = SHAPES[case]
    httpserver.expect_request(path).respond_with_json(body, status=status)
    source = s2(httpserver)
    with pytest.raises(BadResponseError, match=r"^(localhost|127\.0\.0\.1):\d+ sent an answer we cannot read \(.+\)"):
        source.fetch_references("abc") if path == REFS else source.fetch(["ARXIV:2203.02155"])


@pytest.mark.parametrize("status", [400, 404])
def test_error_bodies_that_are_lists_are_still_one_line(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request(REFS).respond_with_json(["not", "an", "object"], status=status)
    with pytest.raises(SourceError) as raised:
        s2(httpserver).fetch_references("abc")
    assert isinstance(raised.value, NotFoundError) == (status == 404)
    assert "\n" not in str(raised.value)


def test_null_authors_tldr_and_journal_are_accepted(httpserver: HTTPServer) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_json(
        [{**PAPER, "authors": None, "tldr": None, "journal": None}]
    )
    source = s2(httpserver)
    found, _ = source.fetch(["ARXIV:2203.02155"])
    assert found["ARXIV:2203.02155"][1].authors == ()


def test_403_on_the_references_endpoint_names_the_key(httpserver: HTTPServer) -> None:
    httpserver.expect_request(REFS).respond_with_json({"message": "Forbidden"}, status=403)
    with pytest.raises(SourceError, match="refused access \\(HTTP 403\\); check SEMANTIC_SCHOLAR_API_KEY"):
        s2(httpserver).fetch_references("abc")


def test_arxiv_closing_the_connection_mid_body_is_a_bad_answer() -> None:
    server = RawServer(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<?xml"
    )
    try:
        with pytest.raises(BadResponseError, match="cannot read \\(the connection broke off mid-answer\\)"):
            arxiv(server.url + "/api/query").fetch_records(["1605.08386"])
    finally:
        server.close()


def test_s2_closing_the_connection_mid_body_is_a_bad_answer() -> None:
    server = RawServer(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n[{")
    try:
        with pytest.raises(BadResponseError, match="cannot read \\(the connection broke off mid-answer\\)"):
            s2(server.url).fetch(["ARXIV:2203.02155"])
    finally:
        server.close()


# -- redirects ----------------------------------------------------------------------------------------------


def test_arxiv_redirect_to_another_host_is_refused(httpserver: HTTPServer) -> None:
    here = httpserver.url_for("/api/query")
    elsewhere = (
        here.replace("localhost", "127.0.0.1") if "localhost" in here else here.replace("127.0.0.1", "localhost")
    )
    httpserver.expect_request("/api/query").respond_with_response(
        Response("", status=302, headers={"Location": elsewhere})
    )
    with pytest.raises(SourceError, match=r"redirected us to (localhost|127\.0\.0\.1):\d+, another host; refused"):
        arxiv(httpserver).fetch_records(["1605.08386"])
    assert len(httpserver.log) == 1


def test_arxiv_redirect_on_the_same_host_is_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_response(
        Response("", status=301, headers={"Location": "/api/query?id_list=1605.08386"})
    )
    httpserver.expect_request("/api/query").respond_with_data(
        fixture_text("arxiv_query_id-1605.08386.xml"), content_type="application/atom+xml"
    )
    found, _ = arxiv(httpserver.url_for("/old")).fetch_records(["1605.08386"])
    assert list(found) == ["1605.08386"]


# -- settings -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999", "ftp://example.org", "no scheme"])
def test_a_malformed_base_url_is_a_one_line_error(url: str) -> None:
    with pytest.raises(SourceError, match=r"READINGLIST_S2_API_URL=.* is not a usable URL"):
        SemanticScholarSource(api_url=url)
    with pytest.raises(SourceError, match=r"READINGLIST_ARXIV_API_URL=.* is not a usable URL"):
        ArxivSource(api_url=url)


@pytest.mark.parametrize("url", ["https://api.crossref.org/ x", "http://127.0.0.1:8000/s2\n"])
def test_a_base_url_with_a_space_or_control_character_is_a_one_line_error(url: str) -> None:
    with pytest.raises(SourceError, match=r"READINGLIST_S2_API_URL=.* holds a space or a control character"):
        SemanticScholarSource(api_url=url)


@pytest.mark.parametrize("key", ["abc\ndef", "clé-ü", "two words"])
def test_a_key_that_cannot_be_a_header_is_a_one_line_error(key: str) -> None:
    with pytest.raises(SourceError, match="SEMANTIC_SCHOLAR_API_KEY holds a space, newline or non-ASCII"):
        SemanticScholarSource(api_key=key)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("READINGLIST_S2_API_URL", "http://[::1"),
        ("READINGLIST_ARXIV_API_URL", "http://127.0.0.1:99999/api"),
        ("SEMANTIC_SCHOLAR_API_KEY", "key\nwith newline"),
        ("SEMANTIC_SCHOLAR_API_KEY", "schlüssel"),
    ],
)
def test_bad_settings_through_the_cli_are_one_line(run_cli, shipped_copy: Path, name: str, value: str) -> None:
    result = run_cli("--library", str(shipped_copy), "enrich", "ouyang2022training", env={name: value})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1 and name in result.stderr
