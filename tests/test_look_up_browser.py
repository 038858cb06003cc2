"""A lookup in Chromium: started from a fresh list's banner, its progress above the page while it runs, and the page
drawn again with the lineage it found when it ends, with no click (the app as the README starts it)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .appserver import ROOT, require_chromium, running_app
from .replay import s2_batch_handler, s2_papers, serve_defaults
from .test_app_look_up import FRESH_LIST

OUTPUT = ROOT / "test-output"
pytestmark = pytest.mark.browser


def test_a_lookup_shows_its_progress_then_the_lineage_it_found(
    httpserver: HTTPServer, tmp_path: Path, browser: Any
) -> None:
    from playwright.sync_api import expect

    require_chromium()
    release = threading.Event()
    batch = s2_batch_handler(s2_papers())

    def held(request: Request) -> Response:
        release.wait(60)
        return batch(request)

    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(held)
    serve_defaults(httpserver)
    library = tmp_path / "papers.bib"
    library.write_text(FRESH_LIST, encoding="utf-8")
    OUTPUT.mkdir(exist_ok=True)
    with running_app(library, tmp_path / "streamlit.log", apis=httpserver.url_for("").rstrip("/")) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.get_by_role("button", name="Look them up on Semantic Scholar and arXiv").click(timeout=60_000)
        progress = page.get_by_text("Looking up: 0 of 2 requests")
        progress.wait_for(timeout=30_000)
        expect(progress).to_be_in_viewport()
        expect(page.get_by_text("Being looked up now", exact=False)).to_be_visible()
        page.screenshot(path=str(OUTPUT / "look-up-running-1280x720.png"))
        release.set()  # the answer comes; the page is drawn again by itself
        page.get_by_text("Looked up: 1 filled in, 1 not found (2 requests).").wait_for(timeout=30_000)
        expect(page.get_by_text("No links between")).to_have_count(0)
        expect(page.get_by_text("2 papers drawn, 1 link", exact=False)).to_be_visible()
        page.screenshot(path=str(OUTPUT / "look-up-done-1280x720.png"))
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text()
