"""How the app's graph page scales: time until the graph is drawn in Chromium, shipped library / 2,000 / 10,000.

One app server per row, started as the README says (`streamlit run app.py`, on `--port` or a free port). The first
load pays for reading and indexing the library; the warm loads (median of --runs) are what a user waits for after
that. The shipped library's warm load is the anchor, measured the same way in the same run. Beside each row, the
graph's own share: vis-network drawing in the page (from the component's start to its first frame), node facts
(Python, once per library content) and the drawing's Python (every rerun).

Run: python bench/app.py [--port 8600] [--runs 3]     (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from graph import make_library  # noqa: E402  (bench/ and the repo root are on the path from here on)

from readinglist.drawing import GraphView, build_drawing, default_focus, lineage_of, node_facts  # noqa: E402
from readinglist.graph import build_graph  # noqa: E402
from readinglist.store import load_library  # noqa: E402
from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app  # noqa: E402

GOALS = {0: None, 2_000: 2.0, 10_000: 6.0}  # seconds until drawn, server warm (0: the shipped library)


def time_to_drawn(browser: Browser, url: str) -> tuple[float, float]:
    """(seconds from navigation until the graph has drawn its first frame, seconds of that spent drawing it)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function("window.network && document.querySelector('[data-drawn]')", timeout=300_000)
    elapsed = time.perf_counter() - start
    drawing = page.evaluate("window.readinglistDrawMs") / 1000
    page.close()
    return elapsed, drawing


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


def measure(path: Path, port: int | None, runs: int) -> tuple[float, float, float]:
    """(first load, median warm load, median in-page drawing time of the warm loads) in seconds."""
    with running_app(path, port=port) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first, _ = time_to_drawn(browser, url)
        warm = [time_to_drawn(browser, url) for _ in range(runs)]
        browser.close()
    return first, statistics.median(w for w, _ in warm), statistics.median(d for _, d in warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="port for the app server (default: a free one)")
    parser.add_argument("--runs", type=int, default=3, help="warm loads per row (median)")
    args = parser.parse_args()
    print(
        f"{'papers':>7} | first load | warm (median of {args.runs}) | goal (warm) | vis draw in page"
        " | Python: facts once | drawing per rerun"
    )
    anchor = None
    with tempfile.TemporaryDirectory() as folder:
        for n in GOALS:
            if n == 0:
                path = ROOT / "papers.bib"
                n = len(load_library(path).entries())
            else:
                path = Path(folder) / f"lib{n}.bib"
                path.write_text(make_library(n, n * 10), encoding="utf-8")
            first, warm, draw = measure(path, args.port, args.runs)
            once, drawing = python_side(path)
            anchor = anchor or warm
            goal = GOALS.get(n)
            verdict = "anchor" if goal is None else f"< {goal:.0f} s {'ok' if warm < goal else 'MISSED'}"
            print(
                f"{n:>7} | {first:8.2f} s | {warm:6.2f} s ({warm / anchor:4.1f}x anchor) | {verdict:<11} |"
                f" {draw:14.2f} s | {once:16.3f} s | {drawing:15.3f} s"
            )


if __name__ == "__main__":
    main()
