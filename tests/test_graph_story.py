"""The graph tells the reading order's story (issue 22): the order's core path is the strongest mark, a paper keeps
its place whatever the focus, and the words on the graph are the panel's words."""

from __future__ import annotations

import re

import networkx as nx

from readinglist.drawing import GraphView, build_drawing, lineage_of, node_facts
from readinglist.graph import build_graph
from readinglist.layout import section_name
from readinglist.models import Entry
from readinglist.order import reading_order
from readinglist.paper import paper_of
from readinglist.store import load_library

from .conftest import SHIPPED

FOCUSES = ("ouyang2022training", "stiennon2020learning", "singhal2023large")  # InstructGPT, Stiennon, Med-PaLM
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


def shipped_graph() -> nx.DiGraph:
    return build_graph(load_library(SHIPPED).entries())


def drawn(graph: nx.DiGraph, focus: str, **options: bool) -> dict:
    view = GraphView(focus=focus, related=lineage_of(graph, focus, 2), **options)
    drawing = build_drawing(graph, node_facts(graph), view)
    return {"drawing": drawing, "nodes": {n["id"]: n for n in drawing.nodes}}


def test_a_paper_keeps_its_place_whatever_the_focus() -> None:
    graph = shipped_graph()
    views = [drawn(graph, focus)["nodes"] for focus in FOCUSES]
    first = views[0]
    for other in views[1:]:
        assert set(other) == set(first)
        moved = [k for k in first if (first[k]["x"], first[k]["y"]) != (other[k]["x"], other[k]["y"])]
        assert moved == []
    # Irving 2018 and Ibarz 2018 swapped rows between these two views.
    assert views[0]["irving2018ai"]["y"] == views[1]["irving2018ai"]["y"]
    assert views[0]["ibarz2018reward"]["y"] == views[1]["ibarz2018reward"]["y"]


def test_the_core_path_is_numbered_as_the_reading_order_and_drawn_strongest() -> None:
    graph = shipped_graph()
    focus = "ouyang2022training"
    nodes = drawn(graph, focus)["nodes"]
    core = [item.key for item in reading_order(graph, [focus]).items if item.tier == "core"]
    numbered = sorted((n["order"], k) for k, n in nodes.items() if "order" in n)
    assert numbered == list(enumerate(core, start=1))
    edges = drawn(graph, focus)["drawing"].edges
    on_path = [e for e in edges if e["from"] in core and e["to"] in core]
    off_path = [e for e in edges if not (e["from"] in core and e["to"] in core)]
    curated_on_path = [e for e in on_path if not e["dashes"]]
    assert curated_on_path and min(e["width"] for e in curated_on_path) > max(e["width"] for e in off_path)
    # Citation lines off the path are faint; Everitt 2017 -> Irving 2018 (curated, off the path) is no longer bold.
    assert all(e["color"]["color"].startswith("rgba") for e in off_path if e["dashes"])
    everitt = next(e for e in edges if (e["from"], e["to"]) == ("everitt2017reinforcement", "irving2018ai"))
    assert everitt["width"] < min(e["width"] for e in curated_on_path)
    # Background and further papers are secondary: plain font colour of the path is theirs no more.
    assert nodes["irving2018ai"]["font"]["color"] != nodes["christiano2017deep"]["font"]["color"]
    assert nodes["everitt2017reinforcement"]["color"]["background"].startswith("rgba")


def test_numbers_can_be_left_off() -> None:
    graph = shipped_graph()
    nodes = drawn(graph, "ouyang2022training", numbered=False)["nodes"]
    assert not any("order" in n for n in nodes.values())


def test_a_paper_with_no_links_is_shown_among_its_lane_neighbours_in_time() -> None:
    graph = shipped_graph()
    result = drawn(graph, "singhal2023large")
    fit = result["drawing"].fit
    assert "singhal2023large" in fit and len(fit) >= 4
    nodes = result["nodes"]
    assert {nodes[k]["y"] for k in fit} - {nodes["singhal2023large"]["y"]} or len({nodes[k]["x"] for k in fit}) > 1
    lanes = {lane["section"] for lane in result["drawing"].lanes for k in fit if lane["top"] <= nodes[k]["y"]}
    assert "clinical-llm" in lanes


def test_edge_tooltips_name_papers_as_the_panel_does() -> None:
    graph = shipped_graph()
    edges = drawn(graph, "ouyang2022training")["drawing"].edges
    title = next(e["title"] for e in edges if (e["from"], e["to"]) == ("ziegler2019fine", "ouyang2022training"))
    assert title.startswith("InstructGPT builds on Ziegler et al. 2019")
    assert "Stiennon et al. 2020" in title and "0.0.2" not in title
    assert not any(re.search(r"\d+\.\d+\.\d+\.\d+", e["title"]) for e in edges)


def test_the_legend_uses_section_titles_not_slugs() -> None:
    graph = shipped_graph()
    legend = drawn(graph, "ouyang2022training", show_resources=True)["drawing"].legend
    names = [section["name"] for section in legend["sections"]]
    assert "Chinese medical benchmarks (1.1)" in names
    assert [n for n in names if SLUG.match(n)] == []
    assert section_name("my-new-topic") == "My new topic"


def test_a_family_name_that_is_a_month_does_not_read_as_a_date() -> None:
    three = Entry("n3", "article", {"author": "Nov, Oded and Singh, Nina and Mann, Devin", "year": "2023"})
    assert paper_of(three).tag == paper_of(three).label == "Nov et al. 2023"
    two = Entry("n2", "article", {"author": "Nov, Oded and Singh, Nina", "year": "2023"})
    assert paper_of(two).tag == "Nov and Singh 2023"
    assert paper_of(Entry("m", "article", {"author": "Tom May", "year": "2021"})).tag == "T. May 2021"
    assert paper_of(Entry("o", "article", {"author": "Ouyang, Long", "year": "2022"})).tag == "Ouyang 2022"
