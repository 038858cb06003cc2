"""The graph's layout and drawing: labels apart, empty years compressed, colours by section alone, scale by grouping."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import time
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest

from readinglist.drawing import GROUP_PREFIX, GraphView, build_drawing, lineage_of, node_facts
from readinglist.exporters.graph_page import vis_assets
from readinglist.graph import build_graph, entry_of
from readinglist.layout import (
    GAP_WIDTH,
    MAX_RADIUS,
    ROW_HEIGHT,
    YEAR_WIDTH,
    LayoutItem,
    label_width,
    place,
    section_colour,
)
from readinglist.models import Entry
from readinglist.store import load_library

from .conftest import SHIPPED

LABEL_HEIGHT = 20  # a 14-unit font's drawn label box


def generated_graph(n: int, citations: int, seed: int = 7) -> nx.DiGraph:
    """`n` papers over 2000-2024 in 7 sections, each citing older papers at random."""
    rng = random.Random(seed)
    years = sorted(rng.randint(2000, 2024) for _ in range(n))
    cites: list[set[str]] = [set() for _ in range(n)]
    for _ in range(citations):
        citing = rng.randrange(1, n)
        cites[citing].add(f"p{rng.randrange(0, citing)}")
    return build_graph(
        Entry(
            f"p{i}",
            "misc",
            {
                "title": f"Paper {i}",
                "author": f"Author{i}, A.",
                "year": str(years[i]),
                "section": f"s{i % 7}",
                "cites": ", ".join(sorted(cites[i])),
            },
        )
        for i in range(n)
    )


def shipped_graph() -> nx.DiGraph:
    return build_graph(load_library(SHIPPED).entries())


def label_overlaps(drawing_nodes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of nodes whose label boxes (centred under the dot) intersect."""
    boxes = []
    for node in drawing_nodes:
        top = node["y"] + MAX_RADIUS
        boxes.append((node["id"], node["x"] - node["labelWidth"] / 2, node["x"] + node["labelWidth"] / 2, top))
    boxes.sort(key=lambda b: b[3])
    overlaps = []
    for i, (key, left, right, top) in enumerate(boxes):
        for other, other_left, other_right, other_top in boxes[i + 1 :]:
            if other_top >= top + LABEL_HEIGHT:
                break
            if left < other_right and other_left < right:
                overlaps.append((key, other))
    return overlaps


def test_no_two_labels_overlap_in_the_shipped_library() -> None:
    graph = shipped_graph()
    focus = "ouyang2022training"
    drawing = build_drawing(
        graph, node_facts(graph), GraphView(focus=focus, related=lineage_of(graph, focus, 2), show_resources=True)
    )
    assert len(drawing.nodes) == graph.number_of_nodes()
    assert label_overlaps(drawing.nodes) == []


def test_no_two_labels_overlap_in_a_2000_paper_library() -> None:
    graph = generated_graph(2_000, 8_000)
    drawing = build_drawing(graph, node_facts(graph), GraphView(full_limit=2_000))
    assert len(drawing.nodes) == 2_000
    assert label_overlaps(drawing.nodes) == []


def test_rows_are_the_only_vertical_steps() -> None:
    items = [LayoutItem(f"k{i}", "rlhf", (2020, 0), 100) for i in range(5)]
    ys = sorted({y for _, y in place(items).positions.values()})
    assert [b - a for a, b in itertools.pairwise(ys)] == [ROW_HEIGHT] * (len(ys) - 1)


def test_empty_years_are_compressed() -> None:
    items = [LayoutItem("old", "rlhf", (2012, 6), 60), LayoutItem("new", "rlhf", (2017, 6), 60)]
    placement = place(items)
    assert placement.positions["new"][0] - placement.positions["old"][0] == YEAR_WIDTH + GAP_WIDTH
    assert [(t.year, t.gap_before) for t in placement.ticks] == [(2012, False), (2017, True)]


def test_lineage_takes_the_top_rows_of_its_lane() -> None:
    items = [LayoutItem(f"k{i}", "rlhf", (2020, 0), 120) for i in range(6)]
    placement = place(items, first=["k5"])
    assert placement.positions["k5"][1] == min(y for _, y in placement.positions.values())


