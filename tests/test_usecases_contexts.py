"""Citation contexts below the CLI and the app (against the replay server): one request per citing paper, then the
cache; a paper without an id is never asked; a network that is down is a failure in words, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from streamlit.testing.v1 import AppTest

from readinglist.enrich import enrich_library
from readinglist.settings import Settings
from readinglist.sources import ResponseCache, Sources
from readinglist.store import load_library
from readinglist.usecases import enrich_papers
from readinglist.usecases.citation_contexts import EdgesRequest, plan, run

from .replay import serve_defaults
from .test_app import shown_text
from .test_app_contexts import _instructgpt_detail, phase_one, reference_calls  # noqa: F401 (phase_one: a fixture)
from .test_enrich_cases import make_sources

EDGE = ("stiennon2020learning", "ouyang2022training")  # (cited, citing): InstructGPT builds on Stiennon et al.


def enriched_sources(server: HTTPServer, library: Path, tmp_path: Path) -> Sources:
    """Sources on the replay server, after the first phase of enrichment for InstructGPT (its id, its `cites`)."""
    serve_defaults(server)
    sources = make_sources(server, tmp_path)
    assert enrich_library(library, sources, ["ouyang2022training"]).ok
    return sources


def test_an_edge_is_fetched_once_then_read_from_the_cache(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path
) -> None:
    sources = enriched_sources(httpserver, shipped_copy, tmp_path)
    entries = load_library(shipped_copy).resolved_entries()
    before = plan(entries, [EDGE], sources.cache)
    assert before.to_ask == [EDGE] and before.requests == 1 and before.answered == []
    first = run(EdgesRequest(shipped_copy, (EDGE,)), sources)
    assert first.requests == 1 and first.outcome.ok
    assert any("We follow the method" in text for text, _ in first.contexts[EDGE].contexts)
    count = len(first.contexts[EDGE].contexts)
    assert first.outcome.changed == [f"why ouyang2022training cites stiennon2020learning: {count} context(s) cached"]
    again = run(EdgesRequest(shipped_copy, (EDGE,)), sources)
    assert again.requests == 0 and again.contexts == first.contexts
    after = plan(entries, [EDGE], sources.cache)
    assert after.to_ask == [] and after.waiting == [] and after.answered == [EDGE]


def test_a_citing_paper_without_an_id_is_not_asked_and_the_words_say_what_to_do(
    shipped_copy: Path, tmp_path: Path
) -> None:
    with Sources.open(Settings(cache_path=tmp_path / "c.sqlite3")) as sources:
        report = run(EdgesRequest(shipped_copy, (EDGE,)), sources)
        pending = plan(load_library(shipped_copy).resolved_entries(), [EDGE], sources.cache)
    assert report.requests == 0 and report.contexts == {} and report.outcome.ok
    assert report.outcome.next_steps == ["ouyang2022training is not known to the source yet: enrich it, then ask again"]
    assert pending.waiting == [EDGE] and pending.to_ask == [] and pending.requests == 0


def test_a_network_that_is_down_is_a_failure_in_the_report(shipped_copy: Path, tmp_path: Path) -> None:
    text = shipped_copy.read_text(encoding="utf-8").replace(
        "@inproceedings{ouyang2022training,",
        "@inproceedings{ouyang2022training,\n  s2id = {d766bffc357127e0dc86dd69561d5aeb520d6f4c},",
    )
    shipped_copy.write_text(text, encoding="utf-8")
    down = Settings(s2_api_url="http://127.0.0.1:9", arxiv_api_url="http://127.0.0.1:9", cache_path=tmp_path / "c.db")
    with Sources.open(down) as sources:
        report = run(EdgesRequest(shipped_copy, (EDGE, ("brown2020language", "ouyang2022training"))), sources)
    assert report.contexts == {} and len(report.outcome.failed) == 1  # the first failure stops the asking
    assert report.outcome.failed[0].startswith("cannot reach 127.0.0.1:9")
    assert not any("--" in line for line in report.outcome.failed + report.outcome.next_steps)


def test_the_whole_library_asks_each_citing_paper_once_with_progress(
    httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path
) -> None:
    sources = enriched_sources(httpserver, shipped_copy, tmp_path)
    steps: list[tuple[str, int, int]] = []
    before = sources.requests
    request = enrich_papers.EnrichRequest(shipped_copy, ("ouyang2022training",), contexts=True)
    report = enrich_papers.run(request, sources, progress=lambda *step: steps.append(step))
    assert report.details.contexts == 1 and steps[-1] == (enrich_papers.PHASES[2], 1, 1) and report.outcome.ok
    assert report.outcome.changed == ["citation contexts cached for 1 paper(s)"]
    assert sources.requests - before == 1  # the look-up before it was cached: only the reference call
    with ResponseCache(tmp_path / "cache" / "responses.sqlite3") as cache:
        assert plan(load_library(shipped_copy).resolved_entries(), [EDGE], cache).answered == [EDGE]


@pytest.mark.usefixtures("phase_one")  # InstructGPT enriched (its id, its `cites`), no contexts yet
def test_the_detail_panel_says_a_fetch_that_failed_in_one_line(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.ui import contexts_view

    monkeypatch.setattr(contexts_view, "s2_reachable", lambda: True)  # reachable a moment ago, gone when asked
    monkeypatch.setenv("READINGLIST_S2_API_URL", "http://127.0.0.1:9/s2")
    app = AppTest.from_function(_instructgpt_detail, default_timeout=60)
    app.run()
    next(b for b in app.button if b.label == "Fetch now").click().run()
    assert not app.exception and len(app.error) == 1
    assert shown_text(app.error[0].value).startswith("Fetching failed: cannot reach 127.0.0.1:9")
    assert "--" not in app.error[0].value and reference_calls(httpserver) == 0
