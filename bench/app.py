"""How the app behaves on large libraries: time until the graph canvas shows in Chromium, at 58/2,000/10,000 papers.

Run: python bench/app.py   (needs Debian's chromium; starts `streamlit run app.py` itself)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from graph import make_library  # noqa: E402  (bench/ and the repo root are on the path from here on)

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app  # noqa: E402


def time_to_canvas(library: Path) -> tuple[float, float]:
    """(seconds until the canvas is visible on first load, seconds for a second load with warm caches)."""
    times = []
    with running_app(library) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(2):
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            start = time.perf_counter()
            page.goto(url)
            page.locator("#readinglist-graph canvas").first.wait_for(timeout=180_000)
            times.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return times[0], times[1]


def main() -> None:
    print(f"{'papers':>7} | first load | warm load")
    print(
        f"{58:>7} | {time_to_canvas(ROOT / 'papers.bib')[0]:8.2f} s | {time_to_canvas(ROOT / 'papers.bib')[1]:7.2f} s"
    )
    with tempfile.TemporaryDirectory() as folder:
        for n, edges in ((2_000, 20_000), (10_000, 100_000)):
            path = Path(folder) / f"lib{n}.bib"
            path.write_text(make_library(n, edges), encoding="utf-8")
            first, warm = time_to_canvas(path)
            print(f"{n:>7} | {first:8.2f} s | {warm:7.2f} s")


if __name__ == "__main__":
    main()
