"""The app's Merge conflicts page through AppTest, on the shipped library after a conflicting merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.merge.three_way import merge_texts
from readinglist.store import Library, load_library
from readinglist.ui.safe_text import md_text

from .conftest import ROOT, SHIPPED

KEY, GONE = "ouyang2022training", "ibarz2018reward"


def _edited(text: str, status: str, title_zh: str, delete: bool) -> str:
    library = Library(Path("side.bib"), text, None)
    library.set_field(KEY, "status", status)
    library.set_field(KEY, "title_zh", title_zh)
    if delete:
        library.remove_entry(GONE)
    else:
        library.set_field(GONE, "status", "read")
    return library.render()


def write_conflicted(path: Path) -> None:
    """The library at `path` after a merge that left three conflicts: two fields and a deleted-vs-edited entry."""
    base = path.read_text(encoding="utf-8")
    ours = _edited(base, "reading", "训练语言模型遵循指令", delete=False)
    theirs = _edited(base, "read", "<b>用人类反馈训练</b>", delete=True)
    result = merge_texts(base, ours, theirs)
    assert [c.what for c in result.conflicts] == ["deleted by theirs", "title_zh", "status"]
    path.write_text(result.text, encoding="utf-8")


@pytest.fixture
def conflicted(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_conflicted(shipped_copy)
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    return shipped_copy


def _conflicts_page() -> None:
    from readinglist.ui import conflicts_view

    conflicts_view.page()


def test_page_shows_both_values_and_keeps_theirs(conflicted: Path) -> None:
    app = AppTest.from_function(_conflicts_page, default_timeout=60)
    app.run()
    assert not app.exception
    assert [h.value for h in app.subheader] == [GONE, KEY]
    kept, *values = [c.value for c in app.code]
    assert kept.startswith("title = Reward learning from human preferences") and "status = read" in kept
    assert values == ["训练语言模型遵循指令", "<b>用人类反馈训练</b>", "reading", "read"]
    assert any("Deleted on **theirs** (the branch you merged in), edited on **ours**" in m.value for m in app.markdown)
    app.button(key=f"pick-theirs-{KEY}-status").click().run()
    assert [s.value for s in app.success] == [md_text(f"{KEY}: status set to theirs")]  # shown as text
    entry = load_library(conflicted).entry(KEY)
    assert entry.get("status") == "read" and "status_theirs" not in entry.fields
    assert entry.get("conflict") == "title_zh"
    assert [c.value for c in app.code][1:] == ["训练语言模型遵循指令", "<b>用人类反馈训练</b>"]


def test_page_saves_an_edited_value_and_deletes_an_entry(conflicted: Path) -> None:
    app = AppTest.from_function(_conflicts_page, default_timeout=60)
    app.run()
    app.text_area(key=f"edit-{KEY}-title_zh").input("训练语言模型遵循人类指令")
    app.button(key=f"save-{KEY}-title_zh").click().run()
    app.button(key=f"delete-{GONE}").click().run()
    library = load_library(conflicted)
    assert library.entry(KEY).get("title_zh") == "训练语言模型遵循人类指令"
    assert "title_zh_theirs" not in library.entry(KEY).fields
    assert GONE not in library
    app.button(key=f"pick-ours-{KEY}-status").click().run()
    assert load_library(conflicted).entry(KEY).get("status") == "reading"
    assert "conflict" not in load_library(conflicted).entry(KEY).fields
    assert next(i.value for i in app.info).startswith("No merge conflicts in papers.bib")


def test_app_warns_in_the_sidebar_only_while_conflicts_exist(conflicted: Path, shipped_copy: Path) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert [w.value for w in app.sidebar.warning] == ["papers.bib has 3 merge conflict(s) from git."]
    Path(conflicted).write_bytes(SHIPPED.read_bytes())
    app.run()
    assert not app.exception and not app.sidebar.warning
