"""The lineage graph, reading orders and their exports: tiny literal graphs and the shipped library."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import bibtexparser
import networkx as nx

from readinglist.exporters.graph_page import GraphView, related_papers, render_graph_page
from readinglist.exporters.order_formats import render_order
from readinglist.graph import build_graph, lineage_tree
from readinglist.models import Entry
from readinglist.order import reading_order
from readinglist.store import load_library

from .conftest import SHIPPED


def lib(*specs: tuple[str, str, str, str]) -> nx.DiGraph:
    """Entries from (key, year, builds_on, cites)."""
    return build_graph(Entry(k, "misc", {"title": k, "year": y, "builds_on": b, "cites": c}) for k, y, b, c in specs)


def test_edges_point_from_prerequisite_and_carry_kinds_and_notes() -> None:
    entries = [
        Entry("a", "misc", {"year": "2017"}),
        Entry(
            "b", "misc", {"year": "2019", "builds_on": "A", "builds_on_note": "a: 解决0.0.2.2", "cites": "a, missing"}
        ),
    ]
    graph = build_graph(entries)
    assert list(graph.edges(data=True)) == [("a", "b", {"kinds": ("builds_on", "cites"), "note": "解决0.0.2.2"})]


def test_order_puts_prerequisites_first_and_breaks_ties_by_date_then_dependents_then_key() -> None:
    graph = lib(
        ("t", "2022", "b, c", ""),
        ("b", "2020", "", "a"),
        ("c", "2020", "", ""),
        ("a", "2018", "", ""),
        ("x", "2010", "", ""),
    )
    order = reading_order(graph, ["t"])
    assert [i.key for i in order.items] == ["a", "b", "c", "t"]  # x is not a prerequisite
    assert order.items[0].reason == "cited by b 2020"
    assert order.items[1].reason == "t 2022 builds on it"
    assert [i.key for i in reading_order(graph).items] == ["x", "a", "b", "c", "t"]


def test_cycle_is_broken_by_date_and_reported() -> None:
    graph = build_graph(
        [
            Entry("truthfulqa", "misc", {"year": "2022", "eprint": "2109.07958", "cites": "instruct"}),
            Entry("instruct", "misc", {"year": "2022", "eprint": "2203.02155", "cites": "truthfulqa"}),
        ]
    )
    order = reading_order(graph, ["instruct"])
    assert [i.key for i in order.items] == ["truthfulqa", "instruct"]
    assert order.set_aside == [("instruct", "truthfulqa")]


def test_budget_keeps_curated_prerequisites_first_nearest_first() -> None:
    graph = lib(("t", "2022", "b", "a, c"), ("b", "2020", "a", ""), ("c", "2019", "", ""), ("a", "2018", "", ""))
    assert [i.key for i in reading_order(graph, ["t"], max_items=1).items] == ["b", "t"]  # t builds on b
    assert [i.key for i in reading_order(graph, ["t"], max_items=2).items] == ["a", "b", "t"]  # b builds on a
    assert [i.key for i in reading_order(graph, ["t"], max_items=1).left_out] == ["a", "c"]


def test_unread_keeps_the_order_of_the_rest() -> None:
    entries = [
        Entry("a", "misc", {"year": "2018", "status": "read"}),
        Entry("b", "misc", {"year": "2019", "cites": "a"}),
        Entry("c", "misc", {"year": "2020", "cites": "b"}),
    ]
    assert [i.key for i in reading_order(build_graph(entries), ["c"], unread_only=True).items] == ["b", "c"]


def test_instructgpt_order_on_the_shipped_library() -> None:
    graph = build_graph(load_library(SHIPPED).entries())
    first = render_order(reading_order(graph, ["ouyang2022training"]), "json")
    assert first == render_order(reading_order(graph, ["ouyang2022training"]), "json")  # same every run
    records = json.loads(first)
    keys = [r["key"] for r in records]
    position = {k: i for i, k in enumerate(keys)}
    for before in ("brown2020language", "ziegler2019fine", "stiennon2020learning", "lin2022truthfulqa"):
        assert position[before] < position["ouyang2022training"]
        assert records[position[before]]["reason"]
    assert position["christiano2017deep"] < position["ibarz2018reward"]
    assert position["ziegler2019fine"] < position["stiennon2020learning"]
    assert "builds on it: “directly lead to InstructGPT”" in records[position["lin2022truthfulqa"]]["reason"]
    assert keys[-1] == "ouyang2022training"


def test_export_formats_hold_the_order() -> None:
    graph = build_graph(load_library(SHIPPED).entries())
    order = reading_order(graph, ["ouyang2022training"], max_items=5)
    keys = [i.key for i in order.items]
    md = render_order(order, "md")
    assert md.count("\n- [ ] 1. ") == 1 and "使语言模型更大并不能从本质上使它们更好地遵循用户的意图。" in md
    rows = list(csv.DictReader(io.StringIO(render_order(order, "csv"))))
    assert [r["key"] for r in rows] == keys
    parsed = bibtexparser.parse_string(render_order(order, "bib"))
    assert [e.key for e in parsed.entries] == keys and not parsed.failed_blocks
    csl = json.loads(render_order(order, "csl-json"))
    instruct = next(i for i in csl if i["id"] == "ouyang2022training")
    assert instruct["type"] == "paper-conference" and instruct["author"][0] == {"family": "Ouyang", "given": "Long"}
    assert instruct["issued"] == {"date-parts": [[2022]]}


def test_lineage_tree_both_ways() -> None:
    graph = lib(("c", "2020", "b", ""), ("b", "2019", "a", ""), ("a", "2018", "", ""))
    assert [(lvl, k) for lvl, k, _, _ in lineage_tree(graph, "c", "up")] == [(1, "b"), (2, "a")]
    assert [(lvl, k) for lvl, k, _, _ in lineage_tree(graph, "a", "down", depth=1)] == [(1, "b")]


def test_graph_page_is_offline_and_escapes_hostile_titles() -> None:
    hostile = '<img src=x onerror=alert(1)> see href="javascript:alert(2)"'
    graph = build_graph(
        [
            Entry("evil", "misc", {"title": hostile, "year": "2020"}),
            Entry("good", "misc", {"title": "Good", "year": "2021", "cites": "evil"}),
        ]
    )
    page = render_graph_page(graph, GraphView(focus="good", related={"evil"}))
    assert not re.findall(r"(?:src|href)=[\"']?https?://", page)  # no CDN, no remote script
    assert "<img src=x" not in page  # '<' is escaped in the JSON the page embeds
    data = json.loads(page.split('id="graph-data">')[1].split("</script>")[0])
    assert hostile in {node["title"].splitlines()[0] for node in data["nodes"]}  # kept, as text (vis shows it as text)
    assert "innerHTML" not in page.split("<script>")[-1]  # the side panel inserts text only


def test_exported_side_panel_lists_what_a_paper_builds_on_and_what_cites_it() -> None:
    graph = lib(("a", "2018", "", ""), ("b", "2019", "", ""), ("c", "2020", "a", "b"), ("d", "2021", "c", ""))
    graph.nodes["a"]["entry"].fields["aka"] = "Alpha"
    assert related_papers(graph, "c") == [
        ["Builds on", "a", "Alpha"],
        ["Cites", "b", "b 2019"],
        ["Built on by", "d", "d 2021"],
    ]
    page = render_graph_page(graph, GraphView(focus="c", related={"a", "b", "d"}))
    details = json.loads(page.split('id="graph-details">')[1].split("</script>")[0])
    assert details["d"]["related"] == [["Builds on", "c", "c 2020"]]


def test_cli_order_graph_mark(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    result = run_cli("--library", str(shipped_copy), "order", "--target", "ouyang2022training", "--format", "json")
    assert result.returncode == 0 and "InstructGPT and TruthfulQA cite each other (preprints)" in result.stderr
    page = tmp_path / "g.html"
    assert run_cli("--library", str(shipped_copy), "graph", "--out", str(page)).returncode == 0
    assert "vis.DataSet" in page.read_text(encoding="utf-8")
    assert run_cli("--library", str(shipped_copy), "mark", "ouyang2022training", "read").returncode == 0
    assert load_library(shipped_copy).entry("ouyang2022training").status == "read"
    assert run_cli("--library", str(shipped_copy), "mark", "ouyang2022training", "done").returncode == 2
    tree = run_cli("--library", str(shipped_copy), "lineage", "ouyang2022training", "--depth", "1")
    assert "[builds_on+cites *] lin2022truthfulqa" in tree.stdout and "directly lead to InstructGPT" in tree.stdout
