"""A person's view: the real app, started as the README says, in Debian's chromium at two screen sizes.

One focused test each: what a student sees at first sight (lineage labels drawn at least 11 px tall, none
overlapping, the lineage inside the canvas); Show all, Fit lineage and the wheel; a click's details beside a steady
picture, the read toggle, refocusing and finding by name; the reading order; the exported page offline. Every
request is recorded and must stay on this machine. Writes the README's screenshots
(`READINGLIST_UPDATE_SCREENSHOTS=1` copies them to docs/). The tests that only read share one app.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from .appserver import ROOT
from .browsing import GRAPH_VIEW, steady

OUTPUT = ROOT / "test-output"
VIEWPORTS = ((1400, 1000), (1280, 720))
SCREENSHOTS = (
    "graph-1400x1000.png",
    "graph-1280x720.png",
    "detail-panel.png",
    "exported-page.png",
    "reading-order-page.png",
)
INSTRUCTGPT_SUMMARY = "使语言模型更大并不能从本质上使它们更好地遵循用户的意图"
TRUTHFULQA_SUMMARY = "我们提出了一个基准来衡量语言模型在生成问题答案时是否真实"

pytestmark = pytest.mark.browser

# Every lineage label as drawn: font size x zoom in CSS px, and its box in page coordinates.
MEASURE = """() => {
  const n = window.network, scale = n.getScale();
  const host = n.body.container.getBoundingClientRect();
  const bar = document.querySelector('.rl-bar').getBoundingClientRect();  // the buttons and year axis above it
  return { scale, host: {left: host.left, top: host.top, right: host.right, bottom: host.bottom}, barTop: bar.top,
    lanes: n.readinglist.lanes.map((l) => l.name), ticks: n.readinglist.ticks.map((t) => t.label),
    labels: n.readinglist.fit.map((id) => {
      const node = n.body.nodes[id], box = node.labelModule.size;
      const a = n.canvasToDOM({x: box.left, y: box.top});
      const b = n.canvasToDOM({x: box.left + box.width, y: box.top + box.height});
      return { id, px: node.options.font.size * scale, left: host.left + a.x, top: host.top + a.y,
               right: host.left + b.x, bottom: host.top + b.y };
    }) };
}"""

PANEL = "() => JSON.stringify(document.querySelector('.st-key-detail-panel').getBoundingClientRect())"
NODE_POINT = """(id) => { const n = window.network, p = n.canvasToDOM(n.getPosition(id));
  const r = n.body.container.getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }"""

# Height of the note's text box as drawn inside the detail panel (clipped by every box between them), in CSS px.
NOTE_BOX = """() => { const panel = document.querySelector('.st-key-detail-panel');
  const box = panel && panel.querySelector('textarea'); if (!box) return -1;
  let {top, bottom} = box.getBoundingClientRect();
  for (let e = box.parentElement; e && e !== panel; e = e.parentElement) {
    if (getComputedStyle(e).overflowY === 'visible') continue;
    const clip = e.getBoundingClientRect(); top = Math.max(top, clip.top); bottom = Math.min(bottom, clip.bottom); }
  return Math.max(0, bottom - top); }"""

# Where some nodes are on the screen: a click must leave them there.
PLACES = """(ids) => ids.map((id) => { const n = window.network, p = n.canvasToDOM(n.getPosition(id));
  return [id, Math.round(p.x), Math.round(p.y)]; })"""
STEADY = ["irving2018ai", "lin2022truthfulqa", "radford2021learning", "stiennon2020learning", "brown2020language"]

# Labels of drawn papers that an edge of the canvas cuts in two ("eritt 2017").
CUT_LABELS = """() => { const n = window.network, r = n.body.container.getBoundingClientRect(), out = [];
  for (const d of n.body.data.nodes.get()) { const p = n.getPosition(d.id), half = (d.labelWidth || 60) / 2;
    const a = n.canvasToDOM({x: p.x - half, y: p.y}), b = n.canvasToDOM({x: p.x + half, y: p.y});
    if (a.y < 24 || a.y > r.height) continue;
    if ((a.x < 0 && b.x > 0) || (a.x < r.width && b.x > r.width)) out.push(d.id); }
  return out; }"""

# Buttons in the detail panel whose text is cut ("Ouyang et al. 2022 (buil…").
CUT_BUTTONS = """() => [...document.querySelectorAll('.st-key-detail-panel button [data-testid="stMarkdownContainer"]')]
  .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => e.innerText)"""

TOOLTIP_SHOWN = """() => { const t = document.querySelector('div.vis-tooltip');
  return !!t && getComputedStyle(t).visibility !== 'hidden'; }"""

HIDDEN_LANES = "() => [...document.querySelectorAll('.rl-lane-hidden')].map((e) => e.dataset.lane)"
SMALLEST_LABEL = """() => { const n = window.network, scale = n.getScale();
  return Math.min(...n.body.data.nodes.get().map((d) => d.font.size * scale)); }"""

PANEL_TOP = "() => document.querySelector('.st-key-detail-panel').scrollTop"

SCROLLED = """() => window.scrollY + [...document.querySelectorAll('*')].reduce((sum, e) => sum + e.scrollTop, 0)"""


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


def moved(before: list[list[Any]], after: list[list[Any]]) -> list[str]:
    """Nodes that moved on the screen by more than a pixel (rounding)."""
    return [b[0] for b, a in zip(before, after, strict=True) if abs(b[1] - a[1]) > 1 or abs(b[2] - a[2]) > 1]


def check_first_sight(page: Any, width: int, height: int) -> None:
    seen = page.evaluate(MEASURE)
    assert len(seen["labels"]) >= 15, seen["labels"]  # InstructGPT's lineage within two steps
    small = [(label["id"], round(label["px"], 1)) for label in seen["labels"] if label["px"] < 11]
    assert small == [], f"labels under 11 px at {width}x{height}: {small}"
    assert overlapping(seen["labels"]) == []
    host = seen["host"]
    outside = [
        label["id"]
        for label in seen["labels"]
        if label["left"] < host["left"] or label["right"] > host["right"] or label["bottom"] > host["bottom"]
    ]
    assert outside == [], f"lineage labels off the canvas at {width}x{height}: {outside}"
    assert host["bottom"] - seen["barTop"] > 0.55 * height  # the graph (axis and canvas) uses the viewport's height
    assert seen["lanes"][:2] == ["RLHF lineage (0.0.x)", "GPT-x and variants (0.1.1)"]
    assert {"2017", "2022"} <= set(seen["ticks"])
    # The caption (what is drawn) and the legend are on the first screen too.
    assert in_viewport(page, "papers drawn", height)
    legend = page.locator(".rl-legend").bounding_box()
    assert legend is not None and legend["y"] + legend["height"] <= height


def in_viewport(page: Any, text: str, height: int) -> bool:
    box = page.get_by_text(text, exact=False).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 10 <= height


IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]')"  # the app's script has finished its run
DRAWN = "window.network && document.querySelector('[data-drawn]')"


@pytest.fixture
def browser(browser: Any) -> Iterator[Any]:
    """The shared Chromium; every request its pages make stays on this machine (checked when the test ends)."""
    OUTPUT.mkdir(exist_ok=True)
    requests: list[str] = []
    browser.requests = requests
    yield browser
    outside = [
        u
        for u in requests
        if urlparse(u).hostname not in ("127.0.0.1", "localhost", None)
        and not u.startswith(("data:", "blob:", "about:", "file:"))
    ]
    assert outside == [], outside


def shoot(page: Any, name: str) -> None:
    """A screenshot in test-output/; with READINGLIST_UPDATE_SCREENSHOTS=1 the README's ones are copied to docs/."""
    page.screenshot(path=str(OUTPUT / name))
    if os.environ.get("READINGLIST_UPDATE_SCREENSHOTS") and name in SCREENSHOTS:
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(OUTPUT / name, ROOT / "docs" / name)