def test_colours_and_lanes_depend_on_the_section_alone() -> None:
    graph = shipped_graph()
    facts = node_facts(graph)
    everything = build_drawing(graph, facts, GraphView(show_resources=True))
    clinical_only = build_drawing(
        graph, facts, GraphView(keys={k for k, f in facts.items() if f.section == "clinical-llm"})
    )
    colour = {n["id"]: n["color"]["border"] for n in everything.nodes}
    for node in clinical_only.nodes:
        assert node["color"]["border"] == colour[node["id"]] == section_colour("clinical-llm")
    assert clinical_only.lanes[0]["name"] == "After ChatGPT: clinical LLMs (1.x)"
    assert section_colour("some-new-section") == section_colour("some-new-section")


def test_papers_are_labelled_by_their_common_name() -> None:
    graph = shipped_graph()
    facts = node_facts(graph)
    assert (facts["ouyang2022training"].label, facts["brown2020language"].label) == ("InstructGPT", "GPT-3")
    assert facts["ouyang2022training"].tooltip.startswith("InstructGPT — Ouyang et al. 2022\n")
    assert facts["ouyang2022training"].width == label_width("✓ InstructGPT")  # room for the tick of a read paper
    assert facts["christiano2017deep"].label == "Christiano 2017"  # no common name: first author and year


def test_resources_are_one_toggle_away() -> None:
    graph = shipped_graph()
    facts = node_facts(graph)
    resources = {k for k, f in facts.items() if f.resource}
    assert resources
    default = build_drawing(graph, facts, GraphView())
    listed = sum(1 for k in graph if entry_of(graph, k).is_resource)  # what the Resources page counts
    assert f"not drawn: {listed} resources and {len(resources) - listed} blog posts or software" in default.caption()
    hidden = {n["id"] for n in default.nodes}
    shown = {n["id"] for n in build_drawing(graph, facts, GraphView(show_resources=True)).nodes}
    assert not hidden & resources and resources <= shown


def test_legend_names_only_what_is_drawn() -> None:
    graph = shipped_graph()
    facts = node_facts(graph)
    lineage_only = build_drawing(graph, facts, GraphView(show_cites=False))
    assert lineage_only.legend["builds_on"] and not lineage_only.legend["cites"]
    assert not lineage_only.legend["intents"] and not lineage_only.legend["influential"]  # not enriched
    assert lineage_only.links == len(lineage_only.edges)
    assert f"{lineage_only.links} links" in lineage_only.caption()


def test_a_large_library_draws_the_lineage_and_groups_the_rest() -> None:
    graph = generated_graph(10_000, 100_000)
    facts = node_facts(graph)
    focus = "p9000"
    related = lineage_of(graph, focus, 1)
    started = time.perf_counter()
    drawing = build_drawing(graph, facts, GraphView(focus=focus, related=related))
    elapsed = time.perf_counter() - started
    drawn = {n["id"] for n in drawing.nodes if not n.get("isGroup")}
    groups = [n for n in drawing.nodes if n.get("isGroup")]
    assert {focus} | related <= drawn and groups
    assert drawing.papers + drawing.grouped == 10_000
    assert len(drawing.nodes) < 1_000 and elapsed < 5  # a loose bound; bench/app.py measures the real figure
    assert label_overlaps(drawing.nodes) == []
    opened = build_drawing(graph, facts, GraphView(focus=focus, related=related, expanded={groups[0]["id"]}))
    assert groups[0]["id"] not in {n["id"] for n in opened.nodes}
    assert opened.papers > drawing.papers
    assert groups[0]["id"].startswith(GROUP_PREFIX)


@pytest.mark.parametrize("text", ["Ouyang 2022", "✓ 人类反馈 2023"])
def test_label_width_grows_with_the_text(text: str) -> None:
    assert label_width(text + "x") > label_width(text) > 7 * len(text)


