"""Replayed answers for `discover`: recommendations, citations and a watch query, in the APIs' recorded shapes.

Every request is logged in `DiscoverReplay.log` (method, path, query, JSON body) so tests count calls and
read what was sent (negative examples). Answers are the fixtures named in `tests/fixtures/README.md`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.settings import Settings
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource

from .replay import INSTRUCTGPT_S2, fixture_text, s2_batch_handler, s2_papers

RECOMMENDATIONS = "s2_reco_rlhf_synthetic.json"
WATCH_FEED = "arxiv_query_search-human-feedback_newest_synthetic.xml"
CITATIONS = {  # the papers of the RLHF lineage whose citing papers are replayed
    "2203.02155": "s2_citations_ARXIV-2203.02155_offset0_synthetic.json",
    "2009.01325": "s2_citations_ARXIV-2009.01325_offset0_synthetic.json",
    "1909.08593": "s2_citations_ARXIV-1909.08593_offset0_synthetic.json",
    "1706.03741": "s2_citations_ARXIV-1706.03741_offset0_synthetic.json",
}
EMPTY_CITATIONS = json.dumps({"offset": 0, "data": []})  # a paper nobody cites yet (synthetic, recorded shape)
STIENNON_S2 = "e000000000000000000000000000000000000001"  # a synthetic Semantic Scholar id (test data)
RLHF_QUERY = 'abs:"human feedback" AND cat:cs.CL'


@dataclass
class DiscoverReplay:
    log: list[dict] = field(default_factory=list)

    def serve(self, server: HTTPServer) -> None:
        server.expect_request("/s2/recommendations/v1/papers/", method="POST").respond_with_handler(self.reco)
        server.expect_request("/api/query").respond_with_handler(self.arxiv)
        for arxiv, name in CITATIONS.items():
            server.expect_request(f"/s2/graph/v1/paper/ARXIV:{arxiv}/citations").respond_with_handler(
                self.listing(fixture_text(name))
            )
        server.expect_request(re.compile(r"/s2/graph/v1/paper/.+/citations")).respond_with_handler(
            self.listing(EMPTY_CITATIONS)
        )

    def _note(self, request: Request) -> None:
        body = request.get_data(as_text=True)
        self.log.append(
            {
                "method": request.method,
                "path": request.path,
                "args": dict(request.args),
                "json": json.loads(body) if body else None,
            }
        )

    def reco(self, request: Request) -> Response:
        self._note(request)
        return Response(fixture_text(RECOMMENDATIONS), status=200, content_type="application/json")

    def listing(self, body: str):  # type: ignore[no-untyped-def]
        def handle(request: Request) -> Response:
            self._note(request)
            return Response(body, status=200, content_type="application/json")

        return handle

    def arxiv(self, request: Request) -> Response:
        self._note(request)
        return Response(fixture_text(WATCH_FEED), status=200, content_type="application/atom+xml; charset=utf-8")

    def calls(self, kind: str = "") -> list[dict]:
        return [c for c in self.log if kind in c["path"]]


def replay_sources(server: HTTPServer, cache_path: Path | None = None) -> Sources:
    """The run's sources pointed at the replay server, with no politeness waits."""
    return Sources(
        SemanticScholarSource(
            api_url=server.url_for("/s2"), api_key="", min_interval=0, policy=RetryPolicy(sleep=lambda s: None)
        ),
        ArxivSource(api_url=server.url_for("/api/query"), delay=0.0),
        ResponseCache(cache_path or Settings.from_env().cache_path),
    )


def write_watch(library: Path, section: str = "rlhf", query: str = RLHF_QUERY) -> None:
    (library.parent / "discover.toml").write_text(
        f"# watch queries (test)\n[sections.{section}]\nwatch = ['{query}']\n", encoding="utf-8"
    )


# InstructGPT and the paper it builds on, known by their arXiv ids alone (as a fresh import leaves them)
TWO_PAPERS = """@article{ouyang2022training,
  title = {Training language models to follow instructions with human feedback},
  eprint = {2203.02155},
}

@article{stiennon2020learning,
  title = {Learning to summarize from human feedback},
  eprint = {2009.01325},
}
"""


def _lineage_record(paper_id: str, arxiv: str, title: str, year: int, authors: list[str]) -> dict:
    """A paper of the RLHF lineage in the batch answer's recorded shape: InstructGPT's record with this paper's
    identity (the title, year and authors of the shipped library; ids and the rest are test values)."""
    return {
        **s2_papers()["ARXIV:2203.02155"],
        "paperId": paper_id,
        "externalIds": {"ArXiv": arxiv},
        "title": title,
        "abstract": "(synthetic abstract for the test)",
        "tldr": None,
        "year": year,
        "publicationDate": None,
        "journal": None,
        "authors": [{"authorId": None, "name": name} for name in authors],
        "references": [],
    }


LINEAGE = {  # arXiv id: (synthetic Semantic Scholar id, title, year, first authors)
    "2009.01325": (STIENNON_S2, "Learning to summarize from human feedback", 2020, ["Nisan Stiennon", "Long Ouyang"]),
    "1909.08593": (
        "e000000000000000000000000000000000000002",
        "Fine-Tuning Language Models from Human Preferences",
        2019,
        ["Daniel M. Ziegler", "Nisan Stiennon", "Jeffrey Wu"],
    ),
    "1706.03741": (
        "e000000000000000000000000000000000000003",
        "Deep Reinforcement Learning from Human Preferences",
        2017,
        ["Paul F. Christiano", "Jan Leike", "Tom B. Brown"],
    ),
}


def serve_citing_pages(server: HTTPServer) -> None:
    """InstructGPT and the three papers it builds on known to the batch call, each with its page of citing papers
    (`CITATIONS`: three papers cite all four, one cites three, one cites two)."""
    papers = s2_papers()
    pages = {INSTRUCTGPT_S2: CITATIONS["2203.02155"]}
    for arxiv, (paper_id, title, year, authors) in LINEAGE.items():
        papers[f"ARXIV:{arxiv}"] = papers[paper_id] = _lineage_record(paper_id, arxiv, title, year, authors)
        pages[paper_id] = CITATIONS[arxiv]
    server.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler(papers))
    for paper_id, name in pages.items():
        server.expect_request(f"/s2/graph/v1/paper/{paper_id}/citations").respond_with_data(
            fixture_text(name), content_type="application/json"
        )
