"""Odd files and folders: symlinks, read-only files, a symlinked lock, unwritable notes, CRLF, near-duplicate keys."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from readinglist.errors import InvalidValueError, LibraryFileError, UnknownKeyError
from readinglist.store import NoteStore, edit_library, load_library

from .replay import serve_defaults
from .test_enrich import without_instructgpt

ENTRY = "@misc{a2020x,\n  title = {A},\n  year = {2020},\n}\n"


def test_a_symlinked_library_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "papers.bib"
    real.parent.mkdir()
    real.write_text(ENTRY, encoding="utf-8")
    link = tmp_path / "papers.bib"
    link.symlink_to(real)
    with edit_library(link) as library:
        library.set_field("a2020x", "status", "read")
    assert link.is_symlink() and link.resolve() == real
    assert load_library(real).entry("a2020x").status == "read"


def test_a_read_only_library_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(ENTRY, encoding="utf-8")
    path.chmod(0o444)
    inode = path.stat().st_ino
    with (
        pytest.raises(LibraryFileError, match=r"papers\.bib is read-only \(mode 444\); nothing was written"),
        edit_library(path) as library,
    ):
        library.set_field("a2020x", "status", "read")
    assert path.read_text(encoding="utf-8") == ENTRY and path.stat().st_ino == inode


def test_a_lock_file_that_is_a_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(ENTRY, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / ".papers.bib.lock").symlink_to(victim)
    with (
        pytest.raises(LibraryFileError, match="is a symbolic link; nothing was written"),
        edit_library(path) as library,
    ):
        library.set_field("a2020x", "status", "read")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert path.read_text(encoding="utf-8") == ENTRY


def test_an_unwritable_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(ENTRY, encoding="utf-8")

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # root ignores folder permissions, so refuse here
    with (
        pytest.raises(LibraryFileError, match=r"cannot write in .* \(Permission denied\); nothing was written"),
        edit_library(path) as library,
    ):
        library.set_field("a2020x", "status", "read")
    assert path.read_text(encoding="utf-8") == ENTRY
    if os.geteuid() != 0:  # the real thing, where permissions apply
        tmp_path.chmod(0o555)
        try:
            result = run_cli("--library", str(path), "set", "a2020x", "status", "read")
        finally:
            tmp_path.chmod(0o755)
        assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_add_refuses_before_writing_when_notes_cannot_be_written(
    httpserver: HTTPServer, run_cli, shipped_copy: Path
) -> None:
    serve_defaults(httpserver)
    without_instructgpt(shipped_copy)
    (shipped_copy.parent / "notes").write_text("a file where the notes folder should be", encoding="utf-8")
    before = shipped_copy.read_bytes()
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    result = run_cli("--library", str(shipped_copy), "add", "2203.02155", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot write notes in ") and "nothing was added" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert shipped_copy.read_bytes() == before


def test_notes_store_reports_an_unreadable_note(tmp_path: Path) -> None:
    notes = NoteStore(tmp_path / "papers.bib")
    notes.folder.mkdir()
    notes.path_for("a2020x").write_bytes(b"caf\xe9")
    with pytest.raises(LibraryFileError, match="is not UTF-8"):
        notes.read("a2020x")


def test_a_killed_save_leaves_a_temp_file_that_the_next_save_removes(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(ENTRY, encoding="utf-8")
    stale = tmp_path / ".papers.bib.k1ll3d.tmp"
    stale.write_bytes(b"x" * 1_000_000)  # what `kill -9` during a save leaves behind
    unrelated = tmp_path / ".other.bib.k1ll3d.tmp"
    unrelated.write_bytes(b"keep")
    with edit_library(path) as library:
        library.set_field("a2020x", "status", "read")
    assert not stale.exists() and unrelated.exists()
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == [".other.bib.k1ll3d.tmp"]


def test_editing_an_entry_in_a_crlf_file_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_bytes(ENTRY.replace("\n", "\r\n").encode())
    with edit_library(path) as library:
        library.set_field("a2020x", "status", "read")
        library.add_entry(library.entry("a2020x").__class__("b2021y", "misc", {"title": "B"}))
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"  status = {read},\r\n" in data and b"@misc{b2021y,\r\n" in data


def test_keys_are_matched_exactly_when_two_differ_only_in_case(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "papers.bib"
    text = "@misc{Dup2020,\n  title = {Upper},\n}\n\n@misc{dup2020,\n  title = {Lower},\n}\n"
    path.write_text(text, encoding="utf-8")
    result = run_cli("--library", str(path), "set", "dup2020", "note", "edited")
    assert result.returncode == 0, result.stderr
    library = load_library(path)
    assert library.entry("dup2020").get("note") == "edited"
    assert library.entry("Dup2020").get("note") == ""
    assert [p.kind for p in library.problems] == ["duplicate-key"]  # BibTeX would mix them up: reported
    with pytest.raises(UnknownKeyError, match="did you mean one of 'Dup2020', 'dup2020'"):
        library.entry("DUP2020")


def test_a_stray_brace_that_cuts_an_entry_short_is_reported(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "papers.bib"
    path.write_text("@misc{a2020x,\n  title = {A}},\n  year = {2020},\n}\n", encoding="utf-8")
    library = load_library(path)
    assert library.entry("a2020x").year is None
    problem = next(p for p in library.problems if p.kind == "cut-off-fields")
    assert problem.line == 3 and "stray }" in problem.message
    result = run_cli("--library", str(path), "check")
    assert result.returncode == 1 and "papers.bib:3: text 'year = {'" in result.stdout


def test_entry_lines_are_where_the_entries_start(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text("% header\n\n" + ENTRY + "\n% between\n" + ENTRY.replace("a2020x", "b2021y"), encoding="utf-8")
    library = load_library(path)
    assert [library.line_of(k) for k in ("a2020x", "b2021y")] == [3, 9]


def test_a_value_set_around_set_field_is_refused_at_save_naming_entry_and_field(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(ENTRY, encoding="utf-8")
    refused = r"^a2020x: abstract: the value 'x \\\\} y' has an unbalanced brace"
    with pytest.raises(InvalidValueError, match=refused), edit_library(path) as library:
        library.entry("a2020x").fields["abstract"] = "x \\} y"  # as enrichment writes fields
    assert path.read_text(encoding="utf-8") == ENTRY
