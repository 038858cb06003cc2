"""The app's note editor keeps what the user typed when notes/<key>.md changes on disk meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.store import NoteStore
from readinglist.ui.note_editor import merged_text

KEY = "ouyang2022training"


def _detail_page() -> None:
    from readinglist.ui.data import load_graph
    from readinglist.ui.detail import show_detail

    show_detail(load_graph(), "ouyang2022training")


@pytest.fixture
def editor(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, Path]:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    note = NoteStore(shipped_copy).path_for(KEY)
    note.parent.mkdir(exist_ok=True)
    note.write_text("# InstructGPT\n\nfirst line\n", encoding="utf-8")
    app = AppTest.from_function(_detail_page, default_timeout=60)
    app.run()
    assert not app.exception
    return app, note


def _type_then_change_the_file(app: AppTest, note: Path) -> None:
    app.text_area(key=f"note-{KEY}").input("# InstructGPT\n\nfirst line\nmy typed thought\n").run()
    note.write_text("# InstructGPT\n\nfirst line\nadded in an editor\n", encoding="utf-8")
    app.run()  # any rerun (another click anywhere) must keep the typed text
    assert "my typed thought" in app.text_area(key=f"note-{KEY}").value
    assert any("changed on disk since you opened it" in i.value for i in app.info)
    app.button(key=f"save-note-{KEY}").click().run()


def test_save_over_a_changed_file_shows_both_and_writes_nothing(editor: tuple[AppTest, Path]) -> None:
    app, note = editor
    _type_then_change_the_file(app, note)
    assert not app.exception
    assert "my typed thought" in app.text_area(key=f"note-{KEY}").value
    assert note.read_text(encoding="utf-8").endswith("added in an editor\n")  # nothing written yet
    assert not app.success
    assert "Nothing was written" in app.warning[0].value
    (toast,) = [t.value for t in app.toast]  # in view wherever the panel is scrolled
    assert toast.startswith("Not saved") and "changed on disk" in toast
    shown = [c.value for c in app.code]
    assert any("my typed thought" in c for c in shown) and any("added in an editor" in c for c in shown)
    app.run()  # still undecided after a rerun: still nothing written
    assert note.read_text(encoding="utf-8").endswith("added in an editor\n")


def test_keep_mine_writes_the_typed_text(editor: tuple[AppTest, Path]) -> None:
    app, note = editor
    _type_then_change_the_file(app, note)
    app.button(key=f"note-mine-{KEY}").click().run()
    assert note.read_text(encoding="utf-8").endswith("my typed thought\n")
    assert app.success[0].value == "Note saved\\."


def test_take_theirs_shows_the_file_and_writes_nothing(editor: tuple[AppTest, Path]) -> None:
    app, note = editor
    _type_then_change_the_file(app, note)
    app.button(key=f"note-theirs-{KEY}").click().run()
    assert app.text_area(key=f"note-{KEY}").value.endswith("added in an editor\n")
    assert note.read_text(encoding="utf-8").endswith("added in an editor\n")


def test_merge_puts_both_in_the_editor_and_the_next_save_writes_it(editor: tuple[AppTest, Path]) -> None:
    app, note = editor
    _type_then_change_the_file(app, note)
    app.button(key=f"note-merge-{KEY}").click().run()
    merged = app.text_area(key=f"note-{KEY}").value
    assert "my typed thought" in merged and "added in an editor" in merged and "<<<<<<< your text" in merged
    assert note.read_text(encoding="utf-8").endswith("added in an editor\n")
    app.text_area(key=f"note-{KEY}").input("# InstructGPT\n\nfirst line\nboth, merged\n").run()
    app.button(key=f"save-note-{KEY}").click().run()
    assert note.read_text(encoding="utf-8").endswith("both, merged\n")


def test_an_untouched_editor_follows_the_file(editor: tuple[AppTest, Path]) -> None:
    app, note = editor
    note.write_text("# InstructGPT\n\nchanged elsewhere\n", encoding="utf-8")
    app.run()
    assert app.text_area(key=f"note-{KEY}").value.endswith("changed elsewhere\n")
    assert not app.info


def test_a_plain_save_writes(editor: tuple[AppTest, Path]) -> None:
    app, note = editor
    app.text_area(key=f"note-{KEY}").input("mine\n").run()
    app.button(key=f"save-note-{KEY}").click().run()
    assert note.read_text(encoding="utf-8") == "mine\n"
    app.text_area(key=f"note-{KEY}").input("mine, again\n").run()
    app.button(key=f"save-note-{KEY}").click().run()
    assert note.read_text(encoding="utf-8") == "mine, again\n"


def test_merged_text_keeps_every_line_of_both() -> None:
    merged = merged_text("a\nb\nmine", "a\ntheirs\nb\n")
    assert merged.startswith("a\n") and "mine\n" in merged and "theirs\n" in merged
