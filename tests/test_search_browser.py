"""The one search in Chromium at both sizes: the Graph's find box offers a family and moves the focus to the first match
with a lineage; the order's target chips are never cut, however many there are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .browsing import GRAPH_VIEW, Runs, rerun, script_runs, steady, wait_runs

pytestmark = pytest.mark.browser
SIZES = [(1280, 720), (1400, 1000)]


def enter(page: Any, runs: Runs, box: Any, text: str) -> None:
    """Type `text` in `box` and press Enter, as a reader does; returns once the app's rerun has finished."""
    box.fill(text)
    rerun(page, runs, lambda: box.press("Enter"))


def shown_keys(page: Any, prefix: str) -> list[str]:
    boxes = page.locator(f"[class*='st-key-{prefix}']")
    names = [boxes.nth(i).get_attribute("class") or "" for i in range(boxes.count())]
    keys = [next(c for c in n.split() if c.startswith(f"st-key-{prefix}")) for n in names]
    return [k.removeprefix(f"st-key-{prefix}") for k in keys]


def drawn(page: Any, focus: str) -> None:
    page.wait_for_function(
        f"window.network && window.network.readinglist.focus === '{focus}' && document.querySelector('[data-drawn]')",
        timeout=60_000,
    )
    steady(page, GRAPH_VIEW)


def chips(page: Any) -> list[str]:
    tags = page.locator(".st-key-targets [data-tag]")
    return [tags.nth(i).inner_text() for i in range(tags.count())]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_find_box_and_target_chips(shared_app_url: str, tmp_path: Path, width: int, height: int, browser: Any) -> None:

    page = browser.new_page(viewport={"width": width, "height": height})
    runs = script_runs(page)
    page.goto(shared_app_url)
    find = page.locator(".st-key-find input")
    find.wait_for(timeout=90_000)
    page.get_by_text("papers of its lineage", exact=False).first.wait_for(timeout=90_000)
    wait_runs(page, runs, 1)
    enter(page, runs, find, "Toolformer")
    drawn(page, "schick2023toolformer")
    enter(page, runs, find, "GPT")
    drawn(page, "schick2023toolformer")  # the focus stays: nothing picked from the family
    assert shown_keys(page, "pick-") == [
        "radford2018improving",
        "radford2019language",
        "brown2020language",
        "openai2023gpt",
    ]
    assert page.get_by_text("4 papers match equally well; pick one", exact=False).is_visible()
    page.screenshot(path=str(tmp_path / f"graph-gpt-{width}x{height}.png"))
    enter(page, runs, find, "人类反馈")
    drawn(page, "ouyang2022training")  # InstructGPT, not the isolated Knox 2013 ranked first
    assert shown_keys(page, "pick-")[0] == "knox2013training"
    assert page.get_by_text("has no lineage to draw, the graph shows InstructGPT", exact=False).is_visible()
    assert page.get_by_text("Focus: Ouyang et al. 2022", exact=False).is_visible()
    page.screenshot(path=str(tmp_path / f"graph-rlhf-zh-{width}x{height}.png"))

    rerun(page, runs, page.get_by_role("link", name="Reading order", exact=True).first.click)  # the top navigation
    box = page.locator(".st-key-targets input")
    box.wait_for(timeout=90_000)
    page.get_by_text("Start here", exact=False).first.wait_for(timeout=90_000)
    box.click()
    box.press_sequentially("GPT")
    rerun(page, runs, lambda: page.keyboard.press("Enter"))
    page.keyboard.press("Escape")  # the box's own list ("No results": it lists only the chosen) closes
    assert shown_keys(page, "target-pick-")[:4] == [
        "radford2018improving",
        "radford2019language",
        "brown2020language",
        "openai2023gpt",
    ]
    page.screenshot(path=str(tmp_path / f"order-gpt-{width}x{height}.png"))
    assert [c.split(" — ")[0] for c in chips(page)] == ["InstructGPT"]  # nothing picked silently
    rerun(page, runs, page.locator(".st-key-target-pick-brown2020language button").first.click)
    box.click()
    box.press_sequentially("learning to summarize")
    rerun(page, runs, lambda: page.keyboard.press("Enter"))
    page.mouse.click(5, height - 5)  # away from the box, as a reader leaves it
    steady(page, "() => document.querySelector('.st-key-targets').getBoundingClientRect().height")
    tags = page.locator(".st-key-targets [data-tag]")
    labels = chips(page)
    assert [label.split(" — ")[0] for label in labels] == ["InstructGPT", "GPT-3", "Stiennon et al. 2020"]
    field = page.locator(".st-key-targets .react-aria-ComboBox > div").bounding_box()
    for i in range(tags.count()):  # every chip wholly inside the box, its text not cut
        chip = tags.nth(i).bounding_box()
        assert field["x"] <= chip["x"] and chip["x"] + chip["width"] <= field["x"] + field["width"], labels[i]
        text = tags.nth(i).locator("span").first
        assert text.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), labels[i]
    page.screenshot(path=str(tmp_path / f"order-chips-{width}x{height}.png"))
