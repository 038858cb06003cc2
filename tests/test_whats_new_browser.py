"""The What's new page in Chromium: the last check's candidates, their reasons and the Add / Dismiss buttons."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from readinglist.store import load_library
from readinglist.usecases import discover
from readinglist.usecases.discover import CheckRequest

from .appserver import ROOT
from .browsing import PAGE_LAYOUT, steady
from .discover_replay import DiscoverReplay, replay_sources, write_watch

OUTPUT = ROOT / "test-output"
pytestmark = pytest.mark.browser


def test_whats_new_shows_reasons_and_buttons_in_view_and_add_writes_the_entry(
    httpserver, app_url: str, shipped_copy: Path, browser: Any
) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    DiscoverReplay().serve(httpserver)
    write_watch(shipped_copy)
    with replay_sources(httpserver) as sources:  # the app is offline: it shows this check's candidates
        discover.run(CheckRequest(shipped_copy, ("rlhf",), dt.date(2023, 1, 1)), sources)
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url + "/whats-new")
    for width, height in ((1400, 1000), (1280, 720)):  # one page, the window resized: the 1280 page goes on below
        page.set_viewport_size({"width": width, "height": height})
        page.get_by_text("RLHF lineage (0.0.x): 6 new since 2023-01-01").wait_for(timeout=60_000)
        steady(page, PAGE_LAYOUT)
        first = page.get_by_text("RLAIF: Scaling Reinforcement Learning").first
        reason = page.get_by_text("cites 4 of RLHF lineage (0.0.x): InstructGPT", exact=False).first
        add = page.get_by_role("button", name="Add").first
        dismiss = page.get_by_role("button", name="Dismiss").first
        for element in (first, reason, add, dismiss):
            expect(element).to_be_in_viewport()
        page.screenshot(path=str(OUTPUT / f"whats-new-{width}x{height}.png"))
    title = page.get_by_role("link", name="RLAIF: Scaling Reinforcement Learning", exact=False).first
    title.wait_for(timeout=60_000)
    assert title.get_attribute("href") == "https://arxiv.org/abs/2309.00267"
    expect(page.locator("code", has_text='abs:"human feedback" AND cat:cs.CL').first).to_be_visible()
    page.get_by_role("button", name="Dismiss").nth(1).click()  # the second: Direct Preference Optimization
    restore = page.get_by_role("button", name="Restore")
    restore.wait_for(timeout=30_000)
    restore.scroll_into_view_if_needed()
    steady(page, PAGE_LAYOUT)
    page.screenshot(path=str(OUTPUT / "whats-new-dismissed-1280x720.png"))
    restore.click()
    expect(page.get_by_role("button", name="Restore")).to_have_count(0, timeout=30_000)
    page.get_by_role("button", name="Add").first.click()
    page.get_by_text("Added, still needing 摘要翻译").wait_for(timeout=30_000)
    link = page.get_by_role("link", name="lee2023rlaif", exact=False)
    link.scroll_into_view_if_needed()
    steady(page, PAGE_LAYOUT)
    page.screenshot(path=str(OUTPUT / "whats-new-added-1280x720.png"))
    assert "focus=lee2023rlaif" in (link.get_attribute("href") or "")
    link.click()
    expect(page).not_to_have_url(re.compile("whats-new"), timeout=30_000)  # the Graph page
    added = [e for e in load_library(shipped_copy).entries() if e.get("found_by")]
    assert [e.get("eprint") for e in added] == ["2309.00267"] and added[0].get("section") == "rlhf"
    assert "2305.18290" not in (shipped_copy.parent / "discover-dismissed.tsv").read_text(encoding="utf-8")
    if os.environ.get("READINGLIST_UPDATE_SCREENSHOTS"):
        for size in ("1280x720", "1400x1000"):
            shutil.copyfile(OUTPUT / f"whats-new-{size}.png", ROOT / "docs" / f"whats-new-{size}.png")
