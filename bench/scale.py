"""How the library scales: load, graph build, reading orders, graph page and memory at 1k / 10k / 50k papers.

Run: python bench/scale.py [--sizes 1000 10000 50000] [--runs 3]

Every figure is CPU time (time.process_time, so other processes on the machine do not inflate it), the median
of --runs runs, printed beside an anchor measured the same way in the same run, with the collector in the
same state for both:
- load:  readinglist's lossless loader vs a bare bibtexparser.parse_string (GC off for both);
- build: build_graph vs a bare networkx DiGraph from the same node and edge lists (GC off for both);
- deep / whole: build + reading order + JSON for the deepest paper and for the whole library, vs networkx's
  topological sort of the same acyclic graph (after build, GC as the product runs);
- page:  the app's Graph page in Python on a first visit (node facts + the focused drawing, the rest grouped)
         vs json.dumps of one small dict per node and edge;
- memory: peak traced memory of a load vs of a bare parse (tracemalloc, one run).
Goals (issue 16): deep and whole under 1 s at 10,000 papers / 100,000 edges and at most 5.5x that at 50,000;
the page under 1 s at 10,000; a load's peak memory within 1.3x a bare parse.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import networkx as nx

from readinglist.drawing import GraphView, build_drawing, default_focus, lineage_of, node_facts
from readinglist.exporters.order_formats import render_order
from readinglist.graph import build_graph
from readinglist.order import reading_order
from readinglist.store import load_library

EDGES_PER_PAPER = 10
GOAL_10K = 1.0
GOAL_GROWTH = 5.5
GOAL_MEMORY = 1.3


def make_library(n: int, seed: int = 16) -> str:
    """n papers over 25 years, 10 citations each (1% to a newer paper: cycles), a curated lineage in chains."""
    rng = random.Random(seed)
    chunks = []
    for i in range(n):
        year = 2000 + i * 25 // n
        cites = {rng.randrange(0, i) for _ in range(EDGES_PER_PAPER)} if i else set()
        if rng.random() < 0.1:
            cites.add(rng.randrange(i, n))
        builds = f"  builds_on = {{p{rng.randrange(max(0, i - 30), i)}}},\n" if i and rng.random() < 0.4 else ""
        chunks.append(
            f"@misc{{p{i},\n  title = {{Paper {i} on learning from feedback}},\n"
            f"  author = {{Author{i}, A. and Other, B. and Third, C.}},\n  year = {{{year}}},\n"
            f"  month = {{{i % 12 + 1}}},\n  section = {{s{i % 7}}},\n{builds}"
            f"  cites = {{{', '.join(f'p{j}' for j in sorted(cites - {i}))}}},\n}}\n\n"
        )
    return "".join(chunks)


def cpu(func: Callable[[], object], runs: int, gc_off: bool = False) -> float:
    """Median CPU seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        gc.collect()
        enabled = gc.isenabled()
        if gc_off:
            gc.disable()
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
        if enabled:
            gc.enable()
    return statistics.median(times)


