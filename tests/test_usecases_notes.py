"""The app's writes as use cases, called directly: saving a note over the version it started from, and settling a
merge conflict on any entry the file holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.errors import LibraryFileError
from readinglist.store import NoteStore, load_library
from readinglist.store.atomic import digest_bytes
from readinglist.usecases import resolve_conflict, save_note

KEY = "ouyang2022training"


def test_a_note_is_saved_over_the_version_it_started_from(shipped_copy: Path) -> None:
    first = save_note.run(save_note.SaveNoteRequest(shipped_copy, KEY, "first\n", None))
    assert first.saved and first.path == shipped_copy.parent / "notes" / f"{KEY}.md"
    assert first.path.read_text(encoding="utf-8") == "first\n" and first.digest == digest_bytes(b"first\n")
    assert first.outcome.changed == [f"{KEY}: note saved in {first.path}"] and first.outcome.ok
    second = save_note.run(save_note.SaveNoteRequest(shipped_copy, KEY, "second\n", first.digest))
    assert second.saved and NoteStore(shipped_copy).read(KEY) == ("second\n", second.digest)


@pytest.mark.parametrize("started_from", [None, "older"])
def test_a_note_changed_on_disk_meanwhile_is_not_replaced(shipped_copy: Path, started_from: str | None) -> None:
    path = NoteStore(shipped_copy).path_for(KEY)
    path.parent.mkdir()
    path.write_text("written in an editor\n", encoding="utf-8")
    expected = digest_bytes(started_from.encode()) if started_from else None  # not what is on disk now
    report = save_note.run(save_note.SaveNoteRequest(shipped_copy, KEY, "typed in the app\n", expected))
    assert not report.saved and report.digest is None
    assert path.read_text(encoding="utf-8") == "written in an editor\n"
    assert report.outcome.failed == [f"{path.name} changed on disk since it was opened (edited elsewhere); "
                                     "nothing was written"]  # fmt: skip
    assert report.outcome.next_steps and not any("--" in s for s in report.outcome.next_steps)


def test_a_read_only_note_is_one_line_and_stays(shipped_copy: Path) -> None:
    path = NoteStore(shipped_copy).path_for(KEY)
    path.parent.mkdir()
    path.write_text("mine\n", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(LibraryFileError, match="is read-only"):
        save_note.run(save_note.SaveNoteRequest(shipped_copy, KEY, "other\n", digest_bytes(b"mine\n")))
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_a_conflict_is_settled_on_any_key_the_file_holds(tmp_path: Path) -> None:
    """The app settles what the file holds, even a key unfit for a note's file name (`check` reports that)."""
    bib = tmp_path / "papers.bib"
    bib.write_text(
        "@misc{a/b,\n  conflict = {status},\n  title = {A},\n  status = {read},\n  status_theirs = {unread},\n}\n",
        encoding="utf-8",
    )
    report = resolve_conflict.run(resolve_conflict.ResolveRequest(bib, "a/b", "status", "theirs"))
    assert report.outcome.changed == ["a/b: status set to theirs"]
    entry = load_library(bib).entry("a/b")
    assert entry.fields == {"title": "A", "status": "unread"}
