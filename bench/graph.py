"""Benchmark the graph pipeline on the shipped library and on 10,000 papers with 100,000 edges.

Run: python bench/graph.py
Targets (2 cores): shipped library whole pipeline under 1 s; at 10,000 papers ordering under 1 s and
everything but the BibTeX load under 5 s.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from pathlib import Path

from readinglist.exporters.graph_page import render_graph_page
from readinglist.exporters.order_formats import render_order
from readinglist.graph import build_graph
from readinglist.order import reading_order
from readinglist.store import load_library

ROOT = Path(__file__).resolve().parent.parent


def make_library(n: int, edges: int, seed: int = 11) -> str:
    """Papers dated 2000-2024; most citations point to older papers, about 1% to newer ones (cycles)."""
    rng = random.Random(seed)
    years = sorted(rng.randint(2000, 2024) for _ in range(n))
    cites: list[list[int]] = [[] for _ in range(n)]
    for _ in range(edges):
        citing = rng.randrange(1, n)
        cited = rng.randrange(0, citing) if rng.random() > 0.01 else rng.randrange(citing, n)
        if cited != citing:
            cites[citing].append(cited)
    chunks = []
    for i in range(n):
        refs = ", ".join(f"p{j}" for j in dict.fromkeys(cites[i]))
        chunks.append(
            f"@misc{{p{i},\n  title = {{Paper {i}}},\n  author = {{Author{i}, A.}},\n  year = {{{years[i]}}},\n"
            f"  section = {{s{i % 7}}},\n  cites = {{{refs}}},\n}}\n\n"
        )
    return "".join(chunks)


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"  {label:<32} {elapsed:7.3f} s")
    return result, elapsed


def pipeline(path: Path, target: str) -> None:
    library, _ = timed("load papers.bib", lambda: load_library(path))
    graph, t_graph = timed("build graph", lambda: build_graph(library.entries()))
    _, t_deep = timed(f"order for {target}", lambda: render_order(reading_order(graph, [target]), "json"))
    _, t_all = timed("order of the whole library", lambda: reading_order(graph))
    page, t_html = timed("HTML export", lambda: render_graph_page(graph))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"  {'HTML size':<32} {len(page.encode()) / 1e6:7.2f} MB")
    print(f"  {'all but the load':<32} {t_graph + t_deep + t_all + t_html:7.3f} s")
    print(f"  {'peak RSS of the process so far':<32} {peak / 2**20:7.1f} MiB")


def main() -> None:
    print(f"shipped library ({ROOT / 'papers.bib'}):")
    start = time.perf_counter()
    pipeline(ROOT / "papers.bib", "ouyang2022training")
    print(f"  {'whole pipeline':<32} {time.perf_counter() - start:7.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.bib"
        path.write_text(make_library(10_000, 100_000), encoding="utf-8")
        print("10,000 papers, 100,000 citations:")
        pipeline(path, "p9999")


if __name__ == "__main__":
    main()
