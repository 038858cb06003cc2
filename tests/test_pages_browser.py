"""The pages other than Graph as a person sees them in Debian's chromium, at 1280x720 and 1400x1000.

Every page starts just below the navigation (no ~100 px empty band), the Papers table uses the window's height and
a click on a row shows that paper's details beside it, and the Resources description column gets the room.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from .browsing import Runs, rerun, script_runs, wait_runs

pytestmark = pytest.mark.browser  # they only read: the shared app
VIEWPORTS = ((1280, 720), (1400, 1000))
NAVIGATION = 60  # the top navigation bar, in CSS px
ROW, HEADER = 35, 35  # the Papers table's row and header heights
IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]')"  # the script has finished its run
TITLE_AT_TOP = "(limit) => { const h = document.querySelector('h1'); return h && h.getBoundingClientRect().y < limit; }"
PICKED = """() => [...document.querySelectorAll('[data-testid=stSelectbox] input')].pop().value"""


def _visit(page: Any, runs: Runs, name: str, wait_for: str = "h1") -> None:
    """Open the page the top navigation calls `name`, as a reader does (one rerun of the same session)."""
    rerun(page, runs, page.get_by_role("link", name=name, exact=True).first.click)
    page.wait_for_selector(wait_for, timeout=60_000)
    page.wait_for_function(IDLE, timeout=60_000)


def _check_papers(page: Any, runs: Runs, height: int) -> None:
    _visit(page, runs, "Papers", "[data-testid=stDataFrame]")
    table = page.locator("[data-testid=stDataFrameResizable]").bounding_box()  # the grid as drawn
    assert table["height"] >= height - 400, table  # the window's height, not ten rows at any size
    picker = page.locator("[data-testid=stSelectbox]").last.bounding_box()  # "Details of", beside the table
    assert table["x"] + table["width"] <= picker["x"] and picker["y"] + picker["height"] <= height
    assert table["y"] + table["height"] <= height  # the whole table on the first screen
    assert page.evaluate(PICKED).startswith("Ouyang et al. 2022")  # the focus, not the first row
    page.mouse.click(table["x"] + 200, table["y"] + HEADER + 2 * ROW + ROW / 2)  # a cell of the third row
    page.wait_for_function(f"() => ({PICKED})().includes('Training a Robot via Human Feedback')", timeout=30_000)


def test_pages_start_at_the_top_and_use_the_window(shared_app_url: str, tmp_path: Path, browser: Any) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for width, height in VIEWPORTS:
        page = browser.new_page(viewport={"width": width, "height": height})
        runs = script_runs(page)
        page.goto(shared_app_url + "/papers")
        page.wait_for_selector("h1", timeout=60_000)
        wait_runs(page, runs, 1)
        for name in ("Papers", "Add paper", "Suggestions", "Reading order", "Resources"):
            if name != "Papers":
                _visit(page, runs, name)
            with contextlib.suppress(PlaywrightTimeout):  # the layout settles (a banner goes) while it loads
                page.wait_for_function(TITLE_AT_TOP, arg=NAVIGATION + 30, timeout=10_000)
            top = page.locator("h1").first.bounding_box()["y"]
            assert top < NAVIGATION + 30, f"{name} at {width}x{height}: title at y={top}"
        page.wait_for_selector("[data-testid=stTableStyledTable]", timeout=60_000)
        widths = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stTableStyledTable] th')]"
            ".map((th) => th.getBoundingClientRect().width)"
        )  # the Resources page is the last one opened: name kind 介绍 来源 links paper
        assert widths[2] > 0.35 * sum(widths) and widths[2] > 2.5 * widths[5], widths
        _check_papers(page, runs, height)
        page.screenshot(path=str(tmp_path / f"papers-clicked-{width}x{height}.png"))
        page.close()
