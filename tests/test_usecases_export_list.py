"""Exporting the library as its awesome list below the CLI: the list's own lines, the library's values, the text
returned and nothing written."""

from __future__ import annotations

from pathlib import Path

from readinglist.usecases.export_list import ExportListRequest, run


def test_the_list_comes_back_in_its_own_shape_with_the_librarys_values(shipped_copy: Path) -> None:
    text = shipped_copy.read_text(encoding="utf-8").replace(
        "Training language models to follow instructions with human feedback", "A Title Edited In The Library", 1
    )
    shipped_copy.write_text(text, encoding="utf-8")
    report = run(ExportListRequest(shipped_copy))
    assert report.text.startswith("# Medical_NLP\n") and "A Title Edited In The Library" in report.text
    assert report.entries == 105
    assert shipped_copy.read_text(encoding="utf-8") == text  # read, never written


def test_unreadable_entries_are_said_and_a_library_without_a_list_gets_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(
        "@misc{ok2020,\n  title = {Fine Paper},\n  author = {Ada Person},\n  year = {2020},\n}\n\n"
        "@misc{broken,\n  title = {Broken\n",
        encoding="utf-8",
    )
    notes: list[tuple[str, str]] = []
    report = run(ExportListRequest(path), lambda level, text: notes.append((level, text)))
    assert [level for level, _ in notes] == ["warning"] and "1 entry could not be read (line 7)" in notes[0][1]
    assert report.entries == 1 and report.text.startswith("# readinglist\n") and "Fine Paper" in report.text