def test_exported_page_focuses_the_target_by_its_common_name(run_cli, shipped_copy: Path) -> None:  # type: ignore[no-untyped-def]
    out = shipped_copy.parent / "lineage.html"
    result = run_cli("--library", str(shipped_copy), "graph", "--target", "InstructGPT", "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    data = json.loads(page.split('id="graph-data">')[1].split("</script>")[0])
    details = json.loads(page.split('id="graph-details">')[1].split("</script>")[0])
    assert data["focus"] == "ouyang2022training" and "stiennon2020learning" in data["fit"]
    assert details["ouyang2022training"]["sections"][0][0] == "摘要翻译"
    truthful = dict(details["lin2022truthfulqa"]["sections"])["Curator's comment"]
    assert "directly lead to InstructGPT" in truthful and "0.0.2.9" not in truthful  # no private list numbering
    assert {"2017", "2022"} <= {tick["label"] for tick in data["ticks"]}
    assert data["lanes"][0]["name"] == "RLHF lineage (0.0.x)"
    assert "<title>readinglist: the lineage of InstructGPT (Ouyang et al. 2022)</title>" in page


def test_a_crowded_lane_year_stands_two_to_a_row() -> None:
    items = [LayoutItem(f"p{i}", "clinical-llm", (2023, 0), 80) for i in range(6)]
    placement = place(items)
    assert len({y for _, y in placement.positions.values()}) == 3
    assert len({x for x, _ in placement.positions.values()}) == 2


@pytest.mark.parametrize("count", [0, 1])
def test_exported_page_of_a_tiny_library(count: int) -> None:
    from readinglist.exporters.graph_page import render_graph_page

    graph = build_graph([Entry("only2020one", "misc", {"title": "Only one", "year": "2020"})][:count])
    page = render_graph_page(graph)
    data = json.loads(page.split('id="graph-data">')[1].split("</script>")[0])
    assert len(data["nodes"]) == count and data["focus"] == ("only2020one" if count else None)


def test_labels_sit_on_their_lanes_colour_so_lines_pass_under_them() -> None:
    graph = shipped_graph()
    drawing = build_drawing(graph, node_facts(graph), GraphView(focus="ouyang2022training"))
    fill = {lane["section"]: lane["fill"] for lane in drawing.lanes}
    assert len(set(fill.values())) == 2  # lanes alternate
    sections = node_facts(graph)
    assert all(node["font"]["background"] == fill[sections[node["id"]].section] for node in drawing.nodes)


def test_only_curated_and_same_year_links_carry_arrowheads() -> None:
    graph = shipped_graph()
    facts = node_facts(graph)
    edges = build_drawing(graph, facts, GraphView()).edges
    headed = {(e["from"], e["to"]) for e in edges if e["arrows"]["to"]["enabled"]}
    curated = {(e["from"], e["to"]) for e in edges if not e["dashes"]}
    same_year = {(e["from"], e["to"]) for e in edges if facts[e["from"]].date[0] == facts[e["to"]].date[0]}
    assert curated and headed == curated | same_year
    assert len(headed) < len(edges)  # the citations across years go without heads: time runs left to right


def test_the_page_and_the_app_use_the_vendored_vis_network_9_1_2() -> None:
    """The exported page inlines the files the component serves: vis-network 9.1.2 as pyvis 0.3.2 shipped it
    (checksums in SOURCE.txt), with its licence header."""
    served = resources.files("readinglist").joinpath("static", "vis-network-9.1.2")
    script, style = vis_assets()
    assert served.joinpath("vis-network.min.js").read_text(encoding="utf-8") == script
    assert served.joinpath("vis-network.css").read_text(encoding="utf-8") == style
    assert "@version 9.1.2" in script[:400] and "The MIT License" in script[:1000]
    recorded = dict(
        reversed(line.split()[1:])
        for line in served.joinpath("SOURCE.txt").read_text().splitlines()
        if line.startswith("sha256 ")
    )
    for name in ("vis-network.min.js", "vis-network.css"):
        assert hashlib.sha256(served.joinpath(name).read_bytes()).hexdigest() == recorded[name], name