def open_graph(browser: Any, url: str, width: int, height: int) -> Any:
    """A page on the app's graph (or the exported page), drawn and settled."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("request", lambda request: browser.requests.append(request.url))
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=60_000)
    if not url.startswith("file:"):
        page.wait_for_function(IDLE, timeout=60_000)
    steady(page, GRAPH_VIEW)  # the first frame's refit after "afterDrawing" (no event says it is done)
    return page


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_the_lineage_is_legible_at_first_sight(shared_app_url: str, browser: Any, width: int, height: int) -> None:
    page = open_graph(browser, shared_app_url, width, height)
    check_first_sight(page, width, height)
    shoot(page, f"graph-{width}x{height}.png")


def test_the_graph_address_opens_the_graph(shared_app_url: str, browser: Any) -> None:
    """/graph, the address people type or share, opens the graph (the default page, served at /)."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(shared_app_url + "/graph")
    page.wait_for_function(DRAWN, timeout=60_000)
    assert page.get_by_text("Page not found", exact=False).count() == 0


def test_show_all_fit_lineage_and_the_wheel(shared_app_url: str, browser: Any) -> None:
    width, height = 1280, 720
    page = open_graph(browser, shared_app_url, width, height)
    # InstructGPT's panel scrolls: its note box still gets several lines (it was squeezed to 0 px).
    assert page.evaluate(NOTE_BOX) >= 100
    # Lanes below the view are pale in the legend, which says so; Show all draws every lane, labels legible
    # (the canvas grows and the page scrolls), and Fit lineage brings the first view back.
    assert "Archive before 2021 (3.x)" in page.evaluate(HIDDEN_LANES)
    assert page.locator(".rl-some-hidden .rl-hidden-note").is_visible()
    page.get_by_role("button", name="Show everything drawn").click()
    page.wait_for_function(f"({HIDDEN_LANES})().length === 0", timeout=10_000)
    assert page.evaluate(SMALLEST_LABEL) >= 10
    page.get_by_role("button", name="Fit the focus's lineage").click()
    check_first_sight(page, width, height)
    # The wheel over the canvas scrolls the page and leaves the zoom alone.
    scale, scrolled = page.evaluate("window.network.getScale()"), page.evaluate(SCROLLED)
    centre = page.evaluate(NODE_POINT, "ouyang2022training")
    page.mouse.move(centre["x"], centre["y"])
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"({SCROLLED})() > {scrolled}", timeout=10_000)
    assert page.evaluate("window.network.getScale()") == scale
    page.mouse.wheel(0, -2_000)
    page.wait_for_function(f"({SCROLLED})() === 0", timeout=10_000)
    # ctrl+wheel (a trackpad pinch) zooms; "Fit lineage" brings the first view back.
    centre = page.evaluate(NODE_POINT, "ouyang2022training")
    page.mouse.move(centre["x"], centre["y"])
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_function(f"window.network.getScale() > {scale}", timeout=10_000)
    page.get_by_role("button", name="Fit the focus's lineage").click()
    assert abs(page.evaluate("window.network.getScale()") - scale) < 1e-6


