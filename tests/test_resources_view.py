"""The Resources page: the list's non-paper entries by kind, with links, and library text shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.store import edit_library


def _resources_page() -> None:
    from readinglist.ui import resources_view

    resources_view.page()


def _page(library: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(library))
    return AppTest.from_function(_resources_page, default_timeout=60)


def test_resources_page_lists_and_filters_by_kind(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _page(shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    table = app.table[0].value
    assert len(table) == 47 and "ouyang2022training" not in set(table["name"])
    assert "Huatuo\\-26M" in set(table["name"]) and "大型语言模型" not in " ".join(table["name"])
    assert "None" not in set(table["paper"]) | set(table["links"])  # an empty cell is empty
    cmb = table[table["name"] == "CMB"].iloc[0]
    assert (
        cmb["links"] == "[open](https://cmedbenchmark.llmzoo.com/) · [code](https://github.com/FreedomIntelligence/CMB)"
    )
    assert cmb["介绍"].endswith("复杂临床问诊能力")  # the whole description, not its first characters
    app.multiselect(key="resources_kind").set_value(["dataset"]).run()
    table = app.table[0].value
    assert len(table) == 18 and set(table["kind"]) == {"数据集"}
    assert table[table["name"] == "COMETA"]["paper"].iloc[0].startswith("COMETA\\: A Corpus")
    app.text_input(key="resources_query").input("实体链接").run()
    assert set(app.table[0].value["name"]) == {"COMETA", "MedMentions"}


def test_resource_text_is_never_markdown(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with edit_library(shipped_copy) as library:
        library.set_field("cmb", "description_zh", "![x](http://evil.example/p.png) <img src=x onerror=alert(1)>")
    app = _page(shipped_copy, monkeypatch)
    app.run()
    app.selectbox(key="resources_pick").set_value("cmb").run()
    assert not app.exception
    assert any("evil.example" in t.value for t in app.text)  # shown as plain text
    assert not any("evil.example" in m.value for m in app.markdown)  # never rendered as Markdown
    cell = app.table[0].value.set_index("name").loc["CMB", "介绍"]
    assert cell.startswith("\\!\\[x\\]\\(http\\:") and "\\<img" in cell  # escaped in the table


def test_resources_page_on_a_library_without_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "papers.bib"
    library.write_text("@article{a2020x,\n  title = {A},\n  year = {2020},\n}\n", encoding="utf-8")
    app = _page(library, monkeypatch)
    app.run()
    assert not app.exception and "No resources" in app.info[0].value
