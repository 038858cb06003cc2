"""The use cases of the library's files and git, called directly: `init`, `git-setup` and the merge driver."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from readinglist.errors import LibraryFileError, ReadingListError
from readinglist.store import Library, load_library
from readinglist.usecases import merge_files, set_up_git, start_library

from .conftest import PACKAGED, SHIPPED
from .test_merge_git import GIT_ENV

KEY = "ouyang2022training"


def _no_flags(words: list[str]) -> None:
    assert not any(" --" in line or line.startswith("-") for line in words), words


def test_start_writes_the_shipped_library_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "medical-nlp"
    report = start_library.run(start_library.StartRequest(folder))
    assert (folder / "papers.bib").read_bytes() == PACKAGED.read_bytes()
    names = ["papers.bib", "papers.sections", "discover.toml"]
    assert report.files == [start_library.FileDone(folder / n, written=True) for n in names]
    assert report.outcome.changed == [f"wrote {folder / n}" for n in names]
    assert report.lines() == report.outcome.changed and (folder / "notes").is_dir()  # no "wrote 0 notes" line
    _no_flags(report.outcome.next_steps)


def test_start_keeps_the_files_and_notes_already_there(tmp_path: Path) -> None:
    source = tmp_path / "shipped"
    (source / "notes").mkdir(parents=True)
    shutil.copyfile(SHIPPED, source / "papers.bib")
    (source / "papers.sections").write_text("shipped sections\n", encoding="utf-8")
    for name in ("a.md", "b.md"):
        (source / "notes" / name).write_text(f"shipped {name}\n", encoding="utf-8")
    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "papers.sections").write_text("my sections\n", encoding="utf-8")
    (folder / "notes" / "a.md").write_text("my note\n", encoding="utf-8")
    report = start_library.run(start_library.StartRequest(folder, source))
    assert (folder / "papers.sections").read_text(encoding="utf-8") == "my sections\n"
    assert (folder / "notes" / "a.md").read_text(encoding="utf-8") == "my note\n"
    assert (folder / "notes" / "b.md").read_text(encoding="utf-8") == "shipped b.md\n"
    assert not (folder / "discover.toml").exists()  # the source has none: nothing to write, nothing said
    assert report.lines() == [
        f"wrote {folder / 'papers.bib'}",
        f"wrote 1 notes into {folder / 'notes'}/",
        f"kept your {folder / 'papers.sections'} (the shipped one was not copied over it)",
        f"kept your 1 notes of the same names in {folder / 'notes'}/",
    ]
    assert report.outcome.changed == [f"wrote {folder / 'papers.bib'}", f"wrote 1 notes into {folder / 'notes'}/"]


def test_start_refuses_a_folder_with_a_library_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "papers.bib").write_text("% mine\n", encoding="utf-8")
    with pytest.raises(LibraryFileError, match="already exists; choose an empty or a new folder"):
        start_library.run(start_library.StartRequest(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.bib"]
    assert (tmp_path / "papers.bib").read_text(encoding="utf-8") == "% mine\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def _config(repo: Path, name: str) -> str:
    done = subprocess.run(["git", "config", "--local", "--get", name], cwd=repo, capture_output=True, text=True)
    return done.stdout.strip()


def test_git_setup_writes_each_thing_once_and_then_only_says_it_is_there(repo: Path) -> None:
    (repo / "sub").mkdir()
    first = set_up_git.run(set_up_git.GitSetupRequest(repo / "sub", "rl"))
    assert first.root == repo.resolve()
    assert [s.changed for s in first.steps] == [True] * 6 + [False]  # the notes need nothing
    assert _config(repo, "merge.readinglist.driver") == "rl merge-driver %O %A %B %P"
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.bib merge=readinglist diff=readinglist\n"
    assert ".*.lock" in (repo / ".git" / "info" / "exclude").read_text(encoding="utf-8").splitlines()
    assert len(first.outcome.changed) == 6 and first.outcome.next_steps == [
        f"commit {repo.resolve() / '.gitattributes'} so everyone merges the same way"
    ]
    again = set_up_git.run(set_up_git.GitSetupRequest(repo, "rl"))
    assert not any(s.changed for s in again.steps) and again.outcome.changed == again.outcome.next_steps == []
    assert (repo / ".gitattributes").read_text(encoding="utf-8").count("merge=readinglist") == 1


def test_git_setup_says_which_value_it_replaced(repo: Path) -> None:
    set_up_git.run(set_up_git.GitSetupRequest(repo, "old"))
    report = set_up_git.run(set_up_git.GitSetupRequest(repo, "new"))
    assert [s.said for s in report.steps if s.changed] == [
        "git config merge.readinglist.driver = `new merge-driver %O %A %B %P` (was `old merge-driver %O %A %B %P`)",
        "git config diff.readinglist.textconv = `new diff --textconv` (was `old diff --textconv`)",
    ]


def test_git_setup_outside_a_repository_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(ReadingListError, match="is not inside a git repository; run `git init` there first"):
        set_up_git.run(set_up_git.GitSetupRequest(tmp_path, "rl"))


def _side(base: str, **fields: str) -> str:
    library = Library(Path("side.bib"), base, None)
    for name, value in fields.items():
        library.set_field(KEY, name, value)
    return library.render()


def _versions(folder: Path, ours: str, theirs: str) -> merge_files.MergeRequest:
    base = SHIPPED.read_text(encoding="utf-8")
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (folder / f"{name}.bib").write_text(text, encoding="utf-8")
    return merge_files.MergeRequest(folder / "base.bib", folder / "ours.bib", folder / "theirs.bib", "papers.bib")


def test_merge_of_two_fields_of_one_entry_is_clean_and_written_over_ours(tmp_path: Path) -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    request = _versions(tmp_path, _side(base, status="read"), _side(base, note="theirs"))
    report = merge_files.run(request)
    assert report.clean and report.merged_entries == [KEY] and report.conflicts == [] and report.outcome.ok
    assert report.outcome.changed == ["papers.bib: 1 entry changed on both sides, merged field by field"]
    merged = load_library(request.ours).entry(KEY)
    assert merged.get("status") == "read" and merged.get("note") == "theirs"


def test_merge_with_a_conflict_keeps_both_values_and_is_not_clean(tmp_path: Path) -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    report = merge_files.run(_versions(tmp_path, _side(base, status="reading"), _side(base, status="read")))
    assert not report.clean and [(c.key, c.what) for c in report.conflicts] == [(KEY, "status")]
    assert report.outcome.failed == [
        f"papers.bib: conflict: {KEY}: status changed differently on both sides (both values kept)"
    ]
    _no_flags(report.outcome.next_steps)
    entry = load_library(tmp_path / "ours.bib").entry(KEY)
    assert (entry.get("status"), entry.get("status_theirs")) == ("reading", "read")


@pytest.mark.parametrize(("theirs", "clean"), [(b"a\n\xff\n", True), (b"a\nc\n", False)])
def test_an_unreadable_version_is_said_first_then_merged_line_by_line(
    tmp_path: Path, theirs: bytes, clean: bool
) -> None:
    (tmp_path / "base").write_bytes(b"a\n\xff\n")
    (tmp_path / "ours").write_bytes(b"a\nb\n")
    (tmp_path / "theirs").write_bytes(theirs)
    said: list[tuple[str, str, bytes]] = []  # with `ours` as it was when the note came: before the line merge
    request = merge_files.MergeRequest(tmp_path / "base", tmp_path / "ours", tmp_path / "theirs", "x.bib")
    report = merge_files.run(request, lambda level, text: said.append((level, text, request.ours.read_bytes())))
    words = "x.bib (base) is not UTF-8 (byte 2); convert it and merge again; falling back to a line-by-line merge"
    assert said == [("error", words, b"a\nb\n")]
    assert report.unreadable.startswith("x.bib (base) is not UTF-8") and report.clean is clean
    assert (b"<<<<<<< ours" in (tmp_path / "ours").read_bytes()) is not clean
