"""Why one paper cites another: paging, null papers, empty contexts, escaping, and every place it shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.citations import CitationContext, context_of, edge_contexts
from readinglist.drawing import LINEAGE_EDGE
from readinglist.enrich import load_citation_contexts
from readinglist.exporters.graph_page import GraphView, graph_elements, render_graph_page
from readinglist.graph import build_graph
from readinglist.order import reading_order
from readinglist.settings import Settings
from readinglist.sources import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.s2_records import parse_reference
from readinglist.sources.semantic_scholar import SemanticScholarSource
from readinglist.store import load_library

from .replay import fixture_text

PAGED = "/s2/graph/v1/paper/DOI:10.2139/ssrn.2250500/references"


def test_reference_pages_are_followed_until_next_is_absent(httpserver: HTTPServer) -> None:
    def pages(request: Request) -> Response:
        name = (
            "s2_references_DOI-10.2139-ssrn.2250500_offset0_limit50.json"
            if request.args["offset"] == "0"
            else "s2_references_DOI-10.2139-ssrn.2250500_offset50_limit50_last.json"
        )
        return Response(fixture_text(name), content_type="application/json")

    httpserver.expect_request(PAGED).respond_with_handler(pages)
    source = SemanticScholarSource(
        api_url=httpserver.url_for("/s2"),
        api_key="",
        min_interval=0,
        policy=RetryPolicy(sleep=lambda s: None),
        reference_page=50,
    )
    items = source.fetch_references("DOI:10.2139/ssrn.2250500")
    assert len(items) == 67 and source.requests == 2
    assert sum(1 for item in items if item["citedPaper"]["paperId"] is None) == 23  # unresolved references kept


def _context_of(item: dict) -> CitationContext:
    return context_of(parse_reference(item, "test", "citedPaper"))


def test_context_item_with_intents_and_empty_ones() -> None:
    item = json.loads(fixture_text("s2_ITEM_references_data_element_with_contexts_intents.json"))
    context = _context_of(item)
    assert context.intents == ["background"] and context.background_only and not context.influential
    assert context.best_quote().startswith("Directed generative models have gained in popularity")
    empty = _context_of({"contexts": [], "intents": [], "isInfluential": False, "citedPaper": {"paperId": None}})
    assert empty.best() is None and empty.best_quote() == "" and not empty.background_only
    no_intents = _context_of({"contexts": ["Only text."], "intents": []})
    assert no_intents.best() == ("Only text.", [])


def test_methodology_context_wins_over_background() -> None:
    context = CitationContext(
        [("Background first.", ["background"]), ("We use their method. More.", ["methodology"])],
        ["background", "methodology"],
        True,
    )
    assert context.best_quote() == "We use their method."


def test_why_prints_the_recorded_contexts_and_intents(enriched: Path, run_cli) -> None:
    result = run_cli("--library", str(enriched), "why", "ouyang2022training", "stiennon2020learning")
    assert result.returncode == 0, result.stderr
    assert (
        "Curated lineage: “Ziegler et al. 2019 / Stiennon et al. 2020 中探索的技术终于和GPT-3进行了对齐！”"
        in result.stdout
    )
    assert "influential." in result.stdout
    assert (
        "- [methodology] (synthetic context for the test) We follow the method of [Stiennon et al., 2020]"
        in result.stdout
    )
    assert "- [background] (synthetic context for the test) Human feedback" in result.stdout
    lineage = run_cli("--library", str(enriched), "lineage", "ouyang2022training", "--depth", "1")
    assert "[builds_on+cites · methodology, background ★ influential] stiennon2020learning" in lineage.stdout
    unknown = run_cli("--library", str(enriched), "why", "ouyang2022training", "kubernetes")
    assert unknown.returncode == 1 and "neither builds on nor cites" in unknown.stdout


def test_order_reasons_quote_contexts_and_fall_back(enriched: Path) -> None:
    entries = load_library(enriched).entries()
    with ResponseCache.open(Settings.from_env()) as cache:
        graph = build_graph(entries, load_citation_contexts(entries, cache))
    reasons = {item.key: item.reason for item in reading_order(graph, ["ouyang2022training"]).items}
    assert reasons["stiennon2020learning"].startswith(
        "InstructGPT builds on it (methodology): “(synthetic context for the test) We follow the method of"
    )
    assert "the list says, in Chinese, “Ziegler et al. 2019 / Stiennon et al. 2020" in reasons["stiennon2020learning"]
    assert reasons["lin2022truthfulqa"] == "InstructGPT builds on it: “directly lead to InstructGPT”"
    assert reasons["irving2018ai"] == "cited by InstructGPT"  # no context: "cited by"


def test_graph_shows_influence_and_intent_and_escapes_contexts(enriched: Path) -> None:
    entries = load_library(enriched).entries()
    with ResponseCache.open(Settings.from_env()) as cache:
        graph = build_graph(entries, load_citation_contexts(entries, cache))
    _, edges = graph_elements(graph, GraphView())
    by_pair = {(e["from"], e["to"]): e for e in edges}
    stiennon = by_pair[("stiennon2020learning", "ouyang2022training")]
    assert stiennon["width"] > by_pair[("irving2018ai", "ouyang2022training")]["width"]  # influential is heavier
    assert "We follow the method" in stiennon["title"]
    assert by_pair[("brown2020language", "ouyang2022training")]["color"]["color"] == LINEAGE_EDGE  # builds_on style
    _, filtered = graph_elements(graph, GraphView(hide_background=True))
    kept = {(e["from"], e["to"]) for e in filtered}
    assert ("stiennon2020learning", "ouyang2022training") in kept
    assert ("christiano2017deep", "ouyang2022training") in kept  # no context known: not hidden
    page = render_graph_page(graph)
    assert "<script>alert(1)</script>" not in page and "alert(1)" in page  # present, but only as escaped text
    assert not re.findall(r"(?:src|href)=[\"']?https?://", page)


def test_edge_contexts_ignore_self_and_unknown_papers() -> None:
    from readinglist.models import Entry

    entries = [Entry("a", "misc", {"eprint": "2001.00001"}), Entry("b", "misc", {"eprint": "2001.00002"})]
    items = {
        "a": [
            {"citedPaper": {"externalIds": {"ArXiv": "2001.00001"}}},  # itself
            {"citedPaper": {"paperId": None}},  # unresolved
            {"citedPaper": {"externalIds": {"ArXiv": "2001.00002"}}, "contexts": []},
        ]
    }
    refs = {key: [parse_reference(item, "test", "citedPaper") for item in raw] for key, raw in items.items()}
    assert list(edge_contexts(entries, refs)) == [("b", "a")]
