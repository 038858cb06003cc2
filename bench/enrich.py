"""Benchmark enrichment against a local replay server: 1,000 papers, 20 references each, a third in the library.

Run: python bench/enrich.py
Prints requests, wall time and peak memory for a cold and a warm `enrich`, and the naive way (one get_paper
and one get_paper_references per paper, with the same client package) for comparison.
Target: at most ceil(N/500) Semantic Scholar calls plus unavoidable reference calls, ceil(N/100) arXiv calls,
zero requests warm. Politeness delays are off here (production adds 1 s per S2 call, 3 s per arXiv call).
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import resource
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

from pytest_httpserver import HTTPServer
from semanticscholar import SemanticScholar
from werkzeug import Request, Response

from readinglist.enrich import Sources, enrich_library
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


def main() -> None:
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    papers = make_world(N)
    server = HTTPServer(host="127.0.0.1")
    server.start()
    try:
        serve(server, papers)
        with tempfile.TemporaryDirectory() as folder:
            library = Path(folder) / "papers.bib"
            write_library(library, N)

            def sources(cache: ResponseCache) -> Sources:
                policy = RetryPolicy(sleep=lambda s: None)
                return Sources(
                    SemanticScholarSource(api_url=server.url_for("/s2"), api_key="", min_interval=0, policy=policy),
                    ArxivSource(api_url=server.url_for("/api/query"), delay=0.0),
                    cache,
                )

            results = {}
            for contexts in (False, True):
                cache = ResponseCache(Path(folder) / f"cache-{contexts}.sqlite3")
                write_library(library, N)
                cold_sources = sources(cache)
                cold = run(enrich_library, library, cold_sources, contexts=contexts)
                warm_sources = sources(cache)
                warm = run(enrich_library, library, warm_sources, contexts=contexts)
                results[contexts] = (
                    cold_sources.s2.requests,
                    cold_sources.arxiv.requests,
                    cold,
                    warm_sources.requests,
                    warm,
                )
            linked = library.read_text(encoding="utf-8").count("  cites = ")
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
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        target_s2, target_arxiv = math.ceil(N / 500), math.ceil(N / 100)
        print(f"{N} papers, {REFS} references each ({REFS // 3} inside the library); entries with cites: {linked}")
        for contexts, label in (
            (False, "--no-contexts (references in the batch call)"),
            (True, "--contexts (reference endpoint, one call per paper, with contexts)"),
        ):
            s2, ax, cold, warm_requests, warm = results[contexts]
            print(f"{label}:")
            print(
                f"  cold: {s2} S2 + {ax} arXiv requests (target <= {target_s2} batch calls + reference calls "
                f"+ {target_arxiv} arXiv), {cold:.2f} s"
            )
            print(f"  warm: {warm_requests} requests (target 0), {warm:.2f} s")
            print(
                f"  naive way: {naive_requests} requests, {naive_time:.2f} s -> "
                f"{naive_requests / max(1, s2 + ax):.1f}x the requests"
            )
            print(f"  production floor from politeness alone: {s2 * 1 + ax * 3} s (naive: {naive_requests} s)")
        print(f"peak RSS {peak:.0f} MiB")
    finally:
        server.clear()
        server.stop()


if __name__ == "__main__":
    main()
