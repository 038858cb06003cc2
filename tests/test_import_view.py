"""The Import page (AppTest): paste a list, see its report and preview with nothing written, then import it."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.store import load_library

from .test_app import page_test, shown_text

LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"


def _import_page() -> None:
    from readinglist.ui import import_view

    import_view.page()


def test_paste_preview_then_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "papers.bib"
    app = page_test(_import_page, library, monkeypatch)
    app.run()
    assert not app.exception and not library.exists()
    app.text_area(key="import_text").set_value((LISTS / "chinese_llm.md").read_text(encoding="utf-8")).run()
    assert not app.exception and not library.exists()  # a preview writes nothing
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Items read"] == "22" and metrics["New entries"] == "22"
    preview = app.dataframe[0].value
    assert "ChatGLM" in list(preview["title"]) and "model" in set(preview["section"])
    button = app.button(key="import_go")
    assert button.label == "Import 22 entries into papers.bib"
    button.click().run()
    assert not app.exception
    assert len(load_library(library)) == 22
    assert any("Imported: 22 added" in shown_text(s.value) for s in app.success)


def test_a_list_with_only_a_table_of_contents_says_what_was_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page_test(_import_page, tmp_path / "papers.bib", monkeypatch)
    app.run()
    app.text_area(key="import_text").set_value("# L\n- [A](#a)\n- [B](https://example.org/b)\n- [C](#c)\n").run()
    assert not app.exception
    assert app.button(key="import_go").disabled
    assert "line 3: a link in the table of contents" in app.text[0].value
