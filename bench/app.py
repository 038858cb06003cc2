"""How the app's graph page scales: time until the graph is drawn in Chromium, shipped library / 2,000 / 10,000.

One app server per row, started as the README says (`streamlit run app.py`, on `--port` or a free port). The first
load pays for reading and indexing the library; every load after it finds the server warm (the issue's goals are
"after the server is warm"), and is timed from navigation until the graph has drawn its first frame, two ways:

- new visitor: a fresh browser context, so the browser cache is empty and Streamlit's own ~3 MB of scripts and
  fonts are fetched and compiled again. This is the figure the goals are judged on: it is what a person opening the
  app waits for, and the slower of the two.
- returning visitor: a second visit in the same context, Streamlit's hashed bundles come from the HTTP cache.

Each is the median of --runs, with the shipped library's figure measured the same way in the same run as the
anchor. Beside each row, the graph's own share: vis-network drawing in the page (from the component's start to its
first frame), node facts (Python, once per library content) and the drawing's Python (every rerun). The machine's
load average is printed with the table: the page load is CPU-bound (browser and server share the cores), so on a
busy machine every figure grows.

Run: python bench/app.py [--port 8600] [--runs 3]     (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, sync_playwright

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from graph import make_library  # noqa: E402  (bench/ and the repo root are on the path from here on)

from readinglist.drawing import GraphView, build_drawing, default_focus, lineage_of, node_facts  # noqa: E402
from readinglist.graph import build_graph  # noqa: E402
from readinglist.store import load_library  # noqa: E402
from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app  # noqa: E402

GOALS = {0: None, 2_000: 2.0, 10_000: 6.0}  # seconds until drawn, server warm (0: the shipped library)
VIEWPORT = {"width": 1400, "height": 1000}


def time_to_drawn(context: BrowserContext, url: str) -> tuple[float, float]:
    """(seconds from navigation until the graph has drawn its first frame, seconds of that spent drawing it)."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function("window.network && document.querySelector('[data-drawn]')", timeout=300_000)
    elapsed = time.perf_counter() - start
    drawing = page.evaluate("window.readinglistDrawMs") / 1000
    page.close()
    return elapsed, drawing


def visits(browser: Browser, url: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """A new visitor's load (fresh context) and the same visitor's next one (HTTP cache warm)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        return time_to_drawn(context, url), time_to_drawn(context, url)
    finally:
        context.close()


def python_side(path: Path) -> tuple[float, float]:
    """(node facts once per library, one drawing of the default focus) in seconds of Python."""
    graph = build_graph(load_library(path).entries())
    start = time.perf_counter()
    facts = node_facts(graph)
    once = time.perf_counter() - start
    focus = default_focus(graph)
    start = time.perf_counter()
    related = lineage_of(graph, focus, 2) if focus else set()
    build_drawing(graph, facts, GraphView(focus=focus, related=related)).data()
    return once, time.perf_counter() - start


def measure(path: Path, port: int | None, runs: int) -> tuple[float, float, float, float]:
    """(first load, median new-visitor load, median returning-visitor load, median in-page drawing) in seconds."""
    with running_app(path, port=port) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first, _ = visits(browser, url)[0]
        loads = [visits(browser, url) for _ in range(runs)]
        browser.close()
    fresh = [f for f, _ in loads]
    returning = [r for _, r in loads]
    return (
        first,
        statistics.median(t for t, _ in fresh),
        statistics.median(t for t, _ in returning),
        statistics.median(d for _, d in fresh + returning),
    )


def verdict(seconds: float, goal: float | None) -> str:
    return "anchor" if goal is None else f"{'ok' if seconds < goal else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="port for the app server (default: a free one)")
    parser.add_argument("--runs", type=int, default=3, help="warm loads of each kind per row (median)")
    args = parser.parse_args()
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'papers':>7} | first load | new visitor (judged) | returning visitor   | goal    | vis draw"
        " | Python: facts once | drawing per rerun"
    )
    anchor: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory() as folder:
        for n, goal in GOALS.items():
            if n == 0:
                path = ROOT / "papers.bib"
                n = len(load_library(path).entries())
            else:
                path = Path(folder) / f"lib{n}.bib"
                path.write_text(make_library(n, n * 10), encoding="utf-8")
            first, fresh, returning, draw = measure(path, args.port, args.runs)
            once, drawing = python_side(path)
            anchor = anchor or (fresh, returning)
            target = "anchor " if goal is None else f"< {goal:.0f} s"
            print(
                f"{n:>7} | {first:8.2f} s | {fresh:5.2f} s {fresh / anchor[0]:4.2f}x {verdict(fresh, goal):<6} |"
                f" {returning:5.2f} s {returning / anchor[1]:4.2f}x {verdict(returning, goal):<6} | {target:<7} |"
                f" {draw:6.2f} s | {once:16.3f} s | {drawing:15.3f} s"
            )
    print(f"load average (1 min) at end: {os.getloadavg()[0]:.1f}; the goals are judged on the new visitor's load")


if __name__ == "__main__":
    main()
