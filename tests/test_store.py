"""The lossless store: byte-identical round trips, minimal diffs, atomic and conflict-safe writes."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.errors import ConflictError, InvalidValueError, LibraryFileError, UnsafeKeyError
from readinglist.models import Entry, Problem
from readinglist.store import NoteStore, edit_library, load_library
from readinglist.store.bibfile import decode_value, encode_value, value_problem

from .conftest import DATA, SHIPPED, examples


@pytest.mark.parametrize("source", [SHIPPED, DATA / "odd.bib"], ids=["shipped", "odd"])
def test_unchanged_library_saves_byte_identical(source: Path, tmp_path: Path) -> None:
    path = tmp_path / "lib.bib"
    shutil.copyfile(source, path)
    library = load_library(path)
    assert library.render() == source.read_text(encoding="utf-8")
    assert library.save() is False  # nothing to write
    assert path.read_bytes() == source.read_bytes()


def test_odd_file_keeps_comments_macros_and_reports_failures(tmp_path: Path) -> None:
    path = tmp_path / "odd.bib"
    shutil.copyfile(DATA / "odd.bib", path)
    library = load_library(path)
    assert [e.key for e in library.entries()] == ["Smith2020", "wang2021", "dup"]
    kinds = {(p.kind, p.key, p.line) for p in library.problems}
    assert ("broken-entry", "broken", 19) in kinds
    assert ("duplicate-key", "dup", 21) in kinds
    message = next(p for p in library.problems if p.kind == "broken-entry").describe(path)
    assert message.startswith(f"{path}:19: [broken]")
    library.set_field("wang2021", "year", "2022")
    library.save()
    text = path.read_text(encoding="utf-8")
    assert "@misc{broken, title = {never closed," in text and "@misc{dup, title={two}}" in text
    assert "% @misc{old, title = {commented out}}" in text
    assert 'title = "Quoted" # " and joined"' in text  # unchanged raw values keep their macros


def test_one_field_change_touches_only_that_entry(shipped_copy: Path) -> None:
    before = shipped_copy.read_text(encoding="utf-8").splitlines()
    with edit_library(shipped_copy) as library:
        library.set_field("ouyang2022training", "status", "reading")
    after = shipped_copy.read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, n=0, lineterm="")
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == ["+  status = {reading},"]


def test_changed_entry_keeps_field_order_and_odd_values(tmp_path: Path) -> None:
    path = tmp_path / "odd.bib"
    shutil.copyfile(DATA / "odd.bib", path)
    with edit_library(path) as library:
        library.set_field("smith2020", "year", "2021")
    entry = load_library(path).entry("Smith2020")
    assert list(entry.fields) == ["author", "title", "journal", "year", "title_zh", "x-custom-field"]
    text = path.read_text(encoding="utf-8")
    assert "\tjournal = acl," in text and '\tauthor = "Smith, John and {Google Research}",' in text


def test_set_then_unset_is_byte_identical(shipped_copy: Path) -> None:
    """Across two separate saves (the shipped file is in the store's own format)."""
    before = shipped_copy.read_bytes()
    for key in ("ouyang2022training", "efficient2015feedback", "zuo2020querying"):
        with edit_library(shipped_copy) as library:
            library.set_field(key, "status", "read")
        assert shipped_copy.read_bytes() != before
        with edit_library(shipped_copy) as library:
            library.unset_field(key, "status")
        assert shipped_copy.read_bytes() == before


def test_set_then_unset_in_one_session_restores_a_hand_formatted_entry(tmp_path: Path) -> None:
    path = tmp_path / "odd.bib"
    shutil.copyfile(DATA / "odd.bib", path)
    library = load_library(path)
    library.set_field("Smith2020", "status", "read")
    library.unset_field("Smith2020", "status")
    assert library.render() == (DATA / "odd.bib").read_text(encoding="utf-8")


def test_external_edit_is_never_clobbered(shipped_copy: Path) -> None:
    library = load_library(shipped_copy)
    library.set_field("ouyang2022training", "status", "read")
    edited = shipped_copy.read_text(encoding="utf-8").replace("instruct GPT", "InstructGPT (edited)", 1)
    shipped_copy.write_text(edited, encoding="utf-8")
    with pytest.raises(ConflictError, match="changed on disk"):
        library.save()
    assert shipped_copy.read_text(encoding="utf-8") == edited


def test_two_processes_writing_at_once_lose_nothing(shipped_copy: Path) -> None:
    keys = [e.key for e in load_library(shipped_copy).entries()[:8]]
    env = {**os.environ, "READINGLIST_LIBRARY": str(shipped_copy)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "readinglist.cli", "set", key, "status", "read"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for key in keys
    ]
    assert all(p.wait(timeout=60) == 0 for p in processes)
    library = load_library(shipped_copy)
    assert all(library.entry(key).get("status") == "read" for key in keys)


def test_crlf_bom_and_latin1(tmp_path: Path) -> None:
    path = tmp_path / "crlf.bib"
    data = "\ufeff@misc{a,\r\n  title = {x},\r\n}\r\n".encode()
    path.write_bytes(data)
    library = load_library(path)
    assert library.entry("a").title == "x"
    assert library.render().encode("utf-8") == data
    latin = tmp_path / "latin.bib"
    latin.write_bytes("@misc{a, title={caf\xe9}}".encode("latin-1"))
    with pytest.raises(LibraryFileError, match="not UTF-8"):
        load_library(latin)


def test_missing_file_message_names_it(tmp_path: Path) -> None:
    with pytest.raises(LibraryFileError, match=r"nothere\.bib does not exist"):
        load_library(tmp_path / "nothere.bib")


def test_bad_keys_are_rejected_everywhere(tmp_path: Path) -> None:
    notes = NoteStore(tmp_path / "papers.bib")
    for key in ("../../.bashrc", "a/b", "/tmp/x", "C:evil\\x", "CON", "x" * 300, "a\x00b", "..", ""):
        with pytest.raises(UnsafeKeyError):
            notes.path_for(key)
        library = load_library(tmp_path / "new.bib", create=True)
        with pytest.raises(UnsafeKeyError):
            library.add_entry(Entry(key, "misc", {"title": "t"}))
    path = tmp_path / "unsafe.bib"
    path.write_text("@misc{../evil, title={x}}\n", encoding="utf-8")
    assert [p.kind for p in load_library(path).problems] == ["unsafe-key"]


def test_note_names_stay_apart_on_case_insensitive_file_systems(tmp_path: Path) -> None:
    notes = NoteStore(tmp_path / "papers.bib")
    assert notes.path_for("smith2020").name == "smith2020.md"
    assert notes.path_for("Smith2020").name != notes.path_for("smith2020").name
    assert notes.path_for("Smith2020").parent == (tmp_path / "notes").resolve()


def test_note_save_refuses_clobbering(tmp_path: Path) -> None:
    notes = NoteStore(tmp_path / "papers.bib")
    path = notes.ensure(Entry("k2020x", "misc", {"title": "T", "title_zh": "标题"}))
    text, digest = notes.read("k2020x")
    assert "# T" in text and "标题" in text
    path.write_text("someone else's edit", encoding="utf-8")
    with pytest.raises(ConflictError):
        notes.save("k2020x", "mine", digest)
    assert path.read_text(encoding="utf-8") == "someone else's edit"


def test_bad_field_names_are_rejected(shipped_copy: Path) -> None:
    library = load_library(shipped_copy)
    for name in ("has space", "1abc", "a}b", ""):
        with pytest.raises(InvalidValueError):
            library.set_field("ouyang2022training", name, "x")


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"), max_size=60)
_writable = _text.filter(lambda v: not value_problem(v))  # the rest is refused: see test_bibtex_readers
_names = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.dictionaries(_names, _writable, min_size=1, max_size=6), spacing=st.sampled_from(["", "\n", "\n\n% c\n"])
)
def test_generated_entries_round_trip(tmp_path: Path, values: dict[str, str], spacing: str) -> None:
    path = tmp_path / "gen.bib"
    path.unlink(missing_ok=True)
    with edit_library(path, create=True) as library:
        library.add_entry(Entry("gen2024entry", "misc", {"title": "fixed"}))
        for name, value in values.items():
            library.set_field("gen2024entry", name, value)
    path.write_text(spacing + path.read_text(encoding="utf-8") + spacing, encoding="utf-8")
    reloaded = load_library(path)
    assert not reloaded.problems
    entry = reloaded.entry("gen2024entry")
    for name, value in values.items():
        assert entry.get(name) == value
    assert reloaded.render() == path.read_text(encoding="utf-8")


