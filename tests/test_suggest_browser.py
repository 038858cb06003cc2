"""Suggestions in Chromium: from the RLHF lineage alone, one lookup finds the papers that cite several of them,
each with the library papers it cites (as the detail panel names them) and an Add button (the app as the README starts
it; `READINGLIST_UPDATE_SCREENSHOTS=1` copies the screenshots to docs/)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from .appserver import ROOT, require_chromium, running_app
from .browsing import PAGE_LAYOUT, steady
from .discover_replay import serve_citing_pages
from .replay import serve_defaults

OUTPUT = ROOT / "test-output"
pytestmark = pytest.mark.browser
RLHF_LINEAGE = """@article{christiano2017deep,
  title = {Deep Reinforcement Learning from Human Preferences},
  eprint = {1706.03741},
  section = {rlhf},
}

@article{ziegler2019fine,
  title = {Fine-Tuning Language Models from Human Preferences},
  eprint = {1909.08593},
  section = {rlhf},
  builds_on = {christiano2017deep},
}

@article{stiennon2020learning,
  title = {Learning to summarize from human feedback},
  eprint = {2009.01325},
  section = {rlhf},
  builds_on = {ziegler2019fine},
}

@article{ouyang2022training,
  title = {Training language models to follow instructions with human feedback},
  aka = {InstructGPT},
  eprint = {2203.02155},
  section = {rlhf},
  builds_on = {stiennon2020learning},
}
"""


def test_one_lookup_suggests_what_cites_the_lineage(httpserver: HTTPServer, tmp_path: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    require_chromium()
    serve_citing_pages(httpserver)
    serve_defaults(httpserver)
    library = tmp_path / "papers.bib"
    library.write_text(RLHF_LINEAGE, encoding="utf-8")
    OUTPUT.mkdir(exist_ok=True)
    with running_app(library, tmp_path / "streamlit.log", apis=httpserver.url_for("").rstrip("/")) as url:
        for width, height in ((1280, 720), (1400, 1000)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{url}/suggestions")
            button = page.get_by_role("button", name="Look up every paper, and who cites it")
            if width == 1280:  # one lookup; the second window reads what it cached
                button.click(timeout=60_000)
                page.get_by_text("citing papers kept for 4 of them, for the suggestions").wait_for(timeout=60_000)
            first = page.get_by_text("Direct Preference Optimization", exact=False)
            first.wait_for(timeout=30_000)
            oldest_first = "cites Christiano et al. 2017, Ziegler et al. 2019, Stiennon 2020, InstructGPT"
            expect(page.get_by_text(oldest_first, exact=True)).to_have_count(3)  # as the detail panel names them
            expect(page.get_by_role("button", name="Add")).to_have_count(5)
            expect(button).to_be_visible()  # drawn, not the placeholder of a run still going on
            heading = page.get_by_role("heading", name="Citing several library papers")
            heading.evaluate("(element) => element.scrollIntoView({block: 'start'})")
            steady(page, PAGE_LAYOUT)
            expect(first).to_be_in_viewport(ratio=1)
            name = f"suggestions-{width}x{height}.png"
            page.screenshot(path=str(OUTPUT / name))
            if os.environ.get("READINGLIST_UPDATE_SCREENSHOTS"):
                shutil.copyfile(OUTPUT / name, ROOT / "docs" / name)
            page.close()
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text()
