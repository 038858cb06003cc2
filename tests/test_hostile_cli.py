"""One line, never a traceback, never a silent loss: git-setup's files, check's values, diff's arguments, init."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .test_merge_git import GIT_ENV


def git_repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", folder], check=True, env={**os.environ, **GIT_ENV})
    return folder


@pytest.mark.parametrize("kind", ["latin-1", "folder"])
def test_git_setup_with_an_unreadable_gitattributes_is_one_line(run_cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    repo = git_repo(tmp_path)
    attributes = repo / ".gitattributes"
    if kind == "folder":
        attributes.mkdir()
    else:
        attributes.write_bytes("*.txt text # café\n".encode("latin-1"))
    result = run_cli("git-setup", cwd=repo, env=GIT_ENV)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and str(attributes) in result.stderr
    assert ("is a folder" if kind == "folder" else "is not UTF-8") in result.stderr


def test_git_setup_keeps_a_crlf_gitattributes_crlf(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = git_repo(tmp_path)
    (repo / ".gitattributes").write_bytes(b"*.txt text\r\n")
    assert run_cli("git-setup", cwd=repo, env=GIT_ENV).returncode == 0
    assert (repo / ".gitattributes").read_bytes() == b"*.txt text\r\n*.bib merge=readinglist diff=readinglist\r\n"


@pytest.mark.parametrize(("char", "code"), [("\x00", "0000"), ("\x0c", "000C"), ("\x0b", "000B")])
def test_check_flags_values_the_store_would_refuse(run_cli, tmp_path: Path, char: str, code: str) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / "papers.bib"
    library.write_text(
        f"@misc{{a,\n  title = {{A{char}B}},\n  author = {{X}},\n  year = {{2020}},\n}}\n", encoding="utf-8"
    )
    result = run_cli("--library", str(library), "check")
    assert result.returncode == 1
    assert f"[a] title: the value contains a control character (U+{code})" in result.stdout + result.stderr
    refused = run_cli("--library", str(library), "set", "a", "note", f"x{char}y")
    assert refused.returncode == 1 and f"U+{code}" in refused.stderr


def test_check_does_not_flag_crlf_line_breaks(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / "papers.bib"
    library.write_bytes(b"@misc{a,\r\n  title = {A\r\nB},\r\n  author = {X},\r\n  year = {2020},\r\n}\r\n")
    assert run_cli("--library", str(library), "check").returncode == 0


def test_diff_never_passes_an_argument_to_git_as_an_option(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = git_repo(tmp_path)
    target = tmp_path / "x:y"
    result = run_cli("diff", "--", f"--output={target}", cwd=repo, env=GIT_ENV)
    assert result.returncode == 1 and "never starts with '-'" in result.stderr
    assert not target.exists()


def test_diff_of_an_endless_file_is_refused(run_cli, shipped_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--library", str(shipped_copy), "diff", "/dev/zero")
    assert result.returncode == 1 and "/dev/zero is larger than 200 MB" in result.stderr


def test_init_says_it_kept_the_users_sections_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "lib"
    target.mkdir()
    (target / "papers.sections").write_text("# my own sections\n", encoding="utf-8")
    result = run_cli("init", str(target))
    assert result.returncode == 0, result.stderr
    assert "wrote" not in " ".join(line for line in result.stdout.splitlines() if "papers.sections" in line)
    assert f"kept your {target / 'papers.sections'}" in result.stdout
    assert (target / "papers.sections").read_text(encoding="utf-8") == "# my own sections\n"


def test_a_persons_own_conflict_field_is_not_a_merge_conflict(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / "papers.bib"
    library.write_text(
        "@misc{a,\n  title = {A},\n  author = {X},\n  year = {2020},\n  conflict = {none declared},\n}\n",
        encoding="utf-8",
    )
    result = run_cli("--library", str(library), "check")
    assert result.returncode == 0 and "merge conflict" not in result.stdout + result.stderr


def test_diff_compares_keys_exactly(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old, new = tmp_path / "old.bib", tmp_path / "new.bib"
    old.write_text("@misc{Dup2023,\n  title = {Upper},\n}\n", encoding="utf-8")
    new.write_text("@misc{dup2023,\n  title = {Lower},\n}\n", encoding="utf-8")
    result = run_cli("diff", str(old), str(new))
    assert "added dup2023: Lower" in result.stdout and "removed Dup2023: Upper" in result.stdout