def test_a_click_shows_details_beside_a_steady_picture(app_url: str, browser: Any) -> None:
    """Clicking a paper, marking it read, following the panel's links, refocusing and finding (writes the library)."""
    width, height = 1280, 720
    page = open_graph(browser, app_url, width, height)
    places = page.evaluate(PLACES, STEADY)
    point = page.evaluate(NODE_POINT, "lin2022truthfulqa")
    page.mouse.click(point["x"], point["y"])
    page.get_by_text(TRUTHFULQA_SUMMARY, exact=False).first.wait_for(timeout=30_000)
    page.wait_for_function("window.network.readinglist.selected === 'lin2022truthfulqa'", timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    assert page.evaluate(SCROLLED) == 0
    assert moved(places, page.evaluate(PLACES, STEADY)) == []
    assert in_viewport(page, "摘要翻译", height) and in_viewport(page, TRUTHFULQA_SUMMARY, height)
    # The panel's Read toggle marks the paper read, and the graph shows it (a tick, a hollow dot).
    page.get_by_text("Read: TruthfulQA", exact=True).first.click()  # the toggle names its paper
    page.wait_for_function(
        "window.network && window.network.body.nodes['lin2022truthfulqa'].options.label.startsWith('✓')",
        timeout=30_000,
    )
    page.wait_for_function(IDLE, timeout=30_000)
    steady(page, PANEL)  # the panel's last paint, for the screenshot
    shoot(page, "detail-panel.png")
    # A related paper's button, named as the graph names it, shows that paper from the panel's top.
    assert page.evaluate(CUT_BUTTONS) == []
    page.evaluate("document.querySelector('.st-key-detail-panel').scrollTop = 1e6")
    page.locator(".st-key-detail-panel button").filter(has_text="GPT-3 (cites)").click()
    page.wait_for_function("window.network.readinglist.selected === 'brown2020language'", timeout=30_000)
    page.get_by_text("Language Models are Few-Shot Learners", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_function(f"({PANEL_TOP})() === 0", timeout=10_000)
    assert in_viewport(page, "Language Models are Few-Shot Learners", height)
    assert moved(places, page.evaluate(PLACES, STEADY)) == []
    # "Focus the graph on this paper" redraws the lineage around GPT-3, no label cut at the canvas's edges.
    page.get_by_role("button", name="Focus the graph on this paper").click()
    page.wait_for_function("window.network.readinglist.focus === 'brown2020language'", timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    steady(page, GRAPH_VIEW)  # the new picture's refit after its first frame
    assert page.evaluate(CUT_LABELS) == []
    # Finding a paper by its common name moves the focus to it.
    page.get_by_placeholder("Find a paper", exact=False).fill("InstructGPT")
    page.keyboard.press("Enter")
    page.get_by_text(INSTRUCTGPT_SUMMARY, exact=False).first.wait_for(timeout=30_000)
    page.wait_for_function("window.network.readinglist.focus === 'ouyang2022training'", timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    steady(page, GRAPH_VIEW)
    assert page.evaluate(CUT_LABELS) == []  # no "eritt 2017" or a stray "2014" at the edge


def test_the_reading_order_page_screenshot(shared_app_url: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.on("request", lambda request: browser.requests.append(request.url))
    page.goto(shared_app_url + "/order")
    page.get_by_text("Why:", exact=False).first.wait_for(timeout=60_000)
    page.locator("[data-testid='stMultiSelect']").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(IDLE, timeout=30_000)
    shoot(page, "reading-order-page.png")


def test_the_exported_page_is_the_same_picture_offline(shipped_copy: Path, run_cli, browser: Any) -> None:  # type: ignore[no-untyped-def]
    """The exported page: the same picture offline, with the clicked paper in its side panel."""
    exported = shipped_copy.parent / "lineage.html"
    result = run_cli("--library", str(shipped_copy), "graph", "--out", str(exported))
    assert result.returncode == 0, result.stderr
    for width, height in VIEWPORTS:
        page = open_graph(browser, exported.as_uri(), width, height)
        check_first_sight(page, width, height)
        page.close()
    page = open_graph(browser, exported.as_uri(), 1400, 1000)
    point = page.evaluate(NODE_POINT, "lin2022truthfulqa")
    page.mouse.click(point["x"], point["y"])
    page.locator("#details").get_by_text(TRUTHFULQA_SUMMARY, exact=False).wait_for(timeout=10_000)
    # The clicked paper's tooltip does not stay over the picture (and its axis) while the panel is read.
    page.mouse.move(point["x"] + 2, point["y"] + 1)
    page.wait_for_timeout(600)  # longer than the tooltip's delay: it would show by now
    assert page.evaluate(TOOLTIP_SHOWN) is False
    # Rest the pointer on an empty corner of the canvas, so no tooltip covers the picture.
    corner = page.evaluate("(() => { const r = window.network.body.container.getBoundingClientRect();"
                           " return {x: r.left + 8, y: r.bottom - 8}; })()")  # fmt: skip
    page.mouse.move(corner["x"], corner["y"])
    page.wait_for_function(f"!({TOOLTIP_SHOWN})()", timeout=10_000)
    assert page.locator("#details h3").first.inner_text() == "摘要翻译"
    shoot(page, "exported-page.png")
    # The panel names what TruthfulQA builds on, cites and is cited by; a name selects that paper.
    assert {"Cites", "Cited by"} <= set(page.locator("#details h3").all_inner_texts())
    page.locator("#details .paper-link").filter(has_text="InstructGPT").first.click()
    page.locator("#details h2").filter(has_text="Training language models").wait_for(timeout=10_000)
    assert page.evaluate("window.network.getSelectedNodes()") == ["ouyang2022training"]


def test_readme_command_is_what_the_test_runs() -> None:
    """The browser test starts `streamlit run app.py` as written; the settings come from the shipped config."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "streamlit run app.py\n" in readme
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    for setting in ('address = "localhost"', "gatherUsageStats = false", 'toolbarMode = "viewer"', "Noto Sans CJK SC"):
        assert setting in config
    assert subprocess.run([sys.executable, "-c", "import tomllib,sys; tomllib.load(open(sys.argv[1],'rb'))",
                           str(ROOT / ".streamlit" / "config.toml")]).returncode == 0  # fmt: skip
