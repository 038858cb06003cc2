"""A person's view: the real app in Debian's chromium shows the graph and InstructGPT's Chinese summary offline."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app

OUTPUT = ROOT / "test-output"

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url(shipped_copy: Path) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    log = shipped_copy.parent / "streamlit.log"
    with running_app(shipped_copy, log) as url:
        yield url
    text = log.read_text()
    assert "Traceback" not in text and "deprecat" not in text.lower(), text


def test_person_sees_the_graph_and_instructgpt_summary(app_url: str) -> None:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.on("request", lambda request: requests.append(request.url))
        started = time.perf_counter()
        page.goto(app_url)
        page.locator("#readinglist-graph canvas").first.wait_for(timeout=30_000)
        first_paint = time.perf_counter() - started
        page.get_by_label("Search titles, authors, summaries (English / 中文)").fill("InstructGPT")
        page.keyboard.press("Enter")
        page.get_by_text("Training language models to follow instructions").first.wait_for(timeout=30_000)
        # Move the focus away, then select InstructGPT again by clicking its node on the canvas.
        page.get_by_label("Search titles, authors, summaries (English / 中文)").fill("")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Lin et al. 2022 (builds on)").click()
        page.get_by_text("TruthfulQA: Measuring How Models Mimic Human Falsehoods").first.wait_for(timeout=30_000)
        page.locator("#readinglist-graph").scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        point = page.evaluate(
            """() => { const n = window.__readinglistNetwork;
                       const p = n.canvasToDOM(n.getPosition('ouyang2022training'));
                       const r = n.body.container.getBoundingClientRect();
                       return {x: r.left + p.x, y: r.top + p.y}; }"""
        )
        page.mouse.click(point["x"], point["y"])
        summary = page.get_by_text("使语言模型更大并不能从本质上使它们更好地遵循用户的意图", exact=False)
        summary.first.wait_for(timeout=30_000)
        page.get_by_role("heading", name="Lineage graph").scroll_into_view_if_needed()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(OUTPUT / "graph-page.png"))
        page.goto(app_url + "/order")
        page.get_by_text("Why:", exact=False).first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(OUTPUT / "reading-order-page.png"), full_page=False)
        browser.close()
    outside = [
        u
        for u in requests
        if urlparse(u).hostname not in ("127.0.0.1", "localhost", None)
        and not u.startswith(("data:", "blob:", "about:"))
    ]
    assert outside == [], outside
    print(f"graph canvas visible after {first_paint:.2f} s")
    if os.environ.get("READINGLIST_UPDATE_SCREENSHOTS"):
        (ROOT / "docs").mkdir(exist_ok=True)
        for name in ("graph-page.png", "reading-order-page.png"):
            shutil.copyfile(OUTPUT / name, ROOT / "docs" / name)
