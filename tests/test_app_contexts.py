"""Citation contexts in the app (AppTest against the replay server): fetched in the background when the reader asks
(never by itself), fetched on demand from the detail panel (one request, then cached), and a plain message offline."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from streamlit.testing.v1 import AppTest
from werkzeug import Request, Response

from readinglist.enrich import enrich_library
from readinglist.settings import Settings
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource

from .conftest import ROOT
from .replay import fixture_text, serve_defaults

APP = str(ROOT / "app.py")
QUOTE = "methodology ★: “\\(synthetic context for the test\\) We follow the method of \\[Stiennon et al\\."
REFERENCES = "/s2/graph/v1/paper/d766bffc357127e0dc86dd69561d5aeb520d6f4c/references"


@pytest.fixture
def phase_one(httpserver: HTTPServer, shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped library after `enrich` (batch calls only) of InstructGPT: `s2id` and `cites`, no contexts."""
    serve_defaults(httpserver)
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    monkeypatch.setenv("READINGLIST_S2_API_URL", httpserver.url_for("/s2"))
    monkeypatch.setenv("READINGLIST_ARXIV_API_URL", httpserver.url_for("/api/query"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    s2 = SemanticScholarSource(
        api_url=httpserver.url_for("/s2"), api_key="", min_interval=0, policy=RetryPolicy(sleep=lambda s: None)
    )
    with Sources(
        s2, ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0), ResponseCache.open(Settings.from_env())
    ) as sources:
        assert enrich_library(shipped_copy, sources, ["ouyang2022training"]).ok
    return shipped_copy


def reference_calls(server: HTTPServer) -> int:
    return sum(1 for request, _ in server.log if request.path == REFERENCES)


def captions(app: AppTest) -> list[str]:
    return [c.value for c in app.caption]


def _instructgpt_detail() -> None:
    from readinglist.ui.data import load_graph
    from readinglist.ui.detail import show_detail

    show_detail(load_graph(), "ouyang2022training")


def _fetch_all_and_detail() -> None:
    """The Suggestions page's fetch of why papers cite each other (a lookup phase, its progress above the page),
    beside InstructGPT's details."""
    from readinglist.ui import look_up
    from readinglist.ui.data import load_graph
    from readinglist.ui.detail import show_detail

    look_up.show_lookup_progress()  # as app.py does before every page
    look_up.say_last_lookup()
    look_up.look_up_button((), "contexts", "Fetch why papers cite each other", contexts=True)
    show_detail(load_graph(), "ouyang2022training")


def test_the_app_fetches_contexts_in_the_background_when_asked(phase_one: Path, httpserver: HTTPServer) -> None:
    release = threading.Event()

    def held(_request: Request) -> Response:
        release.wait(30)
        return Response(fixture_text("s2_references_instructgpt_synthetic.json"), content_type="application/json")

    httpserver.clear()  # the same endpoints, with the references call held until the app has shown its progress
    httpserver.expect_request(REFERENCES).respond_with_handler(held)
    httpserver.expect_request("/s2/graph/v1/paper/search/match").respond_with_json({"error": "no match"}, status=404)
    serve_defaults(httpserver)
    opened = AppTest.from_file(APP, default_timeout=60)
    opened.run()
    time.sleep(0.3)  # a fetch started by the session itself would have asked for the references by now
    opened.run()
    assert not opened.exception and not opened.get("progress")
    assert reference_calls(httpserver) == 0  # a new session fetches nothing by itself (before issue 22 it did)
    app = AppTest.from_function(_fetch_all_and_detail, default_timeout=60)
    app.run()
    app.button(key="look-up-contexts").click().run()
    assert not app.exception
    deadline = time.monotonic() + 30
    step = "Step 2 of 2 · Why papers cite each other: 0 of 1 citing papers"
    while not [p for p in app.get("progress") if step in str(p.proto.text)]:
        assert time.monotonic() < deadline, [str(p.proto.text) for p in app.get("progress")]
        time.sleep(0.2)
        app.run()
    assert "Being fetched in the background now: the progress is at the top of the page." in captions(app)
    assert not [b for b in app.button if b.label == "Fetch now"]  # no second request for the same paper
    release.set()
    deadline = time.monotonic() + 30
    while not [m for m in app.warning if "why they cite kept for 1 citing paper" in m.value]:
        assert time.monotonic() < deadline, captions(app)
        time.sleep(0.2)
        app.run()
    assert any(c.startswith(QUOTE) for c in captions(app)), captions(app)
    assert reference_calls(httpserver) == 1
    app.run()  # the same library again: nothing more is asked
    assert reference_calls(httpserver) == 1 and not app.exception


def test_the_detail_panel_fetches_missing_contexts_on_demand(phase_one: Path, httpserver: HTTPServer) -> None:
    app = AppTest.from_function(_instructgpt_detail, default_timeout=60)
    app.run()
    assert any(c.startswith("Why they cite: not fetched from Semantic Scholar yet for") for c in captions(app))
    assert not any(c.startswith(QUOTE) for c in captions(app)) and reference_calls(httpserver) == 0
    assert "Why they cite: not fetched from Semantic Scholar yet for 10 of these (1 request)." in captions(app)
    next(b for b in app.button if b.label == "Fetch now").click().run()
    assert not app.exception
    assert any(c.startswith(QUOTE) for c in captions(app)), captions(app)
    assert reference_calls(httpserver) == 1
    assert not [b for b in app.button if b.label == "Fetch now"]  # nothing left to fetch here
    assert "Why they cite: Semantic Scholar gives no context for 1 of these." in captions(app)  # GPT-2: seed `cites`
    app.run()
    assert reference_calls(httpserver) == 1  # cached


def test_offline_the_detail_panel_says_so_and_asks_nothing(
    phase_one: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("READINGLIST_S2_API_URL", closed + "/s2")
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    next(b for b in app.button if b.label == "Fetch now").click().run()  # reachability is checked only now
    assert "Offline: Semantic Scholar cannot be reached, so why papers cite each other cannot be fetched now." in (
        captions(app)
    )
    assert reference_calls(httpserver) == 0
