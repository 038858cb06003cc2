"""Looking papers up from the app (AppTest against the replay server): a fresh list with no link offers it on the
Graph and Reading order pages, the lookup draws the lineage it finds and says what it did; offline or without a
network it asks nothing and changes nothing."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from streamlit.testing.v1 import AppTest
from werkzeug import Request, Response

from readinglist.enrich import RunReport
from readinglist.store import load_library
from readinglist.ui.lookup_said import LookupSaid, lookup_said
from readinglist.usecases.enrich_papers import EnrichReport

from .conftest import ROOT
from .discover_replay import TWO_PAPERS, serve_citing_pages
from .replay import s2_batch_handler, s2_papers, serve_defaults

APP = str(ROOT / "app.py")
LOOK_UP = "Look them up on Semantic Scholar and arXiv"
# Two papers of an imported list: known by their arXiv ids, no field saying which cites which.
FRESH_LIST = """@article{ouyang2022training,
  title = {Training language models to follow instructions with human feedback},
  eprint = {2203.02155},
  archiveprefix = {arXiv},
}

@article{brown2020language,
  title = {Language Models are Few-Shot Learners},
  eprint = {2005.14165},
  archiveprefix = {arXiv},
}
"""


@pytest.fixture
def fresh_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    library = tmp_path / "papers.bib"
    library.write_text(FRESH_LIST, encoding="utf-8")
    monkeypatch.setenv("READINGLIST_LIBRARY", str(library))
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return library


def _apis_at(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    monkeypatch.setenv("READINGLIST_S2_API_URL", base + "/s2")
    monkeypatch.setenv("READINGLIST_ARXIV_API_URL", base + "/api/query")


@pytest.fixture
def replayed(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """The app's APIs answered by the replay server (InstructGPT known, every other paper not)."""
    serve_defaults(httpserver)
    _apis_at(monkeypatch, httpserver.url_for("").rstrip("/"))
    return httpserver


def _said_in(block: Any) -> str:
    """The Markdown of a block (an expander), as a person reads it."""
    return re.sub(r"\\(.)", r"\1", " ".join(m.value for m in block.markdown).replace("**", ""))


def _said(app: AppTest) -> str:
    """The page's messages and captions, as a person reads them (Markdown's escapes removed)."""
    said = " ".join(e.value for kind in (app.success, app.warning, app.error, app.info, app.caption) for e in kind)
    return re.sub(r"\\(.)", r"\1", said)


def _ended(app: AppTest) -> AppTest:
    """Rerun the app until the lookup running in the background has ended and the page says what it did."""
    deadline = time.monotonic() + 30
    while "ooked up:" not in _said(app):
        assert time.monotonic() < deadline, _said(app)
        time.sleep(0.1)
        app.run()
    return app


def test_a_fresh_list_is_looked_up_and_its_lineage_drawn(fresh_list: Path, replayed: HTTPServer) -> None:
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "No links between these 2 papers yet" in _said(app) and "readinglist enrich" not in _said(app)
    assert [b.label for b in app.button if b.key == "look-up-graph"] == [LOOK_UP]
    assert not replayed.log  # nothing is asked before the reader presses the button

    _ended(app.button(key="look-up-graph").click().run())
    assert not app.exception
    cites = load_library(fresh_list).entry("ouyang2022training").get("cites")
    assert "brown2020language" in cites  # InstructGPT's references, read from Semantic Scholar's answer
    said = _said(app)
    assert "Looked up: 1 filled in, 1 not found (2 requests)." in said, said
    assert "No links between" not in said  # the page was drawn again from the changed library
    # GPT-3 is unknown to the replayed batch: said by its title, folded under the line
    (unknown,) = app.expander
    assert unknown.label == "The 1 paper it had a problem with, and what to do"
    assert _said_in(unknown) == (
        "Not found by the id it has: check the id\n\n"
        "- Language Models are Few-Shot Learners — brown2020language (ARXIV:2005.14165)"
    )
    app.run()
    assert "Looked up:" in _said(app) and app.expander  # a list to work through stays through the next click
    app.button(key="look-up-hide").click().run()
    assert "Looked up:" not in _said(app) and not app.expander


def test_the_reading_order_page_offers_the_same_lookup(fresh_list: Path, replayed: HTTPServer) -> None:
    app = AppTest.from_function(_page, default_timeout=60, args=("order_view",)).run()
    assert not app.exception
    assert "No links between these 2 papers yet" in _said(app)
    _ended(app.button(key="look-up-order").click().run())
    assert "brown2020language" in load_library(fresh_list).entry("ouyang2022training").get("cites")
    assert "No links between" not in _said(app) and "Looked up: 1 filled in, 1 not found (2 requests)." in _said(app)


