"""The What's new page (AppTest): linked titles, reasons in words, the watch query as code, Dismiss undone by
Restore, and the added papers linked to the graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.usecases import discover
from readinglist.usecases.discover import CheckRequest

from .discover_replay import RLHF_QUERY, DiscoverReplay, replay_sources, write_watch
from .test_app import page_test


def _whats_new_page() -> None:
    from readinglist.ui import whats_new_view

    whats_new_view.page()


@pytest.fixture
def checked(httpserver, shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:  # type: ignore[no-untyped-def]
    """The page, offline, after a check of the RLHF lineage on the replay server."""
    DiscoverReplay().serve(httpserver)
    write_watch(shipped_copy)
    with replay_sources(httpserver) as sources:
        discover.run(CheckRequest(shipped_copy, ("rlhf",), dt.date(2023, 1, 1), today=dt.date(2026, 12, 7)), sources)
    monkeypatch.setenv("READINGLIST_OFFLINE", "1")
    app = page_test(_whats_new_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    return app


def _markdown(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_titles_link_to_the_paper_and_reasons_read_as_words(checked: AppTest) -> None:
    shown = _markdown(checked)
    assert "**[RLAIF\\: Scaling Reinforcement Learning" in shown and "](https://arxiv.org/abs/2309.00267)**" in shown
    assert f"matches watch query ` {RLHF_QUERY} `" in shown and "\\`" not in shown  # code, no literal backticks
    assert "text similarity" not in shown and "in wording\\: \\#1 of 6 candidates\\, nearest to " in shown


def test_dismiss_can_be_undone_with_restore(checked: AppTest, shipped_copy: Path) -> None:
    dismissed = shipped_copy.parent / "discover-dismissed.tsv"
    checked.button(key="new_dismiss_rlhf_2305.18290").click().run()
    assert "2305.18290" in dismissed.read_text(encoding="utf-8")
    assert not [b for b in checked.button if b.key == "new_dismiss_rlhf_2305.18290"]
    assert "Dismissed this session" in [h.value for h in checked.subheader]
    checked.button(key="new_restore_rlhf_2305.18290").click().run()
    assert not checked.exception
    assert "2305.18290" not in dismissed.read_text(encoding="utf-8")
    assert [b for b in checked.button if b.key == "new_dismiss_rlhf_2305.18290"]  # shown again
    assert "Dismissed this session" not in [h.value for h in checked.subheader]


def test_an_added_paper_links_to_the_graph_focused_on_it(checked: AppTest) -> None:
    checked.button(key="new_add_rlhf_2309.00267").click().run()
    assert not checked.exception
    links = checked.get("page_link")
    assert links, "no link to the added paper"
    assert any("lee2023rlaif" in str(link.proto) and "focus=lee2023rlaif" in str(link.proto) for link in links), links
