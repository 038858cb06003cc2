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


def serve_citing_pages(server: HTTPServer) -> None:
    """InstructGPT and Stiennon et al. known to the batch call, each with its page of citing papers (five of them
    cite both). Stiennon's record is InstructGPT's recorded shape with the other paper's identity (synthetic)."""
    instructgpt = s2_papers()["ARXIV:2203.02155"]
    stiennon = {
        **instructgpt,
        "paperId": STIENNON_S2,
        "externalIds": {"ArXiv": "2009.01325"},
        "title": "Learning to summarize from human feedback",
        "abstract": "(synthetic abstract for the test)",
        "tldr": None,
        "year": 2020,
        "publicationDate": None,
        "journal": None,
        "authors": [{"authorId": None, "name": "Nisan Stiennon"}, {"authorId": None, "name": "Long Ouyang"}],
        "references": [],
    }
    papers = {**s2_papers(), "ARXIV:2009.01325": stiennon, STIENNON_S2: stiennon}
    server.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler(papers))
    for paper_id, arxiv in ((INSTRUCTGPT_S2, "2203.02155"), (STIENNON_S2, "2009.01325")):
        server.expect_request(f"/s2/graph/v1/paper/{paper_id}/citations").respond_with_data(
            fixture_text(CITATIONS[arxiv]), content_type="application/json"
        )
