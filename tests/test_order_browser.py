"""The Reading order page in Chromium: what typing in the Targets box adds, and read boxes a person can see.

Streamlit filters the Targets box in the browser, so only a real browser shows what Enter picks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browsing import PAGE_LAYOUT, rerun, script_runs, steady, wait_runs

pytestmark = pytest.mark.browser  # they only read: the shared app


@pytest.fixture
def order_page(shared_app_url: str, browser: Any) -> Iterator[Any]:

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.runs = script_runs(page)  # what Enter in the Targets box starts: one rerun each
    page.goto(shared_app_url + "/order")
    page.get_by_text("Start here", exact=False).first.wait_for(timeout=90_000)
    page.locator(".st-key-targets [data-tag]").first.wait_for(timeout=30_000)
    yield page


def chips(page: Any) -> list[str]:
    tags = page.locator(".st-key-targets [data-tag]")
    return [tags.nth(i).get_attribute("aria-label") or "" for i in range(tags.count())]


def enter(page: Any) -> None:
    """Enter in the Targets box, once its rerun has finished and the page stopped changing."""
    wait_runs(page, page.runs, 1)
    rerun(page, page.runs, lambda: page.keyboard.press("Enter"))
    steady(page, PAGE_LAYOUT)


def test_typing_a_name_and_enter_adds_that_paper_only(order_page: Any) -> None:
    page = order_page
    assert [c.split(" — ")[0] for c in chips(page)] == ["InstructGPT"]
    box = page.locator(".st-key-targets input")
    box.click()
    box.press_sequentially("GPT-3")
    page.get_by_role("option").first.wait_for(timeout=10_000)
    assert "Select" not in page.get_by_role("option").first.inner_text()  # no "Select 2 matches" (GPT-3 and GPT-4)
    enter(page)
    assert [c.split(" — ")[0] for c in chips(page)] == ["InstructGPT", "GPT-3"]
    # Chinese title words find the paper through the one search, as in the Graph page's find box: Enter takes the
    # typed words (the box lists short names only) and the search's best paper replaces them.
    box.click()
    box.press_sequentially("人类反馈")
    enter(page)
    assert [c.split(" — ")[0] for c in chips(page)] == ["InstructGPT", "GPT-3", "Knox et al. 2013"]


def test_read_boxes_sit_on_the_title_line_with_a_visible_border(order_page: Any) -> None:
    page = order_page
    box = page.locator(".st-key-read-christiano2017deep label > div").first
    title = page.get_by_role("link", name="Deep Reinforcement Learning from Human Preferences").first
    title.wait_for(timeout=30_000)
    page.wait_for_function(  # the app idle and the layout settled (chips and columns restyle after the first paint)
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
    )
    box_rect, title_rect = box.bounding_box(), title.bounding_box()
    for _ in range(20):  # the same two boxes, measured until two readings agree
        page.wait_for_timeout(100)
        again = box.bounding_box(), title.bounding_box()
        if again == (box_rect, title_rect):
            break
        box_rect, title_rect = again
    assert abs((box_rect["y"] + box_rect["height"] / 2) - (title_rect["y"] + title_rect["height"] / 2)) < 6
    color = box.evaluate("e => getComputedStyle(e).borderTopColor")  # rgb(…) or rgba(…, alpha)
    alpha = float(color.split(",")[3].rstrip(")")) if color.startswith("rgba") else 1.0
    assert alpha >= 0.5 and box.evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)") >= 2
