"""The one search in Chromium at 1280x720 and 1400x1000 (issue 22, item 4): the Graph page's find box, the Papers
filter and the Reading order's targets; screenshots in test-output/."""

from __future__ import annotations

from typing import Any

import pytest

from .appserver import CHROMIUM, CHROMIUM_ARGS, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("shared_app")]  # they only read: one app
OUTPUT = ROOT / "test-output"
VIEWPORTS = ((1280, 720), (1400, 1000))
PICKS = "() => [...document.querySelectorAll('[class*=st-key-pick-] button')].map((b) => b.innerText)"
CUT_CHIPS = """() => [...document.querySelectorAll('.st-key-targets [data-tag] span')]
  .filter((s) => s.scrollWidth > s.clientWidth + 1).map((s) => s.innerText)"""


def settle(page: Any) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)


@pytest.fixture
def browser() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_graph_find_lists_best_first_and_focuses_the_first_with_a_lineage(
    shared_app_url: str, browser: Any, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(shared_app_url)
    page.wait_for_function("window.network && document.querySelector('[data-drawn]')", timeout=90_000)
    box = page.get_by_placeholder("Find a paper", exact=False)
    box.fill("人类反馈")
    box.press("Enter")
    page.wait_for_function(f"({PICKS})().length >= 5", timeout=30_000)
    assert page.evaluate(PICKS)[0].startswith("Knox et al. 2013")  # its title says 人类反馈: listed first
    focus = page.evaluate("window.network.readinglist.focus")
    assert focus != "knox2013training"  # Knox 2013 has no lineage: the first that has one is shown instead
    page.wait_for_timeout(800)
    assert page.get_by_text("and 0 papers of its lineage", exact=False).count() == 0
    page.screenshot(path=str(OUTPUT / f"graph-find-chinese-{width}x{height}.png"))
    box.fill("reward model")
    box.press("Enter")
    page.wait_for_function(f"({PICKS})().some((t) => t.startsWith('Ibarz et al. 2018'))", timeout=30_000)
    page.close()


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_papers_filter_and_order_targets_use_the_search(
    shared_app_url: str, browser: Any, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(shared_app_url + "/papers")
    page.wait_for_selector("[data-testid=stDataFrame]", timeout=90_000)
    page.get_by_label("Filter (English / 中文)").fill("reward model")
    page.keyboard.press("Enter")
    page.get_by_text("best match first", exact=False).first.wait_for(timeout=30_000)
    settle(page)
    page.screenshot(path=str(OUTPUT / f"papers-filter-{width}x{height}.png"))

    page.goto(shared_app_url + "/order")
    page.get_by_text("Start here", exact=False).first.wait_for(timeout=90_000)
    page.locator(".st-key-targets [data-tag]").first.wait_for(timeout=30_000)
    assert page.evaluate(CUT_CHIPS) == []  # the first chip was cut to "dels to foll…"
    box = page.locator(".st-key-targets input")
    box.click()
    box.press_sequentially("reward model")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_text("reward model → Ibarz et al. 2018", exact=False).first.wait_for(timeout=30_000)
    tags = page.locator(".st-key-targets [data-tag]")
    labels = [tags.nth(i).get_attribute("aria-label") or "" for i in range(tags.count())]
    assert [label.split(" — ")[0] for label in labels][:2] == ["InstructGPT", "Ibarz et al. 2018"], labels
    assert page.evaluate(CUT_CHIPS) == []
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUTPUT / f"order-targets-{width}x{height}.png"))
    page.close()