def test_trailing_backslash_is_refused_before_anything_is_written(shipped_copy: Path) -> None:
    library = load_library(shipped_copy)
    with pytest.raises(InvalidValueError, match="backslash"):
        library.set_field("ouyang2022training", "note_zh", "ends with \\")
    assert not library.is_modified()


@given(value=_text)
def test_encode_decode(value: str) -> None:
    if value_problem(value):
        with pytest.raises(InvalidValueError):
            encode_value(value)
    else:
        assert decode_value(encode_value(value)) == value


def test_the_same_text_read_twice_gives_libraries_that_change_apart(tmp_path: Path) -> None:
    """A second read of an unchanged text copies the first one's parse: an edit to one never shows in the other."""
    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    for path in (first, second):
        shutil.copyfile(SHIPPED, path)
    load_library(second)  # parsed (or copied already): the next two reads are copies of the same parse
    edited = load_library(first)
    status = edited.entry("ouyang2022training").get("status")
    edited.set_field("ouyang2022training", "status", "skimmed")
    edited.problems.append(Problem("test", 1, "", "only in the first"))
    edited.macros["only"] = "in the first"
    again = load_library(second)
    assert again.entry("ouyang2022training").get("status") == status != "skimmed"
    assert again.problems == [] and "only" not in again.macros
    assert again.render() == SHIPPED.read_text(encoding="utf-8")
    edited.save()
    assert load_library(first).entry("ouyang2022training").get("status") == "skimmed"