def test_offline_nothing_is_offered_or_asked(
    fresh_list: Path, replayed: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINGLIST_OFFLINE", "1")
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not [b for b in app.button if b.key == "look-up-graph"]
    assert (
        "Nothing is looked up while offline: the app was started with READINGLIST_OFFLINE=1; start it without that "
        "to look papers up." in _said(app)
    )
    assert not replayed.log


def test_without_a_network_the_button_says_so_and_changes_nothing(
    fresh_list: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    _apis_at(monkeypatch, closed)
    before = fresh_list.read_bytes()
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.button(key="look-up-graph").click().run()
    assert not app.exception
    assert "neither Semantic Scholar nor arXiv can be reached from here" in _said(app)
    assert fresh_list.read_bytes() == before


def test_the_detail_panel_looks_up_only_the_citing_papers_it_cannot_ask_about(
    shipped_copy: Path, tmp_path: Path, replayed: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(tmp_path / "cache"))
    app = AppTest.from_file(APP, default_timeout=60).run()  # the Graph page, InstructGPT in its detail panel
    assert "To fetch why they cite, look InstructGPT up on Semantic Scholar first." in _said(app)
    _ended(app.button(key="look-up-citing-ouyang2022training-Builds on / cites").click().run())
    assert not app.exception
    batches = [json.loads(r.get_data()) for r, _ in replayed.log if r.path.endswith("/paper/batch")]
    assert batches == [{"ids": ["ARXIV:2203.02155"]}]  # InstructGPT alone, the citing paper of that column
    assert load_library(shipped_copy).entry("ouyang2022training").get("s2id")
    assert [m.value for m in app.success] == ["Looked up\\: 1 filled in \\(2 requests\\)\\."]  # Markdown-escaped
    assert "look InstructGPT up" not in _said(app)  # now it can be asked: Fetch now
    assert [b for b in app.button if b.label == "Fetch now"]


def test_a_lookups_words_group_the_papers_by_what_to_do() -> None:
    details = RunReport(
        updated={"ouyang2022training": ["s2id"]},
        unchanged=["radford2019language"],
        not_found=["brown2020language (ARXIV:2005.14165)"],
        skipped=["hand2024: no arXiv id, DOI or s2id, and a title match found nothing (no candidate)"],
        failed=["ziegler2019fine: title match: api.semanticscholar.org kept failing (HTTP 500)"],
    )
    names = {"brown2020language": "GPT-3", "hand2024": "A paper added by hand", "ziegler2019fine": "ziegler2019fine"}
    said = lookup_said(EnrichReport(details, requests=3, contexts=False), names)
    assert (said.kind, said.line) == (
        "warning",
        "Looked up: 1 filled in, 1 already up to date, 2 not found, 1 failed (3 requests).",
    )
    assert said.groups == [
        ("Not found by the id it has: check the id", ["GPT-3 — brown2020language (ARXIV:2005.14165)"]),
        (
            "No id, and not found by its title: give it an arXiv id, a DOI or a Semantic Scholar id",
            [
                "A paper added by hand — hand2024: no arXiv id, DOI or s2id, and a title match found nothing "
                "(no candidate)"
            ],
        ),
        (
            "Failed: looking up again later asks only for these",
            ["ziegler2019fine: title match: api.semanticscholar.org kept failing (HTTP 500)"],  # no name but its key
        ),
    ]
    nothing = RunReport(failed=["could not reach api.semanticscholar.org: nothing fetched for any of the 2 papers"])
    assert lookup_said(EnrichReport(nothing, requests=1, contexts=False), names) == LookupSaid(
        "error",
        "Nothing was looked up: could not reach api.semanticscholar.org: nothing fetched for any of the 2 papers. "
        "The library was not changed.",
    )
    clean = RunReport(updated={"ouyang2022training": ["s2id"]})
    assert lookup_said(EnrichReport(clean, requests=1, contexts=False), names).kind == "success"


def test_a_lookup_runs_in_the_background_with_its_progress_above_the_page(
    fresh_list: Path, replayed: HTTPServer
) -> None:
    release = threading.Event()
    batch = s2_batch_handler(s2_papers())

    def held(request: Request) -> Response:
        release.wait(30)
        return batch(request)

    replayed.clear()  # the same answers, the batch held until the page has been drawn during the lookup
    replayed.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(held)
    serve_defaults(replayed)
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.button(key="look-up-graph").click().run()
    assert not app.exception
    assert any("Looking up" in str(p.proto.text) for p in app.get("progress"))
    assert "Being looked up now: the progress is at the top of the page." in _said(app)  # not a second lookup
    assert not [b for b in app.button if b.key == "look-up-graph"]
    release.set()
    assert "Looked up: 1 filled in, 1 not found" in _said(_ended(app))
    assert not app.get("progress") and not app.sidebar.children


def test_the_suggestions_lookup_asks_who_cites_each_paper_and_suggests_from_it(
    fresh_list: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_list.write_text(TWO_PAPERS, encoding="utf-8")
    serve_citing_pages(httpserver)
    serve_defaults(httpserver)
    _apis_at(monkeypatch, httpserver.url_for("").rstrip("/"))
    app = AppTest.from_function(_page, default_timeout=60, args=("suggest_view",)).run()
    assert "No citation data cached yet" in _said(app)
    button = app.button(key="look-up-every-paper")
    assert button.label == "Look up every paper, and who cites it" and "one request per paper" in button.help
    _ended(button.click().run())
    assert not app.exception
    assert "Looked up: 2 filled in; citing papers kept for 2 of them, for the suggestions (4 requests)." in _said(app)
    asked = [r.path for r, _ in httpserver.log if r.path.endswith("/citations")]
    assert len(asked) == 2  # one page of citing papers for each paper
    (cited_by, citing) = (h.value for h in app.subheader)
    assert citing == "Citing several library papers"
    shown = [m.value for m in app.markdown if m.value.startswith("**")]
    assert len(shown) == 5 and any("Direct Preference Optimization" in m for m in shown)
    assert cited_by == "Cited by several library papers"
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in app.caption]
    assert captions.count("cites Stiennon 2020, Ouyang et al. 2022") == 5, captions  # as the detail panel names them


def test_what_the_per_paper_phases_could_not_fetch_is_said_apart() -> None:
    details = RunReport(
        updated={"ouyang2022training": ["s2id"], "stiennon2020learning": ["s2id"]},
        citing=1,
        failed=["citing papers of ouyang2022training: api.semanticscholar.org kept failing (HTTP 503)"],
    )
    report = EnrichReport(details, requests=4, contexts=False, citing=True)
    said = lookup_said(report, {"ouyang2022training": "InstructGPT"})
    assert (said.kind, said.line) == (
        "warning",
        "Looked up: 2 filled in; citing papers kept for 1 of them, for the suggestions; 1 could not be asked who "
        "cites them or why (4 requests).",
    )  # not "1 failed": both papers were looked up
    assert said.groups == [
        (
            "Looked up, but who cites them or why could not be fetched: looking up again later asks only for these",
            ["InstructGPT — citing papers of ouyang2022training: api.semanticscholar.org kept failing (HTTP 503)"],
        )
    ]
    stopped = EnrichReport(RunReport(updated={"a": ["s2id"]}), 2, False, True, not_reached=["Who cites each paper"])
    assert lookup_said(stopped, {}).line == "Looked up: 1 filled in; not reached: who cites each paper (2 requests)."


def test_a_lookup_that_ended_is_said_on_whichever_page_is_open(fresh_list: Path, replayed: HTTPServer) -> None:
    app = AppTest.from_function(
        _page, default_timeout=60, args=("resources_view",)
    ).run()  # the page drawn while it runs
    from readinglist.ui import look_up

    job = look_up.LookupJob(())
    job.run(fresh_list)  # as the background thread does, here to its end
    look_up._jobs()[str(fresh_list)] = job
    app.run()
    assert "Looked up: 1 filled in, 1 not found (2 requests)." in _said(app)
    assert app.title[0].value == "Resources"


def test_the_suggestions_page_while_its_lookup_runs_and_without_semantic_scholar(
    fresh_list: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def held(request: Request) -> Response:
        release.wait(30)
        return s2_batch_handler(s2_papers())(request)

    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(held)
    serve_defaults(httpserver)
    _apis_at(monkeypatch, httpserver.url_for("").rstrip("/"))
    app = AppTest.from_function(_page, default_timeout=60, args=("suggest_view",)).run()
    app.button(key="look-up-every-paper").click().run()
    assert "Suggestions appear here when the lookup ends." in _said(app)  # not "press the button" while it runs
    release.set()
    _ended(app)
    with socket.socket() as probe:  # Semantic Scholar gone, arXiv still there: who cites cannot be asked
        probe.bind(("127.0.0.1", 0))
        monkeypatch.setenv("READINGLIST_S2_API_URL", f"http://127.0.0.1:{probe.getsockname()[1]}/s2")
    other = AppTest.from_function(_page, default_timeout=60, args=("suggest_view",)).run()
    other.button(key="look-up-every-paper").click().run()
    assert "Semantic Scholar cannot be reached from here, and who cites each paper comes from it" in _said(other)


def _page(view: str) -> None:
    """One page of the app as app.py draws it: a lookup's progress first, then the page (`view`: its module)."""
    import importlib

    from readinglist.ui import look_up

    look_up.show_lookup_progress()
    importlib.import_module(f"readinglist.ui.{view}").page()
