"""The app shows library text as text (nothing it renders fetches from outside), and offline is a mode."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.paper import paper_of
from readinglist.store import NoteStore, edit_library, load_library

from .test_app import APP, _add_page, _order_page, _papers_page, _suggest_page, page_test, shown_text

EVIL = "![x](http://evil.example/x.png)"
HOSTILE = {
    "title": f"Training {EVIL} models",
    "title_zh": f"标题 {EVIL}",
    "author": f"Ouyang, Long and {EVIL}",
    "url": "https://ok.example/a) ![x](http://evil.example/y.png",
    "abstract_zh": f"摘要 {EVIL} 代码见 https://github.com/openai/following-instructions-human-feedback 。",
    "note_zh": "<img src=http://evil.example/z.png> :red[loud] $x^2$",
}


def _rendered_markdown(app: AppTest) -> list[str]:
    """Every string the app hands to a Markdown renderer."""
    values: list[str] = []
    for kind in ("markdown", "caption", "subheader", "title", "header", "info", "warning", "error", "success"):
        values += [str(element.value) for element in getattr(app, kind)]
    values += [str(button.label) for button in app.button]
    return values


def _assert_nothing_fetches(values: list[str]) -> None:
    for value in values:
        assert not re.search(r"(?<!\\)!\[", value), value  # an image would be fetched
        assert not re.search(r"(?<!\\)<", value), value  # no HTML (a plain link fetches only when clicked)
        assert not re.search(r"(?<!\\):red\[", value), value


@pytest.fixture
def hostile(shipped_copy: Path) -> Path:
    with edit_library(shipped_copy) as library:
        for name, value in HOSTILE.items():
            library.set_field("ouyang2022training", name, value)
        library.set_field("lin2022truthfulqa", "title", f"TruthfulQA {EVIL}")  # a related paper's button label
    return shipped_copy


def test_hostile_text_on_the_graph_page_and_the_detail_panel(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(hostile))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    values = _rendered_markdown(app)
    _assert_nothing_fetches(values)
    joined = "\n".join(shown_text(v) for v in values)
    assert EVIL in joined  # shown, as text
    # the summary's link still works (not `github\.com`), and the hostile URL cannot break out of its link
    assert any("(https://github.com/openai/following-instructions-human-feedback)" in v for v in values)
    assert any("(https://ok.example/a%29%20!%5Bx%5D%28http://evil.example/y.png)" in v for v in values)


def test_hostile_text_on_the_papers_page(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_papers_page, hostile, monkeypatch)
    app.run()
    app.selectbox(key="papers_pick").set_value("ouyang2022training").run()
    assert not app.exception
    _assert_nothing_fetches(_rendered_markdown(app))
    links = app.dataframe[0].value.set_index("key")["link"]
    assert links["ouyang2022training"].startswith("https://ok.example/")


def _closed_port_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("READINGLIST_S2_API_URL", closed)
    monkeypatch.setenv("READINGLIST_ARXIV_API_URL", closed + "/api/query")


def test_offline_add_page_says_so_at_once_and_adds_by_hand(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _closed_port_urls(monkeypatch)
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    assert shown_text(app.warning[0].value).startswith("Offline: arXiv and Semantic Scholar cannot be reached")
    assert app.expander[0].label == "Add by id (needs the network)"  # the hand form comes first
    assert not any("--" in v for v in _rendered_markdown(app))  # no command-line flags
    app.text_input(key="hand_title").input("A Hand-Added Paper About Feedback")
    app.text_area(key="hand_authors").input("Ada Lovelace\nAlan Turing")
    app.text_input(key="hand_year").input("2024")
    app.text_input(key="hand_id").input("arXiv:2401.00001")
    next(b for b in app.button if b.label == "Add this paper").click().run()
    assert not app.exception and not app.error
    assert shown_text(app.success[0].value).startswith(
        "Added lovelace2024hand (in a lane of its own, unsorted); its note is notes/lovelace2024hand.md.  \n"
        "Still unknown: venue, abstract"  # the authors and year typed in are not promised to be filled in
    )
    assert "Suggestions page" not in app.success[0].value  # its fetch button fails offline
    assert app.text_input(key="hand_title").value == ""  # the form is cleared for the next paper
    entry = load_library(shipped_copy).entry("lovelace2024hand")
    assert paper_of(entry).authors == ("Ada Lovelace", "Alan Turing") and entry.get("eprint") == "2401.00001"
    assert entry.year == 2024 and entry.status == "unread"
    assert NoteStore(shipped_copy).path_for("lovelace2024hand").exists()


def test_hand_form_refuses_bad_input_with_one_line(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _closed_port_urls(monkeypatch)
    before = shipped_copy.read_bytes()
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    app.text_input(key="hand_title").input("Open { brace")
    next(b for b in app.button if b.label == "Add this paper").click().run()
    assert shown_text(app.error[0].value).startswith("title: the value 'Open { brace' has an unbalanced brace")
    app.text_input(key="hand_title").input("Training language models to follow instructions with human feedback")
    next(b for b in app.button if b.label == "Add this paper").click().run()
    assert "already in the library as ouyang2022training" in shown_text(app.error[0].value)
    assert shipped_copy.read_bytes() == before


def test_a_pasted_hostile_id_is_shown_as_text(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    app.text_area(key="add_ids").input(EVIL)
    next(b for b in app.button if b.label == "Add").click().run()
    assert shown_text(app.error[0].value).startswith(f"'{EVIL}' is not an arXiv id")
    _assert_nothing_fetches(_rendered_markdown(app))


def test_a_failed_suggestions_fetch_is_not_shown_as_success(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.ui import look_up, suggest_view

    _closed_port_urls(monkeypatch)
    monkeypatch.setattr(suggest_view, "online", lambda: True)  # reachable a moment ago, gone when fetching
    monkeypatch.setattr(look_up, "apis_reachable", lambda urls: True)
    app = page_test(_suggest_page, shipped_copy, monkeypatch)
    app.run()
    app.button(key="look-up-every-paper").click().run()
    deadline = time.monotonic() + 30
    while not app.error:  # the lookup runs in the background; the page says what it did once it has ended
        assert time.monotonic() < deadline and not app.exception
        time.sleep(0.1)
        app.run()
    assert not app.exception
    assert not app.success and not app.warning  # one message, not one box per paper
    assert len(app.error) == 1
    message = shown_text(app.error[0].value)
    assert re.fullmatch(
        r"Nothing was looked up: could not reach 127\.0\.0\.1:\d+: nothing fetched for any of the "
        r"54 papers; check your network, or work offline\. The library was not changed\.",
        message,
    ), message
    assert not any("--" in e.value for e in app.error)


def test_offline_suggestions_page_offers_no_fetch(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _closed_port_urls(monkeypatch)
    app = page_test(_suggest_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    assert not [b for b in app.button if b.key == "look-up-every-paper"]  # a button that can only fail is not offered
    assert "fetching it needs the network" in app.info[0].value


def _graph_page() -> None:
    from readinglist.ui import graph_view

    graph_view.page()


@pytest.mark.parametrize(
    "page", [_graph_page, _papers_page, _order_page, _add_page, _suggest_page], ids=lambda f: f.__name__
)
def test_a_library_that_is_not_utf8_is_one_message_on_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page
) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / "papers.bib"
    library.write_bytes("@misc{a2020x, title = {caf\xe9}}\n".encode("latin-1"))
    app = page_test(page, library, monkeypatch)
    app.run()
    assert not app.exception
    assert "is not UTF-8" in shown_text(app.error[0].value)
