"""The app's logic through Streamlit's AppTest, on a copy of the shipped library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.store import edit_library, load_library

from .conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def app(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    return AppTest.from_file(APP, default_timeout=60)


def test_graph_page_focuses_instructgpt_and_shows_its_summary(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.selectbox(key="focus_pick").value == "ouyang2022training"
    text = " ".join(m.value for m in app.markdown)
    assert "使语言模型更大并不能从本质上使它们更好地遵循用户的意图" in text


def test_search_and_filters_change_what_is_shown(app: AppTest) -> None:
    app.run()
    app.text_input(key="search").input("Toolformer").run()
    assert app.selectbox(key="focus_pick").options == [
        "Schick et al. 2023 — Toolformer: Language Models Can Teach Themselves to Use Tools"
    ]
    app.text_input(key="search").input("").run()
    app.multiselect(key="sections").select("survey").run()
    assert len(app.selectbox(key="focus_pick").options) == 2


def test_focus_and_depth(app: AppTest) -> None:
    app.run()
    captions = lambda: " ".join(c.value for c in app.caption)  # noqa: E731
    app.slider(key="depth").set_value(1).run()
    assert "11 in Ouyang et al. 2022's lineage within 1 steps" in captions()  # 10 prerequisites + GPT-4
    app.slider(key="depth").set_value(3).run()
    assert "within 3 steps" in captions() and "11 in" not in captions()


def test_related_paper_button_moves_the_focus(app: AppTest) -> None:
    app.run()
    button = next(b for b in app.button if b.key == "go-Builds on / cites-lin2022truthfulqa")
    button.click().run()
    assert app.selectbox(key="focus_pick").value == "lin2022truthfulqa"
    assert not app.exception


def _order_page() -> None:
    from readinglist.ui import order_view

    order_view.page()


def _papers_page() -> None:
    from readinglist.ui import papers_view

    papers_view.page()


def page_test(function, library: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("READINGLIST_LIBRARY", str(library))
    return AppTest.from_function(function, default_timeout=60)


def test_order_page_downloads_hold_the_order(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_order_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    buttons = {b.label: b for b in app.get("download_button")}
    assert set(buttons) == {"Markdown", "BibTeX", "CSV", "JSON", "CSL-JSON"}
    checkbox = app.checkbox(key="read-ouyang2022training")
    checkbox.check().run()
    assert load_library(shipped_copy).entry("ouyang2022training").status == "read"


def test_hostile_title_is_shown_as_text(app: AppTest, shipped_copy: Path) -> None:
    with edit_library(shipped_copy) as library:
        library.set_field("ouyang2022training", "title_zh", "<img src=x onerror=alert(1)>")
    app.run()
    assert not app.exception
    shown = [m.value for m in app.markdown if "img" in m.value]
    assert shown and all(not re.search(r"(?<!\\)<", value) for value in shown)  # every '<' is escaped


def test_papers_page_filters_the_table(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_papers_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 58
    app.text_input(key="papers_query").input("摘要生成").run()
    assert list(app.dataframe[0].value["key"]) == ["stiennon2020learning"]
