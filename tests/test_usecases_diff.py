"""Comparing two versions of a library below the CLI: the changes as lines and as data, and what is refused."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from readinglist.errors import LibraryFileError
from readinglist.usecases.diff_libraries import DiffRequest, run, textconv

OLD = "@misc{kept2020,\n  title = {Kept},\n  status = {unread},\n}\n\n@misc{gone2019,\n  title = {Gone},\n}\n"
NEW = (
    "@misc{kept2020,\n  title = {Kept},\n  status = {read},\n}\n\n"
    "@misc{new2024,\n  title = {New},\n  year = {2024},\n}\n"
)


def versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.bib", tmp_path / "new.bib"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_changes_by_entry_and_field_as_lines_and_as_data(tmp_path: Path) -> None:
    old, new = versions(tmp_path)
    report = run(DiffRequest(str(old), str(new)))
    assert report.lines == ["kept2020: status unread → read", "added new2024: New (2024)", "removed gone2019: Gone"]
    assert report.records == {
        "added": ["new2024"],
        "removed": ["gone2019"],
        "changed": [{"key": "kept2020", "type": None, "fields": {"status": {"old": "unread", "new": "read"}}}],
        "text": [],
    }
    assert run(DiffRequest(str(new), str(new))).lines == []
    assert old.read_text(encoding="utf-8") == OLD and new.read_text(encoding="utf-8") == NEW


def test_a_git_revision_is_read_and_one_that_looks_like_an_option_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, new = versions(tmp_path)
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q", "-b", "main"], ["add", "old.bib"], [*identity, "commit", "-qm", "old"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True)
    monkeypatch.chdir(tmp_path)  # git reads the revision in the working folder, as the CLI run there does
    assert run(DiffRequest("main:old.bib", str(new))).lines[0] == "kept2020: status unread → read"
    with pytest.raises(LibraryFileError, match="never starts with '-'"):
        run(DiffRequest(f"--output={tmp_path / 'x:y'}", str(new)))
    assert not (tmp_path / "x:y").exists()


def test_a_version_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.bib"
    with huge.open("wb") as handle:
        handle.truncate(200 * 10**6 + 1)  # sparse: no disk used
    with pytest.raises(LibraryFileError, match="larger than 200 MB"):
        run(DiffRequest(str(huge), str(huge)))


def test_textconv_is_one_line_per_field(tmp_path: Path) -> None:
    old, _ = versions(tmp_path)
    lines = textconv(str(old)).splitlines()
    assert lines[:3] == ["@misc{kept2020}", "kept2020.title = Kept", "kept2020.status = unread"]
