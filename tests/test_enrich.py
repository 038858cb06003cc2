"""Enrichment with the real `semanticscholar` and `arxiv` packages against a replay server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.enrich import add_papers, enrich_library
from readinglist.errors import (
    BadResponseError,
    InvalidIdError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    SourceError,
    UnreachableError,
)
from readinglist.paper import paper_of
from readinglist.settings import Settings
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource
from readinglist.store import load_library
from readinglist.usecases import enrich_papers, suggest_papers

from .discover_replay import TWO_PAPERS, serve_citing_pages
from .replay import INSTRUCTGPT_S2, fixture_text, s2_batch_handler, s2_papers, sequence, serve_defaults

BATCH = "/s2/graph/v1/paper/batch"


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_sources(
    server: HTTPServer,
    tmp_path: Path,
    sleeps: list[float],
    *,
    api_key: str = "",
    timeout: float = 5.0,
    s2_url: str | None = None,
) -> Sources:
    policy = RetryPolicy(max_attempts=4, base_delay=2.0, max_total_wait=30.0, sleep=sleeps.append)
    s2 = SemanticScholarSource(api_url=s2_url or server.url_for("/s2"), api_key=api_key, timeout=timeout, policy=policy)
    arxiv = ArxivSource(api_url=server.url_for("/api/query"), delay=0.0, timeout=timeout, retries=1)
    return Sources(s2, arxiv, ResponseCache(tmp_path / "cache" / "responses.sqlite3"))


def without_instructgpt(library: Path) -> None:
    text = library.read_text(encoding="utf-8")
    start = text.index("@inproceedings{ouyang2022training,")
    end = text.index("\n}\n", start) + 3
    library.write_text(text[:start] + text[end:].lstrip("\n"), encoding="utf-8")


def test_add_by_arxiv_id_gives_a_complete_entry_and_a_note(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    serve_defaults(httpserver)
    without_instructgpt(shipped_copy)
    sources = make_sources(httpserver, tmp_path, sleeps)
    report = add_papers(shipped_copy, sources, ["2203.02155"], section="rlhf", summary_zh="中文摘要")
    assert report.added == ["ouyang2022training"] and report.ok
    entry = load_library(shipped_copy).entry("ouyang2022training")
    assert entry.title == "Training language models to follow instructions with human feedback"
    assert paper_of(entry).authors[0] == "Long Ouyang" and entry.year == 2022 and entry.get("month") == "mar"
    assert entry.get("eprint") == "2203.02155" and entry.get("primaryclass") == "cs.CL"
    assert entry.get("booktitle") == "Neural Information Processing Systems"
    assert entry.get("s2id") == "d766bffc357127e0dc86dd69561d5aeb520d6f4c"
    assert entry.get("citationcount") == "1234" and entry.get("influentialcount") == "123"
    assert set(entry.list_field("cites")) >= {"brown2020language", "stiennon2020learning", "lin2022truthfulqa"}
    assert entry.get("abstract_zh") == "中文摘要" and entry.get("section") == "rlhf"
    assert (shipped_copy.parent / "notes" / "ouyang2022training.md").exists()
    assert sources.requests == 2  # one arXiv id_list call, one Semantic Scholar batch: add makes batch calls only
    again = add_papers(shipped_copy, sources, ["https://arxiv.org/pdf/2203.02155v2.pdf"])
    assert again.already == {"https://arxiv.org/pdf/2203.02155v2.pdf": "ouyang2022training"}
    assert sources.requests == 2


def test_add_through_the_cli(httpserver: HTTPServer, run_cli, shipped_copy: Path) -> None:
    serve_defaults(httpserver)
    without_instructgpt(shipped_copy)
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    result = run_cli("--library", str(shipped_copy), "add", "arXiv:2203.02155", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ouyang2022training"
    again = run_cli("--library", str(shipped_copy), "add", "2203.02155v3", env=env)
    assert "already in the library as ouyang2022training" in again.stdout


def test_malformed_id_makes_no_request_and_changes_nothing(
    httpserver: HTTPServer, run_cli, shipped_copy: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    before = shipped_copy.read_bytes()
    with pytest.raises(InvalidIdError, match=r"'2203\.0215'"):
        add_papers(shipped_copy, make_sources(httpserver, tmp_path, sleeps), ["2203.02155", "2203.0215"])
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    result = run_cli("--library", str(shipped_copy), "add", "abc", env=env)
    assert result.returncode == 1 and "'abc' is not an arXiv id" in result.stderr
    assert len(httpserver.log) == 0 and shipped_copy.read_bytes() == before


def test_nonexistent_id_names_it_and_changes_nothing(httpserver: HTTPServer, run_cli, shipped_copy: Path) -> None:
    serve_defaults(httpserver)
    before = shipped_copy.read_bytes()
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    result = run_cli("--library", str(shipped_copy), "add", "2312.99999", env=env)
    assert result.returncode == 1 and "not found: 2312.99999" in result.stderr
    assert shipped_copy.read_bytes() == before


def test_arxiv_400_feed_is_an_error_not_silence(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_data(
        fixture_text("arxiv_query_id-abc_malformed_400.xml"), status=400, content_type="application/atom+xml"
    )
    source = ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0, timeout=5, retries=1)
    with pytest.raises(SourceError, match="malformed"):
        source.fetch_records(["1605.08386"])
    assert source.requests == 2


def test_arxiv_mixed_and_old_style_ids(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_data(
        fixture_text("arxiv_query_id-mixed.xml"), content_type="application/atom+xml"
    )
    source = ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0, timeout=5, retries=0)
    found, missing = source.fetch_records(["0808.05394", "1707.08567"])
    assert list(found) == ["1707.08567"] and missing == ["0808.05394"]
    assert "Wübben" in " ".join(found["1707.08567"]["authors"])


@pytest.mark.parametrize("body", ["<feed><entry>broken", "not xml at all"])
def test_arxiv_malformed_xml_is_a_bad_answer_not_a_missing_paper(httpserver: HTTPServer, body: str) -> None:
    httpserver.expect_request("/api/query").respond_with_data(body, content_type="application/atom+xml")
    source = ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0, timeout=5, retries=0)
    with pytest.raises(BadResponseError, match="not valid Atom XML"):
        source.fetch_records(["1605.08386"])


def test_arxiv_empty_feed_is_not_found(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_data(
        fixture_text("arxiv_query_id-0808.05394_nonexistent_empty.xml"), content_type="application/atom+xml"
    )
    source = ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0, timeout=5, retries=0)
    assert source.fetch_records(["2312.99999"]) == ({}, ["2312.99999"])


def test_429_honours_retry_after(httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]) -> None:
    paper = json.loads(fixture_text("s2_batch_instructgpt_synthetic.json"))
    httpserver.expect_request(BATCH, method="POST").respond_with_handler(
        sequence(
            Response(
                json.dumps({"message": "Too Many Requests.", "code": "429"}), status=429, headers={"Retry-After": "7"}
            ),
            Response(json.dumps(paper), status=200, content_type="application/json"),
        )
    )
    sources = make_sources(httpserver, tmp_path, sleeps)
    found, missing = sources.s2.fetch(["ARXIV:2203.02155"])
    assert list(found) == ["ARXIV:2203.02155"] and not missing
    assert sleeps == [7.0] and sources.s2.requests == 2


def test_429_without_hint_backs_off_then_stops(httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_json({"message": "Too Many Requests."}, status=429)
    sources = make_sources(httpserver, tmp_path, sleeps)
    with pytest.raises(RateLimitedError, match="429"):
        sources.s2.fetch(["ARXIV:2203.02155"])
    assert sleeps == [2.0, 4.0, 8.0] and sum(sleeps) <= 30 and sources.s2.requests == 4


def test_503_is_reported_not_stored_as_an_empty_paper(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_data("Service Unavailable", status=503)
    serve_defaults(httpserver)
    sources = make_sources(httpserver, tmp_path, sleeps)
    before = shipped_copy.read_bytes()
    report = enrich_library(shipped_copy, sources, ["ouyang2022training"])
    assert report.failed and "HTTP 503" in report.failed[0]
    assert sources.cache.items("s2:") == [] and shipped_copy.read_bytes() == before


def test_html_500_then_success(httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]) -> None:
    paper = fixture_text("s2_batch_instructgpt_synthetic.json")
    httpserver.expect_request(BATCH, method="POST").respond_with_handler(
        sequence(
            Response("<html>Internal Server Error</html>", status=500, content_type="text/html"),
            Response(paper, status=200, content_type="application/json"),
        )
    )
    sources = make_sources(httpserver, tmp_path, sleeps)
    assert list(sources.s2.fetch(["ARXIV:2203.02155"])[0]) == ["ARXIV:2203.02155"]


def test_malformed_json_is_a_clear_error(httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_data("[{not json", content_type="application/json")
    with pytest.raises(BadResponseError, match="not JSON"):
        make_sources(httpserver, tmp_path, sleeps).s2.fetch(["ARXIV:2203.02155"])


def test_timeout_and_refused_connection_fail_fast(httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]) -> None:
    def stall(_request):  # type: ignore[no-untyped-def]
        time.sleep(2)
        return Response("[]", content_type="application/json")

    httpserver.expect_request(BATCH, method="POST").respond_with_handler(stall)
    sources = make_sources(httpserver, tmp_path, sleeps, timeout=0.5)
    started = time.perf_counter()
    with pytest.raises(UnreachableError, match=r"did not answer within 0\.5 s"):
        sources.s2.fetch(["ARXIV:2203.02155"])
    assert time.perf_counter() - started < 2
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    refused = make_sources(httpserver, tmp_path, sleeps, s2_url=closed)
    with pytest.raises(UnreachableError, match=r"cannot reach 127\.0\.0\.1"):
        refused.s2.fetch(["ARXIV:2203.02155"])


def test_null_batch_entries_are_matched_by_external_ids(
    httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]
) -> None:
    httpserver.expect_request(BATCH, method="POST").respond_with_data(
        fixture_text("s2_batch_4ids_first-notfound-null_searchfields.json"), content_type="application/json"
    )
    ids = [
        "CorpusId:211530585",
        "CorpusId:470667",
        "DOI:10.2139/ssrn.2250500",
        "0f40b1f08821e22e859c6050916cec3667778613",
    ]
    found, missing = make_sources(httpserver, tmp_path, sleeps).s2.fetch(ids)
    assert missing == ["CorpusId:211530585"]
    assert found["DOI:10.2139/ssrn.2250500"][0]["paperId"] == "cb1ebd913c3724c599f6b276b14b5c6253da68f3"


def test_enrich_then_enrich_again_makes_no_request(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    serve_defaults(httpserver)
    sources = make_sources(httpserver, tmp_path, sleeps)
    title = load_library(shipped_copy).entry("ouyang2022training").title
    report = enrich_library(shipped_copy, sources, ["ouyang2022training"], today="2026-11-25")
    assert report.updated["ouyang2022training"] and sources.requests == 2  # the batch and arXiv
    entry = load_library(shipped_copy).entry("ouyang2022training")
    assert entry.get("s2id") and entry.get("citationcount") == "1234" and entry.get("enriched") == "2026-11-25"
    assert entry.title == title and entry.get("primaryclass") == "cs.CL"
    before = shipped_copy.read_bytes()
    second = make_sources(httpserver, tmp_path, sleeps)
    assert enrich_library(shipped_copy, second, ["ouyang2022training"]).unchanged == ["ouyang2022training"]
    assert second.requests == 0 and shipped_copy.read_bytes() == before


def test_offline_never_touches_the_network(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    sources = make_sources(httpserver, tmp_path, sleeps)
    before = shipped_copy.read_bytes()
    report = enrich_library(shipped_copy, sources, ["ouyang2022training", "brown2020language"], offline=True)
    assert report.not_filled == ["ouyang2022training", "brown2020language"]
    assert sources.requests == 0 and shipped_copy.read_bytes() == before
    with pytest.raises(OfflineError):
        add_papers(shipped_copy, sources, ["1605.08386"], offline=True)


def test_failure_mid_run_keeps_what_was_fetched(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    papers = json.loads(fixture_text("s2_batch_instructgpt_synthetic.json"))
    httpserver.expect_request(BATCH, method="POST").respond_with_handler(
        sequence(Response(json.dumps(papers), content_type="application/json"), Response("down", status=502))
    )
    serve_defaults(httpserver)
    sources = make_sources(httpserver, tmp_path, sleeps)
    report = enrich_library(shipped_copy, sources, ["ouyang2022training", "brown2020language"], batch_size=1)
    assert "ouyang2022training" in report.updated and report.failed
    assert load_library(shipped_copy).entry("ouyang2022training").get("s2id")


def test_api_key_is_sent_but_never_stored(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path, sleeps: list[float]
) -> None:
    serve_defaults(httpserver)
    secret = "s2-secret-key-123"
    sources = make_sources(httpserver, tmp_path, sleeps, api_key=secret)
    enrich_library(shipped_copy, sources, ["ouyang2022training"])
    batch_requests = [r for r, _ in httpserver.log if r.path == BATCH]
    assert batch_requests and batch_requests[0].headers.get("x-api-key") == secret
    cache_bytes = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir())
    assert secret.encode() not in cache_bytes and secret.encode() not in shipped_copy.read_bytes()


def test_cache_expires(tmp_path: Path) -> None:
    now = [1000.0]
    cache = ResponseCache(tmp_path / "c.sqlite3", max_age_seconds=10, clock=lambda: now[0])
    cache.put("s2:x", {"a": 1})
    assert cache.get("s2:x") == {"a": 1} and cache.get("s2:x", refresh=True) is None
    now[0] += 11
    assert cache.get("s2:x") is None


def test_arxiv_old_style_id(httpserver: HTTPServer) -> None:
    def feed(request: Request) -> Response:
        assert request.args["id_list"] == "astro-ph/0601001"  # the slash survives the query string
        return Response(fixture_text("arxiv_query_id-astro-ph_0601001.xml"), content_type="application/atom+xml")

    httpserver.expect_request("/api/query").respond_with_handler(feed)
    source = ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0, timeout=5, retries=0)
    found, missing = source.fetch_records(["astro-ph/0601001"])
    assert list(found) == ["astro-ph/0601001"] and not missing
    assert found["astro-ph/0601001"]["journal_ref"]


def test_every_fixture_is_used() -> None:
    """A recording nobody replays is a test that was lost."""
    used = " ".join(path.read_text(encoding="utf-8") for path in Path(__file__).parent.glob("*.py"))
    fixtures = [p.name for p in (Path(__file__).parent / "fixtures").iterdir() if p.suffix in (".json", ".xml")]
    assert [name for name in fixtures if name not in used] == []


def test_references_of_an_unknown_paper_is_not_found(
    httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]
) -> None:
    httpserver.expect_request("/s2/graph/v1/paper/0/references").respond_with_data(
        fixture_text("s2_paper_0_notfound_404.json"), status=404, content_type="application/json"
    )
    with pytest.raises(NotFoundError, match="does not know 0"):
        make_sources(httpserver, tmp_path, sleeps).s2.fetch_references("0")


def test_citing_papers_first_page_is_one_request(httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]) -> None:
    httpserver.expect_request("/s2/graph/v1/paper/CorpusID:14514057/citations").respond_with_data(
        fixture_text("s2_citations_CorpusID-14514057_offset0_limit100.json"), content_type="application/json"
    )
    sources = make_sources(httpserver, tmp_path, sleeps)
    items = sources.s2.fetch_citing("CorpusID:14514057", limit=100)
    assert len(items) == 100 and sources.s2.requests == 1  # `next` is there, but one page is the budget
    assert all("citingPaper" in item for item in items)


def test_enrich_command_options_reach_the_use_case(
    httpserver: HTTPServer, run_cli, shipped_copy: Path, tmp_path: Path
) -> None:
    serve_defaults(httpserver)
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
        "READINGLIST_CACHE_DIR": str(tmp_path / "cli-cache"),
    }
    first = run_cli("--library", str(shipped_copy), "enrich", "ouyang2022training", "--no-contexts", env=env)
    assert first.returncode == 0, first.stderr
    assert "1 updated" in first.stdout and "2 request(s)" in first.stdout  # batch + arXiv, no reference call
    second = run_cli("--library", str(shipped_copy), "enrich", "ouyang2022training", "--contexts", env=env)
    assert "1 request(s)" in second.stdout  # only the reference call with contexts was missing
    assert "contexts cached for 1 paper(s)" in second.stdout
    offline = run_cli("--library", str(shipped_copy), "enrich", "brown2020language", "--offline", env=env)
    assert "0 request(s)" in offline.stdout and "not filled" in offline.stderr


def test_who_cites_each_paper_is_a_phase_of_its_own_and_feeds_suggestions(
    httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]
) -> None:
    serve_citing_pages(httpserver)
    serve_defaults(httpserver)
    httpserver.expect_request("/s2/graph/v1/paper/search/match").respond_with_data("down", status=500)
    library = tmp_path / "papers.bib"
    library.write_text(TWO_PAPERS + "\n@misc{hand2024,\n  title = {A paper known by its title alone},\n}\n")
    progress: list[tuple[str, int, int]] = []
    sources = make_sources(httpserver, tmp_path, sleeps)
    report = enrich_papers.run(
        enrich_papers.EnrichRequest(library, citing=True), sources, progress=lambda *step: progress.append(step)
    )
    (failed,) = report.details.failed  # one paper failed; the others' citing papers are asked all the same
    assert failed.startswith("hand2024: title match:") and report.details.citing == 2
    phase = enrich_papers.PHASES[1]
    assert [step for step in progress if step[0] == phase] == [(phase, 0, 2), (phase, 1, 2), (phase, 2, 2)]
    assert "citing papers cached for 2 paper(s)" in report.outcome.changed
    suggested = suggest_papers.run(suggest_papers.SuggestRequest(library), Settings(cache_path=sources.cache.path))
    assert [(s.title[:20], s.linked) for s in suggested.citing] == [
        (title, ["stiennon2020learning", "ouyang2022training"])
        for title in (
            "Constitutional AI: H",
            "Direct Preference Op",
            "Open Problems and Fu",
            "RLAIF: Scaling Reinf",
            "Teaching language mo",
        )
    ]  # the five papers both pages name (one page each: Llama 2 and Med-PaLM 2 cite InstructGPT alone)
    asked = len(httpserver.log)
    again = make_sources(httpserver, tmp_path, sleeps)
    assert enrich_papers.run(enrich_papers.EnrichRequest(library, citing=True), again).details.citing == 2
    paths = {request.path for request, _ in httpserver.log[asked:]}
    assert paths == {"/s2/graph/v1/paper/search/match"}  # only what failed is asked again; the rest is cached


def test_enrich_citing_then_suggest_from_the_shell(httpserver: HTTPServer, run_cli, tmp_path: Path) -> None:
    serve_citing_pages(httpserver)
    serve_defaults(httpserver)
    library = tmp_path / "papers.bib"
    library.write_text(TWO_PAPERS, encoding="utf-8")
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
        "READINGLIST_S2_INTERVAL": "0",
    }
    assert run_cli("--library", str(library), "enrich", env=env).returncode == 0
    first = run_cli("--library", str(library), "suggest", env=env).stdout
    assert "Who cites the library's papers is not cached: `readinglist enrich --citing` asks." in first, first
    enriched = run_cli("--library", str(library), "enrich", "--citing", env=env)
    assert "; citing papers cached for 2 paper(s);" in enriched.stdout, enriched.stdout + enriched.stderr
    suggested = run_cli("--library", str(library), "suggest", env=env)
    assert suggested.returncode == 0 and "Direct Preference Optimization" in suggested.stdout, suggested.stdout


def test_one_papers_citing_page_failing_costs_that_paper_alone(
    httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]
) -> None:
    httpserver.expect_request(f"/s2/graph/v1/paper/{INSTRUCTGPT_S2}/citations").respond_with_data("down", status=503)
    serve_citing_pages(httpserver)
    serve_defaults(httpserver)
    library = tmp_path / "papers.bib"
    library.write_text(TWO_PAPERS, encoding="utf-8")
    request = enrich_papers.EnrichRequest(library, citing=True, contexts=True)
    report = enrich_papers.run(request, make_sources(httpserver, tmp_path, sleeps))
    (failed,) = report.details.failed
    assert failed.startswith("citing papers of ouyang2022training:") and "HTTP 503" in failed
    assert report.details.citing == 1 and report.not_reached == []  # Stiennon's page was still asked
    assert report.details.contexts == 1  # and why InstructGPT cites Stiennon et al. was fetched after


def test_a_run_that_stops_says_which_phases_it_did_not_reach(tmp_path: Path, sleeps: list[float]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    library = tmp_path / "papers.bib"
    library.write_text(TWO_PAPERS, encoding="utf-8")
    policy = RetryPolicy(max_attempts=2, base_delay=0, sleep=sleeps.append)
    sources = Sources(
        SemanticScholarSource(api_url=closed + "/s2", policy=policy, min_interval=0),
        ArxivSource(api_url=closed + "/api/query", delay=0.0, retries=1),
        ResponseCache(tmp_path / "cache" / "responses.sqlite3"),
    )
    report = enrich_papers.run(enrich_papers.EnrichRequest(library, citing=True, contexts=True), sources)
    assert report.details.stopped and report.not_reached == ["Who cites each paper", "Why papers cite each other"]
    assert report.outcome.next_steps == [
        "look up again later for who cites each paper and why papers cite each other: the run stopped before it"
    ]


def test_suggest_reads_only_this_librarys_papers_and_refuses_what_it_does_not_know(
    httpserver: HTTPServer, run_cli, tmp_path: Path
) -> None:
    serve_citing_pages(httpserver)
    serve_defaults(httpserver)
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    library = tmp_path / "papers.bib"
    library.write_text(TWO_PAPERS, encoding="utf-8")
    assert run_cli("--library", str(library), "enrich", "--citing", env=env).returncode == 0
    other = tmp_path / "other.bib"  # another library, the same cache: nothing of its own is cached
    other.write_text("@misc{hand2024,\n  title = {A paper of another list},\n  section = {misc},\n}\n")
    said = run_cli("--library", str(other), "suggest", env=env).stdout
    assert said.startswith("No citation data cached yet: run `readinglist enrich --citing`"), said
    assert run_cli("--library", str(library), "suggest", "--top", "0", env=env).returncode == 2
    unknown = run_cli("--library", str(other), "suggest", "--section", "mics", env=env)
    assert unknown.returncode == 2 and "unknown --section 'mics'; did you mean misc?" in unknown.stderr


def test_an_edit_made_while_papers_are_looked_up_is_kept(
    httpserver: HTTPServer, tmp_path: Path, sleeps: list[float]
) -> None:
    library = tmp_path / "papers.bib"
    library.write_text(TWO_PAPERS, encoding="utf-8")
    batch = s2_batch_handler(s2_papers())

    def edited_meanwhile(request: Request) -> Response:  # someone marks a paper read while the answer is on its way
        text = library.read_text(encoding="utf-8")
        library.write_text(text.replace("  eprint = {2009.01325},", "  eprint = {2009.01325},\n  status = {read},"))
        return batch(request)

    httpserver.expect_request(BATCH, method="POST").respond_with_handler(edited_meanwhile)
    serve_defaults(httpserver)
    report = enrich_library(library, make_sources(httpserver, tmp_path, sleeps))
    assert report.updated["ouyang2022training"]
    after = load_library(library)
    assert after.entry("stiennon2020learning").get("status") == "read"  # the edit made meanwhile
    assert after.entry("ouyang2022training").get("s2id")  # and what the lookup found
