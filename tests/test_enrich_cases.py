"""Enrichment's edges: two phases and their call counts, title matches, not-found answers remembered, a corrupt
cache, offline runs that write nothing, exit codes, and `why` fetching one edge on demand."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from readinglist.enrich import enrich_library, fetch_contexts
from readinglist.errors import InvalidIdError
from readinglist.ids import parse_paper_id
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource
from readinglist.store import load_library

from .replay import INSTRUCTGPT_S2, fixture_text, s2_batch_handler, serve_defaults

MATCH = "/s2/graph/v1/paper/search/match"
MINING = "Mining association rules between sets of items in large databases"
MINING_ID = "6fe8c5bf8dddaadf10c765133d38dfef5714347f"


def make_sources(server: HTTPServer, tmp_path: Path, batch: int = 500) -> Sources:
    s2 = SemanticScholarSource(
        api_url=server.url_for("/s2"),
        api_key="",
        min_interval=0,
        batch_size=batch,
        policy=RetryPolicy(sleep=lambda s: None),
    )
    arxiv = ArxivSource(api_url=server.url_for("/api/query"), delay=0.0, retries=0)
    return Sources(s2, arxiv, ResponseCache(tmp_path / "cache" / "responses.sqlite3"))


def env_for(server: HTTPServer) -> dict[str, str]:
    return {"READINGLIST_S2_API_URL": server.url_for("/s2"), "READINGLIST_ARXIV_API_URL": server.url_for("/api/query")}


def library_with(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "papers.bib"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def entry(key: str, title: str, year: str, extra: str = "") -> str:
    return f"@misc{{{key},\n  title = {{{title}}},\n  author = {{A. Person}},\n  year = {{{year}}},{extra}\n}}\n"


# -- phase one: batch calls only -------------------------------------------------------------------------------


def test_phase_one_makes_batch_calls_only_and_progress_moves_per_request(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path
) -> None:
    serve_defaults(httpserver)
    sources = make_sources(httpserver, tmp_path, batch=20)
    with_arxiv = [
        e.key for e in load_library(shipped_copy).entries() if e.kind == "paper" and sources.s2.lookup_id(e.fields)
    ][:45]
    seen: list[tuple[int, int]] = []
    report = enrich_library(shipped_copy, sources, with_arxiv, progress=lambda d, t: seen.append((d, t)))
    batch_calls = [r for r, _ in httpserver.log if r.path.endswith("/paper/batch")]
    arxiv_calls = [r for r, _ in httpserver.log if r.path == "/api/query"]
    assert len(batch_calls) == 3  # ceil(45 / 20)
    assert len(arxiv_calls) <= 1  # ceil(needing arXiv / 100)
    assert not [r for r, _ in httpserver.log if r.path.endswith("/references")]
    assert [d for d, _ in seen] == list(range(len(seen)))  # one step per request, from 0
    assert seen[-1][0] == sources.requests and report.failed == []
    warm: list[tuple[int, int]] = []
    enrich_library(shipped_copy, sources, with_arxiv, progress=lambda d, t: warm.append((d, t)))
    assert warm == []  # nothing to fetch: no progress call, so no 0/0 for a caller drawing a bar


def test_phase_two_asks_only_papers_whose_references_reach_the_library(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path
) -> None:
    serve_defaults(httpserver)
    sources = make_sources(httpserver, tmp_path)
    enrich_library(shipped_copy, sources, ["ouyang2022training", "brown2020language"])
    library = load_library(shipped_copy)
    citing = [e.key for e in library.entries() if e.get("s2id") and e.list_field("cites")]
    assert citing == ["ouyang2022training"]  # the only enriched paper whose references reach the library
    before = sources.requests
    steps: list[tuple[int, int]] = []
    report = fetch_contexts(shipped_copy, sources, progress=lambda d, t: steps.append((d, t)))
    assert report.contexts == 1 and sources.requests == before + 1 and steps[-1] == (1, 1)
    again = fetch_contexts(shipped_copy, sources)  # resumable: cached now
    assert again.contexts == 1 and sources.requests == before + 1


# -- not found remembered ------------------------------------------------------------------------------------


def test_not_found_is_remembered_and_refresh_asks_again(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler({}))
    httpserver.expect_request("/api/query").respond_with_data(
        fixture_text("arxiv_query_id-0808.05394_nonexistent_empty.xml"), content_type="application/atom+xml"
    )
    path = library_with(
        tmp_path, entry("gone2023", "A paper nobody knows at all", "2023", "\n  eprint = {2312.99999},")
    )
    first = enrich_library(path, make_sources(httpserver, tmp_path))
    assert first.not_found == ["gone2023 (ARXIV:2312.99999)"] and not first.ok
    second_sources = make_sources(httpserver, tmp_path)
    second = enrich_library(path, second_sources)
    assert second.not_found and second_sources.requests == 0
    refreshed = make_sources(httpserver, tmp_path)
    enrich_library(path, refreshed, refresh=True)
    assert refreshed.requests == 2


# -- title match --------------------------------------------------------------------------------------------


def serve_match(server: HTTPServer, body: str, status: int = 200) -> None:
    server.expect_request(MATCH).respond_with_data(body, status=status, content_type="application/json")


def test_a_paper_without_id_is_found_by_its_title(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_match(httpserver, fixture_text("s2_search_match_mining-association-rules.json"))
    paper = {"paperId": MINING_ID, "title": MINING, "year": 1993, "externalIds": {"DOI": "10.1145/170035.170072"}}
    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(
        s2_batch_handler({MINING_ID: paper})
    )
    path = library_with(tmp_path, entry("agrawal1993mining", MINING, "1993"))
    sources = make_sources(httpserver, tmp_path)
    report = enrich_library(path, sources)
    assert report.ok and report.skipped == [] and list(report.updated) == ["agrawal1993mining"]
    fields = load_library(path).entry("agrawal1993mining").fields
    assert fields["s2id"] == MINING_ID and fields["doi"] == "10.1145/170035.170072"
    match_request = next(r for r, _ in httpserver.log if r.path == MATCH)
    assert match_request.args["query"] == MINING  # the title travels whole (quoted), not cut at `&` or `#`


@pytest.mark.parametrize(
    ("title", "year", "why"),
    [
        ("Mining association rules between sets of items", "1993", "not the same paper by title and year"),
        (MINING, "2001", "not the same paper by title and year"),
    ],
)
def test_a_title_match_that_differs_is_skipped_with_the_candidate(
    httpserver: HTTPServer, tmp_path: Path, run_cli, title: str, year: str, why: str
) -> None:
    serve_match(httpserver, json.dumps({"data": [{"paperId": MINING_ID, "title": MINING, "year": 1993}]}))
    path = library_with(tmp_path, entry("someone1993mining", title, year))
    before = path.read_bytes()
    result = run_cli("--library", str(path), "enrich", env=env_for(httpserver))
    assert result.returncode == 0, result.stderr  # skipped is not failed
    assert f"skipped: someone1993mining: no arXiv id, DOI or s2id; the title match is “{MINING}” (1993" in result.stderr
    assert why in result.stderr and "1 skipped, 0 not found, 0 failed" in result.stdout
    assert path.read_bytes() == before


def test_no_title_match_is_skipped_and_remembered(httpserver: HTTPServer, tmp_path: Path, run_cli) -> None:
    serve_match(httpserver, fixture_text("s2_search_match_nomatch_404.json"), status=404)
    path = library_with(tmp_path, entry("radford2018improving", "Improving Language Understanding", "2018"))
    first = run_cli("--library", str(path), "enrich", env=env_for(httpserver))
    assert first.returncode == 0 and "a title match found nothing" in first.stderr
    second = run_cli("--library", str(path), "enrich", env=env_for(httpserver))
    assert "; 0 request(s)" in second.stdout and len(httpserver.log) == 1


def test_verbose_shows_each_request(httpserver: HTTPServer, shipped_copy: Path, run_cli) -> None:
    serve_defaults(httpserver)
    loud = run_cli("-v", "--library", str(shipped_copy), "enrich", "ouyang2022training", env=env_for(httpserver))
    assert "debug: POST http" in loud.stderr and "/paper/batch" in loud.stderr and "debug: GET http" in loud.stderr
    quiet = run_cli(
        "--library", str(shipped_copy), "enrich", "ouyang2022training", "--refresh", env=env_for(httpserver)
    )
    assert "debug:" not in quiet.stderr and "1 request(s)" in quiet.stdout


def test_a_failure_exits_1_with_a_summary(httpserver: HTTPServer, shipped_copy: Path, run_cli) -> None:
    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_data("down", status=500)
    serve_defaults(httpserver)
    result = run_cli("--library", str(shipped_copy), "enrich", "ouyang2022training", env=env_for(httpserver))
    assert result.returncode == 1 and "failed: " in result.stderr and "1 failed" in result.stdout


# -- ids ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["２２０３.０２１５５", "٢٢٠٣.٠٢١٥٥", "२२०३.०२१५५", "10.١٢٣٤/abc", "CorpusId:١٢٣"])
def test_ids_are_ascii_digits(text: str) -> None:
    with pytest.raises(InvalidIdError):
        parse_paper_id(text)


def test_non_ascii_digits_make_no_request(httpserver: HTTPServer, shipped_copy: Path, run_cli) -> None:
    result = run_cli("--library", str(shipped_copy), "add", "２２０３.０２１５５", env=env_for(httpserver))
    assert result.returncode == 1 and "is not an arXiv id" in result.stderr and len(httpserver.log) == 0


# -- offline ------------------------------------------------------------------------------------------------


def test_offline_with_an_empty_cache_writes_nothing(run_cli, shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    result = run_cli("--library", str(shipped_copy), "enrich", "--offline")
    assert shipped_copy.read_bytes() == before and "0 updated" in result.stdout
    assert "not filled" in result.stderr and "Traceback" not in result.stderr


# -- a corrupt cache ----------------------------------------------------------------------------------------


def junk_file(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "responses.sqlite3").write_bytes(b"this is not a database" * 100)


def folder_is_a_file(cache: Path) -> None:
    cache.write_text("a file where the cache folder belongs", encoding="utf-8")


def bad_json_row(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    with ResponseCache(cache / "responses.sqlite3") as good:
        good.put(f"s2:{INSTRUCTGPT_S2}", {"paperId": INSTRUCTGPT_S2})
        good.put(f"s2refs:{INSTRUCTGPT_S2}", [])
    db = sqlite3.connect(cache / "responses.sqlite3")
    db.execute("UPDATE responses SET body = '{not json'")
    db.commit()
    db.close()


CORRUPTIONS = {"junk file": junk_file, "folder is a file": folder_is_a_file, "bad JSON row": bad_json_row}
COMMANDS = {
    "enrich": ["enrich", "--offline"],
    "suggest": ["suggest"],
    "graph": ["graph", "--out", "page.html"],
    "why": ["why", "--offline", "ouyang2022training", "stiennon2020learning"],
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_corrupt_cache_is_set_aside_with_a_warning(
    run_cli, enriched: Path, tmp_path: Path, corruption: str, command: str
) -> None:
    cache = tmp_path / "corrupt-cache"
    CORRUPTIONS[corruption](cache)
    result = run_cli("--library", str(enriched), *COMMANDS[command], env={"READINGLIST_CACHE_DIR": str(cache)})
    assert "Traceback" not in result.stderr and result.returncode in (0, 1)
    if corruption != "bad JSON row" or command in ("enrich", "why", "graph"):
        assert "warning: " in result.stderr
    assert cache.is_dir() and (cache / "responses.sqlite3").exists()


def test_cache_days_that_are_not_a_number_are_a_warning(run_cli, shipped_copy: Path) -> None:
    result = run_cli("--library", str(shipped_copy), "graph", "--out", "g.html", env={"READINGLIST_CACHE_DAYS": "abc"})
    assert result.returncode == 0 and "warning: READINGLIST_CACHE_DAYS='abc' is not a number of days" in result.stderr


# -- why: one edge on demand --------------------------------------------------------------------------------


def test_why_fetches_a_missing_edge_once_and_caches_it(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path, run_cli
) -> None:
    serve_defaults(httpserver)
    env = env_for(httpserver)
    assert run_cli("--library", str(shipped_copy), "enrich", "ouyang2022training", env=env).returncode == 0
    offline = run_cli("--library", str(shipped_copy), "why", "--offline", "ouyang2022training", "stiennon2020learning")
    assert "No citation contexts for this edge yet" in offline.stdout
    calls = len(httpserver.log)
    first = run_cli("--library", str(shipped_copy), "why", "ouyang2022training", "stiennon2020learning", env=env)
    assert "We follow the method" in first.stdout and len(httpserver.log) == calls + 1
    second = run_cli("--library", str(shipped_copy), "why", "ouyang2022training", "stiennon2020learning", env=env)
    assert second.stdout == first.stdout and len(httpserver.log) == calls + 1


def test_why_with_the_network_down_is_a_note(shipped_copy: Path, run_cli) -> None:
    env = {"READINGLIST_S2_API_URL": "http://127.0.0.1:9", "READINGLIST_ARXIV_API_URL": "http://127.0.0.1:9"}
    with ResponseCache(shipped_copy.parent / "cache" / "responses.sqlite3"):
        pass
    text = shipped_copy.read_text(encoding="utf-8").replace(
        "@inproceedings{ouyang2022training,", f"@inproceedings{{ouyang2022training,\n  s2id = {{{INSTRUCTGPT_S2}}},"
    )
    shipped_copy.write_text(text, encoding="utf-8")
    result = run_cli("--library", str(shipped_copy), "why", "ouyang2022training", "stiennon2020learning", env=env)
    assert result.returncode == 0 and "note: could not fetch the citation contexts: cannot reach" in result.stderr
    assert "No citation contexts for this edge yet" in result.stdout


def test_why_without_an_id_says_to_enrich_the_citing_paper_first(shipped_copy: Path, run_cli) -> None:
    env = {"READINGLIST_S2_API_URL": "http://127.0.0.1:9", "READINGLIST_ARXIV_API_URL": "http://127.0.0.1:9"}
    result = run_cli("--library", str(shipped_copy), "why", "InstructGPT", "GPT-3", env=env)
    assert result.returncode == 0 and "without --offline" not in result.stdout
    assert "has no Semantic Scholar id; `readinglist enrich ouyang2022training` looks it up" in result.stdout


def test_the_retry_backoff_base_comes_from_the_environment(caplog: pytest.LogCaptureFixture) -> None:
    from readinglist.settings import Settings

    assert Settings.from_env({}).retry_base == 2.0
    assert Settings.from_env({"READINGLIST_RETRY_BASE": "0.5"}).retry_base == 0.5
    assert Settings.from_env({"READINGLIST_RETRY_BASE": "-1"}).retry_base == 2.0 and "not a number" in caplog.text


def test_the_politeness_pauses_come_from_the_environment(caplog: pytest.LogCaptureFixture) -> None:
    from readinglist.settings import Settings

    assert (Settings.from_env({}).s2_interval, Settings.from_env({}).arxiv_delay) == (1.0, 3.0)
    paused = Settings.from_env({"READINGLIST_S2_INTERVAL": "0", "READINGLIST_ARXIV_DELAY": "0.5"})
    assert (paused.s2_interval, paused.arxiv_delay) == (0.0, 0.5)
    assert Settings.from_env({"READINGLIST_ARXIV_DELAY": "soon"}).arxiv_delay == 3.0 and "not a number" in caplog.text


def test_a_title_match_without_an_id_is_skipped_with_its_title(httpserver: HTTPServer, tmp_path: Path) -> None:
    answer = {"data": [{"paperId": None, "title": MINING, "matchScore": 109.55}]}  # the recorded shape, id null
    httpserver.expect_request(MATCH).respond_with_data(json.dumps(answer), content_type="application/json")
    library = library_with(tmp_path, entry("agrawal1993", MINING, "1993"))
    report = enrich_library(library, make_sources(httpserver, tmp_path))
    assert report.skipped == [f"agrawal1993: the title match “{MINING}” has no id to ask by"]
    assert not [r for r, _ in httpserver.log if r.path.endswith("/paper/batch")]  # nothing asked by an empty id
