"""Benchmark enrichment against a local replay server: 1,000 papers, 20 references each, a third in the library.

Run: python bench/enrich.py
Phase 1 (`enrich`: batch calls only) cold and warm, medians of 3 runs with a fresh cache each; phase 2
(`enrich --contexts`: one reference call per paper whose references reach the library); the anchor, measured
in the same run: the naive way (one get_paper and one get_paper_references per paper, same client package).
Then the real politeness delays (1 s between Semantic Scholar calls, 3 s between arXiv calls) on a 50-paper
slice, measured wall time for both phases.
Goals: phase 1 at most ceil(N/500) Semantic Scholar + ceil(N/100) arXiv calls; 0 requests warm.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

from pytest_httpserver import HTTPServer
from semanticscholar import SemanticScholar
from werkzeug import Request, Response

from readinglist.enrich import RunReport, enrich_library, fetch_contexts
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource

N = 1_000
REFS = 20


def arxiv_id(i: int) -> str:
    return f"2101.{i:05d}"


def make_world(n: int) -> dict[str, dict]:
    rng = random.Random(3)
    papers = {}
    for i in range(n):
        refs = []
        for r in range(REFS):
            if r < REFS // 3 and i > 0:
                j = rng.randrange(0, n)
                refs.append({"paperId": f"{j:040x}", "externalIds": {"ArXiv": arxiv_id(j)}, "title": f"Paper {j}"})
            else:
                refs.append(
                    {
                        "paperId": f"e{i:019x}{r:020x}",
                        "externalIds": {"DOI": f"10.5555/out.{i}.{r}"},
                        "title": f"Outside paper {i}-{r}",
                        "year": 2015,
                        "citationCount": r,
                    }
                )
        papers[f"ARXIV:{arxiv_id(i)}"] = {
            "paperId": f"{i:040x}",
            "externalIds": {"ArXiv": arxiv_id(i)},
            "title": f"Paper {i}",
            "authors": [{"authorId": "1", "name": f"Author{i} Example"}],
            "year": 2021,
            "venue": "",
            "citationCount": i,
            "influentialCitationCount": i // 10,
            "referenceCount": REFS,
            "abstract": None,
            "tldr": None,
            "journal": None,
            "references": refs,
        }
    return papers


def feed(ids: list[str]) -> str:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/{i}v1</id><title>Paper {int(i[5:])}</title>"
        f"<updated>2021-01-05T00:00:00Z</updated><published>2021-01-05T00:00:00Z</published>"
        f"<summary>Abstract of {i}.</summary><author><name>Author{int(i[5:])} Example</name></author>"
        f'<link href="https://arxiv.org/abs/{i}v1" rel="alternate" type="text/html"/>'
        f'<category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/><arxiv:primary_category term="cs.CL"/>'
        "</entry>"
        for i in ids
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        f"<title>arXiv Query</title><id>x</id><updated>2026-11-25T00:00:00Z</updated>"
        f"<opensearch:totalResults>{len(ids)}</opensearch:totalResults>{entries}</feed>"
    )


def serve(server: HTTPServer, papers: dict[str, dict]) -> None:
    by_sha = {p["paperId"]: p for p in papers.values()}

    def batch(request: Request) -> Response:
        ids = json.loads(request.get_data(as_text=True))["ids"]
        return Response(json.dumps([papers.get(i) for i in ids]), content_type="application/json")

    def single(request: Request) -> Response:
        parts = request.path.split("/paper/", 1)[1].split("/")
        paper = papers.get(parts[0]) or by_sha.get(parts[0])
        if paper is None:
            return Response(json.dumps({"error": "not found"}), status=404, content_type="application/json")
        if len(parts) == 1:
            return Response(
                json.dumps({k: v for k, v in paper.items() if k != "references"}), content_type="application/json"
            )
        query = parse_qs(request.query_string.decode())
        offset, limit = int(query.get("offset", ["0"])[0]), int(query.get("limit", ["100"])[0])
        data = [{"citedPaper": r} for r in paper["references"][offset : offset + limit]]
        body = {"offset": offset, "data": data}
        if offset + limit < len(paper["references"]):
            body["next"] = offset + limit
        return Response(json.dumps(body), content_type="application/json")

    def arxiv(request: Request) -> Response:
        return Response(feed(request.args["id_list"].split(",")), content_type="application/atom+xml")

    server.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(batch)
    server.expect_request("/api/query").respond_with_handler(arxiv)
    server.expect_request(re.compile(r"^/s2/graph/v1/paper/[^/]+(/references)?$")).respond_with_handler(single)


def write_library(path: Path, n: int) -> None:
    path.write_text(
        "".join(f"@misc{{p{i},\n  title = {{Paper {i}}},\n  eprint = {{{arxiv_id(i)}}},\n}}\n\n" for i in range(n)),
        encoding="utf-8",
    )


def run(func, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    """Seconds one call takes."""
    start = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - start


def make_sources(server: HTTPServer, cache: ResponseCache, *, polite: bool) -> Sources:
    """Sources against the replay server; `polite` keeps the production delays (real sleeps)."""
    policy = RetryPolicy() if polite else RetryPolicy(sleep=lambda s: None)
    return Sources(
        SemanticScholarSource(
            api_url=server.url_for("/s2"), api_key="", min_interval=1.0 if polite else 0.0, policy=policy
        ),
        ArxivSource(api_url=server.url_for("/api/query"), delay=3.0 if polite else 0.0),
        cache,
    )


def phase_one(
    server: HTTPServer, folder: Path, n: int, tag: str, *, polite: bool = False
) -> tuple[int, int, float, int, float]:
    """(cold S2 requests, cold arXiv requests, cold seconds, warm requests, warm seconds) with a fresh cache."""
    library = folder / f"papers-{tag}.bib"
    write_library(library, n)
    with ResponseCache(folder / f"cache-{tag}.sqlite3") as cache:
        cold_sources = make_sources(server, cache, polite=polite)
        cold = run(enrich_library, library, cold_sources)
        warm_sources = make_sources(server, cache, polite=polite)
        warm = run(enrich_library, library, warm_sources)
        return cold_sources.s2.requests, cold_sources.arxiv.requests, cold, warm_sources.requests, warm


def phase_two(server: HTTPServer, folder: Path, tag: str, *, polite: bool = False) -> tuple[int, float, int]:
    """(reference requests, seconds, papers with contexts) after phase one of the same tag."""
    library = folder / f"papers-{tag}.bib"
    with ResponseCache(folder / f"cache-{tag}.sqlite3") as cache:
        sources = make_sources(server, cache, polite=polite)
        report = RunReport()
        seconds = run(fetch_contexts, library, sources, report=report)
        return sources.s2.requests, seconds, report.contexts


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    papers = make_world(N)
    server = HTTPServer(host="127.0.0.1")
    server.start()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    try:
        serve(server, papers)
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            runs = [phase_one(server, folder, N, f"run{i}") for i in range(3)]
            s2, ax = runs[0][0], runs[0][1]
            cold = median([r[2] for r in runs])
            warm_requests, warm = max(r[3] for r in runs), median([r[4] for r in runs])
            refs, contexts_time, with_contexts = phase_two(server, folder, "run0")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            client = SemanticScholar(api_url=server.url_for("/s2"), retry=False)
            naive_requests = 0

            def naive() -> None:
                nonlocal naive_requests
                for i in range(N):
                    client.get_paper(f"ARXIV:{arxiv_id(i)}", fields=["title", "citationCount"])
                    refs = client.get_paper_references(f"ARXIV:{arxiv_id(i)}", fields=["externalIds"], limit=100)
                    list(refs)
                    naive_requests += 2

            naive_time = run(naive)
            slice_n = 50
            p_s2, p_ax, p_cold, _, _ = phase_one(server, folder, slice_n, "polite", polite=True)
            p_refs, p_contexts, _ = phase_two(server, folder, "polite", polite=True)
        target_s2, target_arxiv = math.ceil(N / 500), math.ceil(N / 100)
        print(f"{N} papers, {REFS} references each ({REFS // 3} inside the library); politeness delays off")
        print(
            f"phase 1 (enrich) cold: {s2} S2 + {ax} arXiv requests (goal <= {target_s2} + {target_arxiv}), "
            f"median {cold:.2f} s of 3"
        )
        print(f"phase 1 warm: {warm_requests} requests (goal 0), median {warm:.2f} s of 3")
        print(
            f"phase 2 (enrich --contexts): {refs} reference requests for {with_contexts} papers whose references "
            f"reach the library, {contexts_time:.2f} s"
        )
        print(
            f"anchor, the naive way (same run): {naive_requests} requests, {naive_time:.2f} s -> phase 1 makes "
            f"{naive_requests / max(1, s2 + ax):.0f}x fewer requests"
        )
        print(f"peak RSS after phases 1-2 (server thread included): {peak / 2**20:.0f} MiB")
        print(
            f"with the real politeness delays (1 s per S2 call, 3 s per arXiv call), {slice_n}-paper slice, measured:"
        )
        print(
            f"  phase 1: {p_s2} S2 + {p_ax} arXiv requests, {p_cold:.1f} s wall "
            f"(goal <= {math.ceil(slice_n / 500)} + {math.ceil(slice_n / 100)} requests)"
        )
        print(f"  phase 2: {p_refs} reference requests, {p_contexts:.1f} s wall")
    finally:
        server.clear()
        server.stop()


if __name__ == "__main__":
    main()
