"""Benchmark `discover`: calls per check on the shipped library and on a generated 1,000-paper library.

Run: python bench/discover.py
Against a local replay server (the answers of tests/fixtures/: recommendations, citing papers of four RLHF
papers, one watch-query feed; every other paper has no citing paper). For each library it prints the calls
measured on the server, the README's formula, the anchor (the same check without the bound on citing papers,
one citations call for every paper with an id, measured the same way in the same run) and a second check the
same day. Goal: measured == formula, and 0 calls for the second check.
Then the shipped library's RLHF lineage as a curator sees it (`readinglist discover --section rlhf`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource
from readinglist.store import load_library
from readinglist.store.discover_files import load_discover_config
from readinglist.usecases import discover

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CITED = ("2203.02155", "2009.01325", "1909.08593", "1706.03741")
QUERY = 'abs:"human feedback" AND cat:cs.CL'
TODAY = dt.date(2026, 12, 7)
LOG: list[str] = []
logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per replayed request otherwise


def answer(body: str, kind: str = "application/json"):  # type: ignore[no-untyped-def]
    def handle(request: Request) -> Response:
        LOG.append(request.path)
        return Response(body, status=200, content_type=kind)

    return handle


def serve(server: HTTPServer) -> None:
    text = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*synthetic*")}
    server.expect_request("/s2/recommendations/v1/papers/", method="POST").respond_with_handler(
        answer(text["s2_reco_rlhf_synthetic.json"])
    )
    for arxiv in CITED:
        server.expect_request(f"/s2/graph/v1/paper/ARXIV:{arxiv}/citations").respond_with_handler(
            answer(text[f"s2_citations_ARXIV-{arxiv}_offset0_synthetic.json"])
        )
    server.expect_request(re.compile(r"/s2/graph/v1/paper/.+/citations")).respond_with_handler(
        answer('{"offset": 0, "data": []}')
    )
    server.expect_request("/api/query").respond_with_handler(
        answer(text["arxiv_query_search-human-feedback_newest_synthetic.xml"], "application/atom+xml; charset=utf-8")
    )


def sources(server: HTTPServer, cache: Path) -> Sources:
    return Sources(
        SemanticScholarSource(
            api_url=server.url_for("/s2"), api_key="", min_interval=0, policy=RetryPolicy(sleep=lambda s: None)
        ),
        ArxivSource(api_url=server.url_for("/api/query"), delay=0.0),
        ResponseCache(cache),
    )


def formula(library: Path) -> int:
    """The README's formula, from the library's files: per section with an id 1 recommendations call; 1 call per
    distinct paper among each section's 25 newest papers with an id; 1 call per distinct watch query."""
    config = load_discover_config(library)
    reco, citing, queries = 0, set(), set()
    for name, papers in discover.section_papers(load_library(library).entries()).items():
        with_id = [p.key for p in papers if p.get("s2id") or p.get("eprint") or p.get("doi")]
        reco += 1 if with_id else 0
        citing.update(with_id[: discover.MAX_CITING])
        queries.update(config.section(name).watch)
    return reco + len(citing) + len(queries)


def measure(server: HTTPServer, library: Path, max_citing: int, cache: Path) -> tuple[int, float]:
    LOG.clear()
    start = time.perf_counter()
    with sources(server, cache) as s:
        report = discover.run(discover.CheckRequest(library, today=TODAY, max_citing=max_citing), s)
    assert report.outcome.ok, report.outcome.failed
    return len(LOG), time.perf_counter() - start


def generated(folder: Path, n: int = 1000, sections: int = 10) -> Path:
    """n papers with arXiv ids in `sections` sections, one watch query each."""
    lines = []
    for i in range(n):
        lines.append(
            f"@misc{{gen{i},\n  title = {{Generated paper {i} on preference learning}},\n  author = {{A. Author}},\n"
            f"  year = {{{2010 + i % 15}}},\n  eprint = {{2101.{i:05d}}},\n  section = {{s{i % sections}}},\n}}\n"
        )
    library = folder / "papers.bib"
    library.write_text("\n".join(lines), encoding="utf-8")
    toml = "".join(f"[sections.s{k}]\nwatch = ['{QUERY}']\n\n" for k in range(sections))
    (folder / "discover.toml").write_text(toml, encoding="utf-8")
    return library


def report(name: str, server: HTTPServer, library: Path, folder: Path) -> None:
    expected = formula(library)
    calls, seconds = measure(server, library, discover.MAX_CITING, folder / "cache-a.sqlite3")
    again, _ = measure(server, library, discover.MAX_CITING, folder / "cache-a.sqlite3")
    anchor, anchor_seconds = measure(server, library, 10**9, folder / "cache-b.sqlite3")
    print(f"{name}: {calls} calls per check ({seconds:.2f} s on the replay server, no politeness waits)")
    print(f"  formula (README): {expected}; second check the same day: {again} calls")
    print(f"  anchor, no bound on citing papers: {anchor} calls ({anchor_seconds:.2f} s)")
    print(f"  goal: measured == formula ({'met' if calls == expected else 'NOT met'}), 0 the same day "
          f"({'met' if again == 0 else 'NOT met'})")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, HTTPServer() as server:
        serve(server)
        shipped = Path(tmp) / "shipped"
        shipped.mkdir()
        for name in ("papers.bib", "papers.sections", "discover.toml"):  # as `readinglist init` writes them
            shutil.copyfile(ROOT / "readinglist" / "library" / name, shipped / name)
        report("shipped library", server, shipped / "papers.bib", shipped)
        big = Path(tmp) / "generated"
        big.mkdir()
        report("generated 1,000 papers, 10 sections", server, generated(big), big)
        print("\n$ readinglist discover --section rlhf --since 2023-01-01   (a fresh cache, replayed answers)")
        env = {
            **os.environ,
            "READINGLIST_S2_API_URL": server.url_for("/s2"),
            "READINGLIST_ARXIV_API_URL": server.url_for("/api/query"),
            "READINGLIST_CACHE_DIR": str(Path(tmp) / "cli-cache"),
            "NO_PROXY": "127.0.0.1,localhost",
            "COLUMNS": "118",
        }
        cli = [sys.executable, "-m", "readinglist", "--library", str(shipped / "papers.bib"), "discover"]
        shown = subprocess.run(
            [*cli, "--section", "rlhf", "--since", "2023-01-01", "--format", "table"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        print(shown.stdout + shown.stderr)


if __name__ == "__main__":
    main()
