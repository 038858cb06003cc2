"""A replay server for the two APIs on 127.0.0.1, built on pytest-httpserver, serving recorded responses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARXIV_FEEDS = {"2203.02155": "arxiv_query_id-2203.02155_synthetic.xml", "1605.08386": "arxiv_query_id-1605.08386.xml"}
EMPTY_FEED = "arxiv_query_id-0808.05394_nonexistent_empty.xml"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def s2_papers() -> dict[str, dict]:
    """Known papers by the ids the client may ask for."""
    paper = json.loads(fixture_text("s2_batch_instructgpt_synthetic.json"))[0]
    return {"ARXIV:2203.02155": paper, paper["paperId"]: paper}


def arxiv_handler(request: Request) -> Response:
    ids = request.args.get("id_list", "").split(",")
    names = [ARXIV_FEEDS.get(i) for i in ids]
    body = fixture_text(names[0]) if len(ids) == 1 and names[0] else fixture_text(EMPTY_FEED)
    return Response(body, status=200, content_type="application/atom+xml; charset=utf-8")


def s2_batch_handler(papers: dict[str, dict]) -> Callable[[Request], Response]:
    def handle(request: Request) -> Response:
        ids = json.loads(request.get_data(as_text=True))["ids"]
        return Response(json.dumps([papers.get(i) for i in ids]), status=200, content_type="application/json")

    return handle


INSTRUCTGPT_S2 = "d766bffc357127e0dc86dd69561d5aeb520d6f4c"


def serve_defaults(server: HTTPServer) -> None:
    server.expect_request("/api/query").respond_with_handler(arxiv_handler)
    server.expect_request(f"/s2/graph/v1/paper/{INSTRUCTGPT_S2}/references").respond_with_data(
        fixture_text("s2_references_instructgpt_synthetic.json"), content_type="application/json"
    )
    server.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler(s2_papers()))


def sequence(*responses: Response) -> Callable[[Request], Response]:
    """Answer with each response in turn, repeating the last one."""
    state = {"n": 0}

    def handle(_request: Request) -> Response:
        response = responses[min(state["n"], len(responses) - 1)]
        state["n"] += 1
        return response

    return handle
