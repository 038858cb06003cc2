"""After a conflicting `git merge`: the real app in Chromium shows the conflict and settles it with a click."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from readinglist.store import load_library

from .appserver import ROOT, running_app
from .browsing import PAGE_LAYOUT, steady
from .test_graph_story_browser import FIRST, cut_labels, wait_drawn
from .test_merge_app import KEY, write_conflicted

OUTPUT = ROOT / "test-output"
SCREENSHOT = "merge-conflicts-page.png"

pytestmark = pytest.mark.browser


def test_curator_keeps_their_status_in_the_browser(shipped_copy: Path, browser: Any) -> None:
    conflicted = shipped_copy
    write_conflicted(conflicted)
    OUTPUT.mkdir(exist_ok=True)
    log = conflicted.parent / "streamlit.log"
    with running_app(conflicted, log) as url:
        # At 1280x720 the conflicts' sidebar leaves the graph too narrow for the whole lineage in legible labels:
        # the focus is still drawn whole (the earliest papers are a drag away).
        narrow = browser.new_page(viewport={"width": 1280, "height": 720})
        narrow.goto(url)
        narrow.get_by_text("papers.bib has 3 merge conflict(s) from git.").wait_for(timeout=30_000)
        wait_drawn(narrow, FIRST)
        assert cut_labels(narrow, [FIRST]) == []
        narrow.close()
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.get_by_text("papers.bib has 3 merge conflict(s) from git.").wait_for(timeout=30_000)
        page.get_by_role("link", name="Resolve them").click()
        page.get_by_role("heading", name="Merge conflicts").wait_for(timeout=30_000)
        page.get_by_text("<b>用人类反馈训练</b>").wait_for(timeout=30_000)  # shown as text, not HTML
        steady(page, PAGE_LAYOUT)
        page.screenshot(path=str(OUTPUT / SCREENSHOT))
        page.get_by_role("button", name="Keep theirs").last.click()
        toast = page.locator("[data-testid=stToast]").filter(has_text=f"{KEY}: status set to theirs")
        toast.wait_for(timeout=30_000)  # said where the reader is, as well as at the top of the page
        shown = toast.bounding_box()
        assert shown is not None and shown["y"] >= 0 and shown["y"] + shown["height"] <= 1000, shown
    assert load_library(conflicted).entry(KEY).get("status") == "read"
    assert "Traceback" not in log.read_text()
    if os.environ.get("READINGLIST_UPDATE_SCREENSHOTS"):
        shutil.copyfile(OUTPUT / SCREENSHOT, ROOT / "docs" / SCREENSHOT)
