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

Then a click (issue 22: "a node click shows details in under 0.3 s on the shipped library, one rerun or none"):
on the shipped library at 1400x1000, the time from a click on a paper of the graph until the side panel shows that
paper's title, and how many script runs the server finished for it (read from Streamlit's own messages). The anchor,
measured the same way in the same page: a click on a related paper's button in the panel, a plain Streamlit button
that shows the same panel after one rerun.

Run: python bench/app.py [--port 8600] [--runs 3] [--clicks 9] [--clicks-only]     (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from graph import make_library  # noqa: E402  (bench/ and the repo root are on the path from here on)

from readinglist.drawing import GraphView, build_drawing, default_focus, lineage_of, node_facts  # noqa: E402
from readinglist.graph import build_graph  # noqa: E402
from readinglist.store import load_library  # noqa: E402
from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app  # noqa: E402
from tests.browsing import script_runs  # noqa: E402

GOALS = {0: None, 2_000: 2.0, 10_000: 6.0}  # seconds until drawn, server warm (0: the shipped library)
VIEWPORT = {"width": 1400, "height": 1000}
CLICK_GOAL = 0.3  # seconds from a click on a paper until its details show
CLICKED = ("lin2022truthfulqa", "ziegler2019fine", "brown2020language", "stiennon2020learning", "radford2019language")
NODE_POINT = """(id) => { const n = window.network, p = n.canvasToDOM(n.getPosition(id));
  const r = n.body.container.getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }"""


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


def shown(page: Page, title: str, runs: list[str], before: int, started: float) -> tuple[float, int]:
    """(seconds since `started` until the panel's heading is `title`, script runs since `before`, counted 1 s on)."""
    page.locator(".st-key-detail-panel h3").filter(has_text=title[:40]).first.wait_for(timeout=30_000)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(1_000)  # a second rerun, had there been one, is counted too
    return elapsed, len(runs) - before


def clicks(path: Path, port: int | None, count: int) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """(graph clicks, panel-button clicks) on the shipped library: (seconds to details, script runs) each."""
    titles = {k: e.title for k, e in ((e.key, e) for e in load_library(path).entries())}
    on_graph: list[tuple[float, int]] = []
    on_panel: list[tuple[float, int]] = []
    with running_app(path, port=port) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        runs = script_runs(page)
        page.goto(url)
        page.wait_for_function("window.network && document.querySelector('[data-drawn]')", timeout=300_000)
        page.wait_for_timeout(1_000)
        for i in range(count):
            key = CLICKED[i % len(CLICKED)]
            point = page.evaluate(NODE_POINT, key)
            before, started = len(runs), time.perf_counter()
            page.mouse.click(point["x"], point["y"])
            on_graph.append(shown(page, titles[key], runs, before, started))
            # The anchor: the panel's first related paper, a Streamlit button (one rerun), then back on the graph.
            button = page.locator(".st-key-detail-panel button").filter(has_text="(")
            before, started = len(runs), time.perf_counter()
            button.first.click()
            page.wait_for_function(f"window.network.readinglist.selected !== {key!r}", timeout=30_000)
            other = page.evaluate("window.network.readinglist.selected")
            on_panel.append(shown(page, titles[other], runs, before, started))
        browser.close()
    return on_graph, on_panel


def verdict(seconds: float, goal: float | None) -> str:
    return "anchor" if goal is None else f"{'ok' if seconds < goal else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="port for the app server (default: a free one)")
    parser.add_argument("--runs", type=int, default=3, help="warm loads of each kind per row (median)")
    parser.add_argument("--clicks", type=int, default=9, help="clicks of each kind on the shipped library (median)")
    parser.add_argument("--clicks-only", action="store_true", help="measure the clicks only, not the page loads")
    args = parser.parse_args()
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    on_graph, on_panel = clicks(ROOT / "papers.bib", args.port, args.clicks)
    figure, anchor = statistics.median(t for t, _ in on_graph), statistics.median(t for t, _ in on_panel)
    print(
        f"click to details (shipped library, {args.clicks} clicks each, median): graph node {figure:.3f} s, "
        f"script runs per click {max(r for _, r in on_graph)} (max) | anchor, panel button {anchor:.3f} s, "
        f"runs {max(r for _, r in on_panel)} | goal < {CLICK_GOAL} s, one run or none: "
        f"{'ok' if figure < CLICK_GOAL and max(r for _, r in on_graph) <= 1 else 'MISSED'}"
    )
    if args.clicks_only:
        return
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
