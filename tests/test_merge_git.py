"""papers.bib merged by git through `readinglist merge-driver`, in real repositories made here.

Each test branches the shipped library, changes it on two branches the way curators do (through the
store), runs `git merge`, and reads the result back field by field.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from readinglist.models import Entry
from readinglist.store import Library, edit_library, load_library

from .conftest import SHIPPED

GIT_ENV = {
    "GIT_AUTHOR_NAME": "curator",
    "GIT_AUTHOR_EMAIL": "curator@example.org",
    "GIT_COMMITTER_NAME": "curator",
    "GIT_COMMITTER_EMAIL": "curator@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
KEY = "ouyang2022training"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stdout}\n{done.stderr}")
    return done


@pytest.fixture
def repo(tmp_path: Path, run_cli) -> Path:  # type: ignore[no-untyped-def]
    """A repository holding the shipped library, set up with `readinglist git-setup`, on branch main."""
    folder = tmp_path / "list"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    shutil.copyfile(SHIPPED, folder / "papers.bib")
    setup = run_cli("git-setup", cwd=folder, env=GIT_ENV)
    assert setup.returncode == 0, setup.stderr
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "shipped library")
    return folder


def on_branch(repo: Path, branch: str, change: Callable[[Library], None], start: str = "main") -> None:
    git(repo, "checkout", "-q", "-B", branch, start)
    with edit_library(repo / "papers.bib") as library:
        change(library)
    git(repo, "commit", "-qam", f"{branch}: edit")


def merge(repo: Path, ours: str, theirs: str) -> subprocess.CompletedProcess[str]:
    git(repo, "checkout", "-q", ours)
    return git(repo, "merge", "--no-edit", theirs, check=False)


def entries(path: Path) -> dict[str, Entry]:
    library = load_library(path)
    assert not library.problems, library.problems
    return {e.key: e for e in library.entries()}


def paper(key: str, title: str, **fields: str) -> Entry:
    return Entry(key, "article", {"title": title, "author": "Ann Author", "year": "2023", **fields})


def test_git_setup_says_what_it_wrote_and_is_idempotent(repo: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    again = run_cli("git-setup", cwd=repo, env=GIT_ENV)
    assert again.returncode == 0
    assert "already has `*.bib merge=readinglist diff=readinglist`" in again.stdout
    assert "git config merge.readinglist.driver: already" in again.stdout
    assert (repo / ".gitattributes").read_text(encoding="utf-8").count("merge=readinglist") == 1
    driver = git(repo, "config", "--get", "merge.readinglist.driver").stdout.strip()
    assert driver.endswith("merge-driver %O %A %B %P")
    assert git(repo, "config", "--get", "diff.readinglist.textconv").stdout.strip().endswith("diff --textconv")
    assert "already ignores `.*.lock`" in again.stdout
    with edit_library(repo / "papers.bib") as library:  # leaves .papers.bib.lock beside the library
        library.set_field("ouyang2022training", "status", "read")
    assert git(repo, "status", "--porcelain").stdout.strip() == "M papers.bib"
    elsewhere = run_cli("git-setup", cwd=repo.parent, env={**GIT_ENV, "GIT_CEILING_DIRECTORIES": str(repo.parent)})
    assert elsewhere.returncode == 1 and "not inside a git repository" in elsewhere.stderr


def test_papers_added_at_the_end_on_both_branches_are_all_kept(repo: Path) -> None:
    base = (repo / "papers.bib").read_text(encoding="utf-8")
    on_branch(
        repo, "alice", lambda lib: [lib.add_entry(paper(k, t)) for k, t in (("a2023one", "A1"), ("a2023two", "A2"))]
    )
    on_branch(repo, "bob", lambda lib: lib.add_entry(paper("b2023one", "B1", section="rlhf")))
    result = merge(repo, "alice", "bob")
    assert result.returncode == 0, result.stdout + result.stderr
    merged_text = (repo / "papers.bib").read_text(encoding="utf-8")
    merged = entries(repo / "papers.bib")
    shipped = entries(SHIPPED)
    assert list(merged) == [*shipped, "a2023one", "a2023two", "b2023one"]
    assert merged["b2023one"].fields == {"title": "B1", "author": "Ann Author", "year": "2023", "section": "rlhf"}
    assert merged["a2023two"].fields["title"] == "A2"
    assert all(merged[k].fields == shipped[k].fields for k in shipped)
    assert merged_text.startswith(base.rstrip("\n"))  # every shipped entry byte for byte
    assert "}\n\n@article{b2023one," in merged_text  # a blank line between the two sides' additions


def test_edits_to_different_fields_of_one_entry_both_land(repo: Path) -> None:
    def alice(lib: Library) -> None:
        lib.set_field(KEY, "status", "read")
        lib.set_field(KEY, "cites", lib.entry(KEY).get("cites") + ", wei2022chain")

    def bob(lib: Library) -> None:
        lib.set_field(KEY, "note_zh", "对齐的起点")
        lib.set_field(KEY, "cites", lib.entry(KEY).get("cites").replace("brown2020language, ", "") + ", zhang2023x")
        lib.set_field("ibarz2018reward", "status", "reading")

    on_branch(repo, "alice", alice)
    on_branch(repo, "bob", bob)
    result = merge(repo, "alice", "bob")
    assert result.returncode == 0
    assert "papers.bib: 1 entry changed on both sides, merged field by field" in result.stdout + result.stderr
    merged, shipped = entries(repo / "papers.bib"), entries(SHIPPED)
    entry = merged[KEY]
    assert entry.get("status") == "read"
    assert entry.get("note_zh") == "对齐的起点"
    base_cites = shipped[KEY].list_field("cites")
    assert entry.list_field("cites") == [c for c in base_cites if c != "brown2020language"] + [
        "wei2022chain",
        "zhang2023x",
    ]
    assert {k: v for k, v in entry.fields.items() if k not in ("status", "note_zh", "cites")} == {
        k: v for k, v in shipped[KEY].fields.items() if k not in ("status", "note_zh", "cites")
    }
    assert merged["ibarz2018reward"].get("status") == "reading"
    assert "conflict" not in entry.fields


def test_same_field_changed_on_both_sides_is_a_conflict_that_loses_nothing(repo: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    on_branch(repo, "alice", lambda lib: (lib.set_field(KEY, "status", "reading"), lib.set_field(KEY, "year", "2021")))
    on_branch(repo, "bob", lambda lib: (lib.set_field(KEY, "status", "read"), lib.set_field(KEY, "tldr", "RLHF")))
    result = merge(repo, "alice", "bob")
    assert result.returncode != 0
    assert "ouyang2022training: status changed differently on both sides" in result.stdout + result.stderr
    assert git(repo, "status", "--porcelain").stdout.startswith("UU papers.bib")
    entry = entries(repo / "papers.bib")[KEY]  # still a file every BibTeX reader parses
    assert entry.get("conflict") == "status"
    assert (entry.get("status"), entry.get("status_theirs")) == ("reading", "read")
    assert (entry.get("year"), entry.get("tldr")) == ("2021", "RLHF")  # the clean parts merged
    check = run_cli("--library", str(repo / "papers.bib"), "check")
    assert check.returncode == 1
    assert f"[{KEY}] merge conflict in status: ours “reading”, theirs “read”" in check.stdout
    resolved = run_cli("--library", str(repo / "papers.bib"), "resolve-conflict", KEY, "status", "theirs")
    assert resolved.returncode == 0, resolved.stderr
    entry = entries(repo / "papers.bib")[KEY]
    assert entry.get("status") == "read" and "status_theirs" not in entry.fields and "conflict" not in entry.fields
    assert run_cli("--library", str(repo / "papers.bib"), "check").returncode == 0


def test_deleted_on_one_side_and_edited_on_the_other_is_a_conflict(repo: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    def alice(lib: Library) -> None:
        lib.remove_entry(KEY)
        lib.remove_entry("kubernetes")

    on_branch(repo, "alice", alice)
    on_branch(repo, "bob", lambda lib: lib.set_field(KEY, "status", "read"))
    result = merge(repo, "alice", "bob")
    assert result.returncode != 0
    merged = entries(repo / "papers.bib")
    assert "kubernetes" not in merged  # deleted on one side, untouched on the other
    entry = merged[KEY]
    assert entry.get("conflict") == "deleted by ours" and entry.get("status") == "read"
    check = run_cli("--library", str(repo / "papers.bib"), "check")
    assert f"[{KEY}] merge conflict: entry deleted by ours, edited by the other side" in check.stdout
    assert run_cli("--library", str(repo / "papers.bib"), "resolve-conflict", KEY, "entry", "delete").returncode == 0
    assert KEY not in entries(repo / "papers.bib")


def test_text_between_entries_merges_by_line_and_conflicts_are_marked(repo: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = repo / "papers.bib"
    base = path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "-b", "alice")
    path.write_text("% curated by the Medical NLP list\n" + base, encoding="utf-8")
    git(repo, "commit", "-qam", "comment")
    git(repo, "checkout", "-q", "-b", "bob", "main")
    path.write_text(base + '\n@string{neurips = "NeurIPS"}\n', encoding="utf-8")
    git(repo, "commit", "-qam", "string")
    assert merge(repo, "alice", "bob").returncode == 0
    merged = path.read_text(encoding="utf-8")
    assert merged == "% curated by the Medical NLP list\n" + base + '\n@string{neurips = "NeurIPS"}\n'

    git(repo, "checkout", "-q", "-b", "carol", "main")
    path.write_text("% kept by Carol\n" + base, encoding="utf-8")
    git(repo, "commit", "-qam", "carol")
    assert merge(repo, "alice", "carol").returncode != 0
    text = path.read_text(encoding="utf-8")
    assert "% curated by the Medical NLP list\n" in text and "% kept by Carol\n" in text
    check = run_cli("--library", str(path), "check")
    assert f"{path}:1: merge conflict markers: keep the lines you want" in check.stdout


def test_diff_names_entries_and_fields_and_git_diff_uses_it(repo: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    def change(lib: Library) -> None:
        lib.set_field(KEY, "status", "unread")
        lib.add_entry(paper("lala2023paperqa", "PaperQA: Retrieval-Augmented Generative Agent for Scientific Research"))

    on_branch(repo, "alice", change)
    on_branch(repo, "alice", lambda lib: lib.set_field(KEY, "status", "read"), start="alice")
    shown = run_cli("--library", str(repo / "papers.bib"), "diff", "main:papers.bib", cwd=repo)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        f"{KEY}: status set to read",
        "added lala2023paperqa: PaperQA: Retrieval-Augmented Generative Agent for Scientific Research (2023)",
    ]
    step = run_cli("diff", "alice~1:papers.bib", "alice:papers.bib", cwd=repo)
    assert step.stdout.splitlines() == [f"{KEY}: status unread → read"]
    patch = git(repo, "diff", "alice~1", "alice").stdout
    assert f"-{KEY}.status = unread\n+{KEY}.status = read\n" in patch
    assert f" @@ @inproceedings{{{KEY}}}\n" in patch  # the hunk header names the entry


def test_driver_falls_back_to_a_line_merge_for_a_file_it_cannot_read(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    base, ours, theirs = (tmp_path / n for n in ("base.bib", "ours.bib", "theirs.bib"))
    base.write_bytes(b"% caf\xe9\n@misc{a,\n  title = {A},\n}\n")
    ours.write_bytes(base.read_bytes() + b"% ours\n")
    theirs.write_bytes(b"% top\n" + base.read_bytes())
    result = run_cli("merge-driver", str(base), str(ours), str(theirs), "papers.bib")
    assert result.returncode == 0
    assert result.stderr.startswith("error: papers.bib (base) is not UTF-8 (byte 5)")
    assert "falling back to a line-by-line merge" in result.stderr
    assert ours.read_bytes() == b"% top\n% caf\xe9\n@misc{a,\n  title = {A},\n}\n% ours\n"


def test_resolve_refuses_what_is_not_a_conflict(shipped_copy: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = shipped_copy.read_bytes()
    for args in ([KEY, "status", "ours"], [KEY, "entry", "keep"], [KEY, "status"]):
        result = run_cli("--library", str(shipped_copy), "resolve-conflict", *args)
        assert result.returncode in (1, 2) and "Traceback" not in result.stderr
    assert (
        "has no conflict in 'status'"
        in run_cli("--library", str(shipped_copy), "resolve-conflict", KEY, "status", "ours").stderr
    )
    assert shipped_copy.read_bytes() == before
