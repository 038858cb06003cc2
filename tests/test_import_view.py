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
    assert "ChatGLM" in list(preview["title"]) and "Model" in set(preview["section"])
    button = app.button(key="import_go")
    assert button.label == f"Import 22 entries into {library}"  # the whole path: where it is written
    button.click().run()
    assert not app.exception
    assert len(load_library(library)) == 22
    said = [s for s in app.success if f"Imported into {library}: 22 added" in shown_text(s.value)]
    assert len(said) == 2  # at the top, and again where the Import button was (in view after the click)
    metrics = {m.label: m.value for m in app.metric}  # the figures of the import that ran, not recomputed
    assert metrics["Added"] == "22" and metrics["Merged / already there"] == "0"
    assert not [b for b in app.button if b.key == "import_go"]


def test_a_list_with_only_a_table_of_contents_says_what_was_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page_test(_import_page, tmp_path / "papers.bib", monkeypatch)
    app.run()
    app.text_area(key="import_text").set_value("# L\n- [A](#a)\n- [B](https://example.org/b)\n- [C](#c)\n").run()
    assert not app.exception
    assert not [b for b in app.button if b.key == "import_go"]  # nothing to import
    assert "line 3: a link in the table of contents" in app.text[0].value
    assert any("no item with a link was found" in shown_text(w.value) for w in app.warning)


def test_a_png_named_on_the_path_tab_is_named_as_an_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    picture = tmp_path / "x.png"
    picture.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(32))
    app = page_test(_import_page, tmp_path / "papers.bib", monkeypatch)
    app.run()
    app.text_input(key="import_path").set_value(str(picture)).run()
    assert not app.exception
    errors = [shown_text(e.value) for e in app.error]
    assert errors == [f"{picture} looks like a PNG image, not a Markdown list; give the list's README.md (text)"]
