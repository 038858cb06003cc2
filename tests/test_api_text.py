"""API text the store would refuse (a lone brace, a final backslash, a control character) is made safe by
`mapping.bibtex_safe`, so `add` and `enrich` succeed and every reader reads the entry back."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import parse_string
from pybtex.errors import set_strict_mode
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.mapping import bibtex_safe
from readinglist.store import load_library
from readinglist.store.bibfile import value_problem

from .replay import INSTRUCTGPT_S2, fixture_text, s2_batch_handler, s2_papers
from .test_enrich import without_instructgpt

HOSTILE_ABSTRACT = "a { b \u0007 c x\\"
HOSTILE_TLDR = "results } first\r\nx\\"
SAFE_ABSTRACT = "a \\textbraceleft{} b   c x"
SAFE_TLDR = "results \\textbraceright{} first\nx"


def serve_hostile(server: HTTPServer) -> None:
    """The replay server, with Semantic Scholar's abstract and TL;DR and arXiv's summary made hostile."""
    papers = s2_papers()
    paper = {**papers[INSTRUCTGPT_S2], "abstract": HOSTILE_ABSTRACT, "tldr": {"model": "tldr@v2", "text": HOSTILE_TLDR}}
    papers = {key: paper for key in papers}
    feed = fixture_text("arxiv_query_id-2203.02155_synthetic.xml")
    start, end = feed.index("<summary>") + len("<summary>"), feed.index("</summary>")
    feed = feed[:start] + "a { b x\\" + feed[end:]

    def arxiv(request: Request) -> Response:
        return Response(feed, status=200, content_type="application/atom+xml; charset=utf-8")

    server.expect_request("/api/query").respond_with_handler(arxiv)
    server.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler(papers))


def env_for(server: HTTPServer) -> dict[str, str]:
    return {"READINGLIST_S2_API_URL": server.url_for("/s2"), "READINGLIST_ARXIV_API_URL": server.url_for("/api/query")}


def assert_reads_back(library: Path, key: str) -> dict[str, str]:
    fields = load_library(library).entry(key).fields
    assert all(value_problem(value) == "" for value in fields.values())
    set_strict_mode(True)
    strict = parse_string(library.read_text(encoding="utf-8"), "bibtex").entries[key].fields
    assert strict["abstract"] == " ".join(fields["abstract"].split())  # pybtex folds whitespace
    return fields


def test_add_stores_hostile_api_text_so_it_reads_back(httpserver: HTTPServer, run_cli, shipped_copy: Path) -> None:
    serve_hostile(httpserver)
    without_instructgpt(shipped_copy)
    result = run_cli("--library", str(shipped_copy), "add", "2203.02155", env=env_for(httpserver))
    assert result.returncode == 0, result.stderr
    fields = assert_reads_back(shipped_copy, "ouyang2022training")
    assert fields["abstract"] == "a \\textbraceleft{} b x"  # arXiv's summary wins for a new entry
    assert fields["tldr"] == SAFE_TLDR


def test_enrich_stores_hostile_api_text_so_it_reads_back(httpserver: HTTPServer, run_cli, shipped_copy: Path) -> None:
    serve_hostile(httpserver)
    without_instructgpt(shipped_copy)
    with shipped_copy.open("a", encoding="utf-8") as out:
        out.write("\n@misc{ouyang2022training,\n  title = {InstructGPT},\n  eprint = {2203.02155},\n}\n")
    args = ("--library", str(shipped_copy), "enrich", "ouyang2022training", "--no-contexts")
    result = run_cli(*args, env=env_for(httpserver))
    assert result.returncode == 0, result.stdout + result.stderr
    fields = assert_reads_back(shipped_copy, "ouyang2022training")
    assert fields["abstract"] == SAFE_ABSTRACT  # Semantic Scholar's abstract wins when enriching
    assert fields["tldr"] == SAFE_TLDR


@given(st.text(alphabet=st.sampled_from("ab {}\\@\n\r\t\u0007\x7f$^"), max_size=30))
def test_every_api_text_becomes_a_value_the_store_accepts(text: str) -> None:
    safe = bibtex_safe(text)
    assert value_problem(safe) == ""
    assert bibtex_safe(safe) == safe


def test_plain_and_balanced_text_is_kept() -> None:
    for text in ("Plain words.", "$\\mathcal{O}(n^{2})$ and {BERT}", "tab\tand\nnewline", "ok: 50% @ {x}"):
        assert bibtex_safe(text) == text
    assert json.dumps(bibtex_safe("\u0000")) == '" "'
