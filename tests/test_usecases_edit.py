"""The editing use cases below the CLI and the app: typed requests in, reports in words out, notes as they arise."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.errors import InvalidValueError, UnknownKeyError
from readinglist.store import load_library
from readinglist.usecases import edit_entry, open_note


def _collect() -> tuple[list[tuple[str, str]], edit_entry.Notify]:
    notes: list[tuple[str, str]] = []
    return notes, lambda level, text: notes.append((level, text))


def test_mark_by_common_name_writes_the_status_and_says_how_the_paper_was_found(shipped_copy: Path) -> None:
    notes, notify = _collect()
    report = edit_entry.mark(edit_entry.MarkRequest(shipped_copy, "InstructGPT", "read"), notify)
    assert report.key == "ouyang2022training" and report.changed and report.outcome.ok
    assert report.outcome.changed == ["ouyang2022training: status set to 'read'"]
    assert [level for level, _ in notes] == ["info"] and "InstructGPT → ouyang2022training" in notes[0][1]
    assert load_library(shipped_copy).entry("ouyang2022training").get("status") == "read"
    assert not any("--" in line for line in report.outcome.changed + report.outcome.next_steps)  # no CLI flags


def test_an_unknown_status_is_refused_before_the_library_is_touched(shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    with pytest.raises(InvalidValueError, match="unknown status 'done'; use one of unread, reading, read"):
        edit_entry.mark(edit_entry.MarkRequest(shipped_copy, "ouyang2022training", "done"))
    assert shipped_copy.read_bytes() == before


def test_removing_a_missing_field_changes_nothing_and_reports_no_change(shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    report = edit_entry.run(edit_entry.EditRequest(shipped_copy, "ouyang2022training", "no_such_field"))
    assert not report.changed and report.outcome.changed == []
    assert shipped_copy.read_bytes() == before


def test_an_unknown_paper_raises_and_writes_nothing(shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    with pytest.raises(UnknownKeyError, match="no paper matches 'InstructGTP'"):
        edit_entry.run(edit_entry.EditRequest(shipped_copy, "InstructGTP", "status", "read"))
    assert shipped_copy.read_bytes() == before


def test_entries_left_out_are_a_warning_before_the_edit(tmp_path: Path) -> None:
    bib = tmp_path / "papers.bib"
    bib.write_text("@misc{a2020, title={A}}\n\n@misc{broken\n\n@misc{c2021, title={C}}\n", encoding="utf-8")
    notes, notify = _collect()
    edit_entry.run(edit_entry.EditRequest(bib, "a2020", "note", "seen"), notify)
    assert [level for level, _ in notes] == ["warning"] and "could not be read" in notes[0][1]
    assert load_library(bib).entry("a2020").get("note") == "seen"


def test_a_note_is_made_once_and_then_only_found(shipped_copy: Path) -> None:
    first = open_note.run(open_note.NoteRequest(shipped_copy, "InstructGPT"))
    assert first.created and first.path == shipped_copy.parent / "notes" / "ouyang2022training.md"
    first.path.write_text("my own words\n", encoding="utf-8")
    again = open_note.run(open_note.NoteRequest(shipped_copy, "ouyang2022training"))
    assert not again.created and again.outcome.changed == []
    assert first.path.read_text(encoding="utf-8") == "my own words\n"


def test_resolving_a_conflict_refuses_an_unclear_choice_and_writes_nothing(tmp_path: Path) -> None:
    from readinglist.errors import ReadingListError
    from readinglist.usecases import resolve_conflict

    bib = tmp_path / "papers.bib"
    bib.write_text("@misc{a2020, title={A}}\n", encoding="utf-8")
    before = bib.read_bytes()
    with pytest.raises(InvalidValueError, match="give either a side"):
        resolve_conflict.run(resolve_conflict.ResolveRequest(bib, "a2020", "title", "ours", "edited"))
    with pytest.raises(ReadingListError):  # no conflict recorded on that field
        resolve_conflict.run(resolve_conflict.ResolveRequest(bib, "a2020", "title", "ours"))
    assert bib.read_bytes() == before
