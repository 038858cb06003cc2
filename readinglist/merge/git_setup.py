"""What `git-setup` needs of git and of git's files: the lines and config entries it writes, and the reads and
writes that say in one line what went wrong (the steps themselves are the `set_up_git` use case)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import ReadingListError

ATTRIBUTES_LINE = "*.bib merge=readinglist diff=readinglist"
LOCK_PATTERN = ".*.lock"  # the store's lock files (.papers.bib.lock, notes/.KEY.md.lock): never committed


def git_config_entries(prefix: str) -> dict[str, str]:
    """The config entries that make git call `prefix merge-driver` and `prefix diff --textconv` for *.bib."""
    return {
        "merge.readinglist.name": "readinglist: BibTeX merged by entry and field",
        "merge.readinglist.driver": f"{prefix} merge-driver %O %A %B %P",
        "diff.readinglist.textconv": f"{prefix} diff --textconv",
        "diff.readinglist.xfuncname": "^@[A-Za-z]+[{(].*$",  # hunk headers name the entry
    }


def git(folder: Path, *args: str) -> str:
    """Run git in `folder` and return what it printed; one line naming the command when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ReadingListError("git is not installed; install git, then run `readinglist git-setup` again") from None
    if done.returncode != 0:
        raise ReadingListError(f"git {' '.join(args[:2])} failed in {folder}: {done.stderr.strip()}")
    return done.stdout.strip()


def read_text(path: Path) -> str:
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


def append_line(path: Path, text: str, line: str) -> None:
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


def config_value(root: Path, name: str) -> str:
    """The repository's own value of a config entry ('' when unset)."""
    return subprocess.run(
        ["git", "config", "--local", "--get", name], cwd=root, capture_output=True, text=True, check=False
    ).stdout.strip()