def peak_memory(func: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def measure(n: int, folder: Path, runs: int) -> dict[str, float]:
    path = folder / f"lib{n}.bib"
    text = make_library(n)
    path.write_text(text, encoding="utf-8")
    row: dict[str, float] = {}
    row["load"] = cpu(lambda: load_library(path), runs)  # the loader pauses GC itself
    row["load_anchor"] = cpu(lambda: bibtexparser.parse_string(text), runs, gc_off=True)
    entries = load_library(path).entries()
    graph = build_graph(entries)
    row["edges"] = graph.number_of_edges()
    nodes = [(k, {"entry": e}) for k, e in graph.nodes(data="entry")]
    edge_list = list(graph.edges(data=True))
    row["build"] = cpu(lambda: build_graph(entries), runs)  # pauses GC itself
    row["build_anchor"] = cpu(lambda: _bare_graph(nodes, edge_list), runs, gc_off=True)
    deep = f"p{n - 1}"  # the newest paper: nearly the whole library is among its prerequisites
    row["deep_size"] = len(nx.ancestors(graph, deep)) + 1
    row["deep"] = cpu(lambda: render_order(reading_order(build_graph(entries), [deep]), "json"), runs)
    row["whole"] = cpu(lambda: render_order(reading_order(build_graph(entries)), "json"), runs)
    dag = graph.copy()
    dag.remove_edges_from(reading_order(graph).set_aside)
    row["order_anchor"] = cpu(lambda: list(nx.topological_sort(dag)), runs)
    row["page"] = cpu(lambda: _app_page(graph), runs)
    row["page_anchor"] = cpu(lambda: _bare_page(graph), runs)
    row["memory"] = peak_memory(lambda: load_library(path))
    row["memory_anchor"] = peak_memory(lambda: bibtexparser.parse_string(text))
    return row


def _bare_graph(nodes: list, edges: list) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def _app_page(graph: nx.DiGraph) -> int:
    """What the app's Graph page computes on its first visit to a library: node facts, then the focused drawing."""
    focus = default_focus(graph)
    view = GraphView(focus=focus, related=lineage_of(graph, focus, 2) if focus else set())
    drawing = build_drawing(graph, node_facts(graph), view)
    return len(drawing.nodes) + len(drawing.edges)


def _bare_page(graph: nx.DiGraph) -> str:
    nodes = [{"id": k, "label": k} for k in graph]
    return json.dumps({"nodes": nodes, "edges": [{"from": a, "to": b} for a, b in graph.edges()]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"CPU seconds, median of {args.runs}; anchor in brackets, measured the same way in the same run")
    header = f"{'papers':>7} {'edges':>7} | {'load':>15} | {'build':>15} | {'deep order':>16} | {'whole order':>16}"
    print(header + f" | {'page':>15} | {'load memory MiB':>17}")
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            row = rows[n] = measure(n, Path(folder), args.runs)
            print(
                f"{n:>7,} {int(row['edges']):>7,} | {row['load']:6.3f} [{row['load_anchor']:6.3f}] | "
                f"{row['build']:6.3f} [{row['build_anchor']:6.3f}] | {row['deep']:6.3f} [{row['order_anchor']:6.3f}]  "
                f"| {row['whole']:6.3f} [{row['order_anchor']:6.3f}]  | {row['page']:6.3f} [{row['page_anchor']:6.3f}] "
                f"| {row['memory']:6.1f} [{row['memory_anchor']:6.1f}]",
                flush=True,
            )
    print(
        "deep order: the newest paper, "
        + ", ".join(f"{int(r['deep_size']):,} papers at {n:,}" for n, r in rows.items())
    )
    print("\nGoals (issue 16):")
    if 10_000 in rows:
        ten = rows[10_000]
        for name in ("deep", "whole"):
            print(f"  {name} order at 10,000 incl. build and JSON: {ten[name]:.3f} s (goal < {GOAL_10K} s)")
        print(f"  graph page at 10,000: {ten['page']:.3f} s of Python (goal < {GOAL_10K} s)")
        if 50_000 in rows:
            for name, anchor, what in (
                ("deep", "order_anchor", "networkx's topological sort"),
                ("whole", "order_anchor", "networkx's topological sort"),
                ("build", "build_anchor", "a bare networkx build"),
            ):
                growth = rows[50_000][name] / ten[name]
                same_way = rows[50_000][anchor] / ten[anchor]
                print(
                    f"  {name} 50,000 / 10,000: {growth:.2f}x (goal <= {GOAL_GROWTH}x, linear would be 5x;"
                    f" {what} grows {same_way:.2f}x on this machine)"
                )
    for n, row in rows.items():
        ratio = row["memory"] / row["memory_anchor"]
        print(f"  load memory at {n:,}: {ratio:.2f}x a bare parse (goal <= {GOAL_MEMORY}x)")


if __name__ == "__main__":
    main()
