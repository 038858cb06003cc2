"""`readinglist git-setup`: register the merge driver and the diff view in a repository (idempotent)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import ReadingListError

ATTRIBUTES_LINE = "*.bib merge=readinglist diff=readinglist"
LOCK_PATTERN = ".*.lock"  # the store's lock files (.papers.bib.lock, notes/.KEY.md.lock): never committed


def command_prefix() -> str:
    """How git should call us: `readinglist` when it is on PATH, else this Python with `-m readinglist.cli`."""
    if shutil.which("readinglist"):
        return "readinglist"
    return f"'{sys.executable}' -m readinglist.cli"


def git_config_entries(prefix: str) -> dict[str, str]:
    return {
        "merge.readinglist.name": "readinglist: BibTeX merged by entry and field",
        "merge.readinglist.driver": f"{prefix} merge-driver %O %A %B %P",
        "diff.readinglist.textconv": f"{prefix} diff --textconv",
        "diff.readinglist.xfuncname": "^@[A-Za-z]+[{(].*$",  # hunk headers name the entry
    }


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ReadingListError("git is not installed; install git, then run `readinglist git-setup` again") from None
    if done.returncode != 0:
        raise ReadingListError(f"git {' '.join(args[:2])} failed in {folder}: {done.stderr.strip()}")
    return done.stdout.strip()


def _read_text(path: Path) -> str:
    """A git file we add a line to ('' when absent); one line naming it when it is a folder or not UTF-8."""
    try:
        return path.read_bytes().decode("utf-8") if path.exists() else ""
    except IsADirectoryError:
        raise ReadingListError(
            f"{path} is a folder, not a file; move it away, then run `readinglist git-setup` again"
        ) from None
    except UnicodeDecodeError as err:
        raise ReadingListError(
            f"{path} is not UTF-8 (byte {err.start}); convert it (e.g. `iconv -f latin1 -t utf-8`), then run "
            "`readinglist git-setup` again"
        ) from None
    except OSError as err:
        raise ReadingListError(f"cannot read {path}: {err.strerror}") from None


def _append_line(path: Path, text: str, line: str) -> None:
    """Write `text` plus `line` (in the file's own line breaks); one line naming the file if it cannot be written."""
    newline = "\r\n" if "\r\n" in text else "\n"
    separator = "" if not text or text.endswith("\n") else newline
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((text + separator + line + newline).encode("utf-8"))
    except OSError as err:
        raise ReadingListError(
            f"cannot write {path}: {err.strerror}; fix that, then run `readinglist git-setup` again"
        ) from None


def setup_repository(folder: Path) -> list[str]:
    """Write the .gitattributes line and the config entries; returns one line per thing written or found."""
    try:
        root = Path(_git(folder, "rev-parse", "--show-toplevel"))
    except ReadingListError:
        raise ReadingListError(
            f"{folder} is not inside a git repository; run `git init` there first (or cd into your repository)"
        ) from None
    report = []
    attributes = root / ".gitattributes"
    text = _read_text(attributes)
    if ATTRIBUTES_LINE in text.splitlines():
        report.append(f"{attributes}: already has `{ATTRIBUTES_LINE}`")
    else:
        _append_line(attributes, text, ATTRIBUTES_LINE)
        report.append(f"{attributes}: added `{ATTRIBUTES_LINE}` (commit it so everyone merges the same way)")
    for name, value in git_config_entries(command_prefix()).items():
        current = subprocess.run(
            ["git", "config", "--local", "--get", name], cwd=root, capture_output=True, text=True, check=False
        ).stdout.strip()
        if current == value:
            report.append(f"git config {name}: already `{value}`")
        else:
            _git(root, "config", "--local", name, value)
            report.append(f"git config {name} = `{value}`" + (f" (was `{current}`)" if current else ""))
    report.append(_exclude_lock_files(root))
    report.append("notes/*.md merge as text, line by line (git's default); nothing to set for them")
    return report


def _exclude_lock_files(root: Path) -> str:
    """Keep the store's lock files out of `git status`, in this clone's own exclude file (nothing to commit)."""
    exclude = root / _git(root, "rev-parse", "--git-path", "info/exclude")
    text = _read_text(exclude)
    if LOCK_PATTERN in text.splitlines():
        return f"{exclude}: already ignores `{LOCK_PATTERN}`"
    _append_line(exclude, text, LOCK_PATTERN)
    return f"{exclude}: ignores `{LOCK_PATTERN}` (the lock files readinglist leaves beside the library and notes)"
