"""The Import page in Debian's chromium at 1280x720 and 1400x1000, started as the README says, into an empty
folder: paste a real list, see its report and preview, import it (papers.bib appears)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readinglist.store import load_library

from .appserver import running_app
from .browsing import PAGE_LAYOUT, steady

pytestmark = pytest.mark.browser
LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"
SIZES = ((1280, 720), (1400, 1000))


def test_import_a_pasted_list_into_an_empty_folder(tmp_path: Path, browser: Any) -> None:
    """The preview at both sizes; the import at 1400x1000, where the message once sat below the fold; its toast
    stays in the window when the window shrinks to 1280x720."""
    library = tmp_path / "papers.bib"
    text = (LISTS / "chinese_medical_nlp.md").read_text(encoding="utf-8")
    with running_app(library) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url + "/import")
        area = page.get_by_label("The list's Markdown")
        area.wait_for(timeout=60_000)
        area.fill(text)
        page.keyboard.press("Control+Enter")
        page.get_by_text("Items read").wait_for(timeout=60_000)
        assert page.locator("[data-testid=stMetricValue]").first.inner_text() == "55"
        page.wait_for_selector("[data-testid=stDataFrame]", timeout=60_000)
        assert not library.exists()  # the preview wrote nothing
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            steady(page, PAGE_LAYOUT)
            page.screenshot(path=str(tmp_path / f"import-preview-{width}x{height}.png"))
        page.get_by_role("button", name=f"Import 52 entries into {library}").click()
        said = page.get_by_text(f"Imported into {library}:").last  # said at the top and again by the button
        said.wait_for(timeout=60_000)
        toast = page.locator("[data-testid=stToast]").filter(has_text="Imported: 52 added")
        toast.wait_for(timeout=30_000)  # in view whatever the scroll: the window stays where the button was
        for width, height in reversed(SIZES):
            page.set_viewport_size({"width": width, "height": height})
            shown = toast.bounding_box()
            assert shown is not None and shown["y"] >= 0 and shown["y"] + shown["height"] <= height, (width, shown)
            page.screenshot(path=str(tmp_path / f"import-done-{width}x{height}.png"))
        assert len(load_library(library)) == 52
